"""The Assistant page's strategist: its system prompt lives in the library (``_guide/assistant.yaml``)."""

from __future__ import annotations

import re
from pathlib import Path

import msgspec

from .errors import LibraryError
from .library import Library
from .yamlio import load_typed, read_text

ASSISTANT_FILE = Path("_guide") / "assistant.yaml"
_ID_RE = re.compile(r"`?([a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*)`?")


class AssistantSpec(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    version: str
    title: str
    greeting: str
    system: str


def load_assistant(library: Library) -> tuple[AssistantSpec, Path]:
    """The last layer's assistant file wins, so an extra library can bring its own."""
    path = library.content_file(ASSISTANT_FILE)
    return load_typed(read_text(path), path, AssistantSpec), path


def assistant_system(library: Library) -> str:
    """The system prompt with the library's catalogue, rendered in the sandbox."""
    from jinja2 import TemplateError as JinjaError

    spec, path = load_assistant(library)
    catalogue = [{"id": p.id, "title": p.spec.title, "summary": p.spec.summary, "category": p.spec.category}
                 for p in library.prompts()]
    try:
        template = library.env.from_string(spec.system)
        return library.env.render_bounded(template, {"prompts": catalogue}).strip()
    except JinjaError as exc:
        raise LibraryError(f"the assistant's system prompt does not render: {exc}", file=str(path),
                           field="system") from None


def mentioned_prompts(library: Library, text: str) -> list[str]:
    """Prompt ids the assistant named in an answer, in order, that exist in the library."""
    known = set(library.ids())
    seen: list[str] = []
    for match in _ID_RE.finditer(text):
        ident = match.group(1)
        if ident in known and ident not in seen:
            seen.append(ident)
    return seen
