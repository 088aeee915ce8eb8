"""The history store: records, a second process, export/import, migrations in place, no key on disk."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sqlalchemy as sa

from fixtures_openai import SECRET_KEY, subprocess_env
from openai_server import Reply

from linkedin_prompts.errors import ModelError, NotFoundError
from linkedin_prompts.library import Library
from linkedin_prompts.run.session import Conversation
from linkedin_prompts.run.settings import ModelSettings
from linkedin_prompts.store import HistoryStore, RunRecord
from linkedin_prompts.store import migrations


def a_record(**kw) -> RunRecord:
    base = dict(output="A post.", status="complete", model="gpt-4o-mini",
                messages=[{"role": "system", "content": "sys"}, {"role": "user", "content": "Write ✍️"}],
                prompt_id="post-ideas/lesson-from-a-mistake", prompt_version="1.0.0", content_hash="ab" * 32,
                variables={"mistake": "x", "tags": ["a", "b"], "n": 3}, base_url_host="127.0.0.1:9",
                params={"temperature": 0.2, "max_tokens": None}, input_tokens=10, output_tokens=5,
                total_tokens=15, usage_source="reported", latency_ms=12.5, first_token_ms=3.25, cost_usd=0.0001)
    return RunRecord(**(base | kw))


def test_a_run_reads_back_exactly(isolated):
    with HistoryStore() as store:
        record = a_record()
        store.record_run(record)
        assert store.get_run(record.id) == record
        assert store.get_run(record.id[:6]) == record  # a unique prefix is enough
        assert isolated.db.is_file()


def test_sqlite_uses_wal(isolated):
    with HistoryStore() as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_history_survives_a_new_process(isolated):
    with HistoryStore() as store:
        rid = store.record_run(a_record(output="kept across processes"))
    code = ("from linkedin_prompts.store import HistoryStore; import sys;"
            "print(HistoryStore().get_run(sys.argv[1]).output)")
    out = subprocess.run([sys.executable, "-c", code, rid], capture_output=True, text=True,
                         env=subprocess_env(), check=True).stdout
    assert out.strip() == "kept across processes"


def test_database_url_from_the_environment(isolated, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    monkeypatch.setenv("LINKEDIN_PROMPTS_DATABASE_URL", url)
    with HistoryStore() as store:
        store.record_run(a_record())
    assert (tmp_path / "elsewhere.db").is_file() and not isolated.db.exists()


def test_export_then_import_gives_the_same_records(isolated, tmp_path):
    with HistoryStore() as first:
        conv = "c" * 32
        first.record_run(a_record(conversation_id=conv, turn=0))
        first.record_run(a_record(conversation_id=conv, turn=1, output="Shorter.", status="incomplete",
                                  error="stopped", error_cause="stream_broken", cost_usd=None))
        fav = first.record_run(a_record(user_id="alice"))
        first.set_favourite(fav)
        first.set_favourite_prompt("post-ideas/lesson-from-a-mistake", user_id="alice")
        first.set_checklist_item("hook-first-line", True)
        exported = first.export()
    text = json.dumps(exported)
    with HistoryStore(f"sqlite:///{tmp_path / 'other.db'}") as second:
        counts = second.import_data(json.loads(text))
        assert counts["runs"] == 3 and counts["skipped"] == 0
        assert second.export() == exported
        assert second.import_data(json.loads(text))["skipped"] == 3  # importing twice adds nothing
        assert second.export() == exported
        assert [r.turn for r in second.conversation(conv)] == [0, 1]


def test_import_refuses_something_else(isolated):
    from linkedin_prompts.store import StoreError

    with HistoryStore() as store, pytest.raises(StoreError):
        store.import_data({"runs": []})


def test_delete_and_favourites_and_checklist(isolated):
    with HistoryStore() as store:
        keep, gone = store.record_run(a_record()), store.record_run(a_record())
        store.set_favourite(keep)
        assert [r.id for r in store.list_runs(favourites_only=True)] == [keep]
        store.delete_run(gone)
        with pytest.raises(NotFoundError):
            store.get_run(gone)
        store.set_favourite_prompt("a/b")
        store.set_favourite_prompt("c/d")
        store.set_favourite_prompt("a/b", False)
        assert store.favourite_prompt_ids() == ["c/d"]
        store.set_checklist_item("one", True)
        store.set_checklist_item("one", False)
        store.set_checklist_item("two", True, user_id="bob")
        assert store.checklist_progress() == {"one": False}
        assert store.checklist_progress("bob") == {"two": True}


def test_an_old_database_upgrades_in_place(isolated, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    assert migrations.migrate(engine, upto="m001_initial") == ["m001_initial"]
    with engine.begin() as conn:  # a run written by the first release
        conn.exec_driver_sql(
            "INSERT INTO runs (id, conversation_id, turn, user_id, created_at, variables, messages, model,"
            " params, output, status, favourite) VALUES ('old1', 'old1', 0, 'local', '2026-01-01T00:00:00+00:00',"
            " '{}', '[]', 'gpt-4o', '{}', 'from release one', 'complete', 0)")
    assert not sa.inspect(engine).has_table("checklist_progress")
    engine.dispose()
    with HistoryStore(url) as store:
        assert store.get_run("old1").output == "from release one"
        assert migrations.applied(store.engine) == [name for name, _ in migrations.MIGRATIONS]
        store.set_checklist_item("x", True)
        assert store.checklist_progress() == {"x": True}
    with HistoryStore(url) as again:  # opening twice runs nothing twice
        assert len(again.list_runs()) == 1


def test_the_api_key_never_reaches_the_db_or_an_export(isolated, openai_server, tmp_path):
    settings = ModelSettings(model="test-model", base_url=openai_server.base_url, api_key=SECRET_KEY,
                             timeout=5, max_retries=0)
    render = Library().render("post-ideas/lesson-from-a-mistake", example=True)
    openai_server.script(Reply.ok("fine"), Reply.status(401, f"Incorrect API key provided: {SECRET_KEY}"))
    with HistoryStore() as store:
        conv = Conversation.from_render(render, settings=settings, store=store)
        assert conv.ask().text() == "fine"
        with pytest.raises(ModelError):
            conv.ask("again").text()
        export = json.dumps(store.export())
        assert [r.status for r in store.conversation(conv.id)] == ["complete", "error"]
    assert openai_server.chat_requests[0].headers["authorization"] == f"Bearer {SECRET_KEY}"
    files = [p for p in isolated.data.iterdir() if p.is_file()]  # history.db and any -wal/-shm
    assert any(p.name == "history.db" for p in files)
    blobs = b"".join(p.read_bytes() for p in files)
    assert SECRET_KEY.encode() not in blobs
    assert SECRET_KEY not in export and "[redacted]" in export
