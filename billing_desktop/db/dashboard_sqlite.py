"""The dashboard on SQLite: one query per local day, added up in Python (see `sqlite_rows`)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from billing_desktop import side_thread
from billing_desktop.db.connection import Database
from billing_desktop.db.dialect import SQLITE_SQL
from billing_desktop.db.sql import EventFilter, Sql

Row = tuple[str, Any, Any, Any, Any, Any]  # kind, key, events, input, output, cost


def sqlite_day_query(day: date, flt: EventFilter) -> Sql:
    """Sums per (tenant id, model) of the events of one local day of `flt`."""
    join = " JOIN tenants t ON t.id = e.tenant_id " if flt.tenants else " "
    one_day = EventFilter(day, day, flt.timezone, flt.tenants, flt.models)
    return Sql(
        "SELECT e.tenant_id, e.model, count(*), sum(e.input_tokens), sum(e.output_tokens),"
        " sum(e.cost_cents) FROM usage_events e",
        join,
        SQLITE_SQL.event_where(one_day),
        " GROUP BY e.tenant_id, e.model",
    )


class _DaySums:
    """Sums per (tenant id, model) and per day, added up from one query per local day."""

    def __init__(self) -> None:
        self.pairs: dict[tuple[int, str], list[int]] = {}
        self.days: dict[date, tuple[int, int]] = {}  # events, cost

    def read(self, cur: sqlite3.Cursor, flt: EventFilter, days: list[date], names: dict) -> None:
        pairs = self.pairs
        for day in days:
            text, params = sqlite_day_query(day, flt).qmark()
            day_events = day_cost = 0
            for tenant_id, model, events, inp, out, cost in cur.execute(text, params):
                if tenant_id not in names:  # as the PostgreSQL query's join: no tenant, no row
                    continue
                sums = pairs.get((tenant_id, model))
                if sums is None:
                    pairs[(tenant_id, model)] = [events, inp, out, cost]
                else:
                    sums[0] += events
                    sums[1] += inp
                    sums[2] += out
                    sums[3] += cost
                day_events += events
                day_cost += cost
            if day_events:
                self.days[day] = (day_events, day_cost)

    def merge(self, other: _DaySums) -> None:
        for key, sums in other.pairs.items():
            mine = self.pairs.setdefault(key, [0, 0, 0, 0])
            for i in range(4):
                mine[i] += sums[i]
        self.days.update(other.days)

    def rows(self, names: dict) -> list[Row]:
        rows: list[Row] = [("day", d, n, 0, 0, cost) for d, (n, cost) in self.days.items()]
        tenants: dict[str, list[int]] = {}
        models: dict[str, list[int]] = {}
        total = [0, 0, 0, 0]
        for (tenant_id, model), sums in self.pairs.items():
            for target in (tenants.setdefault(names[tenant_id], [0, 0, 0, 0]),
                           models.setdefault(model, [0, 0, 0, 0]), total):  # fmt: skip
                for i in range(4):
                    target[i] += sums[i]
        for kind, groups in (("tenant", tenants), ("model", models)):
            rows.extend(
                (kind, name, n, inp, out, cost) for name, (n, inp, out, cost) in groups.items()
            )
        rows.append(("total", None, total[0], total[1], total[2], total[3]))
        return rows


# Below this many days one connection is quicker than starting a second one.
SQLITE_SPLIT_MIN_DAYS = 8


def sqlite_rows(db: Database, driver: sqlite3.Connection, flt: EventFilter) -> list[Row]:
    """SQLite has no hash aggregation: a GROUP BY sorts every row it groups, and sorting a
    year of events at once costs several seconds. One query per local day walks the
    created_at index in date order, so each sort holds one day (and the day needs no date
    expression); Python adds the days up. A long range is shared with a second connection
    (sqlite3 releases the GIL while SQLite works, so both cores count)."""
    days = flt.days()
    if len(days) >= SQLITE_SPLIT_MIN_DAYS and not driver.in_transaction:
        rows = _sqlite_rows_split(db, driver, flt, days)
        if rows is not None:
            return rows
    cur = driver.cursor()
    began = not driver.in_transaction
    try:
        if began:
            cur.execute("BEGIN")  # one read transaction: every day from the same snapshot
        names = dict(cur.execute("SELECT id, name FROM tenants").fetchall())
        sums = _DaySums()
        sums.read(cur, flt, days, names)
    finally:
        if began:
            driver.rollback()  # ends the read transaction; nothing was written
        cur.close()
    return sums.rows(names)


def _sqlite_rows_split(
    db: Database, driver: sqlite3.Connection, flt: EventFilter, days: list[date]
) -> list[Row] | None:
    """Every other day on a second connection; None if the database changed meanwhile.

    Two SQLite connections cannot share a snapshot, so the second one starts after this one
    holds its own, and `PRAGMA data_version` (which changes when another connection commits)
    is read at the start of this connection's snapshot and again once both are done: equal
    values mean no commit happened in between, so both read the same data."""
    cur = driver.cursor()
    try:
        cur.execute("BEGIN")
        version = cur.execute("PRAGMA data_version").fetchone()[0]
        names = dict(cur.execute("SELECT id, name FROM tenants").fetchall())
        other = side_thread.Background(_read_other_days, db, flt, days[1::2], names)
        try:
            sums = _DaySums()
            sums.read(cur, flt, days[0::2], names)
        finally:
            driver.rollback()  # a writer may go on while the other half finishes
            theirs = other.result()  # always waited for, even after an error here
        sums.merge(theirs)
        if cur.execute("PRAGMA data_version").fetchone()[0] != version:
            return None
    finally:
        cur.close()
    return sums.rows(names)


def _read_other_days(db: Database, flt: EventFilter, days: list[date], names: dict) -> _DaySums:
    conn = db.sqlite_snapshot_connection()  # query_only: it cannot write
    try:
        conn.execute("BEGIN")
        sums = _DaySums()
        sums.read(conn.cursor(), flt, days, names)
        return sums
    finally:
        conn.close()  # closing ends its read transaction
