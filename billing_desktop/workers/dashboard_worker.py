"""Dashboard queries off the GUI thread: a QObject worker living on its own QThread.

Every request carries a sequence number. The worker skips requests that a newer one has
already superseded before it got to them, and the window ignores any answer whose number is
not the latest it asked for, so a slow old result never overwrites a newer one — also when a
database switch leaves an old worker finishing a slow query on its own thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import DashboardData, list_models, list_tenants, load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import BillingError, PasswordRequired

log = logging.getLogger(__name__)

Loader = Callable[[Database, EventFilter], DashboardData]


@dataclass(frozen=True)
class DashboardResult:
    data: DashboardData
    tenants: list[str] | None  # the filter's choices, when they were asked for
    models: list[str] | None


class DashboardWorker(QObject):
    """Runs `load(seq, filter, with_names)` requests one after the other."""

    loaded = Signal(int, object)  # seq, DashboardResult
    failed = Signal(int, str)  # seq, one sentence for the user
    passwordRequired = Signal(int, str)  # seq, sentence: the server wants a password we lack
    preparing = Signal(str)  # what takes long before the first query (building the demo DB)
    # Requests arrive through this signal so that the slot runs on the worker's thread.
    requested = Signal(int, object, bool)

    def __init__(
        self,
        db: Database,
        *,
        build_embedded: Path | None = None,
        loader: Loader = load_dashboard,
    ) -> None:
        super().__init__()
        self.db = db
        self._build_embedded = build_embedded
        self._loader = loader
        self._latest = 0
        self._lock = threading.Lock()
        self.requested.connect(self.load)

    def request(self, seq: int, flt: EventFilter, with_names: bool) -> None:
        """Called from the GUI thread; the work happens on the worker's thread."""
        with self._lock:
            self._latest = max(self._latest, seq)
        self.requested.emit(seq, flt, with_names)

    @Slot(int, object, bool)
    def load(self, seq: int, flt: EventFilter, with_names: bool) -> None:
        with self._lock:
            superseded = seq < self._latest
        if superseded and not with_names:
            return  # a newer request is already queued behind this one
        try:
            self._prepare()
            data = self._loader(self.db, flt)
            tenants = list_tenants(self.db) if with_names else None
            models = list_models(self.db) if with_names else None
        except PasswordRequired as exc:
            self.passwordRequired.emit(seq, str(exc))
            return
        except BillingError as exc:
            self.failed.emit(seq, str(exc))
            return
        except Exception:  # a bug: log it and say so, but keep the worker alive
            log.exception("dashboard query failed")
            self.failed.emit(
                seq,
                self.tr(
                    "The dashboard could not be loaded because of an"
                    " internal error; details are in the log file."
                ),
            )
            return
        self.loaded.emit(seq, DashboardResult(data, tenants, models))

    def _prepare(self) -> None:
        if self._build_embedded is None:
            return
        from billing_desktop.db.demo import ensure_embedded_database

        if not self._build_embedded.exists():
            self.preparing.emit(self.tr("Creating the demo database (first start)…"))
        ensure_embedded_database(self._build_embedded)
        self._build_embedded = None


class DashboardThread:
    """A worker and the thread it lives on, started together and stopped together."""

    def __init__(self, worker: DashboardWorker) -> None:
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName("dashboardThread")
        worker.moveToThread(self.thread)
        self.thread.start()

    def stop(self) -> None:
        """Let the current query finish, then end the thread's event loop (non-blocking)."""
        self.thread.quit()

    def wait(self, ms: int = 30_000) -> bool:
        self.thread.quit()
        return self.thread.wait(ms)

    def is_running(self) -> bool:
        return self.thread.isRunning()
