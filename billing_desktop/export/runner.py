"""Run one export: snapshot, announced totals, streamed rows, atomic publish.

`run_export` is what the app's use case (exporting.py) calls. The caller steers it through an
`ExportControl` (export/control.py): progress `(0, None)` as soon as the database answers
("working; the total is not known yet"), then `(0, total)` once the totals are read, then once
per batch; notices when it starts again; and its cancel event, which stops it between batches
(or mid-query, through `snapshot.interrupt_on`). `WriteOptions` say how the file is written.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TypeVar

from billing_desktop.clock import system_clock
from billing_desktop.db.connection import Database
from billing_desktop.errors import (
    BillingError,
    DatabaseError,
    ExportCancelled,
    InvalidInput,
    OutputError,
)
from billing_desktop.export import queries
from billing_desktop.export.atomic import AtomicOutput, describe_os_error
from billing_desktop.export.backends import backend_for
from billing_desktop.export.control import ExportControl
from billing_desktop.export.digest import rows_digest
from billing_desktop.export.formats import FileContext, FormatWriter, format_named
from billing_desktop.export.integrity import check_whole_numbers
from billing_desktop.export.params import ExportParams
from billing_desktop.export.sink import Sink, begin_file, stream_rows
from billing_desktop.export.snapshot import Snapshot, interrupt_on, open_snapshot
from billing_desktop.export.totals import ExportTotals

# Called with the finished temporary file and its totals just before it replaces the target:
# the place to hash what is about to be published and to prepare its manifest.
# With the digest of the rows written, when one was asked for (export/digest.py).
BeforePublish = Callable[[Path, "ExportTotals", str | None], None]

BATCH_ROWS = 20_000


@dataclass(frozen=True)
class WriteOptions:
    """How an export is written, beside what it writes (its ExportParams).

    `overwrite`: replace an existing file or folder. `context`: what the file says about itself
    (None: exported now, from this database). `jobs`: how many connections may read the rows
    (None: auto; a split by tenant reads with one). `batch_rows`: rows per fetch and per progress
    report. `digest_rows`: also compute the digest of the rows written (export/digest.py)."""

    overwrite: bool = False
    context: FileContext | None = None
    jobs: int | None = None
    batch_rows: int = BATCH_ROWS
    digest_rows: bool = False

    def in_context_of(self, db: Database) -> WriteOptions:
        """These options with the context filled in when none was given."""
        return self if self.context is not None else replace(self, context=default_context(db))


log = logging.getLogger("billing_desktop.export")


@dataclass(frozen=True)
class StatementFile:
    """One tenant's file of a split export."""

    name: str
    tenant: str
    rows: int
    bytes_written: int
    totals: ExportTotals
    rows_digest: str | None = None


@dataclass(frozen=True)
class ExportResult:
    path: Path | None  # None when written to a stream (standard output)
    rows: int
    bytes_written: int
    seconds: float
    totals: ExportTotals
    params: ExportParams
    files: tuple[StatementFile, ...] = ()  # a split by tenant: its files, in the folder
    rows_digest: str | None = None  # of the rows written (export/digest.py), when asked for


def check_names(snap: Snapshot, params: ExportParams) -> None:
    """Before anything is written: every figure in range is a whole number, a tenant filter
    names a tenant, a model filter names a model that occurs within the export's range."""
    check_whole_numbers(snap, params)
    if params.tenants:
        found = {row[0] for row in snap.all(queries.existing_tenants(params.tenants))}
        missing = [t for t in params.tenants if t not in found]
        if missing:
            raise InvalidInput(f"Unknown tenant: {_names(missing)}")
    exists = queries.model_exists
    missing = [m for m in params.models if not snap.all(exists(snap.backend, m, params))]
    if missing:
        raise InvalidInput(
            f"Unknown model: {_names(missing)} (in no event between {params.start} and "
            f"{params.end})"
        )


def _names(names: list[str]) -> str:
    shown = ", ".join(repr(n if len(n) <= 80 else n[:77] + "...") for n in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def count_rows(
    db: Database, params: ExportParams, control: ExportControl | None = None
) -> ExportTotals:
    """The rows and totals an export with these parameters would write now. Setting the
    control's cancel (from any thread) interrupts the count and raises ExportCancelled."""
    cancel = (control or ExportControl()).cancel
    with (
        failure_after_cancel_is_cancel(cancel),
        open_snapshot(db, cancel=cancel) as snap,
        interrupt_on(cancel, snap.interrupt),
    ):
        check_names(snap, params)
        row = snap.all(queries.totals(snap.backend, params))[0]
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


# A hot standby may cancel a query, or end the session, to apply the primary's changes: the
# export then starts again from scratch, up to 3 times.
RECOVERY_ATTEMPTS = 4


def run_export(
    db: Database,
    params: ExportParams,
    target: Path | BinaryIO,
    options: WriteOptions | None = None,
    control: ExportControl | None = None,
    *,
    before_publish: BeforePublish | None = None,
) -> ExportResult:
    """Write the export to `target` (a path, published atomically, or a binary stream), as
    `options` say (None: the defaults), steered by `control` (None: a fresh one)."""
    options = (options or WriteOptions()).in_context_of(db)
    control = control or ExportControl()
    started = time.monotonic()

    def once() -> ExportResult:
        return _run_once(db, params, target, options, control, before_publish, started)

    return restarting_on_recovery_conflicts(db, control, once)


T = TypeVar("T")


def restarting_on_recovery_conflicts(
    db: Database, control: ExportControl, attempt: Callable[[], T]
) -> T:
    """`attempt()` (a whole export, which leaves nothing behind when it fails), again from
    scratch when a hot standby cancelled it, up to RECOVERY_ATTEMPTS times in all; then
    the sentence of recovery_conflict_message. Each new start is told to the control."""
    for number in range(1, RECOVERY_ATTEMPTS + 1):
        try:
            return attempt()
        except DatabaseError as exc:
            if not exc.recovery_conflict or control.cancel.is_set():
                raise
            if number == RECOVERY_ATTEMPTS:
                raise DatabaseError(recovery_conflict_message(db)) from None
            message = (
                f"The standby cancelled the export to apply changes from the primary; "
                f"starting again (attempt {number + 1} of {RECOVERY_ATTEMPTS})."
            )
            log.warning("%s %s", message, exc)
            control.tell(message)
            control.report(0, None)
            backend_for(db).settle_after_recovery_conflict(db, control.cancel)
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
    options: WriteOptions,
    control: ExportControl,
    before_publish: BeforePublish | None,
    started: float,
) -> ExportResult:
    path = Path(target) if isinstance(target, str | Path) else None
    # A parallel export's spools go beside the file: the same disk, whose space it needs.
    spool_dir = path.absolute().parent if path is not None else None
    cancel = control.cancel
    assert options.context is not None, "run_export fills in the context"
    try:
        with (
            failure_after_cancel_is_cancel(cancel),
            _output(target, options.overwrite) as (out, atomic),
        ):
            sink = Sink(out, cancel, control.progress)
            with (
                open_snapshot(db, options.batch_rows, cancel) as snap,
                interrupt_on(cancel, snap.interrupt),
            ):
                sink.report(0)  # connected: working, total not known yet
                check_names(snap, params)
                totals, rows = write_file(
                    snap, params, sink, options.context, options.jobs, spool_dir
                )
                digest = rows_digest(snap, params) if options.digest_rows else None
            if cancel.is_set():
                raise ExportCancelled()
            out.flush()
            if atomic is not None:
                if before_publish is not None and atomic.temp_path is not None:
                    before_publish(atomic.temp_path, totals, digest)
                atomic.commit()
    except BrokenPipeError:
        if path is None:  # the reader of the stream left (`| head`): the caller decides
            raise
        raise OutputError(describe_os_error(BrokenPipeError(), path)) from None
    except OSError as exc:
        raise OutputError(describe_os_error(exc, path or Path("<output>"))) from None
    control.report(totals.rows, totals.rows)
    seconds = time.monotonic() - started
    return ExportResult(path, rows, sink.bytes, seconds, totals, params, rows_digest=digest)


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
    `jobs`: connections that may read the rows of every event (None: auto), with their
    spools in `spool_dir`; the backend decides how its rows come out."""
    writer_class = format_named(params.format)
    writer = writer_class(sink, params, writer_class.prepared_context(snap, context))
    try:
        if params.scope == "all":
            totals, rows = snap.backend.write_events(snap, writer, sink, jobs, spool_dir)
        else:
            totals, rows = _write_groups(snap, writer, sink)
        writer.end(rows)
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


def _write_groups(snap: Snapshot, writer: FormatWriter, sink: Sink) -> tuple[ExportTotals, int]:
    """The grouped scopes: the first batch carries the totals (window columns 6..9)."""
    query = queries.grouped_rows(snap.backend, writer.params)
    with contextlib.closing(snap.batches(query)) as batches:
        first = next(batches, [])
        totals = ExportTotals.from_row(first[0][6:]) if first else ExportTotals(0, 0, 0, 0)
        begin_file(sink, writer, totals)
        trimmed = ([r[:6] for r in batch] for batch in chain([first], batches) if batch)
        rows = stream_rows(trimmed, writer, sink)
    return totals, rows
