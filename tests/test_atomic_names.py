"""Temporary names stay within the file system's limit (issue 10 §7c)."""

from __future__ import annotations

import os
from datetime import date

from seed import seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.export.atomic import clean_stale_partials, temp_prefix
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
        prefix.replace(f".{os.getpid()}-", f".{gone}-") + "abcdefgh.billing-partial"
    )
    stale.write_bytes(b"partial")
    assert clean_stale_partials(tmp_path) == [stale]
