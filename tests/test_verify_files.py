"""`verify`'s reading of files: every format this app writes reads back to the
rows and totals the database gave; anything else is "not an export"."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from billing_desktop.export import ExportParams, count_rows, run_export
from billing_desktop.verify import NotAnExport, Totals, read_export, verify_file

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
HEADER = "date,tenant_name,model_used,input_tokens,output_tokens,cost_cents\n"


def database_totals(db, params) -> Totals:
    t = count_rows(db, params)
    return Totals(t.rows, t.input_tokens, t.output_tokens, t.cost_cents)


@pytest.mark.parametrize("scope", ["all", "by_tenant"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_reads_back_to_the_database_totals(seeded, tmp_path, fmt, scope):
    params = ExportParams(*YEAR, format=fmt, scope=scope, timezone="Europe/Berlin")
    path = tmp_path / f"out.{fmt}"
    run_export(seeded, params, path)
    contents = read_export(path)
    assert contents.totals == database_totals(seeded, params)
    assert contents.totals.rows > 0
    if fmt == "json":
        assert contents.declared == contents.totals


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolon"), ("\t", "tab")])
def test_csv_in_each_delimiter(seeded, tmp_path, delimiter, name):
    params = ExportParams(*YEAR)
    comma = tmp_path / "comma.csv"
    run_export(seeded, params, comma)
    with comma.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    other = tmp_path / "other.csv"
    with other.open("w", newline="", encoding="utf-8") as f:
        # CRLF: Python's csv quotes a lone CR inside a name only when it ends lines with one.
        csv.writer(f, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    contents = read_export(other)
    assert contents.kind == f"CSV ({name}-separated)"
    assert contents.totals == read_export(comma).totals == database_totals(seeded, params)


def test_json_whose_data_disagrees_with_its_metadata_fails(seeded, tmp_path):
    path = tmp_path / "out.json"
    run_export(seeded, ExportParams(*YEAR, format="json"), path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["data"][0]["costCents"] += 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    report, _ = verify_file(path, manifest=None)
    assert not report.ok
    assert any("disagrees with its metadata: cost_cents" in c.text for c in report.checks)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.csv", "just,some,other\n1,2,3\n"),
        (
            "broken.csv",
            "date,tenant_name,model_used,input_tokens,output_tokens,cost_cents\n"
            "2026-01-01,a,b,1,2\n",
        ),
        (
            "floats.csv",
            "date,tenant_name,model_used,input_tokens,output_tokens,cost_cents\n"
            "2026-01-01,a,b,1,2,3.5\n",
        ),
        ("other.json", '{"rows": []}'),
        ("nan.json", '{"metadata": {"totalRecords": NaN}, "data": []}'),
        ("book.xlsx", "not a zip file"),
        ("binary.csv", "\udcff"),
    ],
)
def test_anything_else_is_not_an_export(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(NotAnExport, match=f"{name} is not an export of Billing Desktop"):
        read_export(path)


def test_a_missing_file_is_not_an_export(tmp_path):
    with pytest.raises(NotAnExport, match="No such file"):
        read_export(tmp_path / "gone.csv")
