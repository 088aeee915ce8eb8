"""Benchmark the library path (not a test: it prints figures to compare between runs).

  python benchmarks/bench_library.py [--runs N]

1. Cold `linkedin-prompts render ID --example` against a floor script that only imports yaml
   and jinja2, loads that one YAML file and renders it (target: within 1.3x of the floor).
2. Loading the bundled library (cold process and warm in-process).
3. Loading and searching a generated library of 10,000 prompts, first load (no cache) and
   cached (targets: load < 1 s, search < 20 ms).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROMPT_ID = "post-ideas/lesson-from-a-mistake"
FLOOR = """
import sys, yaml, jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
data = yaml.load(open(sys.argv[1], encoding="utf-8"), Loader=yaml.CSafeLoader)
env = ImmutableSandboxedEnvironment(loader=jinja2.FileSystemLoader(sys.argv[2]), undefined=jinja2.StrictUndefined,
                                    trim_blocks=True, lstrip_blocks=True)
env.globals["li"] = {"post": {"text": 3000, "fold_mobile": 140, "fold_desktop": 210, "fold_lines": 3, "hashtags": 3}}
env.filters["thousands"] = lambda n: f"{n:,}"
sys.stdout.write(env.from_string(data["template"]).render(**data["examples"][0]["values"]))
"""


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.1f} ms"


def generated_library(root: Path, n: int) -> None:
    (root / "library.yaml").write_text("name: Bench\nversion: 1.0.0\ncategories:\n"
                                       + "".join(f"  - {{id: cat{c}, title: Cat {c}}}\n" for c in range(10)))
    words = "pricing hiring founder pipeline churn onboarding retention webinar newsletter hooks".split()
    for i in range(n):
        cat = f"cat{i % 10}"
        folder = root / cat
        folder.mkdir(exist_ok=True)
        w = words[i % len(words)]
        (folder / f"p{i}.yaml").write_text(f"""id: {cat}/p{i}
version: 1.0.0
title: Prompt {i} about {w}
summary: A generated prompt number {i} on {w} for the benchmark.
category: {cat}
tags: [{w}, bench]
output: {{kind: post}}
variables:
  - {{name: topic, label: Topic, type: text, required: true, example: {w}}}
template: |
  Write a LinkedIn post about {{{{ topic }}}} for prompt {i}, theme {w}.
examples:
  - values: {{topic: {w}}}
changelog:
  - {{version: 1.0.0, date: 2026-11-26, note: First release.}}
""")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    exe = shutil.which("linkedin-prompts", path=str(Path(sys.executable).parent)) or "linkedin-prompts"
    src = ROOT / "prompts" / f"{PROMPT_ID}.yaml"
    tmp = Path(tempfile.mkdtemp(prefix="lp-bench-"))
    env = {**os.environ, "LINKEDIN_PROMPTS_CONFIG_DIR": str(tmp / "cfg"), "LINKEDIN_PROMPTS_CACHE_DIR": str(tmp / "cache")}
    # As installed for real: bytecode is cached (an editable install writes it on first import;
    # with PYTHONDONTWRITEBYTECODE set, the package would be compiled on every start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    floor_file = tmp / "floor.py"
    floor_file.write_text(FLOOR)

    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; medians of {args.runs} runs\n")
    render_cmd = [exe, "render", PROMPT_ID, "--example"]
    floor_cmd = [sys.executable, str(floor_file), str(src), str(ROOT / "prompts" / "_partials")]
    timed(render_cmd, env), timed(floor_cmd, env)  # warm the OS file cache
    cli_s, floor_s = [], []
    for _ in range(args.runs):  # interleave so background noise hits both alike
        cli_s.append(timed(render_cmd, env))
        floor_s.append(timed(floor_cmd, env))
    ratio = statistics.median(cli_s) / statistics.median(floor_s)
    print("1. cold render")
    print(f"   linkedin-prompts render --example {median_ms(cli_s)}")
    print(f"   floor (yaml + jinja2, one file)   {median_ms(floor_s)}")
    print(f"   ratio                             {ratio:8.2f}x   (target <= 1.30x)\n")

    sys.path.insert(0, str(ROOT / "src"))
    os.environ.update({k: v for k, v in env.items() if k.startswith("LINKEDIN_PROMPTS")})
    from linkedin_prompts.library import Library

    cold_list = [timed([sys.executable, "-c", "from linkedin_prompts.library import Library; Library().prompts()"], env)
                 for _ in range(max(3, args.runs // 3))]
    warm = []
    for _ in range(args.runs):
        start = time.perf_counter()
        n_bundled = len(Library().prompts())
        warm.append(time.perf_counter() - start)
    print(f"2. bundled library ({n_bundled} prompts)")
    print(f"   cold process, import + load       {median_ms(cold_list)}")
    print(f"   in-process load (cache warm)      {median_ms(warm)}\n")

    big = tmp / "big"
    big.mkdir()
    generated_library(big, args.size)
    os.environ["LINKEDIN_PROMPTS_CACHE_DIR"] = str(tmp / "cache-big")
    start = time.perf_counter()
    first = Library([big], bundled=False)
    count = len(first.prompts())
    first_load = time.perf_counter() - start
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        lib = Library([big], bundled=False)
        lib.prompts()
        loads.append(time.perf_counter() - start)
    searches = []
    for query in ("pricing", "founder post", "webinar theme", "prompt 9999", "no-such-word"):
        for _ in range(args.runs):
            start = time.perf_counter()
            lib.search(query)
            searches.append(time.perf_counter() - start)
    filtered = []
    for _ in range(args.runs):
        start = time.perf_counter()
        lib.search("hooks", category="cat3", tag="hooks")
        filtered.append(time.perf_counter() - start)
    print(f"3. generated library ({count:,} prompts)")
    print(f"   first load, parsing every file    {first_load * 1000:8.1f} ms")
    print(f"   load with the mtime cache         {median_ms(loads)}   (target < 1000 ms)")
    print(f"   search, 5 queries                 {median_ms(searches)}   (target < 20 ms)")
    print(f"   search + category + tag           {median_ms(filtered)}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
