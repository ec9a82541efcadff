"""SQLite: the export's snapshot, and every event's rows as lines SQLite builds.

The snapshot is one read transaction on a `query_only` connection. Usually each event's CSV
line or JSON object is built by SQLite (sqlite_sql.sqlite_event_lines), far quicker than
Python encoding six values a row. But SQLite's text functions and json_each stop at a NUL
character, so a name holding one would lose its quoting, escaping or formula guard there: an
export with such a name has its rows encoded by Python instead, like the grouped scopes. So has
a format whose rows the database cannot build (XLSX).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from billing_desktop.db.connection import Database
from billing_desktop.db.dialect import SQLiteDialect
from billing_desktop.db.sql import Sql
from billing_desktop.export import queries
from billing_desktop.export.backends import sqlite_sql
from billing_desktop.export.backends.base import Backend, RowBatches, Snapshot
from billing_desktop.export.formats import FormatWriter
from billing_desktop.export.formats.base import TextKind
from billing_desktop.export.integrity import refuse_event
from billing_desktop.export.params import ExportParams
from billing_desktop.export.sink import Sink, begin_file, stream_lines, stream_rows
from billing_desktop.export.totals import ExportTotals


class SqliteSnapshot(Snapshot):
    """Queries inside a SQLite export's read transaction (a sqlite3 connection)."""

    def all(self, query: Sql) -> list[tuple[Any, ...]]:
        text, params = query.qmark()
        return list(self.conn.execute(text, params).fetchall())

    def batches(self, query: Sql) -> Generator[list[tuple[Any, ...]], None, None]:
        text, params = query.qmark()
        cur = self.conn.execute(text, params)
        try:
            while batch := cur.fetchmany(self.batch_rows):
                yield batch
        finally:
            cur.close()

    def interrupt(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.interrupt()


class SQLite(SQLiteDialect, Backend):
    """The embedded or a local SQLite database."""

    @contextlib.contextmanager
    def open_snapshot(
        self, db: Database, batch_rows: int, cancel: threading.Event | None = None
    ) -> Iterator[Snapshot]:
        lite = db.sqlite_snapshot_connection()
        try:
            with db.errors("read"):
                lite.execute("BEGIN")
                yield SqliteSnapshot(self, lite, batch_rows, db)
        finally:
            with contextlib.suppress(sqlite3.Error):
                if lite.in_transaction:
                    lite.execute("ROLLBACK")
            lite.close()

    def write_events(
        self,
        snap: Snapshot,
        writer: FormatWriter,
        sink: Sink,
        jobs: int | None,
        spool_dir: Path | None,
    ) -> tuple[ExportTotals, int]:
        totals, query, lines = self._event_totals_and_query(snap, writer)
        begin_file(sink, writer, totals)
        with contextlib.closing(snap.batches(query)) as batches:
            if lines:
                return totals, stream_lines(batches, writer, sink)
            return totals, stream_rows(batches, writer, sink)

    def split_events(
        self, snap: Snapshot, params: ExportParams, writer: type[FormatWriter]
    ) -> RowBatches:
        row = self._checked_totals(snap, params)
        query, lines = self._event_query(snap, params, writer.database_text, row, by_tenant=True)
        return snap.batches(query), "lines" if lines else "rows"

    def _event_totals_and_query(
        self, snap: Snapshot, writer: FormatWriter
    ) -> tuple[ExportTotals, Sql, bool]:
        """The totals, the events' query, and whether its rows are the file's lines."""
        row = self._checked_totals(snap, writer.params)
        query, lines = self._event_query(snap, writer.params, writer.database_text, row)
        return ExportTotals.from_row(row), query, lines

    @staticmethod
    def _checked_totals(snap: Snapshot, params: ExportParams) -> tuple[Any, ...]:
        """The events' totals; InvalidInput, before anything is written, when one of them
        holds a figure that is not an integer."""
        row = snap.all(sqlite_sql.sqlite_event_totals(params))[0]
        if row[5] is not None:
            refuse_event(snap, row[5])
        return tuple(row)

    def _event_query(
        self,
        snap: Snapshot,
        params: ExportParams,
        kind: TextKind | None,
        totals_row: tuple[Any, ...],
        by_tenant: bool = False,
    ) -> tuple[Sql, bool]:
        """The events' query (totals_row: sqlite_event_totals'), and whether its rows are the
        file's lines."""
        models: list[str | None] = json.loads(totals_row[4]) if totals_row[0] else []
        if (
            kind is None
            or any("\x00" in m for m in models if m is not None)
            or snap.all(sqlite_sql.sqlite_tenant_with_nul(params))
        ):
            return queries.event_rows(self, params, by_tenant=by_tenant), False
        special = (
            snap.all(sqlite_sql.sqlite_special_models(params, kind, totals_row[4]))
            if totals_row[0]
            else []
        )
        lines = sqlite_sql.sqlite_event_lines(params, kind, special, by_tenant=by_tenant)
        return lines, True
