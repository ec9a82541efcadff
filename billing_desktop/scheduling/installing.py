"""Adding, removing, pausing and listing schedules: the store and the operating system's
scheduler changed together, the store last on adding and first-checked on removing, so that the
app's record never names an entry that is not there, nor forgets one that is."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from billing_desktop.clock import Clock, system_clock
from billing_desktop.errors import InvalidInput
from billing_desktop.history import History
from billing_desktop.scheduling.store import Schedule, ScheduleStore


class Backend(Protocol):
    name: str

    def install(self, schedule: Schedule) -> dict[str, Any]: ...

    def remove(self, schedule: Schedule) -> None: ...


def os_backend() -> Backend:
    """This system's scheduler: Task Scheduler, launchd, a systemd user timer, else cron."""
    from billing_desktop.scheduling import linux, others

    if sys.platform == "win32":
        return others.WindowsBackend()
    if sys.platform == "darwin":
        return others.LaunchdBackend()
    return linux.SystemdBackend() if linux.user_systemd_available() else linux.CronBackend()


class Schedules:
    """The schedules as the command line and the window change them."""

    def __init__(self, store: ScheduleStore | None = None, backend: Backend | None = None,
                 history: History | None = None) -> None:  # fmt: skip
        self.store = store or ScheduleStore()
        self._backend = backend
        self.history = history

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = os_backend()
        return self._backend

    def add(self, schedule: Schedule, *, replacing: bool = False) -> Schedule:
        existing = {s.name: s for s in self.store.all()}
        if schedule.name in existing:
            if not replacing:
                raise InvalidInput(f"A schedule named '{schedule.name}' exists already.")
            self.remove(schedule.name)
        installed = schedule
        if not schedule.paused:
            installed = schedule.with_installed(self.backend.install(schedule))
        self.store.put(installed)
        return installed

    def remove(self, name: str) -> None:
        schedule = self.store.get(name)
        if schedule.installed:
            self.backend.remove(schedule)
        self.store.delete(name)

    def pause(self, name: str, paused: bool = True) -> Schedule:
        """Pausing removes the OS's entry and keeps the schedule; resuming installs it again."""
        schedule = self.store.get(name)
        if schedule.paused == paused:
            return schedule
        if paused:
            if schedule.installed:
                self.backend.remove(schedule)
            changed = replace(schedule, paused=True, installed={})
        else:
            changed = replace(schedule, paused=False)
            changed = changed.with_installed(self.backend.install(changed))
        self.store.put(changed)
        return changed

    def rows(self, clock: Clock | None = None) -> list[dict[str, Any]]:
        """Each schedule with its next run and its last run's outcome, for `schedule list`
        and the window. Times are local, ISO 8601 with their offset."""
        now = (clock or system_clock()).now()
        history = self.history if self.history is not None else History()
        return [_row(s, now, history) for s in self.store.all()]


def _row(schedule: Schedule, now: datetime, history: History) -> dict[str, Any]:
    last = history.scheduled(name=schedule.name, limit=1)
    last_run = None
    if last:
        last_run = datetime.fromisoformat(last[0].finished_at).astimezone().isoformat()
    next_run = None if schedule.paused else schedule.recurrence.next_after(now).isoformat()
    return {
        "name": schedule.name, "preset": schedule.preset,
        "recurrence": schedule.recurrence.to_json(),
        "description": schedule.recurrence.describe(),
        "next_run": next_run, "last_run": last_run,
        "last_outcome": last[0].outcome if last else None,
        "last_message": last[0].message if last else None,
        "profile": schedule.profile, "folder": schedule.folder,
        "deliver_to": schedule.deliver_to, "emails": list(schedule.emails),
        "paused": schedule.paused, "scheduler": schedule.installed.get("backend"),
    }  # fmt: skip
