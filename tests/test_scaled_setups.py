"""The setups a billing database is scaled out with, all real on
127.0.0.1: a hot standby made with pg_basebackup -R, PgBouncer in transaction pooling, a table
partitioned by month, and a libpq multi-host URL whose first host refuses connections."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest
from bulk import fill
from helpers import FIXED_CONTEXT, leftovers, libpq_url
from pgscale import PgBouncer, Standby

from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import list_models, list_tenants, load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import DatabaseError
from billing_desktop.export import ExportParams, count_rows, run_export
from billing_desktop.export.control import ExportControl
from billing_desktop.export.runner import BATCH_ROWS, RECOVERY_ATTEMPTS, WriteOptions

YEAR = ExportParams(date(2026, 1, 1), date(2026, 12, 31))
OLD = b"an older file that must survive\n"
EVENTS = 400_000


def _export(
    url: str,
    target: Path,
    *,
    jobs: int | None,
    batch_rows: int = BATCH_ROWS,
    control: ExportControl | None = None,
) -> bytes:
    db = Database(url)
    options = WriteOptions(overwrite=True, context=FIXED_CONTEXT, jobs=jobs, batch_rows=batch_rows)
    try:
        result = run_export(db, YEAR, target, options, control)
        assert result.rows == result.totals.rows == EVENTS
    finally:
        db.dispose()
    return target.read_bytes()


@pytest.fixture(scope="module")
def billing(pg_server):
    """A database of EVENTS events on the tests' server, with a table the primary churns."""
    url = pg_server.create_database()
    db = Database(url, create=True)
    fill(db, EVENTS)
    db.dispose()
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("CREATE TABLE churn (id int, note text)")
    yield libpq_url(url)
    pg_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def expected(billing, tmp_path_factory):
    """The CSV one connection to the primary writes."""
    return _export(billing, tmp_path_factory.mktemp("primary") / "primary.csv", jobs=1)


# -- a hot standby -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def standby(pg_server, billing):
    replica = Standby(pg_server, hot_standby="on", max_standby_streaming_delay="1s",
                      hot_standby_feedback="off")  # fmt: skip
    replica.catch_up()
    yield replica
    replica.stop()


def _on_standby(standby: Standby, billing: str) -> str:
    return standby.url(billing.rsplit("/", 1)[1])


class Churn:
    """Rows inserted, deleted and vacuumed away on the primary, again and again: the cleanup
    records a standby must replay conflict with its older snapshots."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.stop.is_set():
                conn.execute("INSERT INTO churn SELECT g, 'x' FROM generate_series(1, 2000) g")
                conn.execute("DELETE FROM churn")
                conn.execute("VACUUM churn")
                time.sleep(0.02)

    def end(self) -> None:
        self.stop.set()
        self.thread.join(10)


def _slowly(seconds: float, until: list[str] | None = None):
    """A progress callback of a slow reader (a far network): the query stays open, ~10 s for
    the 200 batches, time for the standby to cancel it. Once `until` holds a notice (the
    export started again), the reader is fast."""

    def progress(done: int, total: int | None) -> None:
        if not until:
            time.sleep(seconds)

    return progress


def test_exports_and_the_dashboard_run_on_the_standby(standby, billing, expected, tmp_path,
                                                      caplog):  # fmt: skip
    caplog.set_level(logging.INFO, "billing_desktop.export")
    url = _on_standby(standby, billing)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    assert _export(url, tmp_path / "one.csv", jobs=1) == expected
    assert _export(url, tmp_path / "four.csv", jobs=4) == expected
    assert any("4 connections sharing" in r.getMessage() for r in caplog.records)
    db = Database(url)
    try:
        flt = EventFilter(date(2026, 1, 1), date(2026, 12, 31), "UTC")
        data = load_dashboard(db, flt)
        assert data.cost_cents == count_rows(db, YEAR).cost_cents
        assert data.events == EVENTS and sum(d.cost_cents for d in data.daily) == data.cost_cents
        assert len(list_tenants(db)) == 20 and len(list_models(db)) == 4
    finally:
        db.dispose()


def test_a_recovery_conflict_restarts_the_export_and_the_file_equals_the_database(
    standby, billing, expected, tmp_path
):
    url = _on_standby(standby, billing)
    notices: list[str] = []
    churn = Churn(billing)

    def notify(message: str) -> None:
        notices.append(message)
        churn.end()  # the primary calms down: a later attempt gets through

    try:
        target = tmp_path / "standby.csv"
        got = _export(
            url,
            target,
            jobs=1,
            batch_rows=2000,
            control=ExportControl(_slowly(0.05, notices), notify),
        )
    finally:
        churn.end()
    assert got == expected
    assert notices and "starting again (attempt 2 of 4)" in notices[0]
    assert "conflict with recovery" in standby.log.read_text()


def test_a_standby_that_stops_conflicting_lets_the_restarted_export_succeed(
    standby, billing, expected, tmp_path
):
    """The primary churns until the standby logs its first conflict, then stops. The standby
    is then still replaying what it had received (made slow here: its replay is paused for a
    few seconds, with changes waiting): started again at once, the export would be cancelled
    again by those changes. It waits for the standby to replay them, and succeeds at once."""
    url = _on_standby(standby, billing)
    logged = standby.log.stat().st_size
    churn = Churn(billing)
    threading.Thread(target=_slow_replay_after_first_conflict, args=(standby, logged, churn),
                     daemon=True).start()  # fmt: skip
    notices: list[str] = []
    try:
        target = tmp_path / "standby.csv"
        got = _export(
            url,
            target,
            jobs=1,
            batch_rows=2000,
            control=ExportControl(_slowly(0.05), notices.append),
        )
    finally:
        churn.end()
    assert got == expected
    assert notices == [
        "The standby cancelled the export to apply changes from the primary; starting again"
        " (attempt 2 of 4)."
    ]


def _slow_replay_after_first_conflict(standby: Standby, logged: int, churn: Churn) -> None:
    """Once the standby logs a conflict (after byte `logged` of its log): replay paused, the
    churn stopped once changes wait to be replayed, replay resumed 3 seconds later."""
    with psycopg.connect(standby.url("postgres"), autocommit=True) as conn:
        while not churn.stop.is_set():
            with standby.log.open("rb") as log:
                log.seek(logged)
                if b"conflict with recovery" in log.read():
                    break
            time.sleep(0.02)
        conn.execute("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + 10
        while (
            time.monotonic() < deadline
            and not conn.execute(
                "SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()"
            ).fetchone()[0]
        ):
            time.sleep(0.02)
        churn.end()
        time.sleep(3)
        conn.execute("SELECT pg_wal_replay_resume()")


def test_conflicts_beyond_three_restarts_end_in_one_sentence_and_nothing(
    standby, billing, tmp_path
):
    url = _on_standby(standby, billing)
    target = tmp_path / "standby.csv"
    target.write_bytes(OLD)
    notices: list[str] = []
    churn = Churn(billing)
    try:
        with pytest.raises(DatabaseError) as failure:
            _export(
                url,
                target,
                jobs=1,
                batch_rows=2000,
                control=ExportControl(_slowly(0.05), notices.append),
            )
    finally:
        churn.end()
    message = str(failure.value)
    assert "hot_standby_feedback" in message and "max_standby_streaming_delay" in message
    assert f"{RECOVERY_ATTEMPTS} times" in message and "\n" not in message
    assert len(notices) == RECOVERY_ATTEMPTS - 1
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


def test_a_split_export_on_the_standby_restarts_too(standby, billing, tmp_path):
    from billing_desktop.export.statements import run_split_export

    def split(url: str, folder: Path, control: ExportControl | None = None) -> dict[str, bytes]:
        db = Database(url)
        try:
            options = WriteOptions(context=FIXED_CONTEXT, batch_rows=2000)
            run_split_export(db, YEAR, folder, options, control)
        finally:
            db.dispose()
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    expected = split(billing, tmp_path / "primary")
    notices: list[str] = []
    churn = Churn(billing)

    def notify(message: str) -> None:
        notices.append(message)
        churn.end()

    try:
        got = split(_on_standby(standby, billing), tmp_path / "standby",
                    ExportControl(_slowly(0.05, notices), notify))  # fmt: skip
    finally:
        churn.end()
    assert got == expected and len(got) == 20
    assert notices and "starting again (attempt 2 of 4)" in notices[0]


# -- PgBouncer in transaction pooling ------------------------------------------------------------


@pytest.fixture(scope="module")
def bouncer(pg_server):
    pool = PgBouncer(pg_server.port, pool_mode="transaction", pool_size=10)
    yield pool
    pool.stop()


def test_pgbouncer_transaction_mode_exports_counts_and_dashboard(bouncer, billing, expected,
                                                                 tmp_path):  # fmt: skip
    url = bouncer.url(billing.rsplit("/", 1)[1])
    assert _export(url, tmp_path / "one.csv", jobs=1) == expected
    assert _export(url, tmp_path / "auto.csv", jobs=None) == expected
    db = Database(url)
    try:
        flt = EventFilter(date(2026, 1, 1), date(2026, 12, 31), "UTC")
        for _ in range(8):  # beyond psycopg's prepare threshold (5), on pooled connections
            data = load_dashboard(db, flt)
            totals = count_rows(db, YEAR)
        assert data.cost_cents == totals.cost_cents and data.events == totals.rows
        assert totals.rows == EVENTS
    finally:
        db.dispose()


def test_a_pool_without_room_for_helpers_falls_back_to_one_connection(
    pg_server, billing, expected, tmp_path, caplog, monkeypatch
):
    """One server connection per pool: the helpers would wait for the export's own
    transaction to end, forever; the export gives up on them and uses its own."""
    from billing_desktop.export.backends import pg_parallel as parallel

    monkeypatch.setattr(parallel, "READY_TIMEOUT_S", 1.0)
    caplog.set_level(logging.INFO, "billing_desktop.export")
    pool = PgBouncer(pg_server.port, pool_mode="transaction", pool_size=1)
    try:
        url = pool.url(billing.rsplit("/", 1)[1])
        assert _export(url, tmp_path / "four.csv", jobs=4) == expected
    finally:
        pool.stop()
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "export on one connection: the snapshot could not be shared" in said


# -- a partitioned table, and a multi-host URL ---------------------------------------------------


@pytest.fixture(scope="module")
def partitioned(pg_server, billing):
    """The same events in a usage_events partitioned by month."""
    url = pg_server.create_database()
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
        conn.execute(
            "CREATE TABLE usage_events (id BIGINT NOT NULL, tenant_id INTEGER NOT NULL"
            " REFERENCES tenants (id), model TEXT NOT NULL, input_tokens INTEGER NOT NULL,"
            " output_tokens INTEGER NOT NULL, cost_cents INTEGER NOT NULL,"
            " created_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (id, created_at))"
            " PARTITION BY RANGE (created_at)"
        )
        for month in range(1, 13):
            nxt = "2027-01-01" if month == 12 else f"2026-{month + 1:02d}-01"
            conn.execute(
                f"CREATE TABLE usage_events_2026_{month:02d} PARTITION OF usage_events"
                f" FOR VALUES FROM ('2026-{month:02d}-01') TO ('{nxt}')"
            )
        conn.execute("CREATE INDEX ON usage_events (created_at)")
        with psycopg.connect(billing) as source:
            for table in ("tenants", "usage_events"):
                with (
                    source.cursor().copy(f"COPY {table} TO STDOUT") as out,
                    conn.cursor().copy(f"COPY {table} FROM STDIN") as into,
                ):
                    for block in out:
                        into.write(block)
        conn.execute("ANALYZE")
    yield libpq_url(url)
    pg_server.drop_database(url.rsplit("/", 1)[1])


def test_a_partitioned_table_exports_the_same_file_and_prunes(partitioned, expected, tmp_path):
    assert _export(partitioned, tmp_path / "one.csv", jobs=1) == expected
    assert _export(partitioned, tmp_path / "four.csv", jobs=4) == expected
    from billing_desktop.export import queries
    from billing_desktop.export.backends import POSTGRESQL

    march = ExportParams(date(2026, 3, 1), date(2026, 3, 31), timezone="Europe/Berlin")
    with psycopg.connect(partitioned) as conn:
        text = queries.event_rows(POSTGRESQL, march).literal().as_string(conn)
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + text))
    # Berlin's March is 28 Feb 23:00 UTC .. 31 Mar 22:00 UTC: February's partition and March's.
    assert "usage_events_2026_03" in plan and "usage_events_2026_02" in plan
    assert "usage_events_2026_04" not in plan and "usage_events_2026_01" not in plan


def test_a_multi_host_url_skips_the_host_that_refuses(pg_server, billing, expected, tmp_path,
                                                      caplog):  # fmt: skip
    """The first host refuses connections; with prefer-standby the primary is taken, and the
    parallel export's helpers reach that same server."""
    import socket

    caplog.set_level(logging.INFO, "billing_desktop.export")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        refused = closed.getsockname()[1]  # bound, never listening: connections are refused
        dbname = billing.rsplit("/", 1)[1]
        url = (
            f"postgresql://postgres@127.0.0.1:{refused},127.0.0.1:{pg_server.port}/{dbname}"
            "?target_session_attrs=prefer-standby&connect_timeout=5"
        )
        assert _export(url, tmp_path / "one.csv", jobs=1) == expected
        assert _export(url, tmp_path / "four.csv", jobs=4) == expected
    assert any("4 connections sharing" in r.getMessage() for r in caplog.records)
