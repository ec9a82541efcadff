"""Work off the GUI thread, one way for the whole window: `BackgroundJob`.

A job runs one callable, `work(control)`, in a QObject moved to a QThread of its own (Qt's
documented worker pattern). `control` is the engine's `ExportControl`: progress, notices and a
cancel event, which the engine checks between batches and which interrupts a running query in
the database. Every signal of the job arrives in the GUI thread, and the outcome (`finished`,
`failed`, `cancelled` or `crashed`, then `ended`) only after the thread has ended, so
`is_running()` is already False in the handlers.

`LatestOnly` runs a stream of requests of which only the newest answer matters (a row count
while the user edits the form, the dashboard while the filter changes): one job at a time, a
request superseded while it waits is never started, and a superseded answer is dropped.

Threads are held by a keeper until they have ended: a dialog destroyed while its job runs
(a crash path, a test) must never destroy a running QThread, which aborts the process.
The keeper holds a job's runner, and the runner its work, until the thread is released; so the
work must never hold the QObject that owns the job (a bound method of it, a lambda using it):
that object would then live on through its own job, and deleting the finished job could delete
its owner, and the job inside it a second time, which crashes the process. Hand the work plain
data instead (`functools.partial` of a module function).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from billing_desktop.errors import BillingError, ExportCancelled
from billing_desktop.export.control import ExportControl

Work = Callable[[ExportControl], Any]

FINISHED, FAILED, CANCELLED, CRASHED = "finished", "failed", "cancelled", "crashed"


class _Keeper(QObject):
    """Holds running threads (and their runners) until they have finished."""

    def __init__(self) -> None:
        super().__init__()
        self.held: dict[int, tuple[QThread, QObject]] = {}

    def hold(self, thread: QThread, runner: QObject) -> None:
        self.held[id(thread)] = (thread, runner)
        # Queued to the keeper (GUI thread): the thread is never released from inside itself.
        thread.finished.connect(self._release, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _release(self) -> None:
        for key, (thread, _runner) in list(self.held.items()):
            if thread.isFinished():
                del self.held[key]


_keeper: _Keeper | None = None


def keep_until_finished(thread: QThread, runner: QObject) -> None:
    """Call from the GUI thread when starting `thread`."""
    global _keeper
    if _keeper is None:
        _keeper = _Keeper()
    _keeper.hold(thread, runner)


def join_all_workers(timeout_ms: int = 15_000) -> bool:
    """Wait for every thread still held; call from `aboutToQuit`, after cancelling what can
    be cancelled. True if all ended in time."""
    if _keeper is None:
        return True
    deadline = time.monotonic() + timeout_ms / 1000
    for thread, _runner in list(_keeper.held.values()):
        left = max(0, int((deadline - time.monotonic()) * 1000))
        if not thread.wait(left):
            return False
    _keeper.held.clear()
    return True


class _Runner(QObject):
    """Lives on the job's thread and calls the work there."""

    progress = Signal(object, object)  # done, total (Python ints: no 32-bit limit)
    notice = Signal(str)
    ended = Signal()  # always last; `outcome` is set before it

    def __init__(self, work: Work, cancel: threading.Event, throttle_s: float) -> None:
        super().__init__()
        self._work = work
        self._cancel = cancel
        self._throttle_s = throttle_s
        self._last_emit = 0.0
        self.reports = 0  # how often the work reported progress (the throttle passes fewer)
        self.outcome: tuple[str, Any] = (CRASHED, RuntimeError("the job never ran"))

    def _progress(self, done: int, total: int | None) -> None:
        self.reports += 1
        now = time.monotonic()
        if done in (0, total) or now - self._last_emit >= self._throttle_s:
            self._last_emit = now
            self.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        control = ExportControl(self._progress, self.notice.emit, self._cancel)
        try:
            if self._cancel.is_set():
                raise ExportCancelled("Cancelled before it started")
            self.outcome = (FINISHED, self._work(control))
        except ExportCancelled:
            self.outcome = (CANCELLED, None)
        except BillingError as exc:  # expected: one sentence for the user
            self.outcome = (FAILED, str(exc))
        except Exception as exc:  # a bug: for the crash path, never swallowed
            self.outcome = (CRASHED, exc)
        finally:
            self.ended.emit()


class BackgroundJob(QObject):
    """`work(control)` on a thread of its own, once: `start()`, then exactly one of
    finished(value) / failed(message) / cancelled() / crashed(exception), then ended()."""

    progress = Signal(object, object)
    notice = Signal(str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    crashed = Signal(object)
    ended = Signal()

    def __init__(
        self,
        work: Work,
        *,
        name: str = "background-job",
        throttle_s: float = 0.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._runner = _Runner(work, self._cancel, throttle_s)
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        # Direct: quit() is thread-safe and must not wait for the GUI thread's event loop.
        self._runner.ended.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        # Queued (the job lives in the GUI thread): delivered there.
        self._runner.progress.connect(self._relay_progress)
        self._runner.notice.connect(self._relay_notice)
        self._runner.ended.connect(self._deliver)
        self._started = False
        self._delivered = False

    @property
    def outcome(self) -> tuple[str, Any]:
        """(kind, value) once the job has ended."""
        return self._runner.outcome

    @property
    def progress_reports(self) -> int:
        return self._runner.reports

    def start(self) -> None:
        if self._started:
            raise RuntimeError("a BackgroundJob runs once")
        self._started = True
        keep_until_finished(self._thread, self._runner)
        self._thread.start()

    def is_running(self) -> bool:
        return self._started and not self._delivered

    def cancel(self) -> None:
        """Thread-safe: the work stops at its next check, a running query is interrupted."""
        self._cancel.set()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the thread has ended (the outcome is still delivered later)."""
        return not self._started or self._thread.wait(timeout_ms)

    def cancel_and_wait(self, timeout_ms: int = 10_000) -> bool:
        """Cancel and `join`: the outcome is usually `cancelled`, `finished` if the work won
        the race."""
        self.cancel()
        return self.join(timeout_ms)

    def join(self, timeout_ms: int = 10_000) -> bool:
        """Block until the thread has ended; True if it did within the timeout. The outcome
        is delivered before this returns, so callers see the final state."""
        if not self._started:
            self._delivered = True
            return True
        if not self._thread.wait(timeout_ms):
            return False
        self._deliver()
        return True

    @Slot()
    def _deliver(self) -> None:
        """Join the (already quitting) thread, then emit the outcome once."""
        if self._delivered:
            return
        self._thread.quit()
        self._thread.wait()
        self._delivered = True
        kind, value = self._runner.outcome
        if kind == FINISHED:
            self.finished.emit(value)
        elif kind == FAILED:
            self.failed.emit(value)
        elif kind == CANCELLED:
            self.cancelled.emit()
        else:
            self.crashed.emit(value)
        self.ended.emit()

    @Slot(object, object)
    def _relay_progress(self, done: int, total: int | None) -> None:
        if not self._delivered:
            self.progress.emit(done, total)

    @Slot(str)
    def _relay_notice(self, message: str) -> None:
        if not self._delivered:
            self.notice.emit(message)


class LatestOnly(QObject):
    """One job at a time for a stream of requests; only the newest request is answered.

    Every request gets a generation number. A request superseded before its turn never runs;
    an answer of any but the newest generation is dropped, so a slow old answer never
    overwrites a newer one. With `cancel_superseded`, a newer request also cancels the running
    job (it stops using the database at once). A crash is reported even when stale: the bug
    would hide again next time."""

    finished = Signal(object, object)  # tag, value
    failed = Signal(object, str)  # tag, message
    crashed = Signal(object, object)  # tag, exception
    notice = Signal(str)
    idle = Signal()  # the running job ended and nothing waits

    def __init__(
        self, name: str, *, cancel_superseded: bool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._cancel_superseded = cancel_superseded
        self._generation = 0
        self._answered = 0  # the newest generation answered or dropped
        self._running: BackgroundJob | None = None
        self._running_generation = 0
        self._running_tag: object = None
        self._waiting: tuple[Work, object] | None = None

    def submit(self, work: Work, tag: object = None) -> None:
        self._generation += 1
        if self._running is None:
            self._start(work, tag)
            return
        self._waiting = (work, tag)
        if self._cancel_superseded:
            self._running.cancel()

    def is_pending(self) -> bool:
        """True between a request and its answer."""
        return self._answered < self._generation

    def is_running(self) -> bool:
        return self._running is not None

    def invalidate(self, *, cancel: bool = True) -> None:
        """Forget every request: nothing waiting starts, no answer is delivered; with
        `cancel`, the running job is interrupted too."""
        self._generation += 1
        self._answered = self._generation
        self._waiting = None
        if cancel and self._running is not None:
            self._running.cancel()

    def join(self, timeout_ms: int = 30_000) -> bool:
        """Block until the running job has ended and is answered (or dropped)."""
        return self._running is None or self._running.join(timeout_ms)

    def _start(self, work: Work, tag: object) -> None:
        job = BackgroundJob(work, name=self._name, parent=self)
        job.notice.connect(self.notice)
        job.ended.connect(self._on_ended)
        self._running, self._running_generation, self._running_tag = job, self._generation, tag
        job.start()

    @Slot()
    def _on_ended(self) -> None:
        job, self._running = self._running, None
        if job is None:
            return
        kind, value = job.outcome
        job.deleteLater()
        current = self._running_generation == self._generation and self.is_pending()
        if current:
            self._answered = self._generation
        if kind == CRASHED:
            self.crashed.emit(self._running_tag, value)
        elif current and kind == FINISHED:
            self.finished.emit(self._running_tag, value)
        elif current and kind == FAILED:
            self.failed.emit(self._running_tag, value)
        if self._waiting is not None:
            work, tag = self._waiting
            self._waiting = None
            self._start(work, tag)
        else:
            self.idle.emit()
