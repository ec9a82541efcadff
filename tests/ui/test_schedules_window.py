"""Scheduled exports from the window: File → Scheduled exports… (New through the editor, Run
now, Remove), the Export dialog's Schedule… on its preset row, and the failed scheduled runs
said at start with Re-run. The scheduler is cron with its crontab kept in a file here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from clockfix import TEST_CLOCK, TEST_NOW
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from test_schedules import PRESET, Crontab

from billing_desktop import config
from billing_desktop.config import Settings
from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter
from billing_desktop.history import FAILED, History, HistoryRecord
from billing_desktop.periods import resolve_period
from billing_desktop.presets import PresetStore
from billing_desktop.scheduling.installing import Schedules
from billing_desktop.scheduling.store import ScheduleStore
from billing_desktop.ui import msgbox
from billing_desktop.ui.export_dialog import ExportDialog
from billing_desktop.ui.main_window import MainWindow
from billing_desktop.ui.schedules_dialog import ScheduleEditor, SchedulesDialog

pytestmark = pytest.mark.gui

RUN_TIMEOUT_MS = 120_000


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """Once a modal `kind` is open (its exec() is running), do `act` with it."""

    def look() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            act(widget)
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def fill_daily(folder, name: str = "Daily usage") -> Callable[[QWidget], None]:
    def fill(editor: QWidget) -> None:
        assert isinstance(editor, ScheduleEditor)
        editor.name_edit.setText(name)
        editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("daily"))
        editor.folder_edit.setText(str(folder))
        editor.accept()

    return fill


def test_file_menu_scheduled_exports_new_run_now_and_remove(
    qtbot, make_window, seeded_sqlite, out, tmp_path, monkeypatch
):
    monkeypatch.setenv("BILLING_DATABASE_URL", seeded_sqlite)
    PresetStore().save("Usage", PRESET)
    crontab = Crontab(tmp_path / "crontab")
    window = make_window(seeded_sqlite, schedules=Schedules(backend=crontab.backend()))
    seen: dict[str, object] = {}
    monkeypatch.setattr(msgbox, "question", lambda *a: True)  # "Remove …?" Yes

    def drive(dialog: QWidget) -> None:
        assert isinstance(dialog, SchedulesDialog)
        assert dialog.objectName() == "schedulesDialog"
        new = dialog.findChild(QWidget, "newScheduleButton")
        when_shown(ScheduleEditor, fill_daily(out))
        qtbot.mouseClick(new, Qt.MouseButton.LeftButton)
        seen["listed"] = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
        seen["crontab"] = crontab.read()
        dialog.table.selectRow(0)
        with qtbot.waitSignal(dialog.run_finished, timeout=RUN_TIMEOUT_MS) as finished:
            qtbot.mouseClick(dialog.findChild(QWidget, "runScheduleNowButton"),
                             Qt.MouseButton.LeftButton)  # fmt: skip
        seen["exit"] = finished.args
        seen["files"] = sorted(p.name for p in out.glob("billing-export-*.csv"))
        seen["outcome"] = dialog.table.item(0, 5).text()
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.findChild(QWidget, "removeScheduleButton"),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        seen["after_remove"] = dialog.table.rowCount()
        dialog.accept()

    when_shown(SchedulesDialog, drive)
    window.schedules_action.trigger()
    assert seen["listed"] == ["Daily usage"]
    assert "schedule run 'Daily usage'" in str(seen["crontab"])
    assert seen["exit"] == [0]
    assert len(seen["files"]) == 1  # type: ignore[arg-type]
    [record] = History().scheduled(name="Daily usage")
    assert record.outcome == "succeeded" and record.schedule == "Daily usage"
    assert record.target == str(out / seen["files"][0])  # type: ignore[index]
    assert seen["outcome"] == "succeeded"
    assert seen["after_remove"] == 0 and ScheduleStore().all() == []
    assert "billing-desktop" not in crontab.read()


def test_the_export_dialogs_schedule_button_saves_the_choices_as_a_preset_first(
    qtbot, seeded_sqlite, out, tmp_path, monkeypatch
):
    crontab = Crontab(tmp_path / "crontab")
    db = Database(seeded_sqlite)
    start, end = resolve_period("last-month", "UTC")
    dlg = ExportDialog(db, EventFilter(start, end), Settings(last_folder=str(out)),
                       period="last-month")  # fmt: skip
    qtbot.addWidget(dlg)
    bar = dlg.form.preset_bar
    bar.schedules = Schedules(backend=crontab.backend())
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "text", lambda _p, title, *a: asked.append(title) or "Monthly")
    monkeypatch.setattr(msgbox, "information", lambda *a: None)
    editor_preset: list[str] = []

    def fill(editor: QWidget) -> None:
        assert isinstance(editor, ScheduleEditor)
        editor_preset.append(editor.preset_combo.currentText())
        fill_daily(out, "Monthly usage")(editor)

    when_shown(ScheduleEditor, fill)
    qtbot.mouseClick(dlg.findChild(QWidget, "schedulePresetButton"), Qt.MouseButton.LeftButton)
    assert asked == ["Save preset"]  # the choices were no saved preset: a name was asked
    assert PresetStore().get("Monthly") == dlg.form.options()
    assert editor_preset == ["Monthly"]
    [schedule] = ScheduleStore().all()
    assert (schedule.name, schedule.preset) == ("Monthly usage", "Monthly")
    assert "schedule run 'Monthly usage'" in crontab.read()

    # The preset now chosen holds exactly the choices: Schedule… asks no name again.
    when_shown(ScheduleEditor, fill_daily(out, "Second"))
    qtbot.mouseClick(bar.schedule_button, Qt.MouseButton.LeftButton)
    assert asked == ["Save preset"]
    assert [s.preset for s in ScheduleStore().all()] == ["Monthly", "Monthly"]


def failed_run(name: str, message: str, finished: datetime) -> HistoryRecord:
    return HistoryRecord(
        face="command line", outcome=FAILED, message=message, parameters={"schedule": name},
        target=None, database="", schedule=name,
        finished_at=finished.astimezone(UTC).isoformat(timespec="seconds"),
    )  # fmt: skip


def test_failed_scheduled_runs_since_the_last_start_are_said_at_once_with_rerun(
    qtbot, seeded_sqlite, out, tmp_path, monkeypatch
):
    monkeypatch.setenv("BILLING_DATABASE_URL", seeded_sqlite)
    PresetStore().save("Usage", PRESET)
    schedules = Schedules(backend=Crontab(tmp_path / "crontab").backend())
    editor_schedule = ScheduleEditor(None, preset="Usage")
    qtbot.addWidget(editor_schedule)
    fill_daily(out, "Nightly")(editor_schedule)
    schedules.add(editor_schedule.result_schedule)
    history = History()
    history.append(failed_run("Nightly", "old failure", datetime(2026, 10, 28, 6, tzinfo=UTC)))
    history.append(failed_run("Nightly", "The database refused the password.",
                              datetime(2026, 11, 2, 6, tzinfo=UTC)))  # fmt: skip
    history.append(failed_run("Nightly", "The server is down.",
                              datetime(2026, 11, 3, 6, tzinfo=UTC)))  # fmt: skip
    settings = Settings(last_started="2026-11-01T09:00:00+00:00")
    clock = TEST_CLOCK
    window = MainWindow(settings, seeded_sqlite, clock=clock, schedules=schedules)
    qtbot.addWidget(window)
    window.show()
    banner = window.findChild(QWidget, "failedRunsBanner")
    assert banner.isVisible()
    text = window.failed_runs_banner.text.text()
    assert text.startswith("2 scheduled exports failed since 1 November.")
    assert "The server is down." in text
    assert config.load_settings().last_started == TEST_NOW.isoformat()

    with qtbot.waitSignal(window.failed_runs_banner.rerunFinished, timeout=RUN_TIMEOUT_MS) as done:
        qtbot.mouseClick(window.findChild(QWidget, "rerunFailedButton"), Qt.MouseButton.LeftButton)
    assert done.args == [0], window.failed_runs_banner.text.text()
    assert window.failed_runs_banner.text.text() == "'Nightly' ran again and succeeded."
    newest = History().scheduled(name="Nightly", limit=1)[0]
    assert newest.outcome == "succeeded" and len(list(out.glob("billing-export-*.csv"))) == 1
    window.shutdown()

    # The next start has nothing new to say.
    again = MainWindow(config.load_settings(), seeded_sqlite, clock=clock, schedules=schedules)
    qtbot.addWidget(again)
    assert again.failed_runs_banner.isHidden()
    again.shutdown()
