"""The parallel export of every event on PostgreSQL.

The export's range is cut into contiguous slices of created_at holding similar numbers of
events, found from a sample of the table's pages. Each slice is read by a connection of its
own, and every connection reads in the snapshot the export's transaction exported
(`pg_export_snapshot` / `SET TRANSACTION SNAPSHOT`): together the slices are exactly the rows
one connection would read. A slice is `from <= created_at < before`, so events sharing a
timestamp on an edge all land in the later slice, still ordered by id.

The first slice streams straight into the file; the others are spooled into unnamed
temporary files beside it (gone with the process, whatever happens) and appended in order, so
the file is byte-identical to a one-connection export. The export's own connection reads the
totals meanwhile, instead of before the rows.

Where the snapshot cannot be shared (a pooler or role without room for more connections, a
server that refuses), or the export is too small to gain, one connection writes the rows, and
the log says why. A fault or a cancel in any slice ends them all: the runner then discards the
file, as for any export.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from billing_desktop import side_thread
from billing_desktop.db.sql import Sql
from billing_desktop.export import queries
from billing_desktop.export.backends import postgresql_sql
from billing_desktop.export.backends.pg_snapshot import (
    PgSnapshot,
    begin_snapshot_transaction,
    copy_rows,
)
from billing_desktop.export.formats import FormatWriter
from billing_desktop.export.sink import Sink, begin_file
from billing_desktop.export.totals import ExportTotals

log = logging.getLogger("billing_desktop.export")

AUTO_JOBS = 4  # `--jobs auto`: at most this many connections reading rows, and no more than
# half this machine's cores: a slice keeps about a core busy on each side (the server's
# backend formatting rows, and Python taking each row from libpq's per-row COPY API under the
# GIL), so on 2 cores more connections gain nothing (docs/performance.md). So auto is one
# connection there, two on 4 cores, four on 8.
MIN_SLICE_ROWS = 100_000  # `auto` gives a slice no fewer events: each connection costs a start
SAMPLE_ROWS = 20_000  # events the slicing sample aims at (quick at any table size)
READY_TIMEOUT_S = 5.0  # helpers not in the snapshot by then (a full pool): one connection
POLL_S = 0.1  # how often the waiting export reports progress and looks for a failed slice
SPOOL_BLOCK = 1 << 20


class _Stop(Exception):
    """A slice stops because the export ends (a fault elsewhere, a cancel)."""


@dataclass
class _Slice:
    index: int
    within: queries.Within
    snap: PgSnapshot | None = None  # its connection, once connected
    joined: bool = False  # in the export's snapshot
    spool: IO[bytes] | None = None
    rows: int = 0
    ready: threading.Event = field(default_factory=threading.Event)  # in the snapshot, or failed
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


def write_in_parallel(
    snap: PgSnapshot, writer: FormatWriter, sink: Sink, jobs: int | None, spool_dir: Path | None
) -> tuple[ExportTotals, int] | None:
    """Every event of the export through several connections: (totals, rows written), or None,
    logged, when one connection should write them (nothing has been written then)."""
    run = _ParallelRun(snap, writer, sink, spool_dir)
    try:
        if not run.prepare(jobs):
            return None
        return run.write()
    finally:
        run.stop()


class _ParallelRun:
    def __init__(
        self, snap: PgSnapshot, writer: FormatWriter, sink: Sink, spool_dir: Path | None
    ) -> None:
        self.snap = snap
        self.writer = writer
        self.sink = sink
        self.spool_dir = spool_dir
        self.slices: list[_Slice] = []
        self.go = threading.Event()  # the slices may read
        self.header_written = threading.Event()  # the first slice may write into the file
        self.ending = threading.Event()  # the export ends: every slice stops
        self.failed = threading.Event()  # a slice failed

    # -- planning -----------------------------------------------------------------------------

    def prepare(self, jobs: int | None) -> bool:
        """Plan the slices and bring their connections into the snapshot."""
        if jobs is None and _auto_jobs() < 2:
            return False  # this machine's cores are better spent on one connection
        try:
            with self.snap.conn.transaction():  # a savepoint: a refusal leaves the export whole
                edges = self._edges(self._connections_wanted(jobs), explicit=jobs is not None)
        except Exception as exc:  # whatever the server refuses: one connection
            log.info("export on one connection: no slices planned (%s)", _one(exc))
            return False
        if not edges:
            return False
        # Not in the savepoint: a snapshot is exported from the transaction itself.
        snapshot_id = self.snap.all(Sql("SELECT pg_export_snapshot()"))[0][0]
        bounds: list[datetime | None] = [None, *edges, None]
        self.slices = [_Slice(i, (bounds[i], bounds[i + 1])) for i in range(len(bounds) - 1)]
        for item in self.slices:
            side_thread.start(self._run_slice, item, snapshot_id)
        deadline = time.monotonic() + READY_TIMEOUT_S
        for item in self.slices:
            item.ready.wait(max(0.0, deadline - time.monotonic()))
        problem = next((s.error for s in self.slices if s.error is not None), None)
        if problem is None and not all(s.joined for s in self.slices):
            problem = TimeoutError(f"not in the snapshot within {READY_TIMEOUT_S:.0f} s")
        if problem is not None:
            log.info(
                "export on one connection: the snapshot could not be shared with %d more"
                " connection(s) (%s)",
                len(self.slices),
                _one(problem),
            )
            return False
        log.info(
            "export on %d connections sharing snapshot %s, slices from %s",
            len(self.slices),
            snapshot_id,
            ", ".join(edge.astimezone(UTC).isoformat() for edge in edges),
        )
        return True

    def _connections_wanted(self, jobs: int | None) -> int:
        """`jobs`, or for auto as many as AUTO_JOBS within the connections still free (one left
        over for others); an explicit number is kept within them too, said in the log."""
        free_rows = self.snap.all(postgresql_sql.PG_FREE_CONNECTIONS)
        limits = [v for v in (free_rows[0] if free_rows else ()) if v is not None]
        free = max(0, min(limits) - 1) if limits else AUTO_JOBS
        wanted = _auto_jobs() if jobs is None else jobs
        if wanted > free:
            if jobs is not None:
                log.info("--jobs %d: only %d more connection(s) free; using that many", jobs, free)
            wanted = free
        return wanted

    def _edges(self, wanted: int, explicit: bool) -> list[datetime]:
        """The created_at values between slices, from a sample of the table: at most
        wanted - 1, fewer when `auto` would give a slice under MIN_SLICE_ROWS."""
        params = self.writer.params
        if wanted < 2:
            return []
        rows, size = self.snap.all(postgresql_sql.PG_TABLE_SIZE)[0]
        known = max(float(rows), float(size) / 100)  # ~100 bytes a row when never analysed
        percent = min(100.0, max(0.01, SAMPLE_ROWS * 100 / known)) if known > 0 else 100.0
        # One sample for every slice count auto may settle on: the edges of 2, 3, ... slices.
        counts = range(2, wanted + 1)
        fractions = sorted({i / n for n in counts for i in range(1, n)})
        sampled, at = self.snap.all(postgresql_sql.pg_slice_sample(params, fractions, percent))[0]
        if not at:
            return []
        if not explicit:
            wanted = min(wanted, int(sampled * 100 / percent // MIN_SLICE_ROWS))
            if wanted < 2:
                return []
        at = [at[fractions.index(i / wanted)] for i in range(1, wanted)]
        return sorted(set(at))  # equal edges (many events at one time) make one slice

    # -- the slices' threads ------------------------------------------------------------------

    def _run_slice(self, item: _Slice, snapshot_id: str) -> None:
        try:
            db = self.snap.db
            conn = db.psycopg_connection(same_server_as=self.snap.conn)
            item.snap = PgSnapshot(self.snap.backend, conn, self.snap.batch_rows, db)
            if self.ending.is_set():
                raise _Stop()
            begin_snapshot_transaction(conn, snapshot_id)
            item.joined = True
            item.ready.set()
            while not self.go.wait(POLL_S):
                if self.ending.is_set():
                    raise _Stop()
            if self.ending.is_set():
                raise _Stop()
            self._read_slice(item)
        except _Stop:
            pass
        except BaseException as exc:  # handed to the export's own thread
            item.error = exc
            self.failed.set()
        finally:
            item.ready.set()
            if item.snap is not None:
                with contextlib.suppress(Exception):
                    item.snap.conn.close()
            item.done.set()  # last: a slice that is done holds no connection

    def _read_slice(self, item: _Slice) -> None:
        assert item.snap is not None
        if item.index == 0:
            writer = self.writer  # straight into the file, once the header is there
            while not self.header_written.wait(POLL_S):
                if self.ending.is_set():
                    raise _Stop()
        else:
            item.spool = tempfile.TemporaryFile(dir=self.spool_dir)  # noqa: SIM115
            writer = self.writer.continued_into(item.spool)

        def counted(rows: int) -> None:
            item.rows = rows
            if self.ending.is_set():
                raise _Stop()

        item.rows = copy_rows(item.snap, writer, item.within, counted)

    # -- the export's own thread --------------------------------------------------------------

    def write(self) -> tuple[ExportTotals, int]:
        """Totals on the export's connection while the slices read; then the file in order."""
        self.go.set()
        totals = ExportTotals.from_row(
            self.snap.all(queries.event_totals(self.snap.backend, self.writer.params))[0]
        )
        begin_file(self.sink, self.writer, totals)
        self.header_written.set()
        rows = 0
        for item in self.slices:
            while not item.done.wait(POLL_S):
                self._check()
                self.sink.report(rows + sum(s.rows for s in self.slices[item.index :]))
            self._check()
            if item.spool is not None:
                self._append(item.spool)
                item.spool.close()
            rows += item.rows
            self.sink.report(rows)
        return totals, rows

    def _check(self) -> None:
        if self.failed.is_set():
            failure = next(s.error for s in self.slices if s.error is not None)
            raise failure

    def _append(self, spool: IO[bytes]) -> None:
        """A later slice's rows after those already in the file, through the writer (JSON
        puts its elements' commas right)."""
        spool.seek(0)
        while block := spool.read(SPOOL_BLOCK):
            self.writer.write_continued(block)

    def stop(self) -> None:
        """End every slice still reading (a running COPY is cancelled) and wait for them."""
        if not self.slices:
            return
        self.ending.set()
        for item in self.slices:  # a COPY, or a helper queued in a pooler
            if item.snap is not None and not item.done.is_set():
                item.snap.interrupt()
        # A reading slice ends once its COPY is cancelled. A helper still queued in a pooler
        # may not hear the cancel: it is left to end by itself, once the export's transaction
        # (and with it the snapshot it waits to import) is gone.
        deadline = time.monotonic() + (30 if all(s.joined for s in self.slices) else 1)
        for item in self.slices:
            item.done.wait(max(0.0, deadline - time.monotonic()))
        for item in self.slices:
            if item.spool is not None:
                with contextlib.suppress(OSError):
                    item.spool.close()


def _auto_jobs() -> int:
    return min(AUTO_JOBS, (os.cpu_count() or 1) // 2)


def _one(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
