"""`run`, `chat` and `history` through the CLI entry point, against the local server."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures_openai import SECRET_KEY, subprocess_env
from openai_server import Reply, closed_port

from linkedin_prompts.cli import main
from linkedin_prompts.store import HistoryStore

REF = "post-ideas/lesson-from-a-mistake"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def server_args(server, *extra: str) -> list[str]:
    return ["--base-url", server.base_url, "--model", "gpt-4o-mini", "--timeout", "5", "--retries", "0", *extra]


def runs() -> list:
    with HistoryStore() as store:
        return store.list_runs(limit=None)


def test_run_streams_the_answer_and_records_it(isolated, openai_server, capsys):
    openai_server.script(Reply.ok("A post about pricing."))
    code, out, err = run_cli(capsys, "run", REF, "--example", *server_args(openai_server, "--temperature", "0.4"))
    assert code == 0
    assert out == "A post about pricing.\n"
    first, last = err.strip().splitlines()[0], err.strip().splitlines()[-1]
    assert first.startswith("gpt-4o-mini: ") and "exact, o200k_base" in first and "$" in first
    assert "complete" in last and "11 in / 7 out tokens (reported)" in last
    assert openai_server.chat_requests[-1].json["temperature"] == 0.4
    [record] = runs()
    assert (record.prompt_id, record.status, record.output) == (REF, "complete", "A post about pricing.")
    assert record.base_url_host == f"127.0.0.1:{openai_server.port}" and record.params["temperature"] == 0.4
    assert record.variables["author_name"] == "Priya Raman"
    assert record.cost_usd == pytest.approx((11 * 0.15 + 7 * 0.60) / 1e6)


def test_run_json_and_no_stream(isolated, openai_server, capsys):
    code, out, _ = run_cli(capsys, "run", REF, "--example", "--json", "--no-stream", *server_args(openai_server))
    data = json.loads(out)
    assert code == 0 and data["status"] == "complete" and data["output"] == "Hello from the test server."
    assert data["usage"] == {"input_tokens": 11, "output_tokens": 7, "total_tokens": 18, "source": "reported"}
    assert data["prompt"] == f"{REF}@1.0.0" and data["run_id"] == runs()[0].id
    assert openai_server.chat_requests[-1].json.get("stream") in (None, False)


@pytest.mark.parametrize("reply, cause_words", [
    (Reply.status(401, "Incorrect API key"), "refused the API key"),
    (Reply.status(404, "The model `{model}` does not exist"), "model 'gpt-4o-mini' not found"),
    (Reply.status(429, "Rate limit reached"), "rate limited"),
    (Reply.status(500, "boom"), "server error (500)"),
    (Reply.slow(2.0), "did not answer in time"),
])
def test_each_fault_is_one_line_and_exit_3(isolated, openai_server, capsys, reply, cause_words):
    openai_server.script(reply)
    code, out, err = run_cli(capsys, "run", REF, "--example", *server_args(openai_server, "--timeout", "0.5"))
    lines = err.strip().splitlines()
    assert code == 3 and out == ""
    assert len(lines) == 2 and lines[0].startswith("gpt-4o-mini:")  # the estimate, then the error
    assert lines[1].startswith("error: ") and cause_words in lines[1]
    assert runs()[0].status == "error"


def test_a_cut_stream_keeps_the_partial_answer(isolated, openai_server, capsys):
    openai_server.script(Reply.cut("Half of this answer arrives.", after=3))
    code, out, err = run_cli(capsys, "run", REF, "--example", *server_args(openai_server))
    assert code == 3 and out == "Half of this\n"
    error_line = err.strip().splitlines()[-1]
    assert "stopped after 12 characters" in error_line and "partial answer kept as run" in error_line
    [record] = runs()
    assert (record.status, record.output, record.error_cause) == ("incomplete", "Half of this", "stream_broken")


def test_connection_refused_and_no_key(isolated, capsys):
    code, _, err = run_cli(capsys, "run", REF, "--example", "--base-url", f"http://127.0.0.1:{closed_port()}/v1",
                           "--retries", "0")
    assert code == 3 and "cannot connect to 127.0.0.1" in err.strip().splitlines()[-1]
    code, out, err = run_cli(capsys, "run", REF, "--example")
    assert code == 3 and out == ""
    assert err.strip().splitlines() == [
        "error: no API key: set OPENAI_API_KEY (or pass --base-url for a local server) "
        "(render and copy work without one)"]


def test_run_as_a_real_command(isolated, openai_server):
    openai_server.script(Reply.ok("From a child process."), Reply.status(500))
    script = Path(sys.executable).with_name("linkedin-prompts")
    entry = [str(script)] if script.exists() else [
        sys.executable, "-c", "import sys; from linkedin_prompts.cli import main; sys.exit(main())"]
    cmd = [*entry, "run", REF, "--example", *server_args(openai_server)]
    env = subprocess_env({"OPENAI_API_KEY": SECRET_KEY})
    ok = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    assert (ok.returncode, ok.stdout) == (0, "From a child process.\n")
    bad = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 3 and bad.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "Traceback" not in bad.stderr and SECRET_KEY not in bad.stderr


def test_chat_reads_piped_stdin_and_links_the_turns(isolated, openai_server, capsys, monkeypatch):
    openai_server.script(Reply.ok("Draft."), Reply.ok("Shorter."), Reply.ok("Shortest."))
    monkeypatch.setattr(sys, "stdin", io.StringIO("make it shorter\n\nshorter still\n/exit\nignored\n"))
    code, out, err = run_cli(capsys, "chat", REF, "--example", *server_args(openai_server))
    assert code == 0 and out == "Draft.\nShorter.\nShortest.\n"
    last = openai_server.chat_requests[-1].json["messages"]
    assert [m["role"] for m in last] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert [m["content"] for m in last[2:]] == ["Draft.", "make it shorter", "Shorter.", "shorter still"]
    records = runs()
    assert len({r.conversation_id for r in records}) == 1 and sorted(r.turn for r in records) == [0, 1, 2]
    assert "3 turn(s) recorded" in err


def test_chat_without_a_prompt_and_a_failed_turn(isolated, openai_server, capsys, monkeypatch):
    openai_server.script(Reply.ok("Hi!"), Reply.status(500))
    monkeypatch.setattr(sys, "stdin", io.StringIO("hello\nand again\n"))  # EOF ends the chat
    code, out, err = run_cli(capsys, "chat", *server_args(openai_server))
    assert code == 3 and out == "Hi!\n"
    assert any(line.startswith("error: ") and "500" in line for line in err.splitlines())
    assert [r.status for r in sorted(runs(), key=lambda r: r.turn)] == ["complete", "error"]


def test_history_commands(isolated, openai_server, capsys, tmp_path, monkeypatch):
    for text in ("First answer.", "Second answer."):
        openai_server.script(Reply.ok(text))
        assert run_cli(capsys, "run", REF, "--example", *server_args(openai_server))[0] == 0
    code, out, _ = run_cli(capsys, "history", "list")
    assert code == 0 and out.splitlines()[0].split()[0] == runs()[0].id[:8] and "Second answer." in out
    rid = runs()[1].id
    code, out, _ = run_cli(capsys, "history", "show", rid[:8])
    assert code == 0 and "First answer." in out and "--- system ---" in out
    assert json.loads(run_cli(capsys, "history", "show", rid, "--json")[1])["output"] == "First answer."
    assert run_cli(capsys, "history", "favourite", rid)[0] == 0
    out = run_cli(capsys, "history", "list", "--favourites", "--json")[1]
    assert [r["id"] for r in json.loads(out)] == [rid]

    export_file = tmp_path / "export.json"
    assert run_cli(capsys, "history", "export", "--output", str(export_file))[0] == 0
    exported = json.loads(export_file.read_text())
    assert len(exported["runs"]) == 2
    code, _, err = run_cli(capsys, "history", "delete", rid)
    assert code == 0 and len(runs()) == 1
    code, out, _ = run_cli(capsys, "history", "import", str(export_file), "--json")
    assert code == 0 and json.loads(out) == {"runs": 1, "skipped": 1, "favourite_prompts": 0, "checklist_progress": 0}
    code, out, _ = run_cli(capsys, "history", "export")
    assert json.loads(out) == exported

    code, _, err = run_cli(capsys, "history", "show", "nope")
    assert code != 0 and err.startswith("error: no run with id 'nope'")
    code, _, err = run_cli(capsys, "history", "import", str(tmp_path / "missing.json"))
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_run_checks_the_answer_against_the_prompts_output_kind(isolated, openai_server, capsys):
    long_post = "I priced a retainer with no scope cap.\n\n" + ("Every week the list grew. " * 130)
    openai_server.script(Reply.ok(long_post + "\n#pricing #freelance #consulting #retainers"))
    code, out, err = run_cli(capsys, "run", REF, "--example", *server_args(openai_server))
    assert code == 0 and out.startswith("I priced a retainer"), "stdout holds the answer alone"
    assert "LinkedIn check of the answer" in err and "of 3,000 allowed" in err
    assert "length.hard" in err and "hashtags.too_many" in err
    openai_server.script(Reply.ok("A short post.\n\nOne idea, one ask."))
    code, out, _ = run_cli(capsys, "run", REF, "--example", "--json", *server_args(openai_server))
    check = json.loads(out)["check"]
    assert check["kind"] == "post" and check["ok"] is True and check["limit"]["max"] == 3000
