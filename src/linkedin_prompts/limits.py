"""LinkedIn's limits, one table for the checker and the prompt templates.

LinkedIn publishes no single page of limits; each figure names its source. HARD limits are
enforced by LinkedIn's fields; VISIBILITY cut-offs are approximate and device dependent; ADVICE
is a recommendation. Where sources disagree the conservative figure is used and the others noted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["hard", "visibility", "advice"]

OUTPUT_KINDS = (
    "post", "comment", "headline", "about", "connection_note", "message", "inmail",
    "article", "poll", "document", "ideas", "plan", "other",
)


@dataclass(frozen=True)
class Limit:
    field: str
    max: int
    severity: Severity
    source: str
    note: str = ""
    min: int = 0

    @property
    def approximate(self) -> bool:
        return self.severity != "hard"


def _hard(field: str, n: int, source: str, note: str = "", min: int = 0) -> Limit:
    return Limit(field, n, "hard", source, note, min)


def _vis(field: str, n: int, source: str, note: str = "") -> Limit:
    return Limit(field, n, "visibility", source, note)


def _adv(field: str, n: int, source: str, note: str = "") -> Limit:
    return Limit(field, n, "advice", source, note)


# Source for 3,000: Ayrshare API docs and most guides (was 1,300 before; 600 in 2019).
POST_TEXT = _hard("text", 3000, "Ayrshare API docs; many guides", "was 1,300 earlier")
# "…see more" fold: ~140 characters on mobile, ~210 on desktop; 3 lines (a blank line uses a line).
# Sources: liftli linkedin-agent-skills, bulkpublish 2026; John Espirian 2024 for 3 lines.
FOLD_MOBILE = _vis("fold_mobile", 140, "liftli; bulkpublish 2026", "approximate, device dependent")
FOLD_DESKTOP = _vis("fold_desktop", 210, "liftli; bulkpublish 2026", "some guides say 200-250")
FOLD_LINES = _vis("fold_lines", 3, "John Espirian 2024", "some say 5 on desktop")
# Hashtags: no hard limit; advice 3 (some say up to 5). Social Media Today 2024.
HASHTAGS = _adv("hashtags", 3, "several guides; Social Media Today 2024", "hashtags matter less since 2024")
# Unicode pseudo-bold/italic: one or two uses at most; screen readers spell the letters out and
# LinkedIn search does not match them. Accessibility advice collected in linkedin-facts.md.
STYLED_USES = _adv("styled_uses", 2, "accessibility advice (linkedin-facts.md)",
                   "screen readers spell styled letters out")

LIMITS: dict[str, dict[str, Limit]] = {
    "post": {
        "text": POST_TEXT,
        "fold_mobile": FOLD_MOBILE,
        "fold_desktop": FOLD_DESKTOP,
        "fold_lines": FOLD_LINES,
        "hashtags": HASHTAGS,
    },
    "document": {
        # The caption of a document ("carousel") post is a post: same 3,000 limit.
        "text": POST_TEXT,
        "fold_mobile": FOLD_MOBILE,
        "fold_desktop": FOLD_DESKTOP,
        "fold_lines": FOLD_LINES,
        "hashtags": HASHTAGS,
        # 300 pages, 100 MB; PDF, PPT(X), DOC(X). Ayrshare; Emplifi.
        "pages": _hard("pages", 300, "Ayrshare; Emplifi", "100 MB per file"),
    },
    "comment": {"text": _hard("text", 1250, "most guides")},
    "headline": {
        # 220 since April 2020 (was 120). linkedinsights 2020; liftli.
        "text": _hard("text", 220, "linkedinsights 2020; liftli", "was 120 before April 2020"),
        "visible": _vis("visible", 65, "liftli", "shown in search results and bylines"),
    },
    "about": {
        "text": _hard("text", 2600, "several guides", "was 2,000"),
        "visible": _vis("visible", 300, "several guides", "shown before the About fold"),
    },
    "connection_note": {
        # Free 200 confirmed in the compose box, Aug 2026 (career-ops-hq/career-ops PR #2951);
        # older sources say 300, which is the Premium figure.
        "text": _hard("text", 200, "compose box Aug 2026 (career-ops PR #2951)", "free account"),
        "text_premium": _hard("text_premium", 300, "several guides", "Premium account"),
    },
    "message": {"text": _hard("text", 8000, "linkedhelper; liftli", "to a 1st-degree connection")},
    "inmail": {
        # LinkedIn Help a554514 says 2,000 for the body; 1,900 is the conservative default.
        "subject": _hard("subject", 200, "LinkedIn Help a554514"),
        "text": _hard("text", 1900, "LinkedIn Help a554514 (says 2,000)", "conservative default"),
    },
    "article": {
        "title": _hard("title", 100, "several guides", "one guide says 150"),
        "text": _hard("text", 110000, "several guides", "others say 125,000"),
    },
    "poll": {
        # Microsoft Learn, Poll API: question 140, 2-4 options of 30 characters.
        "question": _hard("question", 140, "Microsoft Learn Poll API"),
        "option": _hard("option", 30, "Microsoft Learn Poll API"),
        "options": _hard("options", 4, "Microsoft Learn Poll API", "2 to 4 options", min=2),
        "text": POST_TEXT,
    },
    "ideas": {},
    "plan": {},
    "other": {},
}

# Figures with no output kind of their own, for prompts that write them.
OTHER_FIGURES: dict[str, Limit] = {
    "experience": _hard("experience", 2000, "linkedhelper; vulse 2023"),
    "position_title": _hard("position_title", 100, "guides"),
    "skill": _hard("skill", 80, "guides", "up to 100 skills, top 3 pinned"),
    "recommendation": _hard("recommendation", 3000, "vulse; advmedia"),
    "page_name": _hard("page_name", 100, "clearviewsocial; liftli"),
    "page_tagline": _hard("page_tagline", 120, "clearviewsocial; liftli"),
    "page_about": _hard("page_about", 2000, "clearviewsocial; liftli"),
    "banner_width": _adv("banner_width", 1584, "LinkedIn banner guidance", "1584 x 396 px"),
    "banner_height": _adv("banner_height", 396, "LinkedIn banner guidance", "1584 x 396 px"),
    "connections_cap": _hard("connections_cap", 30000, "LinkedIn Help a551012"),
    "free_notes_per_month": _hard("free_notes_per_month", 5, "LinkedIn Help a550555",
                                  "others report 3 or ~10"),
    "weekly_invitations": _vis("weekly_invitations", 100, "LinkedIn Help a551012; guides",
                               "about 100 a week, never confirmed officially"),
    "images_per_post": _hard("images_per_post", 20, "Microsoft Learn MultiImage API"),
    "video_minutes": _hard("video_minutes", 10, "several guides", "some say 15"),
}


def template_figures() -> dict[str, dict[str, int]]:
    """The figures as the templates see them: ``{{ li.post.text }}``, ``{{ li.other.page_tagline }}``."""
    out: dict[str, dict[str, int]] = {k: {f: lim.max for f, lim in v.items()} for k, v in LIMITS.items()}
    out["other"] = {f: lim.max for f, lim in OTHER_FIGURES.items()}
    return out
