"""What differs between PostgreSQL and SQLite, one class per backend.

The export and the dashboard build their queries from these fragments: how an instant is
compared with created_at, an event's local day, the formula guard, byte order of names, the
period key of the grouped rows. Everything else in a query is the same text on both backends,
so both write the same files. The class also says how the app reaches a database of its kind
(db/connection.py asks it): what its URL names and how it is written, whether the database is
a file, how a connection is made read-only or its queries bounded in time, and how events are
loaded fastest. The export's backends (export/backends) extend these classes with how they
open a snapshot and hand out rows. Adding a backend is adding a class here and there.
"""

from __future__ import annotations

import io
import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from billing_desktop import timezones
from billing_desktop.db.sql import FORMULA_PREFIXES, EventFilter, Param, Sql, params_list

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from billing_desktop.db.connection import Database
    from billing_desktop.db.url import DatabaseUrl

# One usage event as it is loaded: tenant id, model, input and output tokens, cost in cents,
# and the instant (aware, UTC).
EventRow = tuple[int, str, int, int, int, datetime]
# Told the number of events loaded so far.
LoadProgress = Callable[[int], None]
_HIDDEN = "***"


class Dialect(ABC):
    """One backend's SQL fragments; the shared query text lives in the builders that call them."""

    name: ClassVar[str]
    version_query: ClassVar[str]  # the server's name and version, for the manifest
    # Whether an INTEGER column holds integers only (SQLite keeps whatever it is given).
    enforces_column_types: ClassVar[bool] = True
    # Whether the database is a file on this machine: reading never creates it (a missing file
    # is an error), and its folder is made before the file is created.
    is_file: ClassVar[bool] = False
    # SQLAlchemy execution options that make one connection read-only (none where the whole
    # engine is opened read-only).
    read_only_options: ClassVar[Mapping[str, object]] = MappingProxyType({})

    # -- reaching the database ------------------------------------------------------------------

    @abstractmethod
    def database_name(self, url: DatabaseUrl) -> str | None:
        """What the URL names as its database: the file's path, or the server's database."""

    @abstractmethod
    def url_text(self, url: DatabaseUrl, hide_password: bool) -> str:
        """The URL as text, the password starred out unless `hide_password` is false."""

    @abstractmethod
    def describe(self, db: Database) -> str:
        """Where the data comes from, fit for a status bar or a log: never the password."""

    @abstractmethod
    def create_engine(self, db: Database) -> Engine:
        """The SQLAlchemy engine the window reads (or the demo data fills) the database with."""

    def statement_timeout_sql(self, ms: int) -> str | None:
        """The statement that bounds the rest of the transaction's queries to `ms`
        milliseconds; None where there is none (a file on this machine needs none)."""
        return None

    def with_connect_timeout(self, url: DatabaseUrl, seconds: int) -> DatabaseUrl:
        """The URL with a bound on connecting, unless it sets its own (a file needs none)."""
        return url

    @abstractmethod
    def append_events(
        self, db: Database, chunks: Iterator[list[EventRow]], progress: LoadProgress | None
    ) -> int:
        """Append the events (the tables exist) the fastest way this backend takes them, then
        refresh the planner's statistics: how many were added."""

    # -- SQL fragments --------------------------------------------------------------------------

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
    read_only_options = MappingProxyType({"postgresql_readonly": True})

    def database_name(self, url: DatabaseUrl) -> str | None:
        return url.get("dbname")

    def url_text(self, url: DatabaseUrl, hide_password: bool) -> str:
        params = dict(url.params)
        text = "postgresql://"
        user, password = params.pop("user", None), params.pop("password", None)
        if user is not None or password is not None:
            text += quote(user or "", safe="")
            if password is not None:
                text += ":" + (_HIDDEN if hide_password else quote(password, safe=""))
            text += "@"
        host, port = params.get("host"), params.get("port")
        # One plain host (and port) reads best in the authority; socket folders and host
        # lists go into the query, where libpq takes them verbatim.
        if host is not None and re.fullmatch(r"[\w.-]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*", host):
            text += f"[{host}]" if ":" in host else host
            params.pop("host")
            if port is not None and port.isdigit():
                text += f":{port}"
                params.pop("port")
        text += "/" + quote(params.pop("dbname", ""), safe="")
        if params:
            text += "?" + "&".join(
                f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params.items()
            )
        return text

    def describe(self, db: Database) -> str:
        url = db.url
        user = f" as {url.username}" if url.username else ""
        ssl = url.get("sslmode")
        tls = f" (sslmode={ssl})" if ssl else ""
        service = url.get("service")
        where = f"service {service}" if service else ", ".join(url.endpoints())
        return f"PostgreSQL {url.database or ''} on {where}{user}{tls}"

    def create_engine(self, db: Database) -> Engine:
        return db.postgresql_engine()

    def statement_timeout_sql(self, ms: int) -> str | None:
        # SET LOCAL ends with the transaction, also behind a pooler in transaction mode.
        return f"SET LOCAL statement_timeout = {int(ms)}"

    def with_connect_timeout(self, url: DatabaseUrl, seconds: int) -> DatabaseUrl:
        return url.with_defaults(connect_timeout=str(seconds))

    def append_events(
        self, db: Database, chunks: Iterator[list[EventRow]], progress: LoadProgress | None
    ) -> int:
        done = 0
        with db.errors("write demo data to"), db.engine.begin() as conn:
            pg = conn.connection.driver_connection
            assert pg is not None
            copy_sql = (
                "COPY usage_events (tenant_id, model, input_tokens, output_tokens, cost_cents,"
                " created_at) FROM STDIN"
            )
            with pg.cursor() as cur, cur.copy(copy_sql) as copy:
                for chunk in chunks:
                    buf = io.StringIO()
                    for tid, model, i, o, c, at in chunk:
                        buf.write(f"{tid}\t{model}\t{i}\t{o}\t{c}\t{at.isoformat()}\n")
                    copy.write(buf.getvalue())
                    done += len(chunk)
                    if progress:
                        progress(done)
            conn.exec_driver_sql("ANALYZE usage_events")
        return done

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
    is_file = True

    def database_name(self, url: DatabaseUrl) -> str | None:
        return url.sqlite_file

    def url_text(self, url: DatabaseUrl, hide_password: bool) -> str:
        return "sqlite:///" + quote(url.sqlite_file or "", safe="/:\\ ")

    def describe(self, db: Database) -> str:
        return f"SQLite {db.sqlite_path}"

    def create_engine(self, db: Database) -> Engine:
        return db.sqlite_engine()

    def append_events(
        self, db: Database, chunks: Iterator[list[EventRow]], progress: LoadProgress | None
    ) -> int:
        done = 0
        conn = sqlite3.connect(db.sqlite_path, timeout=30)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            for chunk in chunks:
                rows = [
                    (tid, model, i, o, c, at.strftime("%Y-%m-%d %H:%M:%S.%f"))
                    for tid, model, i, o, c, at in chunk
                ]
                with conn:  # one transaction per chunk
                    conn.executemany(
                        "INSERT INTO usage_events (tenant_id, model, input_tokens,"
                        " output_tokens, cost_cents, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        rows,
                    )
                done += len(rows)
                if progress:
                    progress(done)
            conn.execute("ANALYZE")
        except sqlite3.Error as exc:
            raise db.translate(exc, "write demo data to") from None
        finally:
            conn.close()
        return done

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


def dialect_named(backend: str) -> Dialect:
    """The dialect of a backend's name, as a parsed URL gives it."""
    return _DIALECTS[backend]


def dialect_for(db: Database) -> Dialect:
    """The dialect of the database's backend."""
    return dialect_named(db.backend)
