"""File → Scheduled exports…: New puts a schedule on the scheduler (a crontab kept in a file
here), Run now runs what the scheduler runs and shows its outcome, Remove takes the entry away."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_schedules import PRESET, Crontab

from billing_desktop.history import History
from billing_desktop.presets import PresetStore
from billing_desktop.scheduling.installing import Schedules
from billing_desktop.ui import msgbox, schedules_dialog
from billing_desktop.ui.schedules_dialog import ScheduleEditor, SchedulesDialog

pytestmark = pytest.mark.gui


def test_new_run_now_and_remove(qtbot, tmp_path, seeded_sqlite, monkeypatch):
    monkeypatch.setenv("BILLING_DATABASE_URL", seeded_sqlite)
    PresetStore().save("Usage", PRESET)
    folder = tmp_path / "exports"
    folder.mkdir()
    crontab = Crontab(tmp_path / "crontab")
    dialog = SchedulesDialog(Schedules(backend=crontab.backend()))
    qtbot.addWidget(dialog)

    def fill_and_accept(editor: ScheduleEditor) -> int:
        editor.name_edit.setText("Daily usage")
        editor.preset_combo.setCurrentText("Usage")
        editor.kind_combo.setCurrentIndex(editor.kind_combo.findData("daily"))
        editor.folder_edit.setText(str(folder))
        editor.accept()
        return editor.result()

    monkeypatch.setattr(schedules_dialog.ScheduleEditor, "exec", fill_and_accept)
    qtbot.mouseClick(dialog.buttons["new"], Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "Daily usage"
    assert dialog.table.item(0, 2).text() == "daily at 06:00"
    assert "schedule run 'Daily usage'" in crontab.read()

    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.run_finished, timeout=120_000) as finished:
        qtbot.mouseClick(dialog.buttons["run"], Qt.MouseButton.LeftButton)
    assert finished.args == [0], dialog.status_label.text()
    assert len(list(folder.glob("billing-export-*.csv"))) == 1
    assert dialog.table.item(0, 5).text() == "succeeded"
    assert History().scheduled(name="Daily usage")[0].outcome == "succeeded"

    monkeypatch.setattr(msgbox, "question", lambda *a: True)
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.buttons["remove"], Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 0 and "billing-desktop:" not in crontab.read()


def test_the_editor_refuses_a_missing_folder_in_one_sentence(qtbot, tmp_path):
    PresetStore().save("Usage", PRESET)
    editor = ScheduleEditor(None)
    qtbot.addWidget(editor)
    editor.name_edit.setText("X")
    editor.folder_edit.setText(str(tmp_path / "missing"))
    editor.accept()
    assert editor.result() != QDialog.DialogCode.Accepted and editor.result_schedule is None
    assert editor.error_label.text() == f"The folder {tmp_path / 'missing'} does not exist."
