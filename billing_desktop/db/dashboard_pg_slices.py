"""The dashboard on PostgreSQL over a long range: slices read at once, added up exactly.

The planner cannot tell how many local days a year of events makes, so it never plans the
aggregate in parallel. Here the events are cut into slices. When the range holds most of the
table (by the planner's estimate), the slices are equal runs of the table's pages, [from,
before) of the page number (PostgreSQL 14's TID range scan): each slice then reads its pages
in order, like a sequential scan, with no index. Otherwise they are equal spans of time,
[from, before) of created_at (events on an edge belong to the later slice), each read through
the index. Every event visible in the snapshot lies in exactly one page and one span.

The dashboard's connection exports its snapshot (`pg_export_snapshot`); each further slice is
read on a connection of its own in that very snapshot, while the dashboard's connection reads
the first. Every slice gives the rows of the one statement (per day, tenant, model and
overall), and as all of them are sums, the rows of the same kind and key add up to exactly the
whole range's. A slice whose connection cannot join (a full pool, a server that refuses) is
read afterwards on the dashboard's own connection: the same snapshot, only not at the same
time.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta
from typing import Any

from billing_desktop import side_thread
from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard_pg import Part, Row, prepare_aggregate, slice_rows
from billing_desktop.db.dialect import POSTGRESQL_SQL
from billing_desktop.db.sql import EventFilter, Sql

log = logging.getLogger("billing_desktop.dashboard")

SLICES = 3  # connections reading one long range at once (the dashboard's own among them)
MIN_SLICED_ROWS = 1_000_000  # a table of fewer events (by its statistics) is read whole
MIN_SLICED_DAYS = 28  # a shorter range is read whole
# A range holding at least this share of the table's events is cut by pages, not by time.
MIN_SHARE_FOR_PAGES = 0.5

# The events of usage_events (or of its partitions) by the statistics: no scan.
_TABLE_ROWS = (
    "SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::float8 FROM pg_class c"
    " WHERE (c.oid = 'usage_events'::regclass AND c.relkind = 'r')"
    " OR c.oid IN (SELECT relid FROM pg_partition_tree('usage_events') WHERE isleaf)"
)
# Pages of the table (of its largest partition: every partition is cut at the same pages).
_TABLE_PAGES = (
    "SELECT coalesce(max(pg_relation_size(c.oid) / current_setting('block_size')::bigint), 0)"
    "::bigint FROM pg_class c"
    " WHERE (c.oid = 'usage_events'::regclass AND c.relkind = 'r')"
    " OR c.oid IN (SELECT relid FROM pg_partition_tree('usage_events') WHERE isleaf)"
)


def postgresql_rows(db: Database, driver: Any, flt: EventFilter) -> list[Row]:
    """Rows of (kind, key, events, input, output, cost), all from one snapshot: of one
    statement, or for a long range of a big table the sums of its slices' rows."""
    with driver.cursor() as cur:
        # First in the transaction: one snapshot for every statement, and one to share.
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    slices = planned_slices(driver, flt)
    if len(slices) < 2:
        return slice_rows(driver, flt, None)
    return _added_up(_read_slices(db, driver, flt, slices))


def planned_slices(driver: Any, flt: EventFilter) -> list[Part]:
    """SLICES parts of a long range of a big table (of its pages or of the range's time),
    else the one whole range."""
    if len(flt.days()) < MIN_SLICED_DAYS:
        return [(None, None)]
    with driver.cursor() as cur:
        cur.execute(_TABLE_ROWS)
        row = cur.fetchone()
    table_rows = row[0] if row is not None else 0
    if table_rows < MIN_SLICED_ROWS:
        return [(None, None)]
    # TID range scans came with PostgreSQL 14.
    most = _estimated_rows(driver, flt) >= MIN_SHARE_FOR_PAGES * table_rows
    if driver.info.server_version >= 140000 and most:
        with driver.cursor() as cur:
            cur.execute(_TABLE_PAGES)
            pages = cur.fetchone()
        return page_edges(pages[0] if pages is not None else 0, SLICES)
    return slice_edges(flt, SLICES)


def _estimated_rows(driver: Any, flt: EventFilter) -> float:
    """The planner's estimate of the events `flt` selects (no scan)."""
    text, params = Sql(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM usage_events e ",
        POSTGRESQL_SQL.event_where(flt, tenants_joined=False),
    ).format()
    with driver.cursor() as cur:
        cur.execute(text, params)
        row = cur.fetchone()
    plan = row[0] if row is not None else None
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"]) if plan else 0.0


def page_edges(pages: int, count: int) -> list[Part]:
    """`count` runs of the table's pages of equal length; the first and the last are open, so
    that pages added meanwhile (not in the snapshot anyway) still belong to one."""
    edges = [pages * i // count for i in range(1, count)]
    bounds: list[int | None] = [None, *edges, None]
    return [(bounds[i], bounds[i + 1]) for i in range(count)]


def slice_edges(flt: EventFilter, count: int) -> list[Part]:
    """`count` slices of equal time of the range, to the whole second."""
    lo, hi = flt.bounds_utc
    step = timedelta(seconds=(hi - lo).total_seconds() // count)
    edges = [lo + step * i for i in range(1, count)]
    bounds = [None, *edges, None]
    return [(bounds[i], bounds[i + 1]) for i in range(count)]


def _read_slices(db: Database, driver: Any, flt: EventFilter, slices: list[Part]) -> list[Row]:
    """Every slice's rows: the first here, the others on their own connections meanwhile;
    any that could not be read there, here afterwards."""
    with driver.cursor() as cur:
        cur.execute("SELECT pg_export_snapshot()")
        row = cur.fetchone()
    assert row is not None
    helpers = [_Helper(db, driver, row[0], flt, within) for within in slices[1:]]
    rows: list[Row] = []
    try:
        rows += slice_rows(driver, flt, slices[0])
    finally:
        for helper in helpers:
            helper.task.result()  # always waited for: no connection outlives the refresh
    for helper in helpers:
        if helper.rows is None:
            log.info("dashboard slice read on one connection (%s)", helper.problem)
            rows += slice_rows(driver, flt, helper.within)
        else:
            rows += helper.rows
    return rows


class _Helper:
    """One slice read on a connection of its own, in the dashboard's snapshot."""

    def __init__(
        self, db: Database, driver: Any, snapshot_id: str, flt: EventFilter, within: Part
    ) -> None:
        self.within = within
        self.rows: list[Row] | None = None
        self.problem = ""
        self.task = side_thread.Background(self._run, db, driver, snapshot_id, flt)

    def _run(self, db: Database, driver: Any, snapshot_id: str, flt: EventFilter) -> None:
        conn = None
        try:
            from psycopg import sql as pgsql

            conn = db.psycopg_connection(same_server_as=driver)
            with conn.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cur.execute(
                    pgsql.SQL("SET TRANSACTION SNAPSHOT {}").format(pgsql.Literal(snapshot_id))
                )
                prepare_aggregate(cur)
            self.rows = slice_rows(conn, flt, self.within)
        except Exception as exc:  # read again on the dashboard's connection
            self.problem = " ".join(str(exc).split()) or type(exc).__name__
        finally:
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()


def _added_up(rows: list[Row]) -> list[Row]:
    """The slices' rows of one kind and key summed: exact, as every figure is a sum."""
    sums: dict[tuple[str, Any], list[int]] = {}
    for kind, key, *figures in rows:
        total = sums.setdefault((kind, key), [0, 0, 0, 0])
        for i, value in enumerate(figures):
            total[i] += int(value) if value is not None else 0
    if ("total", None) not in sums:
        sums[("total", None)] = [0, 0, 0, 0]
    return [(kind, key, *figures) for (kind, key), figures in sums.items()]  # type: ignore[misc]
