"""Run messages through a model: stream, time, count, cost, record. Used by the CLI and the app.

``run_messages(...)`` returns a ``RunStream``: iterate it for text chunks (``st.write_stream``
accepts it as is); afterwards ``.outcome`` holds the text, status, usage, timings and cost. Any
failure raises ``ModelError`` carrying the partial text, and the outcome (status ``incomplete`` or
``error``) is still recorded.

``Conversation`` keeps the messages so far; ``ask(text)`` continues it. Each turn is one run in
the history store, linked by the conversation id.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

from ..errors import ModelError
from .faults import classify, redact
from .settings import ModelSettings, resolve_settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from ..pricing import CostEstimate
    from ..render import RenderResult
    from ..store import HistoryStore


@dataclass
class RunOutcome:
    text: str
    status: str                          # complete | incomplete | error
    messages: list[dict[str, str]]       # what was sent
    model: str
    host: str
    params: dict[str, Any]
    error: ModelError | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    usage_source: str | None = None      # reported (by the server) | exact | approximate (counted here)
    latency_ms: float = 0.0
    first_token_ms: float | None = None
    finish_reason: str | None = None
    cost: "CostEstimate | None" = None
    run_id: str | None = None            # set once recorded

    @property
    def total_tokens(self) -> int | None:
        if self.input_tokens is None or self.output_tokens is None:
            return None
        return self.input_tokens + self.output_tokens


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content
                       if isinstance(p, (str, dict)) and (isinstance(p, str) or p.get("type") == "text"))
    return ""


def _model_name(model: Any) -> str:
    for attr in ("model_name", "model"):
        value = getattr(model, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(model).__name__


def _secret(model: Any, settings: ModelSettings) -> str | None:
    if settings.api_key:
        return settings.api_key
    key = getattr(model, "openai_api_key", None)
    return key.get_secret_value() if hasattr(key, "get_secret_value") else None


def _is_openai_client(model: Any) -> bool:
    # ChatOpenAI always ends a good stream with a finish_reason; a stream without one was cut off.
    return type(model).__module__.startswith("langchain_openai")


class RunStream:
    """One model call. Iterate for text chunks; read ``.outcome`` afterwards."""

    def __init__(self, messages: Sequence[Mapping[str, str]], chat_model: "BaseChatModel",
                 settings: ModelSettings, *, host: str, stream: bool = True,
                 on_finish: Callable[[RunOutcome], None] | None = None):
        self.messages = [{"role": m["role"], "content": m["content"]} for m in messages]
        self.chat_model = chat_model
        self.settings = settings
        self.host = host
        self.stream = stream
        self.on_finish = on_finish
        self.outcome: RunOutcome | None = None
        self._used = False

    def __iter__(self) -> Iterator[str]:
        if self._used:
            raise RuntimeError("a RunStream can be iterated once")
        self._used = True
        return self._run()

    def text(self) -> str:
        """Run to the end and return the whole answer (raises ModelError on failure)."""
        for _ in self:
            pass
        assert self.outcome is not None
        return self.outcome.text

    def _run(self) -> Iterator[str]:
        from .chain import to_langchain

        parts: list[str] = []
        usage = {"input": 0, "output": 0, "seen": False}
        finish: str | None = None
        first: float | None = None
        start = time.perf_counter()
        try:
            lc_messages = to_langchain(self.messages)
            if self.stream:
                for chunk in self.chat_model.stream(lc_messages):
                    finish = chunk.response_metadata.get("finish_reason") or finish
                    meta = getattr(chunk, "usage_metadata", None)
                    if meta:
                        usage["seen"] = True
                        usage["input"] += meta.get("input_tokens", 0)
                        usage["output"] += meta.get("output_tokens", 0)
                    piece = _text(chunk.content)
                    if piece:
                        if first is None:
                            first = time.perf_counter()
                        parts.append(piece)
                        yield piece
                if _is_openai_client(self.chat_model) and finish is None:
                    raise ModelError(f"the answer from {self.host} stopped before it was finished",
                                     cause="stream_broken", partial="".join(parts),
                                     hint="the partial answer is kept; run it again to get a full one")
            else:
                message = self.chat_model.invoke(lc_messages)
                first = time.perf_counter()
                finish = message.response_metadata.get("finish_reason")
                meta = getattr(message, "usage_metadata", None)
                if meta:
                    usage.update(seen=True, input=meta.get("input_tokens", 0),
                                 output=meta.get("output_tokens", 0))
                piece = _text(message.content)
                parts.append(piece)
                yield piece
        except GeneratorExit:
            self._finish(parts, usage, finish, start, first, ModelError(
                "the caller stopped reading the answer", cause="stream_broken", partial="".join(parts)))
            raise
        except KeyboardInterrupt:
            self._finish(parts, usage, finish, start, first, ModelError(
                "interrupted", cause="stream_broken", partial="".join(parts)))
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes one ModelError
            error = classify(exc, model=self.settings.model, host=self.host, partial="".join(parts),
                             started=first is not None and self.stream,
                             api_key=_secret(self.chat_model, self.settings))
            self._finish(parts, usage, finish, start, first, error)
            raise error from exc
        self._finish(parts, usage, finish, start, first, None)

    def _finish(self, parts: list[str], usage: dict, finish: str | None, start: float,
                first: float | None, error: ModelError | None) -> None:
        from ..pricing import estimate_cost
        from ..tokens import count_messages, count_text

        text = "".join(parts)
        end = time.perf_counter()
        if usage["seen"]:
            inp, out, source = usage["input"], usage["output"], "reported"
        else:
            counted = count_messages(self.messages, self.settings.model)
            inp, out, source = counted.tokens, count_text(text, self.settings.model).tokens, counted.method
        if error is not None:
            error.message = redact(error.message, _secret(self.chat_model, self.settings))
        outcome = RunOutcome(
            text=text, status="complete" if error is None else ("incomplete" if text else "error"),
            messages=self.messages, model=self.settings.model, host=self.host,
            params=self.settings.public() | {"host": self.host}, error=error,
            input_tokens=inp, output_tokens=out, usage_source=source,
            latency_ms=round((end - start) * 1000, 3),
            first_token_ms=round((first - start) * 1000, 3) if first is not None else None,
            finish_reason=finish, cost=estimate_cost(self.settings.model, inp, out),
        )
        self.outcome = outcome
        if self.on_finish:
            self.on_finish(outcome)


def run_messages(messages: Sequence[Mapping[str, str]], *, settings: ModelSettings | None = None,
                 model: "BaseChatModel | None" = None, stream: bool = True,
                 on_finish: Callable[[RunOutcome], None] | None = None, **flags: Any) -> RunStream:
    """A ``RunStream`` for ``messages``. Pass ``model`` to use any LangChain chat model as is."""
    from .chain import build_chat_model

    if model is None:
        settings = settings or resolve_settings(flags)
        chat_model, host = build_chat_model(settings), settings.host
    else:
        settings = settings or ModelSettings(model=_model_name(model))
        chat_model = model
        base = getattr(model, "openai_api_base", None)
        host = ModelSettings(base_url=base).host if base else "in-process"
    return RunStream(messages, chat_model, settings, host=host, stream=stream, on_finish=on_finish)


@dataclass
class Conversation:
    """A chat: the messages so far, optionally started from a rendered prompt.

    ``ask()`` with no text sends the messages as they are (the rendered prompt's first turn);
    ``ask("make it shorter")`` adds a user message first. The assistant's answer (or the part of
    it that arrived before a failure) is appended when the turn ends.
    """

    messages: list[dict[str, str]] = field(default_factory=list)
    render: "RenderResult | None" = None
    settings: ModelSettings | None = None
    model: "BaseChatModel | None" = None
    store: "HistoryStore | None" = None
    user_id: str = "local"
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    run_ids: list[str] = field(default_factory=list)

    @classmethod
    def from_render(cls, render: "RenderResult", **kwargs: Any) -> "Conversation":
        return cls(messages=render.messages(), render=render, **kwargs)

    @property
    def turn(self) -> int:
        return len(self.run_ids)

    def ask(self, text: str | None = None, *, stream: bool = True) -> RunStream:
        if text is not None:
            if not text.strip():
                raise ValueError("a follow-up needs some text")
            self.messages.append({"role": "user", "content": text})
        if not self.messages or self.messages[-1]["role"] != "user":
            raise ValueError("nothing to send: the last message is not from the user")
        return run_messages(list(self.messages), settings=self.settings, model=self.model,
                            stream=stream, on_finish=self._finished)

    def _finished(self, outcome: RunOutcome) -> None:
        if outcome.text:
            self.messages.append({"role": "assistant", "content": outcome.text})
        if self.store is not None:
            from ..store import record_from_outcome

            record = record_from_outcome(outcome, render=self.render, conversation_id=self.id,
                                         turn=self.turn, user_id=self.user_id)
            outcome.run_id = self.store.record_run(record)
            self.run_ids.append(outcome.run_id)
        else:
            self.run_ids.append(uuid.uuid4().hex)
            outcome.run_id = self.run_ids[-1]
