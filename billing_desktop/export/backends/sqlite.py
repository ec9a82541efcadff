"""SQLite: the export's snapshot, and every event's rows as lines SQLite builds.

The snapshot is one read transaction on a `query_only` connection. Usually each event's CSV
line or JSON object is built by SQLite (sqlite_sql.sqlite_event_lines), far quicker than
Python encoding six values a row, and SQLite joins thousands of them into one value
(sqlite_sql.sqlite_event_chunk), so that Python does no work per event at all. But SQLite's
text functions and json_each stop at a NUL character, so a name holding one would lose its
quoting, escaping or formula guard there: an export with such a name has its rows encoded by
Python instead, like the grouped scopes. So has a format whose rows the database cannot build
(XLSX).
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
from billing_desktop.export.params import ExportParams
from billing_desktop.export.sink import Sink, begin_file, stream_rows
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
        params = writer.params
        row = snap.all(sqlite_sql.sqlite_event_totals(params))[0]
        totals = ExportTotals.from_row(row)
        special = self._special_models(snap, params, writer.database_text, row)
        begin_file(sink, writer, totals)
        if special is None:
            query = queries.event_rows(self, params)
            with contextlib.closing(snap.batches(query)) as batches:
                return totals, stream_rows(batches, writer, sink)
        return totals, _write_chunks(snap, writer, sink, special)

    def split_events(
        self, snap: Snapshot, params: ExportParams, writer: type[FormatWriter]
    ) -> RowBatches:
        row = snap.all(sqlite_sql.sqlite_event_totals(params))[0]
        special = self._special_models(snap, params, writer.database_text, row)
        if special is None:
            return snap.batches(queries.event_rows(self, params, by_tenant=True)), "rows"
        kind = writer.database_text
        assert kind is not None
        query = sqlite_sql.sqlite_event_lines(params, kind, special, by_tenant=True)
        return snap.batches(query), "lines"

    def _special_models(
        self,
        snap: Snapshot,
        params: ExportParams,
        kind: TextKind | None,
        totals_row: tuple[Any, ...],
    ) -> list[tuple[str | None, str]] | None:
        """The models whose field needs encoding (sqlite_sql.sqlite_special_models) when SQLite
        can build this export's lines (totals_row: sqlite_event_totals'), else None."""
        models: list[str | None] = json.loads(totals_row[4]) if totals_row[0] else []
        if (
            kind is None
            or any("\x00" in m for m in models if m is not None)
            or snap.all(sqlite_sql.sqlite_tenant_with_nul(params))
        ):
            return None
        if not totals_row[0]:
            return []
        return snap.all(sqlite_sql.sqlite_special_models(params, kind, totals_row[4]))  # type: ignore[return-value]


def _write_chunks(
    snap: Snapshot, writer: FormatWriter, sink: Sink, special: list[tuple[str | None, str]]
) -> int:
    """Every event's line, SQLite joining about batch_rows of them into one value at a time:
    the range is cut at created_at values read from its index, each part a query."""
    params = writer.params
    kind = writer.database_text
    assert kind is not None
    rows = 0
    start: str | None = None
    while True:
        edge = snap.all(sqlite_sql.sqlite_next_edge(params, start, snap.batch_rows))
        before = edge[0][0] if edge else None
        query = sqlite_sql.sqlite_event_chunk(
            params, kind, special, writer.database_around, start, before
        )
        data, count = snap.all(query)[0]
        if count:
            writer.write_copy_chunks([data])
            rows += count
            sink.report(rows)
        if before is None:
            return rows
        start = before
