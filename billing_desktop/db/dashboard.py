"""The dashboard's figures (PRODUCT.md §5), all from one snapshot of the data.

PostgreSQL: one statement. Events are grouped by (local day, tenant id, model) in a
materialized CTE (the one expensive pass over `usage_events`), and the groups are rolled up per
day, tenant, model and overall with GROUPING SETS.

SQLite: no hash aggregation, so one query per local day (sorts stay one day small), added up in
Python; a long range is shared between two connections whose snapshots are checked to be the
same one. Either way every card, the chart and both tables add up.
"""

from __future__ import annotations

import _thread
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from billing_desktop import timezones
from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter, Param, Sql, event_where, name_order


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


_BIN_ORIGIN = "timestamptz '2000-01-01 00:00:00+00'"
Spans = list[timezones.OffsetSpan]


def _per_span(column: str, spans: Spans, value: Callable[[int], Sql]) -> Sql:
    """`value(offset)` of the span that `column` (a UTC instant) falls in."""
    if len(spans) == 1:
        return value(spans[0].offset_seconds)
    cases = Sql("CASE")
    for span in spans[:-1]:
        cases += Sql(f" WHEN {column} < ", Param(span.until), " THEN ", value(span.offset_seconds))
    return cases + Sql(" ELSE ", value(spans[-1].offset_seconds), " END")


def _local_midnight(offset_seconds: int) -> Sql:
    """The UTC midnight of the event's local date: shifted by its UTC offset and cut to whole
    days. Integer arithmetic, so a year of events groups about twice as fast as with
    `AT TIME ZONE` in a zone with daylight saving time (~0.2 s faster in UTC)."""
    return Sql(
        "date_bin('1 day', e.created_at + make_interval(secs => ",
        Param(offset_seconds),
        f"), {_BIN_ORIGIN})",
    )


def spans_check_query(flt: EventFilter, spans: Spans) -> Sql:
    """How many probes (every hour of the range, and each side of every change of offset)
    where PostgreSQL's own zone rules disagree with the spans worked out in Python."""
    lo, hi = flt.bounds_utc
    changes = [span.until for span in spans if span.until is not None]
    sides = [
        Sql("(", Param(instant), "::timestamptz)")
        for change in changes
        for instant in (change, change - timedelta(microseconds=1))
    ]
    probes = Sql(
        "SELECT generate_series(", Param(lo), "::timestamptz, ", Param(hi),
        "::timestamptz, interval '1 hour') AS p",
    )  # fmt: skip
    if sides:
        probes += Sql(" UNION ALL VALUES ", Sql.join(", ", sides))
    return Sql(
        "SELECT count(*) FROM (",
        probes,
        ") x WHERE extract(epoch FROM (x.p AT TIME ZONE ",
        Param(flt.timezone),
        ") - (x.p AT TIME ZONE 'UTC')) <> ",
        _per_span("x.p", spans, lambda offset: Sql(Param(offset))),
    )


def dashboard_query(flt: EventFilter, spans: list[timezones.OffsetSpan] | None = None) -> Sql:
    """PostgreSQL: rows of (kind, key, events, input, output, cost); kind is day, tenant, model
    or total. With `spans` (checked by spans_check_query) days come from _local_midnight,
    without from `AT TIME ZONE`.

    Events are first grouped by (local day, tenant id, model) in a materialized CTE: that
    pass over `usage_events` is the expensive part and happens once. The few thousand groups
    are then rolled up with GROUPING SETS, so every figure comes from the same snapshot."""
    if spans:
        day = _per_span("e.created_at", spans, _local_midnight)
        label = "to_char(g.day AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    else:
        day = Sql("(e.created_at AT TIME ZONE ", Param(flt.timezone), ")::date")
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
        event_where("postgresql", flt),
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
        if db.backend == "postgresql":
            rows = _postgresql_rows(driver, flt)
        else:
            rows = _sqlite_rows(db, driver, flt)
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


Row = tuple[str, Any, Any, Any, Any, Any]  # kind, key, events, input, output, cost


def _postgresql_rows(driver: Any, flt: EventFilter) -> list[Row]:
    lo, hi = flt.bounds_utc
    spans = timezones.offset_spans(flt.timezone, lo, hi)
    with driver.cursor() as cur:
        # A year of events spills the grouping to disk with the default 4 MB; 64 MB
        # for this one read-only transaction halves a 5M-event refresh (issue 5).
        cur.execute("SET LOCAL work_mem = '64MB'")
        # The spans come from Python's zone data; the server's may differ (another tzdata
        # version): then the server's AT TIME ZONE decides, as in the exports. date_bin
        # needs PostgreSQL 14.
        agree = False
        if driver.info.server_version >= 140000:
            cur.execute(*spans_check_query(flt, spans).format())
            agree = cur.fetchone()[0] == 0
        cur.execute(*dashboard_query(flt, spans if agree else None).format())
        return list(cur.fetchall())


def sqlite_day_query(day: date, flt: EventFilter) -> Sql:
    """Sums per (tenant id, model) of the events of one local day of `flt`."""
    join = " JOIN tenants t ON t.id = e.tenant_id " if flt.tenants else " "
    one_day = EventFilter(day, day, flt.timezone, flt.tenants, flt.models)
    return Sql(
        "SELECT e.tenant_id, e.model, count(*), sum(e.input_tokens), sum(e.output_tokens),"
        " sum(e.cost_cents) FROM usage_events e",
        join,
        event_where("sqlite", one_day),
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


def _sqlite_rows(db: Database, driver: sqlite3.Connection, flt: EventFilter) -> list[Row]:
    """SQLite has no hash aggregation: a GROUP BY sorts every row it groups, and sorting a
    year of events at once costs several seconds. One query per local day walks the
    created_at index in date order, so each sort holds one day (and the day needs no date
    expression); Python adds the days up. A long range is shared with a second connection
    (sqlite3 releases the GIL while SQLite works, so both cores count)."""
    days = _days(flt)
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
        other = _Background(_read_other_days, db, flt, days[1::2], names)
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


class _Background:
    """`fn(*args)` on a thread of its own; result() waits and returns it or raises its error.

    A bare `_thread`, not `threading.Thread`: the refresh runs on a QThread, and creating a
    `threading.Thread` there registers that QThread with `threading` for good (a dummy
    thread object that outlives it)."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self._done = _thread.allocate_lock()
        self._done.acquire()
        self._outcome: tuple[bool, Any] = (False, None)
        _thread.start_new_thread(self._run, (fn, args))

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            self._outcome = (True, fn(*args))
        except BaseException as exc:  # handed to the waiting thread
            self._outcome = (False, exc)
        finally:
            self._done.release()

    def result(self) -> Any:
        with self._done:
            ok, value = self._outcome
        if not ok:
            raise value
        return value


def _read_other_days(db: Database, flt: EventFilter, days: list[date], names: dict) -> _DaySums:
    conn = db.sqlite_snapshot_connection()  # query_only: it cannot write
    try:
        conn.execute("BEGIN")
        sums = _DaySums()
        sums.read(conn.cursor(), flt, days, names)
        return sums
    finally:
        conn.close()  # closing ends its read transaction


def _days(flt: EventFilter) -> list[date]:
    return [flt.start + timedelta(days=i) for i in range(max((flt.end - flt.start).days + 1, 0))]


def _every_day(flt: EventFilter, days: dict[date, DayRow]) -> tuple[DayRow, ...]:
    """The chart needs a point for each day, so quiet days show as zero, not as a gap."""
    return tuple(days.get(d) or DayRow(d, 0, 0) for d in _days(flt))


def list_tenants(db: Database) -> list[str]:
    """Every tenant name, for the filter (tenants without events included)."""
    return _names(db, f"SELECT name FROM tenants ORDER BY {name_order(db.backend, 'name')}")


def list_models(db: Database) -> list[str]:
    """Every model id that occurs in usage_events."""
    order = name_order(db.backend, "model")
    if db.backend == "sqlite":
        # DISTINCT keeps a tree of the few models; GROUP BY would sort every event first
        # (5,000,000 events: 0.55 s against 2.3 s).
        return _names(
            db, f"SELECT model FROM (SELECT DISTINCT model FROM usage_events) ORDER BY {order}"
        )
    return _names(db, f"SELECT model FROM usage_events GROUP BY model ORDER BY {order}")


def _names(db: Database, text: str) -> list[str]:
    with db.read() as conn:
        return [row[0] for row in conn.exec_driver_sql(text).all()]
