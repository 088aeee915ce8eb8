"""The library format: what a prompt file and ``library.yaml`` may hold.

Unknown keys are errors so typos are caught; msgspec reports the field path.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import msgspec

SEMVER_RE = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
Semver = Annotated[str, msgspec.Meta(pattern=SEMVER_RE)]
Name = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]*$")]
Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$")]
PromptId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$")]
PATTERN_NAMES = {
    SEMVER_RE: "a semantic version like 1.0.0",
    r"^[a-z][a-z0-9_]*$": "a lower_snake_case name",
    r"^[a-z0-9][a-z0-9-]*$": "a lower-kebab-case slug",
    r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$": "an id like category/slug",
}
NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]

OutputKind = Literal[
    "post", "comment", "headline", "about", "connection_note", "message", "inmail",
    "article", "poll", "document", "ideas", "plan", "other",
]
VariableType = Literal["text", "long_text", "choice", "multi_choice", "number", "boolean", "list"]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    pass


class Category(_Strict, kw_only=True):
    id: Slug
    title: NonEmpty
    description: str = ""


class LibraryMeta(_Strict, kw_only=True):
    name: NonEmpty
    version: Semver
    description: str = ""
    categories: list[Category] = []


class Output(_Strict, kw_only=True):
    kind: OutputKind
    format: str = ""  # a short note on the shape of the answer, shown in the app


class Variable(_Strict, kw_only=True):
    name: Name
    label: NonEmpty
    type: VariableType = "text"
    help: str = ""
    required: bool = False
    default: Any = None
    choices: list[str] | None = None
    max_length: Annotated[int, msgspec.Meta(gt=0)] | None = None
    min: float | None = None
    max: float | None = None
    example: Any = None


class Example(_Strict, kw_only=True):
    values: dict[str, Any] = {}
    title: str = ""


class ChangelogEntry(_Strict, kw_only=True):
    version: Semver
    date: dt.date
    note: NonEmpty


class PromptSpec(_Strict, kw_only=True):
    id: PromptId
    version: Semver
    title: NonEmpty
    summary: NonEmpty
    category: Slug
    tags: list[str] = []
    output: Output
    variables: list[Variable] = []
    system: str | None = None
    template: NonEmpty
    examples: Annotated[list[Example], msgspec.Meta(min_length=1)]
    changelog: Annotated[list[ChangelogEntry], msgspec.Meta(min_length=1)]

    def variable(self, name: str) -> Variable | None:
        for var in self.variables:
            if var.name == name:
                return var
        return None


def semver_key(version: str) -> tuple:
    """Sort key for semver strings (pre-releases sort before their release)."""
    core, _, pre = version.partition("+")[0].partition("-")
    major, minor, patch = (int(p) for p in core.split("."))
    return (major, minor, patch, 0 if pre else 1, pre)
