"""Reproducible, auditable exports from the command line: periods, presets, the
manifest, `verify`, and a history record for every outcome. Real processes, real SQLite files
and the suite's PostgreSQL; the clock is the suite's fixed one (BILLING_DESKTOP_NOW,
2026-11-20), so "last month" is October 2026 on any day the suite runs.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date

import pytest
from helpers import as_csv_expected, assert_clean_failure, cli, events_locked, read_csv
from seed import expected_rows, seed_rows

from billing_desktop import config
from billing_desktop.db.connection import Database
from billing_desktop.export.manifest import manifest_path
from billing_desktop.history import History
from billing_desktop.presets import PresetStore
from billing_desktop.verify import file_digest

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def history_json() -> list[dict]:
    proc = cli("history", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_period_last_month_is_october_on_the_fixed_clock(seeded_sqlite, tmp_path):
    out = tmp_path / "october.csv"
    proc = cli("export", "--database-url", seeded_sqlite, "--period", "last-month",
               "--timezone", "Europe/Berlin", "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    want = expected_rows(*OCTOBER, "all", "Europe/Berlin")
    assert want and read_csv(out)[1] == as_csv_expected(want)


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (("--period", "last-month", "--start", "2026-01-01"), "--period cannot be combined"),
        (("--period", "last-fortnight"), "Unknown period 'last-fortnight'"),
        (("--preset", "never-saved"), "No preset named 'never-saved'"),
    ],
)
def test_bad_period_or_preset_is_invalid_input(seeded_sqlite, tmp_path, args, phrase):
    out = tmp_path / "x.csv"
    proc = cli("export", "--database-url", seeded_sqlite, *args, "-o", str(out))
    assert_clean_failure(proc, 2, phrase)
    assert not out.exists()


def test_saved_preset_reproduces_the_file_and_flags_beside_it_win(seeded_sqlite, tmp_path):
    first, again, as_json = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.json"
    proc = cli("export", "--database-url", seeded_sqlite, "--period", "last-month",
               "--scope", "by_tenant", "--timezone", "America/New_York", "--bom",
               "--save-preset", "Monthly by tenant", "-o", str(first))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    saved = PresetStore().get("Monthly by tenant")
    assert saved["period"] == "last-month" and "start" not in saved  # stays relative
    assert (saved["scope"], saved["timezone"], saved["bom"]) == (
        "by_tenant",
        "America/New_York",
        True,
    )

    proc = cli("export", "--database-url", seeded_sqlite, "--preset", "Monthly by tenant",
               "-o", str(again))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert again.read_bytes() == first.read_bytes()

    proc = cli("export", "--database-url", seeded_sqlite, "--preset", "Monthly by tenant",
               "--format", "json", "--no-bom", "-o", str(as_json))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(as_json.read_text(encoding="utf-8"))
    assert doc["metadata"]["scope"] == "by_tenant"
    assert doc["metadata"]["dateRange"] == {"start": "2026-10-01", "end": "2026-10-31"}

    listed = cli("presets", "list")
    assert listed.stdout.decode().splitlines() == ["Monthly by tenant"]
    shown = json.loads(cli("presets", "show", "Monthly by tenant").stdout)
    assert shown == saved
    assert cli("presets", "delete", "Monthly by tenant").returncode == 0
    assert cli("presets", "list").stdout.decode().strip() == "No presets saved yet."


def test_dates_given_beside_a_period_preset_replace_its_period(seeded_sqlite, tmp_path):
    PresetStore().save("Last month", {"period": "last-month", "scope": "by_model"})
    out = tmp_path / "march.csv"
    proc = cli("export", "--database-url", seeded_sqlite, "--preset", "Last month",
               "--start", "2026-03-01", "--end", "2026-03-31", "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    march = expected_rows(date(2026, 3, 1), date(2026, 3, 31), "by_model")
    assert read_csv(out)[1] == as_csv_expected(march)


def test_manifest_and_verify(seeded_sqlite, tmp_path):
    out = tmp_path / "october.csv"
    proc = cli("export", "--database-url", seeded_sqlite, "--period", "last-month",
               "--manifest", "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    size, sha256 = file_digest(out)
    want = expected_rows(*OCTOBER)
    assert (manifest["bytes"], manifest["sha256"], manifest["rows"]) == (size, sha256, len(want))
    assert manifest["totals"]["costCents"] == sum(r[5] for r in want)
    assert manifest["parameters"]["period"] == "last-month"
    assert manifest["parameters"]["start"] == "2026-10-01"
    assert manifest["serverVersion"].startswith("SQLite ")

    ok = cli("verify", str(out), "--database-url", seeded_sqlite)
    assert ok.returncode == 0, ok.stdout
    assert "database: the same rows" in ok.stdout.decode()

    # An event added in the range since: the file is intact, the data changed.
    conn = sqlite3.connect(seeded_sqlite.removeprefix("sqlite:///"))
    with conn:
        conn.execute(
            "INSERT INTO usage_events (id, tenant_id, model, input_tokens, output_tokens,"
            " cost_cents, created_at) VALUES (9999, 1, 'late', 1, 1, 5, '2026-10-15 12:00:00')"
        )
    conn.close()
    changed = cli("verify", str(out), "--database-url", seeded_sqlite)
    assert changed.returncode == 1
    assert "data changed since the export" in changed.stdout.decode()

    # One byte of the file changed: a mismatch even without a database.
    data = bytearray(out.read_bytes())
    data[-3] = ord("9") if data[-3] != ord("9") else ord("8")
    out.write_bytes(bytes(data))
    bad = cli("verify", str(out))
    assert bad.returncode == 1 and "SHA-256" in bad.stdout.decode()


def test_verify_fails_after_the_manifest_is_changed(seeded_sqlite, tmp_path):
    out = tmp_path / "october.json"
    proc = cli("export", "--database-url", seeded_sqlite, "--period", "last-month",
               "--format", "json", "--manifest", "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert cli("verify", str(out)).returncode == 0
    place = manifest_path(out)
    manifest = json.loads(place.read_text(encoding="utf-8"))
    manifest["totals"]["costCents"] += 1
    place.write_text(json.dumps(manifest), encoding="utf-8")
    assert cli("verify", str(out)).returncode == 1


def test_verify_exits_2_on_a_file_that_is_not_an_export(tmp_path):
    other = tmp_path / "notes.csv"
    other.write_text("name,amount\nlunch,12\n", encoding="utf-8")
    assert cli("verify", str(other)).returncode == 2
    assert cli("verify", str(tmp_path / "missing.csv")).returncode == 2


def test_an_export_without_manifest_removes_an_outdated_one(seeded_sqlite, tmp_path):
    out = tmp_path / "x.csv"
    assert cli("export", "--database-url", seeded_sqlite, "--manifest",
               "-o", str(out)).returncode == 0  # fmt: skip
    assert manifest_path(out).exists()
    assert cli("export", "--database-url", seeded_sqlite, "--force", "--period", "last-month",
               "-o", str(out)).returncode == 0  # fmt: skip
    assert not manifest_path(out).exists()


def test_history_records_success_and_failure(seeded_sqlite, tmp_path):
    out = tmp_path / "ok.csv"
    assert cli("export", "--database-url", seeded_sqlite, "--period", "last-month",
               "-o", str(out)).returncode == 0  # fmt: skip
    failed = cli("export", "--database-url", "postgresql://nobody@127.0.0.1:1/billing",
                 "-o", str(tmp_path / "never.csv"))  # fmt: skip
    assert failed.returncode == 1
    newest, oldest = history_json()
    assert newest["outcome"] == "failed" and "Cannot connect" in newest["message"]
    assert newest["face"] == "cli" and newest["rows"] is None
    assert oldest["outcome"] == "succeeded" and oldest["target"] == str(out.resolve())
    assert oldest["rows"] == len(expected_rows(*OCTOBER))
    assert oldest["sha256"] == file_digest(out)[1]
    assert oldest["parameters"]["period"] == "last-month"
    table = cli("history").stdout.decode()
    assert "failed" in table and "succeeded" in table
    log = (config.log_dir() / "cli.log").read_text(encoding="utf-8")
    assert "export failed (cli)" in log and "export succeeded (cli)" in log


def test_history_records_a_full_disk(sqlite_url, tmp_path):
    import resource

    from bulk import fill

    db = Database(sqlite_url, create=True)
    fill(db, 50_000)  # about 6 MB of JSON; the history file stays far below the limit
    db.dispose()

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    out = tmp_path / "full.json"
    proc = subprocess.run(
        [sys.executable, "-m", "billing_desktop", "export", "--database-url", sqlite_url,
         "--start", "2026-01-01", "--end", "2026-12-31", "--format", "json", "-o", str(out)],
        capture_output=True, preexec_fn=limit, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    (record,) = history_json()
    assert record["outcome"] == "failed" and "full" in record["message"]
    assert not out.exists()


def test_history_records_a_cancel(pg_url, tmp_path):
    db = Database(pg_url, create=True)
    seed_rows(db)
    out = tmp_path / "cancelled.csv"
    with events_locked(db):  # the export waits on the lock until Ctrl-C
        proc = subprocess.Popen(
            [sys.executable, "-m", "billing_desktop", "export", "--database-url", pg_url,
             "--start", "2026-01-01", "--end", "2026-12-31", "-o", str(out)],
            stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(1.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    db.dispose()
    assert proc.returncode == 130, err
    (record,) = history_json()
    assert record["outcome"] == "cancelled" and not out.exists()


def test_two_exports_at_once_both_recorded(seeded_sqlite, tmp_path):
    def start(i: int) -> subprocess.Popen:
        args = ["export", "--database-url", seeded_sqlite, "--period", "this-year"]
        out = str(tmp_path / f"{i}.csv")
        return subprocess.Popen([sys.executable, "-m", "billing_desktop", *args, "-o", out])

    procs = [start(i) for i in range(2)]
    assert [proc.wait(timeout=120) for proc in procs] == [0, 0]
    records = History().recent()
    assert sorted(r.target for r in records) == sorted(
        str((tmp_path / f"{i}.csv").resolve()) for i in range(2)
    )
    assert {r.outcome for r in records} == {"succeeded"}
