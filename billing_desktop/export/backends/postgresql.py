"""PostgreSQL: the export's snapshot, and every event's rows through COPY or row batches.

A format whose rows the server can build as text (CSV, JSON) gets them through `COPY ... TO
STDOUT`, on several connections sharing the snapshot where that pays (pg_parallel.py); any
other (XLSX) gets row tuples in batches.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from billing_desktop.db.connection import Database
from billing_desktop.db.dialect import PostgreSQLDialect
from billing_desktop.errors import DatabaseError
from billing_desktop.export import queries
from billing_desktop.export.backends import postgresql_sql
from billing_desktop.export.backends.base import Backend, RowBatches, Snapshot
from billing_desktop.export.backends.pg_parallel import write_in_parallel
from billing_desktop.export.backends.pg_snapshot import (
    JSON_LINES_COPY,
    PgSnapshot,
    begin_snapshot_transaction,
    copy_rows,
    csv_copy_options,
    in_recovery,
    wait_for_replay,
)
from billing_desktop.export.backends.pg_totals import BESIDE_MIN_ROWS, TotalsBeside, estimate_rows
from billing_desktop.export.formats import FormatWriter
from billing_desktop.export.params import ExportParams
from billing_desktop.export.sink import (
    Sink,
    begin_file,
    begin_needs_totals,
    begin_without_totals,
    stream_rows,
)
from billing_desktop.export.totals import ExportTotals


class PostgreSQL(PostgreSQLDialect, Backend):
    """A PostgreSQL server, or a pooler in front of one."""

    @contextlib.contextmanager
    def open_snapshot(
        self, db: Database, batch_rows: int, cancel: threading.Event | None = None
    ) -> Iterator[Snapshot]:
        conn = db.psycopg_connection(cancel=cancel)
        standby = False
        try:
            with db.errors("streaming"):
                begin_snapshot_transaction(conn)  # closing the connection ends it
                standby = in_recovery(conn)
                yield PgSnapshot(self, conn, batch_rows, db)
        except DatabaseError as exc:
            # A standby ends a session idle in its transaction (between a split's queries)
            # to apply the primary's changes; the client may only see the connection close.
            exc.on_standby = standby
            raise
        finally:
            conn.close()

    def settle_after_recovery_conflict(self, db: Database, cancel: threading.Event) -> None:
        # Started again at once, the export would take a snapshot that the changes the standby
        # has received but not yet replayed conflict with again: it waits for those first.
        with contextlib.suppress(DatabaseError), db.errors("read"):
            conn = db.psycopg_connection(cancel=cancel)
            with contextlib.closing(conn):
                wait_for_replay(conn, cancel)

    def write_events(
        self,
        snap: Snapshot,
        writer: FormatWriter,
        sink: Sink,
        jobs: int | None,
        spool_dir: Path | None,
    ) -> tuple[ExportTotals, int]:
        assert isinstance(snap, PgSnapshot)  # opened by open_snapshot above
        if writer.database_text is not None and jobs != 1:
            written = write_in_parallel(snap, writer, sink, jobs, spool_dir)
            if written is not None:
                return written
        params = writer.params
        if writer.database_text is not None and not begin_needs_totals(writer):
            estimate = estimate_rows(snap, params)
            if estimate is not None and estimate >= BESIDE_MIN_ROWS:
                return _rows_beside_totals(snap, writer, sink, estimate)
        totals = ExportTotals.from_row(snap.all(queries.event_totals(self, params))[0])
        begin_file(sink, writer, totals)
        if writer.database_text is None:
            with contextlib.closing(snap.batches(queries.event_rows(self, params))) as batches:
                return totals, stream_rows(batches, writer, sink)
        return totals, copy_rows(snap, writer, None, sink.report)

    def split_events(
        self, snap: Snapshot, params: ExportParams, writer: type[FormatWriter]
    ) -> RowBatches:
        assert isinstance(snap, PgSnapshot)
        if writer.database_text is None:
            return snap.batches(queries.event_rows(self, params, by_tenant=True)), "rows"
        if writer.database_text == "csv":
            query = queries.event_rows(self, params, by_tenant=True)
            options = csv_copy_options(params.delimiter)
        else:
            around = writer.database_around
            query = postgresql_sql.event_json_lines(params, None, around, by_tenant=True)
            options = JSON_LINES_COPY
        return snap.copy_out(query, options), "copy"


def _rows_beside_totals(
    snap: PgSnapshot, writer: FormatWriter, sink: Sink, estimate: int
) -> tuple[ExportTotals, int]:
    """The rows at once, the totals on a second connection meanwhile (pg_totals)."""
    beside = TotalsBeside(snap, writer.params)
    try:
        begin_without_totals(sink, writer, estimate)

        def report(rows: int) -> None:
            if beside.totals is not None:
                sink.total = beside.totals.rows
            sink.report(rows)

        rows = copy_rows(snap, writer, None, report)
        totals = beside.result(sink.cancel)
    except BaseException:
        beside.stop()
        raise
    sink.total = totals.rows
    return totals, rows
