"""Lock, bump, and render older versions."""

from __future__ import annotations

import pytest

from conftest import prompt_yaml
from linkedin_prompts.errors import LibraryError, NotFoundError
from linkedin_prompts.library import Library
from linkedin_prompts.versions import LOCK_FILE, lock, read_lock


def test_lock_then_bump_keeps_the_old_version_renderable(make_library):
    root = make_library({"post-ideas/test.yaml": prompt_yaml()})
    report = lock(Library([root]), root)
    assert report.added == ["post-ideas/test@1.0.0"]
    first_hash = read_lock(root)["post-ideas/test"]["1.0.0"]

    bumped = prompt_yaml(version="1.1.0", extra=" Keep it under 200 words.").replace(
        "changelog:\n", "changelog:\n  - version: 1.1.0\n    date: 2026-11-27\n    note: Word limit.\n")
    (root / "post-ideas/test.yaml").write_text(bumped, encoding="utf-8")
    report = lock(Library([root]), root)
    assert report.added == ["post-ideas/test@1.1.0"]
    assert set(read_lock(root)["post-ideas/test"]) == {"1.0.0", "1.1.0"}

    lib = Library([root])
    assert lib.versions("post-ideas/test") == ["1.0.0", "1.1.0"]
    new = lib.render("post-ideas/test", {"topic": "pricing"})
    old = lib.render("post-ideas/test@1.0.0", {"topic": "pricing"})
    assert new.version == "1.1.0" and "200 words" in new.prompt
    assert old.version == "1.0.0" and "200 words" not in old.prompt
    assert old.content_hash == first_hash != new.content_hash
    assert lib.render("post-ideas/test@1.1.0", {"topic": "pricing"}).prompt == new.prompt


def test_lock_is_idempotent(make_library):
    root = make_library({"post-ideas/test.yaml": prompt_yaml()})
    lock(Library([root]), root)
    before = (root / LOCK_FILE).read_text()
    report = lock(Library([root]), root)
    assert report.added == [] and report.unchanged == 1
    assert (root / LOCK_FILE).read_text() == before


def test_lock_refuses_a_change_without_a_bump(make_library):
    root = make_library({"post-ideas/test.yaml": prompt_yaml()})
    lock(Library([root]), root)
    (root / "post-ideas/test.yaml").write_text(prompt_yaml(extra=" Changed."), encoding="utf-8")
    with pytest.raises(LibraryError, match="content changed but version 1.0.0 was already released"):
        lock(Library([root]), root)


def test_unknown_version_lists_the_known_ones(make_library):
    root = make_library({"post-ideas/test.yaml": prompt_yaml()})
    with pytest.raises(NotFoundError, match="has no version 9.9.9.*known versions: 1.0.0"):
        Library([root]).get("post-ideas/test@9.9.9")


def test_bundled_library_is_locked():
    lib = Library()
    locked = read_lock(lib.roots[0])
    assert locked is not None
    for prompt in lib.prompts():
        assert locked.get(prompt.id, {}).get(prompt.version) == prompt.content_hash, prompt.id
