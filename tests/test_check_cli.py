"""`linkedin-prompts check`: readable report, JSON, exit codes, stdin and unreadable files."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from linkedin_prompts import limits as L
from linkedin_prompts.cli.check_cmd import register
from linkedin_prompts.errors import PromptStudioError

POST = """Our onboarding survey had a 9% response rate. We cut it to one question and got 61%.

The question: "What almost stopped you from signing up?"

Three answers came up again and again, and all three were about pricing.

#onboarding #saas"""

HEADLINE_TOO_LONG = "Fractional CFO for bootstrapped SaaS founders | " * 5


def run(argv: list[str]) -> int:
    """Run the command through a parser of our own, as the main CLI will."""
    parser = argparse.ArgumentParser(prog="linkedin-prompts")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def post_file(tmp_path):
    path = tmp_path / "post.txt"
    path.write_text(POST, encoding="utf-8")
    return path


def test_readable_report_with_fold(post_file, capsys):
    assert run(["check", str(post_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("post: ")
    assert "Before '…see more' on mobile (approximate: ~140 characters or 3 lines):" in out
    assert "  | Our onboarding survey had a 9% response rate." in out
    assert "…see more" in out
    assert "OK: no hard limit broken." in out


def test_findings_are_listed_with_code_and_line(tmp_path, capsys):
    path = tmp_path / "bait.txt"
    path.write_text("Hiring tip of the week.\n\nTag a colleague who still asks for cover letters.", encoding="utf-8")
    assert run(["check", str(path)]) == 0  # warnings do not fail the command
    out = capsys.readouterr().out
    assert "warning  bait.engagement" in out and "line 3:" in out


def test_hard_limit_exits_1(tmp_path, capsys):
    path = tmp_path / "headline.txt"
    path.write_text(HEADLINE_TOO_LONG, encoding="utf-8")
    assert run(["check", str(path), "--kind", "headline"]) == 1
    out = capsys.readouterr().out
    assert "error    length.hard" in out and "FAIL: 1 hard limit(s) broken." in out


def test_json_output(post_file, capsys):
    assert run(["check", str(post_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "post" and data["ok"] is True
    assert data["counts"]["utf16"] == len(POST)
    assert data["fold"]["mobile"].startswith("Our onboarding survey")
    assert data["fold"]["hook_before_fold"] is True
    assert data["findings"] == []


def test_stdin_is_the_default(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Which should we fix first?\n- Pricing page\n- Signup form"))
    assert run(["check", "--kind", "poll", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parts"] == {"question": "Which should we fix first?", "options": ["Pricing page", "Signup form"]}


def test_premium_raises_the_connection_note_limit(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Hi Lena, " + "I enjoyed your piece on usage-based pricing. " * 5, encoding="utf-8")
    assert L.LIMITS["connection_note"]["text"].max < len(path.read_text(encoding="utf-8")) \
        <= L.LIMITS["connection_note"]["text_premium"].max
    assert run(["check", str(path), "--kind", "connection_note"]) == 1
    assert run(["check", str(path), "--kind", "connection_note", "--premium"]) == 0


def test_fix_prints_linkedin_ready_text_and_checks_it(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text("**Three lessons**\n\n- Ship small\n- Talk to users\n", encoding="utf-8")
    assert run(["check", str(path), "--fix"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Three lessons\n\n• Ship small\n• Talk to users\n")
    assert "markdown.literal" not in out


def test_unreadable_file_is_a_one_line_typed_error(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(PromptStudioError) as exc:
        run(["check", str(missing)])
    assert exc.value.exit_code == 2
    assert str(missing) in str(exc.value) and "\n" not in str(exc.value)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Café".encode("latin-1"))
    with pytest.raises(PromptStudioError, match="not UTF-8"):
        run(["check", str(latin1)])


def test_kind_choices_are_the_output_kinds():
    with pytest.raises(SystemExit):
        run(["check", "--kind", "tweet"])


def test_through_the_main_cli(post_file, tmp_path, capsys):
    from linkedin_prompts.cli import main

    assert main(["check", str(post_file), "--kind", "post"]) == 0
    assert "OK: no hard limit broken." in capsys.readouterr().out
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.txt" in err
