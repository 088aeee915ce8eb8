"""Where the user's config (profiles, settings), data (history) and cache live.

Each can be moved with an environment variable, which is also how tests isolate themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "linkedin-prompts"


def _dir(env: str, kind: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _dir("LINKEDIN_PROMPTS_CONFIG_DIR", "config")


def data_dir() -> Path:
    return _dir("LINKEDIN_PROMPTS_DATA_DIR", "data")


def cache_dir() -> Path:
    return _dir("LINKEDIN_PROMPTS_CACHE_DIR", "cache")


def bundled_library() -> Path:
    """The library that ships with the package: inside the wheel, or ``prompts/`` in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_library"
    if (packaged / "library.yaml").is_file():
        return packaged
    return here.parent.parent / "prompts"
