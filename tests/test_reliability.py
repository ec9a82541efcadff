"""Reliability and security beyond test_faults/test_cli: bad settings, locked and
misshapen databases, extreme names, empty databases, TLS settings, temporary-file safety."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from bulk import fill
from helpers import as_csv_expected, events_locked, json_rows, read_csv, read_json
from seed import Event, expected_rows, seed_rows
from sqlalchemy.engine import make_url

from billing_desktop import cli, config
from billing_desktop.db.connection import Database
from billing_desktop.db.schema import create_schema
from billing_desktop.errors import DatabaseError, ExportCancelled
from billing_desktop.export import ExportParams, count_rows, run_export
from billing_desktop.export.atomic import _PARTIAL_RE, PARTIAL_SUFFIX
from billing_desktop.export.control import ExportControl
from billing_desktop.export.runner import WriteOptions

YEAR = ExportParams(date(2026, 1, 1), date(2026, 12, 31))
SCOPES = ("all", "by_tenant", "by_model")


# -- settings -----------------------------------------------------------------------------------


def test_corrupt_settings_file_gives_defaults_a_warning_and_a_backup():
    path = config.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"connection": {"kind": "postgresql", "host": "db"', encoding="utf-8")
    settings = config.load_settings()
    assert settings == config.Settings()  # defaults
    assert "damaged" in settings.load_warning and "default settings" in settings.load_warning
    backup = path.with_name(path.name + ".corrupt")
    assert backup.read_text(encoding="utf-8").startswith('{"connection"')
    assert not path.exists()
    # The next save writes a good file; the next start is clean.
    settings.last_folder = "/somewhere"
    config.save_settings(settings)
    again = config.load_settings()
    assert again.last_folder == "/somewhere" and again.load_warning == ""


@pytest.mark.parametrize("content", ["[1, 2]", '"text"', "null", "\x00\xff garbage"])
def test_settings_that_are_not_an_object_are_damaged_too(content):
    path = config.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8", errors="surrogateescape")
    settings = config.load_settings()
    assert settings == config.Settings() and "damaged" in settings.load_warning


def test_unreadable_settings_file_gives_defaults_and_says_why():
    path = config.settings_path()
    path.mkdir(parents=True)  # a folder where the file should be: unreadable even for root
    settings = config.load_settings()
    assert settings == config.Settings()
    assert settings.load_warning.startswith(f"Could not read settings {path}")
    assert "using defaults" in settings.load_warning
    assert path.is_dir()  # left alone: it is not ours to remove
    config.save_settings(settings)  # cannot save there either, but never raises


def test_password_in_a_hand_edited_settings_file_is_dropped():
    path = config.settings_path()
    path.parent.mkdir(parents=True)
    conn = {"kind": "postgresql", "host": "h", "database": "d", "password": "hand-pw"}
    path.write_text(json.dumps({"connection": conn}), encoding="utf-8")
    settings = config.load_settings()
    assert "password" not in settings.connection
    config.save_settings(settings)
    assert "hand-pw" not in path.read_text(encoding="utf-8")


# -- locked, misshapen databases ----------------------------------------------------------------


def test_locked_sqlite_is_a_clear_message_and_exit_1(tmp_path, capsys):
    path = tmp_path / "locked.db"
    db = Database(f"sqlite:///{path}", create=True)
    with db.engine.begin() as conn:
        create_schema(conn)
    db.dispose()
    holder = sqlite3.connect(path, isolation_level=None)  # rollback journal: locks readers out
    holder.execute("BEGIN EXCLUSIVE")
    try:
        target = tmp_path / "out.csv"
        code = cli.main(["export", "--database-url", f"sqlite:///{path}", "--start",
                         "2026-01-01", "--end", "2026-01-31", "-o", str(target), "-q"])  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "database is locked" in err and str(path) in err
    assert "Traceback" not in err and not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(PARTIAL_SUFFIX)] == []


def test_missing_column_is_named(any_url, tmp_path):
    db = Database(any_url, create=True)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT)")
        conn.exec_driver_sql(
            "CREATE TABLE usage_events (id INTEGER PRIMARY KEY, tenant_id INTEGER, model TEXT,"
            " input_tokens INTEGER, output_tokens INTEGER, created_at TIMESTAMP)"
        )
    with pytest.raises(DatabaseError, match=r"table .usage_events. lacks column\(s\) cost_cents"):
        db.check_connection()
    with pytest.raises(DatabaseError, match="cost_cents") as raised:
        run_export(db, YEAR, tmp_path / "x.csv")
    assert "not a billing database" in str(raised.value)
    assert not (tmp_path / "x.csv").exists()
    db.dispose()


# -- edge data ----------------------------------------------------------------------------------

LONG_TENANTS = [
    "T" * 5_000,
    ('Ünïcødé, "quoted"\nline ' * 250)[:5_000],  # every CSV trap, 5,000 characters
    "=" + "x" * 4_999,  # the formula guard on a long name
]
LONG_MODEL = "m-" + "é" * 4_998


def _long_events() -> list[Event]:
    base = datetime(2026, 5, 1, 10, tzinfo=UTC)
    return [
        Event(
            i + 1,
            LONG_TENANTS[i % 3],
            LONG_MODEL if i % 2 else "short",
            10 * i,
            i,
            i - 3,
            base + timedelta(hours=7 * i),
        )
        for i in range(12)
    ]


def _insert(db: Database, names: list[str], events: list[Event]) -> None:
    seed_rows(db, events, names)


@pytest.mark.parametrize("scope", SCOPES)
def test_names_of_thousands_of_characters_are_exported_exactly(any_url, tmp_path, scope):
    events = _long_events()
    db = Database(any_url, create=True)
    _insert(db, LONG_TENANTS, events)
    expected = expected_rows(YEAR.start, YEAR.end, scope, events=events)
    assert any(len(r[1] or r[2]) == 5_000 for r in expected)
    csv_result = run_export(db, ExportParams(YEAR.start, YEAR.end, scope=scope),
                            tmp_path / "long.csv")  # fmt: skip
    assert read_csv(csv_result.path)[1] == as_csv_expected(expected)
    params = ExportParams(YEAR.start, YEAR.end, format="json", scope=scope)
    doc = read_json(run_export(db, params, tmp_path / "long.json").path)
    assert json_rows(doc) == expected
    assert doc["metadata"]["totals"]["costCents"] == sum(r[5] for r in expected)
    # The names work as filters too.
    only = ExportParams(YEAR.start, YEAR.end, scope=scope, tenants=(LONG_TENANTS[1],),
                        models=(LONG_MODEL,))  # fmt: skip
    filtered = expected_rows(YEAR.start, YEAR.end, scope, tenants_=only.tenants,
                             models=only.models, events=events)  # fmt: skip
    assert filtered and count_rows(db, only).rows == len(filtered)
    db.dispose()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_empty_database_in_every_scope(any_url, tmp_path, fmt):
    db = Database(any_url, create=True)
    _insert(db, ["Only Tenant"], [])
    for scope in SCOPES:
        params = ExportParams(YEAR.start, YEAR.end, format=fmt, scope=scope)
        assert count_rows(db, params).rows == 0
        result = run_export(db, params, tmp_path / f"{scope}.{fmt}")
        assert result.rows == 0 and result.totals.cost_cents == 0
        if fmt == "csv":
            header, rows = read_csv(result.path)
            assert header[0] == "date" and rows == []
        else:
            doc = read_json(result.path)
            assert doc["data"] == [] and doc["metadata"]["totalRecords"] == 0
            assert doc["metadata"]["totals"] == {"inputTokens": 0, "outputTokens": 0,
                                                 "costCents": 0}  # fmt: skip
    db.dispose()


HOSTILE_TENANTS = [
    "Robert'); DROP TABLE tenants; --",
    "%",  # LIKE wildcards must match themselves only
    "_",
    "plain",
    ":name %(x)s $1 ? {0}",  # every bind-parameter syntax a driver or SQLAlchemy knows
    "back\\slash \\' quote",
]
HOSTILE_MODELS = ["x' OR '1'='1", "%", "_", "model; DELETE FROM usage_events"]


@pytest.mark.parametrize("scope", SCOPES)
def test_hostile_names_are_data_never_sql(any_url, tmp_path, scope):
    base = datetime(2026, 7, 1, 8, tzinfo=UTC)
    events = [
        Event(
            i + 1,
            HOSTILE_TENANTS[i % 6],
            HOSTILE_MODELS[i % 4],
            i,
            2 * i,
            5 - i,
            base + timedelta(hours=5 * i),
        )
        for i in range(48)
    ]
    db = Database(any_url, create=True)
    _insert(db, HOSTILE_TENANTS, events)
    for tenant in HOSTILE_TENANTS:
        for model in HOSTILE_MODELS:
            params = ExportParams(YEAR.start, YEAR.end, format="json", scope=scope,
                                  tenants=(tenant,), models=(model,))  # fmt: skip
            expected = expected_rows(YEAR.start, YEAR.end, scope, tenants_=(tenant,),
                                     models=(model,), events=events)  # fmt: skip
            doc = read_json(
                run_export(db, params, tmp_path / "h.json", WriteOptions(overwrite=True)).path
            )
            assert json_rows(doc) == expected, (tenant, model)
    from billing_desktop.db.dashboard import load_dashboard
    from billing_desktop.db.sql import EventFilter

    data = load_dashboard(db, EventFilter(YEAR.start, YEAR.end, tenants=("%",), models=("%",)))
    chosen = [e for e in events if e.tenant == "%" and e.model == "%"]
    assert len(chosen) == 4
    assert data.events == len(chosen) and data.cost_cents == sum(e.cost_cents for e in chosen)
    with db.engine.connect() as conn:  # nothing was dropped or deleted
        assert conn.exec_driver_sql("SELECT count(*) FROM usage_events").scalar() == 48
        assert conn.exec_driver_sql("SELECT count(*) FROM tenants").scalar() == 6
    db.dispose()


# -- secrets and TLS ------------------------------------------------------------------------------


def test_sslmode_is_shown_and_never_the_password():
    db = Database("postgresql://alice:Pa55-w0rd@db.example.com:6543/billing?sslmode=require")
    assert db.describe() == "PostgreSQL billing on db.example.com:6543 as alice (sslmode=require)"
    assert "Pa55-w0rd" not in db.describe() and "Pa55-w0rd" not in db.safe_url()
    assert db.safe_url().endswith("?sslmode=require")


@pytest.mark.postgres
def test_sslmode_require_is_honoured(pg_url, tmp_path, capsys):
    """The test server speaks no TLS: with sslmode=require the connection must be refused."""
    db = Database(pg_url, create=True)
    fill(db, 10)
    db.dispose()
    url = (
        make_url(pg_url)
        .set(password="tls-secret-pw", query={"sslmode": "require"})
        .render_as_string(hide_password=False)
    )
    code = cli.main(["export", "--database-url", url, "--start", "2026-01-01",
                     "--end", "2026-01-31", "-o", str(tmp_path / "x.csv")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "SSL" in err and "sslmode=require" in err
    assert "tls-secret-pw" not in err and not (tmp_path / "x.csv").exists()
    # sslmode=disable on the same server works: the setting reaches the driver.
    plain = url.replace("sslmode=require", "sslmode=disable")
    assert cli.main(["export", "--database-url", plain, "--start", "2026-01-01",
                     "--end", "2026-01-31", "-o", str(tmp_path / "x.csv"), "-q"]) == 0  # fmt: skip


# -- temporary files ------------------------------------------------------------------------------


def test_temporary_files_are_random_exclusive_and_never_follow_a_planted_link(tmp_path):
    """An attacker who can write the folder plants links at every name they can predict; the
    export neither writes through them nor leaves its own file anywhere but beside the target."""
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}", create=True)
    fill(db, 1_000)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    pid = os.getpid()
    for name in (f".x.csv.{pid}{PARTIAL_SUFFIX}", f".x.csv.{pid}-{PARTIAL_SUFFIX}",
                 f".x.csv.{pid}-tmp{PARTIAL_SUFFIX}", ".x.csv.tmp", "x.csv.tmp"):  # fmt: skip
        (out / name).symlink_to(victim)
    seen: list[os.stat_result] = []
    names: list[str] = []

    def progress(done, total):
        for p in out.iterdir():
            if p.name.endswith(PARTIAL_SUFFIX) and not p.is_symlink():
                names.append(p.name)
                seen.append(p.lstat())

    for _ in range(2):
        run_export(
            db,
            YEAR,
            out / "x.csv",
            WriteOptions(overwrite=True, batch_rows=20_000),
            ExportControl(progress),
        )
    assert victim.read_text() == "precious"
    distinct = set(names)
    assert len(distinct) == 2, distinct  # one fresh random name per export
    for name in distinct:
        match = _PARTIAL_RE.match(name)
        assert match and int(match.group(1)) == pid
        assert len(name.split("-", 1)[1]) - len(PARTIAL_SUFFIX) >= 8  # a random part
    assert all(s.st_nlink == 1 and (s.st_mode & 0o170000) == 0o100000 for s in seen)
    assert read_csv(out / "x.csv")[1][0][0] == "2026-01-01"
    # The planted links are not stale partials of ours: they are left alone, never followed.
    assert all((out / n).is_symlink() for n in os.listdir(out) if n != "x.csv")
    db.dispose()


@pytest.mark.postgres
def test_a_count_waiting_on_a_lock_stops_at_once_when_cancelled(pg_url):
    """The export dialog cancels a superseded count (and every count when it closes): the
    database query itself must stop, not only the answer be dropped."""
    db = Database(pg_url, create=True)
    fill(db, 10)
    cancel = threading.Event()
    with events_locked(db):
        threading.Timer(0.3, cancel.set).start()
        started = time.monotonic()
        with pytest.raises(ExportCancelled):
            count_rows(db, YEAR, ExportControl(cancel=cancel))
        assert time.monotonic() - started < 3  # the lock is held for 20 s
    assert count_rows(db, YEAR).rows == 10  # and the database is fine afterwards
    db.dispose()
