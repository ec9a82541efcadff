"""The SQL text that differs between PostgreSQL and SQLite, one class per backend.

The export and the dashboard build their queries from these fragments: how an instant is
compared with created_at, an event's local day, the formula guard, byte order of names, the
period key of the grouped rows. Everything else in a query is the same text on both backends,
so both write the same files. The export's backends (export/backends) extend these classes
with how they open a snapshot and hand out rows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from billing_desktop import timezones
from billing_desktop.db.sql import FORMULA_PREFIXES, EventFilter, Param, Sql, params_list

if TYPE_CHECKING:
    from billing_desktop.db.connection import Database


class Dialect(ABC):
    """One backend's SQL fragments; the shared query text lives in the builders that call them."""

    name: ClassVar[str]
    version_query: ClassVar[str]  # the server's name and version, for the manifest
    # Whether an INTEGER column holds integers only (SQLite keeps whatever it is given).
    enforces_column_types: ClassVar[bool] = True

    @abstractmethod
    def bound(self, instant: datetime) -> Any:
        """An instant as this backend compares it with created_at."""

    @abstractmethod
    def day_at_offset(self, offset_seconds: int) -> Sql:
        """An event's date as ISO text 'YYYY-MM-DD', its created_at shifted by this offset."""

    @abstractmethod
    def formula_guarded(self, column: str, on: bool) -> Sql:
        """A text column with a leading ' where Excel would otherwise see a formula."""

    @abstractmethod
    def name_order(self, column: str) -> str:
        """Byte order of the UTF-8 name, so that both backends' files list names alike."""

    @abstractmethod
    def period_key(self, flt: EventFilter, unit: str) -> tuple[Sql, str]:
        """A grouped export's period (`unit` day or month) as (the key events are grouped by,
        that key as the file's text, read from the grouped column `k.day`)."""

    @abstractmethod
    def distinct_models(self) -> str:
        """Every model id that occurs in usage_events, in name order."""

    def event_where(
        self, flt: EventFilter, tenants_joined: bool = True, bounds: tuple[Any, Any] | None = None
    ) -> Sql:
        """WHERE clause over `usage_events e JOIN tenants t`, or over `usage_events e` alone when
        `tenants_joined` is false (the tenant filter then looks the names up in a subquery); the
        time range uses the index. `bounds`: values as stored, instead of the range's."""
        lo, hi = flt.bounds_utc
        first, before = bounds or (self.bound(lo), self.bound(hi))
        clause = Sql("WHERE e.created_at >= ", Param(first), " AND e.created_at < ", Param(before))
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

    def local_day(self, flt: EventFilter) -> Sql:
        """The event's date in the filter's zone, as ISO text 'YYYY-MM-DD' on both backends.

        The date comes from the app's zone rules (Python's zoneinfo), the same rules that chose
        the range's UTC bounds, never from the server's `AT TIME ZONE`: a server with other
        tzdata would date an event of June 30 as July 1, or not know the zone at all. The range
        is cut into the spans of constant UTC offset and each event shifted by its own.
        """
        return self.per_offset_span(flt, self.day_at_offset)

    def per_offset_span(self, flt: EventFilter, value: Callable[[int], Sql]) -> Sql:
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
                Param(self.bound(span.until)),
                " THEN ",
                value(span.offset_seconds),
            )
        return cases + Sql(" ELSE ", value(spans[-1].offset_seconds), " END")


_UTC = "(e.created_at AT TIME ZONE 'UTC')"


class PostgreSQLDialect(Dialect):
    name = "postgresql"
    version_query = "SELECT 'PostgreSQL ' || current_setting('server_version')"

    def bound(self, instant: datetime) -> Any:
        return instant

    def day_at_offset(self, offset_seconds: int) -> Sql:
        # AT TIME ZONE 'UTC' is a fixed offset (no zone rules involved), whatever the session's
        # TimeZone; the shift is whole seconds, so microseconds never move a date. ::date::text
        # is YYYY-MM-DD under DateStyle ISO, which the export's transaction sets: the same text
        # as to_char(..., 'YYYY-MM-DD') at a fraction of the cost.
        if offset_seconds == 0:
            return Sql(f"({_UTC})::date::text")
        return Sql(f"({_UTC} + make_interval(secs => ", Param(offset_seconds), "))::date::text")

    def formula_guarded(self, column: str, on: bool) -> Sql:
        if not on:
            return Sql(column)
        # ascii() is the first character's code point: an integer test instead of cutting out
        # and comparing text. Before it, a byte comparison (C collation) lets by at once every
        # name that starts above the highest prefix, as nearly all names do.
        codes = ", ".join(str(ord(prefix)) for prefix in FORMULA_PREFIXES)
        above = chr(max(map(ord, FORMULA_PREFIXES)) + 1)
        quoted = "'''' || " + column
        return Sql(
            f"""CASE WHEN {column} COLLATE "C" < '{above}' AND ascii({column}) IN ({codes})"""
            f" THEN {quoted} ELSE {column} END"
        )

    def name_order(self, column: str) -> str:
        return f'{column} COLLATE "C"'

    def period_key(self, flt: EventFilter, unit: str) -> tuple[Sql, str]:
        # Truncating a timestamp costs a fraction of formatting it as text, so a grouped
        # export formats only its grouped rows, not every event.
        return self.local_period_start(flt, unit), self.period_text("k.day", unit)

    def local_period_start(self, flt: EventFilter, unit: str) -> Sql:
        """The start of the event's local day or month (`unit`), as a timestamp; the zone
        rules are the app's, as in local_day."""
        if unit not in ("day", "month"):
            raise ValueError(f"unknown period unit {unit!r}")

        def start(offset_seconds: int) -> Sql:
            if offset_seconds == 0:
                return Sql(f"date_trunc('{unit}', {_UTC})")
            shifted = Sql(f"{_UTC} + make_interval(secs => ", Param(offset_seconds), ")")
            return Sql(f"date_trunc('{unit}', ", shifted, ")")

        return self.per_offset_span(flt, start)

    @staticmethod
    def period_text(column: str, unit: str) -> str:
        """A local_period_start value as the file writes it: YYYY-MM-DD, or YYYY-MM."""
        pattern = {"day": "YYYY-MM-DD", "month": "YYYY-MM"}[unit]
        return f"to_char({column}, '{pattern}')"

    def distinct_models(self) -> str:
        return f"SELECT model FROM usage_events GROUP BY model ORDER BY {self.name_order('model')}"


class SQLiteDialect(Dialect):
    name = "sqlite"
    version_query = "SELECT 'SQLite ' || sqlite_version()"
    enforces_column_types = False

    def bound(self, instant: datetime) -> Any:
        # SQLite stores UTC text; a bound without fraction orders right against rows with or
        # without microseconds ("...00:00:00" <= "...00:00:00.000000").
        return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")

    def day_at_offset(self, offset_seconds: int) -> Sql:
        if offset_seconds == 0:
            return Sql("date(e.created_at)")  # read as written: no rounding
        # A modifier makes SQLite compute in whole milliseconds, rounding 23:59:59.9995 up to
        # the next day. Offsets are whole seconds, so dropping the fraction (the stored text is
        # 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC) leaves every date as it is, to the microsecond.
        modifier = Param(f"{offset_seconds:+d} seconds")
        return Sql("date(substr(e.created_at, 1, 19), ", modifier, ")")

    def formula_guarded(self, column: str, on: bool) -> Sql:
        if not on:
            return Sql(column)
        return Sql(
            f"CASE WHEN substr({column}, 1, 1) IN ",
            params_list(FORMULA_PREFIXES),
            f" THEN '''' || {column} ELSE {column} END",
        )

    def name_order(self, column: str) -> str:
        return column  # SQLite's BINARY collation is already byte order

    def period_key(self, flt: EventFilter, unit: str) -> tuple[Sql, str]:
        day = self.local_day(flt)  # already text; a month is its first 7 characters
        return (day, "k.day") if unit == "day" else (Sql("substr(", day, ", 1, 7)"), "k.day")

    def distinct_models(self) -> str:
        # DISTINCT keeps a tree of the few models; GROUP BY would sort every event first.
        return (
            "SELECT model FROM (SELECT DISTINCT model FROM usage_events)"
            f" ORDER BY {self.name_order('model')}"
        )


POSTGRESQL_SQL = PostgreSQLDialect()
SQLITE_SQL = SQLiteDialect()
_DIALECTS: dict[str, Dialect] = {d.name: d for d in (POSTGRESQL_SQL, SQLITE_SQL)}


def dialect_for(db: Database) -> Dialect:
    """The SQL fragments of the database's backend."""
    return _DIALECTS[db.backend]
