"""The history of runs, favourites and checklist progress (SQLAlchemy; SQLite by default).

``HistoryStore`` imports SQLAlchemy, so it is loaded on first use; ``RunRecord`` is plain data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .records import RunRecord, record_from_outcome

if TYPE_CHECKING:
    from .history import HistoryStore, StoreError, database_url

__all__ = ["HistoryStore", "RunRecord", "StoreError", "database_url", "record_from_outcome"]


def __getattr__(name: str) -> Any:
    if name in ("HistoryStore", "StoreError", "database_url"):
        from . import history

        return getattr(history, name)
    raise AttributeError(name)
