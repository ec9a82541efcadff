"""verify proves what it says: any change to the rows a file holds is noticed (not only a
change of the grand totals), damaged files and manifests are "not an export" in one sentence,
the operating system's own files in a statements folder are no change, and a file is never
seen without its manifest. Real processes, real SQLite files and the suite's PostgreSQL."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import cli

from billing_desktop.db.connection import Database
from billing_desktop.export.manifest import manifest_path, pending_manifest_path

RANGE = ("--start", "2026-01-01", "--end", "2026-12-31")


def _verify(path, url=None):
    args = ["verify", str(path)] + (["--database-url", url] if url else [])
    proc = cli(*args)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def _execute(url: str, *statements: str) -> None:
    db = Database(url, create=True)  # writable (the app itself opens SQLite read-only)
    try:
        with db.engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        db.dispose()


def _two_tenants_with_events(url: str) -> tuple[int, int]:
    """Ids of the first two events of two different tenants."""
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT min(id), tenant_id FROM usage_events GROUP BY tenant_id ORDER BY 2"
            ).fetchall()
    finally:
        db.dispose()
    return rows[0][0], rows[1][1]


@pytest.fixture
def seeded_url(seeded, any_url):
    """The URL of `seeded`: a database on each backend holding the tricky data set."""
    return any_url


def test_an_event_moved_between_tenants_is_noticed_in_both_statements(seeded_url, tmp_path):
    folder = tmp_path / "statements"
    made = cli("export", "--database-url", seeded_url, *RANGE, "--split-by", "tenant",
               "--manifest", "-o", str(folder))  # fmt: skip
    assert made.returncode == 0, made.stderr
    code, out, _ = _verify(folder, seeded_url)
    assert code == 0 and "Verified" in out, out
    event, other_tenant = _two_tenants_with_events(seeded_url)
    _execute(seeded_url, f"UPDATE usage_events SET tenant_id = {other_tenant} WHERE id = {event}")
    code, out, err = _verify(folder, seeded_url)
    assert code == 1, out + err
    assert "The file is intact, but the data changed since the export" in out
    assert out.count("changed since the export:") >= 2  # the tenant it left and the one it joined
    assert "$" in out.splitlines()[-1]  # the verdict speaks in dollars and cents


def test_cents_moved_between_two_events_of_one_file_are_noticed(seeded_url, tmp_path):
    target = tmp_path / "all.csv"
    made = cli("export", "--database-url", seeded_url, *RANGE, "--manifest", "-o", str(target))
    assert made.returncode == 0, made.stderr
    assert _verify(target, seeded_url)[0] == 0
    db = Database(seeded_url)
    with db.engine.connect() as conn:
        first, second = (r[0] for r in conn.exec_driver_sql(
            "SELECT id FROM usage_events WHERE cost_cents > 0 ORDER BY id LIMIT 2"))  # fmt: skip
    db.dispose()
    move = "UPDATE usage_events SET cost_cents = cost_cents {} 1 WHERE id = {}"
    _execute(seeded_url, move.format("-", first), move.format("+", second))
    code, out, _ = _verify(target, seeded_url)
    assert code == 1, out
    assert "the same totals, but rows changed" in out


def test_a_damaged_xlsx_is_not_an_export_in_one_sentence(seeded_sqlite, tmp_path):
    target = tmp_path / "book.xlsx"
    assert cli("export", "--database-url", seeded_sqlite, *RANGE, "--format", "xlsx",
               "-o", str(target)).returncode == 0  # fmt: skip
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    code, out, err = _verify(target)
    assert code == 2, out + err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "is not an export of Billing Desktop" in err


@pytest.mark.parametrize("damage", [{"bytes": "123"}, {"sha256": None}, {"rows": 1.5}])
def test_a_malformed_manifest_is_not_an_export(seeded_sqlite, tmp_path, damage):
    target = tmp_path / "x.csv"
    assert cli("export", "--database-url", seeded_sqlite, *RANGE, "--manifest",
               "-o", str(target)).returncode == 0  # fmt: skip
    place = manifest_path(target)
    document = json.loads(place.read_text())
    document.update(damage)
    place.write_text(json.dumps(document))
    code, _, err = _verify(target)
    assert code == 2, err
    assert "Traceback" not in err and "is not a manifest of Billing Desktop" in err


def test_the_systems_own_files_are_no_change_but_an_added_folder_is(seeded_sqlite, tmp_path):
    folder = tmp_path / "statements"
    assert cli("export", "--database-url", seeded_sqlite, *RANGE, "--split-by", "tenant",
               "--manifest", "-o", str(folder)).returncode == 0  # fmt: skip
    for name in (".DS_Store", "desktop.ini", "Thumbs.db"):
        (folder / name).write_bytes(b"\0junk")
    code, out, _ = _verify(folder)
    assert code == 0, out
    (folder / "added").mkdir()
    code, out, _ = _verify(folder)
    assert code == 1 and "added: a folder not in the manifest" in out, out


def test_a_file_with_nothing_to_compare_says_so(seeded_sqlite, tmp_path):
    target = tmp_path / "plain.csv"
    assert cli("export", "--database-url", seeded_sqlite, *RANGE, "-o", str(target)).returncode == 0
    code, out, _ = _verify(target)
    assert code == 0
    assert "Reads as an export; nothing to compare it with" in out
    assert "verified" not in out.lower()


def test_a_file_published_before_its_manifest_is_renamed_is_no_false_alarm(seeded_sqlite, tmp_path):
    """The state an export killed between publishing its file and renaming its manifest
    leaves: the new file, its manifest still pending, and the older file's manifest."""
    target = tmp_path / "monthly.csv"
    assert cli("export", "--database-url", seeded_sqlite, "--start", "2026-01-01", "--end",
               "2026-06-30", "--manifest", "-o", str(target)).returncode == 0  # fmt: skip
    older = manifest_path(target).read_bytes()
    assert cli("export", "--database-url", seeded_sqlite, *RANGE, "--manifest", "--force",
               "-o", str(target)).returncode == 0  # fmt: skip
    shutil.move(manifest_path(target), pending_manifest_path(target))
    manifest_path(target).write_bytes(older)
    code, out, _ = _verify(target, seeded_sqlite)
    assert code == 0 and "Verified" in out, out
    # The next export puts the pending manifest to rest.
    assert cli("export", "--database-url", seeded_sqlite, *RANGE, "--force",
               "-o", str(target)).returncode == 0  # fmt: skip
    assert not pending_manifest_path(target).exists()
