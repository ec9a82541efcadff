"""The command line, run as a user runs it: a real process, real databases."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from clockfix import TODAY
from helpers import as_csv_expected, assert_clean_failure, cli, json_rows, read_csv, read_json
from seed import expected_rows, seed_rows

from billing_desktop import __version__
from billing_desktop.db.connection import Database


def test_version():
    proc = cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == f"billing-desktop {__version__}"


def test_export_csv_with_summary(seeded_sqlite, tmp_path):
    out = tmp_path / "year.csv"
    proc = cli("export", "--database-url", seeded_sqlite, "--start", "2026-01-01",
               "--end", "2026-12-31", "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    expected = expected_rows(date(2026, 1, 1), date(2026, 12, 31))
    assert read_csv(out)[1] == as_csv_expected(expected)
    summary = proc.stderr.decode().strip()
    cost = sum(r[5] for r in expected)
    assert summary.startswith(f"Exported {len(expected):,} rows (")
    assert f"total cost ${cost // 100:,}.{cost % 100:02d}" in summary
    assert proc.stdout == b""


def test_quiet_prints_nothing(seeded_sqlite, tmp_path):
    proc = cli("export", "--database-url", seeded_sqlite, "--start", "2026-01-01",
               "--end", "2026-12-31", "-o", str(tmp_path / "q.csv"), "--quiet")  # fmt: skip
    assert proc.returncode == 0 and proc.stderr == b"" and proc.stdout == b""


def test_every_option(seeded_sqlite, tmp_path):
    out = tmp_path / "x.json"
    proc = cli("export", "--database-url", seeded_sqlite, "--format", "json", "--start",
               "2026-01-01", "--end", "2026-12-31", "--scope", "by_tenant", "--tenant",
               "Acme Corp", "--tenant", "Comma, Inc.", "--model", "claude-sonnet-4-20250514",
               "--timezone", "Europe/Berlin", "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    expected = expected_rows(
        date(2026, 1, 1),
        date(2026, 12, 31),
        "by_tenant",
        "Europe/Berlin",
        ("Acme Corp", "Comma, Inc."),
        ("claude-sonnet-4-20250514",),
    )
    assert json_rows(read_json(out)) == expected
    out2 = tmp_path / "raw.csv"
    proc = cli("export", "--database-url", seeded_sqlite, "--start", "2026-01-01", "--end",
               "2026-12-31", "--bom", "--no-formula-guard", "-o", str(out2))  # fmt: skip
    assert proc.returncode == 0
    assert out2.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_csv(out2)[1] == expected_rows(date(2026, 1, 1), date(2026, 12, 31))


def test_stdout_output(seeded_sqlite):
    proc = cli("export", "--database-url", seeded_sqlite, "--start", "2026-02-10", "--end",
               "2026-02-10", "-o", "-", "--format", "json")  # fmt: skip
    assert proc.returncode == 0
    import json

    doc = json.loads(proc.stdout)
    assert doc["metadata"]["totalRecords"] == len(doc["data"]) == 6


def test_default_file_name_and_force(seeded_sqlite, tmp_path):
    args = ("export", "--database-url", seeded_sqlite, "--start", "2026-01-01", "--end",
            "2026-12-31")  # fmt: skip
    proc = cli(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    name = "billing-export-2026.csv"  # named for the year it holds, not for today
    made = tmp_path / name
    assert made.exists()
    made.write_text("older file")
    proc = cli(*args, cwd=tmp_path)
    assert_clean_failure(proc, 1, "already exists", "--force")
    assert made.read_text() == "older file"
    proc = cli(*args, "--force", cwd=tmp_path)
    assert proc.returncode == 0
    assert made.read_text().startswith("date,")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name, "billing.sqlite3"]


def test_default_range_is_this_month(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'd.db'}"
    assert cli("demo-data", "--database-url", db_url, "--events", "3000").returncode == 0
    out = tmp_path / "m.json"
    assert (
        cli("export", "--database-url", db_url, "--format", "json", "-o", str(out)).returncode == 0
    )
    meta = read_json(out)["metadata"]
    today = TODAY
    assert meta["dateRange"] == {
        "start": today.replace(day=1).isoformat(),
        "end": today.isoformat(),
    }


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["--start", "2026-13-01"], "Invalid start date '2026-13-01'"),
        (["--start", "yesterday"], "Invalid start date 'yesterday'"),
        (["--end", "2026-02-30"], "Invalid end date '2026-02-30'"),
        (["--start", "2026-03-02", "--end", "2026-03-01"], "is before the start date"),
        (["--format", "xml"], "Unknown format 'xml'"),
        (["--granularity", "month"], "needs a grouped scope"),
        (["--scope", "by_tenant", "--granularity", "week"], "Unknown granularity 'week'"),
        (["--delimiter", "|"], "Unknown delimiter '|': choose ',', ';' or tab"),
        (["--scope", "by_day"], "Unknown scope 'by_day'"),
        (["--timezone", "Mars/Olympus"], "Unknown time zone 'Mars/Olympus'"),
        (["--timezone", "../../etc/passwd"], "Unknown time zone"),
        (["--tenant", "Nobody Inc"], "Unknown tenant: 'Nobody Inc'"),
        (["--model", "gpt-9"], "Unknown model: 'gpt-9'"),
        (["--tenant", "x' OR '1'='1"], "Unknown tenant"),
    ],
)
def test_invalid_input_exits_2(seeded_sqlite, tmp_path, args, phrase):
    out = tmp_path / "never.csv"
    proc = cli("export", "--database-url", seeded_sqlite, "-o", str(out), *args)
    assert_clean_failure(proc, 2, phrase)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [Path(seeded_sqlite[10:])]


def test_unknown_option_exits_2():
    proc = cli("export", "--colour", "red")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("url", "code", "phrase"),
    [
        ("mysql://u@h/db", 2, "Unsupported database 'mysql'"),
        ("not a url", 2, "Not a database URL"),
        ("sqlite:///nonexistent/dir/x.db", 1, "does not exist"),
    ],
)
def test_bad_database_urls(url, code, phrase, tmp_path):
    proc = cli("export", "--database-url", url, "-o", str(tmp_path / "x.csv"))
    assert_clean_failure(proc, code, phrase)


def test_unreachable_database_never_prints_password(tmp_path):
    secret = "s3cr3t-P4ss"
    proc = cli("export", "--database-url", f"postgresql://admin:{secret}@127.0.0.1:1/billing",
               "-o", str(tmp_path / "x.csv"))  # fmt: skip
    assert_clean_failure(proc, 1, "127.0.0.1:1")
    assert secret not in proc.stderr.decode() + proc.stdout.decode()
    assert not list(tmp_path.iterdir())


@pytest.mark.postgres
def test_wrong_password_and_select_only_role(pg_server, pg_url, tmp_path):
    db = Database(pg_url, create=True)
    seed_rows(db)
    db.dispose()
    with pg_server.admin(pg_url.rsplit("/", 1)[1]) as conn:
        conn.execute("CREATE ROLE clerk LOGIN PASSWORD 'right-one' IN ROLE password_login")
        conn.execute("GRANT SELECT ON tenants, usage_events TO clerk")
    args = ("--start", "2026-01-01", "--end", "2026-12-31")
    bad = pg_url.replace("postgres@", "clerk:wrong-one@")
    proc = cli("export", "--database-url", bad, "-o", str(tmp_path / "x.csv"), *args)
    assert_clean_failure(proc, 1, "password authentication failed")
    assert "wrong-one" not in proc.stderr.decode()
    assert not list(tmp_path.iterdir())
    # A role with nothing but SELECT exports everything, every scope.
    good = pg_url.replace("postgres@", "clerk:right-one@")
    for scope in ("all", "by_tenant"):
        out = tmp_path / f"{scope}.csv"
        proc = cli("export", "--database-url", good, "--scope", scope, "-o", str(out), *args)
        assert proc.returncode == 0, proc.stderr
        assert "right-one" not in proc.stderr.decode()
        rows = read_csv(out)[1]
        assert rows == as_csv_expected(expected_rows(date(2026, 1, 1), date(2026, 12, 31), scope))


def test_database_url_order(seeded_sqlite, tmp_path):
    """--database-url beats BILLING_DATABASE_URL beats the embedded default."""
    other = tmp_path / "other.db"
    env = {"BILLING_DATABASE_URL": f"sqlite:///{other}"}
    args = ("export", "--start", "2026-02-10", "--end", "2026-02-10", "-o", "-", "--quiet")
    proc = cli(*args, env=env)
    assert_clean_failure(proc, 1, "other.db does not exist")
    proc = cli(*args, "--database-url", seeded_sqlite, env=env)
    assert proc.returncode == 0 and proc.stdout.count(b"\n") == 7


def test_embedded_demo_database_is_created_on_first_use(tmp_path, user_dirs):
    proc = cli("export", "--format", "json", "-o", str(tmp_path / "demo.json"), "--start",
               "2000-01-01", "--end", TODAY.isoformat())  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    doc = read_json(tmp_path / "demo.json")
    assert doc["metadata"]["totalRecords"] > 10_000
    tenants = {d["tenantName"] for d in doc["data"]}
    models = {d["modelUsed"] for d in doc["data"]}
    assert len(tenants) >= 24 and {"claude-sonnet-4-20250514", "gpt-4o-2024-08-06"} <= models
    assert any(m.startswith("gemini") for m in models)
    assert (user_dirs / "data" / "billing-desktop" / "demo-billing.sqlite3").exists()


def test_demo_data_is_deterministic(tmp_path):
    outs = []
    for name in ("a", "b"):
        url = f"sqlite:///{tmp_path / name}.db"
        proc = cli("demo-data", "--database-url", url, "--events", "5000", "--seed", "7")
        assert proc.returncode == 0, proc.stderr
        assert "Added 5,000 demo events" in proc.stderr.decode()
        out = tmp_path / f"{name}.csv"
        cli("export", "--database-url", url, "--start", "2000-01-01", "-o", str(out), "--quiet")
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0].count(b"\n") == 5001
    proc = cli("demo-data", "--database-url", f"sqlite:///{tmp_path / 'a'}.db", "--events", "-3")
    assert proc.returncode == 2


@pytest.mark.postgres
def test_demo_data_on_postgresql_matches_sqlite(pg_url, tmp_path):
    sqlite_url = f"sqlite:///{tmp_path / 's.db'}"
    for url in (pg_url, sqlite_url):
        assert cli("demo-data", "--database-url", url, "--events", "4000").returncode == 0
    files = []
    for i, url in enumerate((pg_url, sqlite_url)):
        out = tmp_path / f"{i}.csv"
        proc = cli("export", "--database-url", url, "--start", "2000-01-01", "--scope",
                   "by_model", "-o", str(out), "--quiet")  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        files.append(out.read_bytes())
    assert files[0] == files[1]


def test_progress_bar_on_a_terminal(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    assert cli("demo-data", "--database-url", url, "--events", "60000").returncode == 0
    pid, fd = pty.fork()
    if pid == 0:  # child: stderr is the terminal
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "billing_desktop",
                "export",
                "--database-url",
                url,
                "--start",
                "2000-01-01",
                "-o",
                str(tmp_path / "p.csv"),
            ],
        )
    output = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"rows/s" in output and b"%" in output and b"Exported 60,000 rows" in output
    # The first thing on the terminal says the export is under way, before any total is known.
    assert output.index(b"Reading totals") < output.index(b"rows/s")


def test_no_display_gives_a_clear_message():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    proc = subprocess.run([sys.executable, "-m", "billing_desktop"], capture_output=True,
                          env=env, timeout=60)  # fmt: skip
    assert_clean_failure(proc, 1, "No display", "billing-desktop export")


def test_cli_export_imports_only_what_it_needs(seeded_sqlite, tmp_path):
    """No Qt, and none of the imports that would slow every command down: SQLAlchemy,
    psycopg for a SQLite file, importlib.metadata for a CSV, multiprocessing (only verify
    reads a big file on a second process)."""
    code = (
        "import sys; from billing_desktop.cli import main; "
        f"rc = main(['export', '--database-url', {seeded_sqlite!r}, '-o', "
        f"{str(tmp_path / 'n.csv')!r}, '--quiet', '--start', '2026-01-01']); "
        "heavy = ('PySide6', 'sqlalchemy', 'psycopg', 'importlib.metadata', 'multiprocessing'); "
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)})); "
        "sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().strip() == "[]"
    assert (tmp_path / "n.csv").read_bytes().startswith(b"date,tenant_name,")
