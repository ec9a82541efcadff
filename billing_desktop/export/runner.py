"""Run one export: snapshot, announced totals, streamed rows, atomic publish (PRODUCT.md §3).

`run_export` is what the command line and the window's worker both call. It reports progress
through a plain callback: `(0, None)` as soon as the database answers ("working; the total is
not known yet"), then `(0, total)` once the totals are read, then once per batch. It stops
between batches (or mid-query, through `snapshot.interrupt_on`) when the `cancel` event is set.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from billing_desktop.db.connection import Database
from billing_desktop.db.sql import Sql
from billing_desktop.errors import BillingError, ExportCancelled, InvalidInput, OutputError
from billing_desktop.export import queries, writers
from billing_desktop.export.atomic import AtomicOutput, describe_os_error
from billing_desktop.export.params import ExportParams
from billing_desktop.export.snapshot import Snapshot, interrupt_on, open_snapshot

# (rows written, rows in all); the total is None until the totals query (or, for a grouped
# scope, the whole aggregation) is done, which grows with the data (issue 5).
ProgressCallback = Callable[[int, int | None], None]

# Called with the finished temporary file and its totals just before it replaces the target:
# the place to hash what is about to be published and to prepare its manifest (export/audit.py).
BeforePublish = Callable[[Path, "ExportTotals"], None]

BATCH_ROWS = 20_000

# COPY (FORMAT csv) with a delimiter and quote that JSON text can never contain (to_json escapes
# every control character), so each row's JSON object arrives verbatim, one per line.
_JSON_LINES_COPY = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"


@dataclass(frozen=True)
class ExportTotals:
    """What a file holds: its row count and the exact integer sums of its columns."""

    rows: int
    input_tokens: int
    output_tokens: int
    cost_cents: int

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> ExportTotals:
        return cls(*(int(v or 0) for v in row[:4]))  # type: ignore[call-overload]


@dataclass(frozen=True)
class ExportResult:
    path: Path | None  # None when written to a stream (standard output)
    rows: int
    bytes_written: int
    seconds: float
    totals: ExportTotals
    params: ExportParams


def check_names(snap: Snapshot, params: ExportParams) -> None:
    """§4: a tenant filter names a tenant; a model filter names a model that occurs."""
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
        _failure_after_cancel_is_cancel(cancel),
        open_snapshot(db) as snap,
        interrupt_on(cancel, snap.interrupt),
    ):
        check_names(snap, params)
        row = snap.all(queries.totals(db.backend, params))[0]
    if cancel.is_set():
        raise ExportCancelled()
    return ExportTotals.from_row(row)


@contextlib.contextmanager
def _failure_after_cancel_is_cancel(cancel: threading.Event) -> Iterator[None]:
    """Once `cancel` is set, an error from the block (the interrupted query's, or the file's
    when the export is torn down) is the cancel itself, not a fault to report."""
    try:
        yield
    except (BillingError, OSError):
        if cancel.is_set():
            raise ExportCancelled() from None
        raise


class _Sink:
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

    def report(self, done: int) -> None:
        if self.cancel.is_set():
            raise ExportCancelled()
        if self.progress is not None:
            self.progress(done, self.total)


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
) -> ExportResult:
    """Write the export to `target` (a path, published atomically, or a binary stream)."""
    cancel = cancel or threading.Event()
    started = time.monotonic()
    path = Path(target) if isinstance(target, str | Path) else None
    try:
        with _failure_after_cancel_is_cancel(cancel), _output(target, overwrite) as (out, atomic):
            sink = _Sink(out, cancel, progress)
            with open_snapshot(db, batch_rows) as snap, interrupt_on(cancel, snap.interrupt):
                sink.report(0)  # connected: working, total not known yet
                check_names(snap, params)
                if params.scope == "all":
                    totals, rows = _write_events(snap, params, sink)
                else:
                    totals, rows = _write_groups(snap, params, sink)
            if rows != totals.rows:  # the snapshot makes this impossible; never ship it
                raise RuntimeError(f"wrote {rows} rows but announced {totals.rows}")
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


def _write_events(snap: Snapshot, params: ExportParams, sink: _Sink) -> tuple[ExportTotals, int]:
    if snap.backend == "postgresql":
        totals = ExportTotals.from_row(snap.all(queries.event_totals("postgresql", params))[0])
        _begin_file(sink, params, totals)
        rows = _copy_events(snap, params, sink)
    else:
        totals, query, encode = _sqlite_event_query(snap, params)
        _begin_file(sink, params, totals)
        with contextlib.closing(snap.batches(query)) as batches:
            rows = _stream_rows(batches, params, sink, encode)
    _end_file(sink, params, rows)
    return totals, rows


def _sqlite_event_query(
    snap: Snapshot, params: ExportParams
) -> tuple[ExportTotals, Sql, Callable[[list[Any], str, bool], bytes]]:
    """SQLite: the totals, the events' query and how to encode its batches.

    Usually the query's rows are the file's lines, each built by SQLite
    (queries.sqlite_event_lines): 3.0 s instead of 5.4 s for 2,000,000 rows in CSV (issue 5).
    But SQLite's text functions and json_each stop at a NUL character, so a name holding one
    would lose its quoting, escaping or formula guard there: an export with such a name has
    its rows encoded by Python instead, like the grouped scopes.
    """
    row = snap.all(queries.sqlite_event_totals(params))[0]
    totals = ExportTotals.from_row(row)
    models: list[str | None] = json.loads(row[4]) if row[0] else []
    if any("\x00" in m for m in models if m is not None) or snap.all(
        queries.sqlite_tenant_with_nul(params)
    ):
        return totals, queries.event_rows("sqlite", params), writers.encoded_rows
    special = snap.all(queries.sqlite_special_models(params, row[4])) if row[0] else []
    return totals, queries.sqlite_event_lines(params, special), writers.joined_lines


def _begin_file(sink: _Sink, params: ExportParams, totals: ExportTotals) -> None:
    """Announce the total, then what precedes the rows: the BOM or the JSON metadata."""
    sink.total = totals.rows
    sink.report(0)
    if params.bom and params.format == "csv":
        sink.write(writers.BOM)
    if params.format == "json":
        sink.write(writers.json_head(params, totals))


def _end_file(sink: _Sink, params: ExportParams, rows: int) -> None:
    if params.format == "json":
        sink.write(writers.json_tail(rows))


def _copy_events(snap: Snapshot, params: ExportParams, sink: _Sink) -> int:
    """PostgreSQL: the server formats every row; Python only moves bytes (one chunk a row)."""
    batch = snap.batch_rows
    rows, next_report = 0, batch
    write = sink.write
    # closing(): on cancel or error the COPY must end here, not when the generator is
    # collected, or it would keep holding the connection's lock.
    if params.format == "csv":
        copy = snap.copy_out(queries.event_rows("postgresql", params), "FORMAT csv, HEADER")
        with contextlib.closing(copy) as chunks:
            write(next(chunks))  # the header line
            for chunk in chunks:
                write(chunk)
                rows += 1
                if rows == next_report:
                    sink.report(rows)
                    next_report += batch
        return rows
    with contextlib.closing(
        snap.copy_out(queries.event_json_lines(params), _JSON_LINES_COPY)
    ) as chunks:
        for chunk in chunks:
            write(b",\n    " if rows else b"\n    ")
            write(chunk[:-1])  # drop COPY's newline
            rows += 1
            if rows == next_report:
                sink.report(rows)
                next_report += batch
    return rows


def _write_groups(snap: Snapshot, params: ExportParams, sink: _Sink) -> tuple[ExportTotals, int]:
    """by_tenant / by_model: the first batch carries the totals (window columns 6..9)."""
    with contextlib.closing(snap.batches(queries.grouped_rows(snap.backend, params))) as batches:
        return _write_grouped_batches(batches, params, sink)


def _write_grouped_batches(
    batches: Iterator[list[tuple[object, ...]]], params: ExportParams, sink: _Sink
) -> tuple[ExportTotals, int]:
    first = next(batches, [])
    totals = ExportTotals.from_row(first[0][6:]) if first else ExportTotals(0, 0, 0, 0)
    _begin_file(sink, params, totals)
    trimmed = ([r[:6] for r in batch] for batch in chain([first], batches) if batch)
    rows = _stream_rows(trimmed, params, sink, writers.encoded_rows)
    _end_file(sink, params, rows)
    return totals, rows


def _stream_rows(
    batches: Iterator[list[Any]],
    params: ExportParams,
    sink: _Sink,
    encode: Callable[[list[Any], str, bool], bytes],
) -> int:
    """One write and one progress report per batch. `encode(batch, format, first)`: row tuples
    (writers.encoded_rows) or lines SQLite built (writers.joined_lines)."""
    rows = 0
    if params.format == "csv":
        sink.write(writers.CSV_HEADER_LINE)
    for batch in batches:
        sink.write(encode(batch, params.format, rows == 0))
        rows += len(batch)
        sink.report(rows)
    return rows
