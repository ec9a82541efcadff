"""PostgreSQL: the export's snapshot, and every event's rows as text the server formats.

The snapshot is a `REPEATABLE READ, READ ONLY` transaction; rows stream through `COPY ... TO
STDOUT` or a query streamed in chunks. The parallel slices (pg_parallel.py) open their own
snapshots here, in the snapshot the export's transaction exported, and copy their rows with
`copy_rows`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Generator
from itertools import islice, repeat
from typing import Any

from billing_desktop.db.sql import Sql
from billing_desktop.export import queries
from billing_desktop.export.backends import postgresql_sql
from billing_desktop.export.backends.base import Snapshot
from billing_desktop.export.formats import FormatWriter

# COPY (FORMAT csv) with a delimiter and quote that JSON text can never contain (to_json escapes
# every control character), so each row's JSON object arrives verbatim, one per line.
JSON_LINES_COPY = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"


class PgSnapshot(Snapshot):
    """Queries inside a PostgreSQL export's transaction (a psycopg connection)."""

    def all(self, query: Sql) -> list[tuple[Any, ...]]:
        text, params = query.format()
        with self.conn.cursor() as cur:
            cur.execute(text, params)
            return list(cur.fetchall())

    def batches(self, query: Sql) -> Generator[list[tuple[Any, ...]], None, None]:
        from psycopg import pq

        text, params = query.format()
        # Streamed in chunks (libpq's chunked rows mode): the server sends rows as it produces
        # them and waits while we write, so memory holds one chunk. Not a named cursor:
        # PostgreSQL plans cursors for their first rows and never in parallel, which made the
        # grouped exports far slower than psql.
        chunk = self.batch_rows if pq.version() >= 170000 else 1
        with (
            self.conn.cursor() as cur,
            contextlib.closing(cur.stream(text, params, size=chunk)) as rows,
        ):
            while batch := list(islice(rows, self.batch_rows)):
                yield batch

    def copy_out(self, query: Sql, options: str) -> Generator[list[bytes], None, None]:
        """`COPY (query) TO STDOUT (options)`: its rows (one chunk each, ending in LF) in lists
        of at most `batch_rows`."""
        from psycopg import sql as pgsql

        statement = pgsql.SQL("COPY ({}) TO STDOUT ({})").format(
            query.literal(), pgsql.SQL(options)
        )
        with self.conn.cursor() as cur, cur.copy(statement) as copy:
            while True:
                batch: list[bytes] = []
                over = self._fill(batch, copy)
                if batch:
                    yield batch
                if over:
                    return

    def _fill(self, batch: list[bytes], copy: Any) -> bool:
        """COPY's next rows into `batch`, up to `batch_rows`: whether the rows are over."""
        # Rows already received are taken straight from libpq (non-blocking), in a loop that
        # does nothing else: psycopg's own per-row read, or a generator step per row, costs
        # the client more CPU than the rows' bytes. Waiting for the socket, which a cancel can
        # interrupt, is left to psycopg. Each row is kept as bytes, not as libpq's buffer: a
        # memoryview is an object the cycle collector tracks, and a batch of them alive
        # made it scan the whole process again and again, for more CPU than the copy costs.
        get_row = self.conn.pgconn.get_copy_data
        add = batch.append
        size = self.batch_rows
        while len(batch) < size:
            nbytes = 1
            for _ in repeat(None, size - len(batch)):
                nbytes, row = get_row(1)
                if nbytes <= 0:
                    break
                add(bytes(row))
            if nbytes < 0:  # the rows are over
                self._copy_result()
                return True
            if nbytes == 0:  # nothing buffered yet: wait for the next rows
                waited = copy.read()
                if not waited:  # the rows are over, and psycopg collected the result
                    return True
                add(bytes(waited))
        return False

    def _copy_result(self) -> None:
        """Collect the COPY command's result after its last row, as psycopg does."""
        import psycopg
        from psycopg import pq
        from psycopg.generators import fetch_many

        for result in self.conn.wait(fetch_many(self.conn.pgconn)):
            if result.status != pq.ExecStatus.COMMAND_OK:
                raise psycopg.errors.error_from_result(result, encoding=self.conn.info.encoding)

    def interrupt(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.cancel_safe(timeout=5)


def _compile_without_llvm_optimisation(conn: Any) -> None:
    """Keep JIT, but skip LLVM's inlining and optimisation passes for this transaction.

    The planner cannot estimate the groups of an expression key (a local day or month), so it
    counts every event as a group, and the cost passes the JIT thresholds for optimisation: a
    grouped export then spends longer compiling than running. Plain JIT (compiled expressions
    and tuple deforming) stays on; optimised code made no export faster (docs/performance.md).
    SET LOCAL: only this transaction, which also suits a pooler in transaction mode.
    """
    with conn.cursor() as cur:
        cur.execute("SET LOCAL jit_inline_above_cost = -1")
        cur.execute("SET LOCAL jit_optimize_above_cost = -1")


def begin_snapshot_transaction(conn: Any, snapshot_id: str | None = None) -> None:
    """Start the export's REPEATABLE READ, READ ONLY transaction on `conn`; with `snapshot_id`
    (pg_export_snapshot() of another transaction), in that very snapshot."""
    import psycopg
    from psycopg import sql as pgsql

    # psycopg opens the transaction (BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY) at the
    # first statement, so SET TRANSACTION SNAPSHOT is the transaction's first, as it must be.
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    if snapshot_id is not None:
        with conn.cursor() as cur:
            cur.execute(pgsql.SQL("SET TRANSACTION SNAPSHOT {}").format(pgsql.Literal(snapshot_id)))
    with conn.cursor() as cur:
        # Dates as YYYY-MM-DD whatever the server's or PGDATESTYLE's choice (the dialect's
        # day_at_offset casts a date to text).
        cur.execute("SET LOCAL DateStyle = 'ISO, YMD'")
    _compile_without_llvm_optimisation(conn)


def in_recovery(conn: Any) -> bool:
    """Whether the server is a hot standby: said at connection start (PostgreSQL 14+), or
    asked."""
    status = conn.info.parameter_status("in_hot_standby")
    if status is not None:
        return bool(status == "on")
    with conn.cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery()")
        row = cur.fetchone()
    return bool(row and row[0])


REPLAY_WAIT_S = 60.0  # at most this long for a standby to replay what it had received
REPLAY_POLL_S = 0.1

# Whether the standby has replayed the WAL it had received when the wait began (NULL: not a
# standby, or nothing received by streaming).
_REPLAYED = "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn"


def wait_for_replay(conn: Any, cancel: threading.Event, limit_s: float = REPLAY_WAIT_S) -> bool:
    """On a hot standby: wait until it has replayed everything it had received from the
    primary so far, at most `limit_s` (or until `cancel`). Whether it had; True at once on a
    primary. Changes that arrive meanwhile are not waited for: a busy primary never ends."""
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery(), pg_last_wal_receive_lsn()::text")
        standby, received = cur.fetchone()
        if not standby or received is None:
            return True
        deadline = time.monotonic() + limit_s
        while True:
            cur.execute(_REPLAYED, (received,))
            row = cur.fetchone()
            if row is None or row[0] is not False:
                return True
            if time.monotonic() > deadline or cancel.wait(REPLAY_POLL_S):
                return False


def copy_rows(
    snap: PgSnapshot,
    writer: FormatWriter,
    within: queries.Within | None,
    report: Callable[[int], None],
) -> int:
    """Every event (`within`: of that slice): the server formats every row; Python only moves
    bytes into the writer, a batch at a time, calling `report` with the rows so far."""
    params = writer.params
    if writer.database_text == "csv":
        copy = snap.copy_out(
            queries.event_rows(snap.backend, params, within), csv_copy_options(params.delimiter)
        )
    else:
        json_lines = postgresql_sql.event_json_lines(params, within, writer.database_around)
        copy = snap.copy_out(json_lines, JSON_LINES_COPY)
    rows = 0
    # closing(): on cancel or error the COPY must end here, not when the generator is
    # collected, or it would keep holding the connection's lock.
    with contextlib.closing(copy) as batches:
        for batch in batches:
            writer.write_copy_chunks(batch)  # type: ignore[arg-type]
            rows += len(batch)
            report(rows)
    return rows


def csv_copy_options(delimiter: str) -> str:
    # COPY quotes a field holding the delimiter, as Python's csv does.
    return "FORMAT csv" if delimiter == "," else f"FORMAT csv, DELIMITER E'\\x{ord(delimiter):02x}'"
