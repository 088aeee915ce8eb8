"""Template injection: every payload is refused quickly, with a clear error, leaking nothing."""

from __future__ import annotations

import os
from pathlib import Path
import time

import pytest

from linkedin_prompts.errors import TemplateError
from linkedin_prompts.library import Library

SECRET = "sk-test-SANDBOX-SENTINEL-0123456789"

PROMPT = """\
id: post-ideas/payload
version: 1.0.0
title: Payload
summary: A hostile template.
category: post-ideas
output: {{kind: other}}
variables:
  - {{name: topic, label: Topic, type: text, example: x}}
template: |
{body}
examples:
  - values: {{topic: x}}
changelog:
  - {{version: 1.0.0, date: 2026-11-26, note: First release.}}
"""

PAYLOADS = {
    "mro-walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "value-class": "{{ topic.__class__.__init__.__globals__ }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].environ }}",
    "cycler-popen": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "self-globals": "{{ self.__init__.__globals__ }}",
    "attr-filter": "{{ topic|attr('__class__') }}",
    "str-format": "{{ '{0.__class__.__mro__}'.format(topic) }}",
    "format-filter": "{{ '%s'|format(topic) }}",
    "percent-padding": "{{ '%999999999s' % topic }}",
    "list-mutation": "{% set l = [1] %}{{ l.append(2) }}{{ l }}",
    "dict-mutation": "{% set d = {} %}{{ d.update({'a': 1}) }}{{ d }}",
    "power-fold": "{% set y = 7 ** 300000000 %}{{ y }}",
    "power-expr": "{{ 7 ** 300000000 }}",
    "string-repeat": "{{ 'x' * 1000000000 }}",
    "list-repeat": "{{ [0] * 1000000000 }}",
    "center-method": "{{ topic.center(1000000000) }}",
    "center-filter": "{{ topic|center(1000000000) }}",
    "replace-growth": "{{ ('x' * 20000).replace('x', 'y' * 20000) }}",
    "huge-range": "{% for i in range(1000000000) %}{% endfor %}",
    "nested-loops": "{% for a in range(20000) %}{% for b in range(20000) %}{% endfor %}{% endfor %}",
    "string-loops": "{% set s = 'x' * 20000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    "macro-recursion": "{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('x') }}",
    "recursive-loop": "{% for x in [1] recursive %}{{ loop([1, 1]) }}{% endfor %}",
    "output-flood": "{% for i in range(20000) %}{{ 'x' * 10000 }}{% endfor %}",
    "include-escape": "{% include '../../../../etc/passwd' %}",
    "include-absolute": "{% include '/etc/passwd' %}",
    "extends": "{% extends 'author_voice.j2' %}",
    "import": "{% import 'author_voice.j2' as m %}",
    "namespace-growth": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "environ": "{{ config }}{{ request }}{{ os }}",
}


@pytest.fixture
def render_payload(make_library, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)

    def run(body: str):
        indented = "\n".join("  " + line for line in body.splitlines())
        root = make_library({"post-ideas/payload.yaml": PROMPT.format(body=indented)}, name=f"lib{abs(hash(body))}")
        return Library([root]).render("post-ideas/payload", {"topic": "x"})

    return run


@pytest.mark.timeout(20)
@pytest.mark.parametrize("name", list(PAYLOADS))
def test_payload_is_refused_quickly_and_leaks_nothing(render_payload, name):
    started = time.monotonic()
    with pytest.raises(TemplateError) as info:
        render_payload(PAYLOADS[name])
    elapsed = time.monotonic() - started
    message = str(info.value)
    assert "\n" not in message, "errors are one line"
    assert "payload.yaml" in message, "the error names the file"
    assert SECRET not in message and "root:x" not in message and "<module" not in message
    assert elapsed < 5, f"{name} took {elapsed:.1f}s"  # a guard against hangs, not a benchmark


def test_string_methods_that_do_not_allocate_still_work(render_payload):
    body = "{{ topic.upper() }} {{ 'a,b'.split(',') | join('+') }} {{ topic.replace('x', 'yy') }} {{ 3 * 4 }} {{ 2 ** 10 }} {{ 7 % 3 }}"
    assert render_payload(body).prompt == "X a+b yy 12 1024 1"


def test_the_environment_holds_no_secret():
    env = Library().env
    assert set(env.globals) <= {"range", "dict", "li", "__loop_guard__"}
    assert SECRET not in repr(env.globals)
    assert os.environ.get("OPENAI_API_KEY") is None


@pytest.mark.timeout(20)
def test_compiled_templates_from_the_cache_keep_their_guards(make_library):
    """The second render comes from memory, the third (new Library) from the on-disk bytecode cache."""
    body = "  " + PAYLOADS["nested-loops"]
    root = make_library({"post-ideas/payload.yaml": PROMPT.format(body=body)})
    first = Library([root])
    for lib in (first, first, Library([root])):
        with pytest.raises(TemplateError, match="loops ran over"):
            lib.render("post-ideas/payload", {"topic": "x"})
    assert any(first.env.bytecode_cache.directory and p.name.startswith("jinja-v")
               for p in Path(first.env.bytecode_cache.directory).iterdir())
