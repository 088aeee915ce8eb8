"""Check and coerce variable values against a prompt's variable schema.

Values from the CLI and forms arrive as text; ``coerce`` turns them into the declared type.
``check`` then enforces required, type, choices, number range and ``max_length``.
"""

from __future__ import annotations

import json
import math
from typing import Any

from .errors import VariableError
from .schema import Variable

MAX_VALUE_CHARS = 20_000  # for variables without their own max_length
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off", ""}


def _type_hint(var: Variable) -> str:
    if var.type in ("choice", "multi_choice") and var.choices:
        return "one of: " + ", ".join(var.choices)
    return {
        "text": "a line of text", "long_text": "text", "number": "a number",
        "boolean": "true or false", "list": "a list of text items",
        "choice": "one of the choices", "multi_choice": "a list of choices",
    }[var.type]


def coerce(var: Variable, raw: Any) -> Any:
    """Turn text input (CLI, forms, profiles) into the variable's type; other input passes."""
    if raw is None:
        return None
    if var.type == "number" and isinstance(raw, str):
        text = raw.strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise VariableError(var.name, f"'{raw}' is not a number", hint="give digits, e.g. 5") from None
        return int(number) if number.is_integer() and "." not in text else number
    if var.type == "boolean" and isinstance(raw, str):
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise VariableError(var.name, f"'{raw}' is not true or false", hint="use true or false")
    if var.type in ("list", "multi_choice") and isinstance(raw, str):
        text = raw.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                raise VariableError(var.name, "is not a valid JSON list",
                                    hint='write ["first", "second"] or one item per line') from None
            return parsed
        return [line.strip(" \t-•") for line in text.splitlines() if line.strip(" \t-•")]
    return raw


def check(var: Variable, value: Any) -> Any:
    """Validate one value; return it (normalised) or raise VariableError naming the variable."""
    kind = var.type
    if kind in ("text", "long_text", "choice"):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise VariableError(var.name, f"expected {_type_hint(var)}, got {_describe(value)}")
        value = str(value)
        if kind == "text" and "\n" in value.strip():
            raise VariableError(var.name, "expected a single line of text",
                                hint="remove the line breaks")
        limit = var.max_length or MAX_VALUE_CHARS
        if len(value) > limit:
            raise VariableError(var.name, f"is {len(value):,} characters; the maximum is {limit:,}",
                                hint="shorten it")
        if kind == "choice" and var.choices is not None and value not in var.choices:
            raise VariableError(var.name, f"'{_short(value)}' is not allowed", hint=_type_hint(var))
        return value
    if kind in ("list", "multi_choice"):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise VariableError(var.name, f"expected {_type_hint(var)}, got {_describe(value)}")
        items = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise VariableError(var.name, f"item {i + 1} must be text, got {_describe(item)}")
            item = str(item)
            if var.max_length and len(item) > var.max_length:
                raise VariableError(var.name, f"item {i + 1} is {len(item):,} characters; "
                                              f"the maximum is {var.max_length:,}")
            if kind == "multi_choice" and var.choices is not None and item not in var.choices:
                raise VariableError(var.name, f"'{_short(item)}' is not allowed", hint=_type_hint(var))
            items.append(item)
        if sum(len(i) for i in items) > MAX_VALUE_CHARS:
            raise VariableError(var.name, f"is over {MAX_VALUE_CHARS:,} characters in all")
        return items
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise VariableError(var.name, f"expected a number, got {_describe(value)}")
        if var.min is not None and value < var.min:
            raise VariableError(var.name, f"{value:g} is below the minimum {var.min:g}")
        if var.max is not None and value > var.max:
            raise VariableError(var.name, f"{value:g} is above the maximum {var.max:g}")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise VariableError(var.name, f"expected true or false, got {_describe(value)}")
        return value
    raise VariableError(var.name, f"unknown type '{kind}'")  # pragma: no cover - schema forbids it


def empty_value(var: Variable) -> Any:
    """What an optional variable with no value and no default renders as."""
    return [] if var.type in ("list", "multi_choice") else (False if var.type == "boolean" else None)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{_short(str(value))}'"


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
