"""SQL built from constant text and `Param` values, rendered three ways.

Every value from a user reaches the database as a bound parameter (`?` for SQLite, `%s` for
psycopg) or, inside COPY (which takes no parameters), through psycopg's own literal quoting
(`psycopg.sql.Literal`). Text fragments are constants written in this package, never user data.

The event filter that the export and the dashboard share lives here too; the fragments that
differ between the backends are in db/dialect.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
