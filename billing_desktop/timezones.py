"""Day boundaries in an IANA zone, worked out in Python for both backends.

One set of zone rules decides everything: the UTC bounds of a range and the local date of each
event. Neither database is asked for zone rules (SQLite has none; a PostgreSQL server may have
other tzdata than the app, or not know the zone). The database gets the UTC bounds plus the few
spans of constant UTC offset inside the range, and shifts each event by its span's offset.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from billing_desktop.clock import Clock, system_clock
from billing_desktop.errors import InvalidInput

# Offsets are probed this often; no zone changes its offset twice within six hours.
_PROBE_STEP = timedelta(hours=6)


# Files of the zone database that are no place's zone: the system's own setting ("localtime",
# which differs from machine to machine), the default of unconfigured systems ("Factory")
# and the template of POSIX TZ strings ("posixrules").
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})


def _zone_names() -> set[str]:
    # Not cached: the zone files in use can change (zoneinfo.reset_tzpath); zone() is.
    return available_timezones() - _NOT_ZONES


# The zone database's copies of every zone under other rules, which list no zone of their own.
_NOT_ZONE_FOLDERS = ("posix/", "right/")


def _listed(name: str) -> bool:
    """Whether `name` is one of the zone database's zones, for a name whose file loads.

    Listing every zone reads the whole zone folder (tens of milliseconds, on every command
    that names a zone). On Linux the file system tells names apart by case, so a file that
    loads under `name` is that zone's own file; elsewhere "europe/berlin" can load Berlin's
    file, so the list decides."""
    if name in _NOT_ZONES or name.startswith(_NOT_ZONE_FOLDERS):
        return False
    return sys.platform == "linux" or name in _zone_names()


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, or InvalidInput naming the bad zone."""
    try:
        if isinstance(name, str) and _listed(name):
            return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    raise InvalidInput(f"Unknown time zone '{name}': use an IANA name such as Europe/Berlin")


def all_zone_names() -> list[str]:
    return sorted(_zone_names())


def day_start_utc(day: date, zone_name: str) -> datetime:
    """The first instant of `day` in the zone, in UTC. A midnight that falls in a DST gap
    resolves (fold=0) to the moment the clocks jump, which is where that day begins."""
    local = datetime.combine(day, time(0), tzinfo=zone(zone_name))
    return local.astimezone(UTC)


def range_bounds_utc(start: date, end: date, zone_name: str) -> tuple[datetime, datetime]:
    """[first instant of start, first instant of the day after end) in UTC."""
    return day_start_utc(start, zone_name), day_start_utc(end + timedelta(days=1), zone_name)


def today_in(zone_name: str, clock: Clock | None = None) -> date:
    """Today in the zone, on `clock` (the system clock by default)."""
    return (clock or system_clock()).now().astimezone(zone(zone_name)).date()


@dataclass(frozen=True)
class OffsetSpan:
    """Events before `until` (UTC, None = open end) are `offset_seconds` away from UTC."""

    until: datetime | None
    offset_seconds: int


def _offset(instant: datetime, tz: ZoneInfo) -> int:
    offset = instant.astimezone(tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def offset_spans(zone_name: str, start_utc: datetime, end_utc: datetime) -> list[OffsetSpan]:
    """The spans of constant UTC offset covering [start_utc, end_utc), in order."""
    tz = zone(zone_name)
    spans: list[OffsetSpan] = []
    current = _offset(start_utc, tz)
    probe = start_utc
    while probe < end_utc:
        nxt = min(probe + _PROBE_STEP, end_utc)
        if _offset(nxt, tz) != current:
            change = _first_change(probe, nxt, current, tz)
            spans.append(OffsetSpan(change, current))
            current = _offset(change, tz)
            probe = change
        else:
            probe = nxt
    spans.append(OffsetSpan(None, current))
    return spans


def _first_change(lo: datetime, hi: datetime, before: int, tz: ZoneInfo) -> datetime:
    """Bisect to the first whole second in (lo, hi] whose offset differs from `before`."""
    lo_s, hi_s = int(lo.timestamp()), int(hi.timestamp())
    while hi_s - lo_s > 1:
        mid = (lo_s + hi_s) // 2
        if _offset(datetime.fromtimestamp(mid, UTC), tz) == before:
            lo_s = mid
        else:
            hi_s = mid
    return datetime.fromtimestamp(hi_s, UTC)
