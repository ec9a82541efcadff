"""The export's SQL shared by both backends: one row per event, or per period and name.

Dates, the formula guard, name order and grouping are all done by the database, so that on
PostgreSQL a CSV of every event is a plain `COPY ... TO STDOUT` written straight to the file.
Each builder takes the backend's `Dialect` for the fragments that differ (db/dialect.py); the
queries only one backend runs live beside it (export/backends).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from billing_desktop.db.dialect import Dialect
from billing_desktop.db.sql import EventFilter, Param, Sql, params_list
from billing_desktop.export.choices import COLUMNS
from billing_desktop.export.params import ExportParams

CSV_HEADER = COLUMNS

FROM_EVENTS = "FROM usage_events e JOIN tenants t ON t.id = e.tenant_id "


def event_order(sql: Dialect, by_tenant: bool) -> str:
    """A file's event order; for a split's single pass, tenant by tenant in name order (the
    order of its files: names are unique, so this order is total)."""
    tenant = f"{sql.name_order('t.name')}, " if by_tenant else ""
    return f" ORDER BY {tenant}e.created_at, e.id"


def event_filter(params: ExportParams) -> EventFilter:
    return EventFilter(params.start, params.end, params.timezone, params.tenants, params.models)


# A part of the range by created_at, [from, before) in UTC; None: that side of the whole range.
Within = tuple[datetime | None, datetime | None]


def within_clause(sql: Dialect, within: Within | None) -> Sql:
    """The extra condition of one slice of a parallel export (export/backends/pg_parallel.py)."""
    clause = Sql()
    if within is not None and within[0] is not None:
        clause += Sql(" AND e.created_at >= ", Param(sql.bound(within[0])))
    if within is not None and within[1] is not None:
        clause += Sql(" AND e.created_at < ", Param(sql.bound(within[1])))
    return clause


def event_rows(
    sql: Dialect, params: ExportParams, within: Within | None = None, by_tenant: bool = False
) -> Sql:
    """Scope `all`: one row per event, ordered by created_at, id, with the CSV's columns;
    `within`: only the events of that part of the range; `by_tenant`: every tenant's events
    together, tenants in name order (a split's single pass)."""
    flt = event_filter(params)
    guard = params.guards_formulas
    return Sql(
        "SELECT ",
        sql.local_day(flt),
        " AS date, ",
        sql.formula_guarded("t.name", guard),
        " AS tenant_name, ",
        sql.formula_guarded("e.model", guard),
        " AS model_used, e.input_tokens, e.output_tokens, e.cost_cents ",
        FROM_EVENTS,
        sql.event_where(flt),
        within_clause(sql, within),
        event_order(sql, by_tenant),
    )


TOTALS = (
    "SELECT count(*), coalesce(sum(e.input_tokens), 0), coalesce(sum(e.output_tokens), 0),"
    " coalesce(sum(e.cost_cents), 0)"
)


def event_totals(sql: Dialect, params: ExportParams) -> Sql:
    """Scope `all`: the number of rows and the sums the export will write."""
    return Sql(TOTALS, " ", FROM_EVENTS, sql.event_where(event_filter(params)))


# The grouped scopes' keys: (the events' column grouped by, its name in the file). Events
# are grouped by tenant id and the names joined to the grouped rows only, not to every event
# (names are unique).
_GROUP_KEYS = {
    "by_tenant": (("e.tenant_id", "tenant_name"),),
    "by_model": (("e.model", "model_used"),),
    "by_tenant_model": (("e.tenant_id", "tenant_name"), ("e.model", "model_used")),
}
_NAME_OF_KEY = {"e.tenant_id": "t.name", "e.model": "k.model"}


def _period(sql: Dialect, params: ExportParams) -> tuple[Sql, str] | None:
    """The grouped rows' `date`: the day or its month (YYYY-MM; a month cut by the range holds
    only its days in range, as the WHERE clause already ensures), as (the key the events are
    grouped by, the grouped key as text), or None for the whole range, which is one constant
    (grouped_rows writes it)."""
    if params.granularity == "total":
        return None
    return sql.period_key(event_filter(params), params.granularity)


def total_period(params: ExportParams) -> str:
    """The `date` of granularity `total`: the range as YYYY-MM-DD/YYYY-MM-DD."""
    return f"{params.start.isoformat()}/{params.end.isoformat()}"


def _grouped(sql: Dialect, params: ExportParams) -> Sql:
    """One row per period and key (tenant, model, or both) with exact integer sums, with the
    columns day (unless granularity is total), tenant_name and/or model_used, and the sums."""
    keys = _GROUP_KEYS[params.scope]
    period = _period(sql, params)
    inner = [column for column, _ in keys]
    outer = [f"{_NAME_OF_KEY[column]} AS {name}" for column, name in keys]
    if period is not None:
        key, text = period
        inner_columns = Sql(key, " AS day, ", ", ".join(inner))
        outer = [f"{text} AS day", *outer]
    else:
        inner_columns = Sql(", ".join(inner))
    positions = range(1, len(inner) + (1 if period is None else 2))
    tenants = " JOIN tenants t ON t.id = k.tenant_id" if "e.tenant_id" in inner else ""
    return Sql(
        "SELECT ",
        ", ".join(outer),
        ", k.input_tokens, k.output_tokens, k.cost_cents FROM (SELECT ",
        inner_columns,
        ", sum(e.input_tokens) AS input_tokens, sum(e.output_tokens) AS output_tokens,"
        " sum(e.cost_cents) AS cost_cents FROM usage_events e ",
        sql.event_where(event_filter(params), tenants_joined=False),
        " GROUP BY " + ", ".join(map(str, positions)),
        ") k",
        tenants,
    )


def grouped_rows(sql: Dialect, params: ExportParams) -> Sql:
    """The grouped scopes: one row per period and key, ordered by date, then name(s); the
    rolled-up name column is NULL (empty in CSV, null in JSON).

    The last four columns repeat the row count and sums over the whole result (window
    functions), so the first batch already tells what the file will hold: one pass over the
    events instead of a count query plus the export.
    """
    names = _name_columns(sql, params)
    if params.granularity == "total":
        date, order = Sql("CAST(", Param(total_period(params)), " AS TEXT)"), []
    else:
        date, order = Sql("g.day"), ["g.day"]
    order += [sql.name_order(f"g.{name}") for _, name in _GROUP_KEYS[params.scope]]
    return Sql(
        "SELECT ",
        date,
        " AS date",
        names,
        ", g.input_tokens, g.output_tokens, g.cost_cents,"
        " count(*) OVER (), sum(g.input_tokens) OVER (), sum(g.output_tokens) OVER (),"
        " sum(g.cost_cents) OVER () FROM (",
        _grouped(sql, params),
        ") g ORDER BY " + ", ".join(order),
    )


def _name_columns(sql: Dialect, params: ExportParams) -> Sql:
    """ ", tenant_name, model_used" of a grouped row: the scope's names (formula-guarded where
    the format wants it), NULL for the rolled-up one."""
    keys = {name for _, name in _GROUP_KEYS[params.scope]}
    names = Sql()
    for name in ("tenant_name", "model_used"):
        value = sql.formula_guarded(f"g.{name}", params.guards_formulas) if name in keys else None
        names += Sql(", ", value if value is not None else Sql("NULL"), f" AS {name}")
    return names


def grouped_rows_by_tenant(sql: Dialect, params: ExportParams) -> Sql:
    """A split of a grouped scope in one pass: each tenant's file rows (grouped_rows of that
    tenant alone, without the window columns), tenant after tenant in name order."""
    keyed = dataclasses.replace(
        params, scope="by_tenant" if params.scope == "by_tenant" else "by_tenant_model"
    )
    names = _name_columns(sql, params)
    order = [sql.name_order("g.tenant_name")]
    if params.granularity == "total":
        date = Sql("CAST(", Param(total_period(params)), " AS TEXT)")
    else:
        date = Sql("g.day")
        order.append("g.day")
    if params.scope != "by_tenant":
        order.append(sql.name_order("g.model_used"))
    return Sql(
        "SELECT ",
        date,
        " AS date",
        names,
        ", g.input_tokens, g.output_tokens, g.cost_cents FROM (",
        _grouped(sql, keyed),
        ") g ORDER BY " + ", ".join(order),
    )


def grouped_totals(sql: Dialect, params: ExportParams) -> Sql:
    return Sql(
        "SELECT count(*), coalesce(sum(g.input_tokens), 0), coalesce(sum(g.output_tokens), 0),"
        " coalesce(sum(g.cost_cents), 0) FROM (",
        _grouped(sql, params),
        ") g",
    )


def totals(sql: Dialect, params: ExportParams) -> Sql:
    if params.scope == "all":
        return event_totals(sql, params)
    return grouped_totals(sql, params)


def split_tenants(sql: Dialect, params: ExportParams) -> Sql:
    """A split by tenant: one row per tenant with events in the export, in name order, with
    the rows its file will hold and their sums (the progress total, and each file's check)."""
    if params.scope == "all":
        return Sql(
            "SELECT t.name,",
            TOTALS.removeprefix("SELECT"),
            " ",
            FROM_EVENTS,
            sql.event_where(event_filter(params)),
            f" GROUP BY t.name ORDER BY {sql.name_order('t.name')}",
        )
    # Within one tenant's file the rows are keyed by period and the scope's names; adding the
    # tenant to the keys counts them for every tenant in one pass.
    keyed = dataclasses.replace(
        params, scope="by_tenant" if params.scope == "by_tenant" else "by_tenant_model"
    )
    return Sql(
        "SELECT g.tenant_name, count(*), sum(g.input_tokens), sum(g.output_tokens),"
        " sum(g.cost_cents) FROM (",
        _grouped(sql, keyed),
        f") g GROUP BY g.tenant_name ORDER BY {sql.name_order('g.tenant_name')}",
    )


def existing_tenants(names: tuple[str, ...]) -> Sql:
    """Which of these tenant names exist (one query, however many names)."""
    return Sql("SELECT name FROM tenants WHERE name IN ", params_list(names))


def model_exists(dialect: Dialect, name: str, params: ExportParams) -> Sql:
    """Whether a model occurs within the export's range. There is no index on model: looked
    up within the range, which the created_at index finds, an unknown model costs no more
    than the export itself would, never a scan of the whole table. LIMIT 1 stops at a match."""
    flt = EventFilter(params.start, params.end, params.timezone, models=(name,))
    where = dialect.event_where(flt, tenants_joined=False)
    return Sql("SELECT 1 FROM usage_events e ", where, " LIMIT 1")
