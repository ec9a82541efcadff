"""Verifying an export off the GUI thread: re-reading a big file, hashing it and recomputing
the totals in the database takes seconds, and the window must stay responsive."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from billing_desktop.db.connection import Database
from billing_desktop.errors import BillingError, InvalidInput
from billing_desktop.verify import Report, verify_export
from billing_desktop.workers.export_worker import keep_until_finished


class _VerifyWorker(QObject):
    done = Signal(object)  # Report
    failed = Signal(str)
    crashed = Signal(object)
    stopped = Signal()

    def __init__(self, path: Path, db: Database | None) -> None:
        super().__init__()
        self.path = path
        self.db = db

    @Slot()
    def run(self) -> None:
        try:
            report = verify_export(self.path, self.db)
        except (BillingError, InvalidInput) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: the crash path, never swallowed
            self.crashed.emit(exc)
        else:
            self.done.emit(report)
        finally:
            self.stopped.emit()


class VerifyJob(QObject):
    """verify_export(path, db) on its own thread; the signals arrive in the GUI thread."""

    done = Signal(object)  # Report
    failed = Signal(str)
    crashed = Signal(object)

    def __init__(self, path: Path, db: Database | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = _VerifyWorker(path, db)
        self._thread = QThread()
        self._thread.setObjectName("verify-worker")
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.stopped.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        # Queued (this job lives in the GUI thread): re-emitted there.
        self._worker.done.connect(self._relay_done)
        self._worker.failed.connect(self._relay_failed)
        self._worker.crashed.connect(self._relay_crashed)

    def start(self) -> None:
        keep_until_finished(self._thread, self._worker)
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)

    @Slot(object)
    def _relay_done(self, report: Report) -> None:
        self.done.emit(report)

    @Slot(str)
    def _relay_failed(self, message: str) -> None:
        self.failed.emit(message)

    @Slot(object)
    def _relay_crashed(self, exc: BaseException) -> None:
        self.crashed.emit(exc)
