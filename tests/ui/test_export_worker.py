"""The export and count workers on real databases: outcomes, throttled progress, cancel, stale
counts. Signals are awaited on the GUI-thread side (ExportJob, RowCounter, BackgroundJob), as
pytest-qt requires."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from bulk import fill
from helpers import as_csv_expected, events_locked, read_csv
from seed import EVENTS, expected_rows

from billing_desktop.export import ExportResult, count_rows
from billing_desktop.export.request import ExportRequest
from billing_desktop.workers.count_worker import RowCounter
from billing_desktop.workers.export_worker import ExportJob
from billing_desktop.workers.job import BackgroundJob

pytestmark = pytest.mark.gui

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def request(**kwargs) -> ExportRequest:
    return ExportRequest(start=YEAR[0], end=YEAR[1], **kwargs)


def test_job_writes_the_export(qtbot, seeded, tmp_path):
    job = ExportJob(seeded, request(scope="by_tenant", timezone="Europe/Berlin",
                                    output=str(tmp_path / "out.csv")))  # fmt: skip
    seen: list[tuple[int, int | None]] = []
    job.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=20_000) as blocker:
        job.start()
    result: ExportResult = blocker.args[0]
    expected = expected_rows(*YEAR, scope="by_tenant", zone="Europe/Berlin")
    assert read_csv(tmp_path / "out.csv")[1] == as_csv_expected(expected)
    assert result.rows == len(expected) and job.outcome == ("finished", result)
    assert seen[-1] == (len(expected), len(expected))


def test_job_runs_on_a_thread_with_throttled_progress(qtbot, seeded, tmp_path):
    """batch_rows=1: the engine reports every row, the job passes on only a few signals."""
    job = ExportJob(seeded, request(format="json", output=str(tmp_path / "out.json")),
                    batch_rows=1)  # fmt: skip
    seen: list[tuple[int, int | None]] = []
    job.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=20_000) as blocker:
        job.start()
        assert job.is_running()
    assert not job.is_running()
    assert blocker.args[0].rows == len(EVENTS)
    assert job.progress_reports > len(EVENTS)  # the engine reported every row...
    assert len(seen) < job.progress_reports / 4  # ...the GUI got far fewer signals
    assert seen[:2] == [(0, None), (0, len(EVENTS))] and seen[-1] == (len(EVENTS), len(EVENTS))


def test_job_failure_is_one_sentence(qtbot, seeded, tmp_path):
    job = ExportJob(seeded, request(output=str(tmp_path / "missing" / "out.csv")))
    with qtbot.waitSignal(job.failed, timeout=20_000) as blocker:
        job.start()
    assert blocker.args[0] == f"The folder {tmp_path / 'missing'} does not exist."
    assert not job.is_running()


def test_existing_file_needs_overwrite(qtbot, seeded, tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("older file")
    job = ExportJob(seeded, request(output=str(target)))
    with qtbot.waitSignal(job.failed, timeout=20_000):
        job.start()
    assert target.read_text() == "older file"
    job = ExportJob(seeded, request(output=str(target), overwrite=True))
    with qtbot.waitSignal(job.finished, timeout=20_000):
        job.start()
    assert read_csv(target)[1] == as_csv_expected(expected_rows(*YEAR))


def test_cancel_before_any_row_leaves_nothing(qtbot, seeded, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    job = ExportJob(seeded, request(output=str(out / "a.csv")))
    job.cancel()
    with qtbot.waitSignal(job.cancelled, timeout=20_000):
        job.start()
    assert list(out.iterdir()) == []


def test_a_bug_goes_to_the_crash_signal(qtbot):
    """Something that is not a BillingError is a bug: it arrives as the exception itself."""
    job = BackgroundJob(lambda _control: {}["missing"])
    with qtbot.waitSignal(job.crashed, timeout=20_000) as blocker:
        job.start()
    assert isinstance(blocker.args[0], KeyError) and not job.is_running()


def test_a_job_reports_its_outcome_in_the_gui_thread(qtbot):
    def work(control):
        control.tell("halfway")
        return threading.get_ident()

    job = BackgroundJob(work)
    heard: list[tuple[str, int]] = []
    job.notice.connect(lambda text: heard.append((text, threading.get_ident())))
    job.finished.connect(lambda value: heard.append(("finished", threading.get_ident())))
    with qtbot.waitSignal(job.ended, timeout=20_000):
        job.start()
    gui = threading.get_ident()
    assert heard == [("halfway", gui), ("finished", gui)]
    assert job.outcome[1] != gui  # the work ran on the job's own thread


def test_cancel_and_wait_reports_the_real_outcome(qtbot, seeded, tmp_path):
    """If the export already finished when Cancel comes, the job says finished, not cancelled."""
    job = ExportJob(seeded, request(output=str(tmp_path / "out.csv")))
    outcomes: list[str] = []
    job.finished.connect(lambda _r: outcomes.append("finished"))
    job.cancelled.connect(lambda: outcomes.append("cancelled"))
    job.start()
    job.wait(20_000)  # let it finish without delivering the queued signal
    assert job.cancel_and_wait()
    assert outcomes == ["finished"] and not job.is_running()
    assert (tmp_path / "out.csv").exists()


def test_row_counter_answers_only_the_latest_request(qtbot, seeded):
    counter = RowCounter(seeded)
    answers = []
    counter.counted.connect(answers.append)
    older = request()
    newer = ExportRequest(start=date(2026, 3, 1), end=date(2026, 3, 31), scope="by_model")
    with qtbot.waitSignal(counter.counted, timeout=20_000):
        counter.request(older)
        counter.request(newer)
    qtbot.wait(300)  # an answer to the older request would arrive by now
    counter.stop()
    expected = expected_rows(newer.start, newer.end, scope="by_model")
    assert [a.rows for a in answers] == [len(expected)]
    assert answers[0] == count_rows(seeded, newer.params())
    assert answers[0].cost_cents == sum(r[5] for r in expected)


def test_row_counter_failure(qtbot):
    from billing_desktop.db.connection import Database

    db = Database("postgresql+psycopg://u@127.0.0.1:1/x")
    counter = RowCounter(db)
    with qtbot.waitSignal(counter.failed, timeout=20_000) as blocker:
        counter.request(request())
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
        counter.request(request())
        qtbot.wait(300)  # the count is now waiting for the lock
        started = time.monotonic()
        counter.stop()
        assert time.monotonic() - started < 2  # the lock is held for 20 s
    qtbot.wait(100)
    assert answers == [] and not counter.is_running()
    db.dispose()
