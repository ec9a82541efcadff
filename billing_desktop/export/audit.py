"""One export as the window and the command line run it (issue 12 §3, §4): the export itself,
the manifest published with the file, and one history record whatever the outcome.

Both faces call `run_audited_export`, so an export from cron and one from the window leave the
same trail. The history never decides an export's fate: if it cannot be written, the export
still succeeds (or fails) as it would have, and the reason is a notice for the user.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import BinaryIO

from billing_desktop import formatting
from billing_desktop.clock import system_clock
from billing_desktop.db.connection import Database
from billing_desktop.errors import BillingError, ExportCancelled
from billing_desktop.export.atomic import AtomicOutput
from billing_desktop.export.formats import FileContext
from billing_desktop.export.manifest import (
    build_manifest,
    file_entry,
    manifest_bytes,
    manifest_path,
    params_to_json,
)
from billing_desktop.export.params import ExportParams
from billing_desktop.export.runner import (
    BATCH_ROWS,
    ExportResult,
    ExportTotals,
    Notify,
    ProgressCallback,
    run_export,
)
from billing_desktop.export.statements import run_split_export
from billing_desktop.history import CANCELLED, FAILED, SUCCEEDED, History, HistoryRecord
from billing_desktop.verify import file_digest

log = logging.getLogger(__name__)

WINDOW, CLI = "window", "cli"


@dataclass
class AuditedExport:
    """A successful export, the SHA-256 of what was published, and its manifest, if any."""

    result: ExportResult
    sha256: str | None = None
    manifest: Path | None = None
    notices: list[str] = field(default_factory=list)


def server_version(db: Database) -> str:
    """'PostgreSQL 15.10' or 'SQLite 3.40.1', for the manifest."""
    query = (
        "SELECT 'PostgreSQL ' || current_setting('server_version')"
        if db.backend == "postgresql"
        else "SELECT 'SQLite ' || sqlite_version()"
    )
    with db.read() as conn:
        return str(conn.exec_driver_sql(query).scalar_one())


def run_audited_export(
    db: Database,
    params: ExportParams,
    target: Path | BinaryIO,
    *,
    face: str,
    period: str | None = None,
    manifest: bool = False,
    history: History | None = None,
    overwrite: bool = False,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    split_by: str | None = None,
    batch_rows: int = BATCH_ROWS,
    jobs: int | None = None,
    notify: Notify | None = None,
) -> AuditedExport:
    """run_export (or with `split_by` "tenant", run_split_export into the folder `target`),
    plus the manifest and the history record. Raises what the export raises (after recording
    it); a history that cannot be written only adds a notice."""
    history = history if history is not None else History()
    path = Path(target) if isinstance(target, str | Path) else None
    started = time.monotonic()
    exported_at = system_clock().now().astimezone(UTC)
    digest: dict[str, object] = {}
    with contextlib.ExitStack() as stack:
        manifest_out: AtomicOutput | None = None
        if manifest and path is not None:
            # Entered first, so a failed export discards the prepared manifest too.
            manifest_out = AtomicOutput(manifest_path(path), overwrite=True)
            stack.enter_context(manifest_out)

        def before_publish(temp: Path, totals: ExportTotals) -> None:
            size, sha256 = file_digest(temp)
            digest.update(bytes=size, sha256=sha256)
            if manifest_out is not None and path is not None:
                document = build_manifest(
                    file_name=path.name, size=size, sha256=sha256, rows=totals.rows,
                    input_tokens=totals.input_tokens, output_tokens=totals.output_tokens,
                    cost_cents=totals.cost_cents, params=params,
                    exported_at=exported_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    database=db.describe(), server_version=server_version(db), period=period,
                )  # fmt: skip
                assert manifest_out.file is not None
                manifest_out.file.write(manifest_bytes(document))

        def before_publish_folder(temp: Path, result: ExportResult) -> None:
            entries = []
            for item in result.files:
                size, sha256 = file_digest(temp / item.name)
                entries.append(file_entry(item, size, sha256))
            if manifest_out is not None and path is not None:
                totals = result.totals
                document = build_manifest(
                    file_name=path.name, size=sum(e["bytes"] for e in entries), sha256=None,
                    rows=totals.rows, input_tokens=totals.input_tokens,
                    output_tokens=totals.output_tokens, cost_cents=totals.cost_cents,
                    params=params, exported_at=exported_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    database=db.describe(), server_version=server_version(db), period=period,
                    files=entries, split_by=split_by,
                )  # fmt: skip
                assert manifest_out.file is not None
                manifest_out.file.write(manifest_bytes(document))

        record = _Recorder(history, face, params, period, path, db.describe(),
                           split_by, manifest)  # fmt: skip
        context = FileContext(exported_at, period=period, database=db.describe())
        try:
            if split_by is not None:
                assert path is not None, "a split writes a folder"
                result = run_split_export(
                    db, params, path, overwrite=overwrite, progress=progress, cancel=cancel,
                    before_publish=before_publish_folder, context=context, batch_rows=batch_rows,
                    notify=notify,
                )  # fmt: skip
            else:
                result = run_export(
                    db, params, target, overwrite=overwrite, progress=progress, cancel=cancel,
                    before_publish=before_publish, context=context, batch_rows=batch_rows,
                    jobs=jobs, notify=notify,
                )  # fmt: skip
        except ExportCancelled:
            record.failure(CANCELLED, "Export cancelled; no file was written.", started)
            raise
        except BillingError as exc:
            record.failure(FAILED, str(exc), started)
            raise
        except BaseException as exc:  # Ctrl-C or a bug: still on record, then as before
            record.failure(FAILED, f"Export stopped: {type(exc).__name__}", started)
            raise
        audited = AuditedExport(result, sha256=digest.get("sha256"))  # type: ignore[arg-type]
        if manifest_out is not None:
            try:
                manifest_out.commit()
            except BillingError as exc:
                message = f"{path} was written, but not its manifest: {exc}"
                record.failure(FAILED, message, started)
                raise type(exc)(message) from None
            audited.manifest = manifest_out.target
        elif path is not None:
            _remove_stale_manifest(path, audited)
        record.success(result, audited.sha256)
    if history.notice:
        audited.notices.append(history.notice)
    return audited


def _remove_stale_manifest(path: Path, audited: AuditedExport) -> None:
    """An older manifest beside the new file describes a file that no longer exists."""
    stale = manifest_path(path)
    try:
        stale.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        audited.notices.append(f"Could not remove the outdated {stale.name}: {exc.strerror}.")


def record_refused(
    *,
    face: str,
    params: ExportParams,
    target: Path,
    database: str,
    message: str,
    period: str | None = None,
    split_by: str | None = None,
    manifest: bool = False,
    history: History | None = None,
) -> None:
    """A failed record for an export refused before it started (its folder is missing, its
    file exists): a scheduled run that wrote nothing shows in the history like any failure."""
    history = history if history is not None else History()
    recorder = _Recorder(history, face, params, period, target, database, split_by, manifest)
    recorder.failure(FAILED, message, time.monotonic())


@dataclass
class _Recorder:
    history: History
    face: str
    params: ExportParams
    period: str | None
    path: Path | None
    database: str
    split_by: str | None
    manifest: bool

    def _parameters(self) -> dict[str, object]:
        # Everything a re-run needs (the history's Re-run): the content's parameters, the
        # period as given, and what else the export published.
        parameters = params_to_json(self.params)
        parameters.update(period=self.period, split_by=self.split_by, manifest=self.manifest)
        return parameters

    def failure(self, outcome: str, message: str, started: float) -> None:
        # One log line too: a scheduled export that fails must be visible in three places
        # (exit status, history, log), whatever the user looks at first.
        log.error("export %s (%s) to %s: %s", outcome, self.face, _target(self.path), message)
        self.history.append(
            HistoryRecord(
                face=self.face,
                outcome=outcome,
                message=message,
                parameters=self._parameters(),
                target=_target(self.path),
                database=self.database,
                seconds=round(time.monotonic() - started, 3),
            )
        )

    def success(self, result: ExportResult, sha256: str | None) -> None:
        totals = result.totals
        log.info(
            "export succeeded (%s) to %s: %d rows, %d bytes, %d cents",
            self.face, _target(self.path), result.rows, result.bytes_written, totals.cost_cents,
        )  # fmt: skip
        self.history.append(
            HistoryRecord(
                face=self.face,
                outcome=SUCCEEDED,
                message=f"{formatting.counted(result.rows, 'row')} written",
                parameters=self._parameters(),
                target=_target(self.path),
                database=self.database,
                rows=result.rows,
                bytes=result.bytes_written,
                input_tokens=totals.input_tokens,
                output_tokens=totals.output_tokens,
                cost_cents=totals.cost_cents,
                seconds=round(result.seconds, 3),
                sha256=sha256,
            )
        )


def _target(path: Path | None) -> str | None:
    return str(path.resolve()) if path is not None else None
