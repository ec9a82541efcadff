"""What the export asks of a backend: a snapshot to read in, and the rows of every event.

A backend is its dialect (the SQL fragments that differ, db/dialect.py) plus how it opens one
consistent, read-only view of the data and how the rows of every event come out of it fastest.
The runner asks these and never which backend it has.
"""

from __future__ import annotations

import contextlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Generator
from pathlib import Path
from typing import Any, Literal

from billing_desktop.db.connection import Database
from billing_desktop.db.dialect import Dialect
from billing_desktop.db.sql import Sql
from billing_desktop.export.formats import FormatWriter
from billing_desktop.export.params import ExportParams
from billing_desktop.export.sink import Sink
from billing_desktop.export.totals import ExportTotals

# How a split's rows of every event come, in batches: COPY's rows ("copy", bytes ending in LF),
# lines the database built ("lines", text without LF), or row tuples ("rows").
RowKind = Literal["copy", "lines", "rows"]
RowBatches = tuple[Generator[list[Any], None, None], RowKind]


class Snapshot(ABC):
    """Queries inside the export's single transaction."""

    def __init__(
        self, backend: Backend, driver_conn: Any, batch_rows: int, db: Database | None = None
    ) -> None:
        self.backend = backend
        self.conn = driver_conn
        self.batch_rows = batch_rows
        self._db = db

    @property
    def db(self) -> Database:
        """The database it reads (for a parallel export's further connections)."""
        if self._db is None:
            raise RuntimeError("this snapshot was made without its database")
        return self._db

    @abstractmethod
    def all(self, query: Sql) -> list[tuple[Any, ...]]:
        """Every row of the query (for the small answers: totals, names, plans)."""

    @abstractmethod
    def batches(self, query: Sql) -> Generator[list[tuple[Any, ...]], None, None]:
        """Rows in lists of at most batch_rows; memory holds one batch at a time."""

    @abstractmethod
    def interrupt(self) -> None:
        """Stop the running query; called from another thread."""


class Backend(Dialect):
    """A database backend as the export sees it."""

    @abstractmethod
    def open_snapshot(
        self, db: Database, batch_rows: int, cancel: threading.Event | None = None
    ) -> contextlib.AbstractContextManager[Snapshot]:
        """The export's read-only transaction, ended (and its connection closed) on exit."""

    @abstractmethod
    def write_events(
        self,
        snap: Snapshot,
        writer: FormatWriter,
        sink: Sink,
        jobs: int | None,
        spool_dir: Path | None,
    ) -> tuple[ExportTotals, int]:
        """Scope `all`: the file's totals announced (sink.begin_file), then every event's row
        written: (totals, rows written). `jobs`: connections that may read the rows (None:
        auto), with their spools in `spool_dir`; a backend that reads on one connection
        ignores both. The writer's end is the caller's."""

    def settle_after_recovery_conflict(self, db: Database, cancel: threading.Event) -> None:
        """A hot standby cancelled the export: wait (bounded) until starting again can succeed.
        Only a standby's backend has anything to wait for."""

    @abstractmethod
    def split_events(
        self, snap: Snapshot, params: ExportParams, writer: type[FormatWriter]
    ) -> RowBatches:
        """Scope `all` of a split by tenant in one pass: every tenant's rows of every event,
        tenant after tenant in name order, each tenant's in its file's order, as the fastest
        kind of rows `writer` takes."""
