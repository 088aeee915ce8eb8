"""Time to first token: the package vs the OpenAI SDK called directly, on the same local server.

    .venv/bin/python benchmarks/bench_run.py [--runs 50] [--cold-runs 5]

Warm: in one process, median over N runs, from "run this" to the first text chunk (the package path
builds a ChatOpenAI, goes through LangChain, and records the run in SQLite after the last chunk;
the recording is outside the first-token time but inside the total). Cold: a fresh
``linkedin-prompts run`` process to its first byte on stdout, vs a fresh ``python`` that imports
the SDK and streams. Target: warm overhead < 10 ms. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from openai_server import OpenAIServer, Reply  # noqa: E402

REF = "post-ideas/lesson-from-a-mistake"
TEXT = "One two three four five six seven eight nine ten. " * 4


def _first_and_total(chunks) -> tuple[float, float]:
    start = time.perf_counter()
    first = None
    for chunk in chunks:
        if first is None and chunk:
            first = time.perf_counter()
    end = time.perf_counter()
    return (first - start) * 1000, (end - start) * 1000


def warm(server: OpenAIServer, runs: int) -> dict[str, tuple[float, float]]:
    import openai

    from linkedin_prompts.library import Library
    from linkedin_prompts.run.session import Conversation, run_messages
    from linkedin_prompts.run.settings import ModelSettings
    from linkedin_prompts.store import HistoryStore

    lib = Library()
    messages = lib.render(REF, example=True).messages()
    settings = ModelSettings(model="gpt-4o-mini", base_url=server.base_url, timeout=10, max_retries=0)
    client = openai.OpenAI(base_url=server.base_url, api_key="x", timeout=10, max_retries=0)

    def sdk():
        stream = client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True,
                                                stream_options={"include_usage": True})
        for event in stream:
            if event.choices and event.choices[0].delta.content:
                yield event.choices[0].delta.content

    def package():
        yield from run_messages(messages, settings=settings)

    store = HistoryStore()

    def package_full():  # render + run + record in history, as `run` does
        render = lib.render(REF, example=True)
        yield from Conversation.from_render(render, settings=settings, store=store).ask()

    results = {}
    for name, fn in (("OpenAI SDK directly", sdk), ("package: run_messages", package),
                     ("package: render+run+record", package_full)):
        for _ in range(3):  # warm up connections and imports
            _first_and_total(fn())
        samples = [_first_and_total(fn()) for _ in range(runs)]
        results[name] = (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))
    store.close()
    return results


def _time_to_first_byte(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    first = proc.stdout.read(1)
    elapsed = (time.perf_counter() - start) * 1000
    proc.stdout.read()
    if proc.wait() != 0 or not first:
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    return elapsed


def cold(server: OpenAIServer, runs: int) -> dict[str, float]:
    tmp = tempfile.mkdtemp(prefix="bench-run-")
    env = dict(os.environ, LINKEDIN_PROMPTS_DATA_DIR=f"{tmp}/data", LINKEDIN_PROMPTS_CONFIG_DIR=f"{tmp}/config",
               LINKEDIN_PROMPTS_CACHE_DIR=f"{tmp}/cache", PYTHONUNBUFFERED="1")
    script = Path(sys.executable).with_name("linkedin-prompts")
    cli = [str(script)] if script.exists() else [sys.executable, "-c",
                                                 "import sys; from linkedin_prompts.cli import main; sys.exit(main())"]
    sdk = [sys.executable, "-c", (
        "import openai,sys\n"
        f"c=openai.OpenAI(base_url={server.base_url!r}, api_key='x', timeout=10, max_retries=0)\n"
        "for e in c.chat.completions.create(model='gpt-4o-mini', messages=[{'role':'user','content':'hi'}], stream=True):\n"
        "    d = e.choices[0].delta.content if e.choices else None\n"
        "    if d: sys.stdout.write(d); sys.stdout.flush()\n")]
    commands = {
        "python + OpenAI SDK (cold)": sdk,
        "linkedin-prompts run (cold)": [*cli, "run", REF, "--example", "--base-url", server.base_url,
                                        "--model", "gpt-4o-mini", "--retries", "0"],
    }
    out = {}
    for name, cmd in commands.items():
        _time_to_first_byte(cmd, env)  # page cache, .pyc files
        out[name] = statistics.median(_time_to_first_byte(cmd, env) for _ in range(runs))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    with OpenAIServer(default=Reply.ok(TEXT, chunk_size=8)) as server:
        hot = warm(server, args.runs)
        base_first, base_total = hot["OpenAI SDK directly"]
        print(f"\nwarm, median of {args.runs} runs (ms)")
        print(f"{'path':<32}{'first token':>12}{'overhead':>10}{'total':>10}{'overhead':>10}")
        for name, (first, total) in hot.items():
            print(f"{name:<32}{first:>12.2f}{first - base_first:>+10.2f}{total:>10.2f}{total - base_total:>+10.2f}")
        cold_times = cold(server, args.cold_runs)
        base = cold_times["python + OpenAI SDK (cold)"]
        print(f"\ncold process to first byte on stdout, median of {args.cold_runs} (ms)")
        print(f"{'command':<32}{'first byte':>12}{'vs SDK':>10}")
        for name, ms in cold_times.items():
            print(f"{name:<32}{ms:>12.0f}{ms - base:>+10.0f}")
        verdict = "met" if hot["package: run_messages"][0] - base_first < 10 else "NOT met"
        print(f"\nwarm first-token overhead target (< 10 ms): {verdict}")


if __name__ == "__main__":
    main()
