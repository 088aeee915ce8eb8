"""Check text against LinkedIn's limits and habits before it is pasted.

``check_text(text, kind)`` returns a ``CheckReport``: counts, the limit used, the fold (what
shows before "…see more") and findings. HARD limits (limits.py) are errors; visibility cut-offs
and advice are warnings, called approximate; notes are info.

How things are counted:

- Line endings are normalised to ``\\n`` first (a browser's text box holds that); every offset
  is a code-point offset into that text, and lines are numbered from 1.
- ``code_points`` is Python's ``len()``; ``utf16`` counts UTF-16 units as browsers do, where
  emoji, flags and "Unicode bold" letters take two. Limits are held against the larger.
- The fold is computed on the text without its leading whitespace (LinkedIn trims it). The
  character cut keeps the first N code points (140 mobile, 210 desktop), moved back to the last
  space if it would split a word; the line cut keeps the first 3 lines, a blank line counting as
  one. The fold text is the shorter of the two. The hook is the first non-blank line; it is
  "before the fold" when it ends at or before the mobile cut. All of it is approximate.

Stdlib only: the CLI imports this on its fast path.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, NamedTuple

from linkedin_prompts import limits as L
from linkedin_prompts.errors import PromptStudioError
from linkedin_prompts.linkedin_text import (
    HASHTAG_RE,
    MENTION_RE,
    URL_END,
    URL_RE,
    find_markdown,
    span_mask,
    styled_runs,
    unstyle,
)

FindingSeverity = Literal["error", "warning", "info"]
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}

# Every code the checker can emit, with what it means. Tests enumerate this table.
FINDING_CODES: dict[str, str] = {
    "length.empty": "the text is empty; LinkedIn will not post it (error)",
    "length.hard": "a field is over LinkedIn's hard limit: text, subject, title, poll question or option (error)",
    "length.visible": "a headline runs past the ~65 characters shown in search and bylines (warning)",
    "fold.hook_after_fold": "the first line ends after the approximate '…see more' fold (warning)",
    "hashtags.too_many": "more hashtags than the advised 3 (warning)",
    "hashtags.mid_text": "a hashtag inside the text rather than together at the end (info)",
    "links.in_body": "a link in the post body; studies disagree on its effect on reach (info)",
    "bait.engagement": "engagement bait such as 'comment YES' or 'tag 3 friends' (warning)",
    "opener.stock": "a stock phrase such as 'I'm thrilled to announce' or a lone 'Agree?' (warning)",
    "unicode.styled": "Unicode pseudo-bold/italic; a warning past two uses (accessibility)",
    "caps.line": "a line in ALL CAPS (warning)",
    "emoji.dense": "more than one emoji per 10 words, with at least 4 emoji (warning)",
    "markdown.literal": "Markdown LinkedIn would show literally: **bold**, # headings, - bullets... (warning)",
    "placeholder.unfilled": "a placeholder such as [ADD PROOF] left for the author to fill (warning)",
    "poll.options_count": "a poll with fewer than 2 or more than 4 options (error)",
}


class Phrase(NamedTuple):
    """A phrase to avoid: a readable label and the regex that finds it (case-insensitive).

    Patterns are matched against text whose curly quotes are straightened and whose pseudo-bold
    letters are made plain, so they use only ASCII quotes.
    """

    label: str
    pattern: str


# Engagement bait: LinkedIn's Professional Community Policies demote posts that ask for
# reactions, comments or shares to game reach. Shared with the prompt lint: keep it data.
ENGAGEMENT_BAIT: tuple[Phrase, ...] = (
    # Not after an article: "a comment guide" is a noun, "Comment GUIDE" is bait.
    Phrase("comment YES", r"(?<!\ba\s)(?<!\bthe\s)(?<!\bour\s)(?<!\byour\s)"
                          r"\b(?:comment|type|reply|write)\s+(?:with\s+)?[\"']?"
                          r"(?:yes|me|interested|agree|done|ready|guide|link|pdf|send|info|\+1|1)[\"']?(?![\w+])"),
    Phrase("comment 'WORD' to get it", r"\b(?:comment|type|reply|drop)\s+(?:with\s+)?[\"'][^\"'\n]{1,25}[\"']"),
    Phrase("drop a 🔥 / drop a comment", r"\bdrop\s+(?:a|an)\s+(?:comment|yes|like|emoji|🔥|👇|👍|❤️?|🙌)(?!\w)"),
    Phrase("tag 3 friends", r"\btag\s+(?:(?:a|an|\d+|one|two|three|four|five|your|some)\s+)?"
                            r"(?:friends?|someone|somebody|colleagues?|people|connections?|co-?workers?)\b"),
    Phrase("like if you agree", r"\b(?:like|react\s+to|upvote)\s+(?:this\s+(?:post\s+)?)?if\s+you\b"),
    Phrase("react with ❤️", r"\b(?:react|vote)\s+with\s+(?:a\s+|an\s+)?(?:like|heart|thumbs[\s-]?up|emoji|👍|❤️?|👏|🔥)(?!\w)"),
    Phrase("like for yes, comment for no", r"\b(?:like|react)\s+for\s+[^\n,;/]{1,30}[,;/]\s*(?:comment|share|love|heart|celebrate)\s+for\b"),
    Phrase("like, comment and share", r"\blike\s*(?:,|and|&|\+)\s*(?:share|comment|repost)\b"),
    Phrase("share this with", r"\b(?:share|repost|reshare|send)\s+this(?:\s+post)?\s+(?:with|to)\b"),
    Phrase("repost if you agree", r"\b(?:repost|reshare|share)\s+(?:this\s+)?if\s+you\b"),
)

# Stock phrases readers scroll past. Matched anywhere; the closers only alone on a line.
STOCK_OPENERS: tuple[Phrase, ...] = (
    Phrase("I'm thrilled to announce", r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:so\s+|very\s+|beyond\s+|truly\s+)?"
                                       r"(?:thrilled|delighted|pleased|proud|honou?red|humbled|excited|happy)\s+to\s+announce\b"),
    Phrase("I'm excited to share", r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:so\s+|very\s+|beyond\s+|truly\s+)?"
                                   r"(?:thrilled|delighted|excited|humbled|honou?red)\s+to\s+share\b"),
    Phrase("Excited to share", r"^[ \t]*(?:so\s+)?(?:thrilled|excited|delighted|humbled|honou?red)\s+to\s+(?:share|announce)\b"),
    Phrase("In today's fast-paced world", r"\bin\s+today'?s\s+(?:fast[\s-]paced|digital|ever[\s-]changing|rapidly[\s-]changing"
                                          r"|competitive|modern|hyper[\s-]connected)\s+(?:world|age|landscape|environment|era)\b"),
    Phrase("In the ever-evolving landscape", r"\bin\s+(?:the|an|this|today'?s)\s+ever[\s-](?:evolving|changing)\s+(?:world|landscape)\b"),
    Phrase("Let that sink in", r"\blet\s+that\s+sink\s+in\b"),
    Phrase("Read that again", r"\bread\s+that\s+again\b"),
    Phrase("Here's the thing", r"\bhere'?s\s+the\s+thing\b"),
    Phrase("Unpopular opinion:", r"^[ \t]*unpopular\s+opinion\b"),
    Phrase("Hot take:", r"^[ \t]*hot\s+take\b"),
    Phrase("Stop scrolling", r"\bstop\s+scrolling\b"),
    Phrase("Agree? (alone)", r"^[ \t]*agree\s*\?[ \t]*$"),
    Phrase("Thoughts? (alone)", r"^[ \t]*thoughts\s*\?[ \t]*$"),
)

_BAIT_RES = tuple((p, re.compile(p.pattern, re.I | re.M)) for p in ENGAGEMENT_BAIT)
_OPENER_RES = tuple((p, re.compile(p.pattern, re.I | re.M)) for p in STOCK_OPENERS)

# Links: URLs, www., and bare domains LinkedIn turns into links ("lnkd.in/x", "acme.io").
_BARE_DOMAIN_RE = re.compile(
    r"(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|io|ai|dev|app|co|ly|in|me)(?![\w-])"
    r"(?:/(?:[^\s<>]*" + URL_END + ")?)?",
    re.I,
)
_PLACEHOLDER_RE = re.compile(
    r"\[(?:add|insert|your|todo|tbd|fill\s+in|name|company|link|number)\b[^\]\n]{0,60}\](?!\()", re.I)

# Emoji without an emoji database (stdlib only): the pictographic blocks, symbols that become
# emoji with U+FE0F, keycaps and flag pairs, with skin tones, ZWJ sequences and tag sequences
# (England's flag) counted as one. Approximate by design.
_EMOJI_BASE = ("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u2B1B\u2B1C\u231A\u231B\u23E9-\u23FA"
               "\U0001F004\U0001F0CF\U0001F170-\U0001F19A\U0001F201-\U0001F251]"
               "|[\u00A9\u00AE\u203C\u2049\u2122\u2139\u2194-\u21AA\u2934\u2935\u2B05-\u2B07\u3030\u303D"
               "\u3297\u3299]\uFE0F")
_EMOJI_RE = re.compile(
    "[\U0001F1E6-\U0001F1FF]{2}"
    "|[0-9#*]\uFE0F?\u20E3"
    "|(?:" + _EMOJI_BASE + ")\uFE0F?[\U0001F3FB-\U0001F3FF]?"
    "(?:\u200D(?:" + _EMOJI_BASE + ")\uFE0F?[\U0001F3FB-\U0001F3FF]?)*[\U000E0020-\U000E007F]*"
)

# Our rules of thumb, not LinkedIn figures.
EMOJI_DENSE_MIN = 4          # fewer emoji than this are never "dense"
EMOJI_WORDS_PER_EMOJI = 10   # dense when there is more than one emoji per this many words
CAPS_MIN_LETTERS = 6         # an ALL-CAPS line has at least this many capitals...
CAPS_MIN_WORDS = 2           # ...in at least this many words of 3+ letters ("AI, ML" is fine)
STYLED_LONG_RUN = 40         # one styled run this long (a whole sentence) is a warning by itself

# What each kind is checked for. Ideas and plans are notes for the author, never pasted as is.
_TEXT_RULES = frozenset({"markdown", "styled", "caps", "emoji", "placeholder"})
_POST_RULES = _TEXT_RULES | {"hashtags", "links", "bait", "opener"}
_RULES: dict[str, frozenset[str]] = {
    "post": _POST_RULES, "document": _POST_RULES, "poll": _POST_RULES,
    "comment": _TEXT_RULES, "headline": _TEXT_RULES, "about": _TEXT_RULES,
    "connection_note": _TEXT_RULES, "message": _TEXT_RULES, "inmail": _TEXT_RULES,
    "article": _TEXT_RULES, "other": _TEXT_RULES,
    "ideas": frozenset(), "plan": frozenset(),
}

# How each kind's main text is named in messages.
_TEXT_NAMES = {
    "post": "The post", "document": "The document post's caption", "poll": "The poll post",
    "comment": "The comment", "headline": "The headline", "about": "The About section",
    "connection_note": "The connection note", "message": "The message", "inmail": "The InMail body",
    "article": "The article body", "ideas": "The text", "plan": "The text", "other": "The text",
}


@dataclass(frozen=True)
class Finding:
    """One thing to change, and where: code-point offsets [start, end) and a 1-based line."""

    code: str
    severity: FindingSeverity
    message: str
    start: int
    end: int
    line: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Fold:
    """What readers see before "…see more" (approximate; see the module docstring)."""

    mobile: str
    desktop: str
    lines: str | None            # the line cut alone; None where no line cut applies (About)
    hook: str                    # the first non-blank line
    hook_before_fold: bool       # the hook ends before the mobile fold, the stricter one
    hook_before_fold_desktop: bool
    truncated: bool              # the mobile fold hides some of the text
    mobile_chars: int            # the cut-offs used, so a UI can say "~140 characters"
    desktop_chars: int
    max_lines: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CheckReport:
    """The result of ``check_text``. ``ok`` means no hard limit is broken."""

    kind: str
    premium: bool
    text: str                    # the checked text, line endings normalised; offsets refer to it
    counts: dict[str, int]
    limit: dict[str, Any] | None  # the main text's limit and how much of it is used
    parts: dict[str, Any] = field(default_factory=dict)  # subject/body, title/body, question/options
    fold: Fold | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def by_severity(self, severity: FindingSeverity) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: everything but the text itself."""
        return {
            "kind": self.kind,
            "premium": self.premium,
            "ok": self.ok,
            "counts": dict(self.counts),
            "limit": dict(self.limit) if self.limit else None,
            "parts": self.parts,
            "fold": self.fold.to_dict() if self.fold else None,
            "findings": [f.to_dict() for f in self.findings],
        }


# --- counting -------------------------------------------------------------------------------

def utf16_len(text: str) -> int:
    """Length in UTF-16 units, as a browser's text box counts it."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def linkedin_len(text: str) -> int:
    """The length limits are held against: the larger of code points and UTF-16 units."""
    return max(len(text), utf16_len(text))


def _index_over(text: str, limit: int) -> int:
    """The first code-point index whose character takes the UTF-16 count past ``limit``."""
    n = 0
    for i, ch in enumerate(text):
        n += 2 if ord(ch) > 0xFFFF else 1
        if n > limit:
            return i
    return len(text)


def _normalise(text: str) -> str:
    return re.sub(r"\r\n?", "\n", text)


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer("\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def link_spans(text: str) -> list[tuple[int, int]]:
    """URLs, www. addresses and bare domains, which LinkedIn turns into links."""
    spans = [m.span() for m in URL_RE.finditer(text)]
    in_url = span_mask(len(text), spans)
    spans += [m.span() for m in _BARE_DOMAIN_RE.finditer(text) if 1 not in in_url[m.start():m.end()]]
    return sorted(spans)


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Emoji, a flag or a ZWJ family counting as one (approximate, see ``_EMOJI_RE``)."""
    return [m.span() for m in _EMOJI_RE.finditer(text)]


def count_text(text: str) -> dict[str, int]:
    """The counts a report shows: lengths, words, lines, paragraphs, hashtags, links, emoji."""
    text = _normalise(text)
    return {
        "code_points": len(text),
        "utf16": utf16_len(text),
        "words": len(text.split()),
        "lines": text.count("\n") + 1 if text else 0,
        "paragraphs": sum(1 for p in re.split(r"\n[ \t]*\n", text) if p.strip()),
        "hashtags": len(HASHTAG_RE.findall(text)),
        "mentions": len(MENTION_RE.findall(text)),
        "links": len(link_spans(text)),
        "emoji": len(emoji_spans(text)),
        "styled": len(styled_runs(text)),
    }


# --- the fold -------------------------------------------------------------------------------

def fold_cut(text: str, chars: int, lines: int | None = None) -> int:
    """Where "…see more" falls in ``text``: the earlier of the character cut and the line cut.

    The character cut keeps ``chars`` code points, moved back to the last whitespace if it
    would split a word; the line cut keeps ``lines`` lines, a blank line counting as one.
    """
    cut = len(text)
    if chars >= 1 and len(text) > chars:
        cut = chars
        if not text[cut].isspace() and not text[cut - 1].isspace():
            space = max(text.rfind(" ", 0, cut), text.rfind("\n", 0, cut), text.rfind("\t", 0, cut))
            if space > 0:
                cut = space
    if lines is not None and lines >= 1:
        pos = -1
        for _ in range(lines):
            pos = text.find("\n", pos + 1)
            if pos == -1:
                break
        if pos != -1:
            cut = min(cut, pos)
    return cut


def fold_preview(text: str, *, chars: int = L.FOLD_MOBILE.max, lines: int | None = L.FOLD_LINES.max) -> str:
    """The text shown before "…see more" (default: mobile, ~140 characters or 3 lines)."""
    text = _normalise(text).lstrip()
    return text[: fold_cut(text, chars, lines)].rstrip()


def _fold_settings(kind: str) -> tuple[int, int, int | None] | None:
    if kind in ("post", "document"):
        lim = L.LIMITS[kind]
        return lim["fold_mobile"].max, lim["fold_desktop"].max, lim["fold_lines"].max
    if kind == "about":
        visible = L.LIMITS["about"]["visible"].max  # one cut-off, by characters, on any device
        return visible, visible, None
    return None


def compute_fold(text: str, kind: str = "post") -> Fold | None:
    """The fold for a kind that has one (post, document, about); None for the others."""
    settings = _fold_settings(kind)
    if settings is None:
        return None
    mobile_chars, desktop_chars, max_lines = settings
    text = _normalise(text)
    lead = len(text) - len(text.lstrip())
    body = text[lead:]
    mobile_cut = fold_cut(body, mobile_chars, max_lines)
    desktop_cut = fold_cut(body, desktop_chars, max_lines)
    first_line = body.split("\n", 1)[0].rstrip()
    line_text = None
    if max_lines is not None:
        line_text = body[: fold_cut(body, len(body) + 1, max_lines)].rstrip()
    return Fold(
        mobile=body[:mobile_cut].rstrip(),
        desktop=body[:desktop_cut].rstrip(),
        lines=line_text,
        hook=first_line,
        hook_before_fold=len(first_line) <= mobile_cut,
        hook_before_fold_desktop=len(first_line) <= desktop_cut,
        truncated=bool(body[mobile_cut:].strip()),
        mobile_chars=mobile_chars,
        desktop_chars=desktop_chars,
        max_lines=max_lines,
    )


# --- parts of structured kinds --------------------------------------------------------------

_OPTION_MARKER_RE = re.compile(r"[ \t]*(?:[-*•–]|\d{1,2}[.)]|[A-Da-d][.)])[ \t]+")


def _poll_spans(text: str) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    question: tuple[int, int] | None = None
    options: list[tuple[int, int]] = []
    for s, e in _line_spans(text):
        line = text[s:e]
        if not line.strip():
            continue
        if question is None:
            lead = len(line) - len(line.lstrip())
            question = (s + lead, s + len(line.rstrip()))
            continue
        m = _OPTION_MARKER_RE.match(line)
        lead = m.end() if m else len(line) - len(line.lstrip())
        options.append((s + lead, s + len(line.rstrip())))
    return question, options


def parse_poll(text: str) -> tuple[str, list[str]]:
    """Split poll text into its question and options.

    The first non-blank line is the question; every later non-blank line is an option, with an
    optional marker removed: ``-``, ``*``, ``•``, ``–``, ``1.``, ``1)``, ``a)`` or ``A.``.
    """
    text = _normalise(text)
    q, opts = _poll_spans(text)
    return (text[q[0]:q[1]] if q else ""), [text[s:e] for s, e in opts]


_SUBJECT_RE = re.compile(r"[ \t]*subject[ \t]*:[ \t]*(.*?)[ \t]*$", re.I)


def _first_line(text: str) -> tuple[int, int] | None:
    for s, e in _line_spans(text):
        if text[s:e].strip():
            return s, e
    return None


def _after(text: str, pos: int) -> int:
    """The start of the next non-whitespace text after ``pos``."""
    rest = text[pos:]
    return pos + len(rest) - len(rest.lstrip())


def _inmail_spans(text: str) -> tuple[tuple[int, int] | None, tuple[int, int]]:
    """An optional first line "Subject: ..." then the body."""
    first = _first_line(text)
    if first:
        m = _SUBJECT_RE.fullmatch(text, first[0], first[1])
        if m:
            return m.span(1), (_after(text, first[1]), len(text))
    return None, (0, len(text))


def _article_spans(text: str) -> tuple[tuple[int, int] | None, tuple[int, int]]:
    """The first non-blank line is the title (a leading "# " is allowed), the rest the body."""
    first = _first_line(text)
    if not first:
        return None, (0, len(text))
    s, e = first
    line = text[s:e]
    m = re.match(r"[ \t]*(?:#{1,6}[ \t]+)?", line)
    start = s + (m.end() if m else 0)
    return (start, s + len(line.rstrip())), (_after(text, e), len(text))


# --- findings -------------------------------------------------------------------------------

def _finding(text: str, code: str, severity: FindingSeverity, message: str, start: int, end: int) -> Finding:
    return Finding(code, severity, message, start, end, _line_of(text, start))


def _quote(s: str, n: int = 60) -> str:
    s = s.replace("\n", " ⏎ ")
    return "'" + (s if len(s) <= n else s[: n - 1] + "…") + "'"


def _length(text: str, span: tuple[int, int], limit: L.Limit, what: str) -> Finding | None:
    seg = text[span[0]:span[1]]
    n = linkedin_len(seg)
    if n <= limit.max:
        return None
    over = span[0] + _index_over(seg, limit.max)
    units = f" ({len(seg):,} code points; emoji and Unicode bold count twice)" if n != len(seg) else ""
    return _finding(
        text, "length.hard", "error",
        f"{what} is {n:,} characters{units}; LinkedIn allows {limit.max:,} ({limit.source}). "
        f"Cut at least {n - limit.max:,} characters; the part past the limit starts at line "
        f"{_line_of(text, over)}: {_quote(text[over:], 30)}.",
        over, span[1],
    )


def _markdown_findings(text: str, kind: str, exempt_title: tuple[int, int] | None) -> list[Finding]:
    advice = {
        "bold": "LinkedIn shows the asterisks/underscores: remove them (Unicode bold once, at most, if it must stand out)",
        "italic": "LinkedIn shows the asterisks/underscores: remove them",
        "heading": "LinkedIn shows the '#': write the heading as a plain line",
        "bullet": "LinkedIn shows the '-' or '*' as typed: use '•' for list items",
        "fence": "LinkedIn shows the backticks: remove the code fence",
        "rule": "LinkedIn shows the dashes: use a blank line between sections",
        "code": "LinkedIn shows the backticks: remove them",
        "link": "LinkedIn shows '[text](url)' as typed: write the text then the URL",
        "image": "LinkedIn cannot show an image from text: attach it to the post instead",
    }
    out = []
    for span in find_markdown(text):
        if kind == "poll" and span.kind == "bullet":
            continue  # "- " marks poll options in our poll format
        if exempt_title and span.kind == "heading" and span.start <= exempt_title[0] < span.end:
            continue  # an article's "# Title" line is its title, not body Markdown
        out.append(_finding(
            text, "markdown.literal", "warning",
            f"Markdown {span.kind} {_quote(text[span.start:span.end], 40)}: {advice[span.kind]}. "
            "`linkedin-prompts check --fix` or to_linkedin_text() converts it.",
            span.start, span.end,
        ))
    return out


def _styled_findings(text: str) -> list[Finding]:
    runs = styled_runs(text)
    if not runs:
        return []
    most = L.STYLED_USES.max
    longest = max(e - s for s, e in runs)
    sample = _quote(unstyle(text[runs[0][0]:runs[0][1]]), 30)
    start, end = runs[0][0], runs[-1][1]
    if len(runs) > most or longest >= STYLED_LONG_RUN:
        return [_finding(
            text, "unicode.styled", "warning",
            f"{len(runs)} use(s) of Unicode pseudo-bold/italic (first: {sample}), "
            f"{'the longest ' + str(longest) + ' characters' if longest >= STYLED_LONG_RUN else 'too many'}: "
            f"screen readers spell these letters out one by one and LinkedIn search does not match them. "
            f"Keep it to {most} short uses at most, or write the words plainly.",
            start, end,
        )]
    return [_finding(
        text, "unicode.styled", "info",
        f"Unicode pseudo-bold/italic used {len(runs)} time(s) ({sample}): fine once or twice, but "
        "screen readers spell it out letter by letter; never style whole sentences.",
        start, end,
    )]


def _caps_findings(text: str) -> list[Finding]:
    # URLs, hashtags and mentions keep their own case ("#AI", "@ACME"): leave them out.
    protected = {i for rx in (URL_RE, HASHTAG_RE, MENTION_RE) for m in rx.finditer(text)
                 for i in range(*m.span())}
    out = []
    for s, e in _line_spans(text):
        line = "".join(text[i] for i in range(s, e) if i not in protected)
        if any(c.islower() for c in line):
            continue
        capitals = sum(1 for c in line if c.isupper())
        words = re.findall(r"[^\W\d_]{3,}", line)
        if capitals >= CAPS_MIN_LETTERS and len(words) >= CAPS_MIN_WORDS:
            out.append(_finding(
                text, "caps.line", "warning",
                f"Line in ALL CAPS {_quote(text[s:e], 40)}: it reads as shouting and is harder to read; "
                "use sentence case and let the words carry the weight.",
                s, e,
            ))
    return out


def _emoji_findings(text: str, words: int) -> list[Finding]:
    spans = emoji_spans(text)
    n = len(spans)
    if n < EMOJI_DENSE_MIN or n * EMOJI_WORDS_PER_EMOJI <= words:
        return []
    return [_finding(
        text, "emoji.dense", "warning",
        f"{n} emoji in {words} words (more than one per {EMOJI_WORDS_PER_EMOJI}): dense emoji look "
        "like noise and screen readers read each one's name. Keep the few that add meaning.",
        spans[0][0], spans[-1][1],
    )]


def _hashtag_findings(text: str) -> list[Finding]:
    tags = [m.span() for m in HASHTAG_RE.finditer(text)]
    out = []
    advised = L.HASHTAGS.max
    if len(tags) > advised:
        out.append(_finding(
            text, "hashtags.too_many", "warning",
            f"{len(tags)} hashtags; the advice is {advised} at most ({L.HASHTAGS.source}; hashtags "
            "matter less since 2024). Keep the most specific ones.",
            tags[advised][0], tags[-1][1],
        ))
    # The closing block: hashtags followed only by whitespace, separators and other hashtags.
    tail = len(text.rstrip())
    trailing = set()
    for s, e in reversed(tags):
        if re.fullmatch(r"[\s,;·|]*", text[e:tail]):
            trailing.add(s)
            tail = s
        else:
            break
    for s, e in tags:
        if s not in trailing:
            out.append(_finding(
                text, "hashtags.mid_text", "info",
                f"Hashtag {text[s:e]} inside the text: each one is a link that interrupts reading; "
                "move hashtags together to the last line.",
                s, e,
            ))
    return out


def _link_findings(text: str) -> list[Finding]:
    return [
        _finding(
            text, "links.in_body", "info",
            f"Link {_quote(text[s:e], 40)} in the post body: studies disagree on its effect (-19% reach "
            "in one, +13% engagement in another). Many authors put it in the first comment; your call.",
            s, e,
        )
        for s, e in link_spans(text)
    ]


def _match_text(text: str) -> str:
    """Same length as ``text``: straight quotes and plain letters, so phrases match any styling."""
    return unstyle(text.translate(str.maketrans("’‘“”", "''\"\"")))


def _phrase_findings(text: str, phrases: tuple[tuple[Phrase, re.Pattern[str]], ...], code: str,
                     message: str) -> list[Finding]:
    haystack = _match_text(text)
    out = []
    for phrase, rx in phrases:
        for m in rx.finditer(haystack):
            s, e = m.span()
            s += len(haystack[s:e]) - len(haystack[s:e].lstrip())  # "^[ \t]*" patterns
            found = _quote(text[s:e], 40)
            if phrase.label.lower() not in found.lower():
                found += f" (like '{phrase.label}')"
            out.append(_finding(text, code, "warning", message.format(found=found), s, e))
    return out


def _placeholder_findings(text: str) -> list[Finding]:
    return [
        _finding(text, "placeholder.unfilled", "warning",
                 f"Placeholder {_quote(m.group(), 40)} is still in the text: replace it with the real "
                 "detail, or cut the sentence.", m.start(), m.end())
        for m in _PLACEHOLDER_RE.finditer(text)
    ]


def find_phrases(text: str, phrases: tuple[Phrase, ...]) -> list[tuple[Phrase, int, int]]:
    """Where any of ``phrases`` occurs in ``text``: for reuse by other lints."""
    haystack = _match_text(_normalise(text))
    found = []
    for p in phrases:
        for m in re.finditer(p.pattern, haystack, re.I | re.M):
            found.append((p, m.start(), m.end()))
    return sorted(found, key=lambda t: t[1])


# --- the check ------------------------------------------------------------------------------

def check_text(text: str, kind: str = "post", *, premium: bool = False) -> CheckReport:
    """Check ``text`` as LinkedIn output of ``kind``; ``premium`` raises the connection-note limit."""
    if kind not in L.OUTPUT_KINDS:
        raise PromptStudioError(f"unknown output kind '{kind}'", field="kind",
                                hint="one of: " + ", ".join(L.OUTPUT_KINDS))
    text = _normalise(text)
    limits = L.LIMITS[kind]
    counts = count_text(text)
    findings: list[Finding] = []
    parts: dict[str, Any] = {}

    text_key = "text_premium" if kind == "connection_note" and premium else "text"
    main_limit = limits.get(text_key)
    main_span = (0, len(text))
    title_span = None

    if main_limit and not text.strip():
        findings.append(Finding("length.empty", "error",
                                f"{_TEXT_NAMES[kind]} is empty: LinkedIn will not post it. Write the text first.",
                                0, len(text), 1))

    if kind == "inmail":
        subject, main_span = _inmail_spans(text)
        parts = {"subject": text[subject[0]:subject[1]] if subject else None,
                 "body": text[main_span[0]:main_span[1]]}
        if subject:
            f = _length(text, subject, limits["subject"], "The InMail subject")
            findings += [f] if f else []
    elif kind == "article":
        title_span, main_span = _article_spans(text)
        parts = {"title": text[title_span[0]:title_span[1]] if title_span else "",
                 "body": text[main_span[0]:main_span[1]]}
        if title_span:
            f = _length(text, title_span, limits["title"], "The article title")
            findings += [f] if f else []
    elif kind == "poll":
        question, options = _poll_spans(text)
        parts = {"question": text[question[0]:question[1]] if question else "",
                 "options": [text[s:e] for s, e in options]}
        if question:
            f = _length(text, question, limits["question"], "The poll question")
            findings += [f] if f else []
        for i, span in enumerate(options, 1):
            f = _length(text, span, limits["option"], f"Poll option {i}")
            findings += [f] if f else []
        lim = limits["options"]
        if question and not lim.min <= len(options) <= lim.max:
            # Too many: point at the extra options. Too few: point at the question.
            start, end = (options[lim.max][0], options[-1][1]) if len(options) > lim.max else question
            findings.append(_finding(
                text, "poll.options_count", "error",
                f"The poll has {len(options)} option(s); LinkedIn polls take {lim.min} to {lim.max} "
                f"({lim.source}). Write the question on the first line, then one option per line.",
                start, end,
            ))

    limit_info = None
    if main_limit:
        used = linkedin_len(text[main_span[0]:main_span[1]])
        limit_info = {"field": main_limit.field, "max": main_limit.max, "severity": main_limit.severity,
                      "source": main_limit.source, "note": main_limit.note, "used": used,
                      "remaining": main_limit.max - used}
        f = _length(text, main_span, main_limit, _TEXT_NAMES[kind])
        findings += [f] if f else []

    if kind == "headline":
        visible = limits["visible"]
        if linkedin_len(text.strip()) > visible.max:
            lead = len(text) - len(text.lstrip())
            cut = lead + _index_over(text[lead:], visible.max)
            findings.append(_finding(
                text, "length.visible", "warning",
                f"Only about the first {visible.max} characters of a headline show in search results "
                f"and bylines (approximate): {_quote(text[lead:cut], visible.max + 2)}. Put who you help "
                "and the outcome in that part.",
                cut, len(text.rstrip()),
            ))

    fold = compute_fold(text, kind)
    if fold and text.strip() and not fold.hook_before_fold:
        lead = len(text) - len(text.lstrip())
        cut = lead + fold_cut(text[lead:], fold.mobile_chars, fold.max_lines)
        where = "mobile fold" if kind != "about" else "About section's fold"
        findings.append(_finding(
            text, "fold.hook_after_fold", "warning",
            f"The first line is {len(fold.hook)} characters and ends after the ~{fold.mobile_chars}-character "
            f"{where} (approximate), so readers hit '…see more' before the hook is complete. "
            "Make the first line a short, complete thought.",
            cut, lead + len(fold.hook),
        ))

    rules = _RULES[kind]
    if "markdown" in rules:
        findings += _markdown_findings(text, kind, title_span if kind == "article" else None)
    if "styled" in rules:
        findings += _styled_findings(text)
    if "caps" in rules:
        findings += _caps_findings(text)
    if "emoji" in rules:
        findings += _emoji_findings(text, counts["words"])
    if "placeholder" in rules:
        findings += _placeholder_findings(text)
    if "hashtags" in rules:
        findings += _hashtag_findings(text)
    if "links" in rules:
        findings += _link_findings(text)
    if "bait" in rules:
        findings += _phrase_findings(
            text, _BAIT_RES, "bait.engagement",
            "Engagement bait {found}: LinkedIn's community policies demote posts that "
            "ask for reactions, comments or shares. Ask a real question people can answer instead.")
    if "opener" in rules:
        findings += _phrase_findings(
            text, _OPENER_RES, "opener.stock",
            "Stock phrase {found}: readers scroll past it. Say the specific thing "
            "instead: what happened, with a number or a name.")

    findings.sort(key=lambda f: (_SEVERITY_RANK[f.severity], f.start, f.code))
    return CheckReport(kind=kind, premium=premium, text=text, counts=counts, limit=limit_info,
                       parts=parts, fold=fold, findings=findings)
