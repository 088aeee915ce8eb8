"""The growth checklist and the followers-vs-connections explainer: load, decide, check.

Both are content, not code: ``checklist.yaml`` at the library root, and
``_guide/followers-vs-connections.md`` (prose) with ``.yaml`` (table and decision helper).
The last library layer that holds a file wins, so an extra library can replace either.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec

from .errors import LibraryError, PromptStudioError
from .schema import NonEmpty, Semver, Slug
from .yamlio import line_of, load_typed, read_text

if TYPE_CHECKING:
    from .library import Library

CHECKLIST_FILE = "checklist.yaml"
EXPLAINER_DIR = "_guide"
EXPLAINER_NAME = "followers-vs-connections"
MIN_CHECKLIST_ITEMS = 40
MAX_COMBINATIONS = 100_000  # bounds the every-combination check of the decision helper

OutcomeId = Literal["followers", "connections", "both"]
OUTCOME_IDS: tuple[str, ...] = ("followers", "connections", "both")
AnswerId = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    pass


# -- checklist ---------------------------------------------------------------------------------
class ChecklistItem(_Strict, kw_only=True):
    id: Slug
    text: NonEmpty
    why: NonEmpty
    prompts: list[str] = []
    source: str = ""  # required when text or why states a figure


class ChecklistSection(_Strict, kw_only=True):
    id: Slug
    title: NonEmpty
    items: Annotated[list[ChecklistItem], msgspec.Meta(min_length=1)]


class Checklist(_Strict, kw_only=True):
    version: Semver
    sections: Annotated[list[ChecklistSection], msgspec.Meta(min_length=1)]

    def items(self) -> list[ChecklistItem]:
        return [item for section in self.sections for item in section.items]


# -- explainer ---------------------------------------------------------------------------------
class ComparisonRow(_Strict, kw_only=True):
    aspect: NonEmpty
    followers: NonEmpty
    connections: NonEmpty
    source: str = ""  # required when a cell states a figure


class Scores(_Strict, kw_only=True):
    followers: int
    connections: int


class Answer(_Strict, kw_only=True):
    id: AnswerId
    label: NonEmpty
    scores: Scores


class Question(_Strict, kw_only=True):
    id: AnswerId
    text: NonEmpty
    answers: Annotated[list[Answer], msgspec.Meta(min_length=2)]

    def answer(self, answer_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)

    def answer_ids(self) -> list[str]:
        return [a.id for a in self.answers]


class Outcome(_Strict, kw_only=True):
    id: OutcomeId
    title: NonEmpty
    recommendation: NonEmpty
    prompts: list[str] = []


class DecisionHelper(_Strict, kw_only=True):
    # Totals that differ by no more than this recommend "both"; otherwise the higher total wins.
    tie_margin: Annotated[int, msgspec.Meta(ge=0)] = 2
    questions: Annotated[list[Question], msgspec.Meta(min_length=1)]
    outcomes: Annotated[list[Outcome], msgspec.Meta(min_length=1)]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def outcome(self, outcome_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.id == outcome_id), None)


class ExplainerData(_Strict, kw_only=True):
    version: Semver
    title: NonEmpty
    table: Annotated[list[ComparisonRow], msgspec.Meta(min_length=1)]
    decision: DecisionHelper


@dataclass(frozen=True)
class Explainer:
    """The explainer: its Markdown text, comparison table and decision helper."""

    title: str
    version: str
    markdown: str
    table: list[ComparisonRow]
    decision: DecisionHelper
    markdown_path: Path
    data_path: Path


@dataclass(frozen=True)
class Decision:
    outcome: str
    title: str
    recommendation: str
    prompts: list[str]
    scores: dict[str, int]          # {"followers": n, "connections": n}
    answers: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return {"outcome": self.outcome, "title": self.title, "recommendation": self.recommendation,
                "prompts": list(self.prompts), "scores": dict(self.scores), "answers": dict(self.answers)}


class DecisionError(PromptStudioError):
    """An answer to the decision helper is missing or unknown."""

    def __init__(self, message: str, *, question: str | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.question = question


# -- finding and loading -----------------------------------------------------------------------
def load_checklist(library: "Library") -> Checklist:
    """The growth checklist from ``checklist.yaml``."""
    path = library.content_file(CHECKLIST_FILE)
    return load_typed(read_text(path), path, Checklist)


def load_explainer(library: "Library") -> Explainer:
    """The followers-vs-connections explainer: Markdown text, table and decision helper."""
    md_path = library.content_file(f"{EXPLAINER_DIR}/{EXPLAINER_NAME}.md")
    data_path = library.content_file(f"{EXPLAINER_DIR}/{EXPLAINER_NAME}.yaml")
    data = load_typed(read_text(data_path), data_path, ExplainerData)
    return Explainer(title=data.title, version=data.version, markdown=read_text(md_path),
                     table=data.table, decision=data.decision, markdown_path=md_path, data_path=data_path)


# -- deciding ----------------------------------------------------------------------------------
def outcome_for(followers: int, connections: int, tie_margin: int) -> str:
    """``both`` when the totals are within ``tie_margin``, else the side with the higher total."""
    if abs(followers - connections) <= tie_margin:
        return "both"
    return "followers" if followers > connections else "connections"


def _choices(question: Question) -> str:
    return f"{question.id} ({question.text}): one of " + ", ".join(question.answer_ids())


def decide(explainer: Explainer, answers: dict[str, str]) -> Decision:
    """Score the answers (question id -> answer id) and return the recommended outcome."""
    helper = explainer.decision
    known = [q.id for q in helper.questions]
    for question_id in answers:
        if helper.question(question_id) is None:
            raise DecisionError(f"unknown question '{question_id}'", question=question_id,
                                hint="questions: " + ", ".join(known))
    followers = connections = 0
    for question in helper.questions:
        if question.id not in answers:
            others = [q.id for q in helper.questions if q.id not in answers and q.id != question.id]
            also = f"; also unanswered: {', '.join(others)}" if others else ""
            raise DecisionError(f"no answer for question '{question.id}'", question=question.id,
                                hint=_choices(question) + also)
        answer = question.answer(answers[question.id])
        if answer is None:
            raise DecisionError(f"'{answers[question.id]}' is not an answer to '{question.id}'",
                                question=question.id, hint=_choices(question))
        followers += answer.scores.followers
        connections += answer.scores.connections
    outcome_id = outcome_for(followers, connections, helper.tie_margin)
    outcome = helper.outcome(outcome_id)
    if outcome is None:
        raise LibraryError(f"no outcome '{outcome_id}' in the decision helper", file=str(explainer.data_path),
                           field="decision.outcomes", hint="add outcomes followers, connections and both")
    return Decision(outcome=outcome.id, title=outcome.title, recommendation=outcome.recommendation,
                    prompts=list(outcome.prompts), scores={"followers": followers, "connections": connections},
                    answers={q.id: answers[q.id] for q in helper.questions})


def all_answer_combinations(explainer: Explainer) -> itertools.product:
    """Every way to answer the helper, as tuples of answer ids in question order."""
    return itertools.product(*(q.answer_ids() for q in explainer.decision.questions))


# -- checking ----------------------------------------------------------------------------------
_FIGURE = re.compile(r"\d")
_CITATION = re.compile(r"\[[^\]]+\]")


def states_figure(text: str) -> bool:
    """Whether a sentence states a number (any digit)."""
    return bool(_FIGURE.search(text))


def uncited_figures(markdown: str) -> list[tuple[int, str]]:
    """Paragraphs, list items and table rows that state a figure without a [source].

    Returns (line, first line of the block). Citations themselves are ignored when looking for
    digits, so "[Help a551012]" alone does not count as a figure.
    """
    out: list[tuple[int, str]] = []
    block: list[str] = []
    start = 0

    def flush() -> None:
        if block:
            text = " ".join(block)
            if states_figure(_CITATION.sub("", text)) and not _CITATION.search(text):
                out.append((start, block[0].strip()))
        block.clear()

    for number, line in enumerate(markdown.splitlines(), start=1):
        stripped = line.strip()
        new_block = (not stripped or stripped.startswith(("#", "- ", "* ", "|"))
                     or re.match(r"\d+\. ", stripped) is not None)
        if new_block:
            flush()
        if stripped and not stripped.startswith("#"):
            if not block:
                start = number
            block.append(stripped)
            if stripped.startswith("|"):
                flush()
    flush()
    return out


def check_content(library: "Library") -> list[LibraryError]:
    """Every problem in the checklist and the explainer, as errors naming file, line and field."""
    errors: list[LibraryError] = []
    try:
        known_ids = set(library.ids())
    except PromptStudioError as exc:
        return [exc if isinstance(exc, LibraryError) else LibraryError(str(exc))]
    for check in (_check_checklist, _check_explainer):
        try:
            errors.extend(check(library, known_ids))
        except LibraryError as exc:
            errors.append(exc)
    return errors


def _check_checklist(library: "Library", known_ids: set[str]) -> list[LibraryError]:
    path = library.content_file(CHECKLIST_FILE)
    text = read_text(path)
    checklist = load_typed(text, path, Checklist)
    errors: list[LibraryError] = []

    def error(message: str, json_path: str, field: str, hint: str | None = None) -> None:
        errors.append(LibraryError(message, file=str(path), line=line_of(text, json_path), field=field, hint=hint))

    seen_sections: set[str] = set()
    seen_items: set[str] = set()
    for s, section in enumerate(checklist.sections):
        if section.id in seen_sections:
            error(f"section id '{section.id}' is used twice", f"$.sections[{s}].id", f"sections[{s}].id",
                  "give each section its own id")
        seen_sections.add(section.id)
        for i, item in enumerate(section.items):
            at = f"$.sections[{s}].items[{i}]"
            where = f"sections[{s}].items[{i}]"
            if item.id in seen_items:
                error(f"item id '{item.id}' is used twice", f"{at}.id", f"{where}.id", "give each item its own id")
            seen_items.add(item.id)
            for p, prompt_id in enumerate(item.prompts):
                if prompt_id not in known_ids:
                    error(f"no prompt with id '{prompt_id}'", f"{at}.prompts[{p}]", f"{where}.prompts",
                          "use an id from `linkedin-prompts list` or remove it")
            if (states_figure(item.text) or states_figure(item.why)) and not item.source.strip():
                error(f"item '{item.id}' states a figure but has no source", f"{at}.text", f"{where}.source",
                      "add source: with the reference from the LinkedIn fact sheet")
    count = len(checklist.items())
    if count < MIN_CHECKLIST_ITEMS:
        error(f"has {count} items; the checklist needs at least {MIN_CHECKLIST_ITEMS}", "$.sections",
              "sections", "add items")
    return errors


def _check_explainer(library: "Library", known_ids: set[str]) -> list[LibraryError]:
    data_path = library.content_file(f"{EXPLAINER_DIR}/{EXPLAINER_NAME}.yaml")
    text = read_text(data_path)
    explainer = load_explainer(library)
    helper = explainer.decision
    errors: list[LibraryError] = []

    def error(message: str, json_path: str, field: str, hint: str | None = None) -> None:
        errors.append(LibraryError(message, file=str(data_path), line=line_of(text, json_path), field=field,
                                   hint=hint))

    for line, first in uncited_figures(explainer.markdown):
        errors.append(LibraryError(f"states a figure without a [source]: {first[:60]}",
                                   file=str(explainer.markdown_path), line=line,
                                   hint="add the source in square brackets, e.g. [Help a551012]"))
    for r, row in enumerate(explainer.table):
        if any(states_figure(cell) for cell in (row.aspect, row.followers, row.connections)) and not row.source.strip():
            error(f"row '{row.aspect}' states a figure but has no source", f"$.table[{r}]", f"table[{r}].source",
                  "add source: with the reference from the LinkedIn fact sheet")

    question_ids: set[str] = set()
    for q, question in enumerate(helper.questions):
        if question.id in question_ids:
            error(f"question id '{question.id}' is used twice", f"$.decision.questions[{q}].id",
                  f"decision.questions[{q}].id")
        question_ids.add(question.id)
        answer_ids: set[str] = set()
        for a, answer in enumerate(question.answers):
            if answer.id in answer_ids:
                error(f"answer id '{answer.id}' is used twice in question '{question.id}'",
                      f"$.decision.questions[{q}].answers[{a}].id", f"decision.questions[{q}].answers[{a}].id")
            answer_ids.add(answer.id)

    outcome_ids: set[str] = set()
    for o, outcome in enumerate(helper.outcomes):
        if outcome.id in outcome_ids:
            error(f"outcome '{outcome.id}' is defined twice", f"$.decision.outcomes[{o}].id",
                  f"decision.outcomes[{o}].id")
        outcome_ids.add(outcome.id)
        for p, prompt_id in enumerate(outcome.prompts):
            if prompt_id not in known_ids:
                error(f"no prompt with id '{prompt_id}'", f"$.decision.outcomes[{o}].prompts[{p}]",
                      f"decision.outcomes[{o}].prompts", "use an id from `linkedin-prompts list` or remove it")

    combinations = math.prod(len(q.answers) for q in helper.questions)
    if combinations > MAX_COMBINATIONS:
        error(f"{combinations:,} answer combinations is too many to check", "$.decision.questions",
              "decision.questions", f"keep it under {MAX_COMBINATIONS:,}")
        return errors
    missing: dict[str, tuple[str, ...]] = {}
    for combo in all_answer_combinations(explainer):
        followers = sum(q.answer(a).scores.followers for q, a in zip(helper.questions, combo))  # type: ignore[union-attr]
        connections = sum(q.answer(a).scores.connections for q, a in zip(helper.questions, combo))  # type: ignore[union-attr]
        outcome_id = outcome_for(followers, connections, helper.tie_margin)
        if outcome_id not in outcome_ids and outcome_id not in missing:
            missing[outcome_id] = combo
    for outcome_id, combo in missing.items():
        answers = ", ".join(f"{q.id}={a}" for q, a in zip(helper.questions, combo))
        error(f"answers ({answers}) lead to outcome '{outcome_id}', which is not defined",
              "$.decision.outcomes", "decision.outcomes", f"add an outcome with id: {outcome_id}")
    return errors
