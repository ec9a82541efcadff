"""Dashboard queries off the GUI thread, on the window's background jobs.

Every request carries the window's sequence number. `LatestOnly` runs one query at a time and
never starts a request that a newer one superseded while it waited; the window also ignores
any answer whose number is not the latest it asked for, so a slow old result never overwrites
a newer one, also when a database switch leaves an old loader finishing a slow query.

The work handed to a job is a plain function of plain data (`DashboardSource`), never a method
of the loader: a job's runner holds its work until the job's thread is released, and work that
held the loader would keep the loader alive through its own job, so that deleting the finished
job could delete the loader, and with it that very job a second time (the crash this avoids).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import DashboardData, list_models, list_tenants, load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import ExportCancelled, PasswordRequired
from billing_desktop.export.control import ExportControl
from billing_desktop.workers.job import LatestOnly

log = logging.getLogger(__name__)

Loader = Callable[[Database, EventFilter], DashboardData]


@dataclass(frozen=True)
class DashboardResult:
    data: DashboardData
    tenants: list[str] | None  # the filter's choices, when they were asked for
    models: list[str] | None


@dataclass(frozen=True)
class _PasswordWanted:
    message: str


@dataclass
class DashboardSource:
    """What a refresh reads: the database, how, and the demo file still to build (if any).
    Used by one job at a time."""

    db: Database
    loader: Loader
    build_embedded: Path | None = None


def _internal_error() -> str:
    return QCoreApplication.translate(
        "DashboardWorker",
        "The dashboard could not be loaded because of an"
        " internal error; details are in the log file.",
    )


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
        self._source = DashboardSource(db, loader, build_embedded)
        self._jobs = LatestOnly("dashboard", cancel_superseded=False, parent=self)
        self._jobs.finished.connect(self._on_finished)
        self._jobs.failed.connect(self._on_failed)
        self._jobs.crashed.connect(self._on_crashed)
        self._jobs.notice.connect(self.preparing)
        self._jobs.idle.connect(self.idle)

    def request(self, seq: int, flt: EventFilter, with_names: bool) -> None:
        self._jobs.submit(partial(load_figures, self._source, flt, with_names), tag=seq)

    def stop(self) -> None:
        """Drop any waiting request and stop the running one at its next step; no answer is
        delivered. Does not block."""
        self._jobs.invalidate(cancel=True)

    def wait(self, ms: int = 30_000) -> bool:
        return self._jobs.join(ms)

    def is_running(self) -> bool:
        return self._jobs.is_running()

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
        self.failed.emit(int(seq), _internal_error())


def load_figures(
    source: DashboardSource, flt: EventFilter, with_names: bool, control: ExportControl
) -> DashboardResult | _PasswordWanted:
    """On the job's thread: the figures of `flt`, and the filter's choices when asked."""
    try:
        _prepare(source, control)
        data = source.loader(source.db, flt)
        _check(control)
        tenants = list_tenants(source.db) if with_names else None
        models = list_models(source.db) if with_names else None
    except PasswordRequired as exc:
        return _PasswordWanted(str(exc))
    return DashboardResult(data, tenants, models)


def _prepare(source: DashboardSource, control: ExportControl) -> None:
    if source.build_embedded is None:
        return
    from billing_desktop.db.demo import ensure_embedded_database

    if not source.build_embedded.exists():
        control.tell(
            QCoreApplication.translate(
                "DashboardWorker", "Creating the demo database (first start)…"
            )
        )
    ensure_embedded_database(source.build_embedded)
    source.build_embedded = None
    _check(control)


def _check(control: ExportControl) -> None:
    if control.cancel.is_set():
        raise ExportCancelled("Dashboard refresh cancelled")
