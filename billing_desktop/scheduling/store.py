"""The schedules and what was installed for each on the operating system's scheduler.

`schedules.json` in the user config folder is the app's own record: listing shows it and
removing removes exactly the entries it names, never guessing from the scheduler's state. It
is written atomically and changed under a lock, as the presets are, so that the window and a
command line changing schedules at once each keep the other's change.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from billing_desktop import config, json_store
from billing_desktop.errors import InvalidInput
from billing_desktop.scheduling.recurrence import Recurrence

MAX_NAME = 80


@dataclass(frozen=True)
class Schedule:
    name: str
    preset: str
    recurrence: Recurrence
    folder: str  # where a preset's relative output goes: the scheduler's runs have no "here"
    profile: str | None = None  # None: whatever connection is in use at run time
    deliver_to: str | None = None  # a second folder that receives a copy
    emails: tuple[str, ...] = ()
    paused: bool = False
    installed: dict[str, Any] = field(default_factory=dict)  # the backend's own record

    def __post_init__(self) -> None:
        check_name(self.name)
        if not self.preset.strip():
            raise InvalidInput("A schedule needs the name of a saved preset.")
        for address in self.emails:
            if not re.fullmatch(r"[^@\s<>,]+@[^@\s<>,]+", address):
                raise InvalidInput(f"'{address}' is not an email address.")
        object.__setattr__(self, "emails", tuple(self.emails))

    @property
    def unit_id(self) -> str:
        """A name for files, units and tasks: the schedule's name in safe letters plus a
        short hash, so that 'Mo/nthly' and 'Mo nthly' never share one."""
        slug = re.sub(r"[^A-Za-z0-9]+", "-", self.name).strip("-").lower()[:40] or "schedule"
        digest = hashlib.sha256(self.name.encode("utf-8")).hexdigest()[:8]
        return f"billing-desktop-{slug}-{digest}"

    def with_installed(self, installed: dict[str, Any]) -> Schedule:
        return replace(self, installed=installed)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "preset": self.preset, "recurrence": self.recurrence.to_json(),
            "folder": self.folder, "profile": self.profile, "deliver_to": self.deliver_to,
            "emails": list(self.emails), "paused": self.paused, "installed": self.installed,
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Schedule:
        try:
            return cls(
                name=str(data["name"]), preset=str(data["preset"]),
                recurrence=Recurrence.from_json(data["recurrence"]), folder=str(data["folder"]),
                profile=_text_or_none(data.get("profile")),
                deliver_to=_text_or_none(data.get("deliver_to")),
                emails=tuple(str(e) for e in data.get("emails") or ()),
                paused=bool(data.get("paused")), installed=dict(data.get("installed") or {}),
            )  # fmt: skip
        except (KeyError, TypeError, AttributeError) as exc:
            raise InvalidInput(f"A saved schedule is incomplete ({exc}).") from None


def _text_or_none(value: Any) -> str | None:
    return str(value) if value else None


def check_name(name: str) -> None:
    if not name.strip():
        raise InvalidInput("A schedule needs a name.")
    if len(name) > MAX_NAME or not name.isprintable():
        raise InvalidInput(f"A schedule's name is printable text of at most {MAX_NAME} letters.")


def schedules_path() -> Path:
    return config.config_dir() / "schedules.json"


class ScheduleStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or schedules_path()

    def all(self) -> list[Schedule]:
        return sorted(self._load().values(), key=lambda s: s.name.casefold())

    def get(self, name: str) -> Schedule:
        schedules = self._load()
        if name not in schedules:
            known = ", ".join(sorted(schedules, key=str.casefold)) or "none yet"
            raise InvalidInput(f"No schedule named '{name}' (schedules: {known}).")
        return schedules[name]

    def put(self, schedule: Schedule) -> None:
        with self.locked():
            schedules = self._load()
            schedules[schedule.name] = schedule
            self._store(schedules)

    def delete(self, name: str) -> None:
        with self.locked():
            schedules = self._load()
            schedules.pop(name, None)
            self._store(schedules)

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """Held while the file is read, changed and replaced."""
        return json_store.locked(self.path, "schedules file")

    def _load(self) -> dict[str, Schedule]:
        data = json_store.read(self.path, "schedules file")
        if data is None:
            return {}
        items = data.get("schedules") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise InvalidInput(f"The schedules file {self.path} is not a schedules file.")
        loaded = (Schedule.from_json(item) for item in items if isinstance(item, dict))
        return {s.name: s for s in loaded}

    def _store(self, schedules: dict[str, Schedule]) -> None:
        items = [s.to_json() for s in sorted(schedules.values(), key=lambda s: s.name)]
        json_store.replace(self.path, {"version": 1, "schedules": items})
