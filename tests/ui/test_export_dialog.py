"""The Export dialog with real widgets (offscreen) on real SQLite files and a real PostgreSQL:
defaults, exports compared with the engine and the seed model, cancel, errors, settings."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import shiboken6
from bulk import fill
from clockfix import TODAY
from helpers import as_csv_expected, events_locked, json_rows, read_csv
from PySide6.QtCore import Qt
from seed import TENANTS, expected_rows

from billing_desktop import config, formatting
from billing_desktop.config import Settings
from billing_desktop.db.connection import Database
from billing_desktop.db.demo import add_demo_events
from billing_desktop.db.sql import EventFilter
from billing_desktop.export import run_export
from billing_desktop.ui import locale_format, msgbox
from billing_desktop.ui.export_dialog import ExportDialog
from billing_desktop.ui.export_progress import MISMATCH_STYLE

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

YEAR = EventFilter(date(2026, 1, 1), date(2026, 12, 31))
TIMEOUT = 30_000


OPENED: list[ExportDialog] = []


@pytest.fixture(autouse=True)
def _close_dialogs(monkeypatch):
    """Close every dialog a test opened, the way a user would (through done())."""
    yield
    monkeypatch.setattr(msgbox, "question", lambda *a: True)
    while OPENED:
        dlg = OPENED.pop()
        if shiboken6.isValid(dlg):  # a dialog with a parent may be gone with it
            dlg.done(0)


def make_dialog(qtbot, db, flt=YEAR, settings=None, dashboard=None, parent=None):
    dlg = ExportDialog(db, flt, settings or Settings(), dashboard_totals=dashboard, parent=parent)
    if parent is None:
        qtbot.addWidget(dlg)
    dlg.show()
    OPENED.append(dlg)
    return dlg


def wait_count(qtbot, dlg):
    qtbot.waitUntil(lambda: not dlg._counter.is_pending(), timeout=TIMEOUT)


def export(qtbot, dlg, target: Path | None = None):
    if target is not None:
        dlg.form.path_edit.setText(str(target))
    assert dlg.start_button.isEnabled(), dlg.message_label.text()
    dlg.start_button.click()
    assert dlg.job is not None
    qtbot.waitUntil(lambda: not dlg.job.is_running(), timeout=TIMEOUT)


def dashboard_for(flt: EventFilter, cost_delta: int = 0) -> SimpleNamespace:
    """The dashboard's figures for a filter, from the seed model (not from the app's SQL)."""
    rows = expected_rows(flt.start, flt.end, zone=flt.timezone, tenants_=flt.tenants)
    return SimpleNamespace(
        events=len(rows),
        input_tokens=sum(r[3] for r in rows),
        output_tokens=sum(r[4] for r in rows),
        total_cost_cents=sum(r[5] for r in rows) + cost_delta,
    )


def test_defaults_and_prefill(qtbot, seeded, out, no_dialogs):
    flt = EventFilter(date(2026, 3, 1), date(2026, 3, 31), "Europe/Berlin", ("Acme Corp", "Zeta"))
    dlg = make_dialog(qtbot, seeded, flt, Settings(last_folder=str(out)))
    assert dlg.objectName() == "exportDialog" and dlg.isModal()
    assert (
        dlg.form.format_radios["csv"].isChecked() and not dlg.form.format_radios["json"].isChecked()
    )
    assert dlg.form.start_edit.date().toPython() == flt.start
    assert dlg.form.end_edit.date().toPython() == flt.end
    items = [(dlg.form.scope_combo.itemText(i), dlg.form.scope_combo.itemData(i)) for i in range(4)]
    assert items == [("All events", "all"), ("By tenant", "by_tenant"), ("By model", "by_model"),
                     ("By tenant and model", "by_tenant_model")]  # fmt: skip
    assert dlg.form.scope_combo.currentData() == "all"
    assert not dlg.form.bom_check.isChecked() and dlg.form.guard_check.isChecked()
    assert dlg.form.path_edit.text() == str(
        out / "billing-export-2026-03.csv"
    )  # named for its month
    assert dlg.form.tenant_picker.selected() == ("Acme Corp", "Zeta")
    assert (
        dlg.form.tenant_picker.text() == "2 tenants"
        and dlg.form.model_picker.text() == "All models"
    )
    assert dlg.form.zone_combo.currentText() == "Europe/Berlin"
    wait_count(qtbot, dlg)
    expected = expected_rows(flt.start, flt.end, zone=flt.timezone, tenants_=flt.tenants)
    cost = locale_format.money(sum(r[5] for r in expected))
    assert dlg.count_label.text() == f"{len(expected)} rows will be written (total cost {cost})."
    assert dlg.start_button.isEnabled() and not dlg.message_label.text()

    dlg.form.format_radios["json"].setChecked(True)
    assert dlg.form.path_edit.text() == str(out / "billing-export-2026-03.json")
    assert not dlg.form.bom_check.isEnabled() and not dlg.form.guard_check.isEnabled()
    dlg.form.scope_combo.setCurrentIndex(dlg.form.scope_combo.findData("by_tenant"))
    wait_count(qtbot, dlg)
    grouped = expected_rows(flt.start, flt.end, "by_tenant", flt.timezone, flt.tenants)
    assert dlg.count_label.text().startswith(f"{len(grouped)} rows will be written")


@pytest.mark.parametrize(
    ("fmt", "scope", "zone"),
    [("csv", "all", "UTC"), ("json", "by_tenant", "America/New_York"), ("csv", "by_model", "UTC")],
)
def test_export_through_dialog_matches_engine_and_model(
    qtbot, seeded, out, no_dialogs, fmt, scope, zone
):
    flt = EventFilter(date(2026, 2, 1), date(2026, 11, 30), zone)
    dashboard = dashboard_for(flt)
    dlg = make_dialog(qtbot, seeded, flt, Settings(last_folder=str(out)), dashboard)
    (dlg.form.format_radios["json"] if fmt == "json" else dlg.form.format_radios["csv"]).setChecked(
        True
    )
    dlg.form.scope_combo.setCurrentIndex(dlg.form.scope_combo.findData(scope))
    bars: list[tuple[int, int]] = []
    dlg.progress_panel.bar.valueChanged.connect(
        lambda v: bars.append((v, dlg.progress_panel.bar.maximum()))
    )
    target = out / f"dialog.{fmt}"
    export(qtbot, dlg, target)
    assert dlg.export_result is not None, dlg.message_label.text()
    assert bars[-1] == (1000, 1000) and dlg.progress_panel.bar.text() == "100%"

    engine = run_export(seeded, dlg.export_result.params, out / f"engine.{fmt}")
    expected = expected_rows(flt.start, flt.end, scope, zone)
    if fmt == "csv":
        assert target.read_bytes() == (out / f"engine.{fmt}").read_bytes()
        assert read_csv(target)[1] == as_csv_expected(expected)
    else:
        mine, theirs = json.loads(target.read_text()), json.loads(engine.path.read_text())
        mine["metadata"].pop("exportedAt"), theirs["metadata"].pop("exportedAt")
        assert mine == theirs
        assert json_rows(mine) == expected

    summary = dlg.summary_panel
    assert summary.isVisible() and not dlg.progress_panel.isVisible()
    assert summary.headline.text().startswith(f"Exported {locale_format.count(len(expected))} rows")
    cost = locale_format.money(sum(r[5] for r in expected))
    assert summary.values["file_cost_cents"].text() == cost
    assert summary.values["dashboard_cost_cents"].text() == cost
    assert summary.mismatches == [] and summary.verdict.text().startswith("✓")
    assert dlg.start_button.isEnabled() and dlg.form.isEnabled()


def test_dashboard_mismatch_is_highlighted(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, YEAR, Settings(last_folder=str(out)), dashboard_for(YEAR, 1))
    export(qtbot, dlg)
    summary = dlg.summary_panel
    assert summary.mismatches == ["total cost"]
    assert "differ" in summary.verdict.text()
    assert summary.values["file_cost_cents"].styleSheet() == MISMATCH_STYLE
    assert summary.values["file_input_tokens_value"[:-6]].styleSheet() == ""


def test_other_dates_are_not_compared(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, YEAR, Settings(last_folder=str(out)), dashboard_for(YEAR, 1))
    dlg.form.end_edit.setDate(date(2026, 6, 30))
    export(qtbot, dlg)
    assert "not compared" in dlg.summary_panel.verdict.text()
    assert "dashboard_cost_cents" not in dlg.summary_panel.values


def test_invalid_choices_are_explained_in_place(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, YEAR, Settings(last_folder=str(out)))
    dlg.form.end_edit.setDate(date(2025, 12, 1))
    assert not dlg.start_button.isEnabled()
    assert "before the start date" in dlg.message_label.text()
    dlg.form.end_edit.setDate(date(2026, 12, 31))
    dlg.form.path_edit.setText("")
    assert not dlg.start_button.isEnabled() and "Choose a file" in dlg.message_label.text()
    dlg.form.path_edit.setText(str(out / "nowhere" / "x.csv"))
    assert not dlg.start_button.isEnabled()
    assert dlg.message_label.text() == f"The folder {out / 'nowhere'} does not exist."
    dlg.form.path_edit.setText("relative.csv")
    assert not dlg.start_button.isEnabled() and "full path" in dlg.message_label.text()
    dlg.form.path_edit.setText(str(out))
    assert not dlg.start_button.isEnabled() and "is a folder" in dlg.message_label.text()
    dlg.form.path_edit.setText(str(out / "fine.csv"))
    assert dlg.start_button.isEnabled() and dlg.message_label.text() == ""


def test_browse_proposes_default_name_and_confirms_overwrite(qtbot, seeded, out, monkeypatch):
    chosen = out / "picked.json"
    chosen.write_text("older")
    calls = []

    def save_file(parent, title, proposed, filters):
        calls.append((proposed, filters))
        return str(chosen)

    monkeypatch.setattr(msgbox, "save_file", save_file)
    monkeypatch.setattr(msgbox, "question", lambda *a: pytest.fail("Save As already asked"))
    settings = Settings(last_folder=str(out))
    dlg = make_dialog(qtbot, seeded, YEAR, settings)
    dlg.form.format_radios["json"].setChecked(True)
    dlg.form.path_edit.setText("")
    dlg.form.browse_button.click()
    assert calls == [
        (
            str(out / "billing-export-2026.json"),  # the year on screen
            "JSON files (*.json);;All files (*)",
        )
    ]
    assert dlg.form.path_edit.text() == str(chosen)
    export(qtbot, dlg)
    assert dlg.export_result is not None
    assert json.loads(chosen.read_text())["metadata"]["totalRecords"] == len(expected_rows(
        YEAR.start, YEAR.end))  # fmt: skip


@pytest.mark.parametrize("replace", [False, True])
def test_typed_existing_path_asks_first(qtbot, seeded, out, monkeypatch, replace):
    target = out / "typed.csv"
    target.write_text("older")
    questions = []
    monkeypatch.setattr(msgbox, "question", lambda *a: questions.append(a[1:]) or replace)
    dlg = make_dialog(qtbot, seeded, YEAR, Settings(last_folder=str(out)))
    dlg.form.path_edit.setText(str(target))
    dlg.start_button.click()
    assert questions and questions[0][0] == "Replace the file?"
    if not replace:
        assert dlg.job is None and target.read_text() == "older"
        return
    qtbot.waitUntil(lambda: not dlg.job.is_running(), timeout=TIMEOUT)
    assert read_csv(target)[1] == as_csv_expected(expected_rows(YEAR.start, YEAR.end))


def test_options_are_remembered(qtbot, seeded, out, no_dialogs):
    settings = config.load_settings()
    settings.last_folder = str(out)
    dlg = make_dialog(qtbot, seeded, YEAR, settings)
    dlg.form.bom_check.setChecked(True)
    dlg.form.guard_check.setChecked(False)
    dlg.form.format_radios["json"].setChecked(True)
    dlg.form.scope_combo.setCurrentIndex(dlg.form.scope_combo.findData("by_model"))
    export(qtbot, dlg, out / "remember.json")
    dlg.done(0)
    saved = config.load_settings()
    assert saved.export == {"format": "json", "scope": "by_model", "granularity": "day",
                            "delimiter": ",", "bom": True, "formula_guard": False,
                            "split_by": None, "manifest": False}  # fmt: skip
    assert saved.last_folder == str(out)
    again = make_dialog(qtbot, seeded, YEAR, saved)
    assert (
        again.form.format_radios["json"].isChecked()
        and again.form.scope_combo.currentData() == "by_model"
    )
    assert again.form.bom_check.isChecked() and not again.form.guard_check.isChecked()
    assert again.form.path_edit.text() == str(out / "billing-export-2026.json")


def test_unreachable_database_is_a_message(qtbot, out, no_dialogs):
    db = Database("postgresql+psycopg://u@127.0.0.1:1/x")
    dlg = make_dialog(qtbot, db, YEAR, Settings(last_folder=str(out)))
    wait_count(qtbot, dlg)
    assert dlg.count_label.text() == "Could not count the rows."
    assert "127.0.0.1:1" in dlg.count_label.toolTip()  # the reason, in full
    export(qtbot, dlg, out / "never.csv")
    text = dlg.message_label.text()
    assert text.startswith("The export failed:") and "127.0.0.1:1" in text and "refused" in text
    assert dlg.message_label.isVisible() and not dlg.summary_panel.isVisible()
    assert list(out.iterdir()) == []
    assert dlg.start_button.isEnabled()


def test_open_file_and_show_in_folder(qtbot, seeded, out, monkeypatch, no_dialogs):
    opened = []
    monkeypatch.setattr(msgbox, "open_path", lambda p: opened.append(("open", p)) or True)
    monkeypatch.setattr(msgbox, "show_in_folder", lambda p: opened.append(("folder", p)) or True)
    dlg = make_dialog(qtbot, seeded, YEAR, Settings(last_folder=str(out)))
    export(qtbot, dlg, out / "x.csv")
    dlg.summary_panel.open_button.click()
    dlg.summary_panel.folder_button.click()
    assert opened == [("open", out / "x.csv"), ("folder", out / "x.csv")]


# -- a large export: cancel and close ---------------------------------------------------------


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.sqlite3"
    db = Database(f"sqlite:///{path}", create=True)
    add_demo_events(db, 200_000, seed=3)
    yield db
    db.dispose()


def big_filter() -> EventFilter:
    return EventFilter(TODAY - timedelta(days=150), TODAY + timedelta(days=1))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".billing-partial"))


def test_cancel_large_export_leaves_older_file(qtbot, big_db, out, monkeypatch):
    target = out / "big.json"
    target.write_text("older file")
    monkeypatch.setattr(msgbox, "save_file", lambda *a: str(target))
    dlg = make_dialog(qtbot, big_db, big_filter(), Settings(last_folder=str(out)))
    dlg.form.format_radios["json"].setChecked(True)
    dlg.form.browse_button.click()
    clicked = []

    def cancel_on_first_progress(done, total):
        if total is None:  # "connected, reading totals": rows have not started
            return
        if not clicked:
            assert total == 200_000
            clicked.append(time.monotonic())
            dlg.progress_panel.cancel_button.click()

    dlg.start_button.click()
    dlg.job.progress.connect(cancel_on_first_progress)
    with qtbot.waitSignal(dlg.job.cancelled, timeout=TIMEOUT):
        pass
    assert time.monotonic() - clicked[0] < 1.0
    assert dlg.export_result is None and dlg.message_label.text().startswith("Export cancelled")
    assert target.read_text() == "older file" and leftovers(out) == []
    assert dlg.start_button.isEnabled()


def test_closing_during_export_asks_then_cancels(qtbot, big_db, out, monkeypatch):
    from PySide6.QtWidgets import QWidget

    class Parent(QWidget):
        def __init__(self):
            super().__init__()
            self.jobs = []

        def register_export_job(self, job):
            self.jobs.append(job)

    parent = Parent()
    qtbot.addWidget(parent)
    answers = [False, True]
    asked = []
    monkeypatch.setattr(msgbox, "question", lambda *a: asked.append(a[1]) or answers.pop(0))
    target = out / "big.csv"
    target.write_text("older file")
    monkeypatch.setattr(msgbox, "save_file", lambda *a: str(target))
    dlg = make_dialog(qtbot, big_db, big_filter(), Settings(last_folder=str(out)), parent=parent)
    dlg.form.browse_button.click()
    dlg.start_button.click()
    job = dlg.job
    assert parent.jobs == [job] and job.is_running()
    dlg.reject()  # the user says No: the export goes on
    assert dlg.isVisible() and job.is_running()
    dlg.reject()  # Yes: cancel, wait, close
    assert asked == ["Cancel the export?", "Cancel the export?"]
    assert not dlg.isVisible() and not job.is_running() and not job._thread.isRunning()
    assert not dlg._counter.is_running()
    assert target.read_text() == "older file" and leftovers(out) == []


@pytest.mark.postgres
def test_export_started_while_counting_drops_the_count(qtbot, pg_url, out, no_dialogs):
    """The export reads its own totals; the preview count must not keep the database busy
    beside it, and the finished export's figures become the dialog's row count."""
    db = Database(pg_url, create=True)
    fill(db, 10)
    db.dispose()  # the dialog's workers open their own connections
    with events_locked(db):  # the preview count now waits for the lock
        dlg = make_dialog(qtbot, db, YEAR, Settings(last_folder=str(out)))
        assert dlg._counter.is_pending() and dlg.count_label.text() == "Counting rows…"
        dlg.form.path_edit.setText(str(out / "while-counting.csv"))
        dlg.start_button.click()
        assert not dlg._counter.is_pending() and dlg.count_label.text() == ""
        qtbot.wait(300)  # the interrupted count has ended; the export waits for the lock
    qtbot.waitUntil(lambda: not dlg.job.is_running(), timeout=TIMEOUT)
    assert dlg.export_result is not None and dlg.export_result.rows == 10
    assert dlg.count_label.text().startswith("10 rows written (total cost ")
    assert not dlg._counter.is_pending()
    assert len(read_csv(out / "while-counting.csv")[1]) == 10


def test_one_tenant_is_not_compared_with_the_whole_dashboard(qtbot, seeded, out, no_dialogs):
    """The dashboard shows every tenant; the user picks one in the dialog and exports. The
    file's totals are of another filter: no difference is reported and no refresh asked for,
    which could never make them agree."""
    dlg = ExportDialog(seeded, YEAR, Settings(last_folder=str(out)),
                       dashboard_totals=dashboard_for(YEAR), tenant_names=TENANTS)  # fmt: skip
    qtbot.addWidget(dlg)
    dlg.show()
    OPENED.append(dlg)
    choices = dlg.form.tenant_picker.list
    for i in range(choices.count()):
        if choices.item(i).data(Qt.ItemDataRole.UserRole) == "Acme Corp":
            choices.item(i).setCheckState(Qt.CheckState.Checked)  # as a click does
    export(qtbot, dlg)
    assert dlg.export_result is not None and dlg.export_result.params.tenants == ("Acme Corp",)
    verdict = dlg.summary_panel.verdict.text()
    assert "refresh" not in verdict and "differ" not in verdict
    assert "another filter" in verdict and "Acme Corp" in verdict and "all tenants" in verdict
    assert dlg.summary_panel.mismatches == []
    assert "dashboard_cost_cents" not in dlg.summary_panel.values


def test_the_same_tenant_as_the_dashboard_is_compared(qtbot, seeded, out, no_dialogs):
    acme = EventFilter(YEAR.start, YEAR.end, tenants=("Acme Corp",))
    dlg = make_dialog(qtbot, seeded, acme, Settings(last_folder=str(out)), dashboard_for(acme))
    export(qtbot, dlg)
    assert dlg.summary_panel.verdict.text() == "✓ The file's totals match the dashboard's."
    assert "dashboard_cost_cents" in dlg.summary_panel.values


def test_statements_announce_the_rows_they_write(qtbot, seeded, out, no_dialogs):
    """One file per tenant, by model: each tenant's file has its own row per day and model,
    so the announced count is of those rows, not of the unsplit export's."""
    dlg = make_dialog(qtbot, seeded, YEAR, Settings(last_folder=str(out)))
    dlg.form.scope_combo.setCurrentIndex(dlg.form.scope_combo.findData("by_model"))
    dlg.form.split_check.setChecked(True)
    dlg.form.path_edit.setText(str(out / "statements"))
    wait_count(qtbot, dlg)
    announced = dlg.count_label.text()
    export(qtbot, dlg)
    files = sorted((out / "statements").glob("*.csv"))
    written = sum(len(read_csv(f)[1]) for f in files)
    assert len(files) > 1 and written == dlg.export_result.rows
    assert written > len(
        expected_rows(YEAR.start, YEAR.end, scope="by_model")
    )  # the unsplit figure
    assert announced.startswith(f"{formatting.counted(written, 'row')} will be written")
