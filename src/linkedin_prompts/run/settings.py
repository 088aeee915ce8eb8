"""Model settings: command-line flags > environment > config.yaml (``model:``) > defaults.

The API key comes only from the caller or the environment; it is never read from or written to a
file, and ``ModelSettings.public()`` (what history records) leaves it out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Mapping
from urllib.parse import urlparse

from ..errors import ConfigError, ModelError

DEFAULT_MODEL = "gpt-5.4-mini"   # OpenAI's current small model: cheap, fast, good at short copy
DEFAULT_TIMEOUT = 60.0           # seconds per request; ChatOpenAI's own default is no timeout at all
DEFAULT_RETRIES = 2              # SDK retries before the first byte (429, 5xx, connection errors)
PLACEHOLDER_KEY = "not-needed"   # local servers (Ollama, vLLM, LM Studio) ignore the key but the SDK wants one
OPENAI_HOST = "api.openai.com"

# setting → environment variables, first set wins
ENV = {
    "model": ("LINKEDIN_PROMPTS_MODEL",),
    "base_url": ("LINKEDIN_PROMPTS_BASE_URL", "OPENAI_BASE_URL"),
    "api_key": ("LINKEDIN_PROMPTS_API_KEY", "OPENAI_API_KEY"),
    "temperature": ("LINKEDIN_PROMPTS_TEMPERATURE",),
    "max_tokens": ("LINKEDIN_PROMPTS_MAX_TOKENS",),
    "timeout": ("LINKEDIN_PROMPTS_TIMEOUT",),
    "max_retries": ("LINKEDIN_PROMPTS_MAX_RETRIES",),
}
CONFIG_KEYS = ("name", "base_url", "temperature", "max_tokens", "timeout", "max_retries")
_SECRET_KEYS = ("api_key", "openai_api_key", "key")

NO_KEY_MESSAGE = "no API key: set OPENAI_API_KEY (or pass --base-url for a local server)"
NO_KEY_HINT = "render and copy work without one"


@dataclass(frozen=True)
class ModelSettings:
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    temperature: float | None = None     # None: the model's own default
    max_tokens: int | None = None        # None: no cap
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_RETRIES

    @property
    def host(self) -> str:
        """The server's host (and port), never the path or credentials: what history records."""
        if not self.base_url:
            return OPENAI_HOST
        parsed = urlparse(self.base_url if "//" in self.base_url else f"//{self.base_url}")
        host = parsed.hostname or ""
        return f"{host}:{parsed.port}" if parsed.port else host

    @property
    def is_openai(self) -> bool:
        return self.host == OPENAI_HOST

    def key_or_placeholder(self) -> str:
        """The key to send; a placeholder for a compatible server; the no-key error for OpenAI."""
        if self.api_key:
            return self.api_key
        if not self.is_openai:
            return PLACEHOLDER_KEY
        raise ModelError(NO_KEY_MESSAGE, cause="no_key", hint=NO_KEY_HINT)

    def public(self) -> dict[str, Any]:
        """The settings safe to store and show: everything but the key."""
        return {"model": self.model, "host": self.host, "temperature": self.temperature,
                "max_tokens": self.max_tokens, "timeout": self.timeout, "max_retries": self.max_retries}

    def with_(self, **changes: Any) -> "ModelSettings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _number(kind: type, value: Any, name: str, source: str):
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a {'whole ' if kind is int else ''}number, not {value!r}",
                          field=name, hint=f"check {source}") from None
    if number < 0:
        raise ConfigError(f"{name} must not be negative", field=name, hint=f"check {source}")
    return number


def _config_section(config: Mapping[str, Any] | None) -> dict[str, Any]:
    if config is None:
        from ..userconfig import read_config

        config = read_config()
    section = config.get("model")
    if section is None:
        return {}
    if isinstance(section, str):  # `model: gpt-4.1-mini` is the short form
        return {"name": section}
    if not isinstance(section, Mapping):
        raise ConfigError("'model' must be a model name or a mapping of settings", field="model")
    for key in section:
        if key in _SECRET_KEYS:
            raise ConfigError(f"'model.{key}' must not be stored in a file", field=f"model.{key}",
                              hint="remove it and set OPENAI_API_KEY in the environment")
        if key not in CONFIG_KEYS:
            raise ConfigError(f"unknown setting 'model.{key}'", field=f"model.{key}",
                              hint=f"known: {', '.join(CONFIG_KEYS)}")
    return dict(section)


def resolve_settings(flags: Mapping[str, Any] | None = None, *, env: Mapping[str, str] | None = None,
                     config: Mapping[str, Any] | None = None) -> ModelSettings:
    """Merge the four sources. ``flags`` holds explicit values (None = not given)."""
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    env = os.environ if env is None else env
    section = _config_section(config)
    values: dict[str, Any] = {}
    for name in ("model", "base_url", "api_key", "temperature", "max_tokens", "timeout", "max_retries"):
        if name in flags:
            value, source = flags[name], "the command line"
        else:
            env_name = next((e for e in ENV[name] if env.get(e, "").strip()), None)
            if env_name:
                value, source = env[env_name].strip(), env_name
            else:
                key = "name" if name == "model" else name
                if key not in section or section[key] in (None, ""):
                    continue
                value, source = section[key], "config.yaml"
        if name in ("temperature", "timeout"):
            value = _number(float, value, name, source)
        elif name in ("max_tokens", "max_retries"):
            value = _number(int, value, name, source)
        else:
            value = str(value)
        values[name] = value
    if values.get("timeout") == 0:
        raise ConfigError("timeout must be more than 0 seconds", field="timeout")
    return ModelSettings(**values)
