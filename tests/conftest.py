"""Shared fixtures: isolated user folders, a real throwaway PostgreSQL, SQLite files, data.

Every test gets its own config/data/log folders (platformdirs honours XDG_* on Linux), so no
test ever touches the real user's settings or embedded database.
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from clockfix import TEST_NOW
from pgserver import PostgresServer
from seed import seed_rows

from billing_desktop.clock import ENV_NOW
from billing_desktop.db.connection import Database

# The suite's clock (clockfix.py), for every fixture and test, in-process and in subprocesses.
os.environ[ENV_NOW] = TEST_NOW.isoformat()

# Proof that no test depends on the day it runs: `.ci/run` runs the suite a second time with
# Python's wall clock (time.time, date.today, datetime.now, localtime) moved to another day.
# Anything that reads the real clock instead of billing_desktop.clock then sees that day.
# (Debian's faketime cannot do this for Python: libfaketime 0.9.10 hangs or fails time.sleep.)
WALL_CLOCK = os.environ.get("BILLING_TEST_WALL_CLOCK")
if WALL_CLOCK:
    from zoneinfo import ZoneInfo

    import time_machine

    # time-machine sets the process's local zone to the destination's zone: keep TZ's.
    moved_to = datetime.fromisoformat(WALL_CLOCK).astimezone(ZoneInfo(os.environ.get("TZ", "UTC")))
    time_machine.travel(moved_to, tick=True).start()


def pytest_report_header():
    if WALL_CLOCK:
        return f"wall clock moved to {WALL_CLOCK}: date.today() is {date.today()} here"
    return None


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory, monkeypatch):
    """Point every platformdirs folder at a fresh temporary place; no DB in the environment."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):  # fmt: skip
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("BILLING_DATABASE_URL", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return home


@pytest.fixture(scope="session")
def pg_server():
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty PostgreSQL database for one test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'billing.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request):
    """Run a test once on each backend."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def seeded_sqlite(sqlite_url):
    """The URL of a SQLite file holding the tricky data set of seed.py."""
    db = Database(sqlite_url, create=True)
    seed_rows(db)
    db.dispose()
    return sqlite_url


@pytest.fixture
def seeded(any_url):
    """A database on each backend holding the tricky data set of seed.py."""
    db = Database(any_url, create=True)
    seed_rows(db)
    yield db
    db.dispose()


@pytest.fixture(autouse=True)
def collected_after():
    """Collect garbage after each test: an object left open (a connection, a file) then warns
    in the test that left it, not in whichever test the collector happens to run in. What
    survives is frozen (gc.freeze), so each collection scans only the last test's objects."""
    yield
    import gc

    gc.collect()
    gc.freeze()
