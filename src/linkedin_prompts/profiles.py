"""Saved profiles: named YAML files of values that fill any prompt variable of the same name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import NotFoundError, ProfileError

PROFILE_FIELDS = ("author_name", "role", "industry", "audience", "offer", "tone", "language")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def profiles_dir() -> Path:
    from .paths import config_dir

    return config_dir() / "profiles"


def _path(name: str) -> Path:
    if not _NAME.match(name):
        raise ProfileError(f"'{name}' is not a valid profile name",
                           hint="use letters, digits, '-', '_' or '.'")
    return profiles_dir() / f"{name}.yaml"


def list_profiles() -> list[str]:
    folder = profiles_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def load_profile(name: str) -> dict[str, Any]:
    from .yamlio import load_file

    path = _path(name)
    if not path.is_file():
        known = ", ".join(list_profiles()) or "none yet"
        raise NotFoundError(f"no profile named '{name}'",
                            hint=f"saved profiles: {known}; create one with `linkedin-prompts profile set`")
    try:
        data = load_file(path)
    except Exception as exc:  # noqa: BLE001 - re-raised as a profile error with the file
        raise ProfileError(str(exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise ProfileError("a profile must be a mapping of variable names to values", file=str(path))
    return data


def save_profile(name: str, values: dict[str, Any]) -> Path:
    """Write a profile (blank values are dropped). Never holds secrets: it is plain text on disk."""
    import yaml

    path = _path(name)
    clean = {k: v for k, v in values.items() if v not in (None, "", [])}
    for key in clean:
        if "key" in key.lower() or "secret" in key.lower() or "token" in key.lower():
            raise ProfileError(f"'{key}' looks like a secret; profiles are stored as plain text",
                               hint="keep API keys in the environment")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(yaml.safe_dump(clean, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tmp.replace(path)
    return path


def delete_profile(name: str) -> None:
    path = _path(name)
    if not path.is_file():
        raise NotFoundError(f"no profile named '{name}'")
    path.unlink()


def default_profile() -> str | None:
    from .userconfig import read_config

    name = read_config().get("default_profile")
    return str(name) if name else None


def set_default_profile(name: str | None) -> None:
    from .userconfig import update_config

    if name is not None:
        _path(name)
        if name not in list_profiles():
            raise NotFoundError(f"no profile named '{name}'", hint="save it first")
    update_config(default_profile=name)


def resolve_profile_name(explicit: str | None, *, use_default: bool = True) -> str | None:
    if explicit:
        return explicit
    return default_profile() if use_default else None
