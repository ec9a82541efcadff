"""SQLite exports of every event read on two connections, each over half of the range.

The halves must give the very file one connection writes, and both connections must read the
same data: a commit between their starts may not make a file that holds it in one half only.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import UTC, date, datetime

import pytest
from helpers import as_csv_expected, leftovers, read_csv
from seed import EVENTS, MODELS, TENANTS, Event, expected_rows, seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.errors import ExportCancelled, InvalidInput
from billing_desktop.export.control import ExportControl
from billing_desktop.export.params import ExportParams
from billing_desktop.export.runner import WriteOptions, run_export

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
TIE = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
# More events at one instant than a batch holds, in the middle of the range: a cut or a
# chunk's edge falls among them.
TIES = [
    Event(1000 + i, TENANTS[i % len(TENANTS)], MODELS[i % len(MODELS)], i, 2 * i, 3 * i, TIE)
    for i in range(25)
]
BATCH = 7
SECOND_HALF = "export on 2 connections"


@pytest.fixture
def tied(sqlite_url):
    db = Database(sqlite_url, create=True)
    seed_rows(db, EVENTS + TIES)
    yield db
    db.dispose()


def _export(db: Database, target, jobs: int, **options) -> bytes:
    params = ExportParams(*YEAR, **options)
    run_export(db, params, target, WriteOptions(jobs=jobs, batch_rows=BATCH))
    return target.read_bytes()


def _halves_used(caplog) -> bool:
    return any(SECOND_HALF in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "options",
    [
        dict(format="csv"),
        dict(format="jsonl"),
        dict(format="csv", timezone="America/New_York", delimiter=";", bom=True),
        dict(format="csv", tenants=("Acme Corp", "Line\nBreak GmbH"), formula_guard=False),
        dict(format="jsonl", models=("=cmd|' /C calc'!A0",)),
    ],
)
def test_two_halves_write_the_file_one_connection_writes(tied, tmp_path, caplog, options):
    caplog.set_level(logging.INFO, "billing_desktop.export")
    one = _export(tied, tmp_path / "one.out", 1, **options)
    assert not _halves_used(caplog)
    two = _export(tied, tmp_path / "two.out", 2, **options)
    assert _halves_used(caplog)
    assert two == one
    if options == dict(format="csv"):
        _, rows = read_csv(tmp_path / "two.out")
        assert rows == as_csv_expected(expected_rows(*YEAR, events=EVENTS + TIES))


def test_a_figure_not_an_integer_in_the_second_half_is_refused(tied, tmp_path, caplog):
    caplog.set_level(logging.INFO, "billing_desktop.export")
    with sqlite3.connect(tied.sqlite_path) as conn:
        conn.execute("UPDATE usage_events SET cost_cents = 1.5 WHERE id = 1024")
    conn.close()
    target = tmp_path / "bad.csv"
    with pytest.raises(InvalidInput, match=r"row id 1024: cost_cents holds 1\.5"):
        _export(tied, target, 2)
    assert _halves_used(caplog)
    assert not target.exists() and leftovers(tmp_path) == []


LATE = [datetime(2026, 2, 1, 12, 0), datetime(2026, 11, 1, 12, 0)]  # one in each half


def test_a_commit_between_the_two_connections_starts_is_in_neither_half(
    tied, tmp_path, caplog, monkeypatch
):
    """In WAL mode the second connection would see a commit made after the export's snapshot
    began: the export notices and reads every event on its own connection."""
    caplog.set_level(logging.INFO, "billing_desktop.export")
    with sqlite3.connect(tied.sqlite_path) as setup:
        setup.execute("PRAGMA journal_mode = WAL")  # readers never block a writer
    setup.close()
    before = _export(tied, tmp_path / "before.csv", 1)
    fired = []

    def commit_late_events(statement: str) -> None:
        if statement == "BEGIN" and not fired:  # the second connection starts its snapshot
            fired.append(True)
            writer = sqlite3.connect(tied.sqlite_path)
            for i, when in enumerate(LATE):
                writer.execute(
                    "INSERT INTO usage_events (id, tenant_id, model, input_tokens,"
                    " output_tokens, cost_cents, created_at) VALUES (?, 1, 'late', 1, 1, 1, ?)",
                    (5000 + i, when.isoformat(sep=" ")),
                )
            writer.commit()
            writer.close()

    opened = tied.sqlite_snapshot_connection

    def with_hook(any_thread: bool = False) -> sqlite3.Connection:
        conn = opened(any_thread)
        if any_thread:  # the partner, which reads the second half
            conn.set_trace_callback(commit_late_events)
        return conn

    monkeypatch.setattr(tied, "sqlite_snapshot_connection", with_hook)
    during = _export(tied, tmp_path / "during.csv", 2)
    assert fired
    assert during == before
    assert any("changed" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()
    after = _export(tied, tmp_path / "after.csv", 2)
    assert after.count(b",late,") == 2


def test_a_cancel_while_the_halves_read_leaves_no_file(tied, tmp_path, caplog):
    caplog.set_level(logging.INFO, "billing_desktop.export")
    cancel = threading.Event()
    target = tmp_path / "cancelled.csv"

    def progress(done: int, total: int | None) -> None:
        if done:  # the first half's first batch is in the file
            cancel.set()

    params = ExportParams(*YEAR)
    with pytest.raises(ExportCancelled):
        run_export(
            tied,
            params,
            target,
            WriteOptions(jobs=2, batch_rows=BATCH),
            ExportControl(progress=progress, cancel=cancel),
        )
    assert _halves_used(caplog)
    assert not target.exists() and leftovers(tmp_path) == []
