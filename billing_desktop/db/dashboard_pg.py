"""The dashboard on PostgreSQL: one statement (see `dashboard_query`), over the whole range or
over one slice of it (dashboard_pg_slices)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from billing_desktop.db.dialect import POSTGRESQL_SQL
from billing_desktop.db.sql import EventFilter, Param, Sql

Row = tuple[str, Any, Any, Any, Any, Any]  # kind, key, events, input, output, cost
Within = tuple[datetime | None, datetime | None]  # a slice of the range: [from, before)
Blocks = tuple[int | None, int | None]  # a slice of the table: [from, before) of its pages
Part = Within | Blocks  # either kind of slice

_SUMS = (
    "sum(g.events) AS events, sum(g.input_tokens) AS input_tokens,"
    " sum(g.output_tokens) AS output_tokens, sum(g.cost_cents) AS cost_cents"
)


_BIN_ORIGIN = "timestamptz '2000-01-01 00:00:00+00'"


def _local_midnight(offset_seconds: int) -> Sql:
    """The event's local date as the UTC timestamp of its midnight: shifted by its UTC offset
    and cut to whole days. Integer arithmetic, so a year of events groups faster than with
    `AT TIME ZONE`, most of all in a zone with daylight saving time (docs/performance.md)."""
    return Sql(
        "(date_bin('1 day', e.created_at + make_interval(secs => ",
        Param(offset_seconds),
        f"), {_BIN_ORIGIN}) AT TIME ZONE 'UTC')",
    )


def _local_midnight_pg13(offset_seconds: int) -> Sql:
    """The same midnight for servers before PostgreSQL 14 (no date_bin)."""
    return Sql(
        "date_trunc('day', (e.created_at AT TIME ZONE 'UTC') + make_interval(secs => ",
        Param(offset_seconds),
        "))",
    )


def dashboard_query(flt: EventFilter, has_date_bin: bool = True, within: Part | None = None) -> Sql:
    """PostgreSQL: rows of (kind, key, events, input, output, cost); kind is day, tenant, model
    or total. Days follow the app's zone rules (`per_offset_span`), like the exports' dates.

    Events are first grouped by (local day, tenant id, model) in a materialized CTE: that
    pass over `usage_events` is the expensive part and happens once. The few thousand groups
    are then rolled up with GROUPING SETS, so every figure comes from the same snapshot.
    `within`: only the events of that part of the range, [from, before) of created_at, or
    of that part of the table, [from, before) of its pages (block numbers)."""
    midnight = _local_midnight if has_date_bin else _local_midnight_pg13
    day = POSTGRESQL_SQL.per_offset_span(flt, midnight)
    label = "to_char(g.day, 'YYYY-MM-DD')"
    # Grouping by the tenant's id (not its name) keeps the keys of the big pass narrow;
    # tenants are joined there only when the filter names some, and for names afterwards.
    join = " JOIN tenants t ON t.id = e.tenant_id " if flt.tenants else " "
    return Sql(
        "WITH g0 AS MATERIALIZED (SELECT ",
        day,
        " AS day, e.tenant_id, e.model AS model, count(*) AS events,"
        " sum(e.input_tokens) AS input_tokens, sum(e.output_tokens) AS output_tokens,"
        " sum(e.cost_cents) AS cost_cents FROM usage_events e",
        join,
        POSTGRESQL_SQL.event_where(flt),
        _within(within),
        " GROUP BY 1, 2, 3), g AS (SELECT g0.day, t.name AS tenant, g0.model, g0.events,"
        " g0.input_tokens, g0.output_tokens, g0.cost_cents"
        " FROM g0 JOIN tenants t ON t.id = g0.tenant_id) "
        "SELECT CASE WHEN GROUPING(g.day) = 0 THEN 'day'"
        " WHEN GROUPING(g.tenant) = 0 THEN 'tenant'"
        " WHEN GROUPING(g.model) = 0 THEN 'model' ELSE 'total' END AS kind,"
        f" coalesce({label}, g.tenant, g.model) AS key, ",
        _SUMS,
        " FROM g GROUP BY GROUPING SETS ((g.day), (g.tenant), (g.model), ())",
    )


def _within(within: Part | None) -> Sql:
    clause = Sql()
    for bound, compare in zip(within or (None, None), (">=", "<"), strict=True):
        if isinstance(bound, int):  # a page: its first tuple is (page, 1)
            clause += Sql(f" AND e.ctid {compare} ", Param(f"({bound},0)"), "::tid")
        elif bound is not None:
            clause += Sql(f" AND e.created_at {compare} ", Param(bound))
    return clause


def slice_rows(driver: Any, flt: EventFilter, within: Part | None) -> list[Row]:
    """The rows of `flt`'s events (`within`: of that slice) on this connection."""
    with driver.cursor() as cur:
        prepare_aggregate(cur)
        has_date_bin = driver.info.server_version >= 140000
        cur.execute(*dashboard_query(flt, has_date_bin, within).format())
        return list(cur.fetchall())


def prepare_aggregate(cur: Any) -> None:
    """The transaction's settings for the aggregate."""
    # A year of events spills the grouping to disk with the default 4 MB; 64 MB for
    # this one read-only transaction keeps it in memory.
    cur.execute("SET LOCAL work_mem = '64MB'")
    # As for the exports (export/backends/pg_snapshot.py): plain JIT, without LLVM's
    # inlining and optimisation passes, whose compiling costs more than they save.
    cur.execute("SET LOCAL jit_inline_above_cost = -1")
    cur.execute("SET LOCAL jit_optimize_above_cost = -1")
