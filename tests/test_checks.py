"""The LinkedIn checker: counts, limits, the fold and every finding code."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkedin_prompts import limits as L
from linkedin_prompts.checks import (
    ENGAGEMENT_BAIT,
    FINDING_CODES,
    STOCK_OPENERS,
    check_text,
    compute_fold,
    count_text,
    find_phrases,
    fold_cut,
    fold_preview,
    parse_poll,
    utf16_len,
)
from linkedin_prompts.errors import PromptStudioError

GOOD_POST = """We cut our support backlog from 412 tickets to 37 in six weeks.

No new hires. Three changes:

• Every ticket gets a named owner within an hour
• Bugs reported twice go straight to the sprint
• Friday afternoons are for deleting old macros

The third one surprised me most. Half our canned replies answered questions nobody asks any more.

What is one support habit your team dropped this year?

#customersupport #saas"""

BAD_POST = """I'm thrilled to announce that after fourteen months of late nights our small team in Lyon has shipped the first version of our invoicing tool for freelance translators.

**What we learned:**
- Talk to users every single week
- Ship smaller than feels comfortable

Comment YES below if you want the beta and tag 3 friends who freelance! 🚀🔥🎉🙌
Full story: https://example.com/blog/launch
LET THAT SINK IN

#startups #freelance #SaaS #Lyon #buildinpublic"""


def codes(text: str, kind: str = "post", **kw) -> set[str]:
    return check_text(text, kind, **kw).codes


# --- counting -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, code_points, utf16, emoji", [
    ("Hello, LinkedIn", 15, 15, 0),
    ("Launch day 🚀", 12, 13, 1),             # astral emoji: two UTF-16 units
    ("🇫🇷", 2, 4, 1),                         # a flag is two regional indicators
    ("👩‍💻", 3, 5, 1),                         # woman + ZWJ + laptop
    ("👨‍👩‍👧", 5, 8, 1),                         # a ZWJ family is one emoji
    ("👍🏽", 2, 4, 1),                         # skin tone modifier
    ("❤️", 2, 2, 1),                          # BMP heart + variation selector
    ("1️⃣", 3, 3, 1),                          # keycap
    ("𝗕𝗼𝗹𝗱 move", 9, 13, 0),                 # pseudo-bold letters take two units each
    ("café", 4, 4, 0),
    ("cafe\u0301", 5, 5, 0),                  # combining accent is its own code point
])
def test_counts_code_points_utf16_and_emoji(text, code_points, utf16, emoji):
    counts = count_text(text)
    assert (counts["code_points"], counts["utf16"], counts["emoji"]) == (code_points, utf16, emoji)
    assert utf16_len(text) == len(text.encode("utf-16-le")) // 2


def test_counts_words_lines_paragraphs_hashtags():
    counts = check_text(GOOD_POST).counts
    assert counts["lines"] == GOOD_POST.count("\n") + 1
    assert counts["paragraphs"] == 6
    assert counts["hashtags"] == 2
    assert counts["words"] == len(GOOD_POST.split())


def test_crlf_counts_like_lf():
    assert count_text("One\r\n\r\nTwo") == count_text("One\n\nTwo")
    assert check_text("One\r\nTwo").text == "One\nTwo"


def test_limits_are_held_against_utf16_units():
    limit = L.LIMITS["post"]["text"].max
    at_limit = "🚀" * (limit // 2)                 # limit/2 code points, `limit` UTF-16 units
    assert check_text(at_limit).ok
    report = check_text(at_limit + "!")
    assert not report.ok
    hard = [f for f in report.findings if f.code == "length.hard"]
    assert len(hard) == 1
    assert hard[0].start == limit // 2           # the "!" is the first character over
    assert report.limit["used"] == limit + 1 and report.limit["remaining"] == -1


@pytest.mark.parametrize("kind", ["post", "comment", "headline", "about", "connection_note",
                                  "message", "inmail", "document"])
def test_hard_text_limit_per_kind(kind):
    limit = L.LIMITS[kind]["text"].max
    words = "Plain words here. " * (limit // 18 + 1)
    at_limit = words[:limit].rstrip() + "." * (limit - len(words[:limit].rstrip()))
    assert len(at_limit) == limit
    assert "length.hard" not in codes(at_limit, kind)
    over = check_text(at_limit + "x", kind)
    assert "length.hard" in over.codes and not over.ok
    assert f"{limit:,}" in next(f.message for f in over.findings if f.code == "length.hard")


def test_pseudo_bold_connection_note_free_vs_premium():
    # 150 styled letters: 150 code points but 300 UTF-16 units.
    note = "𝗛𝗶" * 75
    assert "length.hard" in codes(note, "connection_note")
    assert "length.hard" not in codes(note, "connection_note", premium=True)
    assert check_text(note, "connection_note", premium=True).limit["max"] == \
        L.LIMITS["connection_note"]["text_premium"].max


def test_connection_note_between_free_and_premium_limits():
    note = ("Hi Priya, I enjoyed your talk on pricing experiments at SaaStock. I run growth at a "
            "small B2B tool and would value swapping notes on annual plans and discount ladders; "
            "no pitch, just curious how you ran the tests. Thanks!")
    assert 200 < len(note) <= 300
    assert not check_text(note, "connection_note").ok
    assert check_text(note, "connection_note", premium=True).ok


# --- the fold -------------------------------------------------------------------------------

FOLD_POST = ("Most hiring mistakes happen before the first interview.\n\n"
             "We rewrote one job ad last spring and applications from senior backend engineers doubled "
             "in three weeks.\n\n"
             "Here is what changed in the ad, line by line.")


def test_fold_is_the_shorter_of_char_cut_and_line_cut():
    fold = compute_fold(FOLD_POST, "post")
    # Three lines = hook, blank line, second paragraph; a blank line uses a whole line.
    assert fold.lines == ("Most hiring mistakes happen before the first interview.\n\n"
                          "We rewrote one job ad last spring and applications from senior backend engineers "
                          "doubled in three weeks.")
    assert len(fold.lines) > 140  # so on mobile the character cut comes first...
    assert len(fold.mobile) <= 140 and fold.lines.startswith(fold.mobile)
    assert fold.mobile.endswith(" engineers")  # ...moved back so it does not split "doubled"
    assert len(fold.lines) <= 210  # ...and on desktop the line cut does
    assert fold.desktop == fold.lines
    assert fold.hook == "Most hiring mistakes happen before the first interview."
    assert fold.hook_before_fold and fold.truncated


def test_fold_lines_count_blank_lines():
    text = "Short hook.\n\n\nStill hidden?\nYes."
    fold = compute_fold(text, "post")
    assert fold.mobile == "Short hook."  # line 2 and 3 are blank: the fold falls after them
    assert fold.truncated


def test_fold_of_a_short_post_is_the_whole_post():
    text = "Shipped the new onboarding flow.\nThanks, team."
    fold = compute_fold(text, "post")
    assert fold.mobile == fold.desktop == text
    assert not fold.truncated and fold.hook_before_fold


def test_long_first_line_runs_past_the_mobile_fold_only():
    hook = ("After nine years of running remote teams across four time zones I finally understand "
            "why our best quarter came right after we cancelled most recurring meetings")
    assert 140 < len(hook) <= 210
    report = check_text(hook + "\n\nHere is the calendar we kept.")
    assert not report.fold.hook_before_fold
    assert report.fold.hook_before_fold_desktop
    finding = next(f for f in report.findings if f.code == "fold.hook_after_fold")
    assert finding.severity == "warning" and "approximate" in finding.message
    assert finding.start <= 140 < finding.end == len(hook)


def test_fold_ignores_leading_whitespace_and_preview_matches():
    text = "\n\n   A clear first line.\nSecond.\nThird.\nFourth stays hidden."
    fold = compute_fold(text, "post")
    assert fold.mobile == "A clear first line.\nSecond.\nThird."
    assert fold_preview(text) == fold.mobile
    assert fold_preview(text, chars=10, lines=None) == "A clear"


@pytest.mark.parametrize("text, chars, lines, cut", [
    ("abc def ghi", 5, None, 3),     # inside "def": back to the space
    ("abc def ghi", 4, None, 4),     # right after the space: no move
    ("abcdefghij", 5, None, 5),      # one long word: cut inside it
    ("a\nb\nc\nd", 100, 3, 5),       # line cut: after the third line
    ("a\nb", 100, 3, 3),             # fewer lines than the cut: everything
])
def test_fold_cut_table(text, chars, lines, cut):
    assert fold_cut(text, chars, lines) == cut


def test_about_fold_uses_its_300_character_cut():
    visible = L.LIMITS["about"]["visible"].max
    long_first = ("I help finance teams at mid-sized manufacturers close the books in five days instead "
                  "of fifteen, " * 4).strip()
    assert len(long_first) > visible
    report = check_text(long_first + "\n\nMore below.", "about")
    assert report.fold.mobile_chars == visible and report.fold.max_lines is None
    assert "fold.hook_after_fold" in report.codes
    assert "fold.hook_after_fold" not in codes("I help finance teams close the books in five days.\n\n"
                                               + "Proof and details. " * 30, "about")


def test_kinds_without_a_fold():
    assert check_text("Thanks for the intro, Sam.", "comment").fold is None
    assert compute_fold("x", "headline") is None


# --- every finding code: one case that triggers it, one near miss that does not -------------

CASES: dict[str, tuple[tuple[str, str, bool], tuple[str, str, bool]]] = {
    "length.empty": (("post", "  \n\n ", False), ("post", "Shipped.", False)),
    "length.hard": (("comment", "Great point about onboarding. " * 42, False),
                    ("comment", "Great point about onboarding. " * 41, False)),
    "length.visible": (("headline", "Fractional CFO for bootstrapped SaaS founders | Cash-flow forecasts, "
                                    "pricing and fundraising prep", False),
                       ("headline", "Fractional CFO for bootstrapped SaaS founders", False)),
    "fold.hook_after_fold": (("post", "This is the story of how a two-person agency in Leeds lost its biggest "
                                      "client on a Monday and replaced the revenue by Friday without a single "
                                      "cold email\n\nHere is how.", False),
                             ("post", "We lost our biggest client on a Monday.\n\nBy Friday the revenue was "
                                      "back. Here is how.", False)),
    "hashtags.too_many": (("post", "Notes from our first hackathon.\n\n#hackathon #teamwork #python #leeds", False),
                          ("post", "Notes from our first hackathon.\n\n#hackathon #teamwork #python", False)),
    "hashtags.mid_text": (("post", "We rebuilt our #hiring process around work samples.", False),
                          ("post", "We rebuilt our hiring process around work samples.\n\n#hiring #recruiting", False)),
    "links.in_body": (("post", "The full write-up is here: https://example.com/notes/hiring", False),
                      ("post", "The full write-up is in the first comment. Built with Node.js, "
                               "questions to jo@example.com.", False)),
    "bait.engagement": (("post", "Tag a colleague who still sends 40-slide decks.", False),
                        ("post", "Which slide would you cut first? I read every reply.", False)),
    "opener.stock": (("post", "I'm excited to share that I have joined Northwind as Head of Data.", False),
                     ("post", "Monday was my first day as Head of Data at Northwind.", False)),
    "unicode.styled": (("post", "𝗕𝗶𝗴 lesson from our pricing test.", False),
                       ("post", "Big lesson from our pricing test.", False)),
    "caps.line": (("post", "THIS CHANGED EVERYTHING\nOur churn halved.", False),
                  ("post", "Q3 goals: AI and ML in support\nOur churn halved.", False)),
    "emoji.dense": (("post", "Big week for the team 🚀🔥🎉💪 thank you", False),
                    ("post", "Big week for the team 🚀 thank you all for the late nights", False)),
    "markdown.literal": (("post", "**Lesson one:** talk to users.", False),
                         ("post", "Lesson one: talk to users.\n• weekly\n• in person", False)),
    "placeholder.unfilled": (("post", "We cut churn by [ADD PROOF] in Q2.", False),
                             ("post", "We cut churn by 18% in Q2 [1].", False)),
    "poll.options_count": (("poll", "Best day to post?\n- Monday\n- Tuesday\n- Wednesday\n- Thursday\n- Friday", False),
                           ("poll", "Best day to post?\n- Monday\n- Tuesday\n- Wednesday", False)),
}


def test_every_finding_code_has_a_case():
    assert set(CASES) == set(FINDING_CODES)


@pytest.mark.parametrize("code", sorted(FINDING_CODES))
def test_finding_code_triggers(code):
    kind, text, premium = CASES[code][0]
    report = check_text(text, kind, premium=premium)
    found = [f for f in report.findings if f.code == code]
    assert found, f"{code} not raised; got {report.codes}"
    for f in found:
        assert 0 <= f.start <= f.end <= len(report.text)
        assert f.line == report.text.count("\n", 0, f.start) + 1
        assert f.message and f.severity in ("error", "warning", "info")


@pytest.mark.parametrize("code", sorted(FINDING_CODES))
def test_finding_code_near_miss(code):
    kind, text, premium = CASES[code][1]
    assert code not in codes(text, kind, premium=premium)


@pytest.mark.parametrize("code, severity", [
    ("length.empty", "error"), ("length.hard", "error"), ("poll.options_count", "error"),
    ("length.visible", "warning"), ("fold.hook_after_fold", "warning"), ("bait.engagement", "warning"),
    ("links.in_body", "info"), ("hashtags.mid_text", "info"),
])
def test_severities(code, severity):
    kind, text, premium = CASES[code][0]
    report = check_text(text, kind, premium=premium)
    assert {f.severity for f in report.findings if f.code == code} == {severity}
    assert report.ok == (severity != "error")


# --- realistic texts ------------------------------------------------------------------------

def test_good_post_is_clean():
    report = check_text(GOOD_POST)
    assert report.ok
    assert report.findings == []
    assert report.fold.hook == "We cut our support backlog from 412 tickets to 37 in six weeks."


def test_bad_post_collects_the_expected_findings():
    report = check_text(BAD_POST)
    assert report.ok  # nothing here breaks a hard limit
    assert report.codes == {"opener.stock", "fold.hook_after_fold", "markdown.literal", "bait.engagement",
                            "links.in_body", "caps.line", "hashtags.too_many"}
    bait = sorted(report.text[f.start:f.end].lower() for f in report.findings if f.code == "bait.engagement")
    assert bait == ["comment yes", "tag 3 friends"]
    stock = [f for f in report.findings if f.code == "opener.stock"]
    assert [f.line for f in stock] == [1, 9]
    assert len([f for f in report.findings if f.code == "markdown.literal"]) == 3


@pytest.mark.parametrize("text", [
    "Comment 'GUIDE' and I'll send you the checklist.",
    "Like if you agree, repost if you don't.",
    "Share this with a founder who is hiring.",
    "React with ❤️ if this happened to you too.",
    "Like for yes, comment for no.",
    "Drop a 🔥 if you're in.",
    "Like, comment and share to help it reach more people.",
    "Tag three friends who need a break.",
    "𝗧𝗮𝗴 a colleague who needs this.",   # pseudo-bold does not hide bait
    "Type “yes” if you want the template.",  # nor curly quotes
])
def test_engagement_bait_variants(text):
    assert "bait.engagement" in codes(text)


@pytest.mark.parametrize("text", [
    "What would you add? I'll read every comment.",
    "We added a tag to every support ticket.",
    "I like the idea if you can make it cheap.",
    "Please share your experience in the comments.",
])
def test_engagement_bait_near_misses(text):
    assert "bait.engagement" not in codes(text)


@pytest.mark.parametrize("text", [
    "In today’s fast-paced world, onboarding matters.",
    "We're thrilled to announce our seed round.",
    "Excited to share my new role!",
    "Three years, zero funding, profitable.\nLet that sink in.",
    "Onboarding is a product.\n\nAgree?",
    "Onboarding is a product.\n\nThoughts?",
    "Unpopular opinion: stand-ups are optional.",
])
def test_stock_phrase_variants(text):
    assert "opener.stock" in codes(text)


@pytest.mark.parametrize("text", [
    "Do you agree? Tell me which step you'd drop.",
    "I'm excited about the data, less about the dashboard.",
    "What are your thoughts on annual pricing?",
])
def test_stock_phrase_near_misses(text):
    assert "opener.stock" not in codes(text)


def test_phrase_lists_are_reusable_data_whose_labels_are_examples():
    for phrase in ENGAGEMENT_BAIT + STOCK_OPENERS:
        re.compile(phrase.pattern)
        example = phrase.label.replace(" (alone)", "").split(" / ")[0]
        assert find_phrases(example, (phrase,)), phrase.label
    assert find_phrases("Ok.\nAgree?", STOCK_OPENERS)[0][0].label == "Agree? (alone)"


def test_styled_text_is_info_once_and_warning_past_two_uses():
    once = check_text("𝗕𝗶𝗴 lesson from our pricing test.")
    assert [f.severity for f in once.findings if f.code == "unicode.styled"] == ["info"]
    thrice = check_text("𝗕𝗶𝗴 lesson.\n𝗦𝗺𝗮𝗹𝗹 price.\n𝗙𝗮𝘀𝘁 result.")
    styled = [f for f in thrice.findings if f.code == "unicode.styled"]
    assert [f.severity for f in styled] == ["warning"] and "screen readers" in styled[0].message
    sentence = check_text("𝗪𝗲 𝗱𝗼𝘂𝗯𝗹𝗲𝗱 𝗿𝗲𝘃𝗲𝗻𝘂𝗲 𝗯𝘆 𝗿𝗮𝗶𝘀𝗶𝗻𝗴 𝗽𝗿𝗶𝗰𝗲𝘀 𝗳𝗼𝗿 𝗲𝘃𝗲𝗿𝘆 𝗰𝘂𝘀𝘁𝗼𝗺𝗲𝗿.")
    assert [f.severity for f in sentence.findings if f.code == "unicode.styled"] == ["warning"]


def test_mid_text_and_trailing_hashtags():
    report = check_text("Our #remote team ships on Fridays.\n\n#remotework, #engineering")
    mid = [report.text[f.start:f.end] for f in report.findings if f.code == "hashtags.mid_text"]
    assert mid == ["#remote"]
    assert "hashtags.mid_text" not in codes("Rank #1 in our region. See page#top.")


def test_post_only_findings_do_not_apply_to_comments_or_ideas():
    assert "bait.engagement" not in codes("Tag a colleague who needs this.", "comment")
    assert "links.in_body" not in codes("Here it is: https://example.com", "comment")
    assert check_text("- idea one\n- idea two\n**Bold plan**", "ideas").findings == []


# --- structured kinds -----------------------------------------------------------------------

@pytest.mark.parametrize("text, question, options", [
    ("Best day to post?\n- Monday\n- Tuesday", "Best day to post?", ["Monday", "Tuesday"]),
    ("Best day to post?\n1. Monday\n2) Tuesday\n3. Friday", "Best day to post?", ["Monday", "Tuesday", "Friday"]),
    ("\nBest day to post?\n\nA) Monday\nb. Tuesday\n• Friday\n", "Best day to post?", ["Monday", "Tuesday", "Friday"]),
    ("Best day to post?\nMonday\nTuesday", "Best day to post?", ["Monday", "Tuesday"]),
    ("", "", []),
])
def test_parse_poll(text, question, options):
    assert parse_poll(text) == (question, options)


def test_poll_limits():
    question_max = L.LIMITS["poll"]["question"].max
    option_max = L.LIMITS["poll"]["option"].max
    long_q = "Which of these onboarding steps do new hires at fully remote companies find the most useful " \
             "during the very first week, in your own experience so far?"
    assert len(long_q) > question_max
    report = check_text(long_q + "\n- Buddy\n- Docs", "poll")
    assert [f.code for f in report.findings if f.severity == "error"] == ["length.hard"]
    assert "question" in report.findings[0].message
    long_option = "A buddy from another team who checks in daily"
    assert len(long_option) > option_max
    report = check_text("Best first-week support?\n- Docs\n- " + long_option, "poll")
    hard = [f for f in report.findings if f.code == "length.hard"]
    assert len(hard) == 1 and "option 2" in hard[0].message and hard[0].line == 3
    one = check_text("Best first-week support?\n- Docs", "poll")
    assert "poll.options_count" in one.codes and not one.ok
    assert "markdown.literal" not in one.codes  # "- " marks options in a poll


def test_inmail_subject_and_body():
    body = "Hi Marta,\n\nI saw your team is hiring three data engineers in Porto. " * 3
    report = check_text("Subject: Data engineers in Porto\n\n" + body, "inmail")
    assert report.parts["subject"] == "Data engineers in Porto"
    assert report.parts["body"] == body
    assert report.limit["used"] == len(report.parts["body"])
    long_subject = "Subject: " + "Data engineering hiring in Porto, " * 7
    assert len(long_subject) - len("Subject: ") > L.LIMITS["inmail"]["subject"].max
    bad = check_text(long_subject + "\nHi Marta.", "inmail")
    assert [f.code for f in bad.findings if f.severity == "error"] == ["length.hard"]
    assert "subject" in bad.findings[0].message
    assert check_text("Hi Marta, quick question.", "inmail").parts["subject"] is None


def test_article_title():
    report = check_text("# Why we stopped estimating in story points\n\nFor two years we...", "article")
    assert report.parts["title"] == "Why we stopped estimating in story points"
    assert "markdown.literal" not in report.codes  # the title's "# " is allowed
    long_title = "Why we stopped estimating in story points and what we measure instead " * 2
    bad = check_text(long_title + "\n\nBody.", "article")
    assert not bad.ok and "title" in bad.findings[0].message


def test_headline_visible_is_a_warning_and_hard_is_an_error():
    report = check_text("Fractional CFO for bootstrapped SaaS founders | Cash-flow forecasts, pricing", "headline")
    assert report.ok and "length.visible" in report.codes
    finding = next(f for f in report.findings if f.code == "length.visible")
    assert finding.start == L.LIMITS["headline"]["visible"].max and "approximate" in finding.message
    assert not check_text("Fractional CFO | " * 14, "headline").ok


# --- API contract ---------------------------------------------------------------------------

def test_to_dict_is_json_ready():
    data = json.loads(json.dumps(check_text(BAD_POST).to_dict()))
    assert set(data) == {"kind", "premium", "ok", "counts", "limit", "parts", "fold", "findings"}
    assert data["fold"]["mobile"] and data["findings"][0]["code"]
    assert {"code_points", "utf16", "words", "lines", "hashtags"} <= set(data["counts"])


def test_unknown_kind_is_a_typed_error():
    with pytest.raises(PromptStudioError) as exc:
        check_text("Hi", "tweet")
    assert "tweet" in str(exc.value) and exc.value.exit_code == 2


# Tokens that exercise the parsers, mixed with arbitrary Unicode.
TOKENS = ["\n", "\n\n", " ", "#AI", "# ", "- ", "* ", "**", "__", "_", "`", "```", "[a](https://x.io)",
          "https://x.com/a_b", "Comment YES", "Subject: ", "🇫🇷", "👩‍💻", "𝗕𝗼𝗹𝗱", "\r\n", "1. ", "\ufe0f", "ℎ"]
texts = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(texts, st.text()), kind=st.sampled_from(L.OUTPUT_KINDS), premium=st.booleans())
def test_check_text_never_crashes(text, kind, premium):
    report = check_text(text, kind, premium=premium)
    json.dumps(report.to_dict())
    assert report.counts["utf16"] >= report.counts["code_points"] == len(report.text)
    assert report.ok == all(f.severity != "error" for f in report.findings)
    for f in report.findings:
        assert f.code in FINDING_CODES
        assert 0 <= f.start <= f.end <= len(report.text) and f.line >= 1
    if report.fold:
        assert report.text.lstrip().startswith(report.fold.mobile)


def test_link_spans_leave_trailing_punctuation_out():
    report = check_text("Slides (see https://example.com/deck-v2). Or lnkd.in/abc, or acme.io.")
    links = [report.text[f.start:f.end] for f in report.findings if f.code == "links.in_body"]
    assert links == ["https://example.com/deck-v2", "lnkd.in/abc", "acme.io"]


@pytest.mark.parametrize("text", ["[" * 60000, "**a " * 30000, "https://x" + ".," * 30000 + "a",
                                  "https://a " * 20000, "[add " * 30000, "`a " * 30000])
def test_long_adversarial_input_stays_fast(text):
    # Guards against regexes that go quadratic on one long line (each took 15-80 s once).
    import time

    start = time.perf_counter()
    check_text(text, "article")
    assert time.perf_counter() - start < 5
