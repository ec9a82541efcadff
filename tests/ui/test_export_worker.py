"""The export and count workers on real databases: outcomes, throttled progress, cancel, stale
counts. Signals are awaited on the GUI-thread side (ExportJob, RowCounter) or with run() called
directly, as pytest-qt requires."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from bulk import fill
from helpers import as_csv_expected, events_locked, read_csv
from seed import EVENTS, expected_rows

from billing_desktop.export import ExportParams, ExportResult, count_rows
from billing_desktop.workers.count_worker import RowCounter
from billing_desktop.workers.export_worker import ExportJob, ExportWorker

pytestmark = pytest.mark.gui

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def test_worker_run_directly_writes_the_export(qtbot, seeded, tmp_path):
    params = ExportParams(*YEAR, scope="by_tenant", timezone="Europe/Berlin")
    worker = ExportWorker(seeded, params, tmp_path / "out.csv")
    seen: list[tuple[int, int | None]] = []
    worker.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(worker.finished, timeout=20_000) as blocker:
        worker.run()
    result: ExportResult = blocker.args[0]
    expected = expected_rows(*YEAR, scope="by_tenant", zone="Europe/Berlin")
    assert read_csv(tmp_path / "out.csv")[1] == as_csv_expected(expected)
    assert result.rows == len(expected) and worker.outcome == ("finished", result)
    assert seen[-1] == (len(expected), len(expected))


def test_job_runs_on_a_thread_with_throttled_progress(qtbot, seeded, tmp_path):
    """batch_rows=1: the engine reports every row, the job passes on only a few signals."""
    params = ExportParams(*YEAR, format="json")
    job = ExportJob(seeded, params, tmp_path / "out.json", batch_rows=1)
    seen: list[tuple[int, int | None]] = []
    job.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=20_000) as blocker:
        job.start()
        assert job.is_running()
    assert not job.is_running()
    assert blocker.args[0].rows == len(EVENTS)
    assert job._worker.callbacks > len(EVENTS)  # the engine reported every row...
    assert len(seen) < job._worker.callbacks / 4  # ...the GUI got far fewer signals
    assert seen[:2] == [(0, None), (0, len(EVENTS))] and seen[-1] == (len(EVENTS), len(EVENTS))


def test_job_failure_is_one_sentence(qtbot, seeded, tmp_path):
    job = ExportJob(seeded, ExportParams(*YEAR), tmp_path / "missing" / "out.csv")
    with qtbot.waitSignal(job.failed, timeout=20_000) as blocker:
        job.start()
    assert blocker.args[0] == f"The folder {tmp_path / 'missing'} does not exist."
    assert not job.is_running()


def test_existing_file_needs_overwrite(qtbot, seeded, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("older file")
    job = ExportJob(seeded, ExportParams(*YEAR), target)
    with qtbot.waitSignal(job.failed, timeout=20_000):
        job.start()
    assert target.read_text() == "older file"
    job = ExportJob(seeded, ExportParams(*YEAR), target, overwrite=True)
    with qtbot.waitSignal(job.finished, timeout=20_000):
        job.start()
    assert read_csv(target)[1] == as_csv_expected(expected_rows(*YEAR))


def test_cancel_before_any_row_leaves_nothing(qtbot, seeded, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    worker = ExportWorker(seeded, ExportParams(*YEAR), out / "a.csv", cancel=threading.Event())
    worker.cancel()
    with qtbot.waitSignal(worker.cancelled, timeout=20_000):
        worker.run()
    assert list(out.iterdir()) == []


def test_a_bug_goes_to_the_crash_signal(qtbot, seeded):
    """Something that is not a BillingError (here: a target that is no file) is a bug."""
    worker = ExportWorker(seeded, ExportParams(*YEAR), object())  # type: ignore[arg-type]
    with qtbot.waitSignal(worker.crashed, timeout=20_000) as blocker:
        worker.run()
    assert isinstance(blocker.args[0], AttributeError)


def test_cancel_and_wait_reports_the_real_outcome(qtbot, seeded, tmp_path):
    """If the export already finished when Cancel comes, the job says finished, not cancelled."""
    job = ExportJob(seeded, ExportParams(*YEAR), tmp_path / "out.csv")
    outcomes: list[str] = []
    job.finished.connect(lambda _r: outcomes.append("finished"))
    job.cancelled.connect(lambda: outcomes.append("cancelled"))
    job.start()
    job._thread.wait(20_000)  # let it finish without delivering the queued signal
    assert job.cancel_and_wait()
    assert outcomes == ["finished"] and not job.is_running()
    assert (tmp_path / "out.csv").exists()


def test_row_counter_answers_only_the_latest_request(qtbot, seeded):
    counter = RowCounter(seeded)
    answers = []
    counter.counted.connect(answers.append)
    older = ExportParams(*YEAR)
    newer = ExportParams(date(2026, 3, 1), date(2026, 3, 31), scope="by_model")
    with qtbot.waitSignal(counter.counted, timeout=20_000):
        counter.request(older)
        counter.request(newer)
    qtbot.wait(300)  # an answer to the older request would arrive by now
    counter.stop()
    expected = expected_rows(newer.start, newer.end, scope="by_model")
    assert [a.rows for a in answers] == [len(expected)]
    assert answers[0] == count_rows(seeded, newer)
    assert answers[0].cost_cents == sum(r[5] for r in expected)


def test_row_counter_failure(qtbot):
    from billing_desktop.db.connection import Database

    db = Database("postgresql+psycopg://u@127.0.0.1:1/x")
    counter = RowCounter(db)
    with qtbot.waitSignal(counter.failed, timeout=20_000) as blocker:
        counter.request(ExportParams(*YEAR))
    counter.stop()
    message = blocker.args[0]
    assert "PostgreSQL x on 127.0.0.1:1 as u" in message and "refused" in message


@pytest.mark.postgres
def test_stopping_the_counter_interrupts_a_running_count(qtbot, pg_url):
    """Closing the export dialog stops its counter: that must not wait for the count (4.9 s on
    a year of 5,000,000 SQLite events before the count could be interrupted)."""
    from billing_desktop.db.connection import Database

    db = Database(pg_url, create=True)
    fill(db, 10)
    counter = RowCounter(db)
    answers: list[object] = []
    counter.counted.connect(answers.append)
    counter.failed.connect(answers.append)
    with events_locked(db):
        counter.request(ExportParams(*YEAR))
        qtbot.wait(300)  # the count is now waiting for the lock
        started = time.monotonic()
        counter.stop()
        assert time.monotonic() - started < 2  # the lock is held for 20 s
    qtbot.wait(100)
    assert answers == [] and not counter._thread.isRunning()
    db.dispose()
