"""When a schedule runs: monthly on a day (1-28, or the last day), weekly on a weekday, or
daily, at a time of day on the machine's own clock.

Days 29-31 are refused: they do not exist every month, and each scheduler skips such a month
differently. `last` says what is usually meant. The next run is computed here for the list
and the window; the operating system's scheduler decides the real one from the same values.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from billing_desktop.errors import InvalidInput

MONTHLY, WEEKLY, DAILY = "monthly", "weekly", "daily"
LAST = "last"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class Recurrence:
    kind: str  # MONTHLY, WEEKLY or DAILY
    at: time
    day: int | str | None = None  # monthly: 1-28 or LAST
    weekday: int | None = None  # weekly: 0 is Monday, as in datetime

    def __post_init__(self) -> None:
        if self.kind == MONTHLY:
            if self.day != LAST and not (isinstance(self.day, int) and 1 <= self.day <= 28):
                raise InvalidInput(f"A monthly day is 1 to 28 or 'last', not '{self.day}'.")
        elif self.kind == WEEKLY:
            if not (isinstance(self.weekday, int) and 0 <= self.weekday <= 6):
                raise InvalidInput("A weekly schedule needs a weekday.")
        elif self.kind != DAILY:
            raise InvalidInput(f"Unknown recurrence '{self.kind}'.")

    @property
    def last_day(self) -> bool:
        return self.kind == MONTHLY and self.day == LAST

    def describe(self) -> str:
        """'monthly on day 1 at 06:05', 'weekly on Monday at 07:00', 'daily at 23:30'."""
        at = self.at.strftime("%H:%M")
        if self.kind == MONTHLY:
            on = "the last day" if self.last_day else f"day {self.day}"
            return f"monthly on {on} at {at}"
        if self.kind == WEEKLY:
            assert self.weekday is not None
            return f"weekly on {WEEKDAYS[self.weekday].title()} at {at}"
        return f"daily at {at}"

    def next_after(self, instant: datetime) -> datetime:
        """The first run strictly after `instant`, as an aware local time. Each candidate day
        is made a local time only at the end, so a change of summer time is respected."""
        local = instant.astimezone()
        day = local.date()
        for _ in range(400):
            if self.runs_on(day):
                candidate = datetime.combine(day, self.at).astimezone()
                if candidate > local:
                    return candidate
            day += timedelta(days=1)
        raise AssertionError("no run within 400 days")  # every recurrence runs within a year

    def runs_on(self, day: date) -> bool:
        if self.kind == DAILY:
            return True
        if self.kind == WEEKLY:
            return day.weekday() == self.weekday
        if self.last_day:
            return day.day == calendar.monthrange(day.year, day.month)[1]
        return day.day == self.day

    # -- JSON -----------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "at": self.at.strftime("%H:%M")}
        if self.kind == MONTHLY:
            out["day"] = self.day
        if self.kind == WEEKLY:
            assert self.weekday is not None
            out["weekday"] = WEEKDAYS[self.weekday]
        return out

    @classmethod
    def from_json(cls, data: Any) -> Recurrence:
        if not isinstance(data, dict):
            raise InvalidInput("A schedule's recurrence is not a set of values.")
        kind = data.get("kind")
        at = parse_time(str(data.get("at", "")))
        if kind == MONTHLY:
            return cls(MONTHLY, at, day=parse_day(str(data.get("day"))))
        if kind == WEEKLY:
            return cls(WEEKLY, at, weekday=parse_weekday(str(data.get("weekday"))))
        return cls(str(kind), at)


def parse_time(text: str) -> time:
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise InvalidInput(f"The time '{text}' is not HH:MM on a 24-hour clock (such as 06:05).")
    return time(int(match[1]), int(match[2]))


def parse_day(text: str) -> int | str:
    value = text.strip().lower()
    if value == LAST:
        return LAST
    if value.isdigit() and 1 <= int(value) <= 28:
        return int(value)
    raise InvalidInput(
        f"The monthly day '{text}' is not 1 to 28 or 'last' (days 29 to 31 are missing in "
        "some months)."
    )


def parse_weekday(text: str) -> int:
    value = text.strip().lower()
    for number, name in enumerate(WEEKDAYS):
        if value in (name, name[:3]):
            return number
    raise InvalidInput(f"The weekday '{text}' is not a day such as Monday or mon.")
