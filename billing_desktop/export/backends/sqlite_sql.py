"""SQLite's own queries: scope `all` with each CSV line or JSON object built by SQLite.

Python's sqlite3 hands over six values a row and csv.writer encodes them, both slower than
SQLite's printf and ||, which are C: SQLite writes each line and Python joins a batch. The
text must stay byte for byte what PostgreSQL's COPY (FORMAT csv) and json_format.json_row write.
Tenant names are encoded once per tenant (a materialized CTE). Models live on every event, so
# they are encoded once per distinct model (found by the totals query): model ids that need no
# quoting, the usual case, cost nothing per row.
"""

from __future__ import annotations

import dataclasses

from billing_desktop.db.dialect import SQLITE_SQL as _LITE
from billing_desktop.db.sql import FORMULA_PREFIXES, Param, Sql, params_list
from billing_desktop.export.integrity import NOT_INTEGER
from billing_desktop.export.params import ExportParams
from billing_desktop.export.queries import FROM_EVENTS, TOTALS, event_filter, event_order

MODEL_CASES_MAX = 50  # beyond this many models needing encoding, encode on every row instead


def sqlite_text_field(column: str, fmt: str, guard: bool, delimiter: str = ",") -> Sql:
    """A TEXT value as one CSV field (`fmt` "csv"), or as a JSON string ("json").

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


# A part of the export's range: events from created_at `first` up to `before`, values as
# stored (read from the index); None: that end of the export's range.
Part = tuple[object | None, object | None]


def whole_range(params: ExportParams, part: Part = (None, None)) -> tuple[object, object]:
    """`part` with the export's own bounds (as SQLite compares them) for its None ends."""
    lo, hi = event_filter(params).bounds_utc
    first, before = part
    return (
        _LITE.bound(lo) if first is None else first,
        _LITE.bound(hi) if before is None else before,
    )


def _part_where(params: ExportParams, part: Part | None, tenants_joined: bool = True) -> Sql:
    """event_where, its time range narrowed to `part`. The part's bounds replace the range's
    rather than being added to them: of two lower bounds SQLite would search the index from
    one and test the other on every event before the part. Parts are cut at stored values,
    compared as stored: whatever the values, parts cut at one value hold every event once, in
    the file's order."""
    flt = event_filter(params)
    if part is None:
        return _LITE.event_where(flt, tenants_joined)
    return _LITE.event_where(flt, tenants_joined, bounds=whole_range(params, part))


def sqlite_event_totals(params: ExportParams, part: Part | None = None) -> Sql:
    """Scope `all`: event_totals, then the distinct models as a JSON array, then the first
    event whose tokens or cost is not an integer (NULL: none), in the same pass; of one
    `part` of the range only, if given."""
    return Sql(
        TOTALS,
        ", json_group_array(DISTINCT e.model), ",
        f"min(CASE WHEN {NOT_INTEGER} THEN e.id END) ",
        FROM_EVENTS,
        _part_where(params, part),
    )


def sqlite_range_count(params: ExportParams) -> Sql:
    """The events in the export's time range, counted on the created_at index alone."""
    flt = dataclasses.replace(event_filter(params), tenants=(), models=())
    return Sql("SELECT count(*) FROM usage_events e ", _LITE.event_where(flt, tenants_joined=False))


def sqlite_part_end(params: ExportParams, part: Part, events: int) -> Sql:
    """The created_at `events` events of the time range after `part`'s start, before its end
    (no row: the part holds no more than that), read on the index alone."""
    return _created_at_in(
        params, part, Sql(" ORDER BY e.created_at LIMIT 1 OFFSET ", Param(events))
    )


def sqlite_next_created_at(params: ExportParams, after: object, part: Part) -> Sql:
    """The first created_at above `after` before the part's end (no row: none)."""
    return _created_at_in(
        params, part, Sql(" AND e.created_at > ", Param(after), " ORDER BY e.created_at LIMIT 1")
    )


def _created_at_in(params: ExportParams, part: Part, rest: Sql) -> Sql:
    """created_at values of the part's time range, whatever the tenants and models (so the
    created_at index alone answers), followed by `rest`."""
    narrowed = dataclasses.replace(params, tenants=(), models=())
    return Sql(
        "SELECT e.created_at FROM usage_events e ",
        _part_where(narrowed, part, tenants_joined=False),
        rest,
    )


def sqlite_line_chunk(lines: Sql, separator: str) -> Sql:
    """sqlite_event_lines' lines joined into one text, and how many there are: Python then
    takes a few thousand lines a step instead of one. The LIMIT keeps the inner ORDER BY,
    which SQLite may otherwise drop from a subquery; the lines are joined in its order."""
    return Sql(
        "SELECT group_concat(line, ", Param(separator), "), count(*) FROM (", lines, " LIMIT -1)"
    )


def sqlite_tenant_with_nul(params: ExportParams) -> Sql:
    """One row if a tenant of this export has a NUL in its name (compared as bytes:
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
        sqlite_text_field("value", kind, params.guards_formulas, params.delimiter),
        " AS f FROM json_each(",
        Param(models_json),
        f")) WHERE f IS NOT {_sqlite_plain_field('value', kind)}",
    )


def _model_field(
    params: ExportParams, fmt: str, special_models: list[tuple[str | None, str]]
) -> Sql:
    """The model's field in `fmt` text: encoded once per special model, or on every row when
    there are too many of them to list."""
    if len(special_models) > MODEL_CASES_MAX:
        return sqlite_text_field("e.model", fmt, params.guards_formulas, params.delimiter)
    if not special_models:
        return Sql(_sqlite_plain_field("e.model", fmt))
    model = Sql("CASE")
    for name, field in special_models:
        # NULL (outside the schema, but SQLite allows it) is never equal to anything.
        test = (
            Sql(" WHEN e.model IS NULL") if name is None else Sql(" WHEN e.model = ", Param(name))
        )
        model += Sql(test, " THEN ", Param(field))
    return model + Sql(f" ELSE {_sqlite_plain_field('e.model', fmt)} END")


def sqlite_event_lines(
    params: ExportParams,
    kind: str,
    special_models: list[tuple[str | None, str]],
    part: Part | None = None,
    by_tenant: bool = False,
) -> Sql:
    """Scope `all`: one TEXT value per event, its CSV line (`kind` "csv", without the
    LF) or its JSON object ("json", json_format.json_row's layout), in event_rows' order.

    `special_models` (from sqlite_special_models) are the models whose field is more than the
    plain name; all other models are written as they are. `part`: one part of the range only
    (Part). `by_tenant`: every tenant's events together, tenants in name order (a
    split's single pass).
    """
    flt = event_filter(params)
    fmt, sep = kind, params.delimiter
    model = _model_field(params, fmt, special_models)
    if fmt == "csv":
        line = Sql(
            _LITE.local_day(flt),
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
            _LITE.local_day(flt),
            """ || '","tenantName":' || t.field || ',"modelUsed":' || """,
            model,
            """ || printf(',"inputTokens":%d,"outputTokens":%d,"costCents":%d}',"""
            " e.input_tokens, e.output_tokens, e.cost_cents)",
        )
    return Sql(
        # MATERIALIZED: each tenant's field is computed once, not once per event.
        "WITH t AS MATERIALIZED (SELECT id, name, ",
        sqlite_text_field("name", fmt, params.guards_formulas, sep),
        " AS field FROM tenants) SELECT ",
        line,
        # CROSS JOIN keeps usage_events the outer loop, read in created_at index order, so the
        # ORDER BY needs no sort whatever the tenant filter (a split's single pass sorts).
        " AS line FROM usage_events e CROSS JOIN t ON t.id = e.tenant_id ",
        _part_where(params, part),
        event_order(_LITE, by_tenant),
    )
