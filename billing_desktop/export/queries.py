"""The export's SQL for both backends (PRODUCT.md §3): one row per event, or per day and name.

Dates, the formula guard, name order and grouping are all done by the database, so that on
PostgreSQL a CSV of every event is a plain `COPY ... TO STDOUT` written straight to the file.
"""

from __future__ import annotations

from billing_desktop.db.sql import (
    EventFilter,
    Param,
    Sql,
    event_where,
    formula_guarded,
    local_day,
    name_order,
    params_list,
)
from billing_desktop.export.params import ExportParams

CSV_HEADER = ("date", "tenant_name", "model_used", "input_tokens", "output_tokens", "cost_cents")

_FROM = "FROM usage_events e JOIN tenants t ON t.id = e.tenant_id "


def event_filter(params: ExportParams) -> EventFilter:
    return EventFilter(params.start, params.end, params.timezone, params.tenants, params.models)


def _guard(params: ExportParams) -> bool:
    # JSON text is never altered; the guard is a CSV concern only.
    return params.formula_guard and params.format == "csv"


def event_rows(backend: str, params: ExportParams) -> Sql:
    """Scope `all`: one row per event, ordered by created_at, id, with the CSV's columns."""
    flt = event_filter(params)
    guard = _guard(params)
    return Sql(
        "SELECT ",
        local_day(backend, flt),
        " AS date, ",
        formula_guarded("t.name", guard),
        " AS tenant_name, ",
        formula_guarded("e.model", guard),
        " AS model_used, e.input_tokens, e.output_tokens, e.cost_cents ",
        _FROM,
        event_where(backend, flt),
        " ORDER BY e.created_at, e.id",
    )


def event_json_lines(params: ExportParams) -> Sql:
    """PostgreSQL, scope `all`: each event's JSON object as text, built by the server.

    The layout matches `writers.json_row` byte for byte (to_json escapes like Python's json
    with ensure_ascii=False), so both backends write identical files.
    """
    flt = event_filter(params)
    return Sql(
        """SELECT '{"date":"' || """,
        local_day("postgresql", flt),
        """ || '","tenantName":' || to_json(t.name)::text"""
        """ || ',"modelUsed":' || to_json(e.model)::text"""
        """ || ',"inputTokens":' || e.input_tokens::text"""
        """ || ',"outputTokens":' || e.output_tokens::text"""
        """ || ',"costCents":' || e.cost_cents::text || '}' """,
        _FROM,
        event_where("postgresql", flt),
        " ORDER BY e.created_at, e.id",
    )


def event_totals(backend: str, params: ExportParams) -> Sql:
    """Scope `all`: the number of rows and the sums the export will write."""
    return Sql(
        "SELECT count(*), coalesce(sum(e.input_tokens), 0), coalesce(sum(e.output_tokens), 0),"
        " coalesce(sum(e.cost_cents), 0) ",
        _FROM,
        event_where(backend, event_filter(params)),
    )


def _grouped(backend: str, params: ExportParams) -> Sql:
    flt = event_filter(params)
    key = "t.name" if params.scope == "by_tenant" else "e.model"
    return Sql(
        "SELECT ",
        local_day(backend, flt),
        f" AS day, {key} AS name, sum(e.input_tokens) AS input_tokens,"
        " sum(e.output_tokens) AS output_tokens, sum(e.cost_cents) AS cost_cents ",
        _FROM,
        event_where(backend, flt),
        " GROUP BY 1, 2",
    )


def grouped_rows(backend: str, params: ExportParams) -> Sql:
    """Scopes `by_tenant` / `by_model`: one row per day and name, ordered by date then name.

    The last four columns repeat the row count and sums over the whole result (window
    functions), so the first batch already tells what the file will hold: one pass over the
    events instead of a count query plus the export.
    """
    guarded = formula_guarded("g.name", _guard(params))
    if params.scope == "by_tenant":
        names = Sql(guarded, " AS tenant_name, NULL AS model_used")
    else:
        names = Sql("NULL AS tenant_name, ", guarded, " AS model_used")
    return Sql(
        "SELECT g.day AS date, ",
        names,
        ", g.input_tokens, g.output_tokens, g.cost_cents,"
        " count(*) OVER (), sum(g.input_tokens) OVER (), sum(g.output_tokens) OVER (),"
        " sum(g.cost_cents) OVER () FROM (",
        _grouped(backend, params),
        f") g ORDER BY g.day, {name_order(backend, 'g.name')}",
    )


def grouped_totals(backend: str, params: ExportParams) -> Sql:
    return Sql(
        "SELECT count(*), coalesce(sum(g.input_tokens), 0), coalesce(sum(g.output_tokens), 0),"
        " coalesce(sum(g.cost_cents), 0) FROM (",
        _grouped(backend, params),
        ") g",
    )


def totals(backend: str, params: ExportParams) -> Sql:
    if params.scope == "all":
        return event_totals(backend, params)
    return grouped_totals(backend, params)


def existing_tenants(names: tuple[str, ...]) -> Sql:
    """Which of these tenant names exist (one query, however many names)."""
    return Sql("SELECT name FROM tenants WHERE name IN ", params_list(names))


def model_exists(name: str) -> Sql:
    """Whether a model occurs in usage_events; LIMIT 1 stops at the first match."""
    return Sql("SELECT 1 FROM usage_events WHERE model = ", Param(name), " LIMIT 1")
