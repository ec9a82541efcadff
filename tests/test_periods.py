"""Relative periods (`--period last-month` and the like), on fixed clocks at month, quarter and
year edges and across DST, in zones on both sides of UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from billing_desktop.clock import FixedClock
from billing_desktop.errors import InvalidInput
from billing_desktop.periods import (
    PERIODS,
    period_from_label,
    period_label,
    range_from_today,
    resolve_period,
)

D = date


@pytest.mark.parametrize(
    ("name", "today", "expected"),
    [
        ("today", D(2026, 3, 1), (D(2026, 3, 1), D(2026, 3, 1))),
        ("yesterday", D(2026, 3, 1), (D(2026, 2, 28), D(2026, 2, 28))),
        ("yesterday", D(2028, 3, 1), (D(2028, 2, 29), D(2028, 2, 29))),  # leap year
        ("yesterday", D(2027, 1, 1), (D(2026, 12, 31), D(2026, 12, 31))),
        # ISO weeks start on Monday: 2026-11-16 is a Monday, 2026-11-22 a Sunday.
        ("this-week", D(2026, 11, 16), (D(2026, 11, 16), D(2026, 11, 16))),
        ("this-week", D(2026, 11, 22), (D(2026, 11, 16), D(2026, 11, 22))),
        ("last-week", D(2026, 11, 22), (D(2026, 11, 9), D(2026, 11, 15))),
        ("last-week", D(2027, 1, 1), (D(2026, 12, 21), D(2026, 12, 27))),  # across the year
        ("last-7-days", D(2026, 3, 3), (D(2026, 2, 25), D(2026, 3, 3))),
        ("last-30-days", D(2026, 3, 1), (D(2026, 1, 31), D(2026, 3, 1))),
        ("this-month", D(2026, 12, 1), (D(2026, 12, 1), D(2026, 12, 1))),
        ("this-month", D(2026, 12, 31), (D(2026, 12, 1), D(2026, 12, 31))),
        ("last-month", D(2026, 3, 31), (D(2026, 2, 1), D(2026, 2, 28))),
        ("last-month", D(2027, 1, 1), (D(2026, 12, 1), D(2026, 12, 31))),
        ("this-quarter", D(2026, 9, 30), (D(2026, 7, 1), D(2026, 9, 30))),
        ("this-quarter", D(2026, 10, 1), (D(2026, 10, 1), D(2026, 10, 1))),
        ("last-quarter", D(2026, 10, 1), (D(2026, 7, 1), D(2026, 9, 30))),
        ("last-quarter", D(2026, 2, 14), (D(2025, 10, 1), D(2025, 12, 31))),
        ("this-year", D(2026, 12, 31), (D(2026, 1, 1), D(2026, 12, 31))),
        ("last-year", D(2027, 1, 1), (D(2026, 1, 1), D(2026, 12, 31))),
        ("year-to-date", D(2026, 1, 1), (D(2026, 1, 1), D(2026, 1, 1))),
    ],
)
def test_each_period_from_a_given_day(name, today, expected):
    assert range_from_today(name, today) == expected


def test_every_period_is_a_valid_inclusive_range_on_every_day_of_two_years():
    day = D(2026, 1, 1)
    while day < D(2028, 1, 1):
        for name in PERIODS:
            start, end = range_from_today(name, day)
            assert start <= end <= day, (name, day)
        day = day.fromordinal(day.toordinal() + 1)


# 2027-01-01 04:30 UTC is still 2026-12-31 in New York and already 2027 in Berlin and Tokyo.
NEW_YEAR_UTC = FixedClock(datetime(2027, 1, 1, 4, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", (D(2026, 11, 1), D(2026, 11, 30))),
        ("Europe/Berlin", (D(2026, 12, 1), D(2026, 12, 31))),
        ("Asia/Tokyo", (D(2026, 12, 1), D(2026, 12, 31))),
        ("UTC", (D(2026, 12, 1), D(2026, 12, 31))),
    ],
)
def test_last_month_is_resolved_in_the_export_zone(zone, expected):
    assert resolve_period("last-month", zone, NEW_YEAR_UTC) == expected


@pytest.mark.parametrize(
    ("instant", "zone", "today"),
    [
        # Berlin leaves summer time on 2026-10-25 at 01:00 UTC: 23:30 UTC on the 24th is already
        # the 25th there (UTC+2), and 23:30 UTC on the 25th is the 26th (now UTC+1).
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), "Europe/Berlin", D(2026, 10, 25)),
        (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), "Europe/Berlin", D(2026, 10, 25)),
        (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), "Europe/Berlin", D(2026, 10, 26)),
        # New York springs forward on 2026-03-08: 04:59 UTC is 23:59 EST on the 7th.
        (datetime(2026, 3, 8, 4, 59, tzinfo=UTC), "America/New_York", D(2026, 3, 7)),
        (datetime(2026, 3, 9, 3, 59, tzinfo=UTC), "America/New_York", D(2026, 3, 8)),
        (datetime(2026, 3, 9, 4, 0, tzinfo=UTC), "America/New_York", D(2026, 3, 9)),
    ],
)
def test_today_across_dst_changes(instant, zone, today):
    assert resolve_period("today", zone, FixedClock(instant)) == (today, today)
    assert resolve_period("this-week", zone, FixedClock(instant))[1] == today


def test_unknown_period_is_invalid_input_naming_the_choices():
    with pytest.raises(InvalidInput, match="Unknown period 'last-fortnight': use one of today,"):
        resolve_period("last-fortnight", "UTC", NEW_YEAR_UTC)


def test_labels_round_trip():
    for name in PERIODS:
        assert period_from_label(period_label(name)) == name
    assert period_from_label("Custom range") is None
