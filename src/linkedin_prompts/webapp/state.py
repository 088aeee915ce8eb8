"""Shared resources and per-session state for the app.

Only immutable, shareable things live in ``st.cache_resource`` (the library, the history store's
engine). Everything a user types, their key and their conversations live in ``st.session_state``,
which Streamlit keeps per browser session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import streamlit as st

from ..errors import LibraryError, PromptStudioError

if TYPE_CHECKING:
    from ..library import Library
    from ..run.settings import ModelSettings
    from ..store import HistoryStore

LOCAL_USER = "local"


@st.cache_resource(show_spinner=False)
def _library() -> tuple["Library", str | None]:
    from ..library import Library

    try:
        return Library(), None
    except LibraryError as exc:  # a missing extra library folder: keep the bundled one working
        return Library(use_env=False), str(exc)


def library() -> "Library":
    return _library()[0]


def library_problems() -> list[str]:
    """Why part of the library is missing: a bad folder, or files that could not be loaded."""
    lib, folder_error = _library()
    problems = [folder_error] if folder_error else []
    return problems + [str(e) for e in lib.errors]


@st.cache_resource(show_spinner=False)
def store() -> "HistoryStore":
    from ..store import HistoryStore

    return HistoryStore()


def user_id() -> str:
    """The logged-in user (Streamlit's built-in auth), else the one local user."""
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or st.user.get("sub") or LOCAL_USER)
    except Exception:  # auth not configured: there is only the local user
        pass
    return LOCAL_USER


def profile_name() -> str:
    """The saved profile this user fills prompts from."""
    from ..profiles import default_profile

    uid = user_id()
    if uid != LOCAL_USER:
        return "user-" + "".join(c if c.isalnum() else "-" for c in uid)[:50]
    return default_profile() or "default"


def profile_values() -> dict[str, Any]:
    from ..profiles import list_profiles, load_profile

    name = profile_name()
    if name not in list_profiles():
        return {}
    try:
        return load_profile(name)
    except PromptStudioError as exc:
        st.warning(f"Your saved profile could not be read: {exc}")
        return {}


# -- model settings: session values > environment (and st.secrets) > config.yaml > defaults ----
SESSION_SETTINGS = "model_settings"
SESSION_KEY = "api_key"


def _load_secrets() -> None:
    # Root-level secrets (OPENAI_API_KEY = "...") are copied into os.environ when loaded. With no
    # secrets.toml at all, even st.secrets.get raises, so only load a file that exists.
    try:
        st.secrets.load_if_toml_exists()
    except Exception:  # a malformed secrets.toml must not take the app down
        pass


def model_settings() -> "ModelSettings":
    from ..run.settings import resolve_settings
    from ..userconfig import read_config

    _load_secrets()
    flags = dict(st.session_state.get(SESSION_SETTINGS, {}))
    key = st.session_state.get(SESSION_KEY)
    if key:
        flags["api_key"] = key
    try:
        config = read_config()
    except PromptStudioError as exc:
        st.warning(str(exc))
        config = {}
    return resolve_settings(flags, config=config)


def model_ready() -> bool:
    """True when a model can be called: an injected model, a key, or a base URL (local server)."""
    if st.session_state.get("chat_model") is not None:
        return True
    try:
        settings = model_settings()
    except PromptStudioError:
        return False
    return bool(settings.api_key or settings.base_url)


def chat_model():
    """A chat model injected into the session (tests, embedding apps), else None: built from settings."""
    return st.session_state.get("chat_model")


def no_model_banner() -> None:
    if not model_ready():
        st.info("No model is set up, and that's fine: browse, fill in, preview and copy prompts, "
                "check drafts, work through the checklist and read your history. To run prompts "
                "here, add an API key or a local server in Settings.", icon=":material/info:")


def page(name: str):
    """A page of the app by name (library, workspace, assistant, checklist, explainer, history, settings)."""
    return st.session_state["_pages"][name]


def open_prompt(prompt_id: str, version: str | None = None) -> None:
    params = {"prompt": prompt_id} | ({"version": version} if version else {})
    st.switch_page(page("workspace"), query_params=params)


def favourite_prompts() -> set[str]:
    try:
        return set(store().favourite_prompt_ids(user_id()))
    except PromptStudioError as exc:
        st.warning(f"History store unavailable: {exc}")
        return set()


def model_settings_or_none() -> "ModelSettings | None":
    try:
        return model_settings()
    except PromptStudioError:
        return None
