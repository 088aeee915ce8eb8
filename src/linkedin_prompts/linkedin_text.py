"""Turn model output into text that pastes cleanly into LinkedIn.

LinkedIn's text boxes are plain text: Markdown shows literally (``**bold**`` keeps its asterisks)
and the only "formatting" is Unicode: "•" for bullets and letters from the Mathematical
Alphanumeric Symbols block for pseudo-bold and pseudo-italic. Those styled letters are read out
one by one by screen readers and are not found by LinkedIn search, so use them once or twice at
most (the checker flags more: ``unicode.styled``).

The Markdown patterns live here, once, so that the converter removes exactly what the checker
flags (``markdown.literal``). Stdlib only: imported on the CLI's fast path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

BULLET = "•"

# A URL runs to the next space but does not end with punctuation that trails it in prose
# ("see https://x.com." or "(https://x.com)"). Greedy then back off: linear on long tokens.
URL_END = r"""[^\s<>.,;:!?*_'"’”)\]}]"""
URL_RE = re.compile(r"(?:https?://|www\.)(?:[^\s<>]*" + URL_END + ")", re.IGNORECASE)
# A hashtag: '#' then a word with at least one letter ("#1" is a rank, not a tag), at the start,
# after whitespace or an opening bracket/quote (so "page#anchor" is not one).
HASHTAG_RE = re.compile(r"(?<![^\s(\[\"'“‘])#(?=\w*[^\W\d_])\w+")
MENTION_RE = re.compile(r"(?<![\w@])@\w+")

# Pseudo-bold/italic: the Mathematical Alphanumeric Symbols block, plus the Letterlike Symbols
# that fill its holes (italic h is U+210E, script B is U+212C...), which styling generators use.
_STYLED_HOLES = "ℎℬℰℱℋℐℒℳℛℯℊℴℭℌℑℜℨℂℍℕℙℚℝℤ"
STYLED_RE = re.compile("[\U0001D400-\U0001D7FF" + _STYLED_HOLES + "]")
# One "use" of styling: styled characters, possibly joined by spaces or punctuation on one line.
_STYLED_RUN_RE = re.compile(
    "[\U0001D400-\U0001D7FF{h}](?:[ \t'’.,:;!?&-]*[\U0001D400-\U0001D7FF{h}])*".format(h=_STYLED_HOLES)
)

# Sans-serif bold / italic / bold italic, the faces LinkedIn "bold generators" use. These ranges
# have no reserved holes. Italic has no digits, so digits stay plain in italic.
_BOLD = (0x1D5D4, 0x1D5EE, 0x1D7EC)
_ITALIC = (0x1D608, 0x1D622, None)
_BOLD_ITALIC = (0x1D63C, 0x1D656, 0x1D7EC)


@dataclass(frozen=True)
class MarkdownSpan:
    """One piece of Markdown LinkedIn would show literally, and the plain text that replaces it."""

    kind: str  # bold, italic, heading, bullet, fence, rule, code, link, image
    start: int
    end: int
    replacement: str


# (kind, pattern, line-level?) in priority order: at the same offset the earlier rule wins.
# Emphasis content never holds its own marker: that keeps matching linear on long lines, and
# nested emphasis ("**a *b* c**") still goes, one layer per pass.
_MARKDOWN_RULES: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("fence", re.compile(r"^[ \t]*(?:```|~~~).*$", re.M), True),
    ("rule", re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M), True),
    ("heading", re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$", re.M), True),
    ("bullet", re.compile(r"^([ \t]*)[-*][ \t]+(?=\S)", re.M), True),
    ("image", re.compile(r"!\[([^\[\]\n]*)\]\(([^()\s]+)\)"), False),
    ("link", re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]+)\)"), False),
    ("code", re.compile(r"`([^`\n]+)`"), False),
    ("bold", re.compile(r"(?<![\w*])\*\*\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*\*\*(?![\w*])"), False),
    ("bold", re.compile(r"(?<![\w_])___(?=[^\s_])([^_\n]+?)(?<=[^\s_])___(?![\w_])"), False),
    ("bold", re.compile(r"(?<![\w*])\*\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*\*(?![\w*])"), False),
    ("bold", re.compile(r"(?<![\w_])__(?=[^\s_])([^_\n]+?)(?<=[^\s_])__(?![\w_])"), False),
    ("italic", re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), False),
    ("italic", re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])"), False),
)


def _replacement(kind: str, m: re.Match[str]) -> str:
    if kind in ("fence", "rule"):
        return ""
    if kind == "heading":
        return m.group(1) or ""
    if kind == "bullet":
        return m.group(1) + BULLET + " "
    if kind == "link":
        label, url = m.group(1).strip(), m.group(2)
        # "text: url" rather than "text (url)": a ")" right after a URL may be linked with it.
        return f"{label}: {url}" if label and label != url else url
    return m.group(1)  # image alt text, code, bold, italic


def span_mask(size: int, spans: list[tuple[int, int]], *, inner: bool = False) -> bytearray:
    """One byte per character: 1 where a span covers it (``inner``: not counting its first one)."""
    mask = bytearray(size)
    for s, e in spans:
        s += inner
        if e > s:
            mask[s:e] = b"\x01" * (e - s)
    return mask


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where the URLs are, so that Markdown and styling leave them alone."""
    return [m.span() for m in URL_RE.finditer(text)]


def find_markdown(text: str) -> list[MarkdownSpan]:
    """The Markdown in ``text`` that LinkedIn would show literally, sorted and non-overlapping.

    Emphasis inside a URL (``https://x.com/*a*``) is not Markdown. Nested Markdown
    (``**[a](u)**``) reports the outer span; the inner one shows once the outer is removed.
    """
    in_url = span_mask(len(text), url_spans(text), inner=True)
    found: list[tuple[int, int, MarkdownSpan]] = []
    for priority, (kind, rx, line_level) in enumerate(_MARKDOWN_RULES):
        for m in rx.finditer(text):
            start, end = m.span()
            if not line_level and (in_url[start] or in_url[end - 1]):
                continue
            found.append((start, priority, MarkdownSpan(kind, start, end, _replacement(kind, m))))
    found.sort(key=lambda t: (t[0], t[1]))
    spans: list[MarkdownSpan] = []
    last_end = -1
    for _, _, span in found:
        if span.start >= last_end:
            spans.append(span)
            last_end = span.end
    return spans


def styled_runs(text: str) -> list[tuple[int, int]]:
    """The uses of Unicode pseudo-bold/italic in ``text``, as (start, end) code-point offsets."""
    return [m.span() for m in _STYLED_RUN_RE.finditer(text)]


def unstyle(text: str) -> str:
    """Turn pseudo-bold/italic letters back into plain ones (what a screen reader needs)."""
    return STYLED_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _style_char(ch: str, face: tuple[int, int, int | None]) -> str:
    if "A" <= ch <= "Z":
        return chr(face[0] + ord(ch) - 65)
    if "a" <= ch <= "z":
        return chr(face[1] + ord(ch) - 97)
    if "0" <= ch <= "9" and face[2] is not None:
        return chr(face[2] + ord(ch) - 48)
    return ch


def _protected(text: str) -> list[tuple[int, int]]:
    """URLs, hashtags and mentions: styling them would break the link, tag or mention."""
    spans = url_spans(text)
    spans += [m.span() for m in HASHTAG_RE.finditer(text)]
    spans += [m.span() for m in MENTION_RE.finditer(text)]
    return spans


def _apply_styles(text: str, bold: tuple[str, ...], italic: tuple[str, ...]) -> str:
    if not bold and not italic:
        return text
    flags = [0] * len(text)  # 1 = bold, 2 = italic
    protected = span_mask(len(text), _protected(text))
    for words, flag in ((bold, 1), (italic, 2)):
        for word in words:
            rx = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)
            for m in rx.finditer(text):
                s, e = m.span()
                if 1 in protected[s:e]:
                    continue
                for i in range(s, e):
                    flags[i] |= flag
    faces = {1: _BOLD, 2: _ITALIC, 3: _BOLD_ITALIC}
    return "".join(_style_char(ch, faces[f]) if f else ch for ch, f in zip(text, flags))


def _one_pass(text: str, bold: tuple[str, ...], italic: tuple[str, ...]) -> str:
    text = re.sub(r"\r\n?", "\n", text)
    spans = find_markdown(text)
    for span in reversed(spans):
        text = text[: span.start] + span.replacement + text[span.end :]
    text = re.sub(r"[ \t]+$", "", text, flags=re.M)
    text = re.sub(r"\n{3,}", "\n\n", text)  # at most one blank line between paragraphs
    text = text.strip()
    return _apply_styles(text, bold, italic)


def to_linkedin_text(text: str, *, bold: Iterable[str] = (), italic: Iterable[str] = ()) -> str:
    """Make model output paste cleanly into LinkedIn.

    Removes Markdown (emphasis markers, headings, code fences, rules; ``[text](url)`` becomes
    ``text: url``), turns ``-``/``*`` bullets into ``•``, keeps one blank line between
    paragraphs, trims trailing spaces, and writes the ``bold``/``italic`` words or phrases
    (whole words, any case; never inside URLs, hashtags or mentions) in Unicode sans-serif
    bold/italic. Idempotent: the passes repeat until nothing changes, so ``f(f(x)) == f(x)``.
    """
    bold_t = tuple(w for w in bold if w)
    italic_t = tuple(w for w in italic if w)
    # Every pass only shortens the text or swaps an ASCII character for a non-ASCII one, so the
    # loop ends; the cap is a belt for the braces.
    for _ in range(1000):
        new = _one_pass(text, bold_t, italic_t)
        if new == text:
            break
        text = new
    return text
