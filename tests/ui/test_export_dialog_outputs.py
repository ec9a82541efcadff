"""The accounting outputs in the Export dialog: XLSX and JSON Lines, granularity,
by_tenant_model, delimiter, and a file name that follows the format."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from helpers import as_csv_expected
from seed import expected_rows
from test_accounting_outputs import read_rows, xlsx_rows
from test_export_dialog import export, make_dialog
from test_statements import statement_lines

from billing_desktop import config
from billing_desktop.config import Settings
from billing_desktop.db.sql import EventFilter
from billing_desktop.export.formats import FORMATS
from billing_desktop.ui import msgbox

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

FLT = EventFilter(date(2026, 1, 1), date(2026, 12, 31), "Europe/Berlin")


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_every_format_is_offered_and_the_extension_follows(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    names = {r.objectName() for r in dlg.form.format_radios.values()}
    assert names == {f"format{name.capitalize()}Radio" for name in FORMATS}
    assert {"formatCsvRadio", "formatJsonRadio", "formatXlsxRadio"} <= names  # the contract's
    for fmt, cls in FORMATS.items():
        dlg.form.format_radios[fmt].setChecked(True)
        assert dlg.form.path_edit.text().endswith("." + cls.extension)
        assert dlg.form.csv_box.isEnabled() == cls.csv_options
    # the Save As filter follows the format too
    seen = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(msgbox, "save_file", lambda p, t, path, filters: seen.append(filters))
        dlg.form.format_radios["xlsx"].setChecked(True)
        dlg.browse()
    assert seen and seen[0].startswith("Excel workbooks (*.xlsx)")


def test_granularity_applies_to_grouped_scopes_only(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    assert dlg.form.scope == "all" and not dlg.form.granularity_combo.isEnabled()
    choose(dlg.form.granularity_combo, "month")
    assert dlg.form.params().granularity == "day"  # scope all: one row per event
    choose(dlg.form.scope_combo, "by_tenant_model")
    assert dlg.form.granularity_combo.isEnabled() and dlg.form.params().granularity == "month"


def test_an_xlsx_per_tenant_and_model_and_month_from_the_dialog(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    dlg.form.format_radios["xlsx"].setChecked(True)
    choose(dlg.form.scope_combo, "by_tenant_model")
    choose(dlg.form.granularity_combo, "month")
    target = out / "statement.xlsx"
    export(qtbot, dlg, target)
    assert dlg.export_result is not None, dlg.message_label.text()
    expected = expected_rows(
        FLT.start, FLT.end, "by_tenant_model", FLT.timezone, granularity="month"
    )
    assert xlsx_rows(target) == expected
    assert openpyxl.load_workbook(target).sheetnames == ["Usage", "Summary"]
    assert dlg.summary_panel.isVisible()
    saved = config.load_settings().export
    assert saved["format"] == "xlsx" and saved["granularity"] == "month"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_csv_from_the_dialog(qtbot, seeded, out, no_dialogs, delimiter):
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    choose(dlg.form.delimiter_combo, delimiter)
    target = out / "excel.csv"
    export(qtbot, dlg, target)
    assert dlg.export_result is not None, dlg.message_label.text()
    expected = as_csv_expected(expected_rows(FLT.start, FLT.end, zone=FLT.timezone))
    assert read_rows(target, "csv", delimiter) == expected


def test_a_known_extension_of_another_format_is_corrected(qtbot, seeded, out, no_dialogs):
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    dlg.form.format_radios["jsonl"].setChecked(True)
    dlg.form.path_edit.setText(str(out / "lines.csv"))
    export(qtbot, dlg)
    assert dlg.export_result is not None and dlg.export_result.path == out / "lines.jsonl"
    assert dlg.form.path_edit.text() == str(out / "lines.jsonl")
    assert not (out / "lines.csv").exists()


@pytest.mark.parametrize("accept", [True, False])
def test_another_extension_is_asked_about(qtbot, seeded, out, monkeypatch, accept):
    asked = []
    monkeypatch.setattr(msgbox, "question", lambda p, t, text: asked.append(text) or accept)
    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    dlg.form.format_radios["xlsx"].setChecked(True)
    export(qtbot, dlg, out / "report.txt")
    assert asked and "does not end in .xlsx" in asked[0]
    written = out / ("report.xlsx" if accept else "report.txt")
    assert dlg.export_result is not None and dlg.export_result.path == written
    assert xlsx_rows(written) == expected_rows(FLT.start, FLT.end, zone=FLT.timezone)


def test_statements_folder_with_manifest_from_the_dialog(qtbot, seeded, out, monkeypatch):
    from billing_desktop.export.manifest import manifest_path
    from billing_desktop.history import History
    from billing_desktop.verify import load_manifest, verify_folder

    dlg = make_dialog(qtbot, seeded, FLT, Settings(last_folder=str(out)))
    dlg.form.format_radios["xlsx"].setChecked(True)
    choose(dlg.form.scope_combo, "by_model")
    choose(dlg.form.granularity_combo, "month")
    dlg.form.split_check.setChecked(True)
    assert dlg.form.target().suffix == ""  # a folder: the extension is gone
    dlg.form.manifest_check.setChecked(True)
    elsewhere = out / "statements"
    elsewhere.mkdir()
    monkeypatch.setattr(msgbox, "choose_folder", lambda parent, title, start: str(elsewhere))
    dlg.browse()
    folder = dlg.form.target()
    assert folder.parent == elsewhere and folder.name.startswith("statements-")
    export(qtbot, dlg)
    assert dlg.export_result is not None, dlg.message_label.text()
    per_tenant = {}
    for row in expected_rows(FLT.start, FLT.end, "by_tenant", FLT.timezone, granularity="month"):
        per_tenant[row[1]] = per_tenant.get(row[1], 0) + row[5]
    files = {f.tenant: f for f in dlg.export_result.files}
    assert set(files) == set(per_tenant)
    assert {t: f.totals.cost_cents for t, f in files.items()} == per_tenant
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.name for f in files.values())
    for tenant, item in files.items():
        header, lines = statement_lines(folder / item.name)
        expected = expected_rows(
            FLT.start, FLT.end, "by_model", FLT.timezone, (tenant,), granularity="month"
        )
        assert header["Statement for"].replace("_x000D_", "\r") == tenant  # openpyxl shows CR so
        assert lines == [(r[0], r[2], *r[3:]) for r in expected]
    assert manifest_path(folder).is_file()
    assert verify_folder(folder, load_manifest(folder)).ok
    [record] = History().recent(1)
    assert record.face == "window" and record.outcome == "succeeded"
    assert record.target == str(folder.resolve()) and record.parameters["period"] is None
    # exporting again asks before replacing the folder, then replaces it whole
    asked = []
    monkeypatch.setattr(msgbox, "question", lambda p, t, text: asked.append(t) or True)
    (folder / "stray.txt").write_text("left from before")
    export(qtbot, dlg)
    assert asked == ["Replace the folder?"]
    assert not (folder / "stray.txt").exists() and dlg.export_result is not None
    assert not [p for p in elsewhere.iterdir() if p.name.startswith(".")]  # no temporaries


def test_a_cancelled_split_leaves_the_older_folder(qtbot, tmp_path, out, monkeypatch):
    import bulk

    from billing_desktop.db.connection import Database
    from billing_desktop.history import History

    db = Database(f"sqlite:///{tmp_path / 'big.sqlite3'}", create=True)
    bulk.fill(db, 400_000)
    older = out / "statements"
    older.mkdir()
    (older / "keep.csv").write_text("older statements")
    monkeypatch.setattr(msgbox, "question", lambda *a: True)
    dlg = make_dialog(qtbot, db, FLT, Settings(last_folder=str(out)))
    dlg.form.split_check.setChecked(True)
    dlg.form.path_edit.setText(str(older))
    dlg.start_button.click()
    qtbot.waitUntil(lambda: dlg.progress_panel.bar.value() > 0, timeout=30_000)
    dlg.cancel_export()
    qtbot.waitUntil(lambda: not dlg.job.is_running(), timeout=30_000)
    assert dlg.export_result is None
    assert [p.name for p in out.iterdir()] == ["statements"]
    assert [p.name for p in older.iterdir()] == ["keep.csv"]
    assert History().recent(1)[0].outcome == "cancelled"
    db.dispose()
