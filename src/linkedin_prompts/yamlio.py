"""Safe YAML loading with line numbers in every error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import msgspec
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


T = TypeVar("T")


def load_typed(text: str, path: Path, kind: type[T]) -> T:
    """YAML text → a typed, validated object; every error names the file, line and field."""
    data = load_text(text, str(path))
    if not isinstance(data, dict):
        raise LibraryError("must be a YAML mapping of fields", file=str(path), line=1)
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        problem, sep, where = str(exc).rpartition(" - at `")
        json_path = where.rstrip("`") if sep else "$"
        problem = problem if sep else str(exc)
        raise LibraryError(_friendly(problem), file=str(path), line=line_of(text, json_path),
                           field=json_path.removeprefix("$.") if json_path != "$" else None,
                           hint=_schema_hint(problem)) from None


def _friendly(problem: str) -> str:
    """msgspec names a regex where a person wants to read what is expected."""
    from .schema import PATTERN_NAMES

    match = re.match(r"Expected `str` matching regex '(.*)'$", problem)
    if match:
        wanted = PATTERN_NAMES.get(match.group(1).replace("\\\\", "\\"))
        if wanted:
            return f"expected {wanted}"
    return problem


def _schema_hint(problem: str) -> str | None:
    if problem.startswith("Object contains unknown field"):
        return "remove it or fix its spelling"
    if problem.startswith("Object missing required field"):
        return "add it"
    if "does not match regex" in problem:
        return "versions are semver like 1.0.0; names are lower_snake_case; slugs are lower-kebab-case"
    return None
