"""The chain with fake chat models: finished messages in, text out, follow-ups, partial failures."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from pydantic import Field

from linkedin_prompts.errors import ModelError
from linkedin_prompts.library import Library
from linkedin_prompts.run.chain import prompt_runnable
from linkedin_prompts.run.session import Conversation, run_messages
from linkedin_prompts.store import HistoryStore

REF = "post-ideas/lesson-from-a-mistake"


class RecordingModel(GenericFakeChatModel):
    """Streams word by word and remembers the messages of every call."""

    seen: list = Field(default_factory=list)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any):
        self.seen.append(list(messages))
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def answers(*texts: str) -> RecordingModel:
    def endless():
        while True:
            yield from texts
    return RecordingModel(messages=endless())


@pytest.fixture
def library() -> Library:
    return Library()


def test_rendered_messages_reach_the_model_as_finished_messages(library):
    values = {"mistake": "I wrote {topic} and {{ 7*7 }} in a brief", "lesson": "Check {braces}."}
    model = answers("A post about it.")
    text = prompt_runnable(library, REF, values, model=model).invoke(None)
    assert text == "A post about it."
    sent = model.seen[0]
    rendered = library.render(REF, values)
    assert [type(m) for m in sent] == [SystemMessage, HumanMessage]
    assert [m.content for m in sent] == [rendered.system, rendered.prompt]
    assert "I wrote {topic} and {{ 7*7 }} in a brief" in sent[1].content  # never re-templated


def test_stream_yields_text_and_composes(library):
    model = answers("one two three")
    runnable = library.runnable(REF, {"mistake": "x"}, model=model)
    chunks = list(runnable.stream(None))
    assert len(chunks) > 1 and all(isinstance(c, str) for c in chunks)
    assert "".join(chunks) == "one two three"
    assert (runnable | StrOutputParser()).invoke({}) == "one two three"


def test_runnable_input_continues_the_conversation(library):
    model = answers("first", "second")
    runnable = prompt_runnable(library, REF, {"mistake": "x"}, model=model)
    runnable.invoke(None)
    runnable.invoke([{"role": "assistant", "content": "first"}, {"role": "user", "content": "shorter"}])
    assert [type(m) for m in model.seen[1]] == [SystemMessage, HumanMessage, AIMessage, HumanMessage]
    assert model.seen[1][-1].content == "shorter"
    runnable.invoke("just a string")
    assert model.seen[2][-1] == HumanMessage(content="just a string")


def test_conversation_follow_ups_carry_the_history(library):
    model = answers("Draft one.", "Shorter draft.")
    render = library.render(REF, {"mistake": "x"})
    conv = Conversation.from_render(render, model=model)
    assert "".join(conv.ask()) == "Draft one."
    assert conv.ask("make it shorter").text() == "Shorter draft."
    assert [m["role"] for m in conv.messages] == ["system", "user", "assistant", "user", "assistant"]
    assert [m.content for m in model.seen[1]][2:] == ["Draft one.", "make it shorter"]
    assert conv.turn == 2


def test_outcome_measures_time_and_counts_tokens(library):
    render = library.render(REF, {"mistake": "x"})
    stream = run_messages(render.messages(), model=answers("a b c"))
    assert stream.outcome is None  # nothing runs until it is read
    assert stream.text() == "a b c"
    out = stream.outcome
    assert out.status == "complete" and out.error is None
    assert 0 <= out.first_token_ms <= out.latency_ms
    assert out.input_tokens > 100 and out.output_tokens >= 1
    assert out.usage_source == "approximate"  # the fake reports no usage; counted here
    assert out.host == "in-process"


def test_mid_stream_failure_keeps_the_partial_text(library, isolated):
    store = HistoryStore()
    model = FakeListChatModel(responses=["Hello, LinkedIn"], error_on_chunk_number=5)
    conv = Conversation.from_render(library.render(REF, {"mistake": "x"}), model=model, store=store)
    seen: list[str] = []
    stream = conv.ask()
    with pytest.raises(ModelError) as info:
        for chunk in stream:
            seen.append(chunk)
    err = info.value
    assert err.cause == "stream_broken" and err.exit_code == 3
    assert err.partial == "Hello" == "".join(seen)
    assert stream.outcome.status == "incomplete" and stream.outcome.text == "Hello"
    record = store.get_run(conv.run_ids[0])
    assert (record.status, record.output, record.error_cause) == ("incomplete", "Hello", "stream_broken")
    assert conv.messages[-1] == {"role": "assistant", "content": "Hello"}
    store.close()


def test_failure_before_the_first_chunk_is_an_error_with_no_text(library):
    model = FakeListChatModel(responses=["never"], error_on_chunk_number=0)
    stream = run_messages([{"role": "user", "content": "hi"}], model=model)
    with pytest.raises(ModelError) as info:
        stream.text()
    assert info.value.partial == "" and info.value.cause != "stream_broken"
    assert stream.outcome.status == "error"


def test_non_streaming_invoke(library):
    stream = run_messages([{"role": "user", "content": "hi"}], model=answers("whole answer"), stream=False)
    assert list(stream) == ["whole answer"]


def test_an_injected_model_never_needs_a_key(library, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert prompt_runnable(library, REF, {"mistake": "x"}, model=answers("ok")).invoke(None) == "ok"
