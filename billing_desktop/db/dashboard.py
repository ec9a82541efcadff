"""The dashboard's figures (cards, daily chart, tables), all from one snapshot of the data.

PostgreSQL (`dashboard_pg`): one statement. Events are grouped by (local day, tenant id, model)
in a materialized CTE (the one expensive pass over `usage_events`), and the groups are rolled
up per day, tenant, model and overall with GROUPING SETS.

SQLite (`dashboard_sqlite`): no hash aggregation, so one query per local day (sorts stay one
day small), added up in Python; a long range is shared between two connections whose snapshots
are checked to be the same one. Either way every card, the chart and both tables add up, and
both backends give rows of (kind, key, events, input, output, cost) that are read here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard_pg import Row
from billing_desktop.db.dashboard_pg_slices import postgresql_rows
from billing_desktop.db.dashboard_sqlite import sqlite_rows
from billing_desktop.db.dialect import dialect_for
from billing_desktop.db.sql import EventFilter


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


# How each backend reads the dashboard's rows: one statement, or one query per day.
_READERS: dict[str, Callable[[Database, Any, EventFilter], list[Row]]] = {
    "postgresql": postgresql_rows,
    "sqlite": sqlite_rows,
}


def _int(value: Any) -> int:
    # PostgreSQL returns numeric (Decimal) for sums of bigint; NULL for a sum over no rows.
    return int(value) if value is not None else 0


def _ranked(rows: list[GroupRow]) -> tuple[GroupRow, ...]:
    return tuple(sorted(rows, key=lambda r: (-r.cost_cents, r.name.encode())))


def load_dashboard(db: Database, flt: EventFilter) -> DashboardData:
    """All figures of the dashboard for `flt`, from one snapshot of the data."""
    started = time.monotonic()
    with db.read() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None  # a checked-out connection always has one
        rows = _READERS[db.backend](db, driver, flt)
    totals = (0, 0, 0, 0)
    days: dict[date, DayRow] = {}
    tenants: list[GroupRow] = []
    models: list[GroupRow] = []
    for kind, key, events, inp, out, cost in rows:
        figures = (_int(events), _int(inp), _int(out), _int(cost))
        if kind == "total":
            totals = figures
        elif kind == "day":
            day = key if isinstance(key, date) else date.fromisoformat(key)
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
    return tuple(days.get(d) or DayRow(d, 0, 0) for d in flt.days())


def list_tenants(db: Database) -> list[str]:
    """Every tenant name, for the filter (tenants without events included)."""
    return _names(db, f"SELECT name FROM tenants ORDER BY {dialect_for(db).name_order('name')}")


def list_models(db: Database) -> list[str]:
    """Every model id that occurs in usage_events."""
    return _names(db, dialect_for(db).distinct_models())


def _names(db: Database, text: str) -> list[str]:
    with db.read() as conn:
        return [row[0] for row in conn.exec_driver_sql(text).all()]
