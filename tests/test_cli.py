"""The CLI through its real entry point: output, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import prompt_yaml
from linkedin_prompts.cli import main

BIN = Path(sys.executable).parent / "linkedin-prompts"
ID = "post-ideas/lesson-from-a-mistake"


def run(*args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, input=input,
                          env={**os.environ, **(env or {})}, timeout=60)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_console_script_renders_an_example():
    proc = run("render", ID, "--example")
    assert proc.returncode == 0, proc.stderr
    assert "## The mistake" in proc.stdout and "6-month retainer" in proc.stdout


def test_help_lists_the_commands():
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("list", "show", "render", "validate", "lock", "export"):
        assert command in proc.stdout


HEAVY = ("langchain", "langchain_core", "langchain_openai", "openai", "streamlit", "sqlalchemy")


@pytest.mark.parametrize("argv", [["--help"], ["list"], ["show", ID], ["render", ID, "--example"],
                                  ["render", ID, "--example", "--json"], ["validate"], ["export", "-f", "csv"]])
def test_fast_commands_do_not_import_heavy_libraries(argv):
    code = (
        "import sys\nfrom linkedin_prompts.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60)
    assert "HEAVY=" in proc.stderr
    assert proc.stderr.rsplit("HEAVY=", 1)[1] == "", proc.stderr


def test_list_filters_and_json(capsys):
    code, out, _ = cli(capsys, "list", "--category", "post-ideas", "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["category"] == "post-ideas" for r in rows)
    code, out, _ = cli(capsys, "list", "--search", "mistake LESSON")
    assert ID in out


def test_list_and_show_say_when_a_prompt_overrides(capsys, make_library):
    root = make_library({f"{ID}.yaml": prompt_yaml(ID, title="My override")})
    code, out, _ = cli(capsys, "--library", str(root), "list", "--search", "override")
    assert code == 0 and "[overrides " in out and "lesson-from-a-mistake.yaml]" in out
    code, out, _ = cli(capsys, "show", ID, "--library", str(root))
    assert "overrides: " in out and "My override" in out


def test_show_json_has_versions_and_hash(capsys):
    code, out, _ = cli(capsys, "show", ID, "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == ID and len(data["content_hash"]) == 64 and "1.0.0" in data["versions"]


def test_render_with_vars_and_vars_file(capsys, tmp_path):
    vars_file = tmp_path / "v.yaml"
    vars_file.write_text("mistake: I sent the proposal to the wrong client.\nlesson: Check the address twice.\n")
    code, out, _ = cli(capsys, "render", ID, "--vars-file", str(vars_file), "--var", "lesson=Read it aloud first.")
    assert code == 0
    assert "I sent the proposal to the wrong client." in out and "Read it aloud first." in out
    assert "Check the address twice." not in out


def test_render_json_has_the_whole_result(capsys):
    code, out, _ = cli(capsys, "render", ID, "--example", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"id", "version", "content_hash", "system", "prompt", "text", "variables"} <= set(data)
    assert data["text"].startswith(data["system"])
    tokens = data["tokens"]
    assert tokens["method"] == "exact" and tokens["encoding"] == "o200k_base" and tokens["tokens"] > 100
    assert tokens["input_cost_usd"]["usd"] > 0 and tokens["input_cost_usd"]["source"]
    code, out, _ = cli(capsys, "render", ID, "--example", "--json", "--model", "llama3.1")
    assert json.loads(out)["tokens"]["method"] == "approximate"


def test_render_with_profile(capsys):
    assert cli(capsys, "profile", "set", "me", "author_name=Ana Ruiz", "role=Fractional CFO")[0] == 0
    code, out, _ = cli(capsys, "render", ID, "--var", "mistake=Missed a deadline.", "--profile", "me")
    assert code == 0 and "Ana Ruiz, Fractional CFO" in out
    cli(capsys, "profile", "default", "me")
    code, out, _ = cli(capsys, "render", ID, "--var", "mistake=Missed a deadline.")
    assert "Ana Ruiz" in out
    code, out, _ = cli(capsys, "render", ID, "--var", "mistake=Missed a deadline.", "--no-profile")
    assert "Ana Ruiz" not in out


@pytest.mark.parametrize("args, fragment", [
    (["render", "post-ideas/nope"], "no prompt with id 'post-ideas/nope'"),
    (["render", f"{ID}@9.0.0", "--example"], "has no version 9.0.0"),
    (["render", ID], "variable 'mistake': is required"),
    (["render", ID, "--example", "--var", "tone=" + "x" * 81], "variable 'tone': is 81 characters; the maximum is 80"),
    (["render", ID, "--var", "oops"], "--var 'oops' is not NAME=VALUE"),
    (["render", ID, "--vars-file", "/no/such/file.yaml"], "/no/such/file.yaml: cannot read file"),
    (["render", ID, "--profile", "ghost", "--example"], "no profile named 'ghost'"),
    (["list", "--category", "nope"], "unknown category 'nope'"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["--library", "/no/such/dir", "list"], "/no/such/dir: library folder not found"),
])
def test_user_errors_are_one_line_with_exit_2(capsys, args, fragment):
    code, out, err = cli(capsys, *args)
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert fragment in err
    assert "Traceback" not in err


def test_malformed_vars_file_names_its_line(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("mistake: fine\nlesson: [unclosed\n")
    code, _, err = cli(capsys, "render", ID, "--vars-file", str(bad))
    assert code == 2 and f"{bad}:3: malformed YAML" in err


def test_vars_file_from_stdin():
    proc = run("render", ID, "--vars-file", "-", input="mistake: Booked two clients for the same slot.\n")
    assert proc.returncode == 0 and "Booked two clients for the same slot." in proc.stdout


def test_validate_exit_codes(capsys, make_library):
    good = make_library({"post-ideas/test.yaml": prompt_yaml()}, name="good")
    assert cli(capsys, "validate", str(good))[0] == 0
    bad = make_library({"post-ideas/test.yaml": prompt_yaml().replace("kind: post", "kind: pots")}, name="bad")
    code, out, err = cli(capsys, "validate", str(bad), "--json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["findings"][0]["rule"] == "schema"
    code, out, _ = cli(capsys, "validate", str(bad))
    assert code == 1 and "test.yaml:8: output.kind: Invalid enum value 'pots'" in out


def test_lock_and_render_old_version_via_cli(capsys, make_library):
    root = make_library({"post-ideas/test.yaml": prompt_yaml()})
    code, out, _ = cli(capsys, "lock", str(root))
    assert code == 0 and "locked post-ideas/test@1.0.0" in out
    bumped = prompt_yaml(version="2.0.0", extra=" New.").replace(
        "changelog:\n", "changelog:\n  - version: 2.0.0\n    date: 2026-11-27\n    note: New.\n")
    (root / "post-ideas/test.yaml").write_text(bumped)
    assert cli(capsys, "--library", str(root), "validate", str(root))[0] == 1
    assert cli(capsys, "lock", str(root))[0] == 0
    assert cli(capsys, "validate", str(root))[0] == 0
    code, out, _ = cli(capsys, "--library", str(root), "render", "post-ideas/test@1.0.0", "--var", "topic=x")
    assert code == 0 and out.strip().endswith("Write about x in a calm tone.")


@pytest.mark.parametrize("fmt, probe", [("json", '"prompts"'), ("csv", "id,version,title"), ("markdown", "### ")])
def test_export_formats(capsys, tmp_path, fmt, probe):
    target = tmp_path / f"out.{fmt}"
    code, _, _ = cli(capsys, "export", "--format", fmt, "--output", str(target))
    text = target.read_text()
    assert code == 0 and probe in text and ID in text
    if fmt == "json":
        assert any(p["id"] == ID for p in json.loads(text)["prompts"])
