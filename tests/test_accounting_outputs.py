"""The accounting outputs: XLSX, JSON Lines, delimiters, granularity and by_tenant_model, on
both backends.

Expected rows come from the seed model (seed.expected_rows, plain Python) and, on PostgreSQL,
from the database's own GROUP BY; files are read back by real readers: csv and json in strict
use, openpyxl for XLSX cell types and python-calamine for what Excel would compute.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import openpyxl
import pytest
from helpers import as_csv_expected, cli, json_rows, read_json
from openpyxl.utils.escape import unescape
from python_calamine import CalamineWorkbook
from seed import TENANTS, Event, expected_rows, seed_rows

from billing_desktop import verify
from billing_desktop.db.connection import Database
from billing_desktop.errors import InvalidInput
from billing_desktop.export import ExportParams, run_export
from billing_desktop.export.choices import COLUMNS
from billing_desktop.export.formats import xlsx_format

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
SCOPES = ["all", "by_tenant", "by_model", "by_tenant_model"]
GROUPED = SCOPES[1:]
FORMATS = ["csv", "json", "jsonl", "xlsx"]


def read_rows(path, fmt: str, delimiter: str = ",") -> list[tuple]:
    """The file's rows as (date, tenant, model, input, output, cents), whatever its format."""
    if fmt == "csv":
        text = path.read_bytes().decode("utf-8")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        assert next(reader) == list(COLUMNS)
        return [(r[0], r[1] or None, r[2] or None, int(r[3]), int(r[4]), int(r[5])) for r in reader]
    if fmt == "json":
        return json_rows(read_json(path))
    if fmt == "jsonl":
        text = path.read_text(encoding="utf-8")
        assert text == "" or text.endswith("\n")
        docs = [json.loads(line) for line in text.splitlines()]
        return json_rows({"data": docs})
    return xlsx_rows(path)


def xlsx_rows(path) -> list[tuple]:
    """Every Usage sheet's rows, with openpyxl, checking each cell's type on the way."""
    # A file object: openpyxl judges a path by its extension, Excel by its content.
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    rows = []
    for sheet in book.worksheets:
        if not sheet.title.startswith("Usage"):
            continue
        values = sheet.iter_rows(values_only=True)
        assert next(values) == (*COLUMNS, "cost_usd")
        for when, tenant, model, tokens_in, tokens_out, cents, usd in values:
            assert isinstance(tokens_in, int) and isinstance(tokens_out, int)
            assert isinstance(cents, int) and usd == pytest.approx(cents / 100)
            assert tenant is None or isinstance(tenant, str)
            assert model is None or isinstance(model, str)
            day = when.date().isoformat() if isinstance(when, datetime) else when
            rows.append((day, _text(tenant), _text(model), tokens_in, tokens_out, cents))
    book.close()
    return rows


def _text(value: str | None) -> str | None:
    """A string cell as Excel shows it: OOXML writes control characters as _xHHHH_."""
    return None if value is None else unescape(value)


def expected_file_rows(fmt: str, rows: list[tuple]) -> list[tuple]:
    return as_csv_expected(rows) if fmt == "csv" else rows


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("granularity", ["day", "month", "total"])
@pytest.mark.parametrize("scope", GROUPED)
def test_every_grouped_scope_granularity_and_format_equals_the_model(
    seeded, tmp_path, scope, granularity, fmt
):
    zone = "Europe/Berlin"
    params = ExportParams(*YEAR, format=fmt, scope=scope, granularity=granularity, timezone=zone)
    target = tmp_path / f"out.{fmt}"
    result = run_export(seeded, params, target)
    expected = expected_rows(*YEAR, scope=scope, zone=zone, granularity=granularity)
    assert read_rows(target, fmt) == expected_file_rows(fmt, expected)
    assert result.rows == len(expected)
    assert result.totals.cost_cents == sum(r[5] for r in expected)
    assert verify.read_export(target).totals.cost_cents == sum(r[5] for r in expected)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_event_in_every_format(seeded, tmp_path, fmt):
    params = ExportParams(*YEAR, format=fmt, timezone="America/New_York")
    run_export(seeded, params, tmp_path / f"out.{fmt}")
    expected = expected_rows(*YEAR, zone="America/New_York")
    assert read_rows(tmp_path / f"out.{fmt}", fmt) == expected_file_rows(fmt, expected)


@pytest.mark.parametrize("granularity", ["day", "month", "total"])
@pytest.mark.parametrize("scope", GROUPED)
@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_postgresql_rows_equal_the_servers_own_group_by(pg_url, tmp_path, zone, scope, granularity):
    db = Database(pg_url, create=True)
    seed_rows(db)
    period = {
        "day": "to_char(e.created_at AT TIME ZONE %(z)s, 'YYYY-MM-DD')",
        "month": "to_char(e.created_at AT TIME ZONE %(z)s, 'YYYY-MM')",
        "total": "'2026-01-01/2026-12-31'",
    }[granularity]
    tenant = "t.name" if scope in ("by_tenant", "by_tenant_model") else "NULL::text"
    model = "e.model" if scope in ("by_model", "by_tenant_model") else "NULL::text"
    query = (
        f"SELECT * FROM (SELECT {period} AS p, {tenant} AS tn, {model} AS mn,"
        " sum(input_tokens), sum(output_tokens), sum(cost_cents)"
        " FROM usage_events e JOIN tenants t ON t.id = e.tenant_id"
        " WHERE e.created_at >= '2026-01-01'::timestamp AT TIME ZONE %(z)s"
        " AND e.created_at < '2027-01-01'::timestamp AT TIME ZONE %(z)s"
        ' GROUP BY 1, 2, 3) g ORDER BY p, tn COLLATE "C", mn COLLATE "C"'
    )
    with db.engine.connect() as conn:
        server = [tuple(r) for r in conn.exec_driver_sql(query, {"z": zone})]
    params = ExportParams(*YEAR, format="json", scope=scope, granularity=granularity, timezone=zone)
    run_export(db, params, tmp_path / "out.json")
    assert json_rows(read_json(tmp_path / "out.json")) == server
    db.dispose()


# Events at month edges: 23:30 UTC (22:30 in summer) on the last day of a month is the next
# month in Berlin (UTC+1/+2) but not in New York (UTC-5/-4); 03:30 UTC on the first is the
# previous month in New York only.
EDGE_EVENTS = [
    Event(1, TENANTS[0], "m", 1, 1, 100, datetime(2026, 1, 31, 23, 30, tzinfo=UTC)),
    Event(2, TENANTS[0], "m", 2, 2, 200, datetime(2026, 2, 1, 3, 30, tzinfo=UTC)),
    Event(3, TENANTS[0], "m", 4, 4, 400, datetime(2026, 3, 31, 22, 30, tzinfo=UTC)),
    Event(4, TENANTS[0], "m", 8, 8, 800, datetime(2026, 4, 1, 3, 30, tzinfo=UTC)),
    Event(5, TENANTS[1], "m", 16, 16, 1600, datetime(2026, 10, 31, 23, 30, tzinfo=UTC)),
]


@pytest.mark.parametrize(
    ("zone", "months"),
    [
        ("Europe/Berlin", {"2026-02": 300, "2026-04": 1200, "2026-11": 1600}),
        ("America/New_York", {"2026-01": 300, "2026-03": 1200, "2026-10": 1600}),
    ],
)
def test_month_boundaries_follow_the_export_zone(any_url, tmp_path, zone, months):
    db = Database(any_url, create=True)
    seed_rows(db, EDGE_EVENTS)
    params = ExportParams(
        *YEAR, format="jsonl", scope="by_model", granularity="month", timezone=zone
    )
    run_export(db, params, tmp_path / "m.jsonl")
    rows = read_rows(tmp_path / "m.jsonl", "jsonl")
    assert {r[0]: r[5] for r in rows} == months
    db.dispose()


def test_a_month_cut_by_the_range_covers_only_its_days_in_range(seeded, tmp_path):
    start, end = date(2026, 1, 20), date(2026, 3, 10)
    params = ExportParams(start, end, scope="by_tenant", granularity="month")
    run_export(seeded, params, tmp_path / "cut.csv")
    expected = expected_rows(start, end, scope="by_tenant", granularity="month")
    assert read_rows(tmp_path / "cut.csv", "csv") == as_csv_expected(expected)
    assert {r[0] for r in expected} <= {"2026-01", "2026-02", "2026-03"}
    total = ExportParams(start, end, scope="by_tenant", granularity="total", format="json")
    run_export(seeded, total, tmp_path / "total.json")
    doc = read_json(tmp_path / "total.json")
    assert {d["date"] for d in doc["data"]} <= {"2026-01-20/2026-03-10"}
    assert doc["metadata"]["granularity"] == "total"
    assert sum(d["costCents"] for d in doc["data"]) == sum(r[5] for r in expected)


def test_granularity_needs_a_grouped_scope():
    with pytest.raises(InvalidInput, match="needs a grouped scope"):
        ExportParams(*YEAR, granularity="month")


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_delimiters_quote_fields_holding_them_on_both_backends(
    pg_url, sqlite_url, tmp_path, delimiter
):
    names = ["Müller; Söhne", "Tab\there", "plain", "=cmd", '"quoted"']
    events = [
        Event(
            i + 1, name, f"model{delimiter}{i}", i, i, i * 10, datetime(2026, 5, 1, i, tzinfo=UTC)
        )
        for i, name in enumerate(names)
    ]
    files = []
    for url in (pg_url, sqlite_url):
        db = Database(url, create=True)
        seed_rows(db, events, names)
        for scope in ("all", "by_tenant_model"):
            target = tmp_path / f"{db.backend}-{scope}.csv"
            run_export(db, ExportParams(*YEAR, scope=scope, delimiter=delimiter), target)
            expected = expected_rows(*YEAR, scope=scope, events=events)
            assert read_rows(target, "csv", delimiter) == as_csv_expected(expected)
            assert verify.read_export(target).kind.startswith("CSV")
            files.append(target.read_bytes())
        db.dispose()
    assert files[0] == files[2] and files[1] == files[3]  # byte-identical on both backends
    assert files[0].split(b"\n")[0] == delimiter.join(COLUMNS).encode()


def test_jsonl_is_exactly_the_json_data_one_object_per_line(seeded, tmp_path):
    for fmt in ("json", "jsonl"):
        run_export(seeded, ExportParams(*YEAR, format=fmt), tmp_path / f"x.{fmt}")
    data = read_json(tmp_path / "x.json")["data"]
    lines = (tmp_path / "x.jsonl").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and [json.loads(line) for line in lines[:-1]] == data
    assert all(line.startswith('{"date":') for line in lines[:-1])


def test_xlsx_cells_are_typed_and_names_never_formulas(seeded, tmp_path):
    target = tmp_path / "usage.xlsx"
    result = run_export(seeded, ExportParams(*YEAR, format="xlsx"), target)
    book = openpyxl.load_workbook(target)  # full mode: formats, panes and filters
    assert book.sheetnames == ["Usage", "Summary"]
    usage = book["Usage"]
    assert usage.freeze_panes == "A2"
    assert usage.auto_filter.ref == f"A1:G{result.rows + 1}"
    assert all(cell.font.b for cell in usage[1])
    first = usage[2]
    assert first[0].is_date and first[0].number_format == "yyyy-mm-dd"
    assert first[6].number_format == "$#,##0.00"
    for row in usage.iter_rows(min_row=2):
        assert row[1].data_type == "s" and row[2].data_type == "s"  # never "f"
        assert all(cell.data_type == "n" for cell in row[3:])
    names = {_text(row[1].value) for row in usage.iter_rows(min_row=2)}
    assert any(n.startswith(("=", "+", "-", "@")) for n in names)  # as stored, no apostrophe
    assert not any(n.startswith("'") for n in names)
    widths = [usage.column_dimensions[c].width for c in "ABCDEFG"]
    assert all(w >= 12 for w in widths)
    summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows() if r[0].value}
    expected = expected_rows(*YEAR)
    assert summary["Rows"] == len(expected)
    assert summary["Input tokens"] == sum(r[3] for r in expected)
    assert summary["Output tokens"] == sum(r[4] for r in expected)
    assert summary["Cost cents"] == sum(r[5] for r in expected)
    assert summary["Cost USD"] == pytest.approx(sum(r[5] for r in expected) / 100)
    assert summary["Scope"] == "All events" and summary["Time zone"] == "UTC"
    assert "password" not in str(summary["Database"]).lower()
    # calamine, the reader verify uses, computes the same totals as the Summary says
    contents = verify.read_export(target)
    assert contents.totals == contents.declared


def test_xlsx_months_and_ranges_are_text(seeded, tmp_path):
    for granularity in ("month", "total"):
        target = tmp_path / f"{granularity}.xlsx"
        params = ExportParams(*YEAR, format="xlsx", scope="by_tenant", granularity=granularity)
        run_export(seeded, params, target)
        sheet = openpyxl.load_workbook(target)["Usage"]
        assert all(row[0].data_type == "s" for row in sheet.iter_rows(min_row=2))
        assert all(row[2].value is None for row in sheet.iter_rows(min_row=2))  # rolled up


def test_xlsx_rolls_over_to_more_sheets_with_nothing_lost(sqlite_url, tmp_path, monkeypatch):
    """The rule with small sheets (Excel's real limit is the next test)."""
    monkeypatch.setattr(xlsx_format.XlsxWriter, "rows_per_sheet", 7)
    db = Database(sqlite_url, create=True)
    seed_rows(db)
    target = tmp_path / "small.xlsx"
    result = run_export(db, ExportParams(*YEAR, format="xlsx"), target)
    book = CalamineWorkbook.from_path(str(target))
    usage = [n for n in book.sheet_names if n.startswith("Usage")]
    assert usage == ["Usage"] + [f"Usage ({i})" for i in range(2, len(usage) + 1)]
    assert len(usage) == -(-result.rows // 7)
    assert xlsx_rows(target) == expected_rows(*YEAR)
    db.dispose()


def test_an_export_past_excels_row_limit_continues_on_usage_2(sqlite_url, tmp_path):
    import bulk

    db = Database(sqlite_url, create=True)
    bulk.fill(db, 1_100_000)
    target = tmp_path / "big.xlsx"
    result = run_export(db, ExportParams(*YEAR, format="xlsx"), target)
    assert result.rows == 1_100_000
    book = CalamineWorkbook.from_path(str(target))
    assert book.sheet_names == ["Usage", "Usage (2)", "Summary"]
    first = book.get_sheet_by_name("Usage").to_python()
    second = book.get_sheet_by_name("Usage (2)").to_python()
    assert len(first) == 1_048_576 and len(second) == 1 + 1_100_000 - 1_048_575
    assert first[0] == second[0]  # the header on each sheet
    contents = verify.read_export(target)
    assert contents.totals == contents.declared
    assert contents.totals.rows == 1_100_000
    with db.engine.connect() as conn:
        cents = conn.exec_driver_sql("SELECT sum(cost_cents) FROM usage_events").scalar_one()
    assert contents.totals.cost_cents == cents
    db.dispose()


def test_command_line_xlsx_by_tenant_model_per_month(seeded, any_url, tmp_path):
    url = any_url
    proc = cli(
        "export", "--database-url", url, "--format", "xlsx", "--scope", "by_tenant_model",
        "--granularity", "month", "--start", "2026-01-01", "--end", "2026-12-31",
        "--timezone", "Europe/Berlin", "--manifest", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    [target] = tmp_path.glob("billing-export-*.xlsx")
    expected = expected_rows(
        *YEAR, scope="by_tenant_model", zone="Europe/Berlin", granularity="month"
    )
    assert xlsx_rows(target) == expected
    check = cli("verify", str(target), "--database-url", url)
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


@pytest.mark.parametrize(("given", "sep"), [("tab", "\t"), (";", ";"), ("semicolon", ";")])
def test_command_line_delimiter_by_name_or_character(seeded, any_url, tmp_path, given, sep):
    url = any_url
    out = tmp_path / "x.csv"
    proc = cli("export", "--database-url", url, "--start", "2026-01-01", "--end",
               "2026-12-31", "--delimiter", given, "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    assert read_rows(out, "csv", sep) == as_csv_expected(expected_rows(*YEAR))


def test_xlsx_to_standard_output_is_a_valid_workbook(seeded, any_url, tmp_path):
    url = any_url
    proc = cli("export", "--database-url", url, "--start", "2026-01-01", "--end",
               "2026-12-31", "--format", "xlsx", "-o", "-")  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    (tmp_path / "piped.xlsx").write_bytes(proc.stdout)
    assert xlsx_rows(tmp_path / "piped.xlsx") == expected_rows(*YEAR)
