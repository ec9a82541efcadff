"""Data the app did not expect: an empty tenant name, figures beyond what Excel holds exactly,
names longer than a cell, REAL or TEXT figures in SQLite, week dates, zone files that are no
zone, and absurd ranges. Each is written exactly or refused with one sentence."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers import assert_clean_failure, cli, leftovers
from python_calamine import CalamineWorkbook
from seed import Event, seed_rows

from billing_desktop import timezones
from billing_desktop.db.connection import Database
from billing_desktop.errors import InvalidInput
from billing_desktop.export import ExportParams
from billing_desktop.export.formats.xlsx_format import TEXT_FIGURES_NOTE
from billing_desktop.export.params import parse_date
from billing_desktop.export.statements import run_split_export

YEAR = ExportParams(start=date(2026, 1, 1), end=date(2026, 12, 31))
WHEN = datetime(2026, 3, 1, 12, tzinfo=UTC)
EXPORT = ("export", "--start", "2026-01-01", "--end", "2026-12-31", "--quiet")


def test_a_tenant_with_an_empty_name_gets_its_own_statement(any_url, tmp_path):
    names = ["", "(no name)", "Acme"]
    events = [Event(i + 1, n, "m", 10 + i, 1, 100 + i, WHEN) for i, n in enumerate(names)]
    db = Database(any_url, create=True)
    seed_rows(db, events, names)
    result = run_split_export(db, YEAR, tmp_path / "Statements")
    db.dispose()
    by_tenant = {f.tenant: f.name for f in result.files}
    assert by_tenant[""] in {"(no name).csv", "(no name) (2).csv"}
    assert set(by_tenant.values()) == {"(no name).csv", "(no name) (2).csv", "Acme.csv"}
    lines = (tmp_path / "Statements" / by_tenant[""]).read_text().splitlines()
    assert lines[1:] == ['2026-03-01,"",m,10,1,100']  # an empty name, not a missing one


def _sqlite_with(tmp_path: Path, events: list[Event], names: list[str]) -> str:
    url = f"sqlite:///{tmp_path / 'odd.sqlite3'}"
    db = Database(url, create=True)
    seed_rows(db, events, names)
    db.dispose()
    return url


BIG = 2**53 + 1  # the first integer a double cannot hold


def test_xlsx_writes_figures_beyond_excels_precision_exactly_and_verifies(tmp_path):
    events = [
        Event(1, "Acme", "m", BIG, 10**15, 2**62 + 7, WHEN),
        Event(2, "Acme", "m", 5, 6, 1234, WHEN),
    ]
    url = _sqlite_with(tmp_path, events, ["Acme"])
    target = tmp_path / "big.xlsx"
    proc = cli(*EXPORT, "--database-url", url, "--format", "xlsx", "--manifest", "-o", str(target))
    assert proc.returncode == 0, proc.stderr.decode()
    book = CalamineWorkbook.from_path(str(target))
    usage = book.get_sheet_by_name("Usage").to_python()
    assert usage[1][3:] == [str(BIG), str(10**15), str(2**62 + 7), "46116860184273879.11"]
    assert usage[2][3:] == [5.0, 6.0, 1234.0, 12.34]
    summary = {row[0]: row[1] for row in book.get_sheet_by_name("Summary").to_python()}
    assert summary["Input tokens"] == str(BIG + 5)
    assert summary["Cost cents"] == str(2**62 + 7 + 1234)
    assert TEXT_FIGURES_NOTE in summary
    verified = cli("verify", str(target), "--database-url", url)
    assert verified.returncode == 0, verified.stdout.decode() + verified.stderr.decode()


def test_xlsx_refuses_a_name_longer_than_a_cell_holds(tmp_path):
    long_name = "L" * 32_768
    url = _sqlite_with(tmp_path, [Event(1, long_name, "m", 1, 1, 1, WHEN)], [long_name])
    target = tmp_path / "long.xlsx"
    proc = cli(*EXPORT, "--database-url", url, "--format", "xlsx", "-o", str(target))
    assert_clean_failure(proc, 2, "32,768 characters", "32,767 an Excel cell holds")
    assert not target.exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [("cost_cents", 1e20, "1e+20"), ("input_tokens", 12.5, "12.5"), ("output_tokens", "x", "x")],
)
def test_sqlite_figures_that_are_not_integers_are_refused_before_writing(
    tmp_path, column, value, shown
):
    events = [Event(i + 1, "Acme", "m", 1, 1, 1, WHEN) for i in range(3)]
    url = _sqlite_with(tmp_path, events, ["Acme"])
    with sqlite3.connect(tmp_path / "odd.sqlite3") as conn:
        conn.execute(f"UPDATE usage_events SET {column} = ? WHERE id = 2", (value,))
    conn.close()
    for fmt in ("csv", "json"):
        target = tmp_path / f"out.{fmt}"
        proc = cli(*EXPORT, "--database-url", url, "--format", fmt, "-o", str(target))
        assert_clean_failure(proc, 2, "usage_events", "row id 2", column, shown)
        assert not target.exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("text", ["2026-W01-1", "2026-001", "20260101", "２０２６-01-01"])
def test_only_year_month_day_dates_are_taken(text):
    with pytest.raises(InvalidInput, match="expected a date as YYYY-MM-DD"):
        parse_date(text, "start date")
    assert parse_date("2026-01-01") == date(2026, 1, 1)


def test_a_week_date_on_the_command_line_is_refused(seeded_sqlite, tmp_path):
    target = tmp_path / "out.csv"
    proc = cli(
        "export", "--database-url", seeded_sqlite, "--start", "2026-W01-1", "--end", "2026-01-31",
        "-o", str(target),
    )  # fmt: skip
    assert_clean_failure(proc, 2, "2026-W01-1")
    assert not target.exists()


@pytest.mark.parametrize("name", ["posixrules", "localtime", "Factory", "posix/UTC", "right/UTC"])
def test_zone_files_that_are_no_place_are_refused(name):
    timezones.zone.cache_clear()
    with pytest.raises(InvalidInput, match="Unknown time zone"):
        ExportParams(start=date(2026, 1, 1), end=date(2026, 1, 31), timezone=name)
    assert name not in timezones.all_zone_names()
    assert ExportParams(date(2026, 1, 1), date(2026, 1, 31), timezone="Europe/Berlin")


def test_a_range_of_more_than_a_hundred_years_is_refused():
    with pytest.raises(InvalidInput, match="spans more than 100 years"):
        ExportParams(start=date(2026, 1, 1), end=date(9026, 1, 1), timezone="Europe/Berlin")
    with pytest.raises(InvalidInput, match="spans more than 100 years"):
        ExportParams(start=date(1970, 1, 1), end=date(2070, 1, 2))
    assert ExportParams(start=date(1970, 1, 1), end=date(2070, 1, 1))
    assert ExportParams(start=date(2024, 2, 29), end=date(2124, 2, 28))
