"""The main window's dashboard feed: which loader reads the figures, and which answer is shown.

Every request gets the next sequence number; an answer is passed on only when it carries the
newest one, so a slow old result never overwrites a newer filter's, nor another database's.
Switching databases retires the loader: its running read is told to stop, its answer is
dropped, and once its job has ended its connections are closed and it is deleted.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter
from billing_desktop.workers.dashboard_worker import DashboardLoader, DashboardResult, Loader


class DashboardFeed(QObject):
    """`use(db)`, then `request(filter)`; answers of the newest request only (GUI thread)."""

    loaded = Signal(object, float)  # DashboardResult, seconds since it was asked for
    failed = Signal(str)  # one sentence for the user
    passwordRequired = Signal(str)  # the server wants a password that is not saved
    preparing = Signal(str)  # what takes long before the first query

    def __init__(self, loader: Loader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self.current: DashboardLoader | None = None
        self.retired: list[DashboardLoader] = []
        self._seq = 0
        self._names_loaded = False
        self._requested_at = 0.0

    def use(self, db: Database | None, build_embedded: Path | None = None) -> None:
        """Read `db` from now on (None: no database); the filter's choices are asked again."""
        self._retire()
        self._names_loaded = False
        if db is None:
            return
        current = DashboardLoader(db, build_embedded=build_embedded, loader=self._loader,
                                  parent=self)  # fmt: skip
        current.loaded.connect(self._on_loaded)
        current.failed.connect(self._on_failed)
        current.passwordRequired.connect(self._on_password_required)
        current.preparing.connect(self.preparing)
        self.current = current

    def request(self, flt: EventFilter) -> bool:
        """Ask for the figures of `flt`; False when there is no database to ask."""
        self.forget()
        if self.current is None:
            return False
        self._requested_at = time.monotonic()
        self.current.request(self._seq, flt, not self._names_loaded)
        return True

    def forget(self) -> None:
        """Whatever is on its way now answers an older question: it is not passed on."""
        self._seq += 1

    def is_connected(self) -> bool:
        return self.current is not None

    def shutdown(self) -> None:
        """Stop every read, and wait for those under way; nothing outlives the window."""
        self._retire()
        for loader in list(self.retired):
            loader.wait()
            self._let_go(loader)

    def _retire(self) -> None:
        """Let the old loader end its read at its next step; its answer is stale."""
        self.forget()
        old, self.current = self.current, None
        if old is None:
            return
        old.stop()
        if not old.is_running():
            self._let_go(old)
            return
        self.retired.append(old)
        old.idle.connect(lambda: self._let_go(old))

    def _let_go(self, loader: DashboardLoader) -> None:
        """A retired loader whose job has ended: its connections closed, the loader deleted
        by the event loop (never from inside its own job's signal)."""
        loader.db.dispose()
        if loader in self.retired:
            self.retired.remove(loader)
        loader.deleteLater()

    @Slot(int, object)
    def _on_loaded(self, seq: int, result: DashboardResult) -> None:
        if seq != self._seq:
            return  # an older request's answer: a newer one is on its way or already shown
        if result.tenants is not None and result.models is not None:
            self._names_loaded = True
        self.loaded.emit(result, time.monotonic() - self._requested_at)

    @Slot(int, str)
    def _on_failed(self, seq: int, message: str) -> None:
        if seq == self._seq:
            self.failed.emit(message)

    @Slot(int, str)
    def _on_password_required(self, seq: int, message: str) -> None:
        if seq == self._seq:
            self.passwordRequired.emit(message)
