"""The dashboard's figures on both backends, against the seed's independent Python model."""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from datetime import date, timedelta

import pytest
from seed import INT32_MAX, MODELS, TENANTS, chosen_events, local_date, seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import list_models, list_tenants, load_dashboard
from billing_desktop.db.dashboard_pg import dashboard_query
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import DatabaseError


def expected(flt: EventFilter) -> dict:
    """Cards, chart and tables computed in plain Python from the seed events."""
    chosen = chosen_events(flt.start, flt.end, flt.timezone, flt.tenants, flt.models)
    days: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    tenants: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    models: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for e in chosen:
        day = days[local_date(e, flt.timezone)]
        day[0] += 1
        day[1] += e.cost_cents
        for sums in (tenants[e.tenant], models[e.model]):
            sums[0] += 1
            sums[1] += e.input_tokens
            sums[2] += e.output_tokens
            sums[3] += e.cost_cents
    n_days = (flt.end - flt.start).days + 1
    all_days = [flt.start + timedelta(days=i) for i in range(n_days)]
    return {
        "events": len(chosen),
        "input": sum(e.input_tokens for e in chosen),
        "output": sum(e.output_tokens for e in chosen),
        "cost": sum(e.cost_cents for e in chosen),
        "daily": [(d, *days.get(d, [0, 0])) for d in all_days],
        "tenants": {k: tuple(v) for k, v in tenants.items()},
        "models": {k: tuple(v) for k, v in models.items()},
    }


def check(db: Database, flt: EventFilter) -> None:
    data = load_dashboard(db, flt)
    want = expected(flt)
    assert data.events == want["events"]
    assert data.input_tokens == want["input"]
    assert data.output_tokens == want["output"]
    assert data.cost_cents == want["cost"]
    assert [(d.day, d.events, d.cost_cents) for d in data.daily] == want["daily"]
    got_tenants = {
        r.name: (r.events, r.input_tokens, r.output_tokens, r.cost_cents) for r in data.by_tenant
    }
    got_models = {
        r.name: (r.events, r.input_tokens, r.output_tokens, r.cost_cents) for r in data.by_model
    }
    assert got_tenants == want["tenants"]
    assert got_models == want["models"]
    assert data.active_tenants == len(want["tenants"])
    # Tables come ranked by cost, highest first.
    costs = [r.cost_cents for r in data.by_tenant]
    assert costs == sorted(costs, reverse=True)


@pytest.mark.parametrize(
    "zone", ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Pacific/Kiritimati"]
)
def test_whole_year_in_each_zone(seeded, zone):
    check(seeded, EventFilter(date(2025, 12, 31), date(2026, 12, 31), zone))


@pytest.mark.parametrize(
    ("start", "end", "zone"),
    [
        (date(2026, 3, 1), date(2026, 3, 1), "UTC"),  # the event at exactly midnight is in
        (date(2026, 2, 28), date(2026, 2, 28), "UTC"),  # ... and 23:59:59.999999 is not
        (date(2026, 3, 8), date(2026, 3, 8), "America/New_York"),  # 23-hour day
        (date(2026, 11, 1), date(2026, 11, 1), "America/New_York"),  # 25-hour day
        (date(2026, 3, 29), date(2026, 3, 29), "Europe/Berlin"),
        (date(2026, 10, 25), date(2026, 10, 26), "Europe/Berlin"),
        (date(2026, 2, 1), date(2026, 2, 1), "Asia/Kathmandu"),
    ],
)
def test_day_boundaries(seeded, start, end, zone):
    check(seeded, EventFilter(start, end, zone))
    data = load_dashboard(seeded, EventFilter(start, end, zone))
    assert data.events > 0  # each of these days holds a trap event


def test_midnight_event_counts_for_its_own_day(seeded):
    data = load_dashboard(seeded, EventFilter(date(2026, 2, 28), date(2026, 3, 1)))
    by_day = {d.day: d.events for d in data.daily}
    # Two events at 2026-03-01 00:00:00 (one duplicated instant), one just before midnight.
    assert by_day[date(2026, 3, 1)] >= 2
    assert by_day[date(2026, 2, 28)] >= 1


def test_tenant_and_model_filters(seeded):
    flt = EventFilter(
        date(2026, 1, 1),
        date(2026, 12, 31),
        "Europe/Berlin",
        tenants=("Acme Corp", TENANTS[4], TENANTS[5]),
        models=(MODELS[0], MODELS[2]),
    )
    check(seeded, flt)


def test_sums_beyond_32_bits(seeded):
    data = load_dashboard(seeded, EventFilter(date(2026, 2, 10), date(2026, 2, 10)))
    assert data.cost_cents > INT32_MAX
    assert data.by_tenant[0].name == "Acme Corp"
    check(seeded, EventFilter(date(2026, 2, 10), date(2026, 2, 10)))


def test_empty_range_has_zero_figures_and_a_flat_chart(seeded):
    flt = EventFilter(date(2030, 1, 1), date(2030, 1, 31))
    data = load_dashboard(seeded, flt)
    assert (data.events, data.cost_cents, data.input_tokens, data.active_tenants) == (0, 0, 0, 0)
    assert len(data.daily) == 31
    assert all(d.events == 0 and d.cost_cents == 0 for d in data.daily)
    assert data.by_tenant == () and data.by_model == ()


def test_sqlite_refresh_is_one_snapshot_when_a_writer_commits_during_it(sqlite_url):
    """A long range is read on two SQLite connections (every other day each). A commit that
    lands after the first connection's snapshot, touching days of both halves, must show
    either whole or not at all."""
    db = Database(sqlite_url, create=True)
    seed_rows(db)
    flt = EventFilter(date(2026, 1, 1), date(2026, 1, 31))
    before = load_dashboard(db, flt)
    path = db.sqlite_path
    with sqlite3.connect(path) as setup:  # readers never block a writer in WAL mode
        setup.execute("PRAGMA journal_mode = WAL")
    tenant_id = sqlite3.connect(path).execute("SELECT min(id) FROM tenants").fetchone()[0]
    armed, fired = [], []

    def arm_after_snapshot(statement: str) -> None:
        # The first connection's snapshot is taken by then (BEGIN, PRAGMA data_version).
        if statement.startswith("SELECT id, name FROM tenants"):
            armed.append(True)

    def commit_two_events() -> int:
        if armed and not fired:
            fired.append(True)
            writer = sqlite3.connect(path)
            for stamp in ("2026-01-01 12:00:00", "2026-01-02 12:00:00"):  # days 0 and 1
                writer.execute(
                    "INSERT INTO usage_events (tenant_id, model, input_tokens, output_tokens,"
                    " cost_cents, created_at) VALUES (?, 'late-model', 1, 2, 500, ?)",
                    (tenant_id, stamp),
                )
            writer.commit()
            writer.close()
        return 0

    # The pool hands the same connection back, so these SQLite hooks run inside the refresh,
    # on the first connection, once it holds its snapshot and before the second one starts.
    with db.read() as conn:
        driver = conn.connection.driver_connection
        driver.set_trace_callback(arm_after_snapshot)
        driver.set_progress_handler(commit_two_events, 1)
    after = load_dashboard(db, flt)
    db.dispose()
    assert fired
    assert (after.events, after.cost_cents) == (before.events + 2, before.cost_cents + 1000)
    assert [d.events for d in after.daily[:2]] == [d.events + 1 for d in before.daily[:2]]
    assert {r.name: r.events for r in after.by_model}["late-model"] == 2
    assert sum(d.events for d in after.daily) == after.events


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kathmandu"])
def test_postgresql_days_by_python_spans_equal_the_servers_own_zone(pg_url, zone):
    """Where the server's tzdata agrees with the app's, the days grouped by the app's offset
    spans (date_bin, and the pre-14 form) are exactly the server's `AT TIME ZONE` days."""
    db = Database(pg_url, create=True)
    seed_rows(db)
    flt = EventFilter(date(2025, 12, 31), date(2026, 12, 31), zone)
    with db.read() as conn:
        cur = conn.connection.driver_connection.cursor()
        with_bin, without_bin = (
            sorted(cur.execute(*dashboard_query(flt, b).format()).fetchall()) for b in (True, False)
        )
        by_server = sorted(
            cur.execute(
                "SELECT to_char(e.created_at AT TIME ZONE %s, 'YYYY-MM-DD'), count(*)"
                " FROM usage_events e WHERE e.created_at >= %s AND e.created_at < %s GROUP BY 1",
                (zone, *flt.bounds_utc),
            ).fetchall()
        )
    db.dispose()
    days = [(r[1], r[2]) for r in with_bin if r[0] == "day"]
    assert with_bin == without_bin
    assert sorted(days) == by_server
    assert len(days) > 50


def test_lists_of_names(seeded):
    assert sorted(list_tenants(seeded), key=str.encode) == sorted(TENANTS, key=str.encode)
    assert list_tenants(seeded) == sorted(TENANTS, key=str.encode)
    assert list_models(seeded) == sorted(set(MODELS), key=str.encode)


def test_unreachable_database_is_one_clear_error():
    db = Database("postgresql://u@127.0.0.1:1/x")
    with pytest.raises(DatabaseError, match=r"Cannot connect to PostgreSQL x on 127\.0\.0\.1:1"):
        load_dashboard(db, EventFilter(date(2026, 1, 1), date(2026, 1, 2)))


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Asia/Kolkata"])
def test_postgresql_slices_add_up_to_the_one_statement(pg_url, monkeypatch, caplog, zone):
    """A long range read in slices on connections sharing the snapshot gives exactly the
    figures of the one statement: with days whose clocks change, and events on the slices'
    edges (which belong to the later slice) and a second either side of them."""
    from datetime import UTC, datetime

    from seed import Event

    from billing_desktop.db import dashboard_pg_slices

    flt = EventFilter(date(2026, 1, 1), date(2026, 12, 31), zone)
    edges = [w[0] for w in dashboard_pg_slices.slice_edges(flt, dashboard_pg_slices.SLICES)[1:]]
    clocks_change = [(3, 29, 1), (10, 25, 1), (3, 8, 7), (11, 1, 6)]  # Europe, America
    instants = [datetime(2026, m, d, h, tzinfo=UTC) for m, d, h in clocks_change]
    for edge in edges:
        instants += [edge, edge, edge - timedelta(seconds=1), edge + timedelta(microseconds=1)]
    instants += [datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=37 * i) for i in range(240)]
    tenants, models = ["t1", "t2", "t,3"], ["m1", "m2"]
    events = [
        Event(i + 1, tenants[i % 3], models[i % 2], INT32_MAX - i, 2 * i, 3 * i, at)
        for i, at in enumerate(instants)
    ]
    db = Database(pg_url, create=True)
    seed_rows(db, events, tenants)
    try:
        whole = load_dashboard(db, flt)
        monkeypatch.setattr(dashboard_pg_slices, "MIN_SLICED_ROWS", 0)
        # Slices of time, whose edges these events sit on (not runs of pages).
        monkeypatch.setattr(dashboard_pg_slices, "MIN_SHARE_FOR_PAGES", float("inf"))
        caplog.set_level(logging.INFO, "billing_desktop.dashboard")
        sliced = load_dashboard(db, flt)
    finally:
        db.dispose()
    assert sliced == whole
    assert not any("read on one connection" in r.getMessage() for r in caplog.records)
    assert whole.events == len(chosen_events(flt.start, flt.end, zone, (), (), events))


def test_a_range_holding_most_of_the_table_is_sliced_by_pages(pg_url, monkeypatch, caplog):
    """When the range holds most of the table's events, the slices are runs of its pages (each
    read in page order, without the index): every page run holds events of days that others
    hold too, and together they give exactly the one statement's figures. A range holding a
    small part of the table is still cut by time."""
    from datetime import UTC, datetime

    from seed import Event

    from billing_desktop.db import dashboard_pg_slices

    zone = "America/New_York"
    tenants, models = ["t1", "t2", "t,3"], ["m1", "m2"]
    first = datetime(2026, 1, 1, 5, tzinfo=UTC)
    # Stored out of time order, so that each day's events lie on pages of every slice.
    events = [
        Event(i + 1, tenants[i % 3], models[i % 2], INT32_MAX - i, 2 * i, 3 * i,
              first + timedelta(minutes=(i * 7919) % (364 * 24 * 60)))
        for i in range(3000)
    ]  # fmt: skip
    db = Database(pg_url, create=True)
    seed_rows(db, events, tenants)
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM ANALYZE usage_events"
        )
    year = EventFilter(date(2026, 1, 1), date(2026, 12, 31), zone)
    march = EventFilter(date(2026, 3, 1), date(2026, 3, 31), zone)
    monkeypatch.setattr(dashboard_pg_slices, "MIN_SLICED_ROWS", 0)
    try:
        with db.read() as conn:
            driver = conn.connection.driver_connection
            pages = dashboard_pg_slices.planned_slices(driver, year)
            spans = dashboard_pg_slices.planned_slices(driver, march)
        caplog.set_level(logging.INFO, "billing_desktop.dashboard")
        sliced = load_dashboard(db, year)
        monkeypatch.setattr(dashboard_pg_slices, "MIN_SLICED_ROWS", 10**12)
        whole = load_dashboard(db, year)
    finally:
        db.dispose()
    edges = [lo for lo, _ in pages[1:]]
    assert all(isinstance(edge, int) for edge in edges) and 0 < edges[0] < edges[-1]
    assert all(isinstance(lo, datetime) for lo, _ in spans[1:])
    assert sliced == whole
    assert not any("read on one connection" in r.getMessage() for r in caplog.records)
    assert whole.events == len(chosen_events(year.start, year.end, zone, (), (), events))
