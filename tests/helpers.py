"""Reading exported files back for comparison with the seed model; a locked table; the CLI."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from seed import guarded

from billing_desktop.db.connection import Database
from billing_desktop.export.atomic import PARTIAL_SUFFIX
from billing_desktop.export.formats.base import FileContext

# What a file says about itself, fixed, so that two exports of the same data are byte-identical.
FIXED_CONTEXT = FileContext(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), database="test")


def leftovers(folder: Path) -> list[str]:
    """Temporary export files left in `folder` (there must never be any)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(PARTIAL_SUFFIX))


def libpq_url(url: str) -> str:
    """A test database's SQLAlchemy URL as psycopg and libpq take it."""
    return url.replace("postgresql+psycopg://", "postgresql://")


@contextlib.contextmanager
def events_locked(db: Database, release_after_s: float = 20.0) -> Iterator[None]:
    """PostgreSQL: usage_events locked by another session, so every query on it waits. Released
    at the end, or after `release_after_s` at the latest: a broken test fails, never hangs."""
    conn = psycopg.connect(**db.url.connect_kwargs())
    conn.execute("LOCK TABLE usage_events IN ACCESS EXCLUSIVE MODE")  # held until rollback
    safety = threading.Timer(release_after_s, conn.rollback)
    safety.start()
    try:
        yield
    finally:
        safety.cancel()
        conn.rollback()
        conn.close()


def read_csv(path: Path) -> tuple[list[str], list[tuple]]:
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows = []
    for r in reader:
        rows.append((r[0], r[1] or None, r[2] or None, int(r[3]), int(r[4]), int(r[5])))
    return header, rows


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def json_rows(doc: dict) -> list[tuple]:
    return [
        (
            d["date"],
            d["tenantName"],
            d["modelUsed"],
            d["inputTokens"],
            d["outputTokens"],
            d["costCents"],
        )
        for d in doc["data"]
    ]


def as_csv_expected(rows: list[tuple], guard: bool = True) -> list[tuple]:
    """The seed model's rows as the CSV must show them (formula guard on names)."""
    g = guarded if guard else (lambda s: s)
    return [
        (d, g(t) if t is not None else None, g(m) if m is not None else None, i, o, c)
        for d, t, m, i, o, c in rows
    ]


def cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 120):
    """Run `billing-desktop` in a child process (no Qt, no shared state)."""
    return subprocess.run(
        [sys.executable, "-m", "billing_desktop", *args],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def assert_clean_failure(proc, code: int, *phrases: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert err.startswith("billing-desktop: error: "), err
    assert len(err.strip().splitlines()) == 1, err
    for phrase in phrases:
        assert phrase in err, err
