"""LinkedIn-ready text: Markdown out, • bullets in, optional Unicode bold/italic, idempotent."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkedin_prompts.checks import check_text
from linkedin_prompts.linkedin_text import find_markdown, styled_runs, to_linkedin_text, unstyle

MODEL_OUTPUT = """## Three things I learned hiring our first engineer



**1. Write the job ad for one person.** Not a committee.

- Describe a real week of work
- Name the salary range
* Say what you will *not* ask for

Read the full checklist [on our blog](https://example.com/hiring-checklist).

---

```
Salary: £70-80k
```

#hiring #startups
"""

LINKEDIN_READY = """Three things I learned hiring our first engineer

1. Write the job ad for one person. Not a committee.

• Describe a real week of work
• Name the salary range
• Say what you will not ask for

Read the full checklist on our blog: https://example.com/hiring-checklist.

Salary: £70-80k

#hiring #startups"""


def test_model_output_becomes_linkedin_ready():
    assert to_linkedin_text(MODEL_OUTPUT) == LINKEDIN_READY
    report = check_text(LINKEDIN_READY)
    assert "markdown.literal" not in report.codes
    assert "markdown.literal" in check_text(MODEL_OUTPUT).codes


@pytest.mark.parametrize("source, expected", [
    ("**Bold** and __strong__", "Bold and strong"),
    ("*Italic* and _emphasis_", "Italic and emphasis"),
    ("# Heading\nText", "Heading\nText"),
    ("### Closing heading ###", "Closing heading"),
    ("- one\n- two", "• one\n• two"),
    ("  * nested item", "• nested item"),              # leading spaces of the text are trimmed
    ("Intro\n  * nested item", "Intro\n  • nested item"),  # ...but kept on later lines
    ("[the guide](https://x.io/g)", "the guide: https://x.io/g"),
    ("[https://x.io](https://x.io)", "https://x.io"),
    ("![chart](https://x.io/c.png)", "chart"),
    ("Use `git bisect` daily", "Use git bisect daily"),
    ("Para one\n\n\n\n\nPara two", "Para one\n\nPara two"),
    ("Line with trailing spaces   \nNext", "Line with trailing spaces\nNext"),
    ("One\r\nTwo\rThree", "One\nTwo\nThree"),
    ("***", ""),
    ("***Bold italic***", "Bold italic"),
    # Left alone: hashtags, maths, snake_case, URLs with Markdown-like characters, ranks, dashes.
    ("#AI #remotework", "#AI #remotework"),
    ("5 * 3 * 2 = 30", "5 * 3 * 2 = 30"),
    ("Call parse_poll_text() first", "Call parse_poll_text() first"),
    ("See https://x.com/*draft* and https://x.com/a_b_c", "See https://x.com/*draft* and https://x.com/a_b_c"),
    ("#1 priority: hiring", "#1 priority: hiring"),
    ("Before – after", "Before – after"),
    ("• Already a bullet", "• Already a bullet"),
])
def test_conversion_table(source, expected):
    assert to_linkedin_text(source) == expected


@pytest.mark.parametrize("source, bold, italic, expected", [
    ("Raise your prices", ["prices"], [], "Raise your 𝗽𝗿𝗶𝗰𝗲𝘀"),
    ("PRICES and prices", ["prices"], [], "𝗣𝗥𝗜𝗖𝗘𝗦 and 𝗽𝗿𝗶𝗰𝗲𝘀"),            # any case, case kept
    ("Priceless prices", ["price"], [], "Priceless prices"),                   # whole words only
    ("Q3 was 2024's best", ["2024"], [], "Q3 was 𝟮𝟬𝟮𝟰's best"),
    ("Only 2024", [], ["2024"], "Only 2024"),                                  # no italic digits
    ("Not a sprint", [], ["sprint"], "Not a 𝘴𝘱𝘳𝘪𝘯𝘵"),
    ("big data wins", ["big data"], ["data"], "𝗯𝗶𝗴 𝙙𝙖𝙩𝙖 wins"),              # bold + italic
    ("#pricing at https://pricing.io via @pricing", ["pricing"], [],
     "#pricing at https://pricing.io via @pricing"),                           # links stay intact
])
def test_bold_and_italic(source, bold, italic, expected):
    out = to_linkedin_text(source, bold=bold, italic=italic)
    assert out == expected
    assert unstyle(out) == source


def test_styling_is_flagged_by_the_checker():
    post = to_linkedin_text("Price. Package. Position. Then promote.",
                            bold=["Price", "Package", "Position"])
    assert len(styled_runs(post)) == 1  # one phrase: styled words joined by ". "
    post = to_linkedin_text("Price first.\nPackage second.\nPosition third.",
                            bold=["Price", "Package", "Position"])
    assert len(styled_runs(post)) == 3
    finding = next(f for f in check_text(post).findings if f.code == "unicode.styled")
    assert finding.severity == "warning" and "screen readers" in finding.message


def test_find_markdown_reports_spans_and_replacements():
    text = "Intro **key** line\n- item"
    spans = find_markdown(text)
    assert [(s.kind, text[s.start:s.end], s.replacement) for s in spans] == [
        ("bold", "**key**", "key"), ("bullet", "- ", "• ")]


@pytest.mark.parametrize("text", [MODEL_OUTPUT, LINKEDIN_READY, "***x***", "**[a](u)**", "``x``", "# # x",
                                  "- - -", "_ _a_ _", "*\n*"])
def test_idempotent_examples(text):
    once = to_linkedin_text(text, bold=["x"])
    assert to_linkedin_text(once, bold=["x"]) == once


MARKDOWNISH = ["*", "**", "_", "__", "#", "# ", "- ", "`", "```", "[", "]", "(", ")", "!", "\n", "\n\n\n",
               " ", "\t", "\r", "https://x.com/", "www.", "a", "B", "1", ".", ":", "•", "~~~", "---", "@",
               "𝗕", "🚀", "é"]
texts = st.lists(st.one_of(st.sampled_from(MARKDOWNISH), st.text(max_size=4)), max_size=40).map("".join)
words = st.lists(st.sampled_from(["a", "B", "ab", "x y", "1", "é", "#a", ""]), max_size=3)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(texts, st.text()), bold=words, italic=words)
def test_idempotent_for_any_text(text, bold, italic):
    once = to_linkedin_text(text, bold=bold, italic=italic)
    assert to_linkedin_text(once, bold=bold, italic=italic) == once
    # What the converter leaves is exactly what the checker accepts.
    assert find_markdown(once) == []
    assert "\n\n\n" not in once and once == once.strip()


@pytest.mark.parametrize("text", ["[" * 60000, "**a " * 30000, "https://a " * 20000, "![a](b" * 20000])
def test_long_adversarial_input_stays_fast(text):
    import time

    start = time.perf_counter()
    to_linkedin_text(text, bold=["a"])
    assert time.perf_counter() - start < 5
