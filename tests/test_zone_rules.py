"""One set of zone rules: the app's zone data chooses the range *and* dates the
rows, on PostgreSQL as on SQLite, in exports and the dashboard alike.

The app's tzdata and the server's differ in real life (an old server, or the Windows build's
bundled `tzdata`, in a zone whose rules changed). Here the app is given zone files compiled
with `zic` that the server does not share: `Europe/Berlin` on permanent summer time (UTC+2 all
year, where the server keeps +1 in winter), and `Billing/Test_Zone`, a name the server has never
heard of. The truth is the app's rules: tests/seed.py dates events with the same zoneinfo.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zoneinfo
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from helpers import as_csv_expected, json_rows, read_csv
from seed import Event, chosen_events, expected_rows, local_date, seed_rows

from billing_desktop import timezones
from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import InvalidInput
from billing_desktop.export.params import ExportParams
from billing_desktop.export.runner import run_export

pytestmark = pytest.mark.skipif(shutil.which("zic") is None, reason="needs zic (libc-bin)")

ZONE_SOURCE = """\
# The app's rules, unlike any server's: Berlin on summer time all year, and a zone of our own.
Zone Europe/Berlin 2:00 - +02
Zone Billing/Test_Zone -3:30 - -0330
"""

TENANTS = ["Acme Corp", "Globex"]
MODELS = ["claude-sonnet-4-20250514", "gpt-4o-2024-08-06"]
INSTANTS = [
    datetime(2025, 12, 31, 22, 30, tzinfo=UTC),  # app's Berlin: 1 Jan 00:30; server's: 31 Dec
    datetime(2026, 1, 1, 3, 0, tzinfo=UTC),  # Test_Zone: 31 Dec 23:30
    datetime(2026, 1, 1, 4, 0, tzinfo=UTC),  # Test_Zone: 1 Jan 00:30
    datetime(2026, 1, 15, 12, 0, tzinfo=UTC),
    datetime(2026, 1, 31, 22, 30, tzinfo=UTC),  # app's Berlin: 1 Feb; server's: 31 Jan
    datetime(2026, 1, 31, 21, 59, 59, 999999, tzinfo=UTC),  # app's Berlin: 31 Jan 23:59:59.99
    datetime(2026, 2, 1, 3, 29, 59, tzinfo=UTC),  # Test_Zone: 31 Jan 23:59:59
    datetime(2026, 2, 1, 3, 30, tzinfo=UTC),  # Test_Zone: 1 Feb
]
EVENTS = [
    Event(i + 1, TENANTS[i % 2], MODELS[(i // 2) % 2], 1000 + i, 10 + i, 7 + i, at)
    for i, at in enumerate(INSTANTS)
]
ZONES = ["Europe/Berlin", "Billing/Test_Zone"]


@pytest.fixture(scope="module")
def app_zone_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("zoneinfo")
    source = folder / "rules.zi"
    source.write_text(ZONE_SOURCE, encoding="utf-8")
    subprocess.run(["zic", "-d", str(folder), str(source)], check=True)
    return folder


@pytest.fixture
def app_zones(app_zone_dir):
    """Python (the app and the seed's truth alike) reads the compiled rules, not the system's."""
    saved = zoneinfo.TZPATH
    zoneinfo.reset_tzpath([str(app_zone_dir)])
    zoneinfo.ZoneInfo.clear_cache()
    timezones.zone.cache_clear()
    yield app_zone_dir
    zoneinfo.reset_tzpath(saved)
    zoneinfo.ZoneInfo.clear_cache()
    timezones.zone.cache_clear()


@pytest.fixture
def events_db(any_url):
    db = Database(any_url, create=True)
    seed_rows(db, EVENTS, TENANTS)
    yield db
    db.dispose()


def test_the_app_and_the_server_really_disagree(app_zones, pg_url):
    """The premise: Python now puts 31 Dec 22:30 UTC on 1 January in Berlin, PostgreSQL on
    31 December; and PostgreSQL does not know Billing/Test_Zone at all."""
    import psycopg

    instant = INSTANTS[0]
    assert instant.astimezone(zoneinfo.ZoneInfo("Europe/Berlin")).date() == date(2026, 1, 1)
    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql")) as conn:
        server_day = conn.execute(
            "SELECT (%s::timestamptz AT TIME ZONE 'Europe/Berlin')::date", (instant,)
        ).fetchone()[0]
        assert server_day == date(2025, 12, 31)
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute("SELECT now() AT TIME ZONE 'Billing/Test_Zone'")


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("scope", ["all", "by_tenant", "by_model"])
def test_january_holds_and_dates_exactly_januarys_events(
    app_zones, events_db, tmp_path, zone, fmt, scope
):
    params = ExportParams(date(2026, 1, 1), date(2026, 1, 31), fmt, scope, timezone=zone)
    path = tmp_path / f"january.{fmt}"
    run_export(events_db, params, path)
    if fmt == "json":
        got = json_rows(json.loads(path.read_text(encoding="utf-8")))
    else:
        got = read_csv(path)[1]
    want = expected_rows(params.start, params.end, scope, zone, events=EVENTS)
    assert got == (want if fmt == "json" else as_csv_expected(want))
    assert {row[0] for row in got} <= {f"2026-01-{d:02d}" for d in range(1, 32)}


@pytest.mark.parametrize("zone", ZONES)
def test_dashboard_cards_agree_with_its_chart_by_the_apps_rules(app_zones, events_db, zone):
    flt = EventFilter(date(2026, 1, 1), date(2026, 1, 31), zone)
    data = load_dashboard(events_db, flt)
    chosen = chosen_events(flt.start, flt.end, zone, events=EVENTS)
    per_day: dict[date, int] = {}
    for e in chosen:
        per_day[local_date(e, zone)] = per_day.get(local_date(e, zone), 0) + 1
    assert {d.day: d.events for d in data.daily if d.events} == per_day
    assert data.events == len(chosen) == sum(d.events for d in data.daily)
    assert data.cost_cents == sum(e.cost_cents for e in chosen)


def test_cli_exports_in_a_zone_the_server_does_not_know(app_zone_dir, pg_url, tmp_path):
    """A real process whose Python has the app's zone files (PYTHONTZPATH): no "Database
    error", and the file is dated by those rules."""
    db = Database(pg_url, create=True)
    seed_rows(db, EVENTS, TENANTS)
    db.dispose()
    out = tmp_path / "test-zone.csv"
    env = {**os.environ, "PYTHONTZPATH": str(app_zone_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "billing_desktop", "export", "--database-url", pg_url,
         "--start", "2026-01-01", "--end", "2026-01-31", "--timezone", "Billing/Test_Zone",
         "-o", str(out)],
        capture_output=True, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    dates = [row[0] for row in read_csv(out)[1]]
    # 04:00, 12:00 and 22:30 UTC on January days, 21:59 on the 31st, 03:29:59 on 1 February
    assert dates == ["2026-01-01", "2026-01-15", "2026-01-31", "2026-01-31", "2026-01-31"]


NOT_ZONES = ["America", "", "/etc/passwd", "../etc", "zone.tab", "tzdata.zi", "SECURITY",
             "leapseconds", "Europe/", "Europe//Berlin", "./UTC", "Europe/Berlin ",
             "europe/berlin", "localtime", "Factory", "posixrules", "posix/Europe/Berlin",
             "right/UTC"]  # fmt: skip


def test_every_listed_zone_and_nothing_else_is_a_zone():
    """A zone is checked without listing the zone folder on every command; the answer must
    stay the list's: each zone it holds, and not a folder, a data file, another spelling, the
    machine's own setting or the copies under other leap-second rules."""
    listed = zoneinfo.available_timezones() - {"localtime", "Factory", "posixrules"}
    assert len(listed) > 300
    for name in listed:
        assert timezones.zone(name).key == name
    for name in NOT_ZONES:
        with pytest.raises(InvalidInput, match="Unknown time zone"):
            timezones.zone(name)
