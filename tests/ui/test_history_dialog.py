"""File → Recent exports…: the history of the window's and the command line's
exports, with Re-run, Open file, Show in folder and Verify, against real databases."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from helpers import cli
from seed import expected_rows

from billing_desktop.db.connection import Database
from billing_desktop.history import History
from billing_desktop.periods import resolve_period
from billing_desktop.ui import locale_format, msgbox
from billing_desktop.ui.history_dialog import COLUMNS, HistoryDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TIMEOUT = 30_000
LAST_MONTH = resolve_period("last-month", "UTC")  # October 2026 on the suite's clock


def url_of(db: Database) -> str:
    return db.url.render(hide_password=False)


def add_event(db: Database, created_at: str, cents: int = 7) -> None:
    """One more event, written as the platform would, behind the app's back."""
    sql = (  # the seed wrote its own ids, so the next one is taken by hand
        "INSERT INTO usage_events (id, tenant_id, model, input_tokens, output_tokens,"
        " cost_cents, created_at) SELECT max(id) + 1, 1, 'late-model', 10, 20, {p}, {p}"
        " FROM usage_events"
    )
    if db.backend == "sqlite":
        conn = sqlite3.connect(db.sqlite_path)
        with conn:
            conn.execute(sql.format(p="?"), (cents, created_at))
        conn.close()
        return
    with db.psycopg_connection() as pg, pg.cursor() as cur:
        cur.execute(sql.format(p="%s"), (cents, created_at + "+00"))


def cli_export(db: Database, target: Path, *extra: str) -> None:
    proc = cli("export", "--database-url", url_of(db), "--period", "last-month", "--format",
               "json", "--manifest", "-o", str(target), "--quiet", *extra)  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()


def open_history(qtbot, db: Database | None) -> HistoryDialog:
    dlg = HistoryDialog(db)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def cell(dlg: HistoryDialog, row: int, title: str) -> str:
    return dlg.table.item(row, COLUMNS.index(title)).text()


def test_records_of_both_faces_newest_first_with_failures(qtbot, seeded, out, no_dialogs):
    cli_export(seeded, out / "october.json")
    failed = cli("export", "--database-url", url_of(seeded), "-o", str(out / "no" / "x.csv"))
    assert failed.returncode == 1
    dlg = open_history(qtbot, seeded)
    assert dlg.objectName() == "historyDialog" and dlg.table.objectName() == "historyTable"
    assert dlg.table.rowCount() == 2
    assert cell(dlg, 0, "Outcome") == "Failed" and "does not exist" in cell(
        dlg, 0, "File / message"
    )
    assert cell(dlg, 1, "Outcome") == "Succeeded" and cell(dlg, 1, "From") == "Command line"
    assert cell(dlg, 1, "What") == "JSON, All events, Last month"
    first, last = (locale_format.short_date(date(2026, 11, d)) for d in (1, 20))
    assert cell(dlg, 0, "What").startswith(f"CSV, All events, {first} to {last}")
    rows = expected_rows(*LAST_MONTH)
    assert cell(dlg, 1, "Rows") == str(len(rows))
    # a failed export left nothing to open, show or verify
    dlg.table.selectRow(1)
    dlg.table.selectRow(0)
    assert not dlg.open_button.isEnabled() and not dlg.verify_button.isEnabled()
    assert dlg.status_label.text().startswith("Failed: The folder ")  # the whole message
    dlg.table.selectRow(1)
    assert dlg.open_button.isEnabled() and dlg.verify_button.isEnabled()


def test_rerun_exports_the_same_parameters_on_todays_data(
    qtbot, seeded, out, no_dialogs, monkeypatch
):
    target = out / "october.json"
    cli_export(seeded, target)
    before = json.loads(target.read_text(encoding="utf-8"))
    add_event(seeded, "2026-10-15 12:00:00", cents=7)  # in last month, after the export
    dlg = open_history(qtbot, seeded)
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "question", lambda p, title, text: asked.append(text) or True)
    dlg.table.selectRow(0)
    dlg.rerun_button.click()
    assert dlg.job is not None
    qtbot.waitUntil(lambda: dlg.records[0].face == "window", timeout=TIMEOUT)  # reloaded
    assert "replacing" in asked[-1], asked
    assert "Written again" in dlg.status_label.text() and not dlg.progress_panel.isVisible()
    after = json.loads(target.read_text(encoding="utf-8"))
    assert len(after["data"]) == len(before["data"]) + 1
    assert after["metadata"]["totals"]["costCents"] == before["metadata"]["totals"]["costCents"] + 7
    # the same file as the command line writes now, exportedAt aside
    cli_export(seeded, out / "again.json")
    again = json.loads((out / "again.json").read_text(encoding="utf-8"))
    after["metadata"].pop("exportedAt"), again["metadata"].pop("exportedAt")
    assert after == again
    # the re-run is in the history, from the window, and the table shows it first
    newest = History().recent(3)
    assert newest[1].face == "window" and newest[1].outcome == "succeeded"
    assert newest[1].parameters["period"] == "last-month"


def test_verify_says_unchanged_then_data_changed_then_file_changed(qtbot, seeded, out, no_dialogs):
    target = out / "october.json"
    cli_export(seeded, target)
    dlg = open_history(qtbot, seeded)

    def verify() -> str:
        dlg.table.selectRow(0)
        dlg.last_report = None
        dlg.verify_button.click()
        qtbot.waitUntil(lambda: dlg.last_report is not None, timeout=TIMEOUT)
        assert dlg.report_view.isVisible()
        return dlg.status_label.text() + "\n" + dlg.report_view.toPlainText()

    text = verify()
    assert dlg.last_report.ok and text.startswith("Verified"), text
    assert "database: the same rows" in text and "SHA-256" in text

    add_event(seeded, "2026-10-20 08:00:00")
    text = verify()
    assert not dlg.last_report.ok and "data changed since the export" in text, text
    assert text.startswith("The file is intact, but the data changed since the export: ")
    assert "$" in dlg.status_label.text() and "\nFAIL  database:" in text  # first
    # The command line says the same, word for word, and the window shows all of it.
    proc = cli("verify", str(target), "--database-url", str(seeded.url.render(hide_password=False)))
    assert proc.stdout.decode().splitlines()[-1] == f"{target}: {dlg.status_label.text()}"
    assert dlg.status_label.wordWrap()

    data = bytearray(target.read_bytes())
    data[-5] = ord("1") if data[-5] != ord("1") else ord("2")
    target.write_bytes(bytes(data))
    text = verify()
    assert not dlg.last_report.ok and "SHA-256" in text and "DOES NOT MATCH" in text


def test_open_file_and_show_in_folder(qtbot, seeded, out, no_dialogs, monkeypatch):
    target = out / "october.json"
    cli_export(seeded, target)
    opened: list[Path] = []
    monkeypatch.setattr(msgbox, "open_path", lambda p: opened.append(p) or True)
    monkeypatch.setattr(msgbox, "show_in_folder", lambda p: opened.append(p) or False)
    dlg = open_history(qtbot, seeded)
    asked, copied = [], []
    monkeypatch.setattr(msgbox, "question", lambda p, title, text: asked.append(text) or True)
    monkeypatch.setattr(msgbox, "copy_to_clipboard", copied.append)
    dlg.table.selectRow(0)
    dlg.open_button.click()
    assert opened == [target.resolve()] and not asked  # it opened: nothing to say
    dlg.folder_button.click()  # no file manager here: said, and the path offered
    assert opened == [target.resolve(), target.resolve()]
    assert asked and "No file manager can show october.json" in asked[0]
    assert copied == [str(target.resolve())]


def test_a_damaged_history_is_set_aside_and_said(qtbot, no_dialogs):
    path = History().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    dlg = open_history(qtbot, None)
    assert dlg.table.rowCount() == 0
    assert dlg.notice_label.isVisible() and "set aside" in dlg.notice_label.text()


def test_recent_exports_is_in_the_file_menu(qtbot, make_window, small_demo_db, no_dialogs,
                                            monkeypatch):  # fmt: skip
    window = make_window(None)
    seen: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: seen.append(self) or 0)
    assert window.history_action.text() == "&Recent exports…"
    window.history_action.trigger()
    assert seen and seen[0].db is window.db


def test_a_failed_window_export_is_listed_from_the_window(qtbot, out, no_dialogs):
    from datetime import date

    from test_export_dialog import export, make_dialog

    from billing_desktop.config import Settings
    from billing_desktop.db.sql import EventFilter

    unreachable = Database("postgresql://billing@127.0.0.1:1/billing")
    flt = EventFilter(date(2026, 11, 1), date(2026, 11, 20))
    dlg = make_dialog(qtbot, unreachable, flt, Settings(last_folder=str(out)))
    export(qtbot, dlg, out / "never.csv")
    assert dlg.export_result is None and "The export failed" in dlg.message_label.text()
    history = open_history(qtbot, unreachable)
    assert cell(history, 0, "From") == "Window" and cell(history, 0, "Outcome") == "Failed"
    assert "Cannot connect" in history.status_label.text()
    assert not (out / "never.csv").exists()
