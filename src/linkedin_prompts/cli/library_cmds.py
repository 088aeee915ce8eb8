"""Commands over the library: list, show, render, validate, lock, export, profile."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import add_render_options, add_subcommand, library_from_args, print_json, render_from_args, UsageError


def register(sub: argparse._SubParsersAction, only: str | None = None) -> None:
    """Add this module's commands; ``only`` builds just the one being run (start-up time)."""
    for name, build in _PARSERS.items():
        if only is None or only == name:
            build(sub)


def _list_parser(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "list", "List prompts, filtered by category, tag or search text.")
    p.add_argument("--category", "-c", help="a category id, e.g. post-ideas")
    p.add_argument("--tag", "-t", help="a tag")
    p.add_argument("--search", "-s", default="", metavar="TEXT", help="words to find in title, summary, tags or template")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)


def _show_parser(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "show", "Show one prompt: fields, variables, versions and template.")
    p.add_argument("ref", metavar="ID[@VERSION]")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)


def _render_parser(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "render", "Render a prompt with values; prints the copy-ready text.")
    add_render_options(p)
    p.add_argument("--json", action="store_true", help="print the whole result, with a token estimate")
    p.add_argument("--model", help="model for the token estimate in --json (default: the configured model)")
    p.set_defaults(func=cmd_render)


def _validate_parser(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "validate", "Check library folders against every rule of the format.")
    p.add_argument("path", nargs="?", metavar="PATH", help="a library folder (default: every configured library)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_validate)


def _lock_parser(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "lock", "Record new prompt versions in prompts.lock and archive them.")
    p.add_argument("path", nargs="?", metavar="PATH", help="the library folder to lock (default: the bundled one)")
    p.set_defaults(func=cmd_lock)


def _export_parser(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "export", "Export the library as JSON, CSV or Markdown.")
    p.add_argument("--format", "-f", choices=("json", "csv", "markdown"), default="json")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(func=cmd_export)


def _profile_parser(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "profile", "Manage saved profiles that fill matching variables.")
    psub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = psub.add_parser("list", help="list saved profiles")
    q.add_argument("--json", action="store_true")
    q = psub.add_parser("show", help="show a profile's values")
    q.add_argument("name")
    q.add_argument("--json", action="store_true")
    q = psub.add_parser("set", help="create or update a profile: profile set NAME key=value ...")
    q.add_argument("name")
    q.add_argument("pairs", nargs="+", metavar="KEY=VALUE", help="an empty VALUE removes the key")
    q = psub.add_parser("default", help="make a profile the default (--clear to unset)")
    q.add_argument("name", nargs="?")
    q.add_argument("--clear", action="store_true")
    q = psub.add_parser("delete", help="delete a profile")
    q.add_argument("name")
    p.set_defaults(func=cmd_profile)


_PARSERS = {"list": _list_parser, "show": _show_parser, "render": _render_parser, "validate": _validate_parser, "lock": _lock_parser, "export": _export_parser, "profile": _profile_parser}


def _warn_broken(library) -> None:
    for exc in library.errors:
        print(f"warning: skipped {exc}", file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    library = library_from_args(args)
    if args.category and args.category not in library.categories():
        known = ", ".join(library.categories())
        raise UsageError(f"unknown category '{args.category}'", hint=f"one of: {known}")
    prompts = library.search(args.search, category=args.category, tag=args.tag)
    _warn_broken(library)
    if args.json:
        print_json([p.summary_dict() for p in prompts])
        return 0
    if not prompts:
        print("no prompts match", file=sys.stderr)
        return 0
    width = max(len(p.id) for p in prompts)
    for p in prompts:
        note = f"  [overrides {p.overrides}]" if p.overrides else ""
        print(f"{p.id:<{width}}  {p.version:<7} {p.spec.title}{note}")
    print(f"{len(prompts)} prompt(s)", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    library = library_from_args(args)
    prompt = library.get(args.ref)
    versions = library.versions(prompt.id)
    if args.json:
        import msgspec

        data = msgspec.to_builtins(prompt.spec)
        data.update(path=str(prompt.path), overrides=str(prompt.overrides) if prompt.overrides else None,
                    content_hash=prompt.content_hash, versions=versions)
        print_json(data)
        return 0
    s = prompt.spec
    print(f"{s.title}  ({s.id}@{s.version})")
    print(s.summary)
    print(f"category: {s.category}   output: {s.output.kind}   tags: {', '.join(s.tags) or '-'}")
    print(f"versions: {', '.join(versions)}   hash: {prompt.content_hash[:12]}")
    print(f"file: {prompt.path}")
    if prompt.overrides:
        print(f"overrides: {prompt.overrides}")
    if s.variables:
        print("\nvariables:")
        for v in s.variables:
            flags = ["required" if v.required else "optional", v.type]
            if v.choices:
                flags.append("choices: " + " | ".join(v.choices))
            if v.max_length:
                flags.append(f"max {v.max_length} chars")
            if v.default is not None:
                flags.append(f"default: {v.default}")
            print(f"  {v.name:<16} {v.label} ({'; '.join(flags)})")
            if v.help:
                print(f"  {'':<16} {v.help}")
    if s.system:
        print("\nsystem:\n" + s.system.rstrip())
    print("\ntemplate:\n" + s.template.rstrip())
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    result = render_from_args(args)
    if args.json:
        data = result.to_dict()
        data["tokens"] = _token_estimate(result, args.model)
        print_json(data)
    else:
        sys.stdout.write(result.text + "\n")
    return 0


def _token_estimate(result, model: str | None):
    """Token count and cost for --json; never imports LangChain or the OpenAI SDK."""
    try:
        from ..tokens import estimate_result
    except ImportError:
        return None
    return estimate_result(result, model)


def cmd_validate(args: argparse.Namespace) -> int:
    from ..library import Library
    from ..paths import bundled_library
    from ..validate import summary, validate

    if args.path:
        path = Path(args.path)
        if not path.is_dir():
            raise UsageError(f"{path} is not a folder", hint="pass a library folder")
        is_bundled = path.resolve() == Path(bundled_library()).resolve()
        library = Library([] if is_bundled else [*args.library, path])
        findings = validate(library, only=[path])
    else:
        library = library_from_args(args)
        findings = validate(library)
    if args.json:
        print_json({"ok": not findings, "findings": [f.to_dict() for f in findings],
                    "prompts": len(library.prompts())})
    else:
        for f in findings:
            print(str(f))
        print(f"{len(library.prompts())} prompt(s) checked: {summary(findings)}",
              file=sys.stderr if findings else sys.stdout)
    return 1 if findings else 0


def cmd_lock(args: argparse.Namespace) -> int:
    from ..paths import bundled_library
    from ..versions import lock

    library = library_from_args(args)
    root = Path(args.path) if args.path else Path(bundled_library())
    if args.path and root.resolve() not in [r.resolve() for r in library.roots]:
        from ..library import Library

        library = Library([*args.library, root])
    report = lock(library, root)
    for ref in report.added:
        print(f"locked {ref}")
    print(f"{len(report.added)} new version(s) locked, {report.unchanged} unchanged in {root}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..export import export_library

    text = export_library(library_from_args(args), args.format)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from .. import profiles as P

    if args.action == "list":
        names, default = P.list_profiles(), P.default_profile()
        if args.json:
            print_json({"profiles": names, "default": default})
        else:
            for name in names:
                print(name + ("  (default)" if name == default else ""))
            if not names:
                print("no profiles yet: `linkedin-prompts profile set me author_name='…' role='…'`", file=sys.stderr)
        return 0
    if args.action == "show":
        values = P.load_profile(args.name)
        if args.json:
            print_json(values)
        else:
            for k, v in values.items():
                print(f"{k}: {v}")
        return 0
    if args.action == "set":
        current = P.load_profile(args.name) if args.name in P.list_profiles() else {}
        for pair in args.pairs:
            key, sep, value = pair.partition("=")
            if not sep or not key.strip():
                raise UsageError(f"'{pair}' is not KEY=VALUE", hint="e.g. role='Founder, Acme'")
            current[key.strip()] = value
        path = P.save_profile(args.name, current)
        print(f"saved {path}")
        return 0
    if args.action == "default":
        if args.clear:
            P.set_default_profile(None)
            print("no default profile")
        elif args.name:
            P.set_default_profile(args.name)
            print(f"default profile: {args.name}")
        else:
            print(P.default_profile() or "no default profile")
        return 0
    if args.action == "delete":
        P.delete_profile(args.name)
        print(f"deleted {args.name}")
        return 0
    return 2
