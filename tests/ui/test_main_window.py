"""The main window with real widgets (offscreen) on real databases."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from clockfix import TODAY
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QPushButton
from seed import TENANTS, chosen_events
from sqlalchemy import text

from billing_desktop import config
from billing_desktop.clock import FixedClock
from billing_desktop.db.dashboard import GroupRow, load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.ui import locale_format, msgbox
from billing_desktop.ui.filter_bar import FilterBar, preset_range
from billing_desktop.ui.table_models import SORT_ROLE, GroupTableModel, NumericSortProxy

pytestmark = pytest.mark.gui
LOAD_TIMEOUT_MS = 20_000


def url_of(db) -> str:
    return db.url.render(hide_password=False)


def wait_idle(qtbot, window) -> None:
    """Wait until the newest request has been answered (figures or an error on screen)."""
    window.filter_bar.flush()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=LOAD_TIMEOUT_MS)


def show_filter(qtbot, window, flt: EventFilter) -> None:
    """Put `flt` into the filter bar as a user would, and wait for its figures."""
    window.filter_bar.set_filter(flt)
    wait_idle(qtbot, window)
    shown = window.current_filter()
    assert (shown.start, shown.end, shown.timezone) == (flt.start, flt.end, flt.timezone)
    assert (set(shown.tenants), set(shown.models)) == (set(flt.tenants), set(flt.models))


def seed_totals(flt: EventFilter) -> dict:
    chosen = chosen_events(flt.start, flt.end, flt.timezone, flt.tenants, flt.models)
    return {
        "cost": sum(e.cost_cents for e in chosen),
        "events": len(chosen),
        "input": sum(e.input_tokens for e in chosen),
        "output": sum(e.output_tokens for e in chosen),
        "tenants": len({e.tenant for e in chosen}),
    }


def card(window, name: str) -> str:
    return window.findChild(QLabel, name).text()


# -- start-up ---------------------------------------------------------------------------------


def test_opens_on_the_embedded_demo_database_with_figures(small_demo_db, make_window, qtbot):
    window = make_window(None)
    assert window.error_text() == ""
    assert window.last_dashboard_data is not None
    window.filter_bar.apply_preset("Last 30 days")  # never empty, even on the 1st of a month
    wait_idle(qtbot, window)
    for name in ("startDateEdit", "endDateEdit"):
        assert window.findChild(QDateEdit, name) is not None
    for name in ("exportButton", "refreshButton"):
        assert window.findChild(QPushButton, name) is not None
    flt = window.current_filter()
    lo, hi = flt.bounds_utc
    with window.db.read() as conn:
        cost, events = conn.execute(
            text(
                "SELECT coalesce(sum(cost_cents), 0), count(*) FROM usage_events"
                " WHERE created_at >= :lo AND created_at < :hi"
            ),
            {"lo": lo.strftime("%Y-%m-%d %H:%M:%S"), "hi": hi.strftime("%Y-%m-%d %H:%M:%S")},
        ).one()
    assert events > 0
    assert card(window, "totalCostValue") == locale_format.money(cost)
    assert card(window, "totalEventsValue") == locale_format.count(events)
    assert "Demo database" in window.db_label.text()
    assert str(small_demo_db) in window.db_label.text()
    assert window.refresh_label.text().startswith("Updated ")


def test_builds_the_demo_database_on_first_start_without_freezing(make_window, qtbot):
    path = config.embedded_database_path()
    assert not path.exists()
    window = make_window(None, wait=False)
    # The window is up while the demo database is still being built on the worker thread.
    assert window.is_loading() and not path.exists()
    beats: list[float] = [time.monotonic()]
    qtbot.waitUntil(
        lambda: beats.append(time.monotonic()) or not window.is_loading(), timeout=60_000
    )
    assert path.exists()
    assert window.last_dashboard_data is not None and window.last_dashboard_data.events > 0
    assert window.error_text() == ""
    # waitUntil polls from the event loop; a frozen loop would leave one long gap. The bound is
    # loose because other test runs share the two cores of the CI machine.
    assert max(b - a for a, b in itertools.pairwise(beats)) < 1.0


# -- figures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "zone"),
    [
        (date(2025, 12, 31), date(2026, 12, 31), "Europe/Berlin"),
        (date(2026, 3, 8), date(2026, 3, 8), "America/New_York"),  # 23-hour day
        (date(2026, 3, 1), date(2026, 3, 1), "UTC"),  # events at exactly midnight
        (date(2026, 2, 1), date(2026, 2, 1), "Asia/Kathmandu"),
    ],
)
def test_cards_and_tables_match_the_seed(seeded, make_window, qtbot, start, end, zone):
    window = make_window(url_of(seeded))
    flt = EventFilter(start, end, zone)
    show_filter(qtbot, window, flt)
    want = seed_totals(flt)
    assert want["events"] > 0
    assert card(window, "totalCostValue") == locale_format.money(want["cost"])
    assert card(window, "totalEventsValue") == locale_format.count(want["events"])
    assert card(window, "totalInputTokensValue") == locale_format.count(want["input"])
    assert card(window, "totalOutputTokensValue") == locale_format.count(want["output"])
    assert card(window, "activeTenantsValue") == str(want["tenants"])
    assert window.tenant_model.rowCount() == want["tenants"]
    assert sum(r.cost_cents for r in window.tenant_model.rows()) == want["cost"]
    assert sum(r.cost_cents for r in window.model_model.rows()) == want["cost"]
    assert sum(d.cost_cents for d in window.last_dashboard_data.daily) == want["cost"]
    assert window.chart.line.count() == (end - start).days + 1


def test_tenant_and_model_filters_with_search(seeded, make_window, qtbot):
    window = make_window(url_of(seeded))
    bar = window.filter_bar
    show_filter(qtbot, window, EventFilter(date(2026, 1, 1), date(2026, 12, 31)))
    assert sorted(bar.tenant_filter.names()) == sorted(TENANTS)
    bar.tenant_filter.search.setText("co")  # search by name, case-insensitive
    visible = [
        bar.tenant_filter.list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(bar.tenant_filter.list.count())
        if not bar.tenant_filter.list.item(i).isHidden()
    ]
    assert visible == [n for n in bar.tenant_filter.names() if "co" in n.casefold()]
    chosen = ("Acme Corp", "Zeta", TENANTS[4])
    for i in range(bar.tenant_filter.list.count()):
        item = bar.tenant_filter.list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in chosen:
            item.setCheckState(Qt.CheckState.Checked)  # as a click does
    bar.model_filter.set_selected(["claude-sonnet-4-20250514", "gemini-2.5-flash"])
    wait_idle(qtbot, window)
    flt = window.current_filter()
    assert set(flt.tenants) == set(chosen)
    assert bar.tenant_filter.text() == "3 tenants"
    want = seed_totals(flt)
    assert card(window, "totalCostValue") == locale_format.money(want["cost"])
    assert card(window, "totalEventsValue") == locale_format.count(want["events"])
    assert {r.name for r in window.tenant_model.rows()} <= set(chosen)
    bar.tenant_filter.clear()
    wait_idle(qtbot, window)
    assert window.current_filter().tenants == ()
    assert bar.tenant_filter.text() == "All tenants"


def test_refresh_shows_new_events(seeded, make_window, qtbot):
    window = make_window(url_of(seeded))
    flt = EventFilter(date(2026, 1, 1), date(2026, 12, 31))
    show_filter(qtbot, window, flt)
    before = seed_totals(flt)
    with seeded.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO usage_events (id, tenant_id, model, input_tokens, output_tokens,"
                " cost_cents, created_at) VALUES (9999, 1, 'm', 1, 1, 12345, :at)"
            ),
            {"at": "2026-06-01 12:00:00"},
        )
    qtbot.mouseClick(window.findChild(QPushButton, "refreshButton"), Qt.MouseButton.LeftButton)
    assert window.is_loading()
    wait_idle(qtbot, window)
    assert card(window, "totalCostValue") == locale_format.money(before["cost"] + 12345)
    assert "m" in window.filter_bar.model_filter.names() or window.model_model.rowCount() > 0


# -- presets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "today", "expected"),
    [
        ("This month", date(2026, 3, 15), (date(2026, 3, 1), date(2026, 3, 15))),
        ("This month", date(2026, 3, 1), (date(2026, 3, 1), date(2026, 3, 1))),
        ("Last month", date(2026, 3, 31), (date(2026, 2, 1), date(2026, 2, 28))),
        ("Last month", date(2024, 3, 10), (date(2024, 2, 1), date(2024, 2, 29))),
        ("Last month", date(2026, 1, 5), (date(2025, 12, 1), date(2025, 12, 31))),
        ("Last 30 days", date(2026, 3, 1), (date(2026, 1, 31), date(2026, 3, 1))),
        ("Year to date", date(2026, 1, 1), (date(2026, 1, 1), date(2026, 1, 1))),
        ("Year to date", date(2026, 11, 24), (date(2026, 1, 1), date(2026, 11, 24))),
    ],
)
def test_presets(preset, today, expected):
    assert preset_range(preset, today) == expected


def test_preset_combo_sets_the_date_edits_and_editing_makes_it_custom(qtbot):
    bar = FilterBar(clock=FixedClock(datetime(2026, 1, 5, 12, tzinfo=UTC)))
    qtbot.addWidget(bar)
    assert bar.current_filter().start == date(2026, 1, 1)  # This month by default
    with qtbot.waitSignal(bar.filterChanged, timeout=2000):
        bar.preset_combo.setCurrentText("Last month")
    assert bar.start_edit.date() == QDate(2025, 12, 1)
    assert bar.end_edit.date() == QDate(2025, 12, 31)
    assert bar.current_filter().timezone == "UTC"
    bar.start_edit.setDate(QDate(2025, 12, 2))
    assert bar.preset_combo.currentText() == "Custom range"
    bar.zone_combo.setCurrentText("Europe/Berlin")
    assert bar.current_filter().timezone == "Europe/Berlin"
    assert bar.zone_error() is None
    with qtbot.waitSignal(bar.zoneValidityChanged, timeout=2000) as validity:
        bar.zone_combo.setCurrentText("Not/AZone")
    assert validity.args == [False]
    # A half-typed name never reaches a query: the last valid zone stays in force, and the
    # field says what is wrong.
    assert bar.current_filter().timezone == "Europe/Berlin"
    assert "Unknown time zone 'Not/AZone'" in bar.zone_error()
    assert "Unknown time zone" in bar.zone_combo.toolTip()
    with qtbot.waitSignal(bar.zoneValidityChanged, timeout=2000) as validity:
        bar.zone_combo.setCurrentText("Asia/Tokyo")
    assert validity.args == [True] and bar.zone_error() is None
    assert bar.current_filter().timezone == "Asia/Tokyo"
    assert bar.start_edit.calendarPopup() and bar.end_edit.calendarPopup()
    bar.start_edit.setDate(QDate(2026, 2, 10))  # past the end: the end follows
    assert (bar.start_edit.date(), bar.end_edit.date()) == (QDate(2026, 2, 10), QDate(2026, 2, 10))
    bar.end_edit.setDate(QDate(2026, 1, 20))  # before the start: the start follows
    assert bar.current_filter().start == bar.current_filter().end == date(2026, 1, 20)


# -- table models -----------------------------------------------------------------------------


def test_table_model_under_modeltester(qtmodeltester):
    model = GroupTableModel("Tenant")
    model.set_rows(
        [
            GroupRow("Acme Corp", 1200, 5_000_000, 900_000, 123_456_789),
            GroupRow("Zeta\nLine", 3, 10, 5, -250),
            GroupRow("Ünïcødé", 999, 1000, 1000, 999),
        ]
    )
    qtmodeltester.check(model)
    proxy = NumericSortProxy(model)
    qtmodeltester.check(proxy)
    index = model.index(0, 4)
    assert model.data(index) == "1,234,567.89"  # the header names the currency
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Cost\n(USD)"
    assert model.data(model.index(0, 2)) == "5.0 M"  # compact; exact on hover
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole) == "5,000,000"
    assert model.data(model.index(1, 0)) == "Zeta Line"  # one line per row
    align = Qt.AlignmentFlag(model.data(index, Qt.ItemDataRole.TextAlignmentRole))
    assert align & Qt.AlignmentFlag.AlignRight
    # Sorting is numeric (999 < 1200 although "999" > "1,200" as text) and exact for cents.
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 1).data() for r in range(3)] == ["3", "999", "1,200"]
    proxy.sort(4, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 4).data(SORT_ROLE) for r in range(3)] == [123_456_789, 999, -250]
    model.set_rows([])
    qtmodeltester.check(model)
    assert proxy.rowCount() == 0


# -- loading on a worker ----------------------------------------------------------------------


def test_a_slow_old_result_never_overwrites_a_newer_one(seeded, tmp_path, make_window, qtbot):
    """The first database answers slowly; the user meanwhile switched to another one."""
    release = threading.Event()
    calls: list[str] = []

    def loader(db, flt):
        calls.append(db.describe())
        if db.describe() == seeded.describe():
            assert release.wait(20)  # the old database hangs until the new answer is shown
        return load_dashboard(db, flt)

    window = make_window(url_of(seeded), wait=False, loader=loader)
    assert window.is_loading()
    other = tmp_path / "other.sqlite3"
    from billing_desktop.db.connection import Database
    from billing_desktop.db.demo import add_demo_events

    other_db = Database(f"sqlite:///{other}", create=True)
    add_demo_events(other_db, 500, today=date(2026, 3, 31))
    other_db.dispose()
    window.set_database(f"sqlite:///{other}")
    show_filter(qtbot, window, EventFilter(date(2026, 1, 1), date(2026, 3, 31)))
    newer = window.last_dashboard_data
    assert newer is not None and newer.events > 0
    shown: list = []
    window.dashboardShown.connect(shown.append)
    old = window.feed.retired[0]
    release.set()
    qtbot.waitUntil(lambda: old not in window.feed.retired, timeout=20_000)
    qtbot.wait(100)  # let the old answer's queued signal arrive
    assert shown == []
    assert window.last_dashboard_data is newer
    assert card(window, "totalEventsValue") == locale_format.count(newer.events)
    assert calls[0] == seeded.describe() and calls[-1] != seeded.describe()


def test_unreachable_database_is_a_message_and_the_app_keeps_working(seeded, make_window, qtbot):
    window = make_window("postgresql://u@127.0.0.1:1/x")
    assert "Cannot connect to PostgreSQL x on 127.0.0.1:1" in window.error_text()
    assert window.banner.isVisible()
    assert card(window, "totalCostValue") == "—"
    window.set_database(url_of(seeded))
    show_filter(qtbot, window, EventFilter(date(2026, 1, 1), date(2026, 12, 31)))
    assert window.error_text() == ""
    assert card(window, "totalCostValue") == locale_format.money(
        seed_totals(window.current_filter())["cost"]
    )


def test_a_missing_sqlite_file_is_a_message(tmp_path, make_window):
    window = make_window(f"sqlite:///{tmp_path / 'nope.sqlite3'}")
    assert "does not exist" in window.error_text()
    assert window.db is None
    shown: list[str] = []
    original = msgbox.warning
    try:
        msgbox.warning = lambda parent, title, text: shown.append(text)  # type: ignore[assignment]
        window.open_export_dialog()
    finally:
        msgbox.warning = original  # type: ignore[assignment]
    assert shown and "No database is connected" in shown[0]


# -- closing ----------------------------------------------------------------------------------


class ThreadJob:
    """A real background job, as the export side registers it."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.stop.wait, daemon=True)
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.is_alive()

    def cancel_and_wait(self) -> None:
        self.stop.set()
        self.thread.join(5)


def test_closing_during_an_export_asks_then_cancels(small_demo_db, make_window, monkeypatch):
    window = make_window(None)
    job = ThreadJob()
    window.register_export_job(job)
    answers = [False, True]
    asked: list[str] = []

    def question_while(parent, title, text, *, still_true):
        assert still_true()
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(msgbox, "question_while", question_while)
    assert not window.close()  # "No": the window stays, the export goes on
    assert window.isVisible() and job.is_running()
    assert window.close()  # "Yes": cancelled and waited for
    assert not job.is_running()
    assert len(asked) == 2 and "export is still running" in asked[0]
    assert not any(t.is_running() for t in window.feed.retired)


def test_the_quit_question_goes_away_when_the_export_ends_meanwhile(
    small_demo_db, make_window, qtbot
):
    # A real question box: nobody answers it, the export ends two tenths of a second later.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    window = make_window(None)
    job = ThreadJob()
    window.register_export_job(job)
    QTimer.singleShot(200, job.cancel_and_wait)
    seen: list[str] = []

    def look_then_give_up() -> None:  # a safety net: never hang the suite on a modal box
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.isVisible():
                seen.append(box.text())
                box.done(QMessageBox.StandardButton.No)

    QTimer.singleShot(100, lambda: seen.extend(_shown_questions()))
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(look_then_give_up)
    safety.start(5000)
    closed = window.close()
    safety.stop()
    assert seen and "export is still running" in seen[0]  # it was asked, on screen
    assert len(seen) == 1  # ...and the safety net never had to answer it
    assert closed  # nothing left to cancel: the window closes


def _shown_questions() -> list[str]:
    from PySide6.QtWidgets import QApplication, QMessageBox

    return [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_closing_without_exports_does_not_ask_and_saves_geometry(
    small_demo_db, make_window, monkeypatch, qtbot
):
    monkeypatch.setattr(msgbox, "question", lambda *a: pytest.fail("should not ask"))
    window = make_window(None)
    window.resize(798, 560)  # the offscreen screen is 800x600; the default fills it
    finished = ThreadJob()
    finished.cancel_and_wait()
    window.register_export_job(finished)
    assert window.close()
    saved = config.load_settings().window
    assert saved.get("geometry")
    from billing_desktop.ui.main_window import MainWindow

    again = MainWindow(config.load_settings(), None)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (798, 560)
    again.shutdown()


# -- crash handling ---------------------------------------------------------------------------


def test_a_bug_opens_the_crash_dialog_without_secrets(monkeypatch, qtbot):
    from billing_desktop.ui import crash

    shown: list[str] = []
    monkeypatch.setattr(crash, "show_crash_dialog", shown.append)
    log_path = crash.setup_logging()
    crash.register_secret("s3cr3t-pw")
    try:
        raise RuntimeError("connect to postgresql://u:s3cr3t-pw@h/db failed")
    except RuntimeError as exc:
        crash.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1
    assert "RuntimeError" in shown[0] and "s3cr3t-pw" not in shown[0]
    if log_path is not None:
        for handler in crash.log.handlers:
            handler.flush()
        logged = Path(log_path).read_text(encoding="utf-8")
        assert "RuntimeError" in logged and "s3cr3t-pw" not in logged
    dialog = crash.CrashDialog(shown[0])
    qtbot.addWidget(dialog)
    dialog.copy_details()
    from PySide6.QtGui import QGuiApplication

    assert "RuntimeError" in QGuiApplication.clipboard().text()


# -- the real start, in a process of its own --------------------------------------------------

_START_SCRIPT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])

def check():
    windows = [w for w in app.topLevelWidgets() if w.objectName() == "mainWindow"]
    if windows and windows[0].last_dashboard_data is not None:
        print("TOTAL", windows[0].findChild(QLabel, "totalCostValue").text(), flush=True)
        windows[0].close()
    else:
        QTimer.singleShot(50, check)

QTimer.singleShot(0, check)
from billing_desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_start_in_a_subprocess_opens_the_window_with_figures(seeded, tmp_path):
    env_url = url_of(seeded)
    proc = subprocess.run(
        [sys.executable, "-c", _START_SCRIPT, "--database-url", env_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    flt = EventFilter(*preset_range("This month", TODAY))
    assert f"TOTAL {locale_format.money(seed_totals(flt)['cost'])}" in proc.stdout


# -- dialogs ----------------------------------------------------------------------------------


def _close_modal_later(qtbot, seen: list):
    """Record the modal dialog that opens next, then dismiss it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def grab():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, grab)
            return
        seen.append(
            (
                dialog.objectName(),
                {
                    n: dialog.findChild(QDateEdit, n).date()
                    for n in ("startDateEdit", "endDateEdit")
                },
            )
        )
        dialog.reject()

    QTimer.singleShot(0, grab)


def test_export_button_and_ctrl_e_open_the_export_dialog_with_the_filter(
    seeded, make_window, qtbot
):
    window = make_window(url_of(seeded))
    show_filter(qtbot, window, EventFilter(date(2026, 2, 1), date(2026, 3, 15), "Europe/Berlin"))
    seen: list = []
    _close_modal_later(qtbot, seen)
    qtbot.mouseClick(window.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
    assert seen == [
        ("exportDialog", {"startDateEdit": QDate(2026, 2, 1), "endDateEdit": QDate(2026, 3, 15)})
    ]
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    _close_modal_later(qtbot, seen)
    window.export_action.trigger()
    assert len(seen) == 2 and seen[1][0] == "exportDialog"


def test_menus_about_and_switching_back_to_the_demo_database(
    small_demo_db, seeded, make_window, qtbot, monkeypatch
):
    from billing_desktop import __version__

    window = make_window(url_of(seeded))
    assert window.db.describe() == seeded.describe()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&View", "&Help"]
    assert window.refresh_action.shortcut().toString() == "F5"
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "information", lambda parent, title, text: shown.append(text))
    window.show_about()
    assert shown and __version__ in shown[0]
    window.set_database(None)  # None: the embedded demo database
    wait_idle(qtbot, window)
    assert "Demo database" in window.db_label.text()
    assert window.last_dashboard_data is not None and window.last_dashboard_data.events > 0
    assert window.filter_bar.tenant_filter.names() != [] and "Zeta" not in (
        window.filter_bar.tenant_filter.names()
    )


def test_a_bug_in_a_worker_thread_shows_the_dialog_on_the_gui_thread(monkeypatch, qtbot):
    from PySide6.QtCore import QThread

    from billing_desktop.ui import crash

    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        crash,
        "show_crash_dialog",
        lambda details: shown.append((details, QThread.currentThread().isMainThread())),
    )

    def boom():
        try:
            raise ValueError("bug in a thread")
        except ValueError as exc:
            crash.excepthook(type(exc), exc, exc.__traceback__)

    thread = threading.Thread(target=boom)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "bug in a thread" in shown[0][0] and shown[0][1]
