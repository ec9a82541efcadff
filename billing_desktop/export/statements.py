"""Statements: a split by tenant writes one file per tenant into a folder .

Every file comes from one snapshot, so the files' totals add up to the whole export's. All
files' rows come from one query, tenant after tenant, cut by each tenant's count (tenant_rows):
the cost follows the rows, not the number of tenants. The
folder is built under a temporary name and renamed at the end (AtomicFolder): it appears
whole or not at all, and an older folder of that name survives any failure or cancel.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

from billing_desktop.db.connection import Database
from billing_desktop.errors import ExportCancelled, OutputError
from billing_desktop.export import queries
from billing_desktop.export.atomic import AtomicFolder, describe_os_error
from billing_desktop.export.control import ExportControl
from billing_desktop.export.digest import rows_digest
from billing_desktop.export.filenames import UniqueNames
from billing_desktop.export.formats import FileContext, format_named
from billing_desktop.export.params import ExportParams
from billing_desktop.export.runner import (
    ExportResult,
    StatementFile,
    WriteOptions,
    check_names,
    failure_after_cancel_is_cancel,
    restarting_on_recovery_conflicts,
)
from billing_desktop.export.sink import Sink, begin_file
from billing_desktop.export.snapshot import Snapshot, interrupt_on, open_snapshot
from billing_desktop.export.tenant_rows import TenantCutter, split_rows
from billing_desktop.export.totals import ExportTotals

SPLITS = ("tenant",)

# Called with the finished temporary folder and the result just before it is published.
BeforePublishFolder = Callable[[Path, ExportResult], None]


def run_split_export(
    db: Database,
    params: ExportParams,
    folder: Path,
    options: WriteOptions | None = None,
    control: ExportControl | None = None,
    *,
    before_publish: BeforePublishFolder | None = None,
) -> ExportResult:
    """One file per tenant with events in the export, into `folder`, as `options` say (their
    `jobs` aside: one connection reads the split), steered by `control`; started again from
    scratch when a hot standby cancels it (runner.restarting_on_recovery_conflicts)."""
    options = (options or WriteOptions()).in_context_of(db)
    control = control or ExportControl()
    started = time.monotonic()

    def once() -> ExportResult:
        return _split_once(db, params, folder, options, control, before_publish, started)

    return restarting_on_recovery_conflicts(db, control, once)


def _split_once(
    db: Database,
    params: ExportParams,
    folder: Path,
    options: WriteOptions,
    control: ExportControl,
    before_publish: BeforePublishFolder | None,
    started: float,
) -> ExportResult:
    atomic = AtomicFolder(folder, overwrite=options.overwrite)
    cancel = control.cancel
    assert options.context is not None, "run_split_export fills in the context"
    try:
        with failure_after_cancel_is_cancel(cancel), atomic as temp:
            with (
                open_snapshot(db, options.batch_rows, cancel) as snap,
                interrupt_on(cancel, snap.interrupt),
            ):
                control.report(0, None)
                check_names(snap, params)
                files = _write_tenants(snap, params, temp, options.context, control)
                if options.digest_rows:
                    files = [_with_digest(snap, params, f) for f in files]
                done = _rows(files)
            if cancel.is_set():
                raise ExportCancelled()
            result = ExportResult(
                folder,
                done,
                sum(f.bytes_written for f in files),
                time.monotonic() - started,
                _sum(files),
                params,
                tuple(files),
            )
            if before_publish is not None:
                before_publish(temp, result)
            atomic.commit()
    except OSError as exc:
        raise OutputError(describe_os_error(exc, folder)) from None
    control.report(result.rows, result.rows)
    return result


def _with_digest(snap: Snapshot, params: ExportParams, item: StatementFile) -> StatementFile:
    one = dataclasses.replace(params, tenants=(item.tenant,))
    return dataclasses.replace(item, rows_digest=rows_digest(snap, one))


def _write_tenants(
    snap: Snapshot,
    params: ExportParams,
    temp: Path,
    context: FileContext,
    control: ExportControl,
) -> list[StatementFile]:
    """Every tenant's file into `temp`, from the split's totals and its one stream of rows."""
    names = UniqueNames(params.extension)
    tenants = snap.all(queries.split_tenants(snap.backend, params))
    grand_total = sum(int(row[1]) for row in tenants)
    # What the format reads besides the rows (FOCUS: the tenants' ids), once for every file.
    context = format_named(params.format).prepared_context(snap, context)
    files: list[StatementFile] = []
    with contextlib.closing(
        TenantCutter(split_rows(snap, params, format_named(params.format)))
    ) as cutter:
        for tenant, *expected in tenants:
            path = temp / names.name_for(tenant)
            part = _offset(control, _rows(files), grand_total)
            totals = ExportTotals.from_row(tuple(expected))
            files.append(_write_tenant(path, tenant, totals, cutter, params, context, part))
        cutter.finish()
    return files


def _write_tenant(
    path: Path,
    tenant: str,
    totals: ExportTotals,
    cutter: TenantCutter,
    params: ExportParams,
    context: FileContext,
    control: ExportControl,
) -> StatementFile:
    """One tenant's file: its announced totals, then its rows from the split's one stream."""
    one = dataclasses.replace(params, tenants=(tenant,))
    statement = dataclasses.replace(context, statement_for=tenant)  # a document for this tenant
    with open(path, "xb", buffering=1 << 20) as out:
        sink = Sink(out, control.cancel, control.progress)
        writer = format_named(params.format)(sink, one, statement)
        try:
            begin_file(sink, writer, totals)
            rows = cutter.write(totals.rows, writer, sink)
            writer.end(rows)
        except BaseException:
            writer.abort()
            raise
        out.flush()
    return StatementFile(path.name, tenant, rows, sink.bytes, totals)


def _rows(files: list[StatementFile]) -> int:
    return sum(f.rows for f in files)


def count_split(db: Database, params: ExportParams) -> ExportTotals:
    """What a split of these parameters would write now: its rows and totals over all files."""
    with open_snapshot(db) as snap:
        check_names(snap, params)
        rows = snap.all(queries.split_tenants(snap.backend, params))
    return ExportTotals(*(sum(int(r[i] or 0) for r in rows) for i in range(1, 5)))


def _offset(control: ExportControl, before: int, total: int) -> ExportControl:
    """The control for one file, whose progress counts as part of the whole split's."""
    progress = control.progress
    if progress is None:
        return control
    return dataclasses.replace(
        control, progress=lambda done, _file_total: progress(before + done, total)
    )


def _sum(files: list[StatementFile]) -> ExportTotals:
    return ExportTotals(
        sum(f.totals.rows for f in files),
        sum(f.totals.input_tokens for f in files),
        sum(f.totals.output_tokens for f in files),
        sum(f.totals.cost_cents for f in files),
    )
