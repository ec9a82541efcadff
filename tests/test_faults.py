"""Faults during an export: the target is never half-written and nothing is left behind."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from bulk import fill
from helpers import leftovers

from billing_desktop.db.connection import Database
from billing_desktop.errors import DatabaseError, ExportCancelled, OutputError
from billing_desktop.export import ExportParams, count_rows, run_export
from billing_desktop.export.atomic import HOST_TAG, PARTIAL_SUFFIX
from billing_desktop.export.control import ExportControl
from billing_desktop.export.runner import WriteOptions
from billing_desktop.export.snapshot import open_snapshot
from billing_desktop.export.statements import run_split_export

YEAR = ExportParams(date(2026, 1, 1), date(2026, 12, 31))
OLD = b"an older file that must survive\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def big(request, tmp_path):
    """A database with 400,000 events on each backend (about a second to export)."""
    url = (
        f"sqlite:///{tmp_path / 'big.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    db = Database(url, create=True)
    fill(db, 400_000)
    yield db
    db.dispose()


def kill_export_connections(pg_server) -> None:
    """End the app's server sessions from outside, as a restarted pooler or an admin would."""
    with pg_server.admin() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'billing-desktop' AND pid <> pg_backend_pid()"
        )


def test_cancel_stops_fast_and_keeps_the_old_file(big, tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def progress(done, total):
        if done >= 40_000 and not cancel.is_set():
            cancelled_at.append(time.monotonic())
            cancel.set()

    with pytest.raises(ExportCancelled):
        run_export(
            big, YEAR, target, WriteOptions(overwrite=True), ExportControl(progress, cancel=cancel)
        )
    assert time.monotonic() - cancelled_at[0] < 1.0
    assert target.read_bytes() == OLD
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("scope", ["by_tenant", "by_model"])
def test_cancel_interrupts_a_long_query(big, tmp_path, scope):
    """Cancel during the aggregation itself (before any row arrives) stops the query."""
    cancel = threading.Event()
    timer = threading.Timer(0.05, cancel.set)
    params = ExportParams(date(2026, 1, 1), date(2026, 12, 31), scope=scope,
                          timezone="Europe/Berlin")  # fmt: skip
    timer.start()
    started = time.monotonic()
    try:
        run_export(big, params, tmp_path / "agg.csv", control=ExportControl(cancel=cancel))
    except ExportCancelled:
        assert time.monotonic() - started < 1.5
    else:  # finished before the timer fired: nothing to prove on this machine
        assert cancel.is_set() or (tmp_path / "agg.csv").exists()
    finally:
        timer.cancel()
    assert leftovers(tmp_path) == []
    # The connection pool is still usable afterwards.
    assert count_rows(big, ExportParams(date(2026, 1, 1), date(2026, 1, 1))).rows > 0


@pytest.mark.postgres
def test_connection_killed_mid_export(pg_server, tmp_path):
    url = pg_server.create_database()
    db = Database(url, create=True)
    fill(db, 300_000)
    target = tmp_path / "out.json"
    target.write_bytes(OLD)
    killed = []

    def progress(done, total):
        if done and not killed:
            kill_export_connections(pg_server)
            killed.append(done)

    params = ExportParams(date(2026, 1, 1), date(2026, 12, 31), format="json")
    with pytest.raises(DatabaseError, match="Lost the connection"):
        run_export(
            db,
            params,
            target,
            WriteOptions(overwrite=True, batch_rows=5000),
            ExportControl(progress),
        )
    assert killed and target.read_bytes() == OLD and leftovers(tmp_path) == []
    # The app goes on: the next export on the same Database works.
    result = run_export(db, ExportParams(date(2026, 1, 1), date(2026, 1, 2)), tmp_path / "n.csv")
    assert result.rows == 2 * 24 * 240 - 1  # events every 15 s from 00:00:15
    db.dispose()


@pytest.mark.postgres
def test_server_restart_mid_export(tmp_path):
    from pgserver import PostgresServer

    server = PostgresServer()  # its own cluster: restarting the shared one would hurt others
    try:
        db = Database(server.create_database(), create=True)
        fill(db, 200_000)
        target = tmp_path / "out.csv"
        target.write_bytes(OLD)
        restarter: list[threading.Thread] = []

        def progress(done, total):
            if done and not restarter:
                # In the background: the server's shutdown waits for our backend, which waits
                # for us to read what it sends.
                restarter.append(threading.Thread(target=server.restart))
                restarter[0].start()

        # One connection, paced by its batches: the restart lands mid-export. (A parallel
        # export spools its slices faster than pg_ctl restarts; test_parallel_export.py kills
        # one of its backends instead.)
        with pytest.raises(DatabaseError, match="Lost the connection"):
            options = WriteOptions(overwrite=True, jobs=1, batch_rows=5000)
            run_export(db, YEAR, target, options, ExportControl(progress))
        restarter[0].join()
        assert target.read_bytes() == OLD and leftovers(tmp_path) == []
        assert run_export(db, YEAR, target, WriteOptions(overwrite=True)).rows == 200_000
        db.dispose()
    finally:
        server.stop()


def test_events_written_during_export_do_not_leak_in(big, tmp_path):
    """The announced totals equal the rows written even while new events arrive."""
    before = count_rows(big, YEAR)
    writer = Database(big.url, create=True)  # writes: opened read-write
    inserted = []

    def progress(done, total):
        if done and not inserted:
            with writer.engine.begin() as conn:
                conn.exec_driver_sql(
                    "INSERT INTO usage_events (tenant_id, model, input_tokens, output_tokens, "
                    "cost_cents, created_at) VALUES (1, 'model-1', 5, 5, 999, "
                    "'2026-02-01 10:00:00')"
                )
            inserted.append(done)

    params = ExportParams(date(2026, 1, 1), date(2026, 12, 31), format="json")
    result = run_export(
        big,
        params,
        tmp_path / "snap.json",
        WriteOptions(batch_rows=20_000),
        ExportControl(progress),
    )
    import json

    doc = json.loads((tmp_path / "snap.json").read_text())
    assert inserted
    assert doc["metadata"]["totalRecords"] == len(doc["data"]) == before.rows == result.rows
    assert doc["metadata"]["totals"]["costCents"] == sum(d["costCents"] for d in doc["data"])
    assert doc["metadata"]["totals"]["costCents"] == before.cost_cents
    assert count_rows(big, YEAR).rows == before.rows + 1  # the new event is there now
    writer.dispose()


@pytest.mark.postgres
def test_export_transaction_is_repeatable_read_and_read_only(pg_url):
    db = Database(pg_url, create=True)
    fill(db, 10)
    with open_snapshot(db) as snap:
        from billing_desktop.db.sql import Sql

        rows = snap.all(Sql("SELECT current_setting('transaction_isolation'),"
                            " current_setting('transaction_read_only')"))  # fmt: skip
        assert rows == [("repeatable read", "on")]
    db.dispose()


def test_sqlite_export_connection_cannot_write(sqlite_url):
    import sqlite3

    db = Database(sqlite_url, create=True)
    fill(db, 10)
    conn = db.sqlite_snapshot_connection()
    with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
        conn.execute("DELETE FROM usage_events")
    conn.close()
    db.dispose()


def _export_in_child(url: str, target: Path, *extra: str, fsize: int | None = None):
    def limit():
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.Popen(
        [sys.executable, "-m", "billing_desktop", "export", "--database-url", url,
         "--start", "2026-01-01", "--end", "2026-12-31", "-o", str(target), "--force", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit,
    )  # fmt: skip


def test_full_disk(big, tmp_path):
    target = tmp_path / "full.csv"
    target.write_bytes(OLD)
    proc = _export_in_child(str(big.url.render(hide_password=False)), target, fsize=2_000_000)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert b"disk is full" in err and b"Traceback" not in err
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


def test_ctrl_c_exits_130_and_leaves_nothing(big, tmp_path):
    target = tmp_path / "int.csv"
    target.write_bytes(OLD)
    url = big.url.render(hide_password=False)
    # Interrupted while it writes: XLSX is the slowest format (seconds for this table), and
    # the signal goes once its temporary file exists, not after a guessed delay (which a
    # faster export outran: the test used to skip itself then).
    proc = _export_in_child(url, target, "--format", "xlsx", "--timezone", "Europe/Berlin")
    deadline = time.monotonic() + 30
    while not leftovers(tmp_path) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Interrupted" in err and b"Traceback" not in err
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


def test_sigkill_leftover_is_cleaned_by_the_next_export(big, tmp_path):
    target = tmp_path / "killed.csv"
    proc = _export_in_child(big.url.render(hide_password=False), target, "--format", "json")
    deadline = time.monotonic() + 30
    while not leftovers(tmp_path) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.kill()
    proc.communicate()
    if not leftovers(tmp_path):
        pytest.skip("the export finished before it could be killed")
    assert not target.exists()
    run_export(big, ExportParams(date(2026, 1, 1), date(2026, 1, 1)), tmp_path / "next.csv")
    assert leftovers(tmp_path) == []


def test_stale_partial_of_a_live_process_is_kept(tmp_path, sqlite_url):
    db = Database(sqlite_url, create=True)
    fill(db, 10)
    live = tmp_path / f".x.csv.{os.getppid()}~{HOST_TAG}-abc{PARTIAL_SUFFIX}"
    dead = tmp_path / f".x.csv.999999999~{HOST_TAG}-abc{PARTIAL_SUFFIX}"
    live.write_text("busy")
    dead.write_text("stale")
    run_export(db, YEAR, tmp_path / "y.csv")
    assert live.exists() and not dead.exists()
    db.dispose()


@pytest.mark.parametrize(
    ("make_target", "phrase"),
    [
        (lambda d: d / "missing" / "x.csv", "does not exist"),
        (lambda d: d, "is a folder"),
        (lambda d: d / "ro" / "x.csv", "Permission denied"),
    ],
)
def test_unwritable_targets(sqlite_url, tmp_path, make_target, phrase):
    db = Database(sqlite_url, create=True)
    fill(db, 10)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    target = make_target(tmp_path)
    if phrase == "Permission denied" and os.geteuid() == 0:
        # root ignores permissions; a file where the folder should be fails the same way
        target = tmp_path / "y.csv" / "x.csv"
        (tmp_path / "y.csv").write_text("a file")
        phrase = "is not a folder"
    with pytest.raises(OutputError, match=phrase):
        run_export(db, YEAR, target, WriteOptions(overwrite=True))
    ro.chmod(0o700)
    db.dispose()


def test_existing_file_without_overwrite(sqlite_url, tmp_path):
    db = Database(sqlite_url, create=True)
    fill(db, 10)
    target = tmp_path / "x.csv"
    target.write_bytes(OLD)
    with pytest.raises(OutputError, match="already exists"):
        run_export(db, YEAR, target)
    assert target.read_bytes() == OLD
    db.dispose()


def test_two_exports_racing_for_one_file(big, tmp_path):
    target = tmp_path / "race.csv"
    results, errors = [], []

    def one():
        try:
            results.append(run_export(big, YEAR, target))
        except OutputError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 1 and len(errors) == 1 and "already exists" in errors[0]
    assert target.read_bytes().count(b"\n") == results[0].rows + 1
    assert leftovers(tmp_path) == []


def test_missing_tables_are_named(any_url, tmp_path):
    db = Database(any_url, create=True)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(DatabaseError, match="usage_events"):
        run_export(db, YEAR, tmp_path / "x.csv")
    with pytest.raises(DatabaseError, match="table 'usage_events' is missing"):
        db.check_connection()
    assert not (tmp_path / "x.csv").exists()
    db.dispose()


def test_corrupted_sqlite_file(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="not a database"):
        run_export(Database(f"sqlite:///{bad}"), YEAR, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


# -- XLSX and statements: the same guarantees ------------------------------------------------------


def test_full_disk_during_an_xlsx_export(big, tmp_path):
    target = tmp_path / "full.xlsx"
    target.write_bytes(OLD)
    url = str(big.url.render(hide_password=False))
    proc = _export_in_child(url, target, "--format", "xlsx", fsize=2_000_000)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 1, err
    assert b"disk is full" in err and b"Traceback" not in err
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []


@pytest.mark.postgres
def test_full_disk_during_a_split_keeps_the_older_folder(pg_url, tmp_path):
    """PostgreSQL only: the file size limit that stands in for a full disk would also stop
    SQLite's own temporary files (its GROUP BY sorts spill to disk), a different fault."""
    big = Database(pg_url, create=True)
    fill(big, 400_000)
    place = tmp_path / "exports"
    older = place / "statements"
    older.mkdir(parents=True)
    (older / "keep.csv").write_bytes(OLD)
    url = str(big.url.render(hide_password=False))
    # A tenant's JSON holds 20,000 rows (about 2.6 MB): the first file hits the limit.
    proc = _export_in_child(url, older, "--split-by", "tenant", "--format", "json", fsize=2_000_000)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 1, err
    assert b"disk is full" in err and b"Traceback" not in err
    assert os.listdir(place) == ["statements"] and os.listdir(older) == ["keep.csv"]
    big.dispose()


@pytest.mark.parametrize("split", [False, True])
def test_cancel_during_an_xlsx_export_or_split_leaves_nothing(big, tmp_path, split, monkeypatch):
    import tempfile

    place = tmp_path / "exports"
    place.mkdir()
    scratch = tmp_path / "tmp"  # where XlsxWriter keeps its sheets until the end
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    cancel = threading.Event()

    def progress(done, total):
        if done >= 40_000:
            cancel.set()

    params = ExportParams(date(2026, 1, 1), date(2026, 12, 31), format="xlsx")
    with pytest.raises(ExportCancelled):
        if split:
            run_split_export(
                big, params, place / "out", control=ExportControl(progress, cancel=cancel)
            )
        else:
            run_export(
                big, params, place / "out.xlsx", control=ExportControl(progress, cancel=cancel)
            )
    assert os.listdir(place) == [] and os.listdir(scratch) == []


@pytest.mark.postgres
@pytest.mark.parametrize("split", [False, True])
def test_connection_lost_during_an_xlsx_export_or_split(pg_server, tmp_path, split):
    url = pg_server.create_database()
    db = Database(url, create=True)
    fill(db, 200_000)
    place = tmp_path / "exports"
    place.mkdir()
    killed = []

    def progress(done, total):
        if done and not killed:
            kill_export_connections(pg_server)
            killed.append(done)

    params = ExportParams(date(2026, 1, 1), date(2026, 12, 31), format="xlsx")
    with pytest.raises(DatabaseError, match="Lost the connection"):
        if split:
            run_split_export(
                db, params, place / "out", WriteOptions(batch_rows=5000), ExportControl(progress)
            )
        else:
            run_export(
                db,
                params,
                place / "out.xlsx",
                WriteOptions(batch_rows=5000),
                ExportControl(progress),
            )
    assert killed and os.listdir(place) == []
    db.dispose()
