"""Windows Task Scheduler and macOS launchd: a task XML for `schtasks /Create /XML`, a
launch agent's property list for `launchctl bootstrap`.

Task Scheduler's "run as soon as possible after a missed start" is StartWhenAvailable.
launchd runs a calendar job missed while the Mac slept when it wakes (not one missed while it
was off); it has no "last day of the month", so that runs on days 28 to 31 and the command
checks the date.
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from billing_desktop.scheduling.command import Runner, run_argv, run_os_command
from billing_desktop.scheduling.recurrence import DAILY, MONTHLY, WEEKDAYS, Recurrence
from billing_desktop.scheduling.store import Schedule

TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"
TASK_FOLDER = "Billing Desktop"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


# Catch up a missed start; run on battery too; one run at a time; stop a hung run.
_TASK_SETTINGS = (
    ("StartWhenAvailable", "true"), ("DisallowStartIfOnBatteries", "false"),
    ("StopIfGoingOnBatteries", "false"), ("MultipleInstancesPolicy", "IgnoreNew"),
    ("ExecutionTimeLimit", "PT4H"), ("Enabled", "true"),
)  # fmt: skip


# -- Windows ------------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _calendar(trigger: ET.Element, recurrence: Recurrence) -> None:
    if recurrence.kind == DAILY:
        _sub(_sub(trigger, "ScheduleByDay"), "DaysInterval", "1")
    elif recurrence.kind == MONTHLY:
        by_month = _sub(trigger, "ScheduleByMonth")
        day = "Last" if recurrence.last_day else str(recurrence.day)
        _sub(_sub(by_month, "DaysOfMonth"), "Day", day)
        months = _sub(by_month, "Months")
        for month in _MONTHS:
            _sub(months, month)
    else:
        assert recurrence.weekday is not None
        by_week = _sub(trigger, "ScheduleByWeek")
        _sub(_sub(by_week, "DaysOfWeek"), WEEKDAYS[recurrence.weekday].title())
        _sub(by_week, "WeeksInterval", "1")


def task_xml(schedule: Schedule, argv: list[str]) -> str:
    task = ET.Element("Task", {"version": "1.2", "xmlns": TASK_NS})
    info = _sub(task, "RegistrationInfo")
    _sub(info, "Description", f"Billing Desktop scheduled export: {schedule.name}")
    trigger = _sub(_sub(task, "Triggers"), "CalendarTrigger")
    # A start boundary in the past: the trigger's time of day is all that counts.
    _sub(trigger, "StartBoundary", f"2024-01-01T{schedule.recurrence.at:%H:%M}:00")
    _sub(trigger, "Enabled", "true")
    _calendar(trigger, schedule.recurrence)
    principal = _sub(_sub(task, "Principals"), "Principal", None)
    principal.set("id", "Author")
    _sub(principal, "LogonType", "InteractiveToken")
    _sub(principal, "RunLevel", "LeastPrivilege")
    settings = _sub(task, "Settings")
    for tag, value in _TASK_SETTINGS:
        _sub(settings, tag, value)
    actions = _sub(task, "Actions")
    actions.set("Context", "Author")
    execute = _sub(actions, "Exec")
    _sub(execute, "Command", argv[0])
    _sub(execute, "Arguments", subprocess.list2cmdline(argv[1:]))
    return '<?xml version="1.0" encoding="UTF-16"?>\n' + ET.tostring(task, encoding="unicode")


class WindowsBackend:
    name = "windows"

    def __init__(self, runner: Runner | None = None, base: list[str] | None = None) -> None:
        self.runner = runner or run_os_command
        self.base = base

    def task_name(self, schedule: Schedule) -> str:
        return f"\\{TASK_FOLDER}\\{schedule.name}"

    def install(self, schedule: Schedule) -> dict[str, Any]:
        xml = task_xml(schedule, run_argv(schedule.name, base=self.base))
        fd, temp = tempfile.mkstemp(suffix=".xml")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(xml.encode("utf-16"))  # what schtasks expects, with its BOM
            name = self.task_name(schedule)
            self.runner(["schtasks", "/Create", "/TN", name, "/XML", temp, "/F"])
        finally:
            Path(temp).unlink(missing_ok=True)
        return {"backend": self.name, "task": name}

    def remove(self, schedule: Schedule) -> None:
        task = schedule.installed.get("task")
        if task:
            self.runner(["schtasks", "/Delete", "/TN", task, "/F"])


# -- macOS --------------------------------------------------------------------------------------


def calendar_intervals(recurrence: Recurrence) -> list[dict[str, int]]:
    at = {"Hour": recurrence.at.hour, "Minute": recurrence.at.minute}
    if recurrence.kind == DAILY:
        return [at]
    if recurrence.kind == MONTHLY:
        if recurrence.last_day:
            return [{"Day": day, **at} for day in (28, 29, 30, 31)]
        assert isinstance(recurrence.day, int)
        return [{"Day": recurrence.day, **at}]
    assert recurrence.weekday is not None
    return [{"Weekday": (recurrence.weekday + 1) % 7, **at}]  # launchd: 0 is Sunday


def launch_agent(schedule: Schedule, base: list[str] | None = None) -> bytes:
    argv = run_argv(schedule.name, last_day_check=schedule.recurrence.last_day, base=base)
    return plistlib.dumps({
        "Label": f"com.billing-desktop.{schedule.unit_id}",
        "ProgramArguments": argv,
        "StartCalendarInterval": calendar_intervals(schedule.recurrence),
        "RunAtLoad": False,
    })  # fmt: skip


class LaunchdBackend:
    name = "launchd"

    def __init__(self, agents_dir: Path | None = None, runner: Runner | None = None,
                 base: list[str] | None = None) -> None:  # fmt: skip
        self.agents_dir = agents_dir or Path.home() / "Library" / "LaunchAgents"
        self.runner = runner or run_os_command
        self.base = base

    def install(self, schedule: Schedule) -> dict[str, Any]:
        self.agents_dir.mkdir(parents=True, exist_ok=True)
        path = self.agents_dir / f"com.billing-desktop.{schedule.unit_id}.plist"
        path.write_bytes(launch_agent(schedule, self.base))
        try:
            self.runner(["launchctl", "bootstrap", f"gui/{os.getuid()}", str(path)])
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return {"backend": self.name, "files": [str(path)]}

    def remove(self, schedule: Schedule) -> None:
        for name in schedule.installed.get("files", []):
            path = Path(name)
            if path.exists():
                label = plistlib.loads(path.read_bytes())["Label"]
                self.runner(["launchctl", "bootout", f"gui/{os.getuid()}/{label}"])
            path.unlink(missing_ok=True)
