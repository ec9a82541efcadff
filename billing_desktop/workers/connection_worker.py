"""Test connection, off the GUI thread and bounded in time.

libpq gives up connecting after `CONNECT_TIMEOUT_S`, and the server stops the schema check
after `STATEMENT_TIMEOUT_MS`, so the worker always ends by itself; `ConnectionTest` also tells
the dialog when the answer is overdue, without waiting for the thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from billing_desktop.db.connection import Database
from billing_desktop.db.url import DatabaseUrl
from billing_desktop.errors import BillingError
from billing_desktop.workers.export_worker import keep_until_finished

CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 5000
ANSWER_DEADLINE_MS = (CONNECT_TIMEOUT_S + 3) * 1000


def bounded_url(url: str) -> str:
    """The URL with a short connect timeout (PostgreSQL only). The statement timeout is set
    inside the check's transaction instead: a startup `options` parameter is refused by
    PgBouncer, through which exports of the same URL work."""
    parsed = DatabaseUrl.parse(url)
    if parsed.backend != "postgresql":
        return url
    return parsed.with_defaults(connect_timeout=str(CONNECT_TIMEOUT_S)).render(hide_password=False)


class ConnectionTestWorker(QObject):
    succeeded = Signal(str)  # what we connected to (never the password)
    failed = Signal(str)
    crashed = Signal(object)
    stopped = Signal()

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    @Slot()
    def run(self) -> None:
        db = None
        try:
            db = Database(bounded_url(self.url))
            db.check_connection(statement_timeout_ms=STATEMENT_TIMEOUT_MS)
            self.succeeded.emit(db.describe())
        except BillingError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:
            self.crashed.emit(exc)
        finally:
            if db is not None:
                db.dispose()
            self.stopped.emit()


class ConnectionTest(QObject):
    """One test: `start()`, then exactly one of succeeded / failed / crashed (GUI thread)."""

    succeeded = Signal(str)
    failed = Signal(str)
    crashed = Signal(object)

    def __init__(self, url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("connection-test")
        self._worker = ConnectionTestWorker(url)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.stopped.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._worker.succeeded.connect(self._on_succeeded)
        self._worker.failed.connect(self._on_failed)
        self._worker.crashed.connect(self._on_crashed)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(ANSWER_DEADLINE_MS)
        self._deadline.timeout.connect(self._on_overdue)
        self.answered = False

    def start(self) -> None:
        keep_until_finished(self._thread, self._worker)  # the dialog may close meanwhile
        self._thread.start()
        self._deadline.start()

    def is_running(self) -> bool:
        return not self.answered

    def _answer(self) -> bool:
        if self.answered:
            return False
        self.answered = True
        self._deadline.stop()
        return True

    @Slot(str)
    def _on_succeeded(self, text: str) -> None:
        if self._answer():
            self.succeeded.emit(text)

    @Slot(str)
    def _on_failed(self, text: str) -> None:
        if self._answer():
            self.failed.emit(text)

    @Slot(object)
    def _on_crashed(self, exc: Any) -> None:
        if self._answer():
            self.crashed.emit(exc)

    @Slot()
    def _on_overdue(self) -> None:
        if self._answer():
            self.failed.emit(
                f"No answer from the server within {ANSWER_DEADLINE_MS // 1000} s; check the "
                "host, port and any firewall."
            )
