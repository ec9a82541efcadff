"""SQL built from constant text and `Param` values, rendered three ways.

Every value from a user reaches the database as a bound parameter (`?` for SQLite, `%s` for
psycopg) or, inside COPY (which takes no parameters), through psycopg's own literal quoting
(`psycopg.sql.Literal`). Text fragments are constants written in this package, never user data.

This module also holds the pieces that the export and the dashboard share: the event filter and
the local-day expression for both backends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from billing_desktop import timezones

if TYPE_CHECKING:
    from psycopg import sql as pgsql


@dataclass(frozen=True)
class Param:
    value: Any


class Sql:
    """A list of constant SQL text fragments and parameters."""

    __slots__ = ("parts",)
    parts: list[str | Param]

    def __init__(self, *parts: str | Param | Sql) -> None:
        flat: list[str | Param] = []
        for part in parts:
            if isinstance(part, Sql):
                flat.extend(part.parts)
            else:
                flat.append(part)
        self.parts = flat

    def __add__(self, other: str | Param | Sql) -> Sql:
        return Sql(self, other)

    @staticmethod
    def join(separator: str, items: Iterable[str | Param | Sql]) -> Sql:
        out: list[str | Param | Sql] = []
        for i, item in enumerate(items):
            if i:
                out.append(separator)
            out.append(item)
        return Sql(*out)

    def qmark(self) -> tuple[str, list[Any]]:
        """For sqlite3."""
        text, params = [], []
        for part in self.parts:
            if isinstance(part, Param):
                text.append("?")
                params.append(part.value)
            else:
                text.append(part)
        return "".join(text), params

    def format(self) -> tuple[str, list[Any]]:
        """For psycopg's execute(): %s placeholders, literal percent signs doubled."""
        text, params = [], []
        for part in self.parts:
            if isinstance(part, Param):
                text.append("%s")
                params.append(part.value)
            else:
                text.append(part.replace("%", "%%"))
        return "".join(text), params

    def literal(self) -> pgsql.Composed:
        """For COPY: values quoted by psycopg itself."""
        from psycopg import sql as pgsql  # only PostgreSQL needs it

        return pgsql.Composed(
            [pgsql.Literal(p.value) if isinstance(p, Param) else pgsql.SQL(p) for p in self.parts]
        )


def params_list(values: Sequence[Any]) -> Sql:
    """`(?, ?, ?)` for an IN list."""
    return Sql("(", Sql.join(", ", (Param(v) for v in values)), ")")


@dataclass(frozen=True)
class EventFilter:
    """Which events: a local-date range in a zone, optionally some tenants and models."""

    start: date
    end: date
    timezone: str = "UTC"
    tenants: tuple[str, ...] = ()
    models: tuple[str, ...] = ()

    @property
    def bounds_utc(self) -> tuple[datetime, datetime]:
        return timezones.range_bounds_utc(self.start, self.end, self.timezone)

    def days(self) -> list[date]:
        """Every local date of the range, in order."""
        count = max((self.end - self.start).days + 1, 0)
        return [self.start + timedelta(days=i) for i in range(count)]


def sql_bound(backend: str, instant: datetime) -> Any:
    """An instant as the backend compares it with created_at."""
    if backend == "postgresql":
        return instant
    # SQLite stores UTC text; a bound without fraction orders right against rows with or
    # without microseconds ("...00:00:00" <= "...00:00:00.000000").
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def event_where(backend: str, flt: EventFilter, tenants_joined: bool = True) -> Sql:
    """WHERE clause over `usage_events e JOIN tenants t`, or over `usage_events e` alone when
    `tenants_joined` is false (the tenant filter then looks the names up in a subquery); the
    time range uses the index."""
    lo, hi = flt.bounds_utc
    clause = Sql(
        "WHERE e.created_at >= ",
        Param(sql_bound(backend, lo)),
        " AND e.created_at < ",
        Param(sql_bound(backend, hi)),
    )
    if flt.tenants and tenants_joined:
        clause += Sql(" AND t.name IN ", params_list(flt.tenants))
    elif flt.tenants:
        clause += Sql(
            " AND e.tenant_id IN (SELECT id FROM tenants WHERE name IN ",
            params_list(flt.tenants),
            ")",
        )
    if flt.models:
        clause += Sql(" AND e.model IN ", params_list(flt.models))
    return clause


def local_day(backend: str, flt: EventFilter) -> Sql:
    """The event's date in the filter's zone, as ISO text 'YYYY-MM-DD' on both backends.

    The date comes from the app's zone rules (Python's zoneinfo), the same rules that chose
    the range's UTC bounds, never from the server's `AT TIME ZONE`: a server with other tzdata
    would date an event of June 30 as July 1, or not know the zone at all (issue 10 §3). The
    range is cut into the few spans of constant UTC offset and each event shifted by its own.
    """
    shift = _pg_shift if backend == "postgresql" else _sqlite_shift
    return per_offset_span(backend, flt, shift)


def per_offset_span(backend: str, flt: EventFilter, value: Callable[[int], Sql]) -> Sql:
    """`value(offset)` for the span of constant UTC offset each event's created_at falls in."""
    lo, hi = flt.bounds_utc
    spans = timezones.offset_spans(flt.timezone, lo, hi)
    if len(spans) == 1:
        return value(spans[0].offset_seconds)
    cases = Sql("CASE")
    for span in spans[:-1]:
        assert span.until is not None
        cases += Sql(
            " WHEN e.created_at < ",
            Param(sql_bound(backend, span.until)),
            " THEN ",
            value(span.offset_seconds),
        )
    return cases + Sql(" ELSE ", value(spans[-1].offset_seconds), " END")


def pg_local_period_start(flt: EventFilter, unit: str) -> Sql:
    """The start of the event's local day or month (`unit`), as a PostgreSQL timestamp.

    A key to group by: truncating a timestamp costs a fraction of formatting it as text, so
    a grouped export formats only its grouped rows (pg_period_text), not every event. The
    zone rules are the app's, as in local_day.
    """
    if unit not in ("day", "month"):
        raise ValueError(f"unknown period unit {unit!r}")

    def start(offset_seconds: int) -> Sql:
        utc = "(e.created_at AT TIME ZONE 'UTC')"
        if offset_seconds == 0:
            return Sql(f"date_trunc('{unit}', {utc})")
        shifted = Sql(f"{utc} + make_interval(secs => ", Param(offset_seconds), ")")
        return Sql(f"date_trunc('{unit}', ", shifted, ")")

    return per_offset_span("postgresql", flt, start)


def pg_period_text(column: str, unit: str) -> str:
    """A pg_local_period_start value as the file writes it: YYYY-MM-DD, or YYYY-MM."""
    pattern = {"day": "YYYY-MM-DD", "month": "YYYY-MM"}[unit]
    return f"to_char({column}, '{pattern}')"


def _pg_shift(offset_seconds: int) -> Sql:
    # AT TIME ZONE 'UTC' is a fixed offset (no zone rules involved), whatever the session's
    # TimeZone; the shift is whole seconds, so microseconds never move a date.
    # ::date::text is YYYY-MM-DD under DateStyle ISO, which the export's transaction sets
    # (snapshot.begin_snapshot_transaction): the same text as to_char(..., 'YYYY-MM-DD') at a
    # fifth of the cost, 0.55 s of a 2.7 s COPY of 2,000,000 events (issue 14).
    utc = "(e.created_at AT TIME ZONE 'UTC')"
    if offset_seconds == 0:
        return Sql(f"({utc})::date::text")
    return Sql(f"({utc} + make_interval(secs => ", Param(offset_seconds), "))::date::text")


def _sqlite_shift(offset_seconds: int) -> Sql:
    if offset_seconds == 0:
        return Sql("date(e.created_at)")  # read as written: no rounding
    # A modifier makes SQLite compute in whole milliseconds, rounding 23:59:59.9995 up to the
    # next day. Offsets are whole seconds, so dropping the fraction (the stored text is
    # 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC) leaves every date as it is, to the microsecond.
    return Sql("date(substr(e.created_at, 1, 19), ", Param(f"{offset_seconds:+d} seconds"), ")")


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_guarded(column: str, on: bool, backend: str = "sqlite") -> Sql:
    """A text column with a leading ' where Excel would otherwise see a formula."""
    if not on:
        return Sql(column)
    if backend == "postgresql":
        # ascii() is the first character's code point: an integer test instead of cutting out
        # and comparing text, 0.21 -> 0.08 s of guard per 1,000,000 rows (docs/performance.md).
        # Before it, a byte comparison (C collation) lets by at once every name that starts
        # above the highest prefix, as nearly all names do: 0.08 -> 0.04 s (issue 14).
        codes = ", ".join(str(ord(prefix)) for prefix in FORMULA_PREFIXES)
        above = chr(max(map(ord, FORMULA_PREFIXES)) + 1)
        quoted = "'''' || " + column
        return Sql(
            f"""CASE WHEN {column} COLLATE "C" < '{above}' AND ascii({column}) IN ({codes})"""
            f" THEN {quoted} ELSE {column} END"
        )
    return Sql(
        f"CASE WHEN substr({column}, 1, 1) IN ",
        params_list(FORMULA_PREFIXES),
        f" THEN '''' || {column} ELSE {column} END",
    )


def name_order(backend: str, column: str) -> str:
    """Byte order of the UTF-8 name on both backends, so their files are identical."""
    return f'{column} COLLATE "C"' if backend == "postgresql" else column
