"""The export's SQL for both backends (PRODUCT.md §3): one row per event, or per day and name.

Dates, the formula guard, name order and grouping are all done by the database, so that on
PostgreSQL a CSV of every event is a plain `COPY ... TO STDOUT` written straight to the file.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from billing_desktop.db.sql import (
    FORMULA_PREFIXES,
    EventFilter,
    Param,
    Sql,
    event_where,
    formula_guarded,
    local_day,
    name_order,
    params_list,
    pg_local_period_start,
    pg_period_text,
    sql_bound,
)
from billing_desktop.export.params import ExportParams

CSV_HEADER = ("date", "tenant_name", "model_used", "input_tokens", "output_tokens", "cost_cents")

_FROM = "FROM usage_events e JOIN tenants t ON t.id = e.tenant_id "


def event_filter(params: ExportParams) -> EventFilter:
    return EventFilter(params.start, params.end, params.timezone, params.tenants, params.models)


def _guard(params: ExportParams) -> bool:
    # JSON text is never altered; the guard is a CSV concern only.
    return params.guards_formulas


# A part of the range by created_at, [from, before) in UTC; None: that side of the whole range.
Within = tuple[datetime | None, datetime | None]


def _within(backend: str, within: Within | None) -> Sql:
    """The extra condition of one slice of a parallel export (export/parallel.py)."""
    clause = Sql()
    if within is not None and within[0] is not None:
        clause += Sql(" AND e.created_at >= ", Param(sql_bound(backend, within[0])))
    if within is not None and within[1] is not None:
        clause += Sql(" AND e.created_at < ", Param(sql_bound(backend, within[1])))
    return clause


def event_rows(backend: str, params: ExportParams, within: Within | None = None) -> Sql:
    """Scope `all`: one row per event, ordered by created_at, id, with the CSV's columns;
    `within`: only the events of that part of the range."""
    flt = event_filter(params)
    guard = _guard(params)
    return Sql(
        "SELECT ",
        local_day(backend, flt),
        " AS date, ",
        formula_guarded("t.name", guard, backend),
        " AS tenant_name, ",
        formula_guarded("e.model", guard, backend),
        " AS model_used, e.input_tokens, e.output_tokens, e.cost_cents ",
        _FROM,
        event_where(backend, flt),
        _within(backend, within),
        " ORDER BY e.created_at, e.id",
    )


def event_json_lines(
    params: ExportParams, within: Within | None = None, around: tuple[str, str] = ("", "")
) -> Sql:
    """PostgreSQL, scope `all`: each event's JSON object as text, built by the server, between
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
        local_day("postgresql", flt),
        """ || '","tenantName":' || to_json(t.name)::text"""
        """ || ',"modelUsed":' || to_json(e.model)::text"""
        """ || ',"inputTokens":' || e.input_tokens::text"""
        """ || ',"outputTokens":' || e.output_tokens::text"""
        """ || ',"costCents":' || e.cost_cents::text || '}' || """,
        Param(after),
        " ",
        _FROM,
        event_where("postgresql", flt),
        _within("postgresql", within),
        " ORDER BY e.created_at, e.id",
    )


_TOTALS = (
    "SELECT count(*), coalesce(sum(e.input_tokens), 0), coalesce(sum(e.output_tokens), 0),"
    " coalesce(sum(e.cost_cents), 0)"
)


def event_totals(backend: str, params: ExportParams) -> Sql:
    """Scope `all`: the number of rows and the sums the export will write."""
    return Sql(_TOTALS, " ", _FROM, event_where(backend, event_filter(params)))


# -- SQLite, scope `all`: each CSV line / JSON object built as one text value by SQLite ---------
#
# Python's sqlite3 takes ~0.7 us a row to hand over six values and csv.writer ~1 us, while
# SQLite's printf and || are C: SQLite writes each line and Python joins a batch (issue 5). The
# text must stay byte for byte what PostgreSQL's COPY (FORMAT csv) and json_format.json_row write.
# Tenant names are encoded once per tenant (a materialized CTE). Models live on every event, so
# they are encoded once per distinct model (found by the totals query): model ids that need no
# quoting, the usual case, cost nothing per row.

MODEL_CASES_MAX = 50  # beyond this many models needing encoding, encode on every row instead


def sqlite_text_field(column: str, fmt: str, guard: bool, delimiter: str = ",") -> Sql:
    """SQLite: a TEXT value as one CSV field (`fmt` "csv"), or as a JSON string ("json").

    CSV as COPY (FORMAT csv) writes it: quoted when it holds the delimiter, a double quote,
    LF or CR, or is empty (COPY tells '' from NULL that way), with inner quotes doubled; the formula
    guard's apostrophe goes inside the quotes. JSON: json_quote() escapes exactly like Python's
    json.dumps(ensure_ascii=False) and PostgreSQL's to_json: the quote, the backslash, \\b \\f \\n
    \\r \\t, and other control characters as lowercase \\u00XX. NULL, which the schema forbids
    but SQLite lets in, gives what csv_format.csv_rows and json_row write for None.
    """
    c = column
    if fmt == "json":
        return Sql(f"json_quote({c})")
    lead = Sql()
    if guard:
        lead = Sql(
            f"CASE WHEN substr({c}, 1, 1) IN ",
            params_list(FORMULA_PREFIXES),
            " THEN '''' ELSE '' END || ",
        )
    return Sql(
        f"""CASE WHEN {c} IS NULL THEN '' WHEN {c} = '' THEN '""'""",
        f""" WHEN instr({c}, '"') OR instr({c}, """,
        Param(delimiter),
        f") OR instr({c}, ",
        Param("\n"),
        f") OR instr({c}, ",
        Param("\r"),
        """) THEN '"' || """,
        lead,
        f"""replace({c}, '"', '""') || '"' ELSE """,
        lead,
        f"{c} END",
    )


def _sqlite_plain_field(column: str, fmt: str) -> str:
    """sqlite_text_field of an ordinary name: the name itself, or the name in double quotes."""
    return column if fmt == "csv" else f"""'"' || {column} || '"'"""


def sqlite_event_totals(params: ExportParams) -> Sql:
    """SQLite, scope `all`: event_totals, then the distinct models as a JSON array."""
    return Sql(
        _TOTALS,
        ", json_group_array(DISTINCT e.model) ",
        _FROM,
        event_where("sqlite", event_filter(params)),
    )


def sqlite_tenant_with_nul(params: ExportParams) -> Sql:
    """SQLite: one row if a tenant of this export has a NUL in its name (compared as bytes:
    SQLite's text functions stop at the first NUL, blobs do not)."""
    flt = event_filter(params)
    where = Sql(" AND t.name IN ", params_list(flt.tenants)) if flt.tenants else Sql()
    return Sql(
        "SELECT 1 FROM tenants t WHERE instr(CAST(t.name AS BLOB), x'00')", where, " LIMIT 1"
    )


def sqlite_special_models(params: ExportParams, kind: str, models_json: str) -> Sql:
    """(model, field) for those of these models (a JSON array) not written as plain names
    in `kind` ("csv" or "json") text."""
    return Sql(
        "SELECT value, f FROM (SELECT value, ",
        sqlite_text_field("value", kind, _guard(params), params.delimiter),
        " AS f FROM json_each(",
        Param(models_json),
        f")) WHERE f IS NOT {_sqlite_plain_field('value', kind)}",
    )


def sqlite_event_lines(
    params: ExportParams,
    kind: str,
    special_models: list[tuple[str | None, str]],
    within: Within | None = None,
) -> Sql:
    """SQLite, scope `all`: one TEXT value per event, its CSV line (`kind` "csv", without the
    LF) or its JSON object ("json", json_format.json_row's layout), in event_rows' order.

    `special_models` (from sqlite_special_models) are the models whose field is more than the
    plain name; all other models are written as they are.
    """
    flt = event_filter(params)
    fmt, sep = kind, params.delimiter
    if len(special_models) > MODEL_CASES_MAX:
        model = sqlite_text_field("e.model", fmt, _guard(params), sep)
    elif special_models:
        model = Sql("CASE")
        for name, field in special_models:
            # NULL (outside the schema, but SQLite allows it) is never equal to anything.
            test = (
                Sql(" WHEN e.model IS NULL")
                if name is None
                else Sql(" WHEN e.model = ", Param(name))
            )
            model += Sql(test, " THEN ", Param(field))
        model += Sql(f" ELSE {_sqlite_plain_field('e.model', fmt)} END")
    else:
        model = Sql(_sqlite_plain_field("e.model", fmt))
    if fmt == "csv":
        line = Sql(
            local_day("sqlite", flt),
            " || ",
            Param(sep),
            " || t.field || ",
            Param(sep),
            " || ",
            model,
            " || printf(",
            Param(f"{sep}%d{sep}%d{sep}%d"),
            ", e.input_tokens, e.output_tokens, e.cost_cents)",
        )
    else:
        line = Sql(
            """'{"date":"' || """,
            local_day("sqlite", flt),
            """ || '","tenantName":' || t.field || ',"modelUsed":' || """,
            model,
            """ || printf(',"inputTokens":%d,"outputTokens":%d,"costCents":%d}',"""
            " e.input_tokens, e.output_tokens, e.cost_cents)",
        )
    return Sql(
        # MATERIALIZED: each tenant's field is computed once, not once per event.
        "WITH t AS MATERIALIZED (SELECT id, name, ",
        sqlite_text_field("name", fmt, _guard(params), sep),
        " AS field FROM tenants) SELECT ",
        line,
        # CROSS JOIN keeps usage_events the outer loop, read in created_at index order, so the
        # ORDER BY needs no sort whatever the tenant filter.
        " FROM usage_events e CROSS JOIN t ON t.id = e.tenant_id ",
        event_where("sqlite", flt),
        _within("sqlite", within),
        " ORDER BY e.created_at, e.id",
    )


# The grouped scopes' keys: (the events' column grouped by, its name in the file). Events
# are grouped by tenant id and the names joined to the grouped rows only, not to every event
# (names are unique: PRODUCT.md §1).
_GROUP_KEYS = {
    "by_tenant": (("e.tenant_id", "tenant_name"),),
    "by_model": (("e.model", "model_used"),),
    "by_tenant_model": (("e.tenant_id", "tenant_name"), ("e.model", "model_used")),
}
_NAME_OF_KEY = {"e.tenant_id": "t.name", "e.model": "k.model"}


def _period(backend: str, params: ExportParams) -> tuple[Sql, str] | None:
    """The grouped rows' `date`: the day or its month (YYYY-MM; a month cut by the range holds
    only its days in range, as the WHERE clause already ensures), as (the key the events are
    grouped by, the grouped key as text), or None for the whole range, which is one constant
    (grouped_rows writes it)."""
    if params.granularity == "total":
        return None
    flt = event_filter(params)
    unit = params.granularity
    if backend == "postgresql":
        return pg_local_period_start(flt, unit), pg_period_text("k.day", unit)
    day = local_day(backend, flt)  # already text on SQLite; a month is its first 7 characters
    return (day, "k.day") if unit == "day" else (Sql("substr(", day, ", 1, 7)"), "k.day")


def total_period(params: ExportParams) -> str:
    """The `date` of granularity `total`: the range as YYYY-MM-DD/YYYY-MM-DD."""
    return f"{params.start.isoformat()}/{params.end.isoformat()}"


def _grouped(backend: str, params: ExportParams) -> Sql:
    """One row per period and key (tenant, model, or both) with exact integer sums, with the
    columns day (unless granularity is total), tenant_name and/or model_used, and the sums."""
    keys = _GROUP_KEYS[params.scope]
    period = _period(backend, params)
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
        event_where(backend, event_filter(params), tenants_joined=False),
        " GROUP BY " + ", ".join(map(str, positions)),
        ") k",
        tenants,
    )


def grouped_rows(backend: str, params: ExportParams) -> Sql:
    """The grouped scopes: one row per period and key, ordered by date, then name(s); the
    rolled-up name column is NULL (empty in CSV, null in JSON).

    The last four columns repeat the row count and sums over the whole result (window
    functions), so the first batch already tells what the file will hold: one pass over the
    events instead of a count query plus the export.
    """
    guard = _guard(params)
    keys = {name for _, name in _GROUP_KEYS[params.scope]}
    names = Sql()
    for name in ("tenant_name", "model_used"):
        value = formula_guarded(f"g.{name}", guard, backend) if name in keys else Sql("NULL")
        names += Sql(", ", value, f" AS {name}")
    if params.granularity == "total":
        date, order = Sql("CAST(", Param(total_period(params)), " AS TEXT)"), []
    else:
        date, order = Sql("g.day"), ["g.day"]
    order += [name_order(backend, f"g.{name}") for _, name in _GROUP_KEYS[params.scope]]
    return Sql(
        "SELECT ",
        date,
        " AS date",
        names,
        ", g.input_tokens, g.output_tokens, g.cost_cents,"
        " count(*) OVER (), sum(g.input_tokens) OVER (), sum(g.output_tokens) OVER (),"
        " sum(g.cost_cents) OVER () FROM (",
        _grouped(backend, params),
        ") g ORDER BY " + ", ".join(order),
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


def split_tenants(backend: str, params: ExportParams) -> Sql:
    """A split by tenant: one row per tenant with events in the export, in name order, with
    the rows its file will hold and their sums (the progress total, and each file's check)."""
    if params.scope == "all":
        return Sql(
            "SELECT t.name,",
            _TOTALS.removeprefix("SELECT"),
            " ",
            _FROM,
            event_where(backend, event_filter(params)),
            f" GROUP BY t.name ORDER BY {name_order(backend, 't.name')}",
        )
    # Within one tenant's file the rows are keyed by period and the scope's names; adding the
    # tenant to the keys counts them for every tenant in one pass.
    keyed = dataclasses.replace(
        params, scope="by_tenant" if params.scope == "by_tenant" else "by_tenant_model"
    )
    return Sql(
        "SELECT g.tenant_name, count(*), sum(g.input_tokens), sum(g.output_tokens),"
        " sum(g.cost_cents) FROM (",
        _grouped(backend, keyed),
        f") g GROUP BY g.tenant_name ORDER BY {name_order(backend, 'g.tenant_name')}",
    )


def existing_tenants(names: tuple[str, ...]) -> Sql:
    """Which of these tenant names exist (one query, however many names)."""
    return Sql("SELECT name FROM tenants WHERE name IN ", params_list(names))


def model_exists(backend: str, name: str, params: ExportParams) -> Sql:
    """Whether a model occurs within the export's range. There is no index on model: looked
    up within the range, which the created_at index finds, an unknown model costs no more
    than the export itself would, never a scan of the whole table. LIMIT 1 stops at a match."""
    flt = EventFilter(params.start, params.end, params.timezone, models=(name,))
    where = event_where(backend, flt, tenants_joined=False)
    return Sql("SELECT 1 FROM usage_events e ", where, " LIMIT 1")


# -- PostgreSQL: the parallel export's planning (export/parallel.py) ----------------------------

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
        event_where("postgresql", event_filter(params), tenants_joined=False),
    )
