"""Safe YAML loading with line numbers in every error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import LibraryError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_text(text: str, file: str) -> Any:
    """Parse YAML safely (no Python tags); malformed YAML names the file and line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "malformed YAML").strip()
        if exc.context and exc.context_mark and mark is not exc.context_mark \
                and exc.context_mark.line != mark.line:
            problem += f", {exc.context.strip()} started on line {exc.context_mark.line + 1}"
        raise LibraryError(f"malformed YAML: {problem}", file=file, line=line,
                           hint="fix the indentation or quoting there") from None
    except yaml.YAMLError as exc:
        raise LibraryError(f"malformed YAML: {exc}".splitlines()[0], file=file) from None


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LibraryError("not UTF-8 text", file=str(path), hint="save the file as UTF-8") from None
    except OSError as exc:
        raise LibraryError(f"cannot read file: {exc.strerror}", file=str(path)) from None


def load_file(path: Path) -> Any:
    return load_text(read_text(path), str(path))


_STEP = re.compile(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]")


def line_of(text: str, json_path: str) -> int | None:
    """The 1-based line of a msgspec-style path (``$.variables[0].name``) in YAML text.

    Falls back to the deepest node that exists, so an unknown-field error points at its mapping.
    """
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node else None
    for key, index in _STEP.findall(json_path.removeprefix("$")):
        child = None
        if key and isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    child = v
                    line = k.start_mark.line + 1
                    break
        elif index and isinstance(node, yaml.SequenceNode):
            i = int(index)
            if i < len(node.value):
                child = node.value[i]
                line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def key_line(text: str, key: str) -> int | None:
    """The line of a top-level key, for errors about a whole field (``template``)."""
    return line_of(text, f"$.{key}")
