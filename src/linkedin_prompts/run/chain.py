"""The LangChain side: finished messages → chat model → text.

Rendered text is handed to the model as finished ``SystemMessage``/``HumanMessage`` objects and is
never put through a LangChain template again (literal braces in it would be parsed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Sequence

from .settings import ModelSettings, resolve_settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage
    from langchain_core.runnables import Runnable

    from ..library import Library

Message = Mapping[str, Any]  # {"role": "system"|"user"|"assistant", "content": str}


def to_langchain(messages: Sequence[Message | "BaseMessage"]) -> list["BaseMessage"]:
    """Plain role/content dicts → LangChain message objects (message objects pass through)."""
    from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "human": HumanMessage,
             "assistant": AIMessage, "ai": AIMessage}
    out: list[BaseMessage] = []
    for m in messages:
        if isinstance(m, BaseMessage):
            out.append(m)
            continue
        role = str(m.get("role", ""))
        if role not in kinds:
            raise ValueError(f"unknown message role {role!r}; use system, user or assistant")
        out.append(kinds[role](content=str(m.get("content", ""))))
    return out


def build_chat_model(settings: ModelSettings) -> "BaseChatModel":
    """``ChatOpenAI`` for OpenAI or any OpenAI-compatible server (chat completions API)."""
    from langchain_openai import ChatOpenAI

    kwargs: dict[str, Any] = dict(
        model=settings.model,
        api_key=settings.key_or_placeholder(),
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        stream_usage=True,
        use_responses_api=False,
    )
    if settings.base_url:
        kwargs["base_url"] = settings.base_url
    if settings.temperature is not None:
        kwargs["temperature"] = settings.temperature
    if settings.max_tokens is not None:
        kwargs["max_tokens"] = settings.max_tokens
    return ChatOpenAI(**kwargs)


def chat_model_for(chat_model: "BaseChatModel | None" = None, settings: ModelSettings | None = None,
                   flags: Mapping[str, Any] | None = None) -> tuple["BaseChatModel", ModelSettings]:
    """The injected model if any, else one built from the resolved settings."""
    if chat_model is not None:
        return chat_model, settings or ModelSettings(model=getattr(chat_model, "model_name", None) or "injected")
    settings = settings or resolve_settings(flags)
    return build_chat_model(settings), settings


def prompt_runnable(library: "Library", ref: str, values: Mapping[str, Any] | None = None, *,
                    profile: str | None = None, example: bool = False,
                    model: "BaseChatModel | None" = None, settings: ModelSettings | None = None,
                    **flags: Any) -> "Runnable":
    """A runnable that sends the rendered prompt to the model and yields the answer's text.

    Its input continues the conversation: ``None`` or ``{}`` sends the rendered prompt alone; a
    string adds a user message; a list of messages (dicts or LangChain messages) is appended.
    ``model`` is a chat model object to use as is, or a model name; ``flags`` are further settings
    (base_url, api_key, temperature, max_tokens, timeout, max_retries).
    """
    if "model_name" in flags:
        flags["model"] = flags.pop("model_name")
    if isinstance(model, str):  # a model name rather than a model object
        flags["model"], model = model, None
    result = library.render(ref, values, profile=profile, example=example)
    chat_model, _ = chat_model_for(model, settings, flags)
    return messages_runnable(result.messages(), chat_model)


def messages_runnable(first: Sequence[Message], chat_model: "BaseChatModel") -> "Runnable":
    """``first`` messages + the input (see ``prompt_runnable``) → model → text."""
    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.runnables import RunnableLambda

    base = to_langchain(first)

    def prepare(extra: Any) -> list:
        if extra is None or (isinstance(extra, Mapping) and not extra):
            return list(base)
        if isinstance(extra, str):
            return base + to_langchain([{"role": "user", "content": extra}])
        if isinstance(extra, Sequence):
            return base + to_langchain(extra)
        raise TypeError("input must be None, a follow-up string or a list of messages")

    return (RunnableLambda(prepare, name="rendered_messages") | chat_model
            | StrOutputParser()).with_config(run_name="linkedin_prompt")
