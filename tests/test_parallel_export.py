"""The parallel export on PostgreSQL (`--jobs`): several connections in one
snapshot write exactly the file one connection writes, or the export falls back to one
connection and says why; a fault in any slice leaves nothing."""

from __future__ import annotations

import logging
import random
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from bulk import fill
from helpers import FIXED_CONTEXT, leftovers, libpq_url
from seed import seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.errors import DatabaseError, ExportCancelled
from billing_desktop.export import ExportParams, run_export
from billing_desktop.export.control import ExportControl
from billing_desktop.export.runner import WriteOptions

YEAR = dict(start=date(2026, 1, 1), end=date(2026, 12, 31))
OLD = b"an older file that must survive\n"
EVENTS = 6000
# Clusters of events at one instant, placed over the quartiles of the year's events: the
# slices' edges (sampled quartiles) fall on them, and every event of a cluster must land in
# one slice, ordered by id.
CLUSTERS = {1500: 700, 3000: 700, 4500: 700}


@pytest.fixture
def edgy(pg_url):
    """The seed's tricky names, plus EVENTS events whose ids run against their time order,
    with CLUSTERS at one instant each."""
    db = Database(pg_url, create=True)
    seed_rows(db)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    instants = [start + timedelta(minutes=83 * i, microseconds=i) for i in range(EVENTS)]
    for first, count in CLUSTERS.items():
        instants[first - count // 2 : first + count // 2] = [instants[first]] * (count // 2 * 2)
    ids = list(range(10_000, 10_000 + EVENTS))
    random.Random(14).shuffle(ids)
    with psycopg.connect(libpq_url(pg_url)) as conn:
        tenants = [r[0] for r in conn.execute("SELECT id FROM tenants ORDER BY id")]
        models = [r[0] for r in conn.execute("SELECT DISTINCT model FROM usage_events")]
        with conn.cursor().copy(
            "COPY usage_events (id, tenant_id, model, input_tokens, output_tokens,"
            " cost_cents, created_at) FROM STDIN"
        ) as copy:
            for n, (event_id, at) in enumerate(zip(ids, instants, strict=True)):
                copy.write_row((event_id, tenants[n % len(tenants)], models[n % len(models)],
                                n * 7 % 5000, n % 900, n % 311 - 20, at))  # fmt: skip
        conn.execute("ANALYZE")
    yield db
    db.dispose()


def _export(db: Database, tmp_path: Path, name: str, jobs: int | None, **params) -> bytes:
    target = tmp_path / name
    result = run_export(
        db, ExportParams(**(YEAR | params)), target, WriteOptions(context=FIXED_CONTEXT, jobs=jobs)
    )
    assert result.rows == result.totals.rows
    return target.read_bytes()


def _cells(xlsx: bytes) -> list[list[tuple]]:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def _clusters_at_edges(caplog) -> bool:
    lines = [r.getMessage() for r in caplog.records if "connections sharing" in r.getMessage()]
    assert lines, "the export did not run in parallel"
    edges = lines[-1].split("slices from ", 1)[1].split(", ")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    cluster_times = {
        (start + timedelta(minutes=83 * i, microseconds=i)).isoformat() for i in CLUSTERS
    }
    return bool(cluster_times & set(edges))


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "xlsx"])
@pytest.mark.parametrize("scope", ["all", "by_tenant", "by_model", "by_tenant_model"])
def test_jobs_4_is_byte_identical_to_jobs_1(edgy, tmp_path, caplog, fmt, scope):
    caplog.set_level(logging.INFO, "billing_desktop.export")
    one = _export(edgy, tmp_path, f"one.{fmt}", 1, format=fmt, scope=scope)
    four = _export(edgy, tmp_path, f"four.{fmt}", 4, format=fmt, scope=scope)
    if fmt == "xlsx":  # the zip's entries carry the time they were written: compare cells
        assert _cells(four) == _cells(one)
    else:
        assert four == one
    if scope == "all" and fmt != "xlsx":  # the formats the server writes run in parallel
        assert _clusters_at_edges(caplog)


@pytest.mark.parametrize(
    "options",
    [
        dict(timezone="Europe/Berlin"),
        dict(timezone="America/New_York", delimiter=";", bom=True),
        dict(tenants=("Acme Corp", '=HYPERLINK("http://evil")', "Line\nBreak GmbH")),
        dict(models=("=cmd|' /C calc'!A0",), formula_guard=False),
        dict(start=date(2026, 3, 1), end=date(2026, 3, 1)),  # one day: one slice or none
    ],
)
def test_parallel_csv_with_filters_equals_one_connection(edgy, tmp_path, options):
    one = _export(edgy, tmp_path, "one.csv", 1, **options)
    assert _export(edgy, tmp_path, "four.csv", 4, **options) == one
    assert _export(edgy, tmp_path, "auto.csv", None, **options) == one


def test_json_slices_after_empty_ones_start_without_a_comma(edgy, tmp_path, caplog):
    """Only the last slice holds rows of this tenant: its spool's leading comma must go."""
    caplog.set_level(logging.INFO, "billing_desktop.export")
    with psycopg.connect(libpq_url(edgy.url.render(hide_password=False))) as conn:
        conn.execute("INSERT INTO tenants (id, name) VALUES (999, 'Late Ltd')")
        conn.execute(
            "INSERT INTO usage_events (id, tenant_id, model, input_tokens, output_tokens,"
            " cost_cents, created_at) VALUES (90001, 999, 'm', 1, 2, 3, '2026-12-30 10:00+00'),"
            " (90002, 999, 'm', 4, 5, 6, '2026-12-30 10:00+00')"
        )
    params = dict(format="json", tenants=("Late Ltd",))
    one = _export(edgy, tmp_path, "one.json", 1, **params)
    assert _export(edgy, tmp_path, "four.json", 4, **params) == one
    assert b'"data": [\n    {"date":"2026-12-30"' in one
    # The sample sees this tenant's two events only: the first slice ends where they start.
    said = [r.getMessage() for r in caplog.records]
    assert any(m.endswith("slices from 2026-12-30T10:00:00+00:00") for m in said), said


def test_a_role_without_free_connections_falls_back_and_says_why(edgy, pg_server, tmp_path,
                                                                 caplog):  # fmt: skip
    caplog.set_level(logging.INFO, "billing_desktop.export")
    dbname = edgy.url.database
    with pg_server.admin(dbname) as admin:
        admin.execute("CREATE ROLE lonely LOGIN CONNECTION LIMIT 1")
        admin.execute("GRANT SELECT ON tenants, usage_events TO lonely")
    one = _export(edgy, tmp_path, "one.csv", 1)
    lonely = Database(f"postgresql://lonely@127.0.0.1:{pg_server.port}/{dbname}")
    try:
        assert _export(lonely, tmp_path, "lonely.csv", 4) == one
    finally:
        lonely.dispose()
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "--jobs 4: only 0 more connection(s) free" in said
    assert "connections sharing" not in said


# -- faults in a parallel export ---------------------------------------------------------------


@pytest.fixture
def big(pg_url):
    db = Database(pg_url, create=True)
    fill(db, 400_000)
    yield db
    db.dispose()


def test_cancel_ends_every_slice_and_keeps_the_old_file(big, tmp_path, pg_server):
    target = tmp_path / "out.csv"
    target.write_bytes(OLD)
    cancel = threading.Event()

    def progress(done, total):
        if done > 0 and total:
            cancel.set()

    with pytest.raises(ExportCancelled):
        options = WriteOptions(overwrite=True, jobs=4)
        run_export(
            big, ExportParams(**YEAR), target, options, ExportControl(progress, cancel=cancel)
        )
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []
    assert _export_sessions(pg_server) == 0


def test_a_killed_slice_fails_the_export_and_leaves_nothing(big, tmp_path, pg_server):
    target = tmp_path / "out.json"
    target.write_bytes(OLD)
    killed: list[int] = []

    def progress(done, total):
        if done > 0 and not killed:
            with pg_server.admin() as admin:
                killed.extend(r[0] for r in admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE application_name = 'billing-desktop' AND query LIKE 'COPY%'"
                    " AND state = 'active'"  # still sending rows, not one whose COPY is done
                    " ORDER BY backend_start DESC LIMIT 1"
                ))  # fmt: skip

    with pytest.raises(DatabaseError, match="Lost the connection"):
        options = WriteOptions(overwrite=True, jobs=4)
        run_export(
            big, ExportParams(**YEAR, format="json"), target, options, ExportControl(progress)
        )
    assert killed == [True]
    assert target.read_bytes() == OLD and leftovers(tmp_path) == []
    assert _export_sessions(pg_server) == 0


def _export_sessions(pg_server) -> int:
    """The app's sessions still reading on the server (the fixture's pooled connection
    idles), once they had a moment to go."""
    import time

    deadline = time.monotonic() + 5
    while True:
        with pg_server.admin() as admin:
            left = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'billing-desktop'"
                " AND state <> 'idle'"
            ).fetchone()[0]
        if left == 0 or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def test_the_command_line_takes_jobs(edgy, tmp_path):
    from helpers import cli

    url = edgy.url.render(hide_password=False)
    base = ("export", "--database-url", url, "--start", "2026-01-01", "--end", "2026-12-31")
    for jobs in ("1", "4", "auto"):
        proc = cli(*base, "-o", str(tmp_path / f"j{jobs}.csv"), "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
    one = (tmp_path / "j1.csv").read_bytes()
    assert (tmp_path / "j4.csv").read_bytes() == one == (tmp_path / "jauto.csv").read_bytes()
    for wrong in ("0", "17", "many"):
        proc = cli(*base, "-o", str(tmp_path / "x.csv"), "--jobs", wrong)
        err = proc.stderr.decode()
        assert proc.returncode == 2 and "Traceback" not in err, err
        assert err.count("\n") == 1 and "argument --jobs:" in err, err
    assert not (tmp_path / "x.csv").exists()


def test_dates_do_not_follow_the_clients_or_servers_date_style(edgy, tmp_path, monkeypatch,
                                                               pg_server):  # fmt: skip
    one = _export(edgy, tmp_path, "iso.csv", 4, timezone="Asia/Kathmandu")
    monkeypatch.setenv("PGDATESTYLE", "German, DMY")
    assert _export(edgy, tmp_path, "german.csv", 4, timezone="Asia/Kathmandu") == one
    with pg_server.admin() as admin:
        admin.execute(f"ALTER DATABASE \"{edgy.url.database}\" SET DateStyle = 'SQL, DMY'")
    assert _export(edgy, tmp_path, "sql.csv", 1, timezone="Asia/Kathmandu") == one
    assert one.splitlines()[1].startswith(b"2026-01-01,")


def test_a_full_disk_in_a_slice_fails_cleanly_and_keeps_the_old_file(big, tmp_path):
    """The file size limit stands in for a full disk: a slice's spool or the file itself hits
    it; either way one sentence, the older file intact, no spool or temporary file left."""
    import resource
    import subprocess
    import sys

    target = tmp_path / "full.csv"
    target.write_bytes(OLD)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (3_000_000, 3_000_000))

    proc = subprocess.run(
        [sys.executable, "-m", "billing_desktop", "export", "--database-url",
         big.url.render(hide_password=False), "--start", "2026-01-01", "--end", "2026-12-31",
         "-o", str(target), "--force", "--jobs", "4"],
        capture_output=True, preexec_fn=limit, timeout=120,
    )  # fmt: skip
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "disk is full" in err and "Traceback" not in err
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.csv"]
