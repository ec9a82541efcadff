"""Statements from the window: the history and verify faces name the file's period, and the
issuer's name is asked for once, before the first statements, kept in the settings and
editable in Connection settings."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from test_export_dialog_outputs import choose
from test_history_dialog import TIMEOUT, cell, cli_export, open_history

from billing_desktop import config
from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter
from billing_desktop.periods import resolve_period
from billing_desktop.ui import msgbox
from billing_desktop.ui.connection_dialog import ConnectionDialog
from billing_desktop.ui.export_dialog import ExportDialog

pytestmark = pytest.mark.gui


def test_history_and_verify_name_the_files_period(qtbot, seeded, out, no_dialogs):
    cli_export(seeded, out / "october.json")
    dlg = open_history(qtbot, seeded)
    assert cell(dlg, 0, "Period") == "October 2026"  # last month on the suite's clock
    dlg.table.selectRow(0)
    dlg.verify_button.click()
    qtbot.waitUntil(lambda: dlg.last_report is not None, timeout=TIMEOUT)
    lines = dlg.report_view.toPlainText().splitlines()
    assert lines[1] == "Period: October 2026", lines


def statements_dialog(qtbot, url: str, out) -> ExportDialog:
    start, end = resolve_period("last-month", "UTC")
    dlg = ExportDialog(Database(url), EventFilter(start, end),
                       config.load_settings(), period="last-month")  # fmt: skip
    qtbot.addWidget(dlg)
    dlg.ask_issuer = True  # as the main window's is
    dlg.form.format_radios["xlsx"].setChecked(True)
    choose(dlg.form.scope_combo, "by_model")
    dlg.form.split_check.setChecked(True)
    dlg.form.path_edit.setText(str(out / "statements"))
    return dlg


def run(qtbot, dlg: ExportDialog) -> None:
    dlg.start_button.click()
    assert dlg.job is not None, dlg.message_label.text()
    qtbot.waitUntil(lambda: dlg.job is not None and not dlg.job.is_running(), timeout=TIMEOUT)
    assert dlg.export_result is not None, dlg.message_label.text()


def test_the_issuer_is_asked_once_and_heads_the_statements(qtbot, seeded_sqlite, out, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "text", lambda _p, title, *a: asked.append(title) or "Acme GmbH")
    monkeypatch.setattr(msgbox, "question", lambda *a: True)
    dlg = statements_dialog(qtbot, seeded_sqlite, out)
    run(qtbot, dlg)
    assert asked == ["Your company's name"]
    assert config.load_settings().issuer_name == "Acme GmbH"
    result = dlg.export_result
    first = result.path / result.files[0].name
    cells = [c.value for row in load_workbook(first).worksheets[0].iter_rows() for c in row]
    assert any("Acme GmbH" in str(v) for v in cells), cells[:12]

    (out / "again").mkdir()
    again = statements_dialog(qtbot, seeded_sqlite, out / "again")
    run(qtbot, again)
    assert asked == ["Your company's name"]  # once

    settings = config.load_settings()
    connection = ConnectionDialog(settings)
    qtbot.addWidget(connection)
    assert connection.issuer_edit.text() == "Acme GmbH"
    connection.issuer_edit.setText("Acme Holding")
    connection.accept()
    assert config.load_settings().issuer_name == "Acme Holding"
