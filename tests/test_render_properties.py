"""Property: any string given as a value comes out literally."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from linkedin_prompts.library import Library

PROMPT = """\
id: post-ideas/literal
version: 1.0.0
title: Literal
summary: Values in, values out.
category: post-ideas
output: {kind: other}
variables:
  - {name: body, label: Body, type: long_text, required: true, example: x}
  - {name: items, label: Items, type: list, example: [x]}
template: |
  <<{{ body }}>>
  {% for item in items %}[{{ item }}]{% endfor %}
examples:
  - values: {body: x}
changelog:
  - {version: 1.0.0, date: 2026-11-26, note: First release.}
"""

nasty = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["{{ 7*7 }}", "{% raw %}", "{% endraw %}", "{#", "#}", "{{", "}}", "{%- if x -%}",
                     "\x00", "\u202e", "${HOME}", "%s%s", "{0}", "\\n", "</script>"]),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(body=nasty.filter(lambda s: s.strip() != ""), items=st.lists(nasty, max_size=4))
def test_arbitrary_strings_render_literally(make_library, body, items):
    lib = _lib(make_library)
    out = lib.render("post-ideas/literal", {"body": body, "items": items}).prompt
    assert f"<<{body}>>" in out
    assert "".join(f"[{i}]" for i in items) in out


_cache: dict[int, Library] = {}


def _lib(make_library) -> Library:
    key = id(make_library)
    if key not in _cache:
        _cache.clear()
        _cache[key] = Library([make_library({"post-ideas/literal.yaml": PROMPT})])
    return _cache[key]
