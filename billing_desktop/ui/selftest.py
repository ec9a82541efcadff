"""`billing-desktop --self-test`: proves that a build (frozen or not) really works, headless.

It opens the main window on a temporary demo database, waits for the dashboard, runs one CSV
export through the export worker thread (`ExportJob`), and checks the written file row by row
against `count_rows` (an independent SQL count of the same snapshot) and against the
dashboard's figures. Every packaging check runs it (`QT_QPA_PLATFORM=offscreen`), so a missing
Qt plugin, SQLite driver, time zone file or resource in a bundle fails here rather than on an
accountant's desk.

The user's own settings and database are never touched: the window gets fresh in-memory
settings and is shut down without `close()` (which would save the window geometry).
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from billing_desktop import __version__, config, formatting, history
from billing_desktop.db.connection import Database
from billing_desktop.db.demo import add_demo_events
from billing_desktop.db.sql import EventFilter
from billing_desktop.export.request import ExportRequest
from billing_desktop.export.runner import count_rows
from billing_desktop.resources import resource_path
from billing_desktop.timezones import today_in
from billing_desktop.ui import locale_format

DEMO_EVENTS = 3_000
TIMEOUT_S = 60.0
CSV_HEADER = ["date", "tenant_name", "model_used", "input_tokens", "output_tokens", "cost_cents"]


class SelfTestFailure(Exception):
    """One sentence saying what did not work."""


def run_self_test(app: QApplication) -> int:
    """0 when the window, the dashboard and an export all work; 1 with the reason on stderr."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="billing-desktop-selftest-") as tmp:
        try:
            with history.elsewhere(Path(tmp) / "history.sqlite3"):
                report = _run(app, Path(tmp))
        except SelfTestFailure as exc:
            print(f"billing-desktop: self-test FAILED: {exc}", file=sys.stderr)
            return 1
    print(
        f"billing-desktop {__version__} self-test passed in "
        f"{time.monotonic() - started:.1f} s ({app.platformName()}): {report}"
    )
    return 0


def _run(app: QApplication, tmp: Path) -> str:
    from billing_desktop.ui.main_window import MainWindow
    from billing_desktop.workers.export_worker import ExportJob

    if not resource_path("billing-desktop.svg").is_file():
        raise SelfTestFailure(f"resource missing: {resource_path('billing-desktop.svg')}")
    if app.windowIcon().isNull():
        raise SelfTestFailure("the application icon could not be loaded")

    db_path = tmp / "selftest.sqlite3"
    url = f"sqlite:///{db_path}"
    seed_db = Database(url, create=True)
    try:
        add_demo_events(seed_db, DEMO_EVENTS, seed=4)
    finally:
        seed_db.dispose()

    today = today_in("UTC")
    flt = EventFilter(today - timedelta(days=29), today, "UTC")  # demo events end today
    target = tmp / "selftest-export.csv"
    request = ExportRequest(start=flt.start, end=flt.end, timezone=flt.timezone, output=str(target))
    params = request.params()

    shown_at = time.monotonic()
    window = MainWindow(config.Settings(), url)
    window.show()
    try:
        _wait(app, window.isVisible, "the main window did not show")
        shown_s = time.monotonic() - shown_at
        window.filter_bar.set_filter(flt)
        window.filter_bar.flush()
        _wait(
            app,
            lambda: (
                bool(window.error_text())
                or (
                    not window.is_loading()
                    and window.last_dashboard_data is not None
                    and window.last_dashboard_data.filter == flt
                )
            ),
            "the dashboard did not load",
        )
        if window.error_text():
            raise SelfTestFailure(f"the dashboard failed: {window.error_text()}")
        data, db = window.last_dashboard_data, window.db
        if data is None or db is None:
            raise SelfTestFailure("the window has no database or no dashboard data")
        expected = count_rows(db, params)
        if expected.rows == 0:
            raise SelfTestFailure("the demo database has no events in the last 30 days")
        dashboard = (data.events, data.input_tokens, data.output_tokens, data.cost_cents)
        counted = (expected.rows, expected.input_tokens, expected.output_tokens,
                   expected.cost_cents)  # fmt: skip
        if dashboard != counted:
            raise SelfTestFailure(f"dashboard shows {dashboard}, the database says {counted}")
        cost_label = window.findChild(QLabel, "totalCostValue")
        if cost_label is None or cost_label.text() != locale_format.money(expected.cost_cents):
            shown = cost_label.text() if cost_label else "no totalCostValue label"
            raise SelfTestFailure(
                f"total cost card shows {shown!r}, "
                f"expected {locale_format.money(expected.cost_cents)!r}"
            )

        job = ExportJob(db, request)
        outcome: list[tuple[str, object]] = []
        job.finished.connect(lambda result: outcome.append(("finished", result)))
        job.failed.connect(lambda message: outcome.append(("failed", message)))
        job.cancelled.connect(lambda: outcome.append(("cancelled", None)))
        job.crashed.connect(lambda exc: outcome.append(("crashed", exc)))
        job.start()
        _wait(app, lambda: bool(outcome), "the export did not finish", job.cancel_and_wait)
        kind, value = outcome[0]
        if kind != "finished":
            raise SelfTestFailure(f"the export {kind}: {value}")
        if getattr(value, "totals", None) != expected:
            raise SelfTestFailure(f"the export announced {value}, the database says {expected}")
        _check_csv(target, expected)
    finally:
        window.shutdown()
        window.hide()
        window.deleteLater()
        app.processEvents()
    return (
        f"window shown in {shown_s:.2f} s, dashboard and "
        f"{formatting.count(expected.rows)}-row CSV export agree "
        f"({formatting.dollars(expected.cost_cents)})"
    )


def _wait(
    app: QApplication,
    done: Callable[[], bool],
    failure: str,
    on_timeout: Callable[[], object] | None = None,
) -> None:
    """Run the event loop until `done()` is true; fail with `failure` after TIMEOUT_S."""
    deadline = time.monotonic() + TIMEOUT_S
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)

    def check() -> None:
        if done() or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    if not done():
        loop.exec()
    timer.stop()
    if not done():
        if on_timeout is not None:
            on_timeout()
        raise SelfTestFailure(f"{failure} within {TIMEOUT_S:.0f} s")


def _check_csv(path: Path, expected) -> None:  # expected: ExportTotals
    """The file's own rows must add up to what the database counted, to the cent."""
    if not path.is_file():
        raise SelfTestFailure(f"the export reported success but {path} does not exist")
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}")]
    if leftovers:
        raise SelfTestFailure(f"temporary files left behind: {leftovers}")
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != CSV_HEADER:
            raise SelfTestFailure(f"unexpected CSV header {header}")
        rows = input_tokens = output_tokens = cost = 0
        for line in reader:
            rows += 1
            input_tokens += int(line[3])
            output_tokens += int(line[4])
            cost += int(line[5])
    got = (rows, input_tokens, output_tokens, cost)
    want = (expected.rows, expected.input_tokens, expected.output_tokens, expected.cost_cents)
    if got != want:
        raise SelfTestFailure(f"the CSV holds (rows, in, out, cents) {got}, expected {want}")
