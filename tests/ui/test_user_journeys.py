"""What a user does from a fresh install, end to end through the real main window and dialogs:
open the demo database, filter a month, export it as CSV and as JSON, connect to PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from clockfix import TODAY
from helpers import read_csv, read_json
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
)
from seed import EVENTS, seed_rows
from sqlalchemy import text

from billing_desktop.db.connection import Database
from billing_desktop.ui import locale_format

pytestmark = pytest.mark.gui
TIMEOUT = 30_000


def in_modal(qtbot, name: str, steps: Callable) -> list:
    """Run `steps(dialog)` once the modal dialog `name` is open; the test's exec() returns
    when the steps close it. Failures inside are carried out and re-raised by the caller."""
    errors: list = []

    def drive():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, drive)
            return
        try:
            assert dialog.objectName() == name
            steps(dialog)
        except BaseException as exc:  # re-raised in the test, after the dialog closed
            errors.append(exc)
            dialog.reject()

    QTimer.singleShot(0, drive)
    return errors


def independent_totals(db: Database, start: date, end: date) -> tuple[int, int]:
    """(events, cost cents) in [start, end] UTC, by plain SQL."""
    lo, hi = f"{start} 00:00:00", f"{end} 23:59:59.999999"
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT count(*), sum(cost_cents) FROM usage_events "
                "WHERE created_at >= :lo AND created_at <= :hi"
            ),
            {"lo": lo, "hi": hi},
        ).one()
    return int(row[0]), int(row[1] or 0)


def test_demo_database_filter_a_month_export_csv_and_json(
    small_demo_db, make_window, qtbot, tmp_path, monkeypatch
):
    window = make_window(None)
    preset = window.findChild(QComboBox, "presetCombo")
    preset.setCurrentIndex(preset.findText("Last month"))
    window.filter_bar.flush()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=TIMEOUT)
    flt = window.current_filter()
    today = TODAY
    first_this_month = today.replace(day=1)
    assert flt.end < first_this_month and flt.start.day == 1 and flt.end.month == flt.start.month
    events, cost = independent_totals(Database(f"sqlite:///{small_demo_db}"), flt.start, flt.end)
    assert events > 0
    assert window.findChild(QLabel, "totalCostValue").text() == locale_format.money(cost)
    assert window.findChild(QLabel, "totalEventsValue").text() == locale_format.count(events)

    for fmt in ("csv", "json"):
        target = tmp_path / f"last-month.{fmt}"

        def steps(dialog, fmt=fmt, target=target):
            dialog.findChild(QRadioButton, f"format{fmt.title()}Radio").click()
            assert dialog.findChild(QComboBox, "scopeCombo").currentData() == "all"
            dialog.findChild(QLineEdit, "outputPathEdit").setText(str(target))
            start = dialog.findChild(QPushButton, "startExportButton")
            qtbot.waitUntil(start.isEnabled, timeout=TIMEOUT)
            qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda: dialog.job is not None and not dialog.job.is_running(), timeout=TIMEOUT
            )
            bar = dialog.findChild(QProgressBar, "exportProgressBar")
            assert bar.value() == bar.maximum() > 0
            dialog.reject()

        errors = in_modal(qtbot, "exportDialog", steps)
        qtbot.mouseClick(window.findChild(QPushButton, "exportButton"), Qt.MouseButton.LeftButton)
        if errors:
            raise errors[0]
        assert target.exists(), fmt
        if fmt == "csv":
            rows = read_csv(target)[1]
        else:
            doc = read_json(target)
            assert doc["metadata"]["dateRange"] == {
                "start": flt.start.isoformat(),
                "end": flt.end.isoformat(),
            }
            assert doc["metadata"]["totals"]["costCents"] == cost
            rows = [(d["date"], 0, 0, 0, 0, d["costCents"]) for d in doc["data"]]
        assert len(rows) == events and sum(r[5] for r in rows) == cost
        assert {r[0][:7] for r in rows} == {flt.start.isoformat()[:7]}


@pytest.mark.postgres
def test_connect_to_postgresql_from_the_window(
    small_demo_db, make_window, qtbot, pg_server, pg_url
):
    db = Database(pg_url, create=True)
    seed_rows(db)
    db.dispose()
    window = make_window(None)
    assert "Demo database" in window.db_label.text()
    info = Database(pg_url).url

    def steps(dialog):
        dialog.findChild(QRadioButton, "postgresRadio").click()
        dialog.findChild(QLineEdit, "hostEdit").setText(info.host)
        dialog.findChild(QSpinBox, "portSpin").setValue(info.port)
        dialog.findChild(QLineEdit, "databaseEdit").setText(info.database)
        dialog.findChild(QLineEdit, "userEdit").setText(info.username)
        qtbot.mouseClick(dialog.findChild(QPushButton, "connectButton"), Qt.MouseButton.LeftButton)

    errors = in_modal(qtbot, "connectionDialog", steps)
    window.connection_action.trigger()
    if errors:
        raise errors[0]
    window.filter_bar.set_filter(
        type(window.current_filter())(date(2026, 1, 1), date(2026, 12, 31))
    )
    window.filter_bar.flush()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=TIMEOUT)
    assert window.db.backend == "postgresql"
    assert info.database in window.db_label.text()
    in_2026 = [e for e in EVENTS if e.created_at.year == 2026]
    assert window.findChild(QLabel, "totalEventsValue").text() == locale_format.count(len(in_2026))
    assert window.findChild(QLabel, "totalCostValue").text() == locale_format.money(
        sum(e.cost_cents for e in in_2026)
    )
    assert window.settings.connection["kind"] == "postgresql"
    assert "password" not in window.settings.connection
