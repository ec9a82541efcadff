"""The export's backends, one class each: its snapshot, its SQL, how its rows come out."""

from __future__ import annotations

from billing_desktop.db.connection import Database
from billing_desktop.export.backends.base import Backend, RowBatches, Snapshot
from billing_desktop.export.backends.postgresql import PostgreSQL
from billing_desktop.export.backends.sqlite import SQLite

POSTGRESQL = PostgreSQL()
SQLITE = SQLite()
_BY_NAME: dict[str, Backend] = {b.name: b for b in (POSTGRESQL, SQLITE)}


def backend_for(db: Database) -> Backend:
    """The backend of the database's URL, chosen once per export."""
    return _BY_NAME[db.backend]


__all__ = ["POSTGRESQL", "SQLITE", "Backend", "RowBatches", "Snapshot", "backend_for"]
