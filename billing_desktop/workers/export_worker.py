"""The export on a worker thread: `ExportWorker` (a QObject moved to a QThread) drives the
Qt-free `exporting.run` (the export, its manifest and its history record, exactly as the
command line runs it); `ExportJob` owns the thread, lives in the GUI thread and re-emits the
worker's signals there, so widgets and tests only ever see GUI-thread signals.

Progress comes once per batch from the engine and is throttled here to a few signals a second:
a million-row export must not flood the GUI thread's event queue. Cancel is a
`threading.Event`: the engine checks it between batches and interrupts a running query.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from billing_desktop import exporting
from billing_desktop.clock import Clock
from billing_desktop.db.connection import Database
from billing_desktop.errors import BillingError, ExportCancelled
from billing_desktop.export.control import ExportControl
from billing_desktop.export.request import ExportRequest
from billing_desktop.export.runner import BATCH_ROWS, ExportResult

PROGRESS_INTERVAL_S = 0.2  # at most ~5 progress signals a second


class _Keeper(QObject):
    """Holds running threads (and their workers) until they have finished, so that a dialog
    destroyed without closing (a crash path, a test) never destroys a running QThread, which
    would abort the whole process."""

    def __init__(self) -> None:
        super().__init__()
        self.held: dict[int, tuple[QThread, QObject]] = {}

    def hold(self, thread: QThread, worker: QObject) -> None:
        self.held[id(thread)] = (thread, worker)
        # Queued to the keeper (GUI thread): the thread is never released from inside itself.
        thread.finished.connect(self._release, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _release(self) -> None:
        for key, (thread, _worker) in list(self.held.items()):
            if thread.isFinished():
                del self.held[key]


_keeper: _Keeper | None = None


def join_all_workers(timeout_ms: int = 15_000) -> bool:
    """Wait for every thread still held (connection tests, counts, exports); call from
    `aboutToQuit`, after cancelling what can be cancelled. True if all ended in time."""
    if _keeper is None:
        return True
    deadline = time.monotonic() + timeout_ms / 1000
    for thread, _worker in list(_keeper.held.values()):
        left = max(0, int((deadline - time.monotonic()) * 1000))
        if not thread.wait(left):
            return False
    _keeper.held.clear()
    return True


def keep_until_finished(thread: QThread, worker: QObject) -> None:
    """Call from the GUI thread when starting `thread`."""
    global _keeper
    if _keeper is None:
        _keeper = _Keeper()
    _keeper.hold(thread, worker)


class ExportWorker(QObject):
    """One export. `run()` may be called on a QThread (via ExportJob) or directly in tests."""

    progress = Signal(object, object)  # rows done, rows total (Python ints: no 32-bit limit)
    notice = Signal(str)  # the export starts again (a standby's conflict with recovery)
    finished = Signal(object)  # ExportResult
    failed = Signal(str)  # one sentence for the user (a BillingError)
    cancelled = Signal()
    crashed = Signal(object)  # an unexpected exception: a bug, for the crash path
    stopped = Signal()  # always last, whatever the outcome: lets the thread quit

    def __init__(
        self,
        db: Database,
        request: ExportRequest,
        *,
        cancel: threading.Event | None = None,
        batch_rows: int = BATCH_ROWS,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.request = request
        self.clock = clock
        self.notices: list[str] = []  # e.g. a damaged history file that was set aside
        self.cancel_event = cancel or threading.Event()
        self.batch_rows = batch_rows
        self._last_emit = 0.0
        self.callbacks = 0  # how often the engine reported (to check the throttle)
        # ("finished", result) | ("failed", message) | ("cancelled", None) | ("crashed", exc),
        # set before the signal so a caller that joined the thread can read it.
        self.outcome: tuple[str, Any] | None = None

    def cancel(self) -> None:
        """Thread-safe: the engine stops between batches or interrupts the running query."""
        self.cancel_event.set()

    def _on_progress(self, done: int, total: int | None) -> None:
        self.callbacks += 1
        now = time.monotonic()
        if done in (0, total) or now - self._last_emit >= PROGRESS_INTERVAL_S:
            self._last_emit = now
            self.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            control = ExportControl(self._on_progress, self.notice.emit, self.cancel_event)
            audited = exporting.run(
                self.db,
                self.request,
                control,
                face=exporting.WINDOW,
                clock=self.clock,
                batch_rows=self.batch_rows,
            )
            result = audited.result
            self.notices = audited.notices
        except ExportCancelled:
            self.outcome = ("cancelled", None)
            self.cancelled.emit()
        except BillingError as exc:
            self.outcome = ("failed", str(exc))
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: hand it to the crash path, never swallow it
            self.outcome = ("crashed", exc)
            self.crashed.emit(exc)
        else:
            self.outcome = ("finished", result)
            self.finished.emit(result)
        finally:
            self.stopped.emit()


class ExportJob(QObject):
    """Runs one ExportWorker on its own QThread; every signal arrives in the GUI thread, after
    the thread has ended (so `is_running()` is already False in the handlers)."""

    progress = Signal(object, object)
    notice = Signal(str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    crashed = Signal(object)
    ended = Signal()  # after any of the four outcomes

    def __init__(
        self,
        db: Database,
        request: ExportRequest,
        *,
        batch_rows: int = BATCH_ROWS,
        clock: Clock | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.request = request
        self._worker = ExportWorker(db, request, batch_rows=batch_rows, clock=clock)
        self._thread = QThread()
        self._thread.setObjectName("export-worker")
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Direct: quit() is thread-safe and must not wait for the GUI thread's event loop.
        self._worker.stopped.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        # Queued (the job lives in the GUI thread): re-emitted in the GUI thread.
        self._worker.progress.connect(self._relay_progress)
        self._worker.notice.connect(self._relay_notice)
        self._worker.finished.connect(self._relay_finished)
        self._worker.failed.connect(self._relay_failed)
        self._worker.cancelled.connect(self._relay_cancelled)
        self._worker.crashed.connect(self._relay_crashed)
        self._started = False
        self._ended = False

    def start(self) -> None:
        if self._started:
            raise RuntimeError("an ExportJob runs once")
        self._started = True
        keep_until_finished(self._thread, self._worker)
        self._thread.start()

    def is_running(self) -> bool:
        return self._started and not self._ended

    @property
    def notices(self) -> list[str]:
        """What the user should hear beside the outcome (read after `finished`)."""
        return list(self._worker.notices)

    def cancel(self) -> None:
        self._worker.cancel()

    def cancel_and_wait(self, timeout_ms: int = 10_000) -> bool:
        """Cancel and block until the thread has ended; True if it did within the timeout.
        The outcome (usually `cancelled`, `finished` if the export won the race) is delivered
        before this returns, so callers see the final state."""
        self._worker.cancel()
        if not self._started:
            self._ended = True
            return True
        if not self._thread.wait(timeout_ms):
            return False
        outcome = self._worker.outcome or ("crashed", RuntimeError("export thread ended early"))
        self._deliver(*outcome)
        return True

    def _deliver(self, kind: str, value: Any) -> None:
        """Join the (already quitting) thread, then emit the outcome once."""
        if self._ended:
            return
        self._thread.quit()
        self._thread.wait()
        self._ended = True
        if kind == "finished":
            self.finished.emit(value)
        elif kind == "failed":
            self.failed.emit(value)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.crashed.emit(value)
        self.ended.emit()

    @Slot(object, object)
    def _relay_progress(self, done: int, total: int | None) -> None:
        if not self._ended:
            self.progress.emit(done, total)

    @Slot(str)
    def _relay_notice(self, message: str) -> None:
        if not self._ended:
            self.notice.emit(message)

    @Slot(object)
    def _relay_finished(self, result: ExportResult) -> None:
        self._deliver("finished", result)

    @Slot(str)
    def _relay_failed(self, message: str) -> None:
        self._deliver("failed", message)

    @Slot()
    def _relay_cancelled(self) -> None:
        self._deliver("cancelled", None)

    @Slot(object)
    def _relay_crashed(self, exc: Any) -> None:
        self._deliver("crashed", exc)
