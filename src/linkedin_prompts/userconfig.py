"""The user's config file (``config.yaml`` in the config directory): default profile, model settings.

API keys are never written here; a key found in the file is refused with a message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import ConfigError

FORBIDDEN_KEYS = ("api_key", "openai_api_key")


def config_file() -> Path:
    from .paths import config_dir

    return config_dir() / "config.yaml"


def read_config() -> dict[str, Any]:
    from .yamlio import load_file

    path = config_file()
    if not path.is_file():
        return {}
    data = load_file(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("the config file must be a mapping of settings", file=str(path))
    for key in FORBIDDEN_KEYS:
        if key in data:
            raise ConfigError(f"'{key}' must not be stored in a file", file=str(path),
                              hint="remove it and set OPENAI_API_KEY in the environment")
    return data


def update_config(**changes: Any) -> Path:
    """Set (or, with None, remove) settings and write the file atomically."""
    import yaml

    for key in changes:
        if key in FORBIDDEN_KEYS:
            raise ConfigError(f"'{key}' is never written to disk", hint="set OPENAI_API_KEY instead")
    data = read_config()
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
    return path
