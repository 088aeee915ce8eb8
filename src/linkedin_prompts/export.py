"""Export the library as JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import msgspec

from .library import Library

FORMATS = ("json", "csv", "markdown")


def library_records(library: Library) -> list[dict[str, Any]]:
    out = []
    for prompt in library.prompts():
        data = msgspec.to_builtins(prompt.spec)
        data["content_hash"] = prompt.content_hash
        data["overrides"] = str(prompt.overrides) if prompt.overrides else None
        out.append(data)
    return out


def export_library(library: Library, fmt: str) -> str:
    if fmt == "json":
        doc = {"name": library.name, "version": library.version, "prompts": library_records(library)}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        cols = ["id", "version", "title", "summary", "category", "tags", "output_kind", "variables",
                "content_hash", "system", "template"]
        writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        writer.writeheader()
        for p in library.prompts():
            s = p.spec
            writer.writerow({
                "id": s.id, "version": s.version, "title": s.title, "summary": s.summary,
                "category": s.category, "tags": ";".join(s.tags), "output_kind": s.output.kind,
                "variables": ";".join(v.name for v in s.variables), "content_hash": p.content_hash,
                "system": s.system or "", "template": s.template,
            })
        return buf.getvalue()
    if fmt == "markdown":
        return _markdown(library)
    raise ValueError(fmt)


def _markdown(library: Library) -> str:
    lines = [f"# {library.name} {library.version}", ""]
    cats = library.categories()
    by_cat: dict[str, list] = {}
    for p in library.prompts():
        by_cat.setdefault(p.spec.category, []).append(p)
    for cat_id, prompts in by_cat.items():
        title = cats[cat_id].title if cat_id in cats else cat_id
        lines += [f"## {title}", ""]
        for p in prompts:
            s = p.spec
            lines += [f"### {s.title}", "", f"`{s.id}` · v{s.version} · output: {s.output.kind}"
                      + (f" · tags: {', '.join(s.tags)}" if s.tags else ""), "", s.summary, ""]
            if s.variables:
                lines += ["| variable | type | required | help |", "|---|---|---|---|"]
                for v in s.variables:
                    help_text = v.help.replace("|", "\\|").replace("\n", " ")
                    lines.append(f"| `{v.name}` | {v.type} | {'yes' if v.required else 'no'} | {help_text} |")
                lines.append("")
            if s.system:
                lines += ["System:", "", "```jinja", s.system.rstrip(), "```", ""]
            lines += ["Template:", "", "```jinja", s.template.rstrip(), "```", ""]
    return "\n".join(lines)
