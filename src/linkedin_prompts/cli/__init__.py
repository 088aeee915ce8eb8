"""The ``linkedin-prompts`` command: a thin shell over the Python API.

Command modules register their sub-commands here. They must stay cheap to import: LangChain, the
OpenAI SDK, SQLAlchemy and Streamlit are imported inside the handlers that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Sequence

from ..errors import PromptStudioError

PROG = "linkedin-prompts"


class UsageError(PromptStudioError):
    """Bad command-line usage (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, no usage dump
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _library_option(parser: argparse.ArgumentParser, dest: str) -> None:
    parser.add_argument("--library", dest=dest, action="append", metavar="DIR",
                        default=argparse.SUPPRESS if dest == "library_sub" else [],
                        help="an extra library folder layered over the bundled one (repeatable; "
                             "also LINKEDIN_PROMPTS_LIBRARY)")


def add_subcommand(sub: argparse._SubParsersAction, name: str, help: str, **kwargs: Any) -> argparse.ArgumentParser:
    """Add a sub-command that also accepts ``--library`` after its name."""
    parser = sub.add_parser(name, help=help, description=help, **kwargs)
    _library_option(parser, "library_sub")
    return parser


def add_render_options(parser: argparse.ArgumentParser, *, ref_required: bool = True) -> None:
    """The options every command that renders a prompt shares (render, run, chat)."""
    parser.add_argument("ref", metavar="ID[@VERSION]", nargs=None if ref_required else "?",
                        help="a prompt id such as post-ideas/hook-rewriter, optionally @VERSION")
    parser.add_argument("--var", action="append", default=[], metavar="NAME=VALUE",
                        help="a variable value (repeat for lists or several variables)")
    parser.add_argument("--vars-file", metavar="FILE|-", help="a YAML or JSON mapping of values; - reads stdin")
    parser.add_argument("--example", action="store_true", help="start from the prompt's first example values")
    parser.add_argument("--profile", metavar="NAME", help="fill matching variables from a saved profile")
    parser.add_argument("--no-profile", action="store_true", help="ignore the default profile")


def parse_vars(pairs: Sequence[str], vars_file: str | None) -> dict[str, Any]:
    """``--vars-file`` first, then ``--var`` pairs (a repeated name builds a list)."""
    values: dict[str, Any] = {}
    if vars_file:
        from ..yamlio import load_text, read_text
        from pathlib import Path

        if vars_file == "-":
            text, name = sys.stdin.read(), "<stdin>"
        else:
            text, name = read_text(Path(vars_file)), vars_file
        data = load_text(text, name)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise UsageError("--vars-file must hold a mapping of variable names to values", file=name)
        values.update(data)
    seen: set[str] = set()
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--var '{pair}' is not NAME=VALUE", hint="e.g. --var topic='pricing'")
        if name in seen:
            prev = values[name]
            values[name] = (prev if isinstance(prev, list) else [prev]) + [value]
        else:
            values[name] = value
            seen.add(name)
    return values


def library_from_args(args: argparse.Namespace):
    from ..library import Library

    return Library(list(getattr(args, "library", []) or []))


def render_from_args(args: argparse.Namespace, library=None):
    """Render the prompt named by the shared render options."""
    library = library or library_from_args(args)
    values = parse_vars(args.var, args.vars_file)
    return library.render(args.ref, values, profile=args.profile,
                          use_default_profile=not args.no_profile, example=args.example)


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


# Which module registers each command. Only the module of the command being run is imported, so
# `render` does not pay for the parsers (and imports) of `run`, `check` or `history`.
MODULES = ("library_cmds", "check_cmd", "guide_cmd", "run_cmds")
COMMANDS = {
    "list": "library_cmds", "show": "library_cmds", "render": "library_cmds", "validate": "library_cmds",
    "lock": "library_cmds", "export": "library_cmds", "profile": "library_cmds",
    "check": "check_cmd",
    "checklist": "guide_cmd", "explain": "guide_cmd", "decide": "guide_cmd",
    "run": "run_cmds", "chat": "run_cmds", "history": "run_cmds", "config": "run_cmds",
}


def _command_name(argv: Sequence[str]) -> str | None:
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--library":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="LinkedIn Prompt Studio: expert LinkedIn prompts, "
                     "rendered safely, run through any OpenAI-compatible model.")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version and exit")
    _library_option(parser, "library")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    command = _command_name(argv or [])
    wanted = COMMANDS.get(command or "")
    for name in (wanted,) if wanted else MODULES:
        try:
            module = __import__(f"{__name__}.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        if wanted == "library_cmds":
            module.register(sub, only=command)
        else:
            module.register(sub)
    return parser


class _VersionAction(argparse.Action):
    """Looks the version up only when asked: importlib.metadata costs ~14 ms at start-up."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{PROG} {_version()}")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("linkedin-prompt-studio")
    except PackageNotFoundError:
        return "dev"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        parser = build_parser(argv)
        args = parser.parse_args(argv)
        args.library = list(args.library or []) + list(getattr(args, "library_sub", []) or [])
        if not getattr(args, "func", None):
            parser.print_help()
            return 0
        return int(args.func(args) or 0)
    except PromptStudioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); silence the flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
