"""Token counts (exact offline for OpenAI encodings, approximate otherwise), prices and settings."""

from __future__ import annotations

import gzip
import hashlib
import math
import subprocess
import sys

import pytest


from linkedin_prompts import pricing, tokens
from linkedin_prompts.errors import ConfigError, ModelError
from linkedin_prompts.run.settings import DEFAULT_MODEL, PLACEHOLDER_KEY, resolve_settings

# Known encodings (tiktoken's own README and the OpenAI cookbook): o200k_base.
KNOWN_O200K = {"hello world": [24912, 2375], "tiktoken is great!": [83, 8251, 2488, 382, 2212, 0]}
KNOWN_CL100K = {"hello world": [15339, 1917], "tiktoken is great!": [83, 1609, 5963, 374, 2294, 0]}


@pytest.fixture
def tiktoken_offline(tmp_path, monkeypatch):
    """Real tiktoken, fed the bundled (hash-checked) files through its cache: no download."""
    tiktoken = pytest.importorskip("tiktoken")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    for name in ("o200k_base", "cl100k_base"):
        url = f"https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
        data = gzip.decompress(tokens._bundled_file(name).read_bytes())
        (tmp_path / hashlib.sha1(url.encode()).hexdigest()).write_bytes(data)
    return tiktoken


def test_the_bundled_files_are_openais_files():
    assert tokens.verified("o200k_base") and tokens.verified("cl100k_base")


@pytest.mark.parametrize("text, ids", KNOWN_O200K.items())
def test_exact_count_for_o200k_matches_the_known_tokens(text, ids):
    count = tokens.count_text(text, "gpt-4o-mini")
    assert count == tokens.TokenCount(len(ids), "exact", "o200k_base")
    assert tokens._encoder("o200k_base").encode(text) == ids


@pytest.mark.parametrize("text, ids", KNOWN_CL100K.items())
def test_exact_count_for_cl100k(text, ids):
    assert tokens.count_text(text, "gpt-4-turbo") == tokens.TokenCount(len(ids), "exact", "cl100k_base")


def test_counts_agree_with_tiktoken_on_a_rendered_prompt(tiktoken_offline):
    from linkedin_prompts.library import Library

    result = Library().render("post-ideas/lesson-from-a-mistake", example=True)
    enc = tiktoken_offline.get_encoding("o200k_base")
    for text in (result.prompt, result.system, "Ünïcödé — emoji 🚀 and   spaces\n\n\tend"):
        assert tokens.count_text(text, "gpt-5.4-mini").tokens == len(enc.encode_ordinary(text))
    expected = 3 + sum(3 + len(enc.encode(m["role"])) + len(enc.encode(m["content"])) for m in result.messages())
    assert tokens.count_messages(result.messages(), "gpt-5.4-mini") == tokens.TokenCount(expected, "exact", "o200k_base")


@pytest.mark.parametrize("model, encoding", [
    ("gpt-5.4-mini", "o200k_base"), ("gpt-4.1-nano", "o200k_base"), ("o4-mini", "o200k_base"),
    ("gpt-4o-2024-08-06", "o200k_base"), ("openai/gpt-4o", "o200k_base"), ("gpt-4", "cl100k_base"),
    ("gpt-3.5-turbo", "cl100k_base"), ("llama3.1:8b", None), ("mistral-small", None), ("", None),
])
def test_model_to_encoding(model, encoding):
    assert tokens.encoding_name(model) == encoding


def test_other_models_are_approximate():
    messages = [{"role": "user", "content": "x" * 401}]
    count = tokens.count_messages(messages, "llama3.1:8b")
    assert count.method == "approximate" and count.encoding is None
    assert count.tokens == math.ceil((401 + len("user")) / 4) + 3
    assert tokens.count_text("abcdefgh", None) == tokens.TokenCount(2, "approximate", None)


def test_an_altered_file_is_never_called_exact(tmp_path, monkeypatch):
    bad = tmp_path / "o200k_base.tiktoken.gz"
    bad.write_bytes(gzip.compress(b"aGVsbG8= 0\n"))
    monkeypatch.setattr(tokens, "_bundled_file", lambda name: bad)
    tokens.verified.cache_clear()
    tokens._encoder.cache_clear()
    try:
        assert tokens.count_text("hello world", "gpt-4o").method == "approximate"
    finally:
        tokens.verified.cache_clear()
        tokens._encoder.cache_clear()


def test_tokens_module_stays_light():
    code = ("import sys, linkedin_prompts.tokens as t; t.count_messages([{'role':'user','content':'hi'}], 'gpt-4o');"
            "bad = [m for m in ('langchain_core', 'langchain_openai', 'openai', 'sqlalchemy') if m in sys.modules];"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- prices ------------------------------------------------------------------------------------
def test_cost_from_the_table():
    cost = pricing.estimate_cost("gpt-4o-mini", 1_000_000, 2_000_000, config={})
    assert cost.input_usd == pytest.approx(0.15) and cost.output_usd == pytest.approx(1.20)
    assert cost.usd == pytest.approx(1.35)
    assert cost.source == f"table {pricing.PRICES_AS_OF}"
    # a dated snapshot costs what its model costs
    assert pricing.estimate_cost("gpt-4o-mini-2024-07-18", 1000, 0, config={}).usd == pytest.approx(0.00015)


def test_unknown_model_has_no_cost():
    assert pricing.estimate_cost("llama3.1:8b", 1000, 1000, config={}) is None
    assert pricing.estimate_cost("gpt-4o-mini-turbo-x", 1000, 1000, config={}) is None
    assert pricing.estimate_cost(None, 10, config={}) is None


def test_user_override_in_config_file(isolated):
    from linkedin_prompts.userconfig import config_file

    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("prices:\n  gpt-4o-mini: {input: 1, output: 2}\n  llama3.1: {input: 0, output: 0}\n")
    cost = pricing.estimate_cost("gpt-4o-mini", 500_000, 250_000)
    assert cost.usd == pytest.approx(1.0) and cost.source == "config"
    assert pricing.estimate_cost("llama3.1", 10, 10).usd == 0
    config_file().write_text("prices:\n  gpt-4o-mini: {input: cheap}\n")
    with pytest.raises(ConfigError, match="gpt-4o-mini"):
        pricing.estimate_cost("gpt-4o-mini", 1)


# -- settings precedence -----------------------------------------------------------------------
def test_settings_precedence_flags_env_config_default():
    config = {"model": {"name": "cfg-model", "temperature": 0.1, "timeout": 9, "base_url": "http://cfg:1/v1"}}
    env = {"LINKEDIN_PROMPTS_MODEL": "env-model", "LINKEDIN_PROMPTS_TEMPERATURE": "0.5"}
    s = resolve_settings({"model": "flag-model"}, env=env, config=config)
    assert (s.model, s.temperature, s.timeout, s.base_url) == ("flag-model", 0.5, 9.0, "http://cfg:1/v1")
    s = resolve_settings({}, env={}, config={})
    assert (s.model, s.temperature, s.timeout, s.max_retries, s.max_tokens) == (DEFAULT_MODEL, None, 60.0, 2, None)
    assert resolve_settings({}, env={"OPENAI_BASE_URL": "http://a:2/v1"}, config={}).host == "a:2"
    assert resolve_settings({}, env={}, config={"model": "short-form"}).model == "short-form"


def test_settings_refuse_bad_values_and_stored_keys():
    with pytest.raises(ConfigError, match="api_key"):
        resolve_settings({}, env={}, config={"model": {"api_key": "sk-x"}})
    with pytest.raises(ConfigError, match="temperature"):
        resolve_settings({}, env={"LINKEDIN_PROMPTS_TEMPERATURE": "warm"}, config={})
    with pytest.raises(ConfigError, match="unknown setting"):
        resolve_settings({}, env={}, config={"model": {"temprature": 1}})


def test_key_rules():
    local = resolve_settings({"base_url": "http://localhost:11434/v1"}, env={}, config={})
    assert local.key_or_placeholder() == PLACEHOLDER_KEY
    with pytest.raises(ModelError) as info:
        resolve_settings({}, env={}, config={}).key_or_placeholder()
    assert info.value.cause == "no_key" and "OPENAI_API_KEY" in str(info.value)
    keyed = resolve_settings({}, env={"OPENAI_API_KEY": "sk-abc"}, config={})
    assert keyed.key_or_placeholder() == "sk-abc"
    assert "sk-abc" not in repr(keyed) and "sk-abc" not in str(keyed.public())
