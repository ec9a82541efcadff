"""Reproducible exports in the Export dialog: periods, saved presets shared with the command
line, and the copied command line that writes the same file."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from datetime import date

import pytest
from clockfix import TODAY
from helpers import cli
from seed import expected_rows, seed_rows
from test_export_dialog import export, make_dialog
from test_export_dialog_outputs import choose

from billing_desktop import config
from billing_desktop.config import Settings
from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter
from billing_desktop.formatting import counted
from billing_desktop.periods import resolve_period
from billing_desktop.presets import PresetStore
from billing_desktop.ui import msgbox

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

FLT = EventFilter(date(2026, 1, 1), date(2026, 12, 31), "Europe/Berlin")


def database_url(db: Database) -> str:
    return db.url.render(hide_password=False)


def test_a_period_sets_the_dates_and_typed_dates_leave_it(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    assert dlg.form.period is None
    choose(dlg.form.period_combo, "last-month")
    start, end = resolve_period("last-month", FLT.timezone)
    assert (start, end) == (date(2026, 10, 1), date(2026, 10, 31))  # TODAY is 2026-11-20
    assert (dlg.form.params().start, dlg.form.params().end) == (start, end)
    assert dlg.form.options()["period"] == "last-month" and "start" not in dlg.form.options()
    dlg.form.start_edit.setDate(dlg.form.start_edit.date().addDays(1))
    assert dlg.form.period is None
    assert dlg.form.options()["start"] == "2026-10-02" and "period" not in dlg.form.options()


def test_the_dialog_starts_with_the_filter_bars_period(qtbot, seeded, out, no_dialogs):
    start, end = resolve_period("this-month", "UTC")
    flt = EventFilter(start, end)
    from billing_desktop.ui.export_dialog import ExportDialog

    dlg = ExportDialog(seeded, flt, Settings(last_folder=str(out)), period="this-month")
    qtbot.addWidget(dlg)
    assert dlg.form.period == "this-month"
    assert dlg.form.period_combo.currentText() == "This month"
    assert (dlg.form.params().start, dlg.form.params().end) == (
        date(TODAY.year, TODAY.month, 1),
        TODAY,
    )


def test_a_preset_saved_in_the_window_runs_on_the_command_line(
    qtbot, seeded, out, no_dialogs, monkeypatch
):
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    choose(dlg.form.period_combo, "last-quarter")
    choose(dlg.form.scope_combo, "by_tenant_model")
    choose(dlg.form.granularity_combo, "month")
    choose(dlg.form.delimiter_combo, ";")
    dlg.form.bom_check.setChecked(True)
    monkeypatch.setattr(msgbox, "text", lambda *a: "Quarterly statements")
    dlg.form.preset_bar.save_button.click()
    assert dlg.form.preset_bar.combo.currentText() == "Quarterly statements"
    saved = PresetStore().get("Quarterly statements")
    assert saved["period"] == "last-quarter" and "start" not in saved  # stays relative

    window_file = out / "window.csv"
    export(qtbot, dlg, window_file)
    assert dlg.export_result is not None, dlg.message_label.text()
    command_file = out / "command.csv"
    proc = cli("export", "--database-url", database_url(seeded), "--preset",
               "Quarterly statements", "-o", str(command_file), "--quiet")  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    assert command_file.read_bytes() == window_file.read_bytes()
    assert command_file.read_bytes().startswith(b"\xef\xbb\xbfdate;tenant_name;model_used")
    assert b"2026-07;" in command_file.read_bytes()  # July to September, by month


def test_a_preset_saved_on_the_command_line_fills_the_dialog(qtbot, seeded, out, no_dialogs):
    proc = cli("export", "--database-url", database_url(seeded), "--format", "xlsx",
               "--scope", "by_tenant", "--granularity", "total", "--period", "last-month",
               "--tenant", "Acme Corp", "--timezone", "America/New_York", "--manifest",
               "--save-preset", "acme monthly", "-o", str(out / "a.xlsx"), "--quiet")  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    combo = dlg.form.preset_bar.combo
    index = combo.findText("acme monthly")
    assert index > 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what a user's pick sends
    params = dlg.form.params()
    assert (
        dlg.form.format == "xlsx" and params.scope == "by_tenant" and params.granularity == "total"
    )
    assert dlg.form.period == "last-month" and dlg.form.manifest_check.isChecked()
    assert params.tenants == ("Acme Corp",) and params.timezone == "America/New_York"
    assert dlg.form.tenant_picker.selected() == ("Acme Corp",)
    assert dlg.form.zone_combo.currentText() == "America/New_York"
    assert (params.start, params.end) == resolve_period("last-month", "America/New_York")
    # the count follows the preset's filter, not the dashboard's
    expected = expected_rows(*resolve_period("last-month", "America/New_York"), "by_tenant",
                             "America/New_York", ("Acme Corp",), granularity="total")  # fmt: skip
    assert expected
    qtbot.waitUntil(lambda: "will be written" in dlg.count_label.text(), timeout=20_000)
    assert dlg.count_label.text().startswith(f"{counted(len(expected), 'row')} will be written")


def test_a_damaged_presets_file_is_said_and_the_dialog_works(qtbot, seeded, out, no_dialogs):
    path = config.config_dir() / "presets.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json", encoding="utf-8")
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    assert not dlg.form.preset_bar.combo.isEnabled()
    assert "cannot be read" in dlg.form.preset_bar.combo.toolTip()
    export(qtbot, dlg, out / "still.csv")
    assert dlg.export_result is not None


def run_copied(command: str) -> subprocess.CompletedProcess:
    """Run the clipboard's POSIX command line as a shell would, with this test's Python."""
    argv = shlex.split(command)
    assert argv[0] == "billing-desktop"
    return subprocess.run(
        [sys.executable, "-m", "billing_desktop", *argv[1:]],
        capture_output=True,
        env=os.environ.copy(),
        timeout=120,
    )


def test_the_copied_command_writes_the_same_file(qtbot, seeded, out, no_dialogs, monkeypatch):
    copied: list[str] = []
    monkeypatch.setattr(msgbox, "copy_to_clipboard", copied.append)
    flt = EventFilter(date(2026, 3, 1), date(2026, 11, 20), "Europe/Berlin",
                      tenants=("Acme Corp", "Quote \"Q\" Ltd", "Line\nBreak GmbH"))  # fmt: skip
    dlg = make_dialog(qtbot, seeded, flt, Settings(last_folder=str(out)))
    dlg.form.format_radios["json"].setChecked(True)
    choose(dlg.form.scope_combo, "by_tenant_model")
    dlg.form.manifest_check.setChecked(True)
    target = out / "it's a file with spaces.json"
    export(qtbot, dlg, target)
    assert dlg.export_result is not None, dlg.message_label.text()
    window_doc = json.loads(target.read_text(encoding="utf-8"))
    target.rename(out / "from-window.json")
    (out / "it's a file with spaces.json.manifest.json").unlink()

    dlg.copy_command_button.click()
    assert copied and "Copied the command line" in dlg.message_label.text()
    proc = run_copied(copied[-1])
    assert proc.returncode == 0, (copied[-1], proc.stderr.decode())
    command_doc = json.loads(target.read_text(encoding="utf-8"))
    window_doc["metadata"].pop("exportedAt")
    command_doc["metadata"].pop("exportedAt")
    assert command_doc == window_doc and window_doc["data"]
    assert (out / "it's a file with spaces.json.manifest.json").exists()


def test_the_copied_command_never_holds_the_password(qtbot, pg_url, out, no_dialogs, monkeypatch):
    # The suite's server trusts local connections, so the command works without a password
    # while the window's URL carries one (a keyring would give the command the same).
    with_password = pg_url.replace("://", "://postgres:Secret-Pa55@", 1)
    db = Database(with_password, create=True)
    seed_rows(db)
    copied: list[str] = []
    monkeypatch.setattr(msgbox, "copy_to_clipboard", copied.append)
    dlg = make_dialog(qtbot, db, FLT, Settings(last_folder=str(out)))
    dlg.form.path_edit.setText(str(out / "events.csv"))
    dlg.copy_command_button.click()
    command = copied[-1]
    assert "Secret-Pa55" not in command and "--database-url" in command
    proc = run_copied(command)
    assert proc.returncode == 0, proc.stderr.decode()
    export(qtbot, dlg, out / "window.csv")
    assert (out / "events.csv").read_bytes() == (out / "window.csv").read_bytes()
    db.dispose()


def test_no_database_url_when_the_command_finds_the_same_database(
    qtbot, small_demo_db, out, no_dialogs, monkeypatch
):
    copied: list[str] = []
    monkeypatch.setattr(msgbox, "copy_to_clipboard", copied.append)
    db = Database(f"sqlite:///{config.embedded_database_path()}")
    dlg = make_dialog(qtbot, db, FLT, Settings(last_folder=str(out)))
    dlg.copy_command_button.click()
    assert copied and "--database-url" not in copied[-1]
    db.dispose()
