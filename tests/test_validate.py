"""Every validation rule, each with a fixture that breaks it."""

from __future__ import annotations

import pytest

from conftest import prompt_yaml
from linkedin_prompts.library import Library
from linkedin_prompts.validate import validate
from linkedin_prompts.versions import lock

GOOD = prompt_yaml("post-ideas/test")


def findings_for(make_library, files: dict[str, str]):
    root = make_library(files)
    return root, validate(Library([root]), only=[root])


def only(findings, rule):
    hits = [f for f in findings if f.rule == rule]
    assert hits, f"no {rule} finding in {[str(f) for f in findings]}"
    return hits[0]


def test_good_prompt_has_no_findings(make_library):
    _, findings = findings_for(make_library, {"post-ideas/test.yaml": GOOD})
    assert findings == []


def test_bundled_library_is_valid():
    findings = validate(Library())
    assert findings == [], "\n".join(map(str, findings))


# (rule, how to break the good prompt, expected field, expected line or None, text in the message)
CASES = [
    ("yaml", lambda t: t.replace("title: Test prompt", "title: [oops"), None, 4, "malformed YAML"),
    ("schema", lambda t: t.replace("kind: post", "kind: pots"), "output.kind", 8, "Invalid enum value 'pots'"),
    ("schema", lambda t: t.replace("version: 1.0.0\ntitle", "version: '1.0'\ntitle"), "version", 2, "expected a semantic version like 1.0.0"),
    ("schema", lambda t: t.replace("summary: A test prompt.\n", ""), None, 1, "missing required field `summary`"),
    ("unknown-key", lambda t: t.replace("    type: text\n    required", "    tpye: text\n    required"), "variables[0]", 10, "unknown field `tpye`"),
    ("id-path", lambda t: t.replace("id: post-ideas/test", "id: post-ideas/other"), "id", 1, "does not match the file's path"),
    ("changelog", lambda t: t.replace("  - version: 1.0.0", "  - version: 0.9.0"), "changelog", 26, "no changelog entry for version 1.0.0"),
    ("jinja-syntax", lambda t: t.replace("in a {{ tone }} tone.", "in a {{ tone } tone."), "template", 23, "Jinja syntax error"),
    ("undeclared-variable", lambda t: t.replace("in a {{ tone }} tone.", "in a {{ tone }} tone for {{ audience }}."), "variables", 9, "'audience'"),
    ("unused-variable", lambda t: t.replace("in a {{ tone }} tone.", "in a calm tone."), "variables[1].name", 16, "'tone' is declared but never used"),
    ("bad-value", lambda t: t.replace("    default: calm", "    default: calm\n    max_length: 2"), "variables[1].default", 19, "default of 'tone' breaks its schema"),
    ("bad-value", lambda t: t.replace("    example: pricing", "    example: [pricing]"), "variables[0].example", 15, "example of 'topic'"),
    ("bad-example", lambda t: t.replace("  - values: {topic: pricing}", "  - values: {tone: calm}"), "examples[0].values", 25, "'topic': is required"),
    ("example-render", lambda t: t.replace("in a {{ tone }} tone.", "in a {{ tone.missing }} tone."), "examples[0]", 25, "does not render"),
    ("include", lambda t: t.replace("in a {{ tone }} tone.", "in a {{ tone }} tone.{% include 'nope.j2' %}"), "template", 22, "'nope.j2'"),
    ("sandbox", lambda t: t.replace("in a {{ tone }} tone.", "{% macro m() %}{% endmacro %}{{ tone }}"), "template", 23, "macros"),
]


@pytest.mark.parametrize("rule, breaker, field, line, text", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_catches_its_fixture(make_library, rule, breaker, field, line, text):
    broken = breaker(GOOD)
    assert broken != GOOD, "the fixture must change the prompt"
    _, findings = findings_for(make_library, {"post-ideas/test.yaml": broken})
    finding = only(findings, rule)
    assert text in finding.message
    assert finding.file.endswith("post-ideas/test.yaml")
    if field:
        assert finding.field == field
    assert finding.line == line, str(finding)


def test_duplicate_ids(make_library):
    _, findings = findings_for(make_library, {"post-ideas/test.yaml": GOOD, "post-ideas/test.yml": GOOD})
    assert "duplicate id 'post-ideas/test'" in only(findings, "duplicate-id").message


def test_unknown_category(make_library):
    files = {"nosuchcat/test.yaml": prompt_yaml("nosuchcat/test")}
    _, findings = findings_for(make_library, files)
    assert "category 'nosuchcat' is not declared" in only(findings, "unknown-category").message


def test_user_library_can_declare_its_own_category(make_library):
    files = {"library.yaml": "name: Mine\nversion: 1.0.0\ncategories:\n  - {id: nosuchcat, title: Mine}\n",
             "nosuchcat/test.yaml": prompt_yaml("nosuchcat/test")}
    _, findings = findings_for(make_library, files)
    assert findings == []


def test_changed_prompt_without_version_bump(make_library):
    root = make_library({"post-ideas/test.yaml": GOOD})
    lock(Library([root]), root)
    path = root / "post-ideas/test.yaml"
    path.write_text(GOOD.replace("in a {{ tone }} tone.", "in a {{ tone }} voice."), encoding="utf-8")
    findings = validate(Library([root]), only=[root])
    finding = only(findings, "version-not-bumped")
    assert finding.field == "version" and finding.line == 2
    assert "bump the version" in finding.message


def test_version_going_backwards(make_library):
    root = make_library({"post-ideas/test.yaml": prompt_yaml(version="1.2.0")})
    lock(Library([root]), root)
    (root / "post-ideas/test.yaml").write_text(prompt_yaml(version="1.1.0"), encoding="utf-8")
    assert "older than the released 1.2.0" in only(validate(Library([root]), only=[root]), "version-backwards").message


def test_bumped_but_not_locked(make_library):
    root = make_library({"post-ideas/test.yaml": GOOD})
    lock(Library([root]), root)
    (root / "post-ideas/test.yaml").write_text(prompt_yaml(version="1.1.0", extra=" More."), encoding="utf-8")
    assert "run `linkedin-prompts lock`" in only(validate(Library([root]), only=[root]), "version-unlocked").message


def test_tampered_archive(make_library):
    root = make_library({"post-ideas/test.yaml": GOOD})
    lock(Library([root]), root)
    archived = root / "_versions/post-ideas/test/1.0.0.yaml"
    archived.write_text(archived.read_text().replace("calm tone", "calm, tampered tone").replace("{{ tone }} tone.", "{{ tone }} tone!"))
    assert "no longer matches its locked hash" in only(validate(Library([root]), only=[root]), "archive").message
