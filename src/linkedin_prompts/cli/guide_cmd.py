"""Commands over the guide content: checklist, explain, decide."""

from __future__ import annotations

import argparse
import textwrap

import msgspec

from . import UsageError, add_subcommand, library_from_args, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "checklist", "Show the LinkedIn growth checklist, section by section.")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_checklist)

    p = add_subcommand(sub, "explain", "Explain followers vs connections (Markdown).")
    p.add_argument("--json", action="store_true", help="print the text, table and decision helper as JSON")
    p.set_defaults(func=cmd_explain)

    p = add_subcommand(sub, "decide", "Recommend growing followers, connections or both from your answers.")
    p.add_argument("--answer", "-a", action="append", default=[], metavar="QUESTION=ANSWER",
                   help="an answer, e.g. --answer goal=clients (one per question; run without any to see them)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_decide)


def cmd_checklist(args: argparse.Namespace) -> int:
    from ..guide import load_checklist

    checklist = load_checklist(library_from_args(args))
    if args.json:
        print_json(msgspec.to_builtins(checklist))
        return 0
    for section in checklist.sections:
        print(f"## {section.title}")
        for item in section.items:
            print(textwrap.fill(item.text, 96, initial_indent="[ ] ", subsequent_indent="    "))
            print(textwrap.fill(f"Why: {item.why}", 96, initial_indent="    ", subsequent_indent="    "))
            if item.prompts:
                print(f"    Prompts: {', '.join(item.prompts)}")
            if item.source:
                print(f"    Source: {item.source}")
        print()
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from ..guide import load_explainer

    explainer = load_explainer(library_from_args(args))
    if args.json:
        print_json({"title": explainer.title, "version": explainer.version, "markdown": explainer.markdown,
                    "table": msgspec.to_builtins(explainer.table),
                    "decision": msgspec.to_builtins(explainer.decision)})
        return 0
    print(explainer.markdown.rstrip("\n"))
    return 0


def _parse_answers(pairs: list[str]) -> dict[str, str]:
    answers: dict[str, str] = {}
    for pair in pairs:
        question, sep, answer = pair.partition("=")
        question, answer = question.strip(), answer.strip()
        if not sep or not question or not answer:
            raise UsageError(f"--answer '{pair}' is not QUESTION=ANSWER", hint="e.g. --answer goal=clients")
        if question in answers and answers[question] != answer:
            raise UsageError(f"question '{question}' is answered twice", hint="give one answer per question")
        answers[question] = answer
    return answers


def cmd_decide(args: argparse.Namespace) -> int:
    from ..guide import decide, load_explainer

    explainer = load_explainer(library_from_args(args))
    decision = decide(explainer, _parse_answers(args.answer))
    if args.json:
        print_json(decision.to_dict())
        return 0
    print(decision.title)
    print(f"(followers {decision.scores['followers']}, connections {decision.scores['connections']})")
    print()
    print(textwrap.fill(decision.recommendation, 96))
    if decision.prompts:
        print()
        print("Prompts that help:")
        for prompt_id in decision.prompts:
            print(f"  {prompt_id}")
    return 0
