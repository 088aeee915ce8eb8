"""The wheel carries the bundled library, so an install outside a checkout finds it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(300)
def test_wheel_ships_the_library_and_finds_it_outside_a_checkout(tmp_path):
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(tmp_path / "dist"), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "linkedin_prompts/_library/library.yaml" in names
    assert "linkedin_prompts/_library/prompts.lock" in names
    assert "linkedin_prompts/_library/_partials/post_rules.j2" in names
    assert "linkedin_prompts/_library/post-ideas/lesson-from-a-mistake.yaml" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    code = ("import linkedin_prompts, sys; from linkedin_prompts.library import Library; "
            "from linkedin_prompts.paths import bundled_library; lib = Library(); "
            "print(linkedin_prompts.__file__); print(bundled_library()); print(len(lib.prompts())); "
            "print(lib.render('post-ideas/lesson-from-a-mistake', example=True).id)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=outside, capture_output=True, text=True,
                          env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin",
                               "LINKEDIN_PROMPTS_CACHE_DIR": str(tmp_path / "cache"),
                               "LINKEDIN_PROMPTS_CONFIG_DIR": str(tmp_path / "cfg")})
    assert proc.returncode == 0, proc.stderr
    module_file, library_dir, count, rendered = proc.stdout.split("\n")[:4]
    assert module_file.startswith(str(site))
    assert library_dir == str(site / "linkedin_prompts" / "_library")
    assert int(count) >= 1 and rendered == "post-ideas/lesson-from-a-mistake"
