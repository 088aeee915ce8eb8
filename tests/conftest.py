"""Shared fixtures: every test runs with its own config, data and cache folders."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

pytest_plugins = ["fixtures_openai"]

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "prompts"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's profiles, history, cache or keys."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("LINKEDIN_PROMPTS_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("LINKEDIN_PROMPTS_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("LINKEDIN_PROMPTS_CACHE_DIR", str(home / "cache"))
    for var in ("LINKEDIN_PROMPTS_LIBRARY", "LINKEDIN_PROMPTS_DATABASE_URL", "OPENAI_API_KEY",
                "OPENAI_BASE_URL", "LINKEDIN_PROMPTS_MODEL"):
        monkeypatch.delenv(var, raising=False)
    return home


MINIMAL_PROMPT = """\
id: {id}
version: {version}
title: {title}
summary: A test prompt.
category: {category}
tags: [test]
output:
  kind: post
variables:
  - name: topic
    label: Topic
    type: text
    required: true
    max_length: 100
    example: pricing
  - name: tone
    label: Tone
    type: text
    default: calm
    example: calm
system: You write about {{{{ topic }}}}.
template: |
  Write about {{{{ topic }}}} in a {{{{ tone }}}} tone.{extra}
examples:
  - values: {{topic: pricing}}
changelog:
  - version: {version}
    date: 2026-11-26
    note: First release.
"""


def prompt_yaml(id: str = "post-ideas/test", version: str = "1.0.0", title: str = "Test prompt",
                extra: str = "") -> str:
    return MINIMAL_PROMPT.format(id=id, version=version, title=title, category=id.split("/")[0], extra=extra)


@pytest.fixture
def make_library(tmp_path):
    """Write a library folder from {relative path: text}; returns its path."""

    def make(files: dict[str, str], name: str = "userlib") -> Path:
        root = tmp_path / name
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text) if not text.startswith("id:") else text, encoding="utf-8")
        root.mkdir(parents=True, exist_ok=True)
        return root

    return make
