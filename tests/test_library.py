"""Loading, layering, overriding and searching the library."""

from __future__ import annotations

import pytest

from conftest import prompt_yaml
from linkedin_prompts.errors import LibraryError, NotFoundError
from linkedin_prompts.library import Library, parse_ref

BUNDLED_ID = "post-ideas/lesson-from-a-mistake"


def test_bundled_library_loads_without_errors():
    lib = Library()
    assert lib.errors == []
    assert BUNDLED_ID in lib.ids()
    assert lib.name and lib.version
    assert "post-ideas" in lib.categories()


def test_parse_ref():
    assert parse_ref("a/b") == ("a/b", None)
    assert parse_ref("a/b@1.2.0") == ("a/b", "1.2.0")
    with pytest.raises(NotFoundError):
        parse_ref("a/b@")


def test_user_library_adds_and_overrides(make_library):
    root = make_library({
        "post-ideas/brand-new.yaml": prompt_yaml("post-ideas/brand-new", title="Brand new"),
        "post-ideas/lesson-from-a-mistake.yaml": prompt_yaml(BUNDLED_ID, title="My own version"),
    })
    lib = Library([root])
    assert "post-ideas/brand-new" in lib.ids()
    mine = lib.get(BUNDLED_ID)
    assert mine.spec.title == "My own version"
    assert mine.overrides is not None and mine.overrides.name == "lesson-from-a-mistake.yaml"
    listed = {p.id: p for p in lib.prompts()}
    assert listed[BUNDLED_ID].overrides == mine.overrides
    assert listed["post-ideas/brand-new"].overrides is None


def test_environment_variable_layers(make_library, monkeypatch):
    root = make_library({"post-ideas/from-env.yaml": prompt_yaml("post-ideas/from-env")})
    monkeypatch.setenv("LINKEDIN_PROMPTS_LIBRARY", str(root))
    assert "post-ideas/from-env" in Library().ids()


def test_missing_library_folder_is_a_clear_error(tmp_path):
    with pytest.raises(LibraryError, match="library folder not found"):
        Library([tmp_path / "nope"])


def test_broken_file_is_reported_and_the_rest_still_works(make_library):
    root = make_library({
        "post-ideas/good.yaml": prompt_yaml("post-ideas/good"),
        "post-ideas/broken.yaml": "id: post-ideas/broken\ntitle: [unclosed\n",
    })
    lib = Library([root])
    assert "post-ideas/good" in lib.ids()
    assert len(lib.errors) == 1
    message = str(lib.errors[0])
    assert "broken.yaml:3: malformed YAML" in message
    assert "flow sequence started on line 2" in message


def test_unknown_id_suggests_a_close_one():
    with pytest.raises(NotFoundError, match="did you mean 'post-ideas/lesson-from-a-mistake'"):
        Library().get("post-ideas/lesson-from-a-mistak")


@pytest.mark.parametrize("bad", ["../etc/passwd", "a/../../b", "_partials/author_voice", "justone"])
def test_ids_cannot_reach_outside_the_library(bad):
    with pytest.raises(NotFoundError):
        Library().get(bad)


def test_search_ranks_title_matches_first(make_library):
    root = make_library({
        "post-ideas/pricing-title.yaml": prompt_yaml("post-ideas/pricing-title", title="Pricing story"),
        "post-ideas/body-only.yaml": prompt_yaml("post-ideas/body-only", title="Other", extra=" Mention pricing."),
    })
    lib = Library([root], bundled=False)
    hits = [p.id for p in lib.search("pricing")]
    assert hits[0] == "post-ideas/pricing-title"
    assert "post-ideas/body-only" in hits
    assert lib.search("pricing", tag="nope") == []
    assert [p.id for p in lib.search("", category="post-ideas")] == lib.ids()
    assert lib.search("zzzz-no-such-word") == []


def test_cache_is_used_and_invalidated_on_change(make_library):
    root = make_library({"post-ideas/cached.yaml": prompt_yaml("post-ideas/cached", title="First")})
    assert Library([root], bundled=False).get("post-ideas/cached").spec.title == "First"
    assert [p.spec.title for p in Library([root], bundled=False).prompts()] == ["First"]
    path = root / "post-ideas/cached.yaml"
    path.write_text(prompt_yaml("post-ideas/cached", title="Second, longer"), encoding="utf-8")
    assert [p.spec.title for p in Library([root], bundled=False).prompts()] == ["Second, longer"]
