"""The backends' SQL fragments, without a database: each backend's text, and the shared text
that the export builds from them (the real-server tests prove the files they give)."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime

import pytest

from billing_desktop.db.connection import Database
from billing_desktop.db.dialect import Dialect
from billing_desktop.db.sql import FORMULA_PREFIXES, EventFilter, Param
from billing_desktop.export import queries
from billing_desktop.export.backends import POSTGRESQL, SQLITE, Backend, backend_for
from billing_desktop.export.params import ExportParams

BOTH = pytest.mark.parametrize("backend", [POSTGRESQL, SQLITE], ids=lambda b: b.name)

# Europe/Berlin leaves winter time on 29 March 2026 at 01:00 UTC.
BERLIN_MARCH = EventFilter(date(2026, 3, 1), date(2026, 3, 31), "Europe/Berlin")
SPRING_FORWARD = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_the_backend_is_chosen_from_the_database_url(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'billing.db'}", create=True)
    try:
        assert backend_for(db) is SQLITE
    finally:
        db.dispose()


@BOTH
def test_every_backend_is_a_whole_class(backend):
    assert isinstance(backend, Backend) and isinstance(backend, Dialect)
    assert not inspect.isabstract(type(backend))


def test_instants_are_compared_as_each_backend_stores_them():
    instant = datetime(2026, 3, 29, 1, 0, 0, 250_000, tzinfo=UTC)
    assert POSTGRESQL.bound(instant) == instant
    # SQLite holds UTC text; a bound without fraction sorts right against any fraction.
    assert SQLITE.bound(instant) == "2026-03-29 01:00:00"


def test_a_local_day_in_utc_is_one_expression():
    flt = EventFilter(date(2026, 1, 1), date(2026, 1, 31))
    assert POSTGRESQL.local_day(flt).qmark() == (
        "((e.created_at AT TIME ZONE 'UTC'))::date::text",
        [],
    )
    assert SQLITE.local_day(flt).qmark() == ("date(e.created_at)", [])


@BOTH
def test_a_local_day_across_a_clock_change_shifts_each_span_by_its_offset(backend):
    text, params = backend.local_day(BERLIN_MARCH).qmark()
    assert text.startswith("CASE WHEN e.created_at < ? THEN ")
    assert text.count(" WHEN ") == 1 and text.endswith(" END")
    assert params[0] == backend.bound(SPRING_FORWARD)
    if backend is POSTGRESQL:
        assert params[1:] == [3600, 7200]
    else:
        assert params[1:] == ["+3600 seconds", "+7200 seconds"]


@BOTH
def test_the_formula_guard_off_is_the_column_itself(backend):
    assert backend.formula_guarded("t.name", False).qmark() == ("t.name", [])


def test_the_formula_guard_on_each_backend():
    pg_text, pg_params = POSTGRESQL.formula_guarded("t.name", True).qmark()
    codes = ", ".join(str(ord(p)) for p in FORMULA_PREFIXES)
    assert pg_text == (
        f"""CASE WHEN t.name COLLATE "C" < 'A' AND ascii(t.name) IN ({codes})"""
        " THEN '''' || t.name ELSE t.name END"
    )
    assert pg_params == []
    lite_text, lite_params = SQLITE.formula_guarded("t.name", True).qmark()
    assert lite_text == (
        "CASE WHEN substr(t.name, 1, 1) IN (?, ?, ?, ?, ?, ?) THEN '''' || t.name ELSE t.name END"
    )
    assert lite_params == list(FORMULA_PREFIXES)


def test_names_are_ordered_by_their_bytes():
    assert POSTGRESQL.name_order("g.model_used") == 'g.model_used COLLATE "C"'
    assert SQLITE.name_order("g.model_used") == "g.model_used"


def test_a_month_key_on_each_backend():
    flt = EventFilter(date(2026, 1, 1), date(2026, 3, 31))
    key, text = POSTGRESQL.period_key(flt, "month")
    assert key.qmark() == ("date_trunc('month', (e.created_at AT TIME ZONE 'UTC'))", [])
    assert text == "to_char(k.day, 'YYYY-MM')"
    key, text = SQLITE.period_key(flt, "month")
    assert key.qmark() == ("substr(date(e.created_at), 1, 7)", [])
    assert text == "k.day"


@BOTH
def test_the_event_filter_binds_every_name_as_a_parameter(backend):
    flt = EventFilter(date(2026, 1, 1), date(2026, 1, 31), "UTC", ("a", "b'c"), ("m",))
    text, params = backend.event_where(flt).qmark()
    assert text == (
        "WHERE e.created_at >= ? AND e.created_at < ? AND t.name IN (?, ?) AND e.model IN (?)"
    )
    assert params[2:] == ["a", "b'c", "m"]
    text, _ = backend.event_where(flt, tenants_joined=False).qmark()
    assert " AND e.tenant_id IN (SELECT id FROM tenants WHERE name IN (?, ?))" in text


@BOTH
def test_every_event_of_a_csv_export(backend):
    params = ExportParams(date(2026, 1, 1), date(2026, 1, 31))
    text, values = queries.event_rows(backend, params).qmark()
    day = backend.local_day(EventFilter(params.start, params.end)).qmark()[0]
    tenant = backend.formula_guarded("t.name", True).qmark()[0]
    model = backend.formula_guarded("e.model", True).qmark()[0]
    assert text == (
        f"SELECT {day} AS date, {tenant} AS tenant_name, {model} AS model_used,"
        " e.input_tokens, e.output_tokens, e.cost_cents"
        " FROM usage_events e JOIN tenants t ON t.id = e.tenant_id"
        " WHERE e.created_at >= ? AND e.created_at < ? ORDER BY e.created_at, e.id"
    )
    lo, hi = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    assert values[-2:] == [backend.bound(lo), backend.bound(hi)]


@BOTH
def test_json_has_no_formula_guard(backend):
    params = ExportParams(date(2026, 1, 1), date(2026, 1, 31), format="json")
    text, _ = queries.event_rows(backend, params).qmark()
    assert "t.name AS tenant_name, e.model AS model_used" in text


@BOTH
def test_grouped_rows_are_ordered_by_period_then_name_bytes(backend):
    params = ExportParams(
        date(2026, 1, 1), date(2026, 3, 31), scope="by_tenant_model", granularity="month"
    )
    text, _ = queries.grouped_rows(backend, params).qmark()
    tenant, model = backend.name_order("g.tenant_name"), backend.name_order("g.model_used")
    assert text.endswith(f") g ORDER BY g.day, {tenant}, {model}")


@BOTH
def test_a_slice_of_a_parallel_export_adds_its_edges(backend):
    params = ExportParams(date(2026, 1, 1), date(2026, 1, 31))
    edge = datetime(2026, 1, 15, 12, tzinfo=UTC)
    whole = queries.event_rows(backend, params).parts
    first = queries.event_rows(backend, params, (None, edge)).parts
    added = first[len(whole) - 1 : -1]
    assert added == [" AND e.created_at < ", Param(backend.bound(edge))]
