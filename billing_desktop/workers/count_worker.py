"""Counting the rows an export will write, off the GUI thread.

The export dialog asks again whenever the dates or the scope change. Every request gets a
generation number; the worker skips requests that were superseded before it got to them, and
`RowCounter` drops answers to anything but the latest request, so a slow old count never
overwrites a newer one. A superseded count is also interrupted in the database (its cancel
event), so it stops using the machine, and closing the dialog never waits for a count: on a
year of 5,000,000 events in SQLite, closing took 4.9 s before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from billing_desktop import exporting
from billing_desktop.db.connection import Database
from billing_desktop.errors import BillingError, ExportCancelled
from billing_desktop.export.control import ExportControl
from billing_desktop.export.request import ExportRequest
from billing_desktop.export.totals import ExportTotals
from billing_desktop.workers.export_worker import keep_until_finished


class CountWorker(QObject):
    """Lives on RowCounter's thread; answers one request at a time."""

    counted = Signal(int, object)  # generation, ExportTotals
    failed = Signal(int, str)  # generation, one sentence for the user
    crashed = Signal(int, object)  # generation, unexpected exception (a bug)

    def __init__(self, db: Database, latest: Callable[[], int]) -> None:
        super().__init__()
        self.db = db
        self._latest = latest  # reads the GUI side's newest generation (an int: atomic)

    @Slot(int, object, object)
    def count(self, generation: int, request: ExportRequest, cancel: threading.Event) -> None:
        if generation != self._latest() or cancel.is_set():
            return  # superseded while queued: don't spend a query on it
        try:
            totals = exporting.count(self.db, request, ExportControl(cancel=cancel))
        except ExportCancelled:
            return  # superseded or closed while counting: nobody waits for this answer
        except BillingError as exc:
            self.failed.emit(generation, str(exc))
        except Exception as exc:
            self.crashed.emit(generation, exc)
        else:
            self.counted.emit(generation, totals)


class RowCounter(QObject):
    """GUI-thread face of the count worker: `request(params)`, then `counted` or `failed`."""

    counted = Signal(object)  # ExportTotals of the latest request
    failed = Signal(str)
    crashed = Signal(object)
    _requested = Signal(int, object, object)  # generation, params, cancel event

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._pending = False
        self._cancel = threading.Event()  # the latest request's
        self._thread = QThread()
        self._thread.setObjectName("row-counter")
        self._worker = CountWorker(db, lambda: self._generation)
        self._worker.moveToThread(self._thread)
        self._requested.connect(self._worker.count)  # queued: runs on the worker thread
        self._worker.counted.connect(self._on_counted)
        self._worker.failed.connect(self._on_failed)
        self._worker.crashed.connect(self._on_crashed)
        # Destroyed without stop() (its dialog deleted outright): still let the thread end.
        self.destroyed.connect(self._thread.quit)

    def request(self, request: ExportRequest) -> None:
        if not self._thread.isRunning():
            keep_until_finished(self._thread, self._worker)
            self._thread.start()
        self.invalidate()
        self._cancel = threading.Event()
        self._pending = True
        self._requested.emit(self._generation, request, self._cancel)

    def is_pending(self) -> bool:
        """True between a request and its answer."""
        return self._pending

    def invalidate(self) -> None:
        """Forget outstanding requests: a running count is interrupted, answers are dropped."""
        self._cancel.set()
        self._generation += 1
        self._pending = False

    def stop(self) -> None:
        """Drop outstanding requests and end the thread; a running count is interrupted, so
        this waits a fraction of a second at most."""
        self.invalidate()
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    def _current(self, generation: int) -> bool:
        if generation != self._generation:
            return False
        self._pending = False
        return True

    @Slot(int, object)
    def _on_counted(self, generation: int, totals: ExportTotals) -> None:
        if self._current(generation):
            self.counted.emit(totals)

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if self._current(generation):
            self.failed.emit(message)

    @Slot(int, object)
    def _on_crashed(self, generation: int, exc: Any) -> None:
        # A bug is reported even when stale: it would hide again next time.
        self._current(generation)
        self.crashed.emit(exc)
