"""The stores the user does not see: presets, history, settings, and the self-test's records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from billing_desktop.errors import InvalidInput
from billing_desktop.presets import PresetStore

ROOT = Path(__file__).resolve().parent.parent

_SAVE_ONE = """
import sys, time
from pathlib import Path
from billing_desktop.presets import PresetStore
start_at = float(sys.argv[3])
while time.monotonic() < start_at:
    pass
PresetStore(Path(sys.argv[1])).save(sys.argv[2], {"format": "csv", "tenants": [sys.argv[2]]})
"""


def test_ten_processes_saving_ten_presets_at_once_keep_all_ten(tmp_path):
    import time

    path = tmp_path / "presets.json"
    PresetStore(path).save("existing", {"format": "json"})
    # All ten start saving at the same moment: the monotonic clock is the system's, one for
    # every process (and no test's moved wall clock touches it).
    start_at = str(time.monotonic() + 2.0)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    names = [f"preset {n}" for n in range(10)]
    procs = [
        subprocess.Popen([sys.executable, "-c", _SAVE_ONE, str(path), name, start_at], env=env)
        for name in names
    ]
    assert [p.wait(timeout=120) for p in procs] == [0] * 10
    store = PresetStore(path)
    assert sorted(store.names()) == sorted(["existing", *names])
    for name in names:
        assert store.get(name) == {"format": "csv", "tenants": [name]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", 5),
        ("bom", "no"),
        ("tenants", "Globex"),
        ("models", [1, 2]),
        ("start", "2026-W01-1"),
        ("period", "fortnight"),
        ("manifest", 1),
        ("formula_guard", None),  # None is "not given": accepted
    ],
)
def test_a_hand_edited_preset_of_the_wrong_type_is_one_sentence_naming_the_field(
    tmp_path, field, value
):
    path = tmp_path / "presets.json"
    preset = {"format": "csv", field: value}
    path.write_text(json.dumps({"version": 1, "presets": {"Monthly": preset}}), encoding="utf-8")
    store = PresetStore(path)
    if value is None:
        assert store.get("Monthly") == preset
        return
    with pytest.raises(InvalidInput) as caught:
        store.get("Monthly")
    message = str(caught.value)
    assert "'Monthly'" in message and f"'{field}'" in message and "\n" not in message


def test_a_preset_of_the_wrong_type_refuses_the_export_before_anything_is_written(
    tmp_path, sqlite_url
):
    from seed import seed_rows

    from billing_desktop.db.connection import Database
    from billing_desktop.presets import presets_path

    db = Database(sqlite_url, create=True)
    seed_rows(db)
    db.dispose()
    presets_path().parent.mkdir(parents=True)
    presets_path().write_text(
        json.dumps({"presets": {"Globex only": {"tenants": "Globex", "bom": "no"}}}),
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "billing_desktop", "export", "--database-url", sqlite_url,
         "--preset", "Globex only", "-o", str(target)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "'Globex only'" in proc.stderr
    assert "'tenants'" in proc.stderr and not target.exists()


def _history_with_one_bad_row():
    import sqlite3

    from billing_desktop.history import SUCCEEDED, History, HistoryRecord

    history = History()
    for n in range(3):
        record = HistoryRecord(
            face="cli", outcome=SUCCEEDED, message=f"export {n}", parameters={"format": "csv"},
            target=f"/tmp/out{n}.csv", database="sqlite:///x", rows=n,
            finished_at=f"2026-11-2{n}T10:00:00+00:00",
        )  # fmt: skip
        assert history.append(record), history.notice
    with sqlite3.connect(history.path) as db:  # a hand edit, or a bug in another version
        db.execute("UPDATE exports SET parameters = '{not json' WHERE message = 'export 1'")
    db.close()
    return history.path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "billing_desktop", *args], capture_output=True, text=True,
        timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def test_a_history_row_that_cannot_be_read_is_skipped_and_reported():
    path = _history_with_one_bad_row()
    listed = _cli("history")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert "/tmp/out2.csv" in listed.stdout and "/tmp/out0.csv" in listed.stdout
    assert "/tmp/out1.csv" not in listed.stdout
    assert "1 history record could not be read and was skipped" in listed.stderr
    as_json = _cli("history", "--json")
    assert as_json.returncode == 0 and "Traceback" not in as_json.stderr, as_json.stderr
    assert [r["message"] for r in json.loads(as_json.stdout)] == ["export 2", "export 0"]
    assert "1 history record could not be read and was skipped" in as_json.stderr
    assert [p.name for p in path.parent.iterdir() if ".damaged-" in p.name] == []


def test_a_refused_row_is_not_taken_for_a_damaged_history(tmp_path):
    from billing_desktop.history import SUCCEEDED, History, HistoryRecord

    history = History(tmp_path / "history.sqlite3")
    kept = HistoryRecord(
        face="cli", outcome=SUCCEEDED, message="kept", parameters={}, target=None, database="x"
    )
    assert history.append(kept)
    refused = HistoryRecord(
        face="cli", outcome="no such outcome", message="refused", parameters={}, target=None,
        database="x",
    )  # fmt: skip
    assert history.append(refused) is False  # the CHECK constraint: an IntegrityError
    assert "could not be updated" in (history.notice or "")
    assert [p.name for p in tmp_path.iterdir() if ".damaged-" in p.name] == []
    assert [r.message for r in History(history.path).recent()] == ["kept"]


def test_the_self_test_adds_nothing_to_the_users_history():
    from billing_desktop.history import SUCCEEDED, History, HistoryRecord

    users = History()
    mine = HistoryRecord(
        face="cli", outcome=SUCCEEDED, message="mine", parameters={}, target=None, database="x"
    )
    assert users.append(mine)
    proc = _cli("--self-test")
    assert proc.returncode == 0, proc.stderr
    assert "self-test passed" in proc.stdout
    assert [r.message for r in History().recent(None)] == ["mine"]


def test_the_command_line_says_when_it_sets_a_damaged_settings_file_aside(tmp_path):
    from billing_desktop import config

    config.settings_path().parent.mkdir(parents=True)
    config.settings_path().write_text("{ damaged", encoding="utf-8")
    proc = _cli("verify", str(tmp_path / "missing.csv"))
    assert "settings file" in proc.stderr and "set aside as settings.json.corrupt" in proc.stderr
    assert (config.settings_path().parent / "settings.json.corrupt").read_text() == "{ damaged"
