"""``linkedin-prompts check``: check text against LinkedIn's limits and habits.

A thin shell over ``linkedin_prompts.checks``; exit 1 when a hard limit is broken.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..checks import CheckReport, Finding, check_text
from ..errors import PromptStudioError
from ..limits import OUTPUT_KINDS
from ..linkedin_text import to_linkedin_text

HELP = "Check text against LinkedIn's limits: length, the '…see more' fold, hashtags, bait, Markdown."


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``check`` sub-command."""
    p = subparsers.add_parser("check", help=HELP, description=HELP)
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-",
                   help="a UTF-8 text file; - or nothing reads stdin")
    p.add_argument("--kind", default="post", choices=OUTPUT_KINDS,
                   help="what the text is for (default: post)")
    p.add_argument("--premium", action="store_true",
                   help="a Premium account (connection notes: 300 characters instead of 200)")
    p.add_argument("--fix", action="store_true",
                   help="convert to LinkedIn-ready text first (no Markdown, • bullets), print it, "
                        "then check it")
    p.add_argument("--json", action="store_true", help="print counts, fold texts and findings as JSON")
    p.set_defaults(func=run_check)


def read_input(file: str) -> str:
    """The text to check, from a file or stdin; an unreadable file is a one-line error."""
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PromptStudioError("not UTF-8 text", file=file, hint="save the file as UTF-8") from None
    except OSError as exc:
        raise PromptStudioError(f"cannot read file: {exc.strerror or exc}", file=file) from None


def run_check(args: argparse.Namespace) -> int:
    """Check the text; print a report; return 1 when a hard limit is broken, else 0."""
    text = read_input(args.file)
    if args.fix:
        text = to_linkedin_text(text)
    report = check_text(text, args.kind, premium=args.premium)
    if args.json:
        data = report.to_dict()
        if args.fix:
            data["text"] = report.text
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        if args.fix:
            print(report.text)
            print("-" * 60)
        print(format_report(report))
    return 0 if report.ok else 1


def _indent(text: str, prefix: str = "  | ") -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


def _finding_line(f: Finding) -> str:
    return f"  {f.severity:<8} {f.code:<22} line {f.line}: {f.message}"


def format_report(report: CheckReport) -> str:
    """The report as plain text for a terminal."""
    c = report.counts
    out = []
    size = f"{c['utf16']:,} characters"
    if c["utf16"] != c["code_points"]:
        size += f" ({c['code_points']:,} code points; emoji and Unicode bold count twice)"
    if report.limit:
        size += f" of {report.limit['max']:,} allowed"
    out.append(f"{report.kind}{' (Premium)' if report.premium else ''}: {size}")
    out.append(f"{c['words']} words, {c['lines']} lines, {c['hashtags']} hashtags, {c['links']} links, "
               f"{c['emoji']} emoji")
    for name, value in report.parts.items():
        if isinstance(value, list):
            out.append(f"{name}: " + (" / ".join(value) if value else "(none)"))
        elif value is not None:
            out.append(f"{name}: {value[:80] + '…' if len(value) > 80 else value}")

    fold = report.fold
    if fold:
        out.append("")
        lines = f" or {fold.max_lines} lines" if fold.max_lines else ""
        out.append(f"Before '…see more' on mobile (approximate: ~{fold.mobile_chars} characters{lines}):")
        out.append(_indent(fold.mobile or "(empty)"))
        if fold.truncated:
            out.append("  …see more")
        if fold.desktop != fold.mobile:
            out.append(f"On desktop (~{fold.desktop_chars} characters{lines}):")
            out.append(_indent(fold.desktop))
        verdict = "yes" if fold.hook_before_fold else "no, it runs past the mobile fold"
        out.append(f"First line complete before the fold: {verdict}")

    out.append("")
    if report.findings:
        out.append("Findings:")
        out += [_finding_line(f) for f in report.findings]
    else:
        out.append("No findings.")
    errors = len(report.by_severity("error"))
    out.append("")
    out.append(f"FAIL: {errors} hard limit(s) broken." if errors else "OK: no hard limit broken.")
    return "\n".join(out)
