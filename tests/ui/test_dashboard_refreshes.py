"""The dashboard's refreshes on the window's background jobs, on real databases: many quick
requests and database switches end on the database's own figures, a retired loader goes away
cleanly, and closing the window mid-refresh leaves nothing running."""

from __future__ import annotations

import gc
import threading
import weakref
from datetime import date, timedelta

import pytest

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.ui import locale_format
from billing_desktop.workers.dashboard_worker import DashboardLoader
from billing_desktop.workers.job import join_all_workers

pytestmark = pytest.mark.gui


def url_of(db: Database) -> str:
    return db.url.render(hide_password=False)


def wait_idle(qtbot, window) -> None:
    window.filter_bar.flush()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=20_000)


def card(window, name: str) -> str:
    from PySide6.QtWidgets import QLabel

    return window.findChild(QLabel, name).text()


def test_many_quick_refreshes_and_switches_end_on_the_databases_totals(seeded, make_window, qtbot):
    window = make_window(url_of(seeded))
    shown: list = []
    window.dashboardShown.connect(shown.append)
    last = EventFilter(date(2026, 1, 1), date(2026, 12, 31))
    for i in range(16):
        flt = EventFilter(date(2026, 1, 1) + timedelta(days=7 * i), date(2026, 12, 31))
        last = flt
        window.filter_bar.set_filter(flt)
        window.filter_bar.flush()  # each change asks at once, no debounce between them
        if i % 5 == 4:
            window.set_database(url_of(seeded))  # retires the loader in the middle of a read
            window.filter_bar.set_filter(flt)
            window.filter_bar.flush()
            gc.collect()  # a collection while jobs run and retired loaders wait to go
        qtbot.wait(i % 3 * 4)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.feed.retired == [], timeout=20_000)
    # The retired loaders are deleted by the event loop, not kept by their jobs.
    qtbot.waitUntil(lambda: len(window.findChildren(DashboardLoader)) == 1, timeout=5_000)

    want = load_dashboard(seeded, last)
    assert want.events > 0
    assert window.current_filter() == last
    assert window.last_dashboard_data == want  # every sum, day and row of the database
    assert shown[-1] == want
    assert card(window, "totalCostValue") == locale_format.money(want.cost_cents)
    assert card(window, "totalEventsValue") == locale_format.count(want.events)
    assert window.figures_current and window.error_text() == ""


def test_closing_the_window_mid_refresh_leaves_nothing_running(seeded, make_window, qtbot):
    started, release = threading.Event(), threading.Event()

    def slow_loader(db, flt):
        started.set()
        assert release.wait(20)
        return load_dashboard(db, flt)

    window = make_window(url_of(seeded), wait=False, loader=slow_loader)
    shown: list = []
    window.dashboardShown.connect(shown.append)
    qtbot.waitUntil(started.is_set, timeout=20_000)
    assert window.is_loading()
    releaser = threading.Timer(0.3, release.set)
    releaser.start()
    assert window.close()  # waits for the read under way, which is told to stop
    releaser.join()
    assert window.feed.current is None and window.feed.retired == []
    assert join_all_workers(0)  # no job thread of the window still runs
    qtbot.wait(100)  # an answer still queued would arrive now
    assert shown == []
    assert window.last_dashboard_data is None


def test_a_dropped_loader_is_not_kept_alive_by_its_answered_job(seeded_sqlite, qtbot):
    """A job's runner holds its work until its thread is released. Work that held the loader
    kept the loader alive through its own job, and deleting the job then deleted the loader,
    and the job inside it a second time: the process crashed (bus error, segmentation fault)."""
    db = Database(seeded_sqlite)
    loader = DashboardLoader(db)
    with qtbot.waitSignal(loader.loaded, timeout=20_000) as answer:
        loader.request(1, EventFilter(date(2026, 1, 1), date(2026, 12, 31)), True)
    seq, result = answer.args
    assert seq == 1 and result.data == load_dashboard(db, result.data.filter)
    assert result.tenants and result.models
    alive = weakref.ref(loader)
    del loader
    gc.collect()
    assert alive() is None
    qtbot.wait(50)  # the job's deferred deletion runs with its loader already gone
    db.dispose()
