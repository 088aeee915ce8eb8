"""Fixtures for running prompts offline: isolated dirs and env, and a local OpenAI-compatible server.

Import them into a test module (``from fixtures_openai import openai_server, isolated``) or list
this module in ``pytest_plugins`` in conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import pytest

from openai_server import OpenAIServer

SECRET_KEY = "sk-test-SENTINEL-7f3c9a1e-do-not-store"

# Every variable that could leak the developer's real settings into a test.
_ENV_TO_CLEAR = (
    "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID",
    "LINKEDIN_PROMPTS_API_KEY", "LINKEDIN_PROMPTS_BASE_URL", "LINKEDIN_PROMPTS_MODEL",
    "LINKEDIN_PROMPTS_TEMPERATURE", "LINKEDIN_PROMPTS_MAX_TOKENS", "LINKEDIN_PROMPTS_TIMEOUT",
    "LINKEDIN_PROMPTS_MAX_RETRIES", "LINKEDIN_PROMPTS_DATABASE_URL", "LINKEDIN_PROMPTS_LIBRARY",
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
)


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Config, data and cache dirs under tmp_path; no model settings from the real environment."""
    for name in _ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    dirs = SimpleNamespace(config=tmp_path / "config", data=tmp_path / "data", cache=tmp_path / "cache")
    monkeypatch.setenv("LINKEDIN_PROMPTS_CONFIG_DIR", str(dirs.config))
    monkeypatch.setenv("LINKEDIN_PROMPTS_DATA_DIR", str(dirs.data))
    monkeypatch.setenv("LINKEDIN_PROMPTS_CACHE_DIR", str(dirs.cache))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    dirs.db = dirs.data / "history.db"
    return dirs


_SHARED: OpenAIServer | None = None


def shared_server() -> OpenAIServer:
    """One server per test process (a daemon thread; it ends with the process)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = OpenAIServer().start()
    return _SHARED


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    """The local server, with an empty script and request log for this test."""
    server = shared_server()
    server.reset()
    yield server
    server.reset()


def subprocess_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """os.environ as the fixtures left it, for a child process."""
    env = {k: v for k, v in os.environ.items() if k not in _ENV_TO_CLEAR}
    env.update(extra or {})
    return env
