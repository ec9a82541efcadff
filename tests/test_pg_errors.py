"""PostgreSQL as companies run it: PgBouncer in front, timeouts set per role, administrators
who cancel and terminate, servers that accept a connection and never answer; and a SQLite file
that goes missing. All against real servers, real sockets and real files."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from bulk import fill
from helpers import events_locked, libpq_url
from pgscale import PgBouncer

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import DatabaseError, ExportCancelled, InvalidInput
from billing_desktop.export import ExportParams, count_rows, run_export
from billing_desktop.export.control import ExportControl
from billing_desktop.workers.connection_worker import check_connection

pytestmark = pytest.mark.postgres

YEAR = ExportParams(date(2026, 1, 1), date(2026, 12, 31))
EVENTS = 40_000  # every 15 s from 2026-01-01: about a week


@pytest.fixture(scope="module")
def billing(pg_server):
    """A billing database of EVENTS events; its libpq URL."""
    url = pg_server.create_database()
    db = Database(url, create=True)
    fill(db, EVENTS)
    db.dispose()
    yield libpq_url(url)
    pg_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture
def role(pg_server, billing) -> Iterator[str]:
    """A login role that may read the billing tables, dropped afterwards."""
    name = f"billing_ro_{uuid.uuid4().hex[:8]}"
    dbname = billing.rsplit("/", 1)[1]
    with pg_server.admin(dbname) as admin:
        admin.execute(f"CREATE ROLE {name} LOGIN")
        admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {name}")
    yield name
    with pg_server.admin(dbname) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (name,)
        )
        admin.execute(f"DROP OWNED BY {name}")
        admin.execute(f"DROP ROLE {name}")


def _as(role: str, billing: str) -> Database:
    return Database(billing.replace("postgresql://postgres@", f"postgresql://{role}@"))


def _failure(db: Database, **params) -> DatabaseError:
    try:
        with pytest.raises(DatabaseError) as caught:
            count_rows(db, ExportParams(date(2026, 1, 1), date(2026, 12, 31), **params))
    finally:
        db.dispose()
    assert "\n" not in str(caught.value)
    return caught.value


# -- PgBouncer ---------------------------------------------------------------------------------


def test_test_connection_works_through_pgbouncer_in_transaction_pooling(pg_server, billing):
    pool = PgBouncer(pg_server.port, pool_mode="transaction")
    try:
        url = pool.url(billing.rsplit("/", 1)[1])
        assert "PostgreSQL" in check_connection(url)  # what the window's Test connection runs
        assert count_rows(Database(url), YEAR).rows == EVENTS  # the same URL exports
    finally:
        pool.stop()


# -- server errors by SQLSTATE ---------------------------------------------------------------


def test_a_roles_statement_timeout_is_named_not_taken_for_a_lost_connection(
    pg_server, billing, role
):
    with pg_server.admin() as admin:
        admin.execute(f"ALTER ROLE {role} SET statement_timeout = '300ms'")
    with events_locked(Database(billing)):  # the totals query waits past the timeout
        error = _failure(_as(role, billing))
    message = str(error)
    assert "statement_timeout" in message and "Lost the connection" not in message, message
    assert error.sqlstate == "57014" and not error.connection_lost


def _on_lock_wait(pg_server, billing: str, action: str) -> threading.Thread:
    """In the background: `action` (a function of pid) on the app's backend once it waits."""
    dbname = billing.rsplit("/", 1)[1]

    def act() -> None:
        with pg_server.admin(dbname) as admin:
            for _ in range(200):
                pids = admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = 'billing-desktop'"
                    " AND wait_event_type = 'Lock'"
                ).fetchall()
                if pids:
                    admin.execute(f"SELECT {action}(%s)", (pids[0][0],))
                    return
                time.sleep(0.05)

    thread = threading.Thread(target=act)
    thread.start()
    return thread


def test_a_query_cancelled_by_another_session_says_so(pg_server, billing):
    with events_locked(Database(billing)):
        canceller = _on_lock_wait(pg_server, billing, "pg_cancel_backend")
        error = _failure(Database(billing))
        canceller.join()
    assert str(error).startswith("Another session cancelled the query on PostgreSQL"), error
    assert error.sqlstate == "57014"


def test_a_session_an_administrator_ends_says_who_ended_it(pg_server, billing):
    with events_locked(Database(billing)):
        terminator = _on_lock_wait(pg_server, billing, "pg_terminate_backend")
        error = _failure(Database(billing))
        terminator.join()
    message = str(error)
    assert message.startswith("Lost the connection to PostgreSQL"), message
    assert "an administrator ended the session" in message
    assert error.sqlstate == "57P01" and error.connection_lost


def test_no_free_connection_for_the_role_is_out_of_resources(pg_server, billing, role):
    with pg_server.admin() as admin:
        admin.execute(f"ALTER ROLE {role} CONNECTION LIMIT 0")
    message = str(_failure(_as(role, billing)))
    assert "ran out of free connections (too many connections) on the server" in message, message


def test_a_serialization_failure_is_not_a_lost_connection(pg_server, billing):
    """Two SERIALIZABLE transactions that each read what the other writes: the server refuses
    the second commit with SQLSTATE 40001."""
    dbname = billing.rsplit("/", 1)[1]
    db = Database(billing)
    with pg_server.admin(dbname) as setup:
        setup.execute("CREATE TABLE IF NOT EXISTS ledger (k int, v int)")
        setup.execute("TRUNCATE ledger; INSERT INTO ledger VALUES (1, 0), (2, 0)")
    a, b = psycopg.connect(billing), psycopg.connect(billing)
    try:
        for conn in (a, b):
            conn.isolation_level = psycopg.IsolationLevel.SERIALIZABLE
        a.execute("SELECT sum(v) FROM ledger").fetchone()
        b.execute("SELECT sum(v) FROM ledger").fetchone()
        a.execute("UPDATE ledger SET v = 1 WHERE k = 1")
        b.execute("UPDATE ledger SET v = 1 WHERE k = 2")
        a.commit()
        with pytest.raises(DatabaseError) as caught, db.errors("read"):
            b.commit()
    finally:
        a.close()
        b.close()
    message = str(caught.value)
    assert "could not serialize the transaction" in message, message
    assert caught.value.sqlstate == "40001" and "Lost the connection" not in message


# -- Cancel while connecting -----------------------------------------------------------------


@contextlib.contextmanager
def silent_servers(count: int) -> Iterator[list[int]]:
    """Ports on 127.0.0.1 that accept TCP connections (the kernel completes them) and never
    say a word."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
            sock.listen(16)
        yield [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@pytest.mark.parametrize("hosts", [1, 3])
def test_cancel_while_connecting_to_a_silent_server_takes_effect_at_once(tmp_path, hosts):
    with silent_servers(hosts) as ports:
        where = ",".join(f"127.0.0.1:{port}" for port in ports)
        db = Database(f"postgresql://ann@{where}/billing")
        target = tmp_path / "out.csv"
        for attempt in (
            lambda control: run_export(db, YEAR, target, control=control),
            lambda control: count_rows(db, YEAR, control),
        ):
            control = ExportControl()
            threading.Timer(0.3, control.cancel.set).start()
            started = time.monotonic()
            with pytest.raises(ExportCancelled):
                attempt(control)
            assert time.monotonic() - started < 2
        assert list(tmp_path.iterdir()) == []


# -- Passwords ---------------------------------------------------------------------------------


def test_a_one_letter_password_stars_out_nothing_but_its_place(free_port):
    db = Database(f"postgresql://alice:a@127.0.0.1:{free_port}/billing?connect_timeout=2")
    message = str(_failure(db))
    assert message.startswith("Cannot connect to PostgreSQL billing on 127.0.0.1"), message
    assert "***" not in message


def test_a_bad_url_with_a_one_letter_password_keeps_libpqs_words():
    from billing_desktop.db.url import DatabaseUrl

    with pytest.raises(InvalidInput) as caught:
        DatabaseUrl.parse("postgresql://alice:a@host/db?nosuchoption=1")
    assert str(caught.value) == (
        'Not a valid PostgreSQL URL: invalid URI query parameter: "nosuchoption".'
    )


@pytest.fixture
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- An unknown model ------------------------------------------------------------------------


def _tuples_read(pg_server, dbname: str) -> int:
    with pg_server.admin(dbname) as admin:
        row = admin.execute(
            "SELECT seq_tup_read + coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables"
            " WHERE relname = 'usage_events'"
        ).fetchone()
    return int(row[0])


def test_an_unknown_model_is_looked_for_within_the_range_only(pg_server, billing):
    dbname = billing.rsplit("/", 1)[1]
    before = _tuples_read(pg_server, dbname)
    one_day = ExportParams(date(2026, 1, 2), date(2026, 1, 2), models=("gpt-9",))
    db = Database(billing)
    with pytest.raises(InvalidInput) as caught:
        count_rows(db, one_day)
    db.dispose()
    assert str(caught.value) == (
        "Unknown model: 'gpt-9' (in no event between 2026-01-02 and 2026-01-02)"
    )
    deadline = time.monotonic() + 10  # the backend reports its reads when it ends
    while (read := _tuples_read(pg_server, dbname) - before) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert 0 < read < EVENTS // 2, read  # one day's events of a week's, not the whole table


# -- SQLite -------------------------------------------------------------------------------------


def test_a_sqlite_file_that_went_missing_is_reported_not_created(seeded_sqlite):
    db = Database(seeded_sqlite)
    db.sqlite_path.unlink()
    for read in (
        lambda: count_rows(db, YEAR),
        lambda: load_dashboard(db, EventFilter(date(2026, 1, 1), date(2026, 12, 31))),
    ):
        with pytest.raises(DatabaseError, match=r"SQLite database file .* does not exist"):
            read()
        assert not db.sqlite_path.exists()
    db.dispose()
