"""``validate``: every rule of the library format, as findings that name file, line and field."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable

from jinja2 import TemplateSyntaxError, meta
from jinja2.exceptions import SecurityError

from . import values as V
from .errors import LibraryError, PromptStudioError, VariableError
from .library import LIBRARY_FILE, VERSIONS_DIR, Library, Prompt, parse_prompt_text
from .versions import read_lock, version_problem
from .yamlio import key_line, line_of, read_text

TEMPLATE_GLOBALS = {"li", "range", "dict"}


@dataclass(frozen=True)
class Finding:
    rule: str
    file: str
    message: str
    line: int | None = None
    field: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        err = LibraryError(self.message, file=self.file, line=self.line, field=self.field, hint=self.hint)
        return f"{err} [{self.rule}]"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _from_error(rule: str, exc: PromptStudioError, file: str | None = None) -> Finding:
    return Finding(rule, exc.file or file or "", exc.message, exc.line, exc.field, exc.hint)


def _load_rule(exc: LibraryError) -> str:
    text = exc.message
    if text.startswith("malformed YAML"):
        return "yaml"
    if "unknown field" in text:
        return "unknown-key"
    if exc.field == "id" and "duplicate" in text:
        return "duplicate-id"
    if exc.field == "id":
        return "id-path"
    return "schema"


def validate(library: Library, only: Iterable[Path] | None = None) -> list[Finding]:
    """Check the layers in ``only`` (default: every layer) of ``library``."""
    roots = [r.resolve() for r in (only or library.roots)]

    def mine(path: Path | str) -> bool:
        p = Path(path).resolve()
        return any(p == r or p.is_relative_to(r) for r in roots)

    findings: list[Finding] = []
    for layer in library.layers:
        try:
            library.meta(layer)
        except LibraryError as exc:
            if mine(layer.root):
                findings.append(_from_error("library-file", exc))
    categories = library.categories()
    for exc in library.errors:
        if exc.file and mine(exc.file):
            findings.append(_from_error(_load_rule(exc), exc))
    for prompt in library.prompts():
        if mine(prompt.path):
            findings.extend(check_prompt(library, prompt, categories))
    for layer in library.layers:
        if mine(layer.root):
            findings.extend(_check_versions(library, layer.root))
            if layer.bundled:
                findings.extend(_check_guide(library))
    return findings


def check_prompt(library: Library, prompt: Prompt, categories: dict[str, Any]) -> list[Finding]:
    spec, file = prompt.spec, str(prompt.path)
    text = prompt.text or read_text(prompt.path)
    out: list[Finding] = []

    def add(rule: str, message: str, path: str | None = None, hint: str | None = None) -> None:
        line = line_of(text, "$." + path) if path else None
        out.append(Finding(rule, file, message, line, path, hint))

    if spec.category not in categories:
        add("unknown-category", f"category '{spec.category}' is not declared in library.yaml", "category",
            "add it to categories in library.yaml or fix the spelling")
    if spec.id.split("/")[0] != spec.category:
        add("id-path", f"category '{spec.category}' differs from the id's folder", "category",
            f"set category: {spec.id.split('/')[0]}")
    if not any(c.version == spec.version for c in spec.changelog):
        add("changelog", f"no changelog entry for version {spec.version}", "changelog",
            f"add an entry with version: {spec.version}")
    names = [v.name for v in spec.variables]
    for i, name in enumerate(names):
        if name in names[:i]:
            add("schema", f"variable '{name}' is declared twice", f"variables[{i}].name")

    # Templates: syntax, includes, used vs declared. Partials read profile variables guarded by
    # `is defined`, so they count as uses but never as undeclared.
    direct: set[str] = set()
    via_partials: set[str] = set()
    for field in ("system", "template"):
        source = getattr(spec, field)
        if not source:
            continue
        base = key_line(text, field)
        try:
            tree = library.env.parse(source)
        except TemplateSyntaxError as exc:
            out.append(Finding("jinja-syntax", file, f"Jinja syntax error in {field}: {exc.message}",
                               base + exc.lineno if base and exc.lineno else base, field,
                               f"line {exc.lineno} of the {field}"))
            continue
        except SecurityError as exc:  # macros, recursive loops, oversize templates
            lineno = getattr(exc, "lineno", None)
            out.append(Finding("sandbox", file, f"{field}: {exc}", base + lineno if base and lineno else base, field))
            continue
        direct |= meta.find_undeclared_variables(tree)
        for inc in meta.find_referenced_templates(tree):
            if inc is None:
                out.append(Finding("include", file, f"{field} includes a computed name", base, field,
                                   "include partials by their literal name"))
                continue
            try:
                via_partials |= _partial_variables(library, inc, set())
            except LibraryError as exc:
                out.append(Finding("include", file, f"{field} {exc.message}", base, field, exc.hint))
    declared = set(names)
    for name in sorted(direct - declared - TEMPLATE_GLOBALS):
        add("undeclared-variable", f"the template uses '{name}', which is not declared", "variables",
            f"declare a variable named {name} or remove it from the template")
    for i, name in enumerate(names):
        if name not in direct and name not in via_partials:
            add("unused-variable", f"variable '{name}' is declared but never used", f"variables[{i}].name",
                "use it in the template or remove it")

    # Defaults, examples and example values against the schema.
    for i, var in enumerate(spec.variables):
        for attr in ("default", "example"):
            value = getattr(var, attr)
            if value is None:
                continue
            try:
                V.check(var, V.coerce(var, value))
            except VariableError as exc:
                add("bad-value", f"{attr} of '{var.name}' breaks its schema: {exc.message}",
                    f"variables[{i}].{attr}", exc.hint)
        if var.type in ("choice", "multi_choice") and not var.choices:
            add("schema", f"'{var.name}' is a {var.type} without choices", f"variables[{i}].choices")
    for j, example in enumerate(spec.examples):
        try:
            _render_spec(library, prompt, example.values)
        except VariableError as exc:
            add("bad-example", f"example {j + 1}: {exc}", f"examples[{j}].values", "fix the value or the variable")
        except PromptStudioError as exc:
            add("example-render", f"example {j + 1} does not render: {exc.message}", f"examples[{j}]", exc.hint)
    return out


def _render_spec(library: Library, prompt: Prompt, values: dict[str, Any]):
    from .render import render_prompt

    return render_prompt(prompt, library.env, values)


def _partial_variables(library: Library, name: str, seen: set[str]) -> set[str]:
    """Names a partial (and the partials it includes) reads; they are optional for prompts."""
    if name in seen:
        return set()
    seen.add(name)
    try:
        source, filename, _ = library.env.loader.get_source(library.env, name)
    except Exception:
        raise LibraryError(f"includes '{name}', which does not exist",
                           hint="partials live in the library's _partials folder") from None
    tree = library.env.parse(source)
    names = set(meta.find_undeclared_variables(tree))
    for inc in meta.find_referenced_templates(tree):
        if inc:
            names |= _partial_variables(library, inc, seen)
    return names


def _check_versions(library: Library, root: Path) -> list[Finding]:
    out: list[Finding] = []
    try:
        lock = read_lock(root)
    except LibraryError as exc:
        return [_from_error("lock", exc)]
    if lock is None:
        return out
    for prompt in library.prompts():
        if prompt.root.resolve() != root.resolve():
            continue
        problem = version_problem(prompt, lock.get(prompt.id))
        if problem:
            out.append(Finding(problem[0], str(prompt.path), problem[1], line_of(prompt.text, "$.version"), "version"))
    # Archived versions: each must match the hash the lock recorded and still render.
    archive = root / VERSIONS_DIR
    for path in sorted(archive.glob("*/*/*.yaml")) if archive.is_dir() else []:
        ident = f"{path.parent.parent.name}/{path.parent.name}"
        try:
            text = read_text(path)
            spec = parse_prompt_text(text, path, expected_id=ident)
        except LibraryError as exc:
            out.append(_from_error("archive", exc))
            continue
        old = Prompt(spec, path, root, text, archived=True)
        recorded = (lock.get(ident) or {}).get(spec.version)
        if spec.version != path.stem:
            out.append(Finding("archive", str(path), f"holds version {spec.version}, named {path.stem}", None, "version"))
        elif recorded is None:
            out.append(Finding("archive", str(path), f"{ident}@{spec.version} is not in the lock file", None, None,
                               "run `linkedin-prompts lock`"))
        elif recorded != old.content_hash:
            out.append(Finding("archive", str(path), f"archived {ident}@{spec.version} no longer matches its locked hash",
                               None, None, "restore the archived file from version control"))
        try:
            _render_spec(library, old, spec.examples[0].values)
        except PromptStudioError as exc:
            out.append(Finding("archive", str(path), f"archived version does not render: {exc.message}"))
    return out


def _check_guide(library: Library) -> list[Finding]:
    try:
        from .guide import check_content
    except ImportError:  # pragma: no cover - the guide module ships with the package
        return []
    from .assistant import assistant_system

    findings = [_from_error("content", exc) for exc in check_content(library)]
    try:
        assistant_system(library)
    except PromptStudioError as exc:
        findings.append(_from_error("content", exc))
    return findings


def summary(findings: list[Finding]) -> str:
    files = len({f.file for f in findings})
    return f"{len(findings)} finding(s) in {files} file(s)" if findings else "ok"


__all__ = ["Finding", "validate", "summary", "LIBRARY_FILE"]
