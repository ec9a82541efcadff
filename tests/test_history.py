"""The export history store: append and read, two writers at once, damage."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from billing_desktop.history import CANCELLED, FAILED, SUCCEEDED, History, HistoryRecord


def record(n: int = 0, outcome: str = SUCCEEDED, **extra) -> HistoryRecord:
    return HistoryRecord(
        face="cli", outcome=outcome, message=f"export {n}",
        parameters={"format": "csv", "period": "last-month", "tenants": ["東京株式会社"]},
        target=f"/tmp/file-{n}.csv", database="postgresql://alice@db/billing",
        rows=n, bytes=10 * n, input_tokens=1, output_tokens=2, cost_cents=3, seconds=0.5,
        sha256="ab" * 32, **extra,
    )  # fmt: skip


def test_records_come_back_newest_first_with_every_field(tmp_path):
    history = History(tmp_path / "history.sqlite3")
    for n, outcome in enumerate((SUCCEEDED, FAILED, CANCELLED)):
        assert history.append(record(n, outcome, finished_at=f"2026-11-2{n}T10:00:00+00:00"))
    newest = history.recent()
    assert [r.outcome for r in newest] == [CANCELLED, FAILED, SUCCEEDED]
    assert newest[0].parameters["tenants"] == ["東京株式会社"]
    assert newest[2] == record(0, finished_at="2026-11-20T10:00:00+00:00", id=newest[2].id)
    assert [r.message for r in history.recent(limit=1)] == ["export 2"]
    assert history.notice is None


def test_no_file_yet_is_an_empty_history(tmp_path):
    assert History(tmp_path / "none" / "history.sqlite3").recent() == []


WRITER = """
import sys
from billing_desktop.history import History, HistoryRecord, SUCCEEDED
history = History(__import__("pathlib").Path(sys.argv[1]))
for n in range(150):
    ok = history.append(HistoryRecord(face=sys.argv[2], outcome=SUCCEEDED, message=str(n),
                                      parameters={}, target=None, database="sqlite"))
    assert ok, history.notice
"""


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "history.sqlite3"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), face], stderr=subprocess.PIPE)
        for face in ("window", "cli")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    records = History(path).recent(limit=None)
    assert len(records) == 300
    for face in ("window", "cli"):
        mine = sorted(int(r.message) for r in records if r.face == face)
        assert mine == list(range(150))


FIRST_WRITE = """
import sys, time
from pathlib import Path
from billing_desktop.history import History, HistoryRecord, SUCCEEDED
go = Path(sys.argv[1]).parent / "go"
while not go.exists():  # all start writing at the same moment
    time.sleep(0.001)
history = History(__import__("pathlib").Path(sys.argv[1]))
ok = history.append(HistoryRecord(face="cli", outcome=SUCCEEDED, message=sys.argv[2],
                                  parameters={}, target=None, database="sqlite"))
assert ok, history.notice
"""


def test_writers_racing_to_create_the_file_lose_nothing(tmp_path):
    # Switching a brand-new file to WAL from two processes fails at once with "database is
    # locked" unless retried; a cron job and the window both starting fresh hit exactly this.
    for attempt in range(10):
        path = tmp_path / str(attempt) / "history.sqlite3"
        path.parent.mkdir()
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", FIRST_WRITE, str(path), str(n)], stderr=subprocess.PIPE
            )
            for n in range(3)
        ]
        time.sleep(0.3)
        (path.parent / "go").touch()
        for writer in writers:
            _, err = writer.communicate(timeout=60)
            assert writer.returncode == 0, err.decode()
        assert sorted(r.message for r in History(path).recent()) == ["0", "1", "2"]


def test_a_damaged_file_is_set_aside_with_a_message_and_a_new_one_started(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, it was damaged by a disk tool\n" * 200)
    history = History(path)
    assert history.append(record(7))
    assert "The export history was damaged" in (history.notice or "")
    aside = [p.name for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0] in (history.notice or "")
    assert [r.message for r in History(path).recent()] == ["export 7"]


def test_a_damaged_file_found_while_reading_is_set_aside_too(tmp_path):
    path = tmp_path / "history.sqlite3"
    History(path).append(record(1))
    size = path.stat().st_size
    with path.open("r+b") as f:  # overwrite the header page: "file is not a database"
        f.write(b"\xff" * min(size, 4096))
    history = History(path)
    assert history.recent() == []
    assert "set aside" in (history.notice or "")
    assert history.append(record(2)) and [r.message for r in history.recent()] == ["export 2"]


def test_an_unwritable_place_gives_a_notice_not_an_exception(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    history = History(blocker / "history.sqlite3")
    assert history.append(record(1)) is False
    assert (history.notice or "").startswith("The export history could not be updated")
    assert blocker.read_text() == "a file where the folder should be"


def test_default_place_is_the_user_data_folder(user_dirs):
    assert History().path == Path(user_dirs) / "data" / "billing-desktop" / "history.sqlite3"
