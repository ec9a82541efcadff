"""Every export file stays byte for byte what it was: each format, scope, granularity and CSV
option, in two zones, on both backends, against the digests tests/golden/make_golden.py wrote
with the app as it was before its request, format and backend classes were redesigned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden.make_golden import digests
from seed import seed_rows

from billing_desktop.db.connection import Database

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_every_file_is_byte_for_byte_as_before(request, backend, tmp_path):
    url = request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url")
    db = Database(url, create=True)
    seed_rows(db)
    db.dispose()
    expected = json.loads((GOLDEN / "exports.json").read_text())
    found = digests(url, tmp_path)
    assert found.keys() == expected.keys()
    differing = sorted(key for key in expected if found[key] != expected[key])
    assert not differing, differing
