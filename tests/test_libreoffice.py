"""A real spreadsheet client reads our XLSX: LibreOffice Calc, headless, converts
every sheet to CSV, and what it shows equals what the database holds, cent for cent."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from seed import expected_rows

from billing_desktop.export import ExportParams, run_export
from billing_desktop.export.formats import xlsx_format

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
# Text CSV, comma, double quotes, UTF-8 (76), from line 1, ..., each sheet to its own file (-1).
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def calc_sheets(xlsx, tmp_path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice Calc shows it, by sheet name."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing: run scripts/system-deps --tests")
    out = tmp_path / "calc"
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", _CSV_FILTER, "--outdir", str(out), str(xlsx)],
        capture_output=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    sheets = {}
    for path in sorted(out.glob(f"{xlsx.stem}-*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            sheets[path.stem.removeprefix(xlsx.stem + "-")] = list(csv.reader(f, strict=True))
    return sheets


def test_libreoffice_shows_exactly_the_databases_figures(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_format.XlsxWriter, "rows_per_sheet", 40)  # two Usage sheets
    target = tmp_path / "usage.xlsx"
    result = run_export(seeded, ExportParams(*YEAR, format="xlsx"), target)
    sheets = calc_sheets(target, tmp_path)
    usage = [name for name in sheets if name.startswith("Usage")]
    assert len(usage) == -(-result.rows // 40) >= 2 and "Summary" in sheets
    rows = []
    for name in sorted(usage, key=lambda n: int(n.partition("(")[2].rstrip(")") or 1)):
        header, *data = sheets[name]
        assert header == [*xlsx_format.COLUMNS]
        rows += data
    expected = expected_rows(*YEAR)
    assert len(rows) == len(expected)
    for shown, (day, tenant, model, tokens_in, tokens_out, cents) in zip(
        rows, expected, strict=True
    ):
        # Names exactly as stored: never evaluated, no apostrophe added.
        assert shown[0] == day
        assert (shown[1], shown[2]) == (tenant, model)
        assert [int(v.replace(",", "")) for v in shown[3:6]] == [tokens_in, tokens_out, cents]
        dollars = Decimal(shown[6].replace("$", "").replace(",", "").replace("(", "-").rstrip(")"))
        assert dollars == Decimal(cents) / 100
    summary = {row[0]: row[1] for row in sheets["Summary"] if row and row[0]}
    figure = {k: int(v.replace(",", "")) for k, v in summary.items() if k.endswith(("s", "cents"))
              and v.replace(",", "").lstrip("-").isdigit()}  # fmt: skip
    assert figure["Rows"] == len(expected)
    assert figure["Cost cents"] == sum(r[5] for r in expected)
    assert figure["Input tokens"] == sum(r[3] for r in expected)
    assert figure["Output tokens"] == sum(r[4] for r in expected)
