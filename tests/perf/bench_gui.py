"""The benchmark's dashboard and window rows.

The dashboard refresh is timed on `billing_desktop.db.dashboard.load_dashboard` for one year of
events. The window rows (main-thread stall and memory during a big export, cold start to a filled
dashboard) run `tests/perf/gui_stall.py` in a child process when it exists; without it they
say so instead of inventing a figure.
"""

from __future__ import annotations

import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bench_data import Datasets, data_range

from billing_desktop.db.sql import EventFilter

HERE = Path(__file__).resolve().parent


# (what, figure, target, met): bench.py turns these into rows of its table.
Line = tuple[str, str, str, str]


def _row(what: str, figure: str, target: str, met: str) -> Line:
    return (what, figure, target, met)


def dashboard_rows(
    data: Datasets, events: int, repeat: int, log: Callable[[str], None], notes: list[str]
) -> list[Line]:
    """Median time of one dashboard refresh over the last 365 days holding `events` events."""
    try:
        load_dashboard = importlib.import_module("billing_desktop.db.dashboard").load_dashboard
    except (ImportError, AttributeError):
        return [
            _row("dashboard refresh, one year, PostgreSQL", "not available (no load_dashboard)",
                 "<= 1.5 s", "-"),
            _row("dashboard refresh, one year, SQLite", "not available (no load_dashboard)",
                 "<= 3 s", "-"),
        ]  # fmt: skip
    rows = []
    for backend, make, limit in (
        ("PostgreSQL", data.postgresql, 1.5),
        ("SQLite", data.sqlite_file, 3.0),
    ):
        _, db = make(events)
        _, last = data_range(db)
        flt = EventFilter(last - timedelta(days=364), last, "UTC")
        times, result = [], None
        for _ in range(repeat):
            started = time.perf_counter()
            result = load_dashboard(db, flt)
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        assert result is not None
        notes.append(
            f"dashboard {backend}: {result.events:,} events, {len(result.by_tenant)} tenants, "
            f"{len(result.by_model)} models, runs " + ", ".join(f"{t:.2f}" for t in times) + " s"
        )
        rows.append(_row(f"dashboard refresh, one year, {events:,} events, {backend}",
                         f"{median:.2f} s", f"<= {limit} s",
                         "yes" if median <= limit else "NO"))  # fmt: skip
    return rows


_NOT_MEASURED = "not measured (needs the window)"


def window_rows(data: Datasets, repeat: int, log: Callable[[str], None]) -> list[Line]:
    """The window's figures from tests/perf/gui_stall.py (JSON on its last output line)."""
    script = HERE / "gui_stall.py"
    wanted = [
        ("stall_ms", "longest main-thread stall, {rows:,}-row export in the window",
         "ms", "<= 50 ms", 50.0),
        ("window_mb", "memory of the window during that export", "MB", "<= 300 MB", 300.0),
        ("cold_start_s", "cold start to a filled dashboard (demo database)", "s", "<= 2 s", 2.0),
    ]  # fmt: skip
    figures: dict[str, float] = {}
    if script.exists():
        log(f"running {script.name} ...")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        proc = subprocess.run(
            [sys.executable, str(script), "--database-url", data.pg_url,
             "--repeat", str(repeat)],
            capture_output=True, text=True, env=env,
        )  # fmt: skip
        try:
            figures = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            log(f"{script.name} gave no figures: {proc.stderr[-1000:]}")
    rows = []
    for key, what, unit, target, limit in wanted:
        what = what.format(rows=int(figures.get("rows") or data.rows))
        value = figures.get(key)
        if value is None:
            rows.append(_row(what, _NOT_MEASURED, target, "-"))
        else:
            rows.append(_row(what, f"{value:.0f} {unit}" if unit != "s" else f"{value:.2f} s",
                             target, "yes" if value <= limit else "NO"))  # fmt: skip
    return rows
