"""The dashboard's figures (PRODUCT.md §5), computed by the database in one round trip.

Events are first grouped by (local day, tenant, model) in a materialized CTE: that pass over
`usage_events` is the expensive part and happens once. The few thousand groups are then rolled
up per day, per tenant, per model and overall — GROUPING SETS on PostgreSQL, a UNION ALL on
SQLite (which has no GROUPING SETS) — so every card, the chart and both tables come from the
same snapshot of the data, and their figures always add up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter, Param, Sql, event_where, local_day, name_order


@dataclass(frozen=True)
class GroupRow:
    """One line of a by-tenant or by-model table."""

    name: str
    events: int
    input_tokens: int
    output_tokens: int
    cost_cents: int


@dataclass(frozen=True)
class DayRow:
    day: date
    events: int
    cost_cents: int


@dataclass(frozen=True)
class DashboardData:
    """Everything the main window shows for one filter; all sums are exact integers."""

    filter: EventFilter
    cost_cents: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    events: int = 0
    daily: tuple[DayRow, ...] = ()  # every day of the range, zero where nothing happened
    by_tenant: tuple[GroupRow, ...] = ()  # ordered by cost, highest first
    by_model: tuple[GroupRow, ...] = ()
    seconds: float = field(default=0.0, compare=False)

    @property
    def active_tenants(self) -> int:
        return len(self.by_tenant)

    @property
    def total_cost_cents(self) -> int:
        return self.cost_cents


_SUMS = (
    "sum(g.events) AS events, sum(g.input_tokens) AS input_tokens,"
    " sum(g.output_tokens) AS output_tokens, sum(g.cost_cents) AS cost_cents"
)


def _day(backend: str, flt: EventFilter) -> Sql:
    if backend == "postgresql":
        # A date groups much faster than text; it becomes 'YYYY-MM-DD' after the roll-up.
        return Sql("(e.created_at AT TIME ZONE ", Param(flt.timezone), ")::date")
    return local_day(backend, flt)


def _groups_cte(backend: str, flt: EventFilter) -> Sql:
    # Grouping by the tenant's id (not its name) keeps the sort keys of the big pass narrow;
    # tenants are joined there only when the filter names some, and for names afterwards.
    join = " JOIN tenants t ON t.id = e.tenant_id " if flt.tenants else " "
    return Sql(
        "WITH g0 AS MATERIALIZED (SELECT ",
        _day(backend, flt),
        " AS day, e.tenant_id, e.model AS model, count(*) AS events,"
        " sum(e.input_tokens) AS input_tokens, sum(e.output_tokens) AS output_tokens,"
        " sum(e.cost_cents) AS cost_cents FROM usage_events e",
        join,
        event_where(backend, flt),
        " GROUP BY 1, 2, 3), g AS (SELECT g0.day, t.name AS tenant, g0.model, g0.events,"
        " g0.input_tokens, g0.output_tokens, g0.cost_cents"
        " FROM g0 JOIN tenants t ON t.id = g0.tenant_id) ",
    )


def dashboard_query(backend: str, flt: EventFilter) -> Sql:
    """Rows of (kind, key, events, input, output, cost); kind is day, tenant, model or total."""
    if backend == "postgresql":
        return Sql(
            _groups_cte(backend, flt),
            "SELECT CASE WHEN GROUPING(g.day) = 0 THEN 'day'"
            " WHEN GROUPING(g.tenant) = 0 THEN 'tenant'"
            " WHEN GROUPING(g.model) = 0 THEN 'model' ELSE 'total' END AS kind,"
            " coalesce(to_char(g.day, 'YYYY-MM-DD'), g.tenant, g.model) AS key, ",
            _SUMS,
            " FROM g GROUP BY GROUPING SETS ((g.day), (g.tenant), (g.model), ())",
        )
    parts = [
        f"SELECT '{kind}' AS kind, {column} AS key, {_SUMS} FROM g{group}"
        for kind, column, group in (
            ("day", "g.day", " GROUP BY g.day"),
            ("tenant", "g.tenant", " GROUP BY g.tenant"),
            ("model", "g.model", " GROUP BY g.model"),
            ("total", "NULL", ""),
        )
    ]
    return Sql(_groups_cte(backend, flt), " UNION ALL ".join(parts))


def _int(value: Any) -> int:
    # PostgreSQL returns numeric (Decimal) for sums of bigint; NULL for a sum over no rows.
    return int(value) if value is not None else 0


def _ranked(rows: list[GroupRow]) -> tuple[GroupRow, ...]:
    return tuple(sorted(rows, key=lambda r: (-r.cost_cents, r.name.encode())))


def load_dashboard(db: Database, flt: EventFilter) -> DashboardData:
    """All figures of the dashboard for `flt`, in one statement."""
    started = time.monotonic()
    text_and_params = dashboard_query(db.backend, flt)
    with db.read() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None  # a checked-out connection always has one
        if db.backend == "postgresql":
            text, params = text_and_params.format()
        else:
            text, params = text_and_params.qmark()
        cur = driver.cursor()
        try:
            if db.backend == "postgresql":
                # A year of events spills the grouping to disk with the default 4 MB; 64 MB
                # for this one read-only transaction halves a 5M-event refresh (issue 5).
                cur.execute("SET LOCAL work_mem = '64MB'")
            cur.execute(text, params)
            rows = cur.fetchall()
        finally:
            cur.close()
    totals = (0, 0, 0, 0)
    days: dict[date, DayRow] = {}
    tenants: list[GroupRow] = []
    models: list[GroupRow] = []
    for kind, key, events, inp, out, cost in rows:
        figures = (_int(events), _int(inp), _int(out), _int(cost))
        if kind == "total":
            totals = figures
        elif kind == "day":
            day = date.fromisoformat(key)
            days[day] = DayRow(day, figures[0], figures[3])
        else:
            target = tenants if kind == "tenant" else models
            target.append(GroupRow(key, *figures))
    return DashboardData(
        filter=flt,
        events=totals[0],
        input_tokens=totals[1],
        output_tokens=totals[2],
        cost_cents=totals[3],
        daily=_every_day(flt, days),
        by_tenant=_ranked(tenants),
        by_model=_ranked(models),
        seconds=time.monotonic() - started,
    )


def _every_day(flt: EventFilter, days: dict[date, DayRow]) -> tuple[DayRow, ...]:
    """The chart needs a point for each day, so quiet days show as zero, not as a gap."""
    count = (flt.end - flt.start).days + 1
    every = (flt.start + timedelta(days=i) for i in range(max(count, 0)))
    return tuple(days.get(d) or DayRow(d, 0, 0) for d in every)


def list_tenants(db: Database) -> list[str]:
    """Every tenant name, for the filter (tenants without events included)."""
    return _names(db, f"SELECT name FROM tenants ORDER BY {name_order(db.backend, 'name')}")


def list_models(db: Database) -> list[str]:
    """Every model id that occurs in usage_events."""
    order = name_order(db.backend, "model")
    return _names(db, f"SELECT model FROM usage_events GROUP BY model ORDER BY {order}")


def _names(db: Database, text: str) -> list[str]:
    with db.read() as conn:
        return [row[0] for row in conn.exec_driver_sql(text).all()]
