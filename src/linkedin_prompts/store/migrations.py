"""The history schema, grown by appending numbered migrations. Never edit one that has shipped.

Each migration runs once, in its own transaction, and is recorded in ``schema_migrations``; an
existing database upgrades in place when the store opens it. Types are plain SQLAlchemy Core types
so the same migrations run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Callable

import sqlalchemy as sa

from .records import now_iso

Migration = Callable[[sa.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_initial(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "runs", md,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("conversation_id", sa.String(32), nullable=False),
        sa.Column("turn", sa.Integer, nullable=False, server_default="0"),
        sa.Column("user_id", sa.String(128), nullable=False, server_default="local"),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("prompt_id", sa.String(200)),
        sa.Column("prompt_version", sa.String(50)),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("variables", sa.Text, nullable=False),     # JSON
        sa.Column("messages", sa.Text, nullable=False),      # JSON: the messages sent
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("base_url_host", sa.String(255)),
        sa.Column("params", sa.Text, nullable=False),        # JSON: temperature, max tokens, ...
        sa.Column("output", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),  # complete | incomplete | error
        sa.Column("error", sa.Text),
        sa.Column("error_cause", sa.String(32)),
        sa.Column("input_tokens", sa.Integer),
        sa.Column("output_tokens", sa.Integer),
        sa.Column("total_tokens", sa.Integer),
        sa.Column("usage_source", sa.String(16)),
        sa.Column("latency_ms", sa.Float),
        sa.Column("first_token_ms", sa.Float),
        sa.Column("cost_usd", sa.Float),
        sa.Column("favourite", sa.Boolean, nullable=False, server_default=sa.false()),
    ).create(conn)


@migration
def m002_favourite_prompts_and_checklist(conn: sa.Connection) -> None:
    md = sa.MetaData()
    sa.Table(
        "favourite_prompts", md,
        sa.Column("user_id", sa.String(128), primary_key=True),
        sa.Column("prompt_id", sa.String(200), primary_key=True),
        sa.Column("created_at", sa.String(40), nullable=False),
    ).create(conn)
    sa.Table(
        "checklist_progress", md,
        sa.Column("user_id", sa.String(128), primary_key=True),
        sa.Column("item_id", sa.String(200), primary_key=True),
        sa.Column("done", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", sa.String(40), nullable=False),
    ).create(conn)


@migration
def m003_run_indexes(conn: sa.Connection) -> None:
    md = sa.MetaData()
    runs = sa.Table("runs", md, sa.Column("user_id"), sa.Column("created_at"),
                    sa.Column("conversation_id"), sa.Column("turn"))
    sa.Index("ix_runs_user_created", runs.c.user_id, runs.c.created_at).create(conn)
    sa.Index("ix_runs_conversation", runs.c.conversation_id, runs.c.turn).create(conn)


_applied = sa.Table(
    "schema_migrations", sa.MetaData(),
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("applied_at", sa.String(40), nullable=False),
)


def applied(engine: sa.Engine) -> list[str]:
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("schema_migrations"):
            return []
        return [row.name for row in conn.execute(sa.select(_applied.c.name))]


def migrate(engine: sa.Engine, *, upto: str | None = None) -> list[str]:
    """Apply every migration not yet recorded (up to and including ``upto``); return their names."""
    _applied.create(engine, checkfirst=True)
    done = set(applied(engine))
    ran: list[str] = []
    for name, fn in MIGRATIONS:
        if name not in done:
            with engine.begin() as conn:
                fn(conn)
                conn.execute(sa.insert(_applied).values(name=name, applied_at=now_iso()))
            ran.append(name)
        if name == upto:
            break
    return ran


def latest() -> str:
    return MIGRATIONS[-1][0]
