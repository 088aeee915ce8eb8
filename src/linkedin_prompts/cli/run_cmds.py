"""``run``, ``chat`` and ``history``: thin shells over ``run.session`` and ``store``.

Cheap to import: LangChain, the OpenAI SDK and SQLAlchemy load inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..errors import ModelError
from . import UsageError, add_render_options, add_subcommand, print_json, render_from_args

if TYPE_CHECKING:
    from ..run.session import RunOutcome, RunStream
    from ..run.settings import ModelSettings

EXIT_COMMANDS = ("/exit", "/quit")


def register(sub: argparse._SubParsersAction) -> None:
    run = add_subcommand(sub, "run", "run a prompt through a model and stream the answer")
    add_render_options(run)
    _model_options(run)
    run.add_argument("--no-stream", action="store_true", help="wait for the whole answer, then print it")
    run.add_argument("--json", action="store_true", help="print the run (answer, usage, cost) as JSON")
    run.set_defaults(func=run_command)

    chat = add_subcommand(sub, "chat", "talk to a model in the terminal, optionally starting from a prompt")
    add_render_options(chat, ref_required=False)
    _model_options(chat)
    chat.add_argument("--no-stream", action="store_true", help="print each answer when it is complete")
    chat.set_defaults(func=chat_command)

    history = add_subcommand(sub, "history", "list, show, export, import, delete or favourite past runs")
    actions = history.add_subparsers(dest="history_action", metavar="ACTION", parser_class=type(history))
    history.set_defaults(func=lambda args: (history.print_help(), 0)[1])

    p = actions.add_parser("list", help="recent runs, newest first")
    p.add_argument("--limit", type=int, default=20, help="how many (default 20; 0 = all)")
    p.add_argument("--prompt", metavar="ID", help="only runs of this prompt id")
    p.add_argument("--favourites", action="store_true", help="only favourite runs")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=history_list)

    p = actions.add_parser("show", help="one run in full (an id or a unique prefix)")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=history_show)

    p = actions.add_parser("export", help="every run, favourite and checklist tick as JSON")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=history_export)

    p = actions.add_parser("import", help="add the runs of an export (runs already present are skipped)")
    p.add_argument("file", metavar="FILE|-")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=history_import)

    p = actions.add_parser("delete", help="delete a run")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=history_delete)

    p = actions.add_parser("favourite", help="mark a run as a favourite (--remove to unmark)")
    p.add_argument("id")
    p.add_argument("--remove", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=history_favourite)


def _model_options(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("model settings (override LINKEDIN_PROMPTS_* variables and config.yaml)")
    g.add_argument("--model", metavar="M", help="model name (default: gpt-5.4-mini)")
    g.add_argument("--base-url", metavar="URL", help="an OpenAI-compatible server, e.g. http://localhost:11434/v1")
    g.add_argument("--temperature", type=float, metavar="T", help="sampling temperature (default: the model's)")
    g.add_argument("--max-tokens", type=int, metavar="N", help="cap on output tokens")
    g.add_argument("--timeout", type=float, metavar="S", help="seconds per request (default 60)")
    g.add_argument("--retries", dest="max_retries", type=int, metavar="N",
                   help="retries before the first byte (default 2)")


def settings_from_args(args: argparse.Namespace) -> "ModelSettings":
    from ..run.settings import resolve_settings

    return resolve_settings({name: getattr(args, name, None) for name in
                             ("model", "base_url", "temperature", "max_tokens", "timeout", "max_retries")})


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def estimate_line(messages: list[dict[str, str]], model: str) -> str:
    from ..pricing import estimate_cost
    from ..tokens import count_messages

    count = count_messages(messages, model)
    cost = estimate_cost(model, count.tokens)
    money = (f"input ≈ {cost} ({cost.source}) + output" if cost
             else f"cost unknown for '{model}' (set prices: in config.yaml)")
    return f"{model}: {count} in · {money}"


def summary_line(outcome: "RunOutcome") -> str:
    parts = [f"run {(outcome.run_id or '')[:8]}", outcome.status, f"{outcome.latency_ms / 1000:.2f} s"]
    if outcome.first_token_ms is not None:
        parts.append(f"first token {outcome.first_token_ms:.0f} ms")
    if outcome.input_tokens is not None:
        parts.append(f"{outcome.input_tokens} in / {outcome.output_tokens} out tokens ({outcome.usage_source})")
    parts.append(str(outcome.cost) if outcome.cost else "cost unknown")
    return " · ".join(parts)


def outcome_json(outcome: "RunOutcome", ref: str | None) -> dict[str, Any]:
    return {
        "run_id": outcome.run_id, "prompt": ref, "status": outcome.status, "output": outcome.text,
        "model": outcome.model, "host": outcome.host, "params": outcome.params,
        "usage": {"input_tokens": outcome.input_tokens, "output_tokens": outcome.output_tokens,
                  "total_tokens": outcome.total_tokens, "source": outcome.usage_source},
        "latency_ms": outcome.latency_ms, "first_token_ms": outcome.first_token_ms,
        "finish_reason": outcome.finish_reason,
        "cost": outcome.cost.to_dict() if outcome.cost else None,
        "error": ({"cause": outcome.error.cause, "message": str(outcome.error)} if outcome.error else None),
    }


def _stream_to_stdout(stream: "RunStream", *, echo: bool) -> None:
    """Print chunks as they arrive; on failure end the partial line so the error starts clean."""
    wrote = False
    try:
        for chunk in stream:
            if echo:
                sys.stdout.write(chunk)
                sys.stdout.flush()
                wrote = True
    finally:
        if wrote:
            sys.stdout.write("\n")
            sys.stdout.flush()


def _note_recorded(err: ModelError, outcome: "RunOutcome | None") -> None:
    if outcome is not None and outcome.run_id:
        kept = "partial answer kept" if outcome.text else "recorded"
        err.hint = f"{err.hint + '; ' if err.hint else ''}{kept} as run {outcome.run_id[:8]}"


# -- run ---------------------------------------------------------------------------------------
def run_command(args: argparse.Namespace) -> int:
    render = render_from_args(args)
    settings = settings_from_args(args)
    settings.key_or_placeholder()  # no key → the one-line no-key error before anything else
    _err(estimate_line(render.messages(), settings.model))

    from ..run.session import Conversation
    from ..store import HistoryStore

    with HistoryStore() as store:
        conversation = Conversation.from_render(render, settings=settings, store=store)
        stream = conversation.ask(stream=not args.no_stream)
        try:
            _stream_to_stdout(stream, echo=not args.json)
        except ModelError as err:
            _note_recorded(err, stream.outcome)
            if args.json and stream.outcome:
                print_json(outcome_json(stream.outcome, render.ref))
            raise
    assert stream.outcome is not None
    # The answer is checked against LinkedIn's limits for the prompt's output kind (on stderr, so
    # stdout stays the answer alone).
    from ..checks import check_text
    from .check_cmd import format_report

    report = check_text(stream.outcome.text, render.output_kind)
    if args.json:
        print_json({**outcome_json(stream.outcome, render.ref), "check": report.to_dict()})
    else:
        _err("\nLinkedIn check of the answer\n" + format_report(report))
    _err(summary_line(stream.outcome))
    return 0


# -- chat --------------------------------------------------------------------------------------
def chat_command(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    settings.key_or_placeholder()
    render = render_from_args(args) if args.ref else None

    from ..run.session import Conversation
    from ..store import HistoryStore

    interactive = sys.stdin.isatty()
    failed = False
    with HistoryStore() as store:
        if render is not None:
            conversation = Conversation.from_render(render, settings=settings, store=store)
            _err(estimate_line(render.messages(), settings.model))
            failed = not _chat_turn(conversation, None, args)
        else:
            conversation = Conversation(settings=settings, store=store)
        if interactive:
            _err(f"chatting with {settings.model}; /exit or Ctrl-D to end")
        while True:
            if interactive:
                sys.stderr.write("you> ")
                sys.stderr.flush()
            line = sys.stdin.readline()
            if not line:
                break
            text = line.rstrip("\n")
            if text.strip() in EXIT_COMMANDS:
                break
            if not text.strip():
                continue
            failed = not _chat_turn(conversation, text, args) or failed
    if conversation.run_ids:
        _err(f"conversation {conversation.id[:8]}: {conversation.turn} turn(s) recorded")
    return ModelError.exit_code if failed else 0


def _chat_turn(conversation, text: str | None, args: argparse.Namespace) -> bool:
    stream = conversation.ask(text, stream=not args.no_stream)
    try:
        _stream_to_stdout(stream, echo=True)
    except ModelError as err:
        _note_recorded(err, stream.outcome)
        _err(f"error: {err}")
        return False
    return True


# -- history -----------------------------------------------------------------------------------
def _store():
    from ..store import HistoryStore

    return HistoryStore()


def _run_row(record) -> str:
    what = record.prompt_id and f"{record.prompt_id}@{record.prompt_version}" or "(chat)"
    star = "*" if record.favourite else " "
    first = " ".join(record.output.split())[:50]
    return f"{record.id[:8]} {star} {record.created_at[:19].replace('T', ' ')}  {record.status:<10} {what}  {record.model}  {first}"


def history_list(args: argparse.Namespace) -> int:
    with _store() as store:
        records = store.list_runs(limit=args.limit or None, prompt_id=args.prompt,
                                  favourites_only=args.favourites)
    if args.json:
        print_json([r.to_dict() for r in records])
    elif not records:
        _err("no runs yet: try `linkedin-prompts run ID`")
    else:
        for record in records:
            print(_run_row(record))
    return 0


def history_show(args: argparse.Namespace) -> int:
    with _store() as store:
        record = store.get_run(args.id)
    if args.json:
        print_json(record.to_dict())
        return 0
    print(f"run {record.id}  (conversation {record.conversation_id[:8]}, turn {record.turn})")
    print(f"prompt: {record.ref or '(chat)'}  hash {record.content_hash or '-'}")
    print(f"model: {record.model} on {record.base_url_host}  params: {json.dumps(record.params)}")
    print(f"status: {record.status}" + (f" ({record.error_cause}: {record.error})" if record.error else ""))
    print(f"tokens: {record.input_tokens} in / {record.output_tokens} out ({record.usage_source})  "
          f"cost: {'$%.6f' % record.cost_usd if record.cost_usd is not None else 'unknown'}  "
          f"latency: {record.latency_ms} ms, first token {record.first_token_ms} ms")
    if record.variables:
        print("variables: " + json.dumps(record.variables, ensure_ascii=False))
    for m in record.messages:
        print(f"\n--- {m['role']} ---\n{m['content']}")
    print(f"\n--- answer{' (incomplete)' if record.status != 'complete' else ''} ---\n{record.output}")
    return 0


def history_export(args: argparse.Namespace) -> int:
    with _store() as store:
        data = store.export()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if args.output and args.output != "-":
        from pathlib import Path

        path = Path(args.output)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(path)
        _err(f"exported {len(data['runs'])} run(s) to {path}")
    else:
        print(text)
    return 0


def history_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    try:
        raw = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        data = json.loads(raw)
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    except ValueError as exc:
        raise UsageError(f"{args.file} is not JSON: {exc}") from None
    with _store() as store:
        counts = store.import_data(data)
    if args.json:
        print_json(counts)
    else:
        _err(f"imported {counts['runs']} run(s), skipped {counts['skipped']} already present")
    return 0


def history_delete(args: argparse.Namespace) -> int:
    with _store() as store:
        run_id = store.delete_run(args.id)
    print_json({"deleted": run_id}) if args.json else _err(f"deleted run {run_id[:8]}")
    return 0


def history_favourite(args: argparse.Namespace) -> int:
    with _store() as store:
        run_id = store.set_favourite(args.id, not args.remove)
    if args.json:
        print_json({"run_id": run_id, "favourite": not args.remove})
    else:
        _err(f"{'unmarked' if args.remove else 'marked'} run {run_id[:8]} as a favourite")
    return 0
