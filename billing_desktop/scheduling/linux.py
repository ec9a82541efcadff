"""Linux: a systemd user timer, or one tagged crontab line where there is no user systemd."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from billing_desktop.scheduling.command import Runner, run_argv, run_os_command
from billing_desktop.scheduling.recurrence import DAILY, MONTHLY, WEEKDAYS, Recurrence
from billing_desktop.scheduling.store import Schedule

CRON_TAG = "# billing-desktop:"


def user_systemd_available() -> bool:
    """A user service manager answers on the runtime folder's private socket."""
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return shutil.which("systemctl") is not None and (Path(runtime) / "systemd/private").exists()


def user_unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


# -- systemd ------------------------------------------------------------------------------------


def on_calendar(recurrence: Recurrence) -> str:
    """systemd's calendar event: '*-*-01 06:05:00', '*-*~01 ...' (the last day), 'Mon *-*-* ...'."""
    at = recurrence.at.strftime("%H:%M:00")
    if recurrence.kind == MONTHLY:
        return f"*-*~01 {at}" if recurrence.last_day else f"*-*-{recurrence.day:02d} {at}"
    if recurrence.kind == DAILY:
        return f"*-*-* {at}"
    assert recurrence.weekday is not None
    return f"{WEEKDAYS[recurrence.weekday][:3].title()} *-*-* {at}"


def systemd_quote(arg: str) -> str:
    """One ExecStart argument: double-quoted, with systemd's specifiers (%) and variables ($)
    doubled so that a name holding them reaches the command as typed."""
    text = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{text}"'


def _unit_text(text: str) -> str:
    """A description line: no specifiers, no line breaks."""
    return re.sub(r"\s+", " ", text).replace("%", "%%")


def service_unit(schedule: Schedule, argv: Sequence[str]) -> str:
    return (
        "[Unit]\n"
        f"Description=Billing Desktop scheduled export: {_unit_text(schedule.name)}\n\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(systemd_quote(a) for a in argv)}\n"
    )


def timer_unit(schedule: Schedule) -> str:
    return (
        "[Unit]\n"
        f"Description=Billing Desktop: {_unit_text(schedule.recurrence.describe())}\n\n"
        "[Timer]\n"
        f"OnCalendar={on_calendar(schedule.recurrence)}\n"
        "Persistent=true\n"
        f"Unit={schedule.unit_id}.service\n\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


class SystemdBackend:
    name = "systemd"

    def __init__(self, unit_dir: Path | None = None, runner: Runner | None = None,
                 base: list[str] | None = None) -> None:  # fmt: skip
        self.unit_dir = unit_dir or user_unit_dir()
        self.runner = runner or run_os_command
        self.base = base

    def install(self, schedule: Schedule) -> dict[str, Any]:
        self.unit_dir.mkdir(parents=True, exist_ok=True)
        service = self.unit_dir / f"{schedule.unit_id}.service"
        timer = self.unit_dir / f"{schedule.unit_id}.timer"
        service.write_text(service_unit(schedule, run_argv(schedule.name, base=self.base)))
        timer.write_text(timer_unit(schedule))
        installed = {"backend": self.name, "files": [str(service), str(timer)]}
        try:
            self.runner(["systemctl", "--user", "daemon-reload"])
            self.runner(["systemctl", "--user", "enable", "--now", timer.name])
        except BaseException:
            self.remove(schedule.with_installed(installed))
            raise
        return installed

    def remove(self, schedule: Schedule) -> None:
        files = [Path(f) for f in schedule.installed.get("files", [])]
        timers = [f.name for f in files if f.suffix == ".timer" and f.exists()]
        if timers:
            self.runner(["systemctl", "--user", "disable", "--now", *timers])
        for path in files:
            path.unlink(missing_ok=True)
        if files:
            self.runner(["systemctl", "--user", "daemon-reload"])


# -- cron ---------------------------------------------------------------------------------------


def cron_fields(recurrence: Recurrence) -> str:
    """Minute, hour, day of month, month, day of week. The last day runs on 28-31 and the
    command checks the date (cron has no 'last')."""
    m, h = recurrence.at.minute, recurrence.at.hour
    if recurrence.kind == MONTHLY:
        return f"{m} {h} {'28-31' if recurrence.last_day else recurrence.day} * *"
    if recurrence.kind == DAILY:
        return f"{m} {h} * * *"
    assert recurrence.weekday is not None
    return f"{m} {h} * * {(recurrence.weekday + 1) % 7}"


def cron_line(schedule: Schedule, base: list[str] | None = None) -> str:
    argv = run_argv(schedule.name, last_day_check=schedule.recurrence.last_day, base=base)
    # cron ends a command at an unescaped % and feeds the rest to standard input.
    command = " ".join(shlex.quote(a) for a in argv).replace("%", "\\%")
    return f"{cron_fields(schedule.recurrence)} {command} {CRON_TAG}{schedule.unit_id}"


def read_crontab() -> str:
    try:
        return run_os_command(["crontab", "-l"])
    except Exception as exc:
        if "no crontab" in str(exc).lower():
            return ""
        raise


def write_crontab(text: str) -> None:
    run_os_command(["crontab", "-"], stdin=text)


class CronBackend:
    name = "cron"

    def __init__(self, read: Callable[[], str] | None = None,
                 write: Callable[[str], None] | None = None,
                 base: list[str] | None = None) -> None:  # fmt: skip
        self.read = read or read_crontab
        self.write = write or write_crontab
        self.base = base

    def install(self, schedule: Schedule) -> dict[str, Any]:
        line = cron_line(schedule, self.base)
        kept = _without_tag(self.read(), schedule.unit_id)
        self.write("".join(f"{ln}\n" for ln in [*kept, line]))
        return {"backend": self.name, "line": line}

    def remove(self, schedule: Schedule) -> None:
        current = self.read()
        kept = _without_tag(current, schedule.unit_id)
        if len(kept) != len(current.splitlines()):
            self.write("".join(f"{ln}\n" for ln in kept))


def _without_tag(crontab: str, unit_id: str) -> list[str]:
    """Every line but the one that ends with this schedule's tag: the user's own lines stay."""
    tag = f"{CRON_TAG}{unit_id}"
    return [ln for ln in crontab.splitlines() if not ln.rstrip().endswith(tag)]
