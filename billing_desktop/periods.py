"""Relative periods (`--period last-month`, the dialog's and filter bar's presets).

A period is a name, stored as such in presets, history and manifests, and resolved to an
inclusive date range only when an export runs, from "today" in the export's time zone on an
injectable clock. That is what makes a cron line or a saved preset a one-liner that keeps
meaning "last month" every month.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from billing_desktop.clock import Clock
from billing_desktop.errors import InvalidInput
from billing_desktop.timezones import today_in

DateRange = tuple[date, date]


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _previous_month(day: date) -> DateRange:
    end = _month_start(day) - timedelta(days=1)
    return _month_start(end), end


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _previous_quarter(day: date) -> DateRange:
    end = _quarter_start(day) - timedelta(days=1)
    return _quarter_start(end), end


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())  # ISO weeks: Monday first


# name -> (label for the window, range seen from today). Ranges are inclusive. The "this-…"
# periods stop at today, like the dashboard's "This month" and the CLI's default range: nothing
# after today exists yet, and a file of "this month" made on the 10th must not claim the month's
# remaining days. So "this-year" and "year-to-date" (the accountants' name) are the same range.
_PERIODS: dict[str, tuple[str, Callable[[date], DateRange]]] = {
    "today": ("Today", lambda t: (t, t)),
    "yesterday": ("Yesterday", lambda t: (t - timedelta(days=1), t - timedelta(days=1))),
    "this-week": ("This week", lambda t: (_week_start(t), t)),
    "last-week": (
        "Last week",
        lambda t: (_week_start(t) - timedelta(days=7), _week_start(t) - timedelta(days=1)),
    ),
    "last-7-days": ("Last 7 days", lambda t: (t - timedelta(days=6), t)),
    "last-30-days": ("Last 30 days", lambda t: (t - timedelta(days=29), t)),
    "this-month": ("This month", lambda t: (_month_start(t), t)),
    "last-month": ("Last month", _previous_month),
    "this-quarter": ("This quarter", lambda t: (_quarter_start(t), t)),
    "last-quarter": ("Last quarter", _previous_quarter),
    "this-year": ("This year", lambda t: (date(t.year, 1, 1), t)),
    "last-year": ("Last year", lambda t: (date(t.year - 1, 1, 1), date(t.year - 1, 12, 31))),
    "year-to-date": ("Year to date", lambda t: (date(t.year, 1, 1), t)),
}

PERIODS: tuple[str, ...] = tuple(_PERIODS)


def period_label(name: str) -> str:
    """ "last-month" -> "Last month"."""
    return _PERIODS[check_period(name)][0]


def period_from_label(label: str) -> str | None:
    """The period a window label stands for, or None (for "Custom")."""
    return next((name for name, (text, _) in _PERIODS.items() if text == label), None)


def check_period(name: str) -> str:
    if name not in _PERIODS:
        raise InvalidInput(f"Unknown period '{name}': use one of {', '.join(PERIODS)}")
    return name


def range_from_today(name: str, today: date) -> DateRange:
    """The inclusive range `name` stands for on the day `today`."""
    return _PERIODS[check_period(name)][1](today)


def resolve_period(name: str, zone_name: str, clock: Clock | None = None) -> DateRange:
    """The inclusive range of `name` now, with "today" taken in the export's time zone."""
    return range_from_today(name, today_in(zone_name, clock))
