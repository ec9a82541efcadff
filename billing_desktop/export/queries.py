"""The export's SQL for both backends (PRODUCT.md §3): one row per event, or per day and name.

Dates, the formula guard, name order and grouping are all done by the database, so that on
PostgreSQL a CSV of every event is a plain `COPY ... TO STDOUT` written straight to the file.
"""

from __future__ import annotations

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
# text must stay byte for byte what PostgreSQL's COPY (FORMAT csv) and writers.json_row write.
# Tenant names are encoded once per tenant (a materialized CTE). Models live on every event, so
# they are encoded once per distinct model (found by the totals query): model ids that need no
# quoting, the usual case, cost nothing per row.

MODEL_CASES_MAX = 50  # beyond this many models needing encoding, encode on every row instead


def sqlite_text_field(column: str, fmt: str, guard: bool) -> Sql:
    """SQLite: a TEXT value as one CSV field, or as a JSON string.

    CSV as COPY (FORMAT csv) writes it: quoted when it holds a comma, a double quote, LF or CR,
    or is empty (COPY tells '' from NULL that way), with inner quotes doubled; the formula
    guard's apostrophe goes inside the quotes. JSON: json_quote() escapes exactly like Python's
    json.dumps(ensure_ascii=False) and PostgreSQL's to_json: the quote, the backslash, \\b \\f \\n
    \\r \\t, and other control characters as lowercase \\u00XX. NULL, which the schema forbids
    but SQLite lets in, gives what writers.csv_rows and json_row write for None.
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
        f""" WHEN instr({c}, '"') OR instr({c}, ',') OR instr({c}, """,
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


def sqlite_special_models(params: ExportParams, models_json: str) -> Sql:
    """(model, field) for those of these models (a JSON array) not written as plain names."""
    return Sql(
        "SELECT value, f FROM (SELECT value, ",
        sqlite_text_field("value", params.format, _guard(params)),
        " AS f FROM json_each(",
        Param(models_json),
        f")) WHERE f IS NOT {_sqlite_plain_field('value', params.format)}",
    )


def sqlite_event_lines(params: ExportParams, special_models: list[tuple[str | None, str]]) -> Sql:
    """SQLite, scope `all`: one TEXT value per event, its CSV line (without the LF) or its JSON
    object (writers.json_row's layout), in the order of event_rows.

    `special_models` (from sqlite_special_models) are the models whose field is more than the
    plain name; all other models are written as they are.
    """
    flt = event_filter(params)
    fmt = params.format
    if len(special_models) > MODEL_CASES_MAX:
        model = sqlite_text_field("e.model", fmt, _guard(params))
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
            " || ',' || t.field || ',' || ",
            model,
            " || printf(',%d,%d,%d', e.input_tokens, e.output_tokens, e.cost_cents)",
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
        sqlite_text_field("name", fmt, _guard(params)),
        " AS field FROM tenants) SELECT ",
        line,
        # CROSS JOIN keeps usage_events the outer loop, read in created_at index order, so the
        # ORDER BY needs no sort whatever the tenant filter.
        " FROM usage_events e CROSS JOIN t ON t.id = e.tenant_id ",
        event_where("sqlite", flt),
        " ORDER BY e.created_at, e.id",
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
