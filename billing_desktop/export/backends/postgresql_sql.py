"""PostgreSQL's own queries: every event as JSON text, and the parallel export's planning."""

from __future__ import annotations

from billing_desktop.db.dialect import POSTGRESQL_SQL as _PG
from billing_desktop.db.sql import Param, Sql
from billing_desktop.export.params import ExportParams
from billing_desktop.export.queries import (
    FROM_EVENTS,
    Within,
    event_filter,
    event_order,
    within_clause,
)


def event_json_lines(
    params: ExportParams,
    within: Within | None = None,
    around: tuple[str, str] = ("", ""),
    by_tenant: bool = False,
) -> Sql:
    """Scope `all`: each event's JSON object as text, built by the server, between
    the two texts of `around` (a JSON document's indent and comma: formats.json_format).

    The layout matches `formats.json_format.json_row` byte for byte (to_json escapes like
    Python's json with ensure_ascii=False), so both backends write identical files.
    """
    flt = event_filter(params)
    before, after = around
    return Sql(
        "SELECT ",
        Param(before),
        """ || '{"date":"' || """,
        _PG.local_day(flt),
        """ || '","tenantName":' || to_json(t.name)::text"""
        """ || ',"modelUsed":' || to_json(e.model)::text"""
        """ || ',"inputTokens":' || e.input_tokens::text"""
        """ || ',"outputTokens":' || e.output_tokens::text"""
        """ || ',"costCents":' || e.cost_cents::text || '}' || """,
        Param(after),
        " ",
        FROM_EVENTS,
        _PG.event_where(flt),
        within_clause(_PG, within),
        event_order(_PG, by_tenant),
    )


# -- the parallel export's planning (pg_parallel.py) ------------------------------------------

# The rows and bytes of usage_events, or of its partitions (a partitioned table holds none
# itself), from the statistics: no scan.
PG_TABLE_SIZE = Sql(
    "SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::float8,"
    " coalesce(sum(pg_relation_size(c.oid)), 0)::float8 FROM pg_class c"
    " WHERE (c.oid = 'usage_events'::regclass AND c.relkind = 'r')"
    " OR c.oid IN (SELECT relid FROM pg_partition_tree('usage_events') WHERE isleaf)"
)

# Connections still free for this export: on the server, for this role, for this database
# (a limit of -1 is none).
PG_FREE_CONNECTIONS = Sql(
    "SELECT current_setting('max_connections')::int"
    " - current_setting('superuser_reserved_connections')::int - a.total,"
    " CASE WHEN r.rolconnlimit < 0 THEN NULL ELSE r.rolconnlimit - a.mine END,"
    " CASE WHEN d.datconnlimit < 0 THEN NULL ELSE d.datconnlimit - a.here END"
    " FROM (SELECT count(*) AS total,"
    " count(*) FILTER (WHERE usename = current_user) AS mine,"
    " count(*) FILTER (WHERE datname = current_database()) AS here"
    " FROM pg_stat_activity WHERE backend_type = 'client backend') a,"
    " pg_roles r, pg_database d"
    " WHERE r.rolname = current_user AND d.datname = current_database()"
)


def pg_slice_sample(params: ExportParams, fractions: list[float], percent: float) -> Sql:
    """From a sample of `percent` of usage_events' pages: how many of the export's events it
    holds, and the created_at below which each of `fractions` of them fall."""
    return Sql(
        "SELECT count(*), percentile_disc(",
        Param(fractions),
        "::float8[]) WITHIN GROUP (ORDER BY e.created_at) FROM usage_events e TABLESAMPLE SYSTEM (",
        Param(percent),
        ") ",
        _PG.event_where(event_filter(params), tenants_joined=False),
    )
