"""Which database, and how to talk to it: engines, connections, safe descriptions, errors.

The window reads PostgreSQL through a pooled SQLAlchemy engine (psycopg 3 underneath) and
SQLite through the standard library. Exports connect with psycopg or sqlite3 directly, so the
command line never imports SQLAlchemy (importing it slows every command's start), nor psycopg
for a SQLite file. Error messages shown to users are built here from the driver's own
message, never from SQLAlchemy's wrapper text (that would echo SQL and parameters), and
scrubbed of the password.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from billing_desktop.db.connecting import connect_unless_cancelled
from billing_desktop.db.server_errors import classify
from billing_desktop.db.url import Backend, DatabaseUrl, scrub_passwords
from billing_desktop.errors import DatabaseError, PasswordRequired

if TYPE_CHECKING:
    import threading

    import psycopg
    from sqlalchemy.engine import Connection, Engine

    from billing_desktop.db.dialect import Dialect

CONNECT_TIMEOUT_S = 10
SQLITE_BUSY_TIMEOUT_S = 5
APPLICATION_NAME = "billing-desktop"
# Files are UTF-8 whatever the database's encoding or PGCLIENTENCODING say:
# every PostgreSQL connection asks for it, so the server converts all text (COPY's bytes
# included) to UTF-8. It goes in the startup packet, which PgBouncer passes on, and wins over
# the environment and the URL. An SQL_ASCII database cannot convert, but the server then
# checks every text value it sends for UTF-8 (pg_server_to_any): see translate().
CLIENT_ENCODING = "UTF8"
# psycopg prepares a statement it sees five times; behind PgBouncer in transaction pooling
# the next transaction may run on another server connection, which has no such statement
# ("prepared statement does not exist"). The app's queries are few and planned once each, so
# it never prepares: the same on a direct connection and through a pooler.
PREPARE_THRESHOLD = None

__all__ = ["Backend", "Database", "DatabaseUrl", "normalize_url"]


def normalize_url(raw: str) -> DatabaseUrl:
    """Parse a database URL; a bare `postgresql://` (or `postgres://`) means psycopg 3."""
    return DatabaseUrl.parse(raw)


class Database:
    """One billing database: its URL, a lazily created engine and user-facing descriptions.

    `create`: the database is being made or filled (demo data), so a SQLite file may be
    created and written; otherwise the app only reads, and SQLite is opened read-only."""

    def __init__(self, url: str | DatabaseUrl, *, create: bool = False) -> None:
        self.url = DatabaseUrl.parse(url) if isinstance(url, str) else url
        self.backend: Backend = self.url.backend
        self.dialect: Dialect = self.url.dialect
        self._create = create
        if self._file_missing():
            raise DatabaseError(self._missing_file())
        self._engine: Engine | None = None
        self._server_encoding: str | None = None  # PostgreSQL, once connected

    # -- descriptions -------------------------------------------------------------------------

    @property
    def sqlite_path(self) -> Path:
        return Path(self.url.database or "").expanduser()

    @property
    def password(self) -> str | None:
        return self.url.password

    def describe(self) -> str:
        """Where the data comes from, fit for a status bar or a log: never the password."""
        return self.dialect.describe(self)

    def safe_url(self) -> str:
        return self.url.render(hide_password=True)

    def scrub(self, text: str) -> str:
        """Star out whatever stands in a password's place (a `password=` field, a URL's user
        information) in text that might reach a user or a log. Messages are built without the
        URL's password in the first place; its text is never searched for."""
        return scrub_passwords(text)

    # -- connections --------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self.dialect.create_engine(self)
        return self._engine

    def postgresql_engine(self) -> Engine:
        """PostgreSQL: the pooled engine, through psycopg."""
        from sqlalchemy import create_engine, event

        # Every libpq parameter goes to psycopg as libpq read it (multi-host, service, …);
        # SQLAlchemy's own URL grammar knows only a part of libpq's.
        connect_args: dict[str, object] = dict(self.url.connect_kwargs())
        if self.url.get("connect_timeout") is None:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        connect_args["application_name"] = APPLICATION_NAME
        # connect_args are given to psycopg.connect after the URL's own options.
        connect_args["client_encoding"] = CLIENT_ENCODING
        connect_args["prepare_threshold"] = PREPARE_THRESHOLD
        engine = create_engine(
            "postgresql+psycopg://", connect_args=connect_args, pool_pre_ping=True
        )

        @event.listens_for(engine, "connect")
        def _remember_encoding(dbapi_conn, _record):  # pragma: no cover - trivial
            self._note_server_encoding(dbapi_conn)

        return engine

    def sqlite_engine(self) -> Engine:
        """SQLite: the engine, read-only unless the database is being made (demo data): the
        window only reads."""
        from sqlalchemy import URL, create_engine, event

        where = (
            URL.create("sqlite", database=str(self.sqlite_path))
            if self._create
            else URL.create("sqlite", database=self._sqlite_ro_uri(), query={"uri": "true"})
        )
        engine = create_engine(where, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            dbapi_conn.execute("PRAGMA foreign_keys = ON")

        return engine

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only connection for dashboard and validation queries."""
        with self.errors("read"):
            options = self.dialect.read_only_options
            with self.engine.connect() as conn:
                if options:
                    conn = conn.execution_options(**options)
                yield conn

    def psycopg_connection(
        self,
        same_server_as: psycopg.Connection | None = None,
        cancel: threading.Event | None = None,
    ) -> psycopg.Connection:
        """PostgreSQL: a connection of its own, outside the engine's pool (the export's).

        `same_server_as`: to the very server that connection reached, whichever host of a
        multi-host URL that was (a parallel export's helpers must import its snapshot).
        `cancel`: setting it while connecting raises ExportCancelled at once (db/connecting.py)."""
        import psycopg

        settings: dict[str, Any] = {
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": APPLICATION_NAME,
        }
        kwargs = self.url.connect_kwargs()
        if same_server_as is not None:
            kwargs = _same_server(kwargs, same_server_as)
        connect = functools.partial(
            psycopg.connect,
            **(settings | kwargs | {"client_encoding": CLIENT_ENCODING}),
            prepare_threshold=PREPARE_THRESHOLD,
        )
        try:
            conn = connect() if cancel is None else connect_unless_cancelled(connect, cancel)
        except psycopg.Error as exc:
            raise self.translate(exc, "connect") from None
        self._note_server_encoding(conn)
        return conn

    def _note_server_encoding(self, conn: psycopg.Connection) -> None:
        """The server reports its encoding when a connection starts: no query needed."""
        self._server_encoding = conn.info.parameter_status("server_encoding")

    def sqlite_snapshot_connection(self, any_thread: bool = False) -> sqlite3.Connection:
        """A stdlib connection that cannot write, in autocommit mode so that the caller's
        explicit BEGIN/COMMIT alone decides the snapshot. Opened read-only (`mode=ro`), so a
        file that went missing is reported, never created empty in its place. `any_thread`:
        it may be used on another thread than the one opening it (one thread at a time)."""
        try:
            conn = sqlite3.connect(
                self._sqlite_ro_uri(),
                timeout=SQLITE_BUSY_TIMEOUT_S,
                isolation_level=None,
                uri=True,
                check_same_thread=not any_thread,
            )
            conn.execute("PRAGMA query_only = ON")
            return conn
        except sqlite3.Error as exc:
            raise self.translate(exc, "open") from None

    def _sqlite_ro_uri(self) -> str:
        return self.sqlite_path.absolute().as_uri() + "?mode=ro"

    def _file_missing(self) -> bool:
        """A database file to be read that is not there (never created empty by a read)."""
        return self.dialect.is_file and not self._create and not self.sqlite_path.exists()

    def _missing_file(self) -> str:
        return f"The SQLite database file {self.sqlite_path} does not exist."

    def check_connection(self, statement_timeout_ms: int | None = None) -> None:
        """Connect, check the schema, disconnect; raises DatabaseError with a clear reason.
        `statement_timeout_ms` bounds the check's queries, where the backend can (its bound
        ends with the check's transaction)."""
        from billing_desktop.db.schema import verify_schema

        with self.read() as conn:
            if statement_timeout_ms is not None:
                bound = self.dialect.statement_timeout_sql(statement_timeout_ms)
                if bound is not None:
                    conn.exec_driver_sql(bound)
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
        except Exception as exc:
            if not _is_driver_error(exc):
                raise
            raise self.translate(exc, doing) from None

    def translate(self, exc: BaseException, doing: str = "read") -> DatabaseError:
        if isinstance(exc, DatabaseError):
            return exc
        if self._file_missing():
            return DatabaseError(self._missing_file())  # gone since: opened read-only, not made
        orig = _driver_error_of(exc)
        reason = _sentences(str(orig)) or type(orig).__name__
        where = self.describe()
        pg = _psycopg_if_imported()
        pg_error = pg is not None and isinstance(orig, pg.Error)
        missing = (
            pg is not None
            and isinstance(orig, pg.errors.UndefinedTable | pg.errors.UndefinedColumn)
        ) or (isinstance(orig, sqlite3.OperationalError) and reason.startswith("no such "))
        if missing:
            message = (
                f"{where} is not a billing database ({reason}). "
                "Run 'billing-desktop demo-data' to create a demo schema."
            )
        elif pg_error and "no password supplied" in reason:
            who = f" for {self.url.username}" if self.url.username else ""
            return PasswordRequired(f"{where} asks for a password{who}, and none was given.")
        elif pg_error and (known := classify(_sqlstate(orig), reason, where, doing)):
            message = self.scrub(known.message)
            return DatabaseError(message, _sqlstate(orig), connection_lost=known.connection_lost)
        elif pg_error and (isinstance(orig, pg.OperationalError) or _sqlstate(orig) is None):
            # "streaming" is only said once a connection stood, so a failure then is a loss.
            if doing == "streaming" or "terminat" in reason or "closed" in reason:
                # No SQLSTATE: the client saw the connection close, no server error.
                state = _sqlstate(orig)
                lost = f"Lost the connection to {where}: {reason}"
                return DatabaseError(self.scrub(lost), state, connection_lost=state is None)
            message = f"Cannot connect to {where}: {reason}"
        elif pg_error and isinstance(orig, pg.errors.InsufficientPrivilege):
            message = f"Permission denied on {where}: {reason}"
        elif pg_error and isinstance(orig, pg.errors.CharacterNotInRepertoire):
            # The server found text it cannot send as UTF-8: stored text that is not valid
            # UTF-8 can only be in an SQL_ASCII database, which stores any bytes it gets.
            encoding = self._server_encoding or "SQL_ASCII"
            message = (
                f"{where} uses the {encoding} encoding and holds text that is not valid UTF-8"
                f" ({reason}), so it cannot be exported as UTF-8; convert it to a UTF8 database"
            )
        elif isinstance(orig, sqlite3.DatabaseError):
            message = f"Cannot read {where}: {reason}"
        else:
            message = f"Database error on {where}: {reason}"
        return DatabaseError(self.scrub(message), _sqlstate(orig))


def _same_server(kwargs: dict[str, str], conn: psycopg.Connection) -> dict[str, str]:
    """libpq parameters that reach the server `conn` is connected to: its one host, port and
    address instead of the URL's list, and no choice among hosts left to make."""
    info = conn.info
    same = {k: v for k, v in kwargs.items() if k not in _HOST_CHOICE}
    same["host"], same["port"] = info.host, str(info.port)
    with contextlib.suppress(Exception):  # hostaddr needs libpq 12
        if info.hostaddr:  # the address libpq used: a name resolving to several is not re-resolved
            same["hostaddr"] = info.hostaddr
    return same


_HOST_CHOICE = ("host", "hostaddr", "port", "target_session_attrs", "load_balance_hosts")


def _sqlstate(orig: BaseException) -> str | None:
    """The server's SQLSTATE of a driver error, when it sent one."""
    return getattr(orig, "sqlstate", None)


def _sentences(text: str) -> str:
    """A driver's lines as sentences: libpq puts its hint on a line of its own ("Connection
    refused" / "Is the server running…?"), which joined with a space would run together."""
    out = ""
    for line in (" ".join(raw.split()) for raw in text.splitlines()):
        if not line:
            continue
        if out and out[-1] not in ".?!:;":
            out += "."
        out += (" " if out else "") + line
    return out


# The drivers' and SQLAlchemy's exception classes are looked up only when already imported:
# an error can only come from a module that is loaded, and importing one just to test an
# exception would undo the point of keeping the command line light.


def _psycopg_if_imported():  # -> the psycopg module or None
    return sys.modules.get("psycopg")


def _is_driver_error(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        return True
    pg = _psycopg_if_imported()
    if pg is not None and isinstance(exc, pg.Error):
        return True
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError)


def _driver_error_of(exc: BaseException) -> BaseException:
    """The DB-API error under SQLAlchemy's wrapper, whose own text would echo SQL."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None:
        return exc.orig
    return exc
