"""What time it is: the one place the app asks, so that nothing depends on the day it runs.

Every piece that is relative to "now" (date presets and periods, default ranges, demo data,
default file names, `exportedAt`) takes a `Clock`. The app passes `system_clock()`; tests pass a
`FixedClock`. `BILLING_DESKTOP_NOW` (an ISO instant such as `2026-06-15T12:00:00Z`) pins the
system clock for a whole process: test subprocesses and reproducible runs use it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import Protocol

ENV_NOW = "BILLING_DESKTOP_NOW"


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """Always the same instant (naive instants are taken as UTC)."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant if instant.tzinfo else instant.replace(tzinfo=UTC)

    def now(self) -> datetime:
        return self.instant

    def __repr__(self) -> str:
        return f"FixedClock({self.instant.isoformat()})"


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant; `Z` and a missing offset both mean UTC."""
    instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def system_clock() -> Clock:
    """The real clock, or the instant pinned by BILLING_DESKTOP_NOW (read at each call, so a
    test can set it for a subprocess or for the whole run)."""
    pinned = os.environ.get(ENV_NOW, "").strip()
    if pinned:
        try:
            return FixedClock(parse_instant(pinned))
        except ValueError:
            pass  # a malformed pin is ignored rather than breaking every command
    return SystemClock()


def local_today(clock: Clock | None = None) -> date:
    """Today on the user's own clock (the machine's local zone): default file names."""
    return (clock or system_clock()).now().astimezone().date()
