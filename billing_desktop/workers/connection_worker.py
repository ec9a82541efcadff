"""Test connection, off the GUI thread and bounded in time.

libpq gives up connecting after `CONNECT_TIMEOUT_S`, and the server stops the schema check
after `STATEMENT_TIMEOUT_MS`, so the worker always ends by itself; `ConnectionTest` also tells
the dialog when the answer is overdue, without waiting for the thread.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from billing_desktop.db.connection import Database
from billing_desktop.db.url import DatabaseUrl
from billing_desktop.export.control import ExportControl
from billing_desktop.workers.job import BackgroundJob

CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 5000
ANSWER_DEADLINE_MS = (CONNECT_TIMEOUT_S + 3) * 1000


def bounded_url(url: str) -> DatabaseUrl:
    """The URL with a short connect timeout, where its backend connects over a network. The
    statement timeout is set inside the check's transaction instead: a startup `options`
    parameter is refused by PgBouncer, through which exports of the same URL work."""
    parsed = DatabaseUrl.parse(url)
    return parsed.dialect.with_connect_timeout(parsed, CONNECT_TIMEOUT_S)


def check_connection(url: str, _control: ExportControl | None = None) -> str:
    """What we connected to (never the password); raises BillingError for a refusal."""
    db = Database(bounded_url(url))
    try:
        db.check_connection(statement_timeout_ms=STATEMENT_TIMEOUT_MS)
        return db.describe()
    finally:
        db.dispose()


class ConnectionTest(QObject):
    """One test: `start()`, then exactly one of succeeded / failed / crashed (GUI thread)."""

    succeeded = Signal(str)
    failed = Signal(str)
    crashed = Signal(object)

    def __init__(self, url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = BackgroundJob(
            partial(check_connection, url), name="connection-test", parent=self
        )
        self._job.finished.connect(self._on_succeeded)
        self._job.failed.connect(self._on_failed)
        self._job.crashed.connect(self._on_crashed)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(ANSWER_DEADLINE_MS)
        self._deadline.timeout.connect(self._on_overdue)
        self.answered = False

    def start(self) -> None:
        self._job.start()  # its thread is kept until it ends: the dialog may close meanwhile
        self._deadline.start()

    def is_running(self) -> bool:
        return not self.answered

    def _answer(self) -> bool:
        if self.answered:
            return False
        self.answered = True
        self._deadline.stop()
        return True

    @Slot(object)
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
                self.tr("No answer from the server within %1 s; check the host, port and any"
                        " firewall.").replace("%1", str(ANSWER_DEADLINE_MS // 1000))
            )  # fmt: skip
