"""The suite's fixed clock: no test depends on the day it runs.

`conftest.py` pins it for every test, in-process and in subprocesses, through
BILLING_DESKTOP_NOW; tests that need "today" use TODAY, never date.today().
CI also runs the suite with the wall clock moved to another day (BILLING_TEST_WALL_CLOCK, see
conftest.py), which catches any code that asks the real clock behind the app's back.
"""

from __future__ import annotations

from datetime import UTC, datetime

from billing_desktop.clock import FixedClock

# A weekday late in the seed data's year, so "This month" holds seeded events (1-2 November).
TEST_NOW = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
TEST_CLOCK = FixedClock(TEST_NOW)
TODAY = TEST_NOW.date()
