"""The growth checklist and the followers-vs-connections explainer: content, decisions, checks."""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from linkedin_prompts.cli import main
from linkedin_prompts.errors import LibraryError, PromptStudioError
from linkedin_prompts.guide import (
    DecisionError, all_answer_combinations, check_content, decide, load_checklist, load_explainer,
    states_figure, uncited_figures,
)
from linkedin_prompts.library import Library

SECTIONS = ["profile", "content", "engagement", "company-page", "groups", "making-money", "weekly-routine"]


@pytest.fixture(scope="module")
def library() -> Library:
    return Library()


@pytest.fixture(scope="module")
def explainer(library):
    return load_explainer(library)


def answers_for(explainer, **given: str) -> dict[str, str]:
    """Answers keyed by question id, in the helper's order."""
    return {q.id: given[q.id] for q in explainer.decision.questions}


# -- the bundled content -----------------------------------------------------------------------
def test_bundled_content_passes_its_own_checks(library):
    assert check_content(library) == []


def test_checklist_has_40_items_in_the_seven_sections(library):
    checklist = load_checklist(library)
    assert [s.id for s in checklist.sections] == SECTIONS
    assert len(checklist.items()) >= 40
    assert all(len(s.items) >= 5 for s in checklist.sections)
    ids = [item.id for item in checklist.items()]
    assert len(ids) == len(set(ids))


def test_every_prompt_the_checklist_names_exists(library):
    known = set(library.ids())
    referenced = {p for item in load_checklist(library).items() for p in item.prompts}
    assert referenced, "the checklist should point at prompts that help"
    assert referenced <= known
    assert {p for p in referenced if p.startswith("monetization/")}, "making money should use its prompts"


def test_every_checklist_figure_has_a_source(library):
    for item in load_checklist(library).items():
        if states_figure(item.text) or states_figure(item.why):
            assert item.source.strip(), item.id


def test_every_explainer_figure_has_a_source(explainer):
    assert uncited_figures(explainer.markdown) == []
    for row in explainer.table:
        if any(states_figure(c) for c in (row.followers, row.connections)):
            assert row.source.strip(), row.aspect


def test_explainer_states_the_key_facts_with_their_sources(explainer):
    text = explainer.markdown
    assert "30,000" in text and "Help a551012" in text
    assert "Help a547492" in text          # Pages have followers only
    assert "Make follow primary" in text
    assert "retired" in text               # Creator mode is gone
    # The seed article's mistake is corrected, not repeated.
    assert "Connections don't see my posts" in text and "Wrong." in text
    cap = next(r for r in explainer.table if r.aspect == "Limit")
    assert "30,000" in cap.connections and "a551012" in cap.source


def test_outcome_prompts_exist(library, explainer):
    known = set(library.ids())
    for outcome in explainer.decision.outcomes:
        assert set(outcome.prompts) <= known, outcome.id


# -- deciding ----------------------------------------------------------------------------------
def test_every_combination_of_answers_gets_a_recommendation(explainer):
    question_ids = [q.id for q in explainer.decision.questions]
    seen = Counter()
    for combo in all_answer_combinations(explainer):
        decision = decide(explainer, dict(zip(question_ids, combo)))
        assert decision.outcome in {"followers", "connections", "both"}
        assert decision.recommendation and decision.title
        seen[decision.outcome] += 1
    assert set(seen) == {"followers", "connections", "both"}, "every outcome should be reachable"


def test_a_consultant_after_clients_is_told_to_grow_connections(explainer):
    decision = decide(explainer, answers_for(explainer, business="services", goal="clients", stage="growing",
                                              time="some", accounts="yes"))
    assert decision.outcome == "connections"
    assert decision.scores["connections"] > decision.scores["followers"]


def test_a_busy_established_consultant_is_told_to_grow_both(explainer):
    decision = decide(explainer, answers_for(explainer, business="services", goal="clients", stage="established",
                                              time="little", accounts="no"))
    assert decision.outcome in {"connections", "both"}


def test_a_creator_after_an_audience_is_told_to_grow_followers(explainer):
    decision = decide(explainer, answers_for(explainer, business="creator", goal="audience", stage="established",
                                              time="little", accounts="no"))
    assert decision.outcome == "followers"
    assert decision.answers["goal"] == "audience"


def test_close_scores_recommend_both(explainer):
    decision = decide(explainer, answers_for(explainer, business="employee", goal="audience", stage="growing",
                                              time="some", accounts="not-selling"))
    assert abs(decision.scores["followers"] - decision.scores["connections"]) <= explainer.decision.tie_margin
    assert decision.outcome == "both"


@pytest.mark.parametrize("change, message", [
    ({"business": "astronaut"}, "'astronaut' is not an answer to 'business'"),
    ({"colour": "blue"}, "unknown question 'colour'"),
])
def test_bad_answers_are_refused_with_the_valid_choices(explainer, change, message):
    answers = answers_for(explainer, business="services", goal="clients", stage="growing", time="some",
                          accounts="yes")
    answers.update(change)
    with pytest.raises(DecisionError) as info:
        decide(explainer, answers)
    assert isinstance(info.value, PromptStudioError)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_missing_answer_names_the_question_and_its_answers(explainer):
    with pytest.raises(DecisionError) as info:
        decide(explainer, {"business": "creator"})
    text = str(info.value)
    assert "no answer for question 'goal'" in text
    assert "clients, job, partners, audience" in text
    assert info.value.question == "goal"


# -- checking broken content -------------------------------------------------------------------
BROKEN_CHECKLIST = """\
version: 1.0.0
sections:
  - id: profile
    title: Profile
    items:
      - id: same-id
        text: Put your audience in the first 65 characters of your headline.
        why: Search shows only the start.
        prompts: [monetization/service-page-copy]
      - id: same-id
        text: Ask for recommendations.
        why: Proof from others.
        prompts: [profile/no-such-prompt]
"""

EXPLAINER_MD = """\
# Followers and connections

- The cap is 30,000 connections [Help a551012].
- About 100 invitations a week is the usual limit.
"""

BROKEN_EXPLAINER = """\
version: 1.0.0
title: Test
table:
  - aspect: Limit
    followers: None
    connections: 30,000
decision:
  tie_margin: 0
  questions:
    - id: goal
      text: What do you want?
      answers:
        - id: clients
          label: Clients
          scores: {followers: 0, connections: 2}
        - id: clients
          label: An audience
          scores: {followers: 2, connections: 0}
        - id: neither
          label: Not sure
          scores: {followers: 1, connections: 1}
  outcomes:
    - id: followers
      title: Followers
      recommendation: Grow followers.
      prompts: [strategy/does-not-exist]
    - id: connections
      title: Connections
      recommendation: Grow connections.
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_check_content_reports_each_problem_with_file_and_line(tmp_path):
    root = write(tmp_path / "lib", {
        "checklist.yaml": BROKEN_CHECKLIST,
        "_guide/followers-vs-connections.md": EXPLAINER_MD,
        "_guide/followers-vs-connections.yaml": BROKEN_EXPLAINER,
    })
    errors = check_content(Library([root]))   # layered over the bundled library, whose prompts exist
    assert all(isinstance(e, LibraryError) for e in errors)
    by_message = {e.message: e for e in errors}

    duplicate = by_message["item id 'same-id' is used twice"]
    assert duplicate.file.endswith("checklist.yaml") and duplicate.line == 10
    unknown = by_message["no prompt with id 'profile/no-such-prompt'"]
    assert unknown.line == 13
    unsourced = by_message["item 'same-id' states a figure but has no source"]
    assert unsourced.line == 7 and unsourced.field == "sections[0].items[0].source"
    assert any(m.startswith("has 2 items") for m in by_message)

    md = [e for e in errors if e.file.endswith(".md")]
    assert [(e.line, "100 invitations" in e.message) for e in md] == [(4, True)]
    assert "row 'Limit' states a figure but has no source" in by_message
    assert "answer id 'clients' is used twice in question 'goal'" in by_message
    assert by_message["no prompt with id 'strategy/does-not-exist'"].line == 26
    assert any("lead to outcome 'both', which is not defined" in m for m in by_message)


def test_check_content_reports_a_malformed_file_instead_of_raising(tmp_path):
    root = write(tmp_path / "lib", {"checklist.yaml": "version: 1.0.0\nsections:\n  - id: profile\n    titel: x\n"})
    errors = check_content(Library([root]))
    assert len(errors) == 1
    assert errors[0].file.endswith("checklist.yaml") and errors[0].line is not None


# -- the commands ------------------------------------------------------------------------------
def test_checklist_command_prints_items_with_their_prompts(capsys):
    assert main(["checklist"]) == 0
    out = capsys.readouterr().out
    assert "## Making money" in out
    assert "Why: " in out and "Prompts: monetization/service-page-copy" in out


def test_checklist_command_json(capsys):
    assert main(["checklist", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in data["sections"]] == SECTIONS


def test_explain_command_prints_the_markdown(capsys):
    assert main(["explain"]) == 0
    assert capsys.readouterr().out.startswith("# Followers and connections")


def test_decide_command(capsys):
    args = ["decide", "-a", "business=creator", "-a", "goal=audience", "-a", "stage=established",
            "-a", "time=little", "-a", "accounts=no", "--json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "followers"


def test_decide_command_with_missing_answers_exits_2_and_lists_the_choices(capsys):
    assert main(["decide", "--answer", "business=services"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "goal" in err and "clients, job, partners, audience" in err
