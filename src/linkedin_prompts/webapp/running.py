"""Run a rendered prompt from the app: start or continue a conversation, stream, keep partials.

LangChain and the OpenAI SDK are imported here only when a run starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

import streamlit as st

from ..errors import ModelError, PromptStudioError
from . import state

if TYPE_CHECKING:
    from ..render import RenderResult
    from ..run.session import Conversation


def conversation_key(scope: str) -> str:
    return f"conversation:{scope}"


def error_key(scope: str) -> str:
    return f"run_error:{scope}"


def current(scope: str) -> "Conversation | None":
    return st.session_state.get(conversation_key(scope))


def start(scope: str, render: "RenderResult | None", messages: list[dict[str, str]] | None = None) -> "Conversation":
    """A new conversation for this scope (a prompt workspace, the assistant)."""
    from ..run.session import Conversation

    conv = Conversation(messages=list(messages if messages is not None else render.messages()), render=render,
                        settings=state.model_settings(), model=state.chat_model(), store=_store_or_none(),
                        user_id=state.user_id())
    st.session_state[conversation_key(scope)] = conv
    st.session_state.pop(error_key(scope), None)
    return conv


def _store_or_none():
    try:
        return state.store()
    except PromptStudioError as exc:
        st.warning(f"This run will not be saved: {exc}")
        return None


def stream(scope: str, text: str | None = None) -> Iterator[str]:
    """Chunks of the answer; a failure is kept in the session (with the partial text) for a retry."""
    conv = current(scope)
    if conv is None:
        return
    try:
        yield from conv.ask(text)
    except ModelError as exc:
        st.session_state[error_key(scope)] = {"message": str(exc), "cause": exc.cause, "partial": exc.partial}
    except PromptStudioError as exc:  # settings that cannot be used (bad number, missing key)
        st.session_state[error_key(scope)] = {"message": str(exc), "cause": "config", "partial": ""}


def retry(scope: str) -> None:
    """Drop the partial answer of the failed turn so the same question is asked again."""
    conv = current(scope)
    if conv and conv.messages and conv.messages[-1]["role"] == "assistant":
        conv.messages.pop()
    if conv:  # the user may have fixed the key or the model in Settings meanwhile
        conv.settings, conv.model = state.model_settings(), state.chat_model()
    st.session_state.pop(error_key(scope), None)


def last_error(scope: str) -> dict[str, Any] | None:
    return st.session_state.get(error_key(scope))


def last_answer(scope: str) -> str | None:
    conv = current(scope)
    if conv is None:
        return None
    for message in reversed(conv.messages):
        if message["role"] == "assistant":
            return message["content"]
    return None


def adopt(scope: str, records: list[Any], render: "RenderResult | None" = None) -> "Conversation":
    """Continue a conversation from the history: its messages so far, its id and turn count."""
    last = records[-1]
    messages = [dict(m) for m in last.messages]
    if last.output:
        messages.append({"role": "assistant", "content": last.output})
    conv = start(scope, render, messages)
    conv.id = last.conversation_id
    conv.run_ids = [r.id for r in records]
    return conv
