"""Names holding U+0000 in a SQLite file.

SQLite stores such text whole, but its text functions and json_each stop at the NUL, so an
export that built its lines in SQL lost the quoting, the JSON escaping and the formula guard
of these names. They must come out exactly like any other name.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from helpers import as_csv_expected, json_rows
from seed import Event, expected_rows, seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.export.params import ExportParams
from billing_desktop.export.runner import run_export

DAY = date(2026, 3, 1)

TENANTS = [
    '=HYPERLINK("http://evil")\x00, tail',
    'Nul\x00"Q"\nLtd',
    "\x00=starts with NUL",
    "Plain",
]
MODELS = [
    '=cmd\x00,x"y',
    "gpt\x00\n2",
    "@\x00",
    "plain-model",
]


def _events() -> list[Event]:
    events = []
    for k in range(16):
        at = datetime(2026, 3, 1, k, 0, tzinfo=UTC)
        events.append(Event(k + 1, TENANTS[k % 4], MODELS[(k // 4) % 4], k, 2 * k, k - 5, at))
    # The ordinary names alone: SQLite's own fast path must stay as it was.
    events.append(Event(17, "Plain", "plain-model", 7, 8, 9, datetime(2026, 3, 2, tzinfo=UTC)))
    return events


EVENTS = _events()


@pytest.fixture
def nul_db(sqlite_url):
    db = Database(sqlite_url, create=True)
    seed_rows(db, EVENTS, TENANTS)
    db.dispose()
    # The file really holds the NULs (nothing on the way cut them).
    stored = sqlite3.connect(db.sqlite_path)
    assert sorted(r[0] for r in stored.execute("SELECT name FROM tenants")) == sorted(TENANTS)
    assert {r[0] for r in stored.execute("SELECT model FROM usage_events")} == set(MODELS)
    stored.close()
    return Database(sqlite_url)


def strict_csv(data: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
    assert all(len(r) == 6 for r in rows), [r for r in rows if len(r) != 6]
    return rows


def _typed(rows: list[list[str]]) -> list[tuple]:
    return [(r[0], r[1] or None, r[2] or None, int(r[3]), int(r[4]), int(r[5])) for r in rows]


@pytest.mark.parametrize("scope", ["all", "by_tenant", "by_model"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_names_with_nul_are_quoted_escaped_and_guarded(nul_db, tmp_path, scope, fmt):
    out = tmp_path / f"nul.{fmt}"
    params = ExportParams(start=DAY, end=date(2026, 3, 2), format=fmt, scope=scope)
    result = run_export(nul_db, params, out)
    expected = expected_rows(DAY, date(2026, 3, 2), scope, events=EVENTS)
    assert result.rows == len(expected)
    if fmt == "csv":
        rows = strict_csv(out.read_bytes())
        assert rows[0] == ["date", "tenant_name", "model_used", "input_tokens",
                           "output_tokens", "cost_cents"]  # fmt: skip
        assert _typed(rows[1:]) == as_csv_expected(expected)
    else:
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert json_rows(doc) == expected


def test_formula_guard_applies_to_names_with_nul(nul_db, tmp_path):
    out = tmp_path / "guard.csv"
    run_export(nul_db, ExportParams(start=DAY, end=DAY), out)
    cells = [cell for row in strict_csv(out.read_bytes())[1:] for cell in row[1:3]]
    assert "'" + TENANTS[0] in cells and "'" + MODELS[0] in cells and "'" + MODELS[2] in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert TENANTS[2] in cells  # starts with NUL, not with a formula sign: left as it is


def test_filters_on_names_with_nul(nul_db, tmp_path):
    out = tmp_path / "filtered.json"
    params = ExportParams(
        start=DAY, end=DAY, format="json", tenants=(TENANTS[1],), models=(MODELS[1],)
    )
    run_export(nul_db, params, out)
    expected = expected_rows(DAY, DAY, tenants_=(TENANTS[1],), models=(MODELS[1],), events=EVENTS)
    assert expected and json_rows(json.loads(out.read_text(encoding="utf-8"))) == expected


def test_command_line_export_of_names_with_nul(nul_db):
    url = f"sqlite:///{nul_db.sqlite_path}"
    args = ["export", "--database-url", url, "--start", "2026-03-01", "--end", "2026-03-02"]
    command = [sys.executable, "-m", "billing_desktop", *args, "-o", "-", "--quiet"]
    proc = subprocess.run(command, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = strict_csv(proc.stdout)
    assert _typed(rows[1:]) == as_csv_expected(expected_rows(DAY, date(2026, 3, 2), events=EVENTS))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_tenant_names_with_nul_among_plain_models(nul_db, tmp_path, fmt):
    # SQLite documents its text functions on strings with NUL as undefined: tenants' fields
    # are not left to them either.
    out = tmp_path / f"tenants.{fmt}"
    params = ExportParams(start=DAY, end=DAY, format=fmt, models=("plain-model",))
    run_export(nul_db, params, out)
    expected = expected_rows(DAY, DAY, models=("plain-model",), events=EVENTS)
    assert {r[1] for r in expected} == set(TENANTS)
    if fmt == "csv":
        assert _typed(strict_csv(out.read_bytes())[1:]) == as_csv_expected(expected)
    else:
        assert json_rows(json.loads(out.read_text(encoding="utf-8"))) == expected
