"""Rendering: value precedence, value checks, literal values and the result's fields."""

from __future__ import annotations

import pytest

from conftest import prompt_yaml
from linkedin_prompts.errors import VariableError
from linkedin_prompts.library import Library
from linkedin_prompts.profiles import save_profile, set_default_profile

SCHEMA_PROMPT = """\
id: post-ideas/schema
version: 1.0.0
title: Schema
summary: Every variable type.
category: post-ideas
output: {kind: ideas}
variables:
  - {name: topic, label: Topic, type: text, required: true, max_length: 20, example: hiring}
  - {name: notes, label: Notes, type: long_text, example: "line one"}
  - {name: format, label: Format, type: choice, choices: [poll, post], default: post, example: poll}
  - {name: channels, label: Channels, type: multi_choice, choices: [feed, newsletter], example: [feed]}
  - {name: count, label: Count, type: number, min: 1, max: 30, default: 10, example: 5}
  - {name: formal, label: Formal, type: boolean, default: false, example: true}
  - {name: points, label: Points, type: list, example: [a, b]}
  - {name: tone, label: Tone, type: text, example: warm}
template: |
  {{ topic }}|{{ notes }}|{{ format }}|{{ channels | join(',') }}|{{ count }}|{{ formal }}|{{ points | join(',') }}|{{ tone }}
examples:
  - values: {topic: hiring}
changelog:
  - {version: 1.0.0, date: 2026-11-26, note: First release.}
"""


@pytest.fixture
def lib(make_library):
    return Library([make_library({"post-ideas/schema.yaml": SCHEMA_PROMPT})])


def render(lib, **values):
    return lib.render("post-ideas/schema", values).prompt


def test_defaults_and_empty_values(lib):
    assert render(lib, topic="hiring") == "hiring|None|post||10|False||None"


def test_text_values_are_coerced_from_cli_strings(lib):
    out = render(lib, topic="hiring", count="7", formal="yes", channels="feed\nnewsletter", points='["x", "y"]')
    assert out == "hiring|None|post|feed,newsletter|7|True|x,y|None"


@pytest.mark.parametrize("values, match", [
    ({}, "'topic': is required"),
    ({"topic": "x" * 21}, "'topic': is 21 characters; the maximum is 20"),
    ({"topic": "two\nlines"}, "single line"),
    ({"topic": "a", "format": "video"}, "'format': 'video' is not allowed .one of: poll, post"),
    ({"topic": "a", "channels": ["feed", "tv"]}, "'channels': 'tv' is not allowed"),
    ({"topic": "a", "count": "many"}, "'count': 'many' is not a number"),
    ({"topic": "a", "count": 0}, "'count': 0 is below the minimum 1"),
    ({"topic": "a", "count": 31}, "above the maximum 30"),
    ({"topic": "a", "formal": "perhaps"}, "'formal': 'perhaps' is not true or false"),
    ({"topic": "a", "points": {"a": 1}}, "'points': expected a list"),
    ({"topic": "a", "nonsense": 1}, "'nonsense': is not a variable of post-ideas/schema"),
])
def test_bad_values_name_the_variable_and_what_is_allowed(lib, values, match):
    with pytest.raises(VariableError, match=match):
        lib.render("post-ideas/schema", values)


def test_values_are_data_not_templates(lib):
    payload = "{{ 7*7 }} {% if true %}x{% endif %} {# c #}"
    out = lib.render("post-ideas/schema", {"topic": "t", "notes": payload}).prompt
    assert payload in out and "49" not in out


def test_precedence_explicit_over_profile_over_default(make_library):
    lib = Library([make_library({"post-ideas/test.yaml": prompt_yaml()})])
    save_profile("me", {"tone": "wry", "topic": "from profile", "unrelated": "ignored"})
    assert "in a calm tone" in lib.render("post-ideas/test", {"topic": "x"}).prompt
    r = lib.render("post-ideas/test", {}, profile="me")
    assert r.prompt == "Write about from profile in a wry tone."
    assert r.sources == {"topic": "profile", "tone": "profile"}
    r = lib.render("post-ideas/test", {"topic": "explicit"}, profile="me")
    assert r.prompt == "Write about explicit in a wry tone."
    assert r.sources["topic"] == "explicit"
    set_default_profile("me")
    assert "wry" in lib.render("post-ideas/test", {"topic": "x"}).prompt
    assert "calm" in lib.render("post-ideas/test", {"topic": "x"}, use_default_profile=False).prompt


def test_bad_profile_value_names_the_profile(make_library):
    lib = Library([make_library({"post-ideas/test.yaml": prompt_yaml()})])
    save_profile("long", {"topic": "y" * 500})
    with pytest.raises(VariableError, match="from profile 'long'"):
        lib.render("post-ideas/test", {}, profile="long")


def test_result_fields(make_library):
    lib = Library([make_library({"post-ideas/test.yaml": prompt_yaml()})])
    r = lib.render("post-ideas/test", {"topic": "pricing"})
    assert (r.id, r.version, r.output_kind) == ("post-ideas/test", "1.0.0", "post")
    assert len(r.content_hash) == 64
    assert r.system == "You write about pricing."
    assert r.prompt == "Write about pricing in a calm tone."
    assert r.text == "You write about pricing.\n\nWrite about pricing in a calm tone."
    assert r.variables == {"topic": "pricing", "tone": "calm"}
    assert r.messages() == [{"role": "system", "content": r.system}, {"role": "user", "content": r.prompt}]
    assert set(r.to_dict()) >= {"id", "version", "content_hash", "system", "prompt", "text", "variables"}


def test_example_values_render_every_bundled_prompt():
    lib = Library()
    for prompt in lib.prompts():
        r = lib.render(prompt.id, example=True)
        assert r.prompt.strip(), prompt.id
