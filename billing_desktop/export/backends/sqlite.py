"""SQLite: the export's snapshot, and every event's rows as lines SQLite builds.

The snapshot is one read transaction on a `query_only` connection. Usually each event's CSV
line or JSON object is built by SQLite (sqlite_sql.sqlite_event_lines), far quicker than
Python encoding six values a row. But SQLite's text functions and json_each stop at a NUL
character, so a name holding one would lose its quoting, escaping or formula guard there: an
export with such a name has its rows encoded by Python instead, like the grouped scopes. So has
a format whose rows the database cannot build (XLSX).

A large export of CSV or JSON Lines is read on two connections, each over half of the range
(sqlite_halves.py). For that, a second connection (the partner) is opened before the
snapshot begins: only so can it tell whether it sees the same data.
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
from billing_desktop.export.backends.sqlite_chunks import cursor_of
from billing_desktop.export.backends.sqlite_halves import (
    Halves,
    Partner,
    joins_lines,
    open_partner,
    write_chunks,
)
from billing_desktop.export.formats import FormatWriter
from billing_desktop.export.formats.base import TextKind
from billing_desktop.export.integrity import refuse_event
from billing_desktop.export.params import ExportParams
from billing_desktop.export.sink import Sink, begin_file, stream_lines, stream_rows
from billing_desktop.export.totals import ExportTotals


class SqliteSnapshot(Snapshot):
    """Queries inside a SQLite export's read transaction (a sqlite3 connection)."""

    # A connection opened before this snapshot began and `PRAGMA data_version` it read then
    # (sqlite_halves.Partner); None once taken, or if it could not be opened.
    partner: Partner | None = None

    def take_partner(self) -> Partner | None:
        """The partner connection, now the caller's to close."""
        partner, self.partner = self.partner, None
        return partner

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
        snap = SqliteSnapshot(self, lite, batch_rows, db)
        try:
            snap.partner = open_partner(db)
            with db.errors("read"):
                lite.execute("BEGIN")
                lite.execute("PRAGMA schema_version")  # the snapshot begins: after the partner's
                yield snap
        finally:
            partner = snap.take_partner()
            if partner is not None:
                partner.close()
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
        assert isinstance(snap, SqliteSnapshot)  # opened by open_snapshot above
        halves = Halves(snap, snap.take_partner(), writer, sink, self.line_models)
        written = halves.write(jobs, spool_dir)
        if written is not None:
            return written
        params, kind = writer.params, writer.database_text
        row = self._checked_totals(snap, params)
        totals = ExportTotals.from_row(row)
        models = self.line_models(snap, params, kind, row)
        begin_file(sink, writer, totals)
        if models is None:  # Python encodes the rows
            query = queries.event_rows(self, params)
            with contextlib.closing(snap.batches(query)) as batches:
                return totals, stream_rows(batches, writer, sink)
        if joins_lines(writer):
            chunks = write_chunks(
                cursor_of(snap.conn), writer, models, (None, None), snap.batch_rows, sink.report
            )
            return totals, chunks
        query = sqlite_sql.sqlite_event_lines(params, kind or "csv", models)
        with contextlib.closing(snap.batches(query)) as batches:
            return totals, stream_lines(batches, writer, sink)

    def split_events(
        self, snap: Snapshot, params: ExportParams, writer: type[FormatWriter]
    ) -> RowBatches:
        row = self._checked_totals(snap, params)
        kind = writer.database_text
        models = self.line_models(snap, params, kind, row)
        if models is None or kind is None:
            return snap.batches(queries.event_rows(self, params, by_tenant=True)), "rows"
        query = sqlite_sql.sqlite_event_lines(params, kind, models, by_tenant=True)
        return snap.batches(query), "lines"

    @staticmethod
    def _checked_totals(snap: Snapshot, params: ExportParams) -> tuple[Any, ...]:
        """The events' totals; InvalidInput, before anything is written, when one of them
        holds a figure that is not an integer."""
        row = snap.all(sqlite_sql.sqlite_event_totals(params))[0]
        if row[5] is not None:
            refuse_event(snap, row[5])
        return tuple(row)

    @staticmethod
    def line_models(
        snap: Snapshot, params: ExportParams, kind: TextKind | None, totals_row: tuple[Any, ...]
    ) -> list[tuple[str | None, str]] | None:
        """The special models sqlite_sql.sqlite_event_lines needs for events of these totals
        (sqlite_event_totals' row); None when SQLite cannot build their lines."""
        models: list[str | None] = json.loads(totals_row[4]) if totals_row[0] else []
        if (
            kind is None
            or any("\x00" in m for m in models if m is not None)
            or snap.all(sqlite_sql.sqlite_tenant_with_nul(params))
        ):
            return None
        if not totals_row[0]:
            return []
        return [
            tuple(r)
            for r in snap.all(sqlite_sql.sqlite_special_models(params, kind, totals_row[4]))
        ]  # type: ignore[misc]
