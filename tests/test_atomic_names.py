"""Temporary names stay within the file system's limit."""

from __future__ import annotations

import os
import time
from datetime import date

from seed import seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.export.atomic import (
    FOREIGN_STALE_AFTER_S,
    HOST_TAG,
    clean_stale_partials,
    temp_prefix,
)
from billing_desktop.export.params import ExportParams
from billing_desktop.export.runner import run_export

LONG_NAME = "請求書" * 26 + ".csv"


def test_a_238_byte_file_name_exports(sqlite_url, tmp_path):
    assert len(LONG_NAME.encode()) == 238
    db = Database(sqlite_url, create=True)
    seed_rows(db)
    target = tmp_path / LONG_NAME
    result = run_export(db, ExportParams(start=date(2026, 1, 1), end=date(2026, 12, 31)), target)
    db.dispose()
    assert target.read_bytes().startswith(b"date,tenant_name") and result.rows > 0
    assert sorted(os.listdir(tmp_path)) == sorted([LONG_NAME, "billing.sqlite3"])


def test_shortened_temporary_names_are_still_recognised_as_ours(tmp_path):
    prefix = temp_prefix(tmp_path / LONG_NAME)
    assert len(os.fsencode(prefix)) + 8 + len(".billing-partial") <= 255
    gone = "9" * len(str(os.getpid()))  # same length; a pid this high is rarely in use
    # A leftover with the shortened name of a process that is gone is cleaned like any other.
    stale = tmp_path / (
        prefix.replace(f".{os.getpid()}~", f".{gone}~") + "abcdefgh.billing-partial"
    )
    stale.write_bytes(b"partial")
    assert clean_stale_partials(tmp_path) == [stale]


def test_another_machines_temporary_file_is_kept_until_a_day_old(tmp_path):
    other = "0" * 8 if HOST_TAG != "0" * 8 else "1" * 8
    gone = "9" * len(str(os.getpid()))
    theirs = tmp_path / f".x.csv.{gone}~{other}-abcdefgh.billing-partial"
    untagged = tmp_path / f".y.csv.{gone}-abcdefgh.billing-partial"
    # Ages are measured with time.time(); stamp the files by it too, since the suite may run
    # with Python's clock moved away from the file system's (conftest.py).
    just_now = time.time()
    for path in (theirs, untagged):
        path.write_bytes(b"being written on another workstation")
        os.utime(path, (just_now, just_now))
    assert clean_stale_partials(tmp_path) == []
    day_old = time.time() - FOREIGN_STALE_AFTER_S - 60
    for path in (theirs, untagged):
        os.utime(path, (day_old, day_old))
    assert sorted(clean_stale_partials(tmp_path)) == sorted([theirs, untagged])


def test_windows_permission_error_on_an_existing_target_says_it_is_open(tmp_path):
    # The Windows-only branch cannot run here; its sentence is checked as far as possible.
    from billing_desktop.export.atomic import describe_os_error

    target = tmp_path / "report.csv"
    target.write_text("open in Excel")
    denied = PermissionError(13, "Permission denied")
    assert describe_os_error(denied, target, windows=True) == (
        f"{target} is open in another program; close it and export again."
    )
    assert describe_os_error(denied, target, windows=False).startswith("Permission denied")
    new = tmp_path / "new.csv"
    assert describe_os_error(denied, new, windows=True).startswith("Permission denied")
