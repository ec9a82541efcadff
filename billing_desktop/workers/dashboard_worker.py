"""Dashboard queries off the GUI thread, on background jobs.

Every request carries the window's sequence number. `LatestOnly` runs one query at a time and
never starts a request that a newer one superseded while it waited; the window also ignores
any answer whose number is not the latest it asked for, so a slow old result never overwrites
a newer one, also when a database switch leaves an old loader finishing a slow query.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import DashboardData, list_models, list_tenants, load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import PasswordRequired
from billing_desktop.export.control import ExportControl
from billing_desktop.workers.job import LatestOnly

log = logging.getLogger(__name__)

Loader = Callable[[Database, EventFilter], DashboardData]

INTERNAL_ERROR = (
    "The dashboard could not be loaded because of an internal error; details are in the log file."
)


@dataclass(frozen=True)
class DashboardResult:
    data: DashboardData
    tenants: list[str] | None  # the filter's choices, when they were asked for
    models: list[str] | None


@dataclass(frozen=True)
class _PasswordWanted:
    message: str


class DashboardLoader(QObject):
    """`request(seq, filter, with_names)` from the GUI thread; the answers carry `seq`."""

    loaded = Signal(int, object)  # seq, DashboardResult
    failed = Signal(int, str)  # seq, one sentence for the user
    passwordRequired = Signal(int, str)  # seq, sentence: the server wants a password we lack
    preparing = Signal(str)  # what takes long before the first query (building the demo DB)
    idle = Signal()  # the running query ended and nothing waits

    def __init__(
        self,
        db: Database,
        *,
        build_embedded: Path | None = None,
        loader: Loader = load_dashboard,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._build_embedded = build_embedded
        self._loader = loader
        self._jobs = LatestOnly("dashboard", cancel_superseded=False, parent=self)
        self._jobs.finished.connect(self._on_finished)
        self._jobs.failed.connect(self._on_failed)
        self._jobs.crashed.connect(self._on_crashed)
        self._jobs.notice.connect(self.preparing)
        self._jobs.idle.connect(self.idle)

    def request(self, seq: int, flt: EventFilter, with_names: bool) -> None:
        self._jobs.submit(partial(self._load, flt, with_names), tag=seq)

    def stop(self) -> None:
        """Let the running query finish, drop any waiting one; no answer is delivered."""
        self._jobs.invalidate(cancel=False)

    def wait(self, ms: int = 30_000) -> bool:
        return self._jobs.join(ms)

    def is_running(self) -> bool:
        return self._jobs.is_running()

    def _load(
        self, flt: EventFilter, with_names: bool, control: ExportControl
    ) -> DashboardResult | _PasswordWanted:
        """On the job's thread."""
        try:
            self._prepare(control)
            data = self._loader(self.db, flt)
            tenants = list_tenants(self.db) if with_names else None
            models = list_models(self.db) if with_names else None
        except PasswordRequired as exc:
            return _PasswordWanted(str(exc))
        return DashboardResult(data, tenants, models)

    def _prepare(self, control: ExportControl) -> None:
        if self._build_embedded is None:
            return
        from billing_desktop.db.demo import ensure_embedded_database

        if not self._build_embedded.exists():
            control.tell("Creating the demo database (first start)…")
        ensure_embedded_database(self._build_embedded)
        self._build_embedded = None

    @Slot(object, object)
    def _on_finished(self, seq: Any, value: DashboardResult | _PasswordWanted) -> None:
        if isinstance(value, _PasswordWanted):
            self.passwordRequired.emit(int(seq), value.message)
        else:
            self.loaded.emit(int(seq), value)

    @Slot(object, str)
    def _on_failed(self, seq: Any, message: str) -> None:
        self.failed.emit(int(seq), message)

    @Slot(object, object)
    def _on_crashed(self, seq: Any, exc: BaseException) -> None:
        # A bug: logged, and said, but the loader lives on for the next request.
        log.error("dashboard query failed", exc_info=exc)
        self.failed.emit(int(seq), INTERNAL_ERROR)
