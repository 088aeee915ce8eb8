"""A prompt's variable schema as form fields, and form values back into render values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import quote

from .. import values as V
from ..errors import VariableError
from ..schema import Variable

WIDGETS = {
    "text": "text_input", "long_text": "text_area", "choice": "selectbox",
    "multi_choice": "multiselect", "number": "number_input", "boolean": "toggle", "list": "text_area",
}
# Browsers and chat sites cut very long URLs; past this the link would carry a truncated prompt.
MAX_LINK_CHARS = 6000


@dataclass(frozen=True)
class Field:
    var: Variable
    widget: str
    initial: Any          # what the widget starts with (profile > default > empty)
    source: str           # profile | default | empty

    @property
    def help(self) -> str:
        parts = [self.var.help] if self.var.help else []
        if self.var.example not in (None, "", []):
            example = self.var.example
            if isinstance(example, list):
                example = "; ".join(map(str, example))
            parts.append(f"Example: {example}")
        if self.source == "profile":
            parts.append("Filled from your profile.")
        return "\n\n".join(parts)

    @property
    def label(self) -> str:
        return self.var.label + (" *" if self.var.required else "")


def fields_for(variables: list[Variable], profile: Mapping[str, Any] | None = None) -> list[Field]:
    """One field per variable, starting from the profile, else the default, else empty."""
    profile = profile or {}
    out = []
    for var in variables:
        if not V.is_blank(profile.get(var.name)):
            initial, source = profile[var.name], "profile"
        elif var.default is not None:
            initial, source = var.default, "default"
        else:
            initial, source = V.empty_value(var), "empty"
        out.append(Field(var, WIDGETS[var.type], to_widget(var, initial), source))
    return out


def to_widget(var: Variable, value: Any) -> Any:
    """A value as its widget holds it (lists as lines of text, numbers as floats)."""
    if var.type == "list":
        return "\n".join(map(str, value or []))
    if var.type == "multi_choice":
        return [v for v in (value or []) if not var.choices or v in var.choices]
    if var.type == "number":
        return None if value is None else float(value)
    if var.type == "boolean":
        return bool(value)
    if var.type == "choice":
        return value if value in (var.choices or []) else None
    return "" if value is None else str(value)


def from_widget(var: Variable, value: Any) -> Any:
    """A widget's value as a render value (blank → None, so defaults and 'required' apply)."""
    if var.type == "number" and value is not None:
        return int(value) if float(value).is_integer() else float(value)
    if var.type == "list":
        return V.coerce(var, value or "") or None
    if V.is_blank(value):
        return None
    return value


def field_errors(variables: list[Variable], values: Mapping[str, Any]) -> dict[str, str]:
    """Inline messages: what is wrong with each value, by variable name."""
    errors: dict[str, str] = {}
    for var in variables:
        value = values.get(var.name)
        if V.is_blank(value):
            if var.required and var.default is None:
                errors[var.name] = "Required."
            continue
        try:
            V.check(var, V.coerce(var, value))
        except VariableError as exc:
            errors[var.name] = exc.message[0].upper() + exc.message[1:] + (f" ({exc.hint})" if exc.hint else "") + "."
    return errors


def chatgpt_link(text: str) -> tuple[str, bool]:
    """A link that opens ChatGPT with the prompt filled in, and whether it carries all of it."""
    fits = len(text) <= MAX_LINK_CHARS
    return "https://chatgpt.com/?q=" + quote(text if fits else text[:MAX_LINK_CHARS], safe=""), fits


def as_markdown(title: str, ref: str, prompt_text: str, answer: str | None) -> str:
    parts = [f"# {title}", "", f"Prompt: `{ref}`", "", "## Prompt", "", "```text", prompt_text, "```"]
    if answer:
        parts += ["", "## Answer", "", answer]
    return "\n".join(parts) + "\n"
