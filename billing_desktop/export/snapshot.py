"""One consistent, read-only view of the billing data per export (PRODUCT.md §3).

PostgreSQL: a `REPEATABLE READ, READ ONLY` transaction; rows stream through `COPY ... TO STDOUT`
or a query streamed in chunks. SQLite: one read transaction on a `query_only` connection.
Both can be interrupted from another thread: that is how Cancel and Ctrl-C stop a long query
at once.
"""

from __future__ import annotations

import _thread
import contextlib
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterator
from itertools import islice
from typing import Any

from billing_desktop.db.connection import Database
from billing_desktop.db.sql import Sql
from billing_desktop.errors import DatabaseError


class Snapshot:
    """Queries inside the export's single transaction."""

    def __init__(
        self, backend: str, driver_conn: Any, batch_rows: int, db: Database | None = None
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

    def all(self, query: Sql) -> list[tuple[Any, ...]]:
        if self.backend == "postgresql":
            text, params = query.format()
            with self.conn.cursor() as cur:
                cur.execute(text, params)
                return cur.fetchall()
        text, params = query.qmark()
        return self.conn.execute(text, params).fetchall()

    def batches(self, query: Sql) -> Generator[list[tuple[Any, ...]], None, None]:
        """Rows in lists of at most batch_rows; memory holds one batch at a time."""
        if self.backend == "postgresql":
            from psycopg import pq

            text, params = query.format()
            # Streamed in chunks (libpq's chunked rows mode): the server sends rows as it
            # produces them and waits while we write, so memory holds one chunk. Not a named
            # cursor: PostgreSQL plans cursors for their first rows and never in parallel,
            # which made the grouped exports 1.5x slower than psql (issue 5).
            chunk = self.batch_rows if pq.version() >= 170000 else 1
            with (
                self.conn.cursor() as cur,
                contextlib.closing(cur.stream(text, params, size=chunk)) as rows,
            ):
                while batch := list(islice(rows, self.batch_rows)):
                    yield batch
            return
        text, params = query.qmark()
        cur = self.conn.execute(text, params)
        try:
            while batch := cur.fetchmany(self.batch_rows):
                yield batch
        finally:
            cur.close()

    def copy_out(self, query: Sql, options: str) -> Generator[memoryview, None, None]:
        """PostgreSQL only: `COPY (query) TO STDOUT (options)`, one chunk per row."""
        import psycopg
        from psycopg import pq
        from psycopg import sql as pgsql
        from psycopg.generators import fetch_many

        statement = pgsql.SQL("COPY ({}) TO STDOUT ({})").format(
            query.literal(), pgsql.SQL(options)
        )
        with self.conn.cursor() as cur, cur.copy(statement) as copy:
            # Rows already received are taken straight from libpq (non-blocking); psycopg's
            # own per-row read costs twice the CPU (issue 5). Waiting for the socket, which
            # a cancel can interrupt, is left to psycopg.
            pgconn = self.conn.pgconn
            get_row = pgconn.get_copy_data
            while True:
                nbytes, row = get_row(1)
                if nbytes > 0:
                    yield row
                elif nbytes == 0:  # nothing buffered yet
                    if not (row := copy.read()):
                        return
                    yield row
                else:  # -1: the rows are over; collect the command's result as psycopg does
                    for result in self.conn.wait(fetch_many(pgconn)):
                        if result.status != pq.ExecStatus.COMMAND_OK:
                            raise psycopg.errors.error_from_result(
                                result, encoding=self.conn.info.encoding
                            )
                    return

    def interrupt(self) -> None:
        """Stop the running query; called from another thread."""
        with contextlib.suppress(Exception):
            if self.backend == "postgresql":
                self.conn.cancel_safe(timeout=5)
            else:
                self.conn.interrupt()


def _compile_without_llvm_optimisation(conn: Any) -> None:
    """Keep JIT, but skip LLVM's inlining and optimisation passes for this transaction.

    The planner cannot estimate the groups of an expression key (a local day or month), so it
    counts every event as a group, and the cost passes the JIT thresholds for optimisation:
    ~130 ms of compiling before a grouped export of 1,000,000 events that then runs in ~280 ms.
    Plain JIT (compiled expressions and tuple deforming) stays on; optimised code made no
    export faster here (docs/performance.md). SET LOCAL: only this transaction, which also
    suits a pooler in transaction mode.
    """
    with conn.cursor() as cur:
        cur.execute("SET LOCAL jit_inline_above_cost = -1")
        cur.execute("SET LOCAL jit_optimize_above_cost = -1")


def begin_snapshot_transaction(conn: Any, snapshot_id: str | None = None) -> None:
    """PostgreSQL: start the export's REPEATABLE READ, READ ONLY transaction on `conn`; with
    `snapshot_id` (pg_export_snapshot() of another transaction), in that very snapshot."""
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
        # Dates as YYYY-MM-DD whatever the server's or PGDATESTYLE's choice (db.sql._pg_shift).
        cur.execute("SET LOCAL DateStyle = 'ISO, YMD'")
    _compile_without_llvm_optimisation(conn)


def _in_recovery(conn: Any) -> bool:
    """Whether the server is a hot standby: said at connection start (PostgreSQL 14+), or
    asked."""
    status = conn.info.parameter_status("in_hot_standby")
    if status is not None:
        return bool(status == "on")
    with conn.cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery()")
        row = cur.fetchone()
    return bool(row and row[0])


@contextlib.contextmanager
def open_snapshot(
    db: Database, batch_rows: int = 20_000, cancel: threading.Event | None = None
) -> Iterator[Snapshot]:
    """`cancel` set while connecting raises ExportCancelled without waiting for the server."""
    if db.backend == "postgresql":
        conn = db.psycopg_connection(cancel=cancel)
        standby = False
        try:
            with db.errors("streaming"):
                begin_snapshot_transaction(conn)  # closing the connection ends it
                standby = _in_recovery(conn)
                yield Snapshot("postgresql", conn, batch_rows, db)
        except DatabaseError as exc:
            # A standby ends a session idle in its transaction (between a split's queries)
            # to apply the primary's changes; the client may only see the connection close.
            exc.on_standby = standby
            raise
        finally:
            conn.close()
        return
    lite = db.sqlite_snapshot_connection()
    try:
        with db.errors("read"):
            lite.execute("BEGIN")
            yield Snapshot("sqlite", lite, batch_rows, db)
    finally:
        with contextlib.suppress(sqlite3.Error):
            if lite.in_transaction:
                lite.execute("ROLLBACK")
        lite.close()


@contextlib.contextmanager
def interrupt_on(cancel: threading.Event, interrupt: Callable[[], None]) -> Iterator[None]:
    """While the block runs, a watcher thread interrupts the query as soon as `cancel` is set,
    so a long aggregation or a slow network stops within a fraction of a second."""
    done = threading.Event()
    guard = threading.Lock()

    def watch() -> None:
        while not done.is_set():
            if cancel.wait(0.1):
                with guard:
                    if not done.is_set():
                        interrupt()
                return

    # A bare `_thread`, not `threading.Thread`: the window runs exports and row counts on
    # QThreads, and a `threading.Thread` started there registers the QThread with `threading`
    # (a dummy thread object that outlives it). With that, the test suite crashed in the
    # garbage collector in 2 of 6 runs; with `_thread`, in none of 16.
    _thread.start_new_thread(watch, ())
    try:
        yield
    finally:
        # No join: it would wait up to 0.1 s for the watcher's next poll, on every export.
        # The lock makes sure no interrupt runs once the block has ended; the watcher sees
        # `done` at its next poll and ends by itself.
        with guard:
            done.set()
