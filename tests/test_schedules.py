"""Scheduled exports: the systemd units verified by systemd and their ExecStart run, a crontab
line run as cron would and removed precisely, the Windows task XML and the macOS launch agent
read back, `schedule add/list/run/remove` on the command line, and a history record for every
scheduled run whatever its outcome."""

from __future__ import annotations

import calendar
import csv
import io
import json
import os
import plistlib
import re
import shlex
import sqlite3
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime, time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from clockfix import TEST_NOW

from billing_desktop import cli
from billing_desktop.history import History, HistoryRecord
from billing_desktop.presets import PresetStore
from billing_desktop.scheduling import installing, linux, others
from billing_desktop.scheduling.recurrence import DAILY, MONTHLY, WEEKLY, Recurrence
from billing_desktop.scheduling.running import failed_scheduled_runs_since, failure_notice
from billing_desktop.scheduling.store import Schedule, ScheduleStore

PRESET = {"format": "csv", "period": "last-month", "scope": "by_tenant", "manifest": True}
OCTOBER_FILE = "usage.csv"
AT = time(6, 5)


@pytest.fixture
def job(tmp_path, seeded_sqlite, monkeypatch):
    """A saved preset, a folder for its files, the database in the environment."""
    PresetStore().save("Usage", {**PRESET, "output": OCTOBER_FILE})
    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setenv("BILLING_DATABASE_URL", seeded_sqlite)
    return folder


def schedule(folder: Path, name: str = "Monthly usage", **rule) -> Schedule:
    recurrence = Recurrence(**(rule or {"kind": MONTHLY, "at": AT, "day": 1}))
    return Schedule(name=name, preset="Usage", recurrence=recurrence, folder=str(folder))


def job_env(**extra: str) -> dict[str, str]:
    """What a scheduler gives its job: a short PATH, the user's folders, no terminal."""
    keep = ("HOME", "BILLING_DESKTOP_NOW", "TZ", "PYTHONPATH", "BILLING_DATABASE_URL",
            "PYTHON_KEYRING_BACKEND", "XDG_CONFIG_HOME", "XDG_DATA_HOME",
            "XDG_STATE_HOME")  # fmt: skip
    env = {k: os.environ[k] for k in keep if k in os.environ}
    return {**env, "PATH": "/usr/bin:/bin", "SHELL": "/bin/sh", **extra}


def scheduled_records(name: str) -> list[HistoryRecord]:
    return History().scheduled(name=name)


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


class Crontab:
    """The user's crontab, kept in a file instead of cron's spool (the machine's own crontab
    is not the test's to change); the backend reads and writes it as it would `crontab`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.write_text("# the user's own job\n0 1 * * * /usr/bin/true\n")

    def read(self) -> str:
        return self.path.read_text()

    def write(self, text: str) -> None:
        self.path.write_text(text)

    def backend(self) -> linux.CronBackend:
        return linux.CronBackend(read=self.read, write=self.write)


class Calls:
    """The systemctl, schtasks and launchctl commands a backend would run."""

    def __init__(self) -> None:
        self.argvs: list[list[str]] = []
        self.seen: dict[str, str] = {}

    def __call__(self, argv) -> str:
        argv = list(argv)
        self.argvs.append(argv)
        if "/XML" in argv:  # the task file exists only during the call
            self.seen["xml"] = Path(argv[argv.index("/XML") + 1]).read_bytes().decode("utf-16")
        return ""


# -- systemd ------------------------------------------------------------------------------------


def test_systemd_units_verify_and_their_exec_start_writes_the_file_and_history(job, tmp_path):
    units, calls = tmp_path / "units", Calls()
    schedules = installing.Schedules(backend=linux.SystemdBackend(units, runner=calls))
    added = schedules.add(schedule(job))
    service, timer = (Path(f) for f in added.installed["files"])
    verify = subprocess.run(["systemd-analyze", "verify", str(service), str(timer)],
                            env={**job_env(), "SYSTEMD_LOG_LEVEL": "notice"},
                            capture_output=True, timeout=60)  # fmt: skip
    assert verify.returncode == 0, verify.stderr.decode()
    assert "Persistent=true" in timer.read_text()
    assert calls.argvs == [["systemctl", "--user", "daemon-reload"],
                           ["systemctl", "--user", "enable", "--now", timer.name]]  # fmt: skip
    exec_start = re.search(r"^ExecStart=(.*)$", service.read_text(), re.M)[1]
    argv = shlex.split(exec_start.replace("%%", "%").replace("$$", "$"))
    assert Path(argv[0]).is_absolute()
    assert argv[-4:] == ["schedule", "run", "Monthly usage", "--quiet"]
    done = subprocess.run(argv, env=job_env(), capture_output=True, timeout=180, cwd="/")
    assert done.returncode == 0 and done.stderr == b"", done.stderr.decode()
    written = job / OCTOBER_FILE
    assert written.exists() and (job / f"{OCTOBER_FILE}.manifest.json").exists()
    [record] = scheduled_records("Monthly usage")
    assert record.outcome == "succeeded" and record.target == str(written)
    assert record.cost_cents == csv_cost(written)
    schedules.remove("Monthly usage")
    assert list(units.iterdir()) == [] and ScheduleStore().all() == []
    assert ["systemctl", "--user", "disable", "--now", timer.name] in calls.argvs


def csv_cost(path: Path) -> int:
    text = path.read_text(encoding="utf-8-sig")
    return sum(int(r["cost_cents"]) for r in csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("rule", "calendar_text"),
    [({"kind": MONTHLY, "at": AT, "day": "last"}, "*-*~01 06:05:00"),
     ({"kind": WEEKLY, "at": AT, "weekday": 0}, "Mon *-*-* 06:05:00"),
     ({"kind": DAILY, "at": time(23, 59)}, "*-*-* 23:59:00")],
)  # fmt: skip
def test_systemd_reads_each_recurrence_as_meant(rule, calendar_text):
    recurrence = Recurrence(**rule)
    assert linux.on_calendar(recurrence) == calendar_text
    # In UTC: in another zone systemd-analyze adds each elapse again "(in UTC)".
    shown = subprocess.run(["systemd-analyze", "calendar", "--iterations=3", calendar_text],
                           capture_output=True, text=True, timeout=60,
                           env={**os.environ, "TZ": "UTC"})  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    days = re.findall(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}):00", shown.stdout)
    assert len(days) == 3
    for year, month, day, hour in days:
        when = datetime(int(year), int(month), int(day))
        assert recurrence.runs_on(when.date()) and hour == recurrence.at.strftime("%H:%M")


# -- cron ---------------------------------------------------------------------------------------


def test_a_cron_line_runs_as_written_and_remove_takes_only_its_line(job, tmp_path):
    crontab = Crontab(tmp_path / "crontab")
    schedules = installing.Schedules(backend=crontab.backend())
    schedules.add(schedule(job, "Monthly 100% usage"))
    schedules.add(schedule(job, "Daily", kind=DAILY, at=AT))
    lines = crontab.read().splitlines()
    assert lines[:2] == ["# the user's own job", "0 1 * * * /usr/bin/true"] and len(lines) == 4
    line = next(ln for ln in lines if "100" in ln)
    assert line.startswith("5 6 1 * * ")
    command = line.split(None, 5)[5]
    assert re.search(r"(?<!\\)%", command) is None  # cron would cut the command there
    done = subprocess.run(["/bin/sh", "-c", command.replace("\\%", "%")], env=job_env(),
                          cwd=tmp_path, capture_output=True, timeout=180)  # fmt: skip
    assert done.returncode == 0 and done.stdout == done.stderr == b"", done.stderr.decode()
    assert (job / OCTOBER_FILE).exists()
    assert scheduled_records("Monthly 100% usage")[0].outcome == "succeeded"
    schedules.remove("Monthly 100% usage")
    assert crontab.read().splitlines() == [*lines[:2], lines[3]]
    schedules.remove("Daily")
    assert crontab.read().splitlines() == lines[:2]


def test_the_last_day_runs_on_28_to_31_and_only_the_last_goes_on(job, tmp_path, monkeypatch):
    crontab = Crontab(tmp_path / "crontab")
    schedules = installing.Schedules(backend=crontab.backend())
    schedules.add(schedule(job, "Month end", kind=MONTHLY, at=AT, day="last"))
    line = crontab.read().splitlines()[-1]
    assert line.startswith("5 6 28-31 * * ") and "--when-last-day" in line
    # 20 November is not the last day: nothing is written, nothing recorded.
    assert run_cli("schedule", "run", "Month end", "--when-last-day")[0] == 0
    assert not (job / OCTOBER_FILE).exists() and scheduled_records("Month end") == []
    monkeypatch.setenv("BILLING_DESKTOP_NOW", "2026-11-30T10:00:00Z")
    assert run_cli("schedule", "run", "Month end", "--when-last-day")[0] == 0
    assert (job / OCTOBER_FILE).exists()


# -- Windows and macOS, as far as Linux allows ----------------------------------------------------


def test_the_task_xml_holds_the_trigger_command_and_missed_start(job):
    calls = Calls()
    backend = others.WindowsBackend(runner=calls, base=[r"C:\Billing\billing-desktop.exe"])
    added = installing.Schedules(backend=backend).add(
        schedule(job, "Month end", kind=MONTHLY, at=AT, day="last")
    )
    assert calls.argvs[0][:4] == ["schtasks", "/Create", "/TN", r"\Billing Desktop\Month end"]
    ns = {"t": others.TASK_NS}
    task = ET.fromstring(calls.seen["xml"].split("\n", 1)[1])
    trigger = task.find("t:Triggers/t:CalendarTrigger", ns)
    assert trigger.find("t:StartBoundary", ns).text.endswith("T06:05:00")
    assert trigger.find("t:ScheduleByMonth/t:DaysOfMonth/t:Day", ns).text == "Last"
    assert len(trigger.find("t:ScheduleByMonth/t:Months", ns)) == 12
    assert task.find("t:Settings/t:StartWhenAvailable", ns).text == "true"
    action = task.find("t:Actions/t:Exec", ns)
    assert action.find("t:Command", ns).text == r"C:\Billing\billing-desktop.exe"
    assert action.find("t:Arguments", ns).text == 'schedule run "Month end" --quiet'
    installing.Schedules(backend=backend).remove(added.name)
    assert calls.argvs[-1] == ["schtasks", "/Delete", "/TN", r"\Billing Desktop\Month end", "/F"]


def test_the_launch_agent_holds_the_calendar_interval_and_arguments(job, tmp_path):
    agents, calls = tmp_path / "LaunchAgents", Calls()
    backend = others.LaunchdBackend(agents, runner=calls)
    schedules = installing.Schedules(backend=backend)
    added = schedules.add(schedule(job, "Mondays", kind=WEEKLY, at=AT, weekday=0))
    agent = plistlib.loads(Path(added.installed["files"][0]).read_bytes())
    assert agent["StartCalendarInterval"] == [{"Weekday": 1, "Hour": 6, "Minute": 5}]
    assert agent["ProgramArguments"][-4:] == ["schedule", "run", "Mondays", "--quiet"]
    assert Path(agent["ProgramArguments"][0]).is_absolute()
    last = plistlib.loads(others.launch_agent(schedule(job, kind=MONTHLY, at=AT, day="last")))
    assert [i["Day"] for i in last["StartCalendarInterval"]] == [28, 29, 30, 31]
    assert last["ProgramArguments"][-1] == "--when-last-day"
    schedules.remove("Mondays")
    assert list(agents.iterdir()) == [] and calls.argvs[-1][:2] == ["launchctl", "bootout"]


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def cron_here(tmp_path, monkeypatch):
    crontab = Crontab(tmp_path / "crontab")
    monkeypatch.setattr(installing, "os_backend", crontab.backend)
    return crontab


@pytest.mark.parametrize(
    ("flags", "phrase"),
    [(["--weekly", "Funday"], "The weekday 'Funday'"), (["--monthly", "30"], "1 to 28"),
     (["--daily", "--at", "25:00"], "HH:MM"), (["--daily", "--preset", "Nope"], "No preset")],
)  # fmt: skip
def test_invalid_schedules_are_refused_in_one_sentence(job, cron_here, flags, phrase):
    args = ["schedule", "add", "X", "--preset", "Usage", "--at", "06:05", *flags]
    proc = subprocess.run([sys.executable, "-m", "billing_desktop", *args],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 2 and phrase in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert ScheduleStore().all() == []


def test_list_shows_next_and_last_run_and_remove_leaves_nothing(job, cron_here):
    code, out, err = run_cli("schedule", "add", "Mondays", "--preset", "Usage", "--weekly",
                             "MON", "--at", "07:30", "--folder", str(job))  # fmt: skip
    assert code == 0, err
    assert run_cli("schedule", "run", "Mondays")[0] == 0
    code, out, _ = run_cli("schedule", "list", "--json")
    [row] = json.loads(out)
    expected_next = Recurrence(WEEKLY, time(7, 30), weekday=0).next_after(TEST_NOW)
    assert row["name"] == "Mondays" and row["preset"] == "Usage"
    assert row["recurrence"] == {"kind": "weekly", "at": "07:30", "weekday": "monday"}
    assert datetime.fromisoformat(row["next_run"]) == expected_next
    assert datetime.fromisoformat(row["next_run"]).weekday() == 0
    last = datetime.fromisoformat(row["last_run"])
    assert last.utcoffset() is not None and last == TEST_NOW
    assert row["last_outcome"] == "succeeded"
    assert run_cli("schedule", "remove", "Mondays")[0] == 0
    assert "billing-desktop:" not in cron_here.read() and ScheduleStore().all() == []


def test_a_run_that_cannot_start_is_on_record_with_the_schedule(job, cron_here):
    assert run_cli("schedule", "add", "Usage job", "--preset", "Usage", "--daily", "--at",
                   "06:00", "--folder", str(job))[0] == 0  # fmt: skip
    PresetStore().delete("Usage")
    code, _, err = run_cli("schedule", "run", "Usage job")
    assert code == 2 and "No preset named 'Usage'" in err
    code, _, err = run_cli("schedule", "run", "Gone")
    assert code == 2 and "No schedule named 'Gone'" in err
    failed = failed_scheduled_runs_since(datetime(2026, 11, 1, tzinfo=UTC))
    assert {r.schedule for r in failed} == {"Usage job", "Gone"}
    assert all(r.outcome == "failed" for r in failed)
    assert failure_notice(failed, datetime(2026, 11, 1, 12, tzinfo=UTC)) == (
        "2 scheduled exports failed since 1 November."
    )
    assert failed_scheduled_runs_since(datetime(2026, 11, 21, tzinfo=UTC)) == []
    code, out, _ = run_cli("history", "--json")
    assert {r["schedule"] for r in json.loads(out)} == {"Usage job", "Gone"}


def test_an_older_history_gains_the_schedule_column(tmp_path):
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE exports (id INTEGER PRIMARY KEY, finished_at TEXT NOT NULL, face TEXT"
            " NOT NULL, outcome TEXT NOT NULL, message TEXT NOT NULL, parameters TEXT NOT NULL,"
            " target TEXT, database TEXT NOT NULL, rows INTEGER, bytes INTEGER, input_tokens"
            " INTEGER, output_tokens INTEGER, cost_cents INTEGER, seconds REAL, sha256 TEXT);"
            "INSERT INTO exports (finished_at, face, outcome, message, parameters, database)"
            " VALUES ('2026-11-01T00:00:00+00:00', 'cli', 'succeeded', 'old', '{}', 'db');"
        )
    history = History(path)
    assert history.recent()[0].schedule is None
    assert history.append(HistoryRecord("cli", "failed", "new", {}, None, "db", schedule="S"))
    assert [r.schedule for r in history.recent()] == ["S", None]


def test_next_run_follows_the_local_calendar():
    now = datetime(2026, 11, 20, 10, 30).astimezone()
    assert Recurrence(MONTHLY, AT, day="last").next_after(now).date().isoformat() == "2026-11-30"
    assert Recurrence(MONTHLY, AT, day=1).next_after(now).date().isoformat() == "2026-12-01"
    assert Recurrence(DAILY, time(23, 0)).next_after(now).date().isoformat() == "2026-11-20"
    assert Recurrence(DAILY, time(10, 30)).next_after(now).date().isoformat() == "2026-11-21"
    february = Recurrence(MONTHLY, AT, day="last").next_after(datetime(2028, 2, 1).astimezone())
    assert february.day == calendar.monthrange(2028, 2)[1] == 29
