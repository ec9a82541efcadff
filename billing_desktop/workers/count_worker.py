"""Counting the rows an export will write, off the GUI thread.

The export dialog asks again whenever the choices change. Only the newest request is answered
(`LatestOnly`): a request superseded before its turn never runs, a superseded count is
interrupted in the database so it stops using the machine, and its answer is dropped, so a
slow old count never overwrites a newer one. Closing the dialog never waits for a count.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from billing_desktop import exporting
from billing_desktop.db.connection import Database
from billing_desktop.export.request import ExportRequest
from billing_desktop.export.totals import ExportTotals
from billing_desktop.workers.job import LatestOnly


class RowCounter(QObject):
    """`request(export request)`, then `counted` or `failed` for the newest one (GUI thread)."""

    counted = Signal(object)  # ExportTotals of the latest request
    failed = Signal(str)
    crashed = Signal(object)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._jobs = LatestOnly("row-counter", cancel_superseded=True, parent=self)
        self._jobs.finished.connect(self._on_counted)
        self._jobs.failed.connect(self._on_failed)
        self._jobs.crashed.connect(self._on_crashed)

    def request(self, request: ExportRequest) -> None:
        self._jobs.submit(partial(exporting.count, self.db, request))

    def is_pending(self) -> bool:
        """True between a request and its answer."""
        return self._jobs.is_pending()

    def is_running(self) -> bool:
        return self._jobs.is_running()

    def invalidate(self) -> None:
        """Forget outstanding requests: a running count is interrupted, answers are dropped."""
        self._jobs.invalidate()

    def stop(self) -> None:
        """Drop outstanding requests and let the running count end; it is interrupted, so
        this waits a fraction of a second at most."""
        self._jobs.invalidate()
        self._jobs.join()

    @Slot(object, object)
    def _on_counted(self, _tag: object, totals: ExportTotals) -> None:
        self.counted.emit(totals)

    @Slot(object, str)
    def _on_failed(self, _tag: object, message: str) -> None:
        self.failed.emit(message)

    @Slot(object, object)
    def _on_crashed(self, _tag: object, exc: Any) -> None:
        self.crashed.emit(exc)
