"""The bundled library's content: counts, golden renders, and a lint for banned advice."""

from __future__ import annotations

import os
import re
from pathlib import Path

import msgspec
import pytest

from linkedin_prompts.checks import ENGAGEMENT_BAIT, STOCK_OPENERS, find_phrases
from linkedin_prompts.library import Library

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

MINIMUM_PER_CATEGORY = {
    "account-growth": 8, "profile": 6, "post-ideas": 14, "formats": 6, "engagement": 6,
    "company-page": 8, "groups": 6, "monetization": 8, "strategy": 4,
}
PROFILE_VARIABLES = {"author_name": 80, "role": 120, "industry": 80, "audience": 200, "offer": 300,
                     "tone": 80, "language": 40}

LIB = Library()
PROMPTS = LIB.prompts()
IDS = [p.id for p in PROMPTS]


def test_exactly_seventy_prompts_spread_over_the_categories():
    assert len(PROMPTS) == 70
    counts: dict[str, int] = {}
    for p in PROMPTS:
        counts[p.spec.category] = counts.get(p.spec.category, 0) + 1
    for category, minimum in MINIMUM_PER_CATEGORY.items():
        assert counts.get(category, 0) >= minimum, (category, counts)
    assert set(counts) == set(MINIMUM_PER_CATEGORY)


def test_library_release_is_1_0_0_and_every_prompt_has_its_changelog():
    assert LIB.version == "1.0.0"
    for p in PROMPTS:
        assert any(c.version == p.version for c in p.spec.changelog), p.id


@pytest.mark.parametrize("prompt_id", IDS)
def test_every_variable_is_documented_and_profile_variables_are_shared(prompt_id):
    spec = LIB.get(prompt_id).spec
    assert spec.examples and spec.examples[0].values, "a realistic example"
    assert 2 <= len(spec.tags) <= 5
    for var in spec.variables:
        assert var.label and var.help and var.example not in (None, "", []), (prompt_id, var.name)
        if var.name in PROFILE_VARIABLES:
            assert var.type == "text" and var.max_length == PROFILE_VARIABLES[var.name], (prompt_id, var.name)
    assert any(v.name in PROFILE_VARIABLES for v in spec.variables), "personalised by the profile"


@pytest.mark.parametrize("prompt_id", IDS)
def test_golden_render_of_the_first_example(prompt_id):
    """A change to any prompt or partial shows up here, and so in review."""
    text = LIB.render(prompt_id, example=True, use_default_profile=False).text + "\n"
    golden = GOLDEN / f"{prompt_id}.txt"
    if UPDATE or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote missing golden file {golden}; review and commit it")
    assert text == golden.read_text(encoding="utf-8"), (
        f"{prompt_id} renders differently from {golden}; if intended, run UPDATE_GOLDEN=1 pytest tests/test_content.py")


# --- lint -------------------------------------------------------------------------------------
# A line may name a banned phrase only to forbid it.
_FORBIDS = re.compile(r"\b(no|not|never|don'?t|do not|avoid|ban\w*|without|instead of|skip|nor|"
                      r"cut|remove|drop|refuse|rather than|cliché|stock|bait)\b", re.I)
_CREATOR_ON = re.compile(r"\b(turn|switch|toggle|enable|activate|use)\w*\s+(on\s+)?(your\s+)?creator\s+mode", re.I)
_CAROUSEL_NATIVE = re.compile(r"\b(native|image)\s+carousels?\b", re.I)
_PAST = re.compile(r"\b(removed|retired|gone|no longer|replaced)\b", re.I)
# Places that quote bait on purpose: the draft the edit-my-draft example asks the model to fix.
DELIBERATE = {"post-ideas/edit-my-draft.variables[0].example", "post-ideas/edit-my-draft.examples[0].values.draft"}


def _texts(prompt) -> list[tuple[str, str]]:
    data = msgspec.to_builtins(prompt.spec)
    out: list[tuple[str, str]] = []

    def walk(node, where):
        if isinstance(node, str):
            out.append((where, node))
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")

    walk(data, prompt.id)
    return out


def _content_files() -> list[tuple[str, str]]:
    files = [p for p in (ROOT / "prompts" / "_partials").glob("*.j2") if p.name != "no_bait.j2"]
    files += [ROOT / "prompts" / "checklist.yaml", *sorted((ROOT / "prompts" / "_guide").glob("*"))]
    return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files]


ALL_TEXTS = [t for p in PROMPTS for t in _texts(p)] + _content_files()


def _violations(where: str, text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for phrase, _, _ in find_phrases(line, ENGAGEMENT_BAIT + STOCK_OPENERS):
            if not _FORBIDS.search(line):
                found.append(f"{where}: '{phrase.label}' in: {line.strip()[:120]}")
        if "creator mode" in line.lower() and (_CREATOR_ON.search(line) or not re.search(r"retired|no longer|gone|removed", line, re.I)):
            found.append(f"{where}: Creator mode mentioned as if current: {line.strip()[:120]}")
        if _CAROUSEL_NATIVE.search(line) and not _PAST.search(line):
            found.append(f"{where}: native image carousels were removed in June 2023: {line.strip()[:120]}")
    return found


def test_no_engagement_bait_stock_openers_or_outdated_advice():
    problems = [v for where, text in ALL_TEXTS if where not in DELIBERATE for v in _violations(where, text)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("line, flagged", [
    ("End with: comment YES and I'll send the guide.", True),
    ("Tag 3 friends who need this.", True),
    ("I'm thrilled to announce our new office.", True),
    ("Switch on Creator mode to get the Follow button.", True),
    ("Make it a native carousel of 8 images.", True),
    ("Never ask readers to comment YES or tag friends.", False),
    ("Creator mode was retired in 2024; its features are standard now.", False),
    ("Native image carousels were removed in June 2023; use a document post.", False),
    ("Open with the moment the deal fell through.", False),
    ("The kit ends with a comment guide for colleagues.", False),
    ("Comment GUIDE below and I'll send it.", True),
])
def test_the_lint_itself(line, flagged):
    assert bool(_violations("t", line)) is flagged
