"""Database URLs: PostgreSQL ones read by libpq's own parser, SQLite ones kept simple.

PostgreSQL: `postgresql://…` URIs and `key=value` connection strings go through
psycopg's `conninfo_to_dict`, which is libpq's `PQconninfoParse`, so every form libpq knows
works the same here as in psql: multi-host (`host1:5432,host2:5433`), `?service=`, socket
folders, any query option. What we add on top:
- an unescaped `@` or `:` in the password (`alice:S3cr@t@host`) is taken as the user meant it,
  as browsers and SQLAlchemy do, instead of libpq's reading at the first `@`;
- ports are checked, so a typo is one sentence, not a connection error later;
- the password is never echoed: not by `str()`, `describe()`, or the errors raised here.

SQLite: `sqlite:///path/to/file.db`. No psycopg import for SQLite URLs (CLI start-up time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal
from urllib.parse import parse_qsl, quote, unquote

from billing_desktop.errors import InvalidInput

if TYPE_CHECKING:
    from billing_desktop.db.dialect import Dialect

Backend = Literal["postgresql", "sqlite"]

_SCHEME = re.compile(r"(?P<scheme>[\w+.-]+)://", re.ASCII)
_POSTGRESQL_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
_SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")
_NOT_A_URL = "Not a database URL: expected postgresql://user@host/dbname or sqlite:///path/file.db"
_HIDDEN = "***"


@dataclass(frozen=True)
class DatabaseUrl:
    """Where a billing database is; `str()` never shows the password.

    PostgreSQL: `params` are libpq connection keywords (user, password, host, port, dbname,
    sslmode, service, …) exactly as libpq read them. SQLite: `database` is the file's path."""

    backend: Backend
    params: tuple[tuple[str, str], ...] = ()
    sqlite_file: str | None = None

    # -- reading ------------------------------------------------------------------------------

    @classmethod
    def parse(cls, raw: str) -> DatabaseUrl:
        text = raw.strip()
        match = _SCHEME.match(text)
        if match is None:
            if "=" in text:  # a libpq connection string: "host=db dbname=billing"
                return cls._from_libpq(text, text)
            raise InvalidInput(_NOT_A_URL)
        scheme = match["scheme"].lower()
        rest = text[match.end() :]
        if scheme in _POSTGRESQL_SCHEMES:
            return cls._from_libpq("postgresql://" + _escape_userinfo(rest), text)
        if scheme in _SQLITE_SCHEMES:
            return cls._sqlite(rest)
        base, _, driver = scheme.partition("+")
        if base in ("postgresql", "postgres"):
            raise InvalidInput(
                f"Unsupported PostgreSQL driver '{driver}': use postgresql:// or "
                "postgresql+psycopg://"
            )
        raise InvalidInput(
            f"Unsupported database '{base}': Billing Desktop reads PostgreSQL or SQLite"
        )

    @classmethod
    def _from_libpq(cls, conninfo: str, as_typed: str) -> DatabaseUrl:
        from psycopg import ProgrammingError
        from psycopg.conninfo import conninfo_to_dict

        if "://" in conninfo:
            query = conninfo.partition("?")[2]
            keys = [key for key, _ in parse_qsl(query, keep_blank_values=True)]
            if len(set(keys)) != len(keys):
                raise InvalidInput("A database URL may give each parameter only once.")
        try:
            params = conninfo_to_dict(conninfo)
        except ProgrammingError:
            raise InvalidInput(f"Not a valid PostgreSQL URL: {_fault(conninfo)}.") from None
        for port in str(params.get("port", "")).split(","):
            if port and not (port.isdigit() and 0 < int(port) < 65536):
                raise InvalidInput(_bad_port(port, as_typed))
        return cls("postgresql", tuple((k, str(v)) for k, v in params.items()))

    @classmethod
    def _sqlite(cls, rest: str) -> DatabaseUrl:
        # sqlite:///relative.db, sqlite:////absolute.db, sqlite:///C:\dir\file.db; the part
        # before the third slash (a host) is always empty, and a query string is ignored.
        host, slash, path = rest.partition("/")
        path = unquote(path.partition("?")[0])
        if host or not slash or not path or path == ":memory:":
            raise InvalidInput("A SQLite URL must name a file: sqlite:///path/to/billing.db")
        return cls("sqlite", sqlite_file=path)

    @classmethod
    def postgresql(cls, **params: str | int | None) -> DatabaseUrl:
        """From libpq keywords (user=, password=, host=, port=, dbname=, sslmode=, …)."""
        given = tuple((k, str(v)) for k, v in params.items() if v is not None and v != "")
        return cls("postgresql", given)

    # -- fields -------------------------------------------------------------------------------

    def get(self, key: str) -> str | None:
        """A libpq parameter, such as sslmode."""
        return dict(self.params).get(key)

    @property
    def username(self) -> str | None:
        return self.get("user")

    @property
    def password(self) -> str | None:
        return self.get("password")

    @property
    def host(self) -> str | None:
        return self.get("host")

    @property
    def port(self) -> int | None:
        """The port when there is exactly one (a multi-host URL may have several)."""
        port = self.get("port")
        return int(port) if port and port.isdigit() else None

    @property
    def dialect(self) -> Dialect:
        """The class of this URL's backend, which the scheme chose (db/dialect.py). Imported
        on first use: a command that never reaches a database does not load the SQL."""
        from billing_desktop.db.dialect import dialect_named

        return dialect_named(self.backend)

    @property
    def database(self) -> str | None:
        """The SQLite file's path, or the PostgreSQL database's name."""
        return self.dialect.database_name(self)

    def with_defaults(self, **defaults: str) -> DatabaseUrl:
        """The URL with these parameters added where it does not set them itself."""
        given = dict(self.params)
        extra = tuple((k, v) for k, v in defaults.items() if k not in given)
        return replace(self, params=self.params + extra)

    def without_password(self) -> DatabaseUrl:
        return replace(self, params=tuple((k, v) for k, v in self.params if k != "password"))

    def connect_kwargs(self) -> dict[str, str]:
        """PostgreSQL: libpq connection parameters, as libpq read them."""
        return dict(self.params)

    def endpoints(self) -> list[str]:
        """'host:port' for each host libpq will try, for descriptions."""
        hosts = (self.host or "").split(",")
        ports = (self.get("port") or "").split(",")
        if len(ports) == 1:
            ports *= len(hosts)
        return [
            (h or "local socket") + (f":{p}" if p else "")
            for h, p in zip(hosts, ports + [""] * len(hosts), strict=False)
        ]

    # -- writing ------------------------------------------------------------------------------

    def render(self, *, hide_password: bool = True) -> str:
        """The URL as text; with the password only when asked for (to hand it on, never show).
        `DatabaseUrl.parse(url.render(hide_password=False)) == url` for every URL."""
        return self.dialect.url_text(self, hide_password)

    def __str__(self) -> str:
        return self.render(hide_password=True)

    def __repr__(self) -> str:
        return f"DatabaseUrl({self.render(hide_password=True)!r})"


def _escape_userinfo(rest: str) -> str:
    """Percent-escape `@` and `:` typed unescaped in a password (`alice:S3cr@t:x@host/db`).

    libpq ends the user information at the first `@`, so `S3cr@t` would make `t` the host and
    the rest of the password the port, echoed in an error. The last `@` before the path is the
    one that ends it; a password with `/` or `?` still has to be written %2F, %3F."""
    end = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    authority = rest[:end]
    if "@" not in authority or (
        authority.count("@") < 2 and authority.partition("@")[0].count(":") < 2
    ):
        return rest
    userinfo, _, hosts = authority.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return quote(user, safe="%") + colon + quote(password, safe="%") + "@" + hosts + rest[end:]


# The password's places, by structure: a `password=` field of a connection string or a URL's
# query, and the part after the user name in a URL's user information. Messages never search
# for the password's text, which as a word or a letter would be starred out of anything.
_PASSWORD_FIELD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&]*)", re.IGNORECASE)
_URL_PASSWORD_FIELD = re.compile(r"(?<=[?&])password=[^&#]*(&|$)", re.IGNORECASE)
_USERINFO_PASSWORD = re.compile(r"(\b[a-z][\w+.-]*://[^\s/?#@:]*:)[^\s/?#@]*@", re.IGNORECASE)


def scrub_passwords(text: str) -> str:
    """`text` with whatever stands in a password's place starred out."""
    text = _PASSWORD_FIELD.sub(lambda m: m[1] + _HIDDEN, text)
    return _USERINFO_PASSWORD.sub(lambda m: m[1] + _HIDDEN + "@", text)


def _without_password(conninfo: str) -> str:
    """The connection string or URL with its password left out (its places: see above)."""
    text = _URL_PASSWORD_FIELD.sub("", conninfo) if "://" in conninfo else conninfo
    text = _PASSWORD_FIELD.sub("", text)
    return _USERINFO_PASSWORD.sub(lambda m: m[1].rstrip(":") + "@", text)


def _fault(conninfo: str) -> str:
    """What libpq finds wrong, asked of the URL without its password, so its complaint cannot
    quote it; if only the password was at fault, that is said instead."""
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        conninfo_to_dict(_without_password(conninfo))
    except ProgrammingError as exc:
        return str(exc).strip().rstrip(".")
    hint = " (in a URL, write % as %25)" if "://" in conninfo else ""
    return f"the password is not written correctly{hint}"


def _bad_port(port: str, typed: str) -> str:
    """The port is echoed only where no password was given, as it may be a piece of one: a
    `/`, `?` or `#` in a password ends a URL's host part early, and libpq then reads the
    password as the port."""
    tail = typed.partition("://")[2].lstrip("/")
    cut = min((i for i in (tail.find("/"), tail.find("?")) if i >= 0), default=len(tail))
    if _without_password(typed) == typed and "@" not in tail[cut:]:
        return f"Not a port number in the database URL: '{port}'"
    return (
        "Not a port number in the database URL; a '/', '?' or '#' in a password must be "
        "written %2F, %3F or %23"
    )
