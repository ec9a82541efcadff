"""Which database, and how to talk to it: URL normalisation, engines, safe descriptions, errors.

PostgreSQL is reached with psycopg 3 through SQLAlchemy; SQLite through the standard library.
Error messages shown to users are built here from the driver's own message, never from
SQLAlchemy's wrapper text (that would echo SQL and parameters), and scrubbed of the password.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import psycopg
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from billing_desktop.errors import DatabaseError, InvalidInput

CONNECT_TIMEOUT_S = 10
SQLITE_BUSY_TIMEOUT_S = 5

Backend = Literal["postgresql", "sqlite"]


def normalize_url(raw: str) -> URL:
    """Parse a database URL; a bare `postgresql://` (or `postgres://`) means psycopg 3."""
    text = raw.strip()
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    try:
        url = make_url(text)
    except ArgumentError:
        raise InvalidInput(
            "Not a database URL: expected postgresql://user@host/dbname or sqlite:///path/file.db"
        ) from None
    if url.get_backend_name() == "postgresql":
        driver = url.get_driver_name()
        if driver not in ("psycopg", "postgresql"):  # "postgresql" is the bare scheme
            raise InvalidInput(
                f"Unsupported PostgreSQL driver '{driver}': use postgresql:// or "
                "postgresql+psycopg://"
            )
        return url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise InvalidInput("A SQLite URL must name a file: sqlite:///path/to/billing.db")
        return url.set(drivername="sqlite")
    raise InvalidInput(
        f"Unsupported database '{url.get_backend_name()}': Billing Desktop reads PostgreSQL "
        "or SQLite"
    )


class Database:
    """One billing database: its URL, a lazily created engine and user-facing descriptions."""

    def __init__(self, url: str | URL, *, create: bool = False) -> None:
        self.url = normalize_url(url) if isinstance(url, str) else url
        self.backend: Backend = (
            "postgresql" if self.url.get_backend_name() == "postgresql" else "sqlite"
        )
        if self.backend == "sqlite" and not create and not self.sqlite_path.exists():
            raise DatabaseError(f"The SQLite database file {self.sqlite_path} does not exist.")
        self._engine: Engine | None = None

    # -- descriptions -------------------------------------------------------------------------

    @property
    def sqlite_path(self) -> Path:
        return Path(self.url.database or "").expanduser()

    @property
    def password(self) -> str | None:
        return self.url.password if isinstance(self.url.password, str) else None

    def describe(self) -> str:
        """Where the data comes from, fit for a status bar or a log: never the password."""
        if self.backend == "sqlite":
            return f"SQLite {self.sqlite_path}"
        host = self.url.host or "local socket"
        port = f":{self.url.port}" if self.url.port else ""
        user = f" as {self.url.username}" if self.url.username else ""
        ssl = self.url.query.get("sslmode")
        tls = f" (sslmode={ssl})" if ssl else ""
        return f"PostgreSQL {self.url.database or ''} on {host}{port}{user}{tls}"

    def safe_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def scrub(self, text: str) -> str:
        """Remove the password from any text that might reach a user or a log."""
        secret = self.password
        return text.replace(secret, "***") if secret else text

    # -- connections --------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._create_engine()
        return self._engine

    def _create_engine(self) -> Engine:
        if self.backend == "postgresql":
            connect_args: dict[str, object] = {}
            if "connect_timeout" not in self.url.query:
                connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
            connect_args["application_name"] = "billing-desktop"
            return create_engine(self.url, connect_args=connect_args, pool_pre_ping=True)
        engine = create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            dbapi_conn.execute("PRAGMA foreign_keys = ON")

        return engine

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only connection for dashboard and validation queries."""
        with self.errors("read"):
            options = {"postgresql_readonly": True} if self.backend == "postgresql" else {}
            with self.engine.connect() as conn:
                if options:
                    conn = conn.execution_options(**options)
                yield conn

    def sqlite_snapshot_connection(self) -> sqlite3.Connection:
        """A stdlib connection that cannot write (query_only), in autocommit mode so that the
        caller's explicit BEGIN/COMMIT alone decides the snapshot."""
        try:
            conn = sqlite3.connect(
                self.sqlite_path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None
            )
            conn.execute("PRAGMA query_only = ON")
            return conn
        except sqlite3.Error as exc:
            raise self.translate(exc, "open") from None

    def check_connection(self) -> None:
        """Connect, check the schema, disconnect; raises DatabaseError with a clear reason."""
        from billing_desktop.db.schema import verify_schema

        with self.read() as conn:
            verify_schema(conn)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # -- errors -------------------------------------------------------------------------------

    @contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn driver errors raised inside the block into one clear DatabaseError."""
        try:
            yield
        except (SQLAlchemyError, psycopg.Error, sqlite3.Error) as exc:
            raise self.translate(exc, doing) from None

    def translate(self, exc: BaseException, doing: str = "read") -> DatabaseError:
        if isinstance(exc, DatabaseError):
            return exc
        orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        reason = " ".join(str(orig).split()) or type(orig).__name__
        where = self.describe()
        missing = isinstance(
            orig, psycopg.errors.UndefinedTable | psycopg.errors.UndefinedColumn
        ) or (isinstance(orig, sqlite3.OperationalError) and reason.startswith("no such "))
        if missing:
            message = (
                f"{where} is not a billing database ({reason}). "
                "Run 'billing-desktop demo-data' to create a demo schema."
            )
        elif isinstance(orig, psycopg.OperationalError) or (
            isinstance(orig, psycopg.Error) and getattr(orig, "sqlstate", None) is None
        ):
            # "streaming" is only said once a connection stood, so a failure then is a loss.
            if doing == "streaming" or "terminat" in reason or "closed" in reason:
                message = f"Lost the connection to {where}: {reason}"
            else:
                message = f"Cannot connect to {where}: {reason}"
        elif isinstance(orig, psycopg.errors.InsufficientPrivilege):
            message = f"Permission denied on {where}: {reason}"
        elif isinstance(orig, sqlite3.DatabaseError):
            message = f"Cannot read {where}: {reason}"
        else:
            message = f"Database error on {where}: {reason}"
        return DatabaseError(self.scrub(message))
