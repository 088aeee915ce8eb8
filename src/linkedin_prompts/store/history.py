"""The history store: runs, favourites, checklist progress. SQLite by default, any SQLAlchemy URL.

``LINKEDIN_PROMPTS_DATABASE_URL`` (e.g. ``postgresql+psycopg://…``) moves it to a server; the
default is ``<data dir>/history.db`` in WAL mode, so the CLI and the app can use it at once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable, Mapping

import sqlalchemy as sa

from ..errors import NotFoundError, PromptStudioError
from . import migrations
from .records import RunRecord, now_iso

ENV_URL = "LINKEDIN_PROMPTS_DATABASE_URL"
EXPORT_FORMAT = "linkedin-prompts-history"
EXPORT_VERSION = 1
_JSON_FIELDS = ("variables", "messages", "params")

md = sa.MetaData()
runs = sa.Table(
    "runs", md,
    *(sa.Column(name) for name in (
        "id", "conversation_id", "turn", "user_id", "created_at", "prompt_id", "prompt_version",
        "content_hash", "variables", "messages", "model", "base_url_host", "params", "output",
        "status", "error", "error_cause", "input_tokens", "output_tokens", "total_tokens",
        "usage_source", "latency_ms", "first_token_ms", "cost_usd")),
    sa.Column("favourite", sa.Boolean),
)
favourite_prompts = sa.Table("favourite_prompts", md, sa.Column("user_id"), sa.Column("prompt_id"),
                             sa.Column("created_at"))
checklist_progress = sa.Table("checklist_progress", md, sa.Column("user_id"), sa.Column("item_id"),
                              sa.Column("done", sa.Boolean), sa.Column("updated_at"))


class StoreError(PromptStudioError):
    """The history database cannot be opened or a file cannot be imported."""


def database_url() -> str:
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    from ..paths import data_dir

    return f"sqlite:///{data_dir() / 'history.db'}"


def _engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 10})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # noqa: ANN001 - DB-API connection
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _row_to_record(row: Mapping[str, Any]) -> RunRecord:
    data = dict(row)
    for name in _JSON_FIELDS:
        data[name] = json.loads(data[name]) if data[name] else ({} if name != "messages" else [])
    data["favourite"] = bool(data["favourite"])
    return RunRecord.from_dict(data)


def _record_to_row(record: RunRecord) -> dict[str, Any]:
    data = record.to_dict()
    for name in _JSON_FIELDS:
        data[name] = json.dumps(data[name], ensure_ascii=False, default=str)
    return data


class HistoryStore:
    """Every run, with its prompt, values, messages, settings, output, usage and cost."""

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        try:
            self.engine = _engine(self.url)
            migrations.migrate(self.engine)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open the history database: {exc.__class__.__name__}: "
                             f"{str(exc).splitlines()[0]}", hint=f"check {ENV_URL}") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "HistoryStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- runs ------------------------------------------------------------------------------
    def record_run(self, record: RunRecord) -> str:
        with self.engine.begin() as conn:
            conn.execute(sa.insert(runs).values(**_record_to_row(record)))
        return record.id

    def resolve_id(self, ident: str) -> str:
        """A full run id from an id or a unique prefix of one (at least 4 characters)."""
        ident = ident.strip()
        with self.engine.connect() as conn:
            if conn.execute(sa.select(runs.c.id).where(runs.c.id == ident)).first():
                return ident
            if len(ident) >= 4:
                hits = [r.id for r in conn.execute(
                    sa.select(runs.c.id).where(runs.c.id.like(f"{ident}%")).limit(2))]
                if len(hits) == 1:
                    return hits[0]
                if len(hits) > 1:
                    raise NotFoundError(f"'{ident}' matches several runs", hint="give more of the id")
        raise NotFoundError(f"no run with id '{ident}'", hint="see `linkedin-prompts history list`")

    def get_run(self, ident: str) -> RunRecord:
        run_id = self.resolve_id(ident)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(runs).where(runs.c.id == run_id)).mappings().one()
        return _row_to_record(row)

    def list_runs(self, *, user_id: str | None = "local", limit: int | None = 50,
                  prompt_id: str | None = None, favourites_only: bool = False) -> list[RunRecord]:
        """Newest first. ``user_id=None`` lists every user's runs."""
        query = sa.select(runs).order_by(runs.c.created_at.desc(), runs.c.turn.desc())
        if user_id is not None:
            query = query.where(runs.c.user_id == user_id)
        if prompt_id:
            query = query.where(runs.c.prompt_id == prompt_id)
        if favourites_only:
            query = query.where(runs.c.favourite == sa.true())
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [_row_to_record(r) for r in conn.execute(query).mappings()]

    def conversation(self, conversation_id: str) -> list[RunRecord]:
        """The turns of a conversation, first to last."""
        query = (sa.select(runs).where(runs.c.conversation_id == conversation_id)
                 .order_by(runs.c.turn, runs.c.created_at))
        with self.engine.connect() as conn:
            return [_row_to_record(r) for r in conn.execute(query).mappings()]

    def delete_run(self, ident: str) -> str:
        run_id = self.resolve_id(ident)
        with self.engine.begin() as conn:
            conn.execute(sa.delete(runs).where(runs.c.id == run_id))
        return run_id

    def delete_conversation(self, conversation_id: str) -> int:
        with self.engine.begin() as conn:
            return conn.execute(sa.delete(runs).where(runs.c.conversation_id == conversation_id)).rowcount

    def set_favourite(self, ident: str, favourite: bool = True) -> str:
        run_id = self.resolve_id(ident)
        with self.engine.begin() as conn:
            conn.execute(sa.update(runs).where(runs.c.id == run_id).values(favourite=favourite))
        return run_id

    # -- favourite prompts -----------------------------------------------------------------
    def favourite_prompt_ids(self, user_id: str = "local") -> list[str]:
        query = (sa.select(favourite_prompts.c.prompt_id).where(favourite_prompts.c.user_id == user_id)
                 .order_by(favourite_prompts.c.created_at, favourite_prompts.c.prompt_id))
        with self.engine.connect() as conn:
            return [r.prompt_id for r in conn.execute(query)]

    def set_favourite_prompt(self, prompt_id: str, favourite: bool = True, *, user_id: str = "local") -> None:
        where = (favourite_prompts.c.user_id == user_id) & (favourite_prompts.c.prompt_id == prompt_id)
        with self.engine.begin() as conn:
            exists = conn.execute(sa.select(favourite_prompts.c.prompt_id).where(where)).first()
            if favourite and not exists:
                conn.execute(sa.insert(favourite_prompts).values(user_id=user_id, prompt_id=prompt_id,
                                                                 created_at=now_iso()))
            elif not favourite and exists:
                conn.execute(sa.delete(favourite_prompts).where(where))

    # -- checklist progress ----------------------------------------------------------------
    def checklist_progress(self, user_id: str = "local") -> dict[str, bool]:
        query = sa.select(checklist_progress).where(checklist_progress.c.user_id == user_id)
        with self.engine.connect() as conn:
            return {r.item_id: bool(r.done) for r in conn.execute(query)}

    def set_checklist_item(self, item_id: str, done: bool, *, user_id: str = "local") -> None:
        where = (checklist_progress.c.user_id == user_id) & (checklist_progress.c.item_id == item_id)
        with self.engine.begin() as conn:
            updated = conn.execute(sa.update(checklist_progress).where(where)
                                   .values(done=done, updated_at=now_iso())).rowcount
            if not updated:
                conn.execute(sa.insert(checklist_progress).values(
                    user_id=user_id, item_id=item_id, done=done, updated_at=now_iso()))

    def reset_checklist(self, user_id: str = "local") -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.delete(checklist_progress).where(checklist_progress.c.user_id == user_id))

    # -- export / import -------------------------------------------------------------------
    def export(self, *, user_id: str | None = None) -> dict[str, Any]:
        """Everything (or one user's part) as JSON-ready data; ``import_data`` reads it back."""
        with self.engine.connect() as conn:
            def rows(table: sa.Table, order: Iterable[sa.ColumnElement]) -> list[dict[str, Any]]:
                query = sa.select(table).order_by(*order)
                if user_id is not None:
                    query = query.where(table.c.user_id == user_id)
                return [dict(r) for r in conn.execute(query).mappings()]

            run_rows = rows(runs, [runs.c.created_at, runs.c.id])
            favs = rows(favourite_prompts, [favourite_prompts.c.user_id, favourite_prompts.c.prompt_id])
            checks = rows(checklist_progress, [checklist_progress.c.user_id, checklist_progress.c.item_id])
        for c in checks:
            c["done"] = bool(c["done"])
        return {
            "format": EXPORT_FORMAT, "version": EXPORT_VERSION, "schema": migrations.latest(),
            "runs": [_row_to_record(r).to_dict() for r in run_rows],
            "favourite_prompts": favs, "checklist_progress": checks,
        }

    def import_data(self, data: Mapping[str, Any]) -> dict[str, int]:
        """Add what an export holds. Runs already present (same id) are skipped, not duplicated."""
        if not isinstance(data, Mapping) or data.get("format") != EXPORT_FORMAT:
            raise StoreError(f"not a history export (expected format '{EXPORT_FORMAT}')")
        if int(data.get("version", 0)) > EXPORT_VERSION:
            raise StoreError(f"export version {data.get('version')} is newer than this program reads",
                             hint="upgrade linkedin-prompt-studio")
        try:
            records = [RunRecord.from_dict(r) for r in data.get("runs", [])]
        except (TypeError, ValueError) as exc:
            raise StoreError(f"a run in the export is malformed: {exc}") from None
        counts = {"runs": 0, "skipped": 0, "favourite_prompts": 0, "checklist_progress": 0}
        with self.engine.begin() as conn:
            existing = {r.id for r in conn.execute(sa.select(runs.c.id))}
            for record in records:
                if record.id in existing:
                    counts["skipped"] += 1
                    continue
                conn.execute(sa.insert(runs).values(**_record_to_row(record)))
                existing.add(record.id)
                counts["runs"] += 1
            for fav in data.get("favourite_prompts", []):
                where = ((favourite_prompts.c.user_id == fav["user_id"])
                         & (favourite_prompts.c.prompt_id == fav["prompt_id"]))
                if not conn.execute(sa.select(favourite_prompts.c.prompt_id).where(where)).first():
                    conn.execute(sa.insert(favourite_prompts).values(
                        user_id=fav["user_id"], prompt_id=fav["prompt_id"], created_at=fav["created_at"]))
                    counts["favourite_prompts"] += 1
            for item in data.get("checklist_progress", []):
                where = ((checklist_progress.c.user_id == item["user_id"])
                         & (checklist_progress.c.item_id == item["item_id"]))
                conn.execute(sa.delete(checklist_progress).where(where))
                conn.execute(sa.insert(checklist_progress).values(
                    user_id=item["user_id"], item_id=item["item_id"], done=bool(item["done"]),
                    updated_at=item["updated_at"]))
                counts["checklist_progress"] += 1
        return counts
