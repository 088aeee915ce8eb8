"""The history store on PostgreSQL, when a server is given (skipped otherwise).

  LINKEDIN_PROMPTS_TEST_POSTGRES_URL=postgresql+psycopg://user@127.0.0.1:5432/db pytest tests/test_store_postgres.py

Needs `pip install -e '.[postgres]'`. The database should be empty or disposable: the test writes
runs for a user id of its own and deletes them at the end.
"""

from __future__ import annotations

import os
import uuid

import pytest

from linkedin_prompts.store import RunRecord

URL = os.environ.get("LINKEDIN_PROMPTS_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set LINKEDIN_PROMPTS_TEST_POSTGRES_URL to test PostgreSQL")


def test_runs_favourites_checklist_and_export_round_trip_on_postgres():
    from linkedin_prompts.store import HistoryStore

    user = f"pg-test-{uuid.uuid4().hex[:8]}"
    store = HistoryStore(URL)
    record = RunRecord(output="An answer", status="incomplete", model="gpt-x", user_id=user,
                       messages=[{"role": "user", "content": "hi"}], prompt_id="post-ideas/lesson-from-a-mistake",
                       prompt_version="1.0.0", variables={"mistake": "x", "count": 3}, params={"temperature": 0.4},
                       error="cut", error_cause="stream_broken", input_tokens=10, output_tokens=5, cost_usd=0.0001)
    run_id = store.record_run(record)
    store.set_favourite(run_id)
    store.set_favourite_prompt("profile/headline-variants", user_id=user)
    store.set_checklist_item("profile-photo", True, user_id=user)
    exported = store.export(user_id=user)
    again = HistoryStore(URL)  # a second open finds the schema in place
    assert again.get_run(run_id).variables == {"mistake": "x", "count": 3}
    assert again.favourite_prompt_ids(user) == ["profile/headline-variants"]
    assert again.checklist_progress(user) == {"profile-photo": True}
    again.delete_run(run_id)
    again.reset_checklist(user)
    again.set_favourite_prompt("profile/headline-variants", False, user_id=user)
    again.import_data(exported)
    assert again.export(user_id=user)["runs"] == exported["runs"]
    again.delete_run(run_id)
    again.reset_checklist(user)
    again.set_favourite_prompt("profile/headline-variants", False, user_id=user)
