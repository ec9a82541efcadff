"""An export as the app runs it: a request becomes a file (or a statements folder), its
manifest, and one history record whatever the outcome.

The command line, the window's background job and the history's Re-run all call `run`, so an
export from a scheduled task and one from the window leave the same trail: a history record and
a log line, also when the export is refused before it starts (its options are wrong, its file
exists). The history never decides an export's fate: if it cannot be written, the export still
succeeds (or fails) as it would have, and the reason becomes a notice for the user.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from billing_desktop import formatting
from billing_desktop.clock import Clock, system_clock
from billing_desktop.db.connection import Database
from billing_desktop.db.dialect import dialect_for
from billing_desktop.errors import BillingError, ExportCancelled, OutputError, TargetExists
from billing_desktop.export import naming
from billing_desktop.export.atomic import (
    AtomicOutput,
    check_folder_target,
    check_target,
    fsync_folder,
)
from billing_desktop.export.control import ExportControl
from billing_desktop.export.formats import FileContext, format_named
from billing_desktop.export.manifest import (
    build_manifest,
    file_entry,
    manifest_bytes,
    manifest_path,
    pending_manifest_path,
)
from billing_desktop.export.params import ExportParams
from billing_desktop.export.request import ExportRequest
from billing_desktop.export.runner import (
    BATCH_ROWS,
    ExportResult,
    WriteOptions,
    count_rows,
    run_export,
)
from billing_desktop.export.statements import count_split, run_split_export
from billing_desktop.export.totals import ExportTotals
from billing_desktop.history import CANCELLED, FAILED, SUCCEEDED, History, HistoryRecord
from billing_desktop.verify import describes, file_digest

log = logging.getLogger("billing_desktop.export")

WINDOW, CLI = "window", "cli"


@dataclass
class CompletedExport:
    """A successful export, the SHA-256 of what was published, and its manifest, if any."""

    result: ExportResult
    sha256: str | None = None
    manifest: Path | None = None
    notices: list[str] = field(default_factory=list)


def count(db: Database, request: ExportRequest, control: ExportControl | None = None,
          clock: Clock | None = None) -> ExportTotals:  # fmt: skip
    """The rows and totals the request would write now, statements included."""
    params = request.params(clock)
    if request.split_by is not None:
        return count_split(db, params)
    return count_rows(db, params, control)


def run(
    db: Database,
    request: ExportRequest,
    control: ExportControl | None = None,
    *,
    face: str,
    history: History | None = None,
    stream: BinaryIO | None = None,
    clock: Clock | None = None,
    batch_rows: int = BATCH_ROWS,
    schedule: str | None = None,
) -> CompletedExport:
    """Run the request: into `stream` when it writes to standard output, else into the file
    or folder it names. Raises what the export raises, after recording it (with the name of
    the `schedule` that ran it, if one did)."""
    control = control or ExportControl()
    record = Recorder(history if history is not None else History(), face, db.describe())
    record.schedule = schedule
    record.request = request
    started = time.monotonic()
    try:
        params = request.params(clock)
        record.params = params
        target = naming.target_path(request, clock)
        record.target = target
        if target is not None:
            _check_target(request, target, face)
    except BillingError as exc:
        record.failure(FAILED, str(exc), started)
        raise
    out: Path | BinaryIO = target if target is not None else _stream(stream)
    try:
        completed = _run_recorded(db, request, params, out, control, record, batch_rows, started)
    except BrokenPipeError:
        # The reader of standard output went away (`| head`): for the writer that is a
        # success, as for every Unix tool; the caller ends quietly.
        record.stream_closed(started)
        raise
    if record.history.notice:
        completed.notices.append(record.history.notice)
    return completed


def _issuer() -> str:
    """The issuer's name the statements carry, from the settings."""
    from billing_desktop.config import load_settings

    return load_settings().issuer_name


def _stream(stream: BinaryIO | None) -> BinaryIO:
    if stream is None:
        raise ValueError("a request for standard output needs the stream to write to")
    return stream


def _check_target(request: ExportRequest, target: Path, face: str) -> None:
    """Fail before any database work when the file or folder can never be written."""
    try:
        if request.split_by is not None:
            check_folder_target(target, overwrite=request.overwrite)
        else:
            check_target(target, overwrite=request.overwrite)
    except TargetExists:
        hint = "use --force to replace it." if face == CLI else "choose another name."
        raise TargetExists(f"{target} already exists; {hint}") from None


def _run_recorded(
    db: Database,
    request: ExportRequest,
    params: ExportParams,
    out: Path | BinaryIO,
    control: ExportControl,
    record: Recorder,
    batch_rows: int,
    started: float,
) -> CompletedExport:
    path = out if isinstance(out, Path) else None
    exported_at = system_clock().now().astimezone(UTC)
    publisher = _ManifestPublisher(db, request, params, path, exported_at)
    with contextlib.ExitStack() as stack:
        if request.manifest and path is not None:
            # Entered first, so a failed export discards the prepared manifest too. It is
            # published as pending just before the file, and renamed into place after it.
            publisher.output = stack.enter_context(_entered(pending_manifest_path(path)))
        companion = format_named(request.format).companion(path) if path else None
        if companion is not None and request.split_by is None:
            publisher.companion = stack.enter_context(_entered(companion[0]))
            publisher.companion_content = companion[1]
        context = FileContext(
            exported_at, period=request.period, database=db.describe(), issuer=_issuer()
        )
        options = WriteOptions(
            overwrite=request.overwrite, context=context, jobs=request.jobs,
            batch_rows=batch_rows, digest_rows=request.manifest,
        )  # fmt: skip
        try:
            result = _write(db, request, params, out, options, control, publisher)
        except ExportCancelled:
            _settle_pending_manifest(path)
            record.failure(CANCELLED, "Export cancelled; no file was written.", started)
            raise
        except BillingError as exc:
            _settle_pending_manifest(path)
            record.failure(FAILED, str(exc), started)
            raise
        except BrokenPipeError:
            raise
        except BaseException as exc:  # Ctrl-C or a bug: still on record, then as before
            _settle_pending_manifest(path)
            record.failure(FAILED, f"Export stopped: {type(exc).__name__}", started)
            raise
        completed = CompletedExport(result, sha256=publisher.sha256)
        if publisher.companion is not None:
            try:
                publisher.companion.commit()
            except BillingError as exc:
                message = f"{path} was written, but not {publisher.companion.target.name}: {exc}"
                record.failure(FAILED, message, started)
                raise type(exc)(message) from None
        if publisher.output is not None and path is not None:
            try:
                completed.manifest = _promote_pending_manifest(path)
            except OSError as exc:
                message = f"{path} was written, but not its manifest: {exc.strerror}"
                record.failure(FAILED, message, started)
                raise OutputError(message) from None
        elif path is not None:
            _remove_stale_manifest(path, completed)
        record.success(result, completed.sha256)
    return completed


@contextlib.contextmanager
def _entered(place: Path):  # -> Iterator[AtomicOutput]
    output = AtomicOutput(place, overwrite=True)
    with output:
        yield output


def _write(
    db: Database,
    request: ExportRequest,
    params: ExportParams,
    out: Path | BinaryIO,
    options: WriteOptions,
    control: ExportControl,
    publisher: _ManifestPublisher,
) -> ExportResult:
    if request.split_by is not None:
        assert isinstance(out, Path), "a split writes a folder"
        return run_split_export(
            db, params, out, options, control, before_publish=publisher.before_folder
        )
    return run_export(db, params, out, options, control, before_publish=publisher.before_file)


class _ManifestPublisher:
    """Hashes what is about to be published and writes its manifest beside it."""

    def __init__(
        self,
        db: Database,
        request: ExportRequest,
        params: ExportParams,
        path: Path | None,
        exported_at: datetime,
    ) -> None:
        self.db = db
        self.request = request
        self.params = params
        self.path = path
        self.exported_at = exported_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.output: AtomicOutput | None = None
        self.sha256: str | None = None
        self.exported = exported_at
        # A file the format publishes beside the export (FOCUS's metadata).
        self.companion: AtomicOutput | None = None
        self.companion_content: Callable[[datetime], bytes] | None = None

    def before_file(self, temp: Path, totals: ExportTotals, rows_digest: str | None) -> None:
        if self.companion is not None and self.companion_content is not None:
            assert self.companion.file is not None
            self.companion.file.write(self.companion_content(self.exported))
        size, self.sha256 = file_digest(temp)
        self._write(size, self.sha256, totals, files=None, rows_digest=rows_digest)

    def before_folder(self, temp: Path, result: ExportResult) -> None:
        entries = []
        for item in result.files:
            size, sha256 = file_digest(temp / item.name)
            entries.append(file_entry(item, size, sha256))
        self._write(sum(e["bytes"] for e in entries), None, result.totals, files=entries)

    def _write(
        self,
        size: int,
        sha256: str | None,
        totals: ExportTotals,
        files: list | None,
        rows_digest: str | None = None,
    ) -> None:
        if self.output is None or self.path is None:
            return
        document = build_manifest(
            file_name=self.path.name, size=size, sha256=sha256, totals=totals,
            parameters=self.request.to_json(resolved=self.params),
            exported_at=self.exported_at, database=self.db.describe(),
            server_version=server_version(self.db), files=files, rows_digest=rows_digest,
        )  # fmt: skip
        assert self.output.file is not None
        self.output.file.write(manifest_bytes(document))
        self.output.commit()  # pending, just before the file: no file without its manifest


def server_version(db: Database) -> str:
    """'PostgreSQL 15.10' or 'SQLite 3.40.1', for the manifest."""
    with db.read() as conn:
        return str(conn.exec_driver_sql(dialect_for(db).version_query).scalar_one())


def _promote_pending_manifest(path: Path) -> Path:
    """The pending manifest, published just before its file, takes its place beside it."""
    final = manifest_path(path)
    os.replace(pending_manifest_path(path), final)
    fsync_folder(final.parent)
    return final


def _settle_pending_manifest(path: Path | None) -> None:
    """After a failed export: a pending manifest that describes what is there now (the file
    was published before the failure) takes its place; any other is withdrawn."""
    if path is None:
        return
    pending = pending_manifest_path(path)
    if not pending.exists():
        return
    try:
        keep = describes(json.loads(pending.read_bytes()), path)
    except (OSError, ValueError, KeyError, TypeError):
        keep = False
    with contextlib.suppress(OSError):
        if keep:
            _promote_pending_manifest(path)
        else:
            pending.unlink()


def _remove_stale_manifest(path: Path, completed: CompletedExport) -> None:
    """An older manifest beside the new file describes a file that no longer exists."""
    for stale in (manifest_path(path), pending_manifest_path(path)):
        try:
            stale.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            completed.notices.append(f"Could not remove the outdated {stale.name}: {exc.strerror}.")


def record_refused(
    *, face: str, parameters: dict[str, Any], database: str, message: str,
    target: Path | None = None, history: History | None = None, schedule: str | None = None,
) -> None:  # fmt: skip
    """A failed record for an export refused before it had a valid request (an unknown
    preset, a bad date): a scheduled run that wrote nothing shows like any failure."""
    record = Recorder(history if history is not None else History(), face, database)
    record.schedule = schedule
    record.raw_parameters = _storable(parameters)
    record.target = target
    record.failure(FAILED, message, time.monotonic())


def _storable(value: Any) -> Any:
    """Options as given, fit to store: text that is not valid UTF-8 (bytes the shell passed,
    kept by Python as surrogates) is stored with replacement characters."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    if isinstance(value, dict):
        return {k: _storable(v) for k, v in value.items()}
    return value


@dataclass
class Recorder:
    """One export's history record and log line, filled in as the export learns more."""

    history: History
    face: str
    database: str
    request: ExportRequest | None = None
    params: ExportParams | None = None
    target: Path | None = None
    raw_parameters: dict[str, Any] | None = None
    schedule: str | None = None

    def _parameters(self) -> dict[str, Any]:
        # Everything a re-run needs: the request as given, with the dates it resolved to.
        if self.request is None:
            return dict(self.raw_parameters or {})
        return self.request.to_json(resolved=self.params)

    def _where(self) -> str | None:
        return str(self.target.resolve()) if self.target is not None else None

    def failure(self, outcome: str, message: str, started: float) -> None:
        # One log line too: a scheduled export that fails must be visible in three places
        # (exit status, history, log), whatever the user looks at first.
        log.error("export %s (%s) to %s: %s", outcome, self.face, self._where(), message)
        self._append(outcome, message, seconds=round(time.monotonic() - started, 3))

    def stream_closed(self, started: float) -> None:
        log.info("export (%s) to standard output: its reader closed the pipe", self.face)
        self._append(
            SUCCEEDED,
            "Standard output was closed by its reader before the end",
            seconds=round(time.monotonic() - started, 3),
        )

    def success(self, result: ExportResult, sha256: str | None) -> None:
        totals = result.totals
        log.info(
            "export succeeded (%s) to %s: %d rows, %d bytes, %d cents",
            self.face, self._where(), result.rows, result.bytes_written, totals.cost_cents,
        )  # fmt: skip
        self._append(
            SUCCEEDED,
            f"{formatting.counted(result.rows, 'row')} written",
            rows=result.rows,
            bytes=result.bytes_written,
            input_tokens=totals.input_tokens,
            output_tokens=totals.output_tokens,
            cost_cents=totals.cost_cents,
            seconds=round(result.seconds, 3),
            sha256=sha256,
        )

    def _append(self, outcome: str, message: str, **figures: Any) -> None:
        self.history.append(
            HistoryRecord(
                face=self.face,
                outcome=outcome,
                message=message,
                parameters=self._parameters(),
                target=self._where(),
                database=self.database,
                schedule=self.schedule,
                **figures,
            )
        )
