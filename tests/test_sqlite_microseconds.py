"""Dated to the microsecond: `D 00:00 <= created_at < D+1 00:00` decides both
which events an export holds and the date it gives them.

SQLite's date functions round a time to whole milliseconds, so an event stored at 23:59:59.9995
local time or later used to be dated the next day: the last row of an export ending 2026-12-31
in Europe/Berlin said 2027-01-01, and the grouped scopes gained a row. Whole milliseconds (the
demo data) never show it; these events carry every microsecond. Run on both backends, on real
database files and servers, against the seed's plain-Python model.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from helpers import as_csv_expected, json_rows, read_csv
from seed import Event, expected_rows, local_date, seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.export.params import ExportParams
from billing_desktop.export.runner import WriteOptions, run_export

TENANTS = ["Acme Corp", "Globex"]
MODELS = ["claude-sonnet-4-20250514", "gpt-4o-2024-08-06"]

# UTC instants one moment before a local midnight (and one at it), to the microsecond.
INSTANTS = [
    datetime(2026, 12, 31, 22, 59, 59, 999500, tzinfo=UTC),  # Berlin 23:59:59.9995, 31 Dec
    datetime(2026, 12, 31, 22, 59, 59, 999999, tzinfo=UTC),  # Berlin 23:59:59.999999
    datetime(2026, 12, 31, 22, 59, 59, 999000, tzinfo=UTC),  # whole milliseconds: always right
    datetime(2026, 12, 31, 23, 0, 0, tzinfo=UTC),  # Berlin midnight of 1 January 2027
    datetime(2026, 12, 31, 23, 0, 0, 1, tzinfo=UTC),
    datetime(2026, 6, 30, 21, 59, 59, 999600, tzinfo=UTC),  # Berlin (CEST) 30 June
    datetime(2026, 3, 28, 22, 59, 59, 999501, tzinfo=UTC),  # Berlin, the night of the DST jump
    datetime(2026, 5, 31, 23, 59, 59, 999900, tzinfo=UTC),  # UTC: 31 May
    datetime(2026, 12, 1, 0, 0, 0, 500, tzinfo=UTC),
    datetime(2026, 11, 30, 22, 59, 59, 999999, tzinfo=UTC),  # Berlin: 30 November
]

EVENTS = [
    Event(i + 1, TENANTS[i % 2], MODELS[(i // 2) % 2], 1000 + i, 10 + i, 5 + i, at)
    for i, at in enumerate(INSTANTS)
]

SCOPES = ("all", "by_tenant", "by_model")


@pytest.fixture
def late_events(any_url):
    db = Database(any_url, create=True)
    seed_rows(db, EVENTS, TENANTS)
    yield db
    db.dispose()


def _rows(db: Database, params: ExportParams, path) -> list[tuple]:
    run_export(db, params, path, WriteOptions(overwrite=True))
    if params.format == "json":
        return json_rows(json.loads(path.read_text(encoding="utf-8")))
    return read_csv(path)[1]


def test_the_stored_text_keeps_every_microsecond(sqlite_url):
    """The test is about what is stored: check that the file holds the fractions."""
    db = Database(sqlite_url, create=True)
    seed_rows(db, EVENTS, TENANTS)
    with db.read() as conn:
        stored = [r[0] for r in conn.exec_driver_sql("SELECT created_at FROM usage_events")]
    db.dispose()
    assert "2026-12-31 22:59:59.999500" in stored


@pytest.mark.parametrize("zone", ["Europe/Berlin", "UTC"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("scope", SCOPES)
def test_december_ends_on_december_31(late_events, tmp_path, zone, fmt, scope):
    params = ExportParams(date(2026, 12, 1), date(2026, 12, 31), fmt, scope, timezone=zone)
    got = _rows(late_events, params, tmp_path / f"dec.{fmt}")
    want = expected_rows(params.start, params.end, scope, zone, events=EVENTS)
    assert got == (as_csv_expected(want) if fmt == "csv" else want)
    assert {row[0] for row in got} <= {f"2026-12-{d:02d}" for d in range(1, 32)}
    if zone == "Europe/Berlin":
        assert got[-1][0] == "2026-12-31"


@pytest.mark.parametrize("zone", ["Europe/Berlin", "UTC", "America/New_York"])
@pytest.mark.parametrize("scope", SCOPES)
def test_every_row_of_a_year_is_dated_by_its_microseconds(late_events, tmp_path, zone, scope):
    params = ExportParams(date(2026, 1, 1), date(2026, 12, 31), scope=scope, timezone=zone)
    got = _rows(late_events, params, tmp_path / "year.csv")
    assert got == as_csv_expected(expected_rows(params.start, params.end, scope, zone,
                                                events=EVENTS))  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end", "zone"),
    [
        (date(2026, 12, 1), date(2026, 12, 31), "Europe/Berlin"),
        (date(2026, 12, 31), date(2026, 12, 31), "Europe/Berlin"),
        (date(2026, 5, 31), date(2026, 6, 1), "UTC"),
        (date(2026, 3, 1), date(2026, 12, 31), "Europe/Berlin"),
    ],
)
def test_dashboard_days_agree_to_the_microsecond(late_events, start, end, zone):
    data = load_dashboard(late_events, EventFilter(start, end, zone))
    chosen = [e for e in EVENTS if start <= local_date(e, zone) <= end]
    per_day: dict[date, list[int]] = {}
    for e in chosen:
        day = per_day.setdefault(local_date(e, zone), [0, 0])
        day[0] += 1
        day[1] += e.cost_cents
    assert {d.day: [d.events, d.cost_cents] for d in data.daily if d.events} == per_day
    assert data.events == len(chosen) == sum(d.events for d in data.daily)
    assert data.cost_cents == sum(e.cost_cents for e in chosen)
