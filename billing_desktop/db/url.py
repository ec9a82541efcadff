"""Database URLs, parsed without SQLAlchemy.

The command line exports through psycopg or sqlite3 directly, and importing SQLAlchemy just to
read a URL would cost every command ~0.15 s (issue 5). The grammar is SQLAlchemy's
(`dialect+driver://user:password@host:port/database?key=value`, with percent-escapes in the
user, password and database), so any URL that worked before still works, and `sqlalchemy_url`
hands the same URL to the engine the window uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, quote, quote_plus, unquote

from billing_desktop.errors import InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

Backend = Literal["postgresql", "sqlite"]

_URL = re.compile(
    r"""
    (?P<scheme>[\w+]+)://
    (?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?
    (?:(?:\[(?P<ipv6host>[^/?]+)\]|(?P<host>[^/:?]+))?(?::(?P<port>[^/?]*))?)?
    (?:/(?P<database>[^?]*))?
    (?:\?(?P<query>.*))?
    """,
    re.VERBOSE | re.DOTALL,
)

_SCHEMES: dict[str, Backend] = {
    "postgresql": "postgresql",  # bare: psycopg 3
    "postgresql+psycopg": "postgresql",
    "postgres": "postgresql",
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
}
_DRIVER_NAMES: dict[Backend, str] = {"postgresql": "postgresql+psycopg", "sqlite": "sqlite"}

_NOT_A_URL = "Not a database URL: expected postgresql://user@host/dbname or sqlite:///path/file.db"


@dataclass(frozen=True)
class DatabaseUrl:
    """Where a billing database is; `str()` never shows the password."""

    backend: Backend
    username: str | None = None
    password: str | None = None
    host: str | None = None
    port: int | None = None
    database: str | None = None
    query: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, raw: str) -> DatabaseUrl:
        match = _URL.fullmatch(raw.strip())
        if match is None:
            raise InvalidInput(_NOT_A_URL)
        scheme = match["scheme"].lower()
        backend = _SCHEMES.get(scheme)
        if backend is None:
            base, _, driver = scheme.partition("+")
            if base in ("postgresql", "postgres"):
                raise InvalidInput(
                    f"Unsupported PostgreSQL driver '{driver}': use postgresql:// or "
                    "postgresql+psycopg://"
                )
            raise InvalidInput(
                f"Unsupported database '{base}': Billing Desktop reads PostgreSQL or SQLite"
            )
        query = tuple(parse_qsl(match["query"] or ""))
        keys = [key for key, _ in query]
        if len(set(keys)) != len(keys):
            raise InvalidInput("A database URL may give each parameter only once.")
        port = match["port"]
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            raise InvalidInput(f"Not a port number in the database URL: '{port}'")
        url = cls(
            backend=backend,
            username=_unquoted(match["username"]),
            password=_unquoted(match["password"]),
            host=match["ipv6host"] or match["host"] or None,
            port=int(port) if port else None,
            database=_unquoted(match["database"]) or None,
            query=query,
        )
        if backend == "sqlite" and (not url.database or url.database == ":memory:"):
            raise InvalidInput("A SQLite URL must name a file: sqlite:///path/to/billing.db")
        return url

    @classmethod
    def postgresql(
        cls,
        *,
        username: str | None = None,
        password: str | None = None,
        host: str | None = None,
        port: int | None = None,
        database: str | None = None,
        query: dict[str, str] | None = None,
    ) -> DatabaseUrl:
        return cls(
            "postgresql", username, password, host, port, database, tuple((query or {}).items())
        )

    def get(self, key: str) -> str | None:
        """A query parameter, such as sslmode."""
        return dict(self.query).get(key)

    def with_defaults(self, **defaults: str) -> DatabaseUrl:
        """The URL with these query parameters added where it does not set them itself."""
        given = dict(self.query)
        extra = tuple((k, v) for k, v in defaults.items() if k not in given)
        return replace(self, query=self.query + extra)

    def render(self, *, hide_password: bool = True) -> str:
        """The URL as text; with the password only when asked for (to hand it on, never show)."""
        text = _DRIVER_NAMES[self.backend] + "://"
        if self.username is not None:
            text += quote(self.username, safe="")
            if self.password is not None:
                text += ":" + ("***" if hide_password else quote(self.password, safe=""))
            text += "@"
        if self.host is not None:
            text += f"[{self.host}]" if ":" in self.host else self.host
        if self.port is not None:
            text += f":{self.port}"
        if self.database is not None:
            text += "/" + quote(self.database, safe="/:\\")
        if self.query:
            text += "?" + "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in self.query)
        return text

    def __str__(self) -> str:
        return self.render(hide_password=True)

    def __repr__(self) -> str:
        return f"DatabaseUrl({self.render(hide_password=True)!r})"

    def connect_kwargs(self) -> dict[str, Any]:
        """PostgreSQL: libpq connection parameters (the query's keys are libpq's own)."""
        given = {
            "user": self.username,
            "password": self.password,
            "host": self.host,
            "port": self.port,
            "dbname": self.database,
        }
        return {k: v for k, v in given.items() if v is not None} | dict(self.query)

    def sqlalchemy_url(self) -> URL:
        from sqlalchemy.engine import URL

        return URL.create(
            _DRIVER_NAMES[self.backend],
            username=self.username,
            password=self.password,
            host=self.host,
            port=self.port,
            database=self.database,
            query=dict(self.query),
        )


def _unquoted(text: str | None) -> str | None:
    return unquote(text) if text is not None else None
