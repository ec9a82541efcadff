"""Every event of a SQLite export read on two connections, each over half of the range.

SQLite builds each line in C, and Python's sqlite3 lets go of the GIL while a statement
steps: a second connection on a second thread puts a second core to work. The range is cut
at the created_at value in its middle (counted on the index). Each connection first reads
its half's totals (with the models and the whole-number check), so the file's totals are
known, and checked, before any row is written, in the time of a half. The export's own
connection then writes the first half straight into the file, the partner the second half
into an unnamed spool beside it (gone with the process, whatever happens), appended in order:
the file is byte for byte what one connection writes.

Two SQLite connections cannot share a snapshot. The partner is opened before the export's
transaction begins and reads `PRAGMA data_version` then (open_partner); in its own
transaction it reads it again. Equal, no other connection committed between the two
readings, so the export's snapshot, which began between them, holds the partner's data.
Otherwise (a commit in between, a lock not granted at once) the export's own connection
reads everything, and the log says why.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from billing_desktop import side_thread
from billing_desktop.db.connection import Database
from billing_desktop.db.sql import Sql
from billing_desktop.errors import ExportCancelled
from billing_desktop.export import queries
from billing_desktop.export.backends import sqlite_sql
from billing_desktop.export.backends.base import Snapshot
from billing_desktop.export.backends.sqlite_chunks import Execute, cursor_of, line_chunks
from billing_desktop.export.backends.sqlite_sql import Part
from billing_desktop.export.formats import FormatWriter
from billing_desktop.export.integrity import refuse_event
from billing_desktop.export.sink import Sink, begin_file, stream_rows
from billing_desktop.export.totals import ExportTotals

log = logging.getLogger("billing_desktop.export")

MIN_ROWS = 200_000  # `--jobs auto` reads fewer events on one connection: the partner's start
# and the spool's copy would cost about what the second core saves
AUTO_MIN_CORES = 4  # `--jobs auto` reads on one connection on fewer cores: the halves cost a
# fifth more CPU in all (the cut, the spool's copy, two connections' caches), which on 2 cores
# shared with other work was not won back (docs/performance.md); `--jobs 2` asks for them
JOIN_BUSY_MS = 200  # a writer about to commit holds the lock the partner needs: do not wait
POLL_S = 0.1  # how often a waiting thread looks for a cancel or the other's failure
SPOOL_BLOCK = 1 << 20

# SQLite.line_models: the special models of a totals row, None if SQLite cannot build lines
LineModels = Callable[..., list[tuple[str | None, str]] | None]


def joins_lines(writer: FormatWriter) -> bool:
    """Whether the format's database-built lines follow each other with a bare LF (CSV,
    JSON Lines), as chunks of them can; JSON joins its elements itself."""
    return writer.database_text is not None and writer.database_around == ("", "")


def write_chunks(
    execute: Execute,
    writer: FormatWriter,
    models: list[tuple[str | None, str]],
    part: Part,
    chunk_rows: int,
    counted: Callable[[int], None],
) -> int:
    """The lines of `part` through `writer` a chunk (of about `chunk_rows`) at a time
    (sqlite_chunks): rows written. `counted(rows so far)` after each chunk."""
    params, kind = writer.params, writer.database_text or "csv"

    def lines_of(chunk: Part) -> Sql:
        return sqlite_sql.sqlite_event_lines(params, kind, models, chunk)

    rows = 0
    for text, lines in line_chunks(execute, params, lines_of, part, "\n", chunk_rows):
        writer.write_text_lines([text])
        rows += lines
        counted(rows)
    return rows


class _Stop(Exception):
    """The partner stops because the export ends (a fault elsewhere, a cancel)."""


@dataclass
class Partner:
    """A second connection, opened before the export's snapshot began, and the
    `PRAGMA data_version` it read then."""

    conn: sqlite3.Connection
    version: int

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()


def open_partner(db: Database) -> Partner | None:
    """The partner for a snapshot about to begin; None where it cannot be opened."""
    try:
        conn = db.sqlite_snapshot_connection(any_thread=True)
    except Exception:  # the export's own connection says what is wrong, if anything is
        return None
    try:
        return Partner(conn, conn.execute("PRAGMA data_version").fetchone()[0])
    except sqlite3.Error:
        conn.close()
        return None


class Halves:
    """One export's two halves: the first on the export's connection, the second on the
    partner's thread."""

    def __init__(
        self,
        snap: Snapshot,
        partner: Partner | None,
        writer: FormatWriter,
        sink: Sink,
        line_models: LineModels,
    ) -> None:
        self.snap = snap
        self.partner = partner
        self.writer = writer
        self.sink = sink
        self.line_models = line_models
        self.joined = threading.Event()  # in a snapshot of the same data, or failed
        self.counted = threading.Event()  # its half's totals read, or failed
        self.go = threading.Event()  # its lines query is set: read them
        self.done = threading.Event()
        self.ending = threading.Event()
        self.closing = threading.Lock()  # no interrupt of a connection being closed
        self.started = False
        self.same_data = False
        self.totals_row: tuple[Any, ...] | None = None
        self.models: list[tuple[str | None, str]] | None = None
        self.spool: IO[bytes] | None = None
        self.rows = 0
        self.error: BaseException | None = None

    def write(self, jobs: int | None, spool_dir: Path | None) -> tuple[ExportTotals, int] | None:
        """(totals, rows written), or None when one connection should write the file
        (nothing has been written then)."""
        try:
            cut = self._cut(jobs)
            if cut is None:
                return None
            self._start(cut, spool_dir)
            self._wait(self.joined)
            if not self.same_data:
                self.done.wait()  # its error is set as it ends
                log.info("export on one connection: %s", _one(self.error))
                return None
            log.info("export on 2 connections, the second half from created_at %s", cut)
            return self._write_halves(cut)
        finally:
            self.stop()

    def stop(self) -> None:
        """End the partner's reading and wait for its thread; close its connection."""
        self.ending.set()
        if self.partner is None:
            return
        if self.started:
            with self.closing, contextlib.suppress(sqlite3.Error):
                if not self.done.is_set():
                    self.partner.conn.interrupt()
            self.done.wait()
        else:
            self.partner.close()
        if self.spool is not None:
            with contextlib.suppress(OSError):
                self.spool.close()
        self.partner = None

    # -- the export's own thread --------------------------------------------------------------

    def _cut(self, jobs: int | None) -> object | None:
        """The created_at value the second half starts at; None: one connection."""
        writer = self.writer
        if self.partner is None or jobs == 1 or not joins_lines(writer):
            return None
        if jobs is None and _cores() < AUTO_MIN_CORES:
            return None
        params = writer.params
        events = self.snap.all(sqlite_sql.sqlite_range_count(params))[0][0]
        if events < 2 or (jobs is None and events < MIN_ROWS):
            return None
        if jobs is not None and jobs > 2:
            log.info("--jobs %d: a SQLite export reads on at most 2 connections", jobs)
        found = self.snap.all(sqlite_sql.sqlite_part_end(params, (None, None), events // 2))
        return found[0][0] if found else None

    def _start(self, cut: object, spool_dir: Path | None) -> None:
        self.started = True
        side_thread.start(self._run, cut, spool_dir)

    def _write_halves(self, cut: object) -> tuple[ExportTotals, int]:
        snap, params, kind = self.snap, self.writer.params, self.writer.database_text
        mine = tuple(snap.all(sqlite_sql.sqlite_event_totals(params, (None, cut)))[0])
        self._wait(self.counted)
        assert self.totals_row is not None
        row = _merged(mine, self.totals_row)
        if row[5] is not None:
            refuse_event(snap, row[5])
        models = self.line_models(snap, params, kind, row)
        if models is None:  # names SQLite cannot encode: Python writes every row, on one connection
            return self._rows_alone(row)
        self.models = models
        self.go.set()
        totals = ExportTotals.from_row(row)
        begin_file(self.sink, self.writer, totals)

        def counted(rows: int) -> None:
            self._check()
            self.sink.report(rows + self.rows)

        rows = write_chunks(
            cursor_of(snap.conn), self.writer, models, (None, cut), snap.batch_rows, counted
        )
        self._wait(self.done, lambda: self.sink.report(rows + self.rows))
        self._append()
        rows += self.rows
        self.sink.report(rows)
        return totals, rows

    def _rows_alone(self, row: tuple[Any, ...]) -> tuple[ExportTotals, int]:
        self.stop()
        totals = ExportTotals.from_row(row)
        begin_file(self.sink, self.writer, totals)
        query = queries.event_rows(self.snap.backend, self.writer.params)
        with contextlib.closing(self.snap.batches(query)) as batches:
            return totals, stream_rows(batches, self.writer, self.sink)

    def _append(self) -> None:
        assert self.spool is not None
        self.spool.seek(0)
        while block := self.spool.read(SPOOL_BLOCK):
            self.writer.write_continued(block)

    def _wait(self, event: threading.Event, meanwhile: Callable[[], None] | None = None) -> None:
        """Until `event`, raising the partner's failure or a cancel meanwhile; `meanwhile`
        (the progress, once the rows are being written) at every look."""
        while not event.wait(POLL_S):
            self._check()
            if self.sink.cancel.is_set():
                raise ExportCancelled()
            if meanwhile is not None:
                meanwhile()
        self._check()

    def _check(self) -> None:
        if self.same_data and self.error is not None:
            raise self.error

    # -- the partner's thread -----------------------------------------------------------------

    def _run(self, cut: object, spool_dir: Path | None) -> None:
        assert self.partner is not None
        conn = self.partner.conn
        try:
            self._join(conn)
            params = self.writer.params
            query = sqlite_sql.sqlite_event_totals(params, (cut, None))
            self.totals_row = tuple(cursor_of(conn)(query).fetchone())
            self.counted.set()
            while not self.go.wait(POLL_S):
                if self.ending.is_set():
                    raise _Stop()
            self._second_half(conn, cut, spool_dir)
        except _Stop:
            pass
        except BaseException as exc:  # handed to the export's own thread
            self.error = exc
        finally:
            self.joined.set()
            self.counted.set()
            with self.closing:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
                self.done.set()  # a partner that is done holds no connection

    def _join(self, conn: sqlite3.Connection) -> None:
        """Begin the partner's snapshot; refused (an error) unless it holds the same data as
        the export's."""
        assert self.partner is not None
        try:
            conn.execute(f"PRAGMA busy_timeout = {JOIN_BUSY_MS}")
            conn.execute("BEGIN")
            version = conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise RuntimeError(f"the second connection could not begin reading ({exc})") from None
        if version != self.partner.version:
            raise RuntimeError("the database changed while the second connection started")
        self.same_data = True
        self.joined.set()  # after same_data: the export's thread reads it once this is set

    def _second_half(self, conn: sqlite3.Connection, cut: object, spool_dir: Path | None) -> None:
        assert self.models is not None
        self.spool = tempfile.TemporaryFile(dir=spool_dir)  # noqa: SIM115
        writer = self.writer.continued_into(self.spool)

        def counted(rows: int) -> None:
            self.rows = rows
            if self.ending.is_set():
                raise _Stop()

        batch = self.snap.batch_rows
        write_chunks(cursor_of(conn), writer, self.models, (cut, None), batch, counted)


def _merged(first: tuple[Any, ...], second: tuple[Any, ...]) -> tuple[Any, ...]:
    """sqlite_event_totals' row of the whole range from those of its two halves."""
    sums = [int(a or 0) + int(b or 0) for a, b in zip(first[:4], second[:4], strict=True)]
    models = list(dict.fromkeys(json.loads(first[4]) + json.loads(second[4])))
    bad = [v for v in (first[5], second[5]) if v is not None]
    return (*sums, json.dumps(models), min(bad) if bad else None)


def _cores() -> int:
    return os.cpu_count() or 1


def _one(exc: BaseException | None) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
