"""Run one export: snapshot, announced totals, streamed rows, atomic publish (PRODUCT.md §3).

`run_export` is what the command line and the window's worker both call. It reports progress
through a plain callback: `(0, None)` as soon as the database answers ("working; the total is
not known yet"), then `(0, total)` once the totals are read, then once per batch. It stops
between batches (or mid-query, through `snapshot.interrupt_on`) when the `cancel` event is set.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from billing_desktop.clock import system_clock
from billing_desktop.db.connection import Database
from billing_desktop.db.sql import Sql
from billing_desktop.errors import (
    BillingError,
    DatabaseError,
    ExportCancelled,
    InvalidInput,
    OutputError,
)
from billing_desktop.export import queries
from billing_desktop.export.atomic import AtomicOutput, describe_os_error
from billing_desktop.export.formats import WRITERS, FileContext, FormatWriter
from billing_desktop.export.integrity import check_whole_numbers
from billing_desktop.export.parallel import write_in_parallel
from billing_desktop.export.params import ExportParams
from billing_desktop.export.snapshot import Snapshot, interrupt_on, open_snapshot
from billing_desktop.export.totals import ExportTotals

# (rows written, rows in all); the total is None until the totals query (or, for a grouped
# scope, the whole aggregation) is done, which grows with the data (issue 5).
ProgressCallback = Callable[[int, int | None], None]

# Called with the finished temporary file and its totals just before it replaces the target:
# the place to hash what is about to be published and to prepare its manifest (export/audit.py).
BeforePublish = Callable[[Path, "ExportTotals"], None]

BATCH_ROWS = 20_000

log = logging.getLogger("billing_desktop.export")

# COPY (FORMAT csv) with a delimiter and quote that JSON text can never contain (to_json escapes
# every control character), so each row's JSON object arrives verbatim, one per line.
_JSON_LINES_COPY = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"


@dataclass(frozen=True)
class StatementFile:
    """One tenant's file of a split export."""

    name: str
    tenant: str
    rows: int
    bytes_written: int
    totals: ExportTotals


@dataclass(frozen=True)
class ExportResult:
    path: Path | None  # None when written to a stream (standard output)
    rows: int
    bytes_written: int
    seconds: float
    totals: ExportTotals
    params: ExportParams
    files: tuple[StatementFile, ...] = ()  # a split by tenant: its files, in the folder


def check_names(snap: Snapshot, params: ExportParams) -> None:
    """§4: a tenant filter names a tenant; a model filter names a model that occurs."""
    check_whole_numbers(snap, params)
    if params.tenants:
        found = {row[0] for row in snap.all(queries.existing_tenants(params.tenants))}
        missing = [t for t in params.tenants if t not in found]
        if missing:
            raise InvalidInput(f"Unknown tenant: {_names(missing)}")
    missing = [m for m in params.models if not snap.all(queries.model_exists(m))]
    if missing:
        raise InvalidInput(f"Unknown model: {_names(missing)}")


def _names(names: list[str]) -> str:
    shown = ", ".join(repr(n if len(n) <= 80 else n[:77] + "...") for n in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def count_rows(
    db: Database, params: ExportParams, cancel: threading.Event | None = None
) -> ExportTotals:
    """The rows and totals an export with these parameters would write now. Setting `cancel`
    (from any thread) interrupts the count and raises ExportCancelled."""
    cancel = cancel or threading.Event()
    with (
        failure_after_cancel_is_cancel(cancel),
        open_snapshot(db) as snap,
        interrupt_on(cancel, snap.interrupt),
    ):
        check_names(snap, params)
        row = snap.all(queries.totals(db.backend, params))[0]
    if cancel.is_set():
        raise ExportCancelled()
    return ExportTotals.from_row(row)


@contextlib.contextmanager
def failure_after_cancel_is_cancel(cancel: threading.Event) -> Iterator[None]:
    """Once `cancel` is set, an error from the block (the interrupted query's, or the file's
    when the export is torn down) is the cancel itself, not a fault to report."""
    try:
        yield
    except (BillingError, OSError):
        if cancel.is_set():
            raise ExportCancelled() from None
        raise


class Sink:
    """Counts bytes and reports progress per batch; raises ExportCancelled between batches."""

    def __init__(
        self, out: BinaryIO, cancel: threading.Event, progress: ProgressCallback | None
    ) -> None:
        self.out = out
        self.cancel = cancel
        self.progress = progress
        self.bytes = 0
        self.total: int | None = None

    def write(self, data: bytes | memoryview) -> None:
        self.out.write(data)
        self.bytes += len(data)

    def flush(self) -> None:
        self.out.flush()

    def tell(self) -> int:
        # The bytes written so far, seekable or not: XlsxWriter's zip then streams (no seek).
        return self.bytes

    def report(self, done: int) -> None:
        if self.cancel.is_set():
            raise ExportCancelled()
        if self.progress is not None:
            self.progress(done, self.total)


# A hot standby may cancel a query, or end the session, to apply the primary's changes: the
# export then starts again from scratch, up to 3 times (PRODUCT.md §6).
RECOVERY_ATTEMPTS = 4

# Told to `notify` (and logged) when an export starts again or changes course.
Notify = Callable[[str], None]


def run_export(
    db: Database,
    params: ExportParams,
    target: Path | BinaryIO,
    *,
    overwrite: bool = False,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    batch_rows: int = BATCH_ROWS,
    before_publish: BeforePublish | None = None,
    context: FileContext | None = None,
    jobs: int | None = None,
    notify: Notify | None = None,
) -> ExportResult:
    """Write the export to `target` (a path, published atomically, or a binary stream).
    `context` is what the file says about itself (exported at, period, database); `jobs` how
    many connections read the rows (None: auto, export/parallel.py)."""
    cancel = cancel or threading.Event()
    context = context or default_context(db)
    started = time.monotonic()

    def once() -> ExportResult:
        return _run_once(
            db, params, target, overwrite, progress, cancel, batch_rows, before_publish,
            context, jobs, started,
        )  # fmt: skip

    return restarting_on_recovery_conflicts(db, cancel, progress, notify, once)


T = TypeVar("T")


def restarting_on_recovery_conflicts(
    db: Database,
    cancel: threading.Event,
    progress: ProgressCallback | None,
    notify: Notify | None,
    attempt: Callable[[], T],
) -> T:
    """`attempt()` (a whole export, which leaves nothing behind when it fails), again from
    scratch when a hot standby cancelled it, up to RECOVERY_ATTEMPTS times in all; then
    the sentence of recovery_conflict_message."""
    for number in range(1, RECOVERY_ATTEMPTS + 1):
        try:
            return attempt()
        except DatabaseError as exc:
            if not exc.recovery_conflict or cancel.is_set():
                raise
            if number == RECOVERY_ATTEMPTS:
                raise DatabaseError(recovery_conflict_message(db)) from None
            message = (
                f"The standby cancelled the export to apply changes from the primary; "
                f"starting again (attempt {number + 1} of {RECOVERY_ATTEMPTS})."
            )
            log.warning("%s %s", message, exc)
            if notify is not None:
                notify(message)
            if progress is not None:
                progress(0, None)
    raise AssertionError("unreachable")


def recovery_conflict_message(db: Database) -> str:
    return (
        f"{db.describe()} cancelled the export {RECOVERY_ATTEMPTS} times to apply changes from "
        "the primary (a conflict with recovery on a hot standby). Set hot_standby_feedback = on "
        "or raise max_standby_streaming_delay on the standby, or export from the primary."
    )


def _run_once(
    db: Database,
    params: ExportParams,
    target: Path | BinaryIO,
    overwrite: bool,
    progress: ProgressCallback | None,
    cancel: threading.Event,
    batch_rows: int,
    before_publish: BeforePublish | None,
    context: FileContext,
    jobs: int | None,
    started: float,
) -> ExportResult:
    path = Path(target) if isinstance(target, str | Path) else None
    # A parallel export's spools go beside the file: the same disk, whose space it needs.
    spool_dir = path.absolute().parent if path is not None else None
    try:
        with failure_after_cancel_is_cancel(cancel), _output(target, overwrite) as (out, atomic):
            sink = Sink(out, cancel, progress)
            with open_snapshot(db, batch_rows) as snap, interrupt_on(cancel, snap.interrupt):
                sink.report(0)  # connected: working, total not known yet
                check_names(snap, params)
                totals, rows = write_file(snap, params, sink, context, jobs, spool_dir)
            if cancel.is_set():
                raise ExportCancelled()
            out.flush()
            if atomic is not None:
                if before_publish is not None and atomic.temp_path is not None:
                    before_publish(atomic.temp_path, totals)
                atomic.commit()
    except BrokenPipeError:
        if path is None:  # the reader of the stream left (`| head`): the caller decides
            raise
        raise OutputError(describe_os_error(BrokenPipeError(), path)) from None
    except OSError as exc:
        raise OutputError(describe_os_error(exc, path or Path("<output>"))) from None
    if progress is not None:
        progress(totals.rows, totals.rows)
    return ExportResult(path, rows, sink.bytes, time.monotonic() - started, totals, params)


def default_context(db: Database) -> FileContext:
    return FileContext(system_clock().now().astimezone(UTC), database=db.describe())


def write_file(
    snap: Snapshot,
    params: ExportParams,
    sink: Sink,
    context: FileContext,
    jobs: int | None = 1,
    spool_dir: Path | None = None,
) -> tuple[ExportTotals, int]:
    """One file of `params` from the snapshot into the sink: its totals and rows written.
    `jobs`: connections reading the rows of every event on PostgreSQL (None: auto), with
    their spools in `spool_dir` (export/parallel.py)."""
    writer = WRITERS[params.format](sink, params, context)
    try:
        if params.scope == "all":
            totals, rows = _write_events(snap, writer, sink, jobs, spool_dir)
        else:
            totals, rows = _write_groups(snap, writer, sink)
    except BaseException:
        writer.abort()
        raise
    if rows != totals.rows:  # the snapshot makes this impossible; never ship it
        raise RuntimeError(f"wrote {rows} rows but announced {totals.rows}")
    return totals, rows


@contextlib.contextmanager
def _output(
    target: Path | BinaryIO, overwrite: bool
) -> Iterator[tuple[BinaryIO, AtomicOutput | None]]:
    """The stream to write to, and for a path the atomic output that publishes it."""
    if not isinstance(target, str | Path):
        yield target, None
        return
    atomic = AtomicOutput(Path(target), overwrite=overwrite)
    with atomic as out:
        yield out, atomic


def _write_events(
    snap: Snapshot, writer: FormatWriter, sink: Sink, jobs: int | None, spool_dir: Path | None
) -> tuple[ExportTotals, int]:
    params = writer.params
    if snap.backend == "postgresql" and writer.database_text is not None and jobs != 1:
        written = write_in_parallel(snap, writer, sink, jobs, spool_dir)
        if written is not None:
            return written
    if snap.backend == "postgresql":
        totals = ExportTotals.from_row(snap.all(queries.event_totals("postgresql", params))[0])
        begin_file(sink, writer, totals)
        if writer.database_text is None:
            with contextlib.closing(snap.batches(queries.event_rows("postgresql", params))) as b:
                rows = _stream_rows(b, writer, sink)
        else:
            rows = copy_rows(snap, writer, None, sink.report)
    else:
        totals, query, lines = _sqlite_event_query(snap, writer)
        begin_file(sink, writer, totals)
        with contextlib.closing(snap.batches(query)) as batches:
            if lines:
                rows = _stream_lines(batches, writer, sink)
            else:
                rows = _stream_rows(batches, writer, sink)
    writer.end(rows)
    return totals, rows


def _sqlite_event_query(snap: Snapshot, writer: FormatWriter) -> tuple[ExportTotals, Sql, bool]:
    """SQLite: the totals, the events' query, and whether its rows are the file's lines.

    Usually the query's rows are the file's lines, each built by SQLite
    (queries.sqlite_event_lines): 3.0 s instead of 5.4 s for 2,000,000 rows in CSV (issue 5).
    But SQLite's text functions and json_each stop at a NUL character, so a name holding one
    would lose its quoting, escaping or formula guard there: an export with such a name has
    its rows encoded by Python instead, like the grouped scopes. So has a format whose rows
    the database cannot build (XLSX).
    """
    params = writer.params
    row = snap.all(queries.sqlite_event_totals(params))[0]
    totals = ExportTotals.from_row(row)
    kind = writer.database_text
    models: list[str | None] = json.loads(row[4]) if row[0] else []
    if (
        kind is None
        or any("\x00" in m for m in models if m is not None)
        or snap.all(queries.sqlite_tenant_with_nul(params))
    ):
        return totals, queries.event_rows("sqlite", params), False
    special = snap.all(queries.sqlite_special_models(params, kind, row[4])) if row[0] else []
    return totals, queries.sqlite_event_lines(params, kind, special), True


def begin_file(sink: Sink, writer: FormatWriter, totals: ExportTotals) -> None:
    """Announce the total, then what precedes the rows (a BOM, the header, JSON metadata)."""
    sink.total = totals.rows
    sink.report(0)
    writer.begin(totals)


def copy_rows(
    snap: Snapshot,
    writer: FormatWriter,
    within: queries.Within | None,
    report: Callable[[int], None],
) -> int:
    """PostgreSQL, every event (`within`: of that slice): the server formats every row; Python
    only moves bytes into the writer, a batch at a time, calling `report` with the rows so far.
    """
    params = writer.params
    if writer.database_text == "csv":
        copy = snap.copy_out(
            queries.event_rows("postgresql", params, within), _csv_copy_options(params.delimiter)
        )
    else:
        json_lines = queries.event_json_lines(params, within, writer.database_around)
        copy = snap.copy_out(json_lines, _JSON_LINES_COPY)
    batch = snap.batch_rows
    rows = 0
    chunks: list[bytes] = []
    add = chunks.append
    # closing(): on cancel or error the COPY must end here, not when the generator is
    # collected, or it would keep holding the connection's lock.
    with contextlib.closing(copy) as copied:
        for chunk in copied:
            add(chunk)  # type: ignore[arg-type]
            if len(chunks) == batch:
                writer.write_copy_chunks(chunks)
                rows += batch
                chunks.clear()
                report(rows)
    if chunks:
        writer.write_copy_chunks(chunks)
        rows += len(chunks)
    return rows


def _csv_copy_options(delimiter: str) -> str:
    # COPY quotes a field holding the delimiter, as Python's csv does.
    return "FORMAT csv" if delimiter == "," else f"FORMAT csv, DELIMITER E'\\x{ord(delimiter):02x}'"


def _write_groups(snap: Snapshot, writer: FormatWriter, sink: Sink) -> tuple[ExportTotals, int]:
    """The grouped scopes: the first batch carries the totals (window columns 6..9)."""
    query = queries.grouped_rows(snap.backend, writer.params)
    with contextlib.closing(snap.batches(query)) as batches:
        first = next(batches, [])
        totals = ExportTotals.from_row(first[0][6:]) if first else ExportTotals(0, 0, 0, 0)
        begin_file(sink, writer, totals)
        trimmed = ([r[:6] for r in batch] for batch in chain([first], batches) if batch)
        rows = _stream_rows(trimmed, writer, sink)
    writer.end(rows)
    return totals, rows


def _stream_rows(batches: Iterator[list[Any]], writer: FormatWriter, sink: Sink) -> int:
    """Row tuples, one write and one progress report per batch."""
    rows = 0
    for batch in batches:
        writer.write_rows(batch)
        rows += len(batch)
        sink.report(rows)
    return rows


def _stream_lines(batches: Iterator[list[Any]], writer: FormatWriter, sink: Sink) -> int:
    """Lines SQLite built (one text value a row), one write and report per batch."""
    rows = 0
    for batch in batches:
        writer.write_text_lines([row[0] for row in batch])
        rows += len(batch)
        sink.report(rows)
    return rows
