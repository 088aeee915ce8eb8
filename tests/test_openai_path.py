"""The real client path: ChatOpenAI over the OpenAI SDK against a local OpenAI-compatible server."""

from __future__ import annotations

import pytest

from fixtures_openai import SECRET_KEY
from openai_server import Reply, closed_port

from linkedin_prompts.errors import ModelError
from linkedin_prompts.library import Library
from linkedin_prompts.run.session import run_messages
from linkedin_prompts.run.settings import PLACEHOLDER_KEY, ModelSettings

MESSAGES = [{"role": "system", "content": "You write LinkedIn posts."},
            {"role": "user", "content": "Write about {pricing} mistakes."}]


def settings_for(server, **kw) -> ModelSettings:
    base = dict(model="test-model", base_url=server.base_url, timeout=5.0, max_retries=0)
    return ModelSettings(**(base | kw))


def fail(settings, messages=MESSAGES) -> tuple[ModelError, object]:
    stream = run_messages(messages, settings=settings)
    with pytest.raises(ModelError) as info:
        stream.text()
    return info.value, stream.outcome


def test_request_carries_model_messages_in_order_and_settings(isolated, openai_server):
    stream = run_messages(MESSAGES, settings=settings_for(openai_server, temperature=0.3, max_tokens=120))
    chunks = list(stream)
    body = openai_server.chat_requests[-1].json
    assert body["model"] == "test-model"
    assert body["messages"] == [{"role": "system", "content": MESSAGES[0]["content"]},
                                {"role": "user", "content": MESSAGES[1]["content"]}]
    assert body["temperature"] == 0.3
    assert body["max_completion_tokens"] == 120
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert openai_server.chat_requests[-1].headers["authorization"] == f"Bearer {PLACEHOLDER_KEY}"
    assert len(chunks) > 1 and "".join(chunks) == "Hello from the test server."
    out = stream.outcome
    assert (out.status, out.finish_reason, out.input_tokens, out.output_tokens, out.usage_source) == \
        ("complete", "stop", 11, 7, "reported")
    assert out.host == f"127.0.0.1:{openai_server.port}"


def test_the_key_is_sent_when_set(isolated, openai_server):
    run_messages(MESSAGES, settings=settings_for(openai_server, api_key=SECRET_KEY)).text()
    assert openai_server.chat_requests[-1].headers["authorization"] == f"Bearer {SECRET_KEY}"


def test_unset_temperature_is_not_sent(isolated, openai_server):
    run_messages(MESSAGES, settings=settings_for(openai_server)).text()
    assert "temperature" not in openai_server.chat_requests[-1].json


def test_without_streaming(isolated, openai_server):
    openai_server.script(Reply.ok("One piece."))
    stream = run_messages(MESSAGES, settings=settings_for(openai_server), stream=False)
    assert list(stream) == ["One piece."]
    assert openai_server.chat_requests[-1].json.get("stream") in (None, False)
    assert stream.outcome.input_tokens == 11


def test_library_runnable_over_the_server(isolated, openai_server):
    lib = Library()
    runnable = lib.runnable("post-ideas/lesson-from-a-mistake", {"mistake": "I missed a deadline"},
                            base_url=openai_server.base_url, model="test-model", timeout=5)
    assert runnable.invoke(None) == "Hello from the test server."
    assert "".join(runnable.stream(None)) == "Hello from the test server."
    sent = openai_server.chat_requests[-1].json["messages"]
    assert [m["role"] for m in sent] == ["system", "user"] and "I missed a deadline" in sent[1]["content"]


def test_401_is_auth_and_the_key_is_not_repeated(isolated, openai_server):
    openai_server.script(Reply.status(401, f"Incorrect API key provided: {SECRET_KEY}"))
    err, out = fail(settings_for(openai_server, api_key=SECRET_KEY))
    assert err.cause == "auth" and "401" in str(err) and SECRET_KEY not in str(err)
    assert out.status == "error"


def test_404_is_an_unknown_model(isolated, openai_server):
    openai_server.script(Reply.status(404, "The model `{model}` does not exist"))
    err, _ = fail(settings_for(openai_server, model="gpt-nope"))
    assert err.cause == "model_not_found" and "gpt-nope" in str(err)


def test_429_then_success_is_retried_by_the_sdk(isolated, openai_server):
    openai_server.script(Reply.status(429), Reply.ok("After the wait."))
    text = run_messages(MESSAGES, settings=settings_for(openai_server, max_retries=2)).text()
    assert text == "After the wait." and len(openai_server.chat_requests) == 2


def test_429_without_retries_is_rate_limit(isolated, openai_server):
    openai_server.script(Reply.status(429, "Rate limit reached"))
    err, _ = fail(settings_for(openai_server))
    assert err.cause == "rate_limit" and "429" in str(err)


def test_500_is_a_server_error(isolated, openai_server):
    openai_server.script(Reply.status(500, "boom"))
    err, _ = fail(settings_for(openai_server))
    assert err.cause == "server" and "500" in str(err)


def test_400_is_a_bad_request(isolated, openai_server):
    openai_server.script(Reply.status(400, "Unsupported value: 'temperature'"))
    err, _ = fail(settings_for(openai_server))
    assert err.cause == "bad_request" and "temperature" in str(err)


def test_a_slow_server_times_out(isolated, openai_server):
    openai_server.script(Reply.slow(2.0))
    err, out = fail(settings_for(openai_server, timeout=0.3))
    assert err.cause == "timeout" and out.latency_ms < 1900


def test_a_stream_cut_mid_way_keeps_the_partial_text(isolated, openai_server):
    openai_server.script(Reply.cut("This answer will be cut off.", after=2))
    stream = run_messages(MESSAGES, settings=settings_for(openai_server))
    got: list[str] = []
    with pytest.raises(ModelError) as info:
        for chunk in stream:
            got.append(chunk)
    assert info.value.cause == "stream_broken"
    assert info.value.partial == "".join(got) == "This ans"
    assert stream.outcome.status == "incomplete" and stream.outcome.text == "This ans"


def test_a_stream_that_ends_without_finishing_is_incomplete(isolated, openai_server):
    openai_server.script(Reply.truncated("Ends early, no finish reason.", after=3))
    err, out = fail(settings_for(openai_server))
    assert err.cause == "stream_broken" and err.partial == "Ends early, " and out.status == "incomplete"


def test_connection_refused(isolated):
    settings = ModelSettings(model="test-model", base_url=f"http://127.0.0.1:{closed_port()}/v1",
                             timeout=2, max_retries=0)
    err, out = fail(settings)
    assert err.cause == "connection" and "cannot connect" in str(err) and out.status == "error"


def test_openai_without_a_key_fails_before_any_request(isolated, openai_server):
    with pytest.raises(ModelError) as info:
        run_messages(MESSAGES, settings=ModelSettings(model="gpt-4o-mini")).text()
    assert info.value.cause == "no_key" and "OPENAI_API_KEY" in str(info.value)
    assert openai_server.requests == []
