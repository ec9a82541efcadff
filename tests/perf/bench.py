"""Performance benchmark of Billing Desktop against the databases' own bulk exports.

Run on demand, never by pytest (the file name is not test_*.py):

    python tests/perf/bench.py --events 2000000 --repeat 3            # the full table
    python tests/perf/bench.py --events 200000 --repeat 1 --keep      # a quick run, data kept
    python tests/perf/bench.py --only pg_csv,sqlite_csv --keep

It builds N demo events (spread over a year) in a throwaway PostgreSQL and in a SQLite file,
then times, interleaved in the same run so that a busy machine hurts both sides alike, the
`billing-desktop export` command (a child process, as a user runs it: start-up included)
against `psql \\copy` and the `sqlite3` shell running the very query the engine runs. Ratios are
rows per second of the engine over rows per second of the anchor, from the medians.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

import billing_desktop.export  # noqa: F401  (first: db.sql and export import each other)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/ : pgserver
sys.path.insert(0, str(HERE))  # tests/perf/ : datasets, gui rows

from bench_data import Datasets, data_range  # noqa: E402
from bench_gui import dashboard_rows, window_rows  # noqa: E402

from billing_desktop.db.connection import Database  # noqa: E402
from billing_desktop.db.sql import Sql  # noqa: E402
from billing_desktop.errors import ExportCancelled  # noqa: E402
from billing_desktop.export import queries  # noqa: E402
from billing_desktop.export.backends import POSTGRESQL  # noqa: E402
from billing_desktop.export.control import ExportControl  # noqa: E402
from billing_desktop.export.params import ExportParams  # noqa: E402
from billing_desktop.export.runner import WriteOptions, run_export  # noqa: E402

MB = 1024 * 1024
CHOICES = (
    "startup",
    "pg_csv", "pg_jsonl", "pg_json", "pg_groups", "sqlite_csv", "sqlite_jsonl", "statements",
    "memory", "first_progress", "dashboard", "gui",
    "xlsx_memory", "xlsx", "pg_month", "verify", "history", "scaled", "growth",
    "pdf_statements", "pdf_report",
)  # fmt: skip
GROWTH_SIZES = (2_000_000, 5_000_000, 20_000_000)
# A month of events for the statements: CSV, and XLSX (fewer: a workbook of a million rows
# takes about 40 s here, and the ratio is what counts).
STATEMENT_EVENTS = {"csv": 1_000_000, "xlsx": 200_000}


@dataclass
class Row:
    """One line of the results table."""

    what: str
    figure: str
    anchor: str = "-"
    ratio: str = "-"
    target: str = "-"
    met: str = "-"


@dataclass
class Bench:
    datasets: Datasets
    repeat: int
    workdir: Path
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    peak_rss: dict[tuple[str, int], int] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)  # label: CPU seconds per run
    last_cpu = 0.0  # CPU seconds (user + system) of the last child

    # -- child processes ----------------------------------------------------------------------

    def run_child(self, argv: list[str], stdout: Path | None = None) -> tuple[float, int]:
        """Run a command; its wall time in seconds and its own peak RSS in bytes (wait4)."""
        out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, env=_child_env())
            assert proc.stderr is not None
            err = proc.stderr.read()
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdout:
                out.close()  # type: ignore[union-attr]
        if proc.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed ({proc.returncode}): {err.decode()[-2000:]}")
        self.last_cpu = usage.ru_utime + usage.ru_stime
        return seconds, usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux

    def engine(self, url: str, params: ExportParams, out: Path, *extra: str) -> tuple[float, int]:
        argv = [*_cli(), "export", "--database-url", url, "--format", params.format,
                "--scope", params.scope, "--granularity", params.granularity,
                "--start", params.start.isoformat(),
                "--end", params.end.isoformat(), "--timezone", params.timezone,
                "-o", str(out), "--force", "--quiet", *extra]  # fmt: skip
        seconds, rss = self.run_child(argv)
        return seconds, rss

    def psql_copy(self, url: str, query: str, out: Path, header: bool = True) -> float:
        options = "FORMAT csv, HEADER" if header else "FORMAT text"
        command = f"\\copy ({query}) TO '{out}' ({options})"
        argv = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", _libpq(url), "-c", command]
        return self.run_child(argv)[0]

    def sqlite_shell(self, path: Path, query: str, out: Path) -> float:
        return self.run_child(["sqlite3", "-csv", "-header", str(path), query], stdout=out)[0]

    # -- pairs --------------------------------------------------------------------------------

    def pair(
        self,
        label: str,
        anchor: Callable[[Path], float],
        engine: Callable[[Path], tuple[float, int]],
        same_bytes: bool,
    ) -> tuple[float, float]:
        """Median seconds of anchor and engine, run alternately `repeat` times each."""
        anchor_s, engine_s = [], []
        for rep in range(self.repeat):
            a_out, e_out = self.workdir / "anchor.out", self.workdir / "engine.out"
            steps = [("a", anchor, a_out), ("e", engine, e_out)]
            for kind, fn, out in steps if rep % 2 == 0 else steps[::-1]:
                if kind == "a":
                    anchor_s.append(fn(out))  # type: ignore[arg-type]
                    self.cpu.setdefault(f"{label} anchor", []).append(self.last_cpu)
                else:
                    seconds, rss = fn(out)  # type: ignore[misc]
                    engine_s.append(seconds)
                    self.cpu.setdefault(f"{label} engine", []).append(self.last_cpu)
                    key = (label, self.export_rows)
                    self.peak_rss[key] = max(self.peak_rss.get(key, 0), rss)
            if rep == 0:
                self._check_output(label, a_out, e_out, same_bytes)
            for out in (a_out, e_out):
                if out.is_dir():
                    shutil.rmtree(out)
                out.unlink(missing_ok=True)
        self.notes.append(
            f"{label} runs (s): anchor " + ", ".join(f"{t:.2f}" for t in anchor_s)
            + "; engine " + ", ".join(f"{t:.2f}" for t in engine_s)
        )  # fmt: skip
        return statistics.median(anchor_s), statistics.median(engine_s)

    def _check_output(self, label: str, a_out: Path, e_out: Path, same_bytes: bool) -> None:
        if same_bytes:
            same = filecmp.cmp(a_out, e_out, shallow=False)
            self.notes.append(f"{label}: engine file {'==' if same else '!='} anchor file")
        else:
            self.notes.append(
                f"{label}: {_mb(e_out.stat().st_size)} written vs anchor "
                f"{_mb(a_out.stat().st_size)}"
            )

    def ratio_row(self, what: str, rows: int, anchor_name: str, medians: tuple[float, float],
                  target: float) -> None:  # fmt: skip
        anchor_s, engine_s = medians
        ratio = anchor_s / engine_s  # rows/s of the engine over rows/s of the anchor
        startup = self.startup_s.get(what.split()[0])
        if startup is not None:
            self.notes.append(
                f"{what}: {anchor_s / max(engine_s - startup, 1e-3):.2f}x without the "
                f"command's fixed start-up ({startup:.2f} s)"
            )
        self.rows.append(Row(
            what,
            f"{engine_s:.2f} s ({rows / engine_s / 1e3:,.0f}k rows/s)",
            f"{anchor_name} {anchor_s:.2f} s",
            f"{ratio:.2f}x",
            f">= {target}x",
            "yes" if ratio >= target else "NO",
        ))  # fmt: skip

    # -- the table's rows ---------------------------------------------------------------------

    def add_lines(self, lines: list[tuple[str, str, str, str]]) -> None:
        for what, figure, target, met in lines:
            self.rows.append(Row(what, figure, target=target, met=met))

    export_rows = 0
    startup_s: dict[str, float] = field(default_factory=dict)

    def startup(self) -> None:
        """The command's fixed cost: an export of a day without events (interpreter, imports,
        connection, queries), the part of every ratio that does not depend on the rows."""
        out = self.workdir / "empty.out"
        urls = {"PostgreSQL": self.datasets.pg_url, "SQLite": self.datasets.sqlite_url}
        for backend, url in urls.items():
            params = ExportParams(start=date(1971, 1, 1), end=date(1971, 1, 1))
            runs = [self.engine(url, params, out)[0] for _ in range(max(3, self.repeat))]
            self.startup_s[backend] = statistics.median(runs)
            self.rows.append(
                Row(
                    f"command start-up, empty export, {backend}", f"{self.startup_s[backend]:.2f} s"
                )
            )

    def pg_export(self, fmt: str) -> None:
        """The engine against what a user types into psql: `\\copy` of the plain SELECT for
        CSV, of `row_to_json` over it for JSON and JSON Lines; with both sides' own CPU."""
        url, db = self.datasets.pg_url, self.datasets.pg
        params = self.params(db, fmt)
        rows = self.export_rows
        query = typed_select(params)
        if fmt == "csv":
            anchor_name = "psql \\copy of the plain SELECT"
            anchor = lambda out: self.psql_copy(url, query, out)  # noqa: E731
        else:
            anchor_name = "psql \\copy (SELECT row_to_json(t) FROM (...) t)"
            json_query = f"SELECT row_to_json(t) FROM ({query}) t"
            anchor = lambda out: self.psql_copy(url, json_query, out, header=False)  # noqa: E731
        medians = self.pair(
            f"pg_{fmt}",
            anchor,
            lambda out: self.engine(url, params, out),
            same_bytes=fmt == "csv",
        )
        target = {"csv": 1.0, "jsonl": 1.1, "json": 1.0}[fmt]
        self.ratio_row(f"PostgreSQL {fmt.upper()}, all events, {rows:,} rows", rows,
                       anchor_name, medians, target)  # fmt: skip
        self.cpu_note(f"pg_{fmt}", rows, "psql")

    def cpu_note(self, label: str, rows: int, anchor: str) -> None:
        """The client's own CPU per row (median of the runs) against the anchor's."""
        engine = statistics.median(self.cpu[f"{label} engine"])
        other = statistics.median(self.cpu[f"{label} anchor"])
        self.notes.append(
            f"{label}: client CPU {engine:.2f} s ({engine / rows * 1e6:.2f} us/row) against "
            f"{anchor}'s {other:.2f} s ({other / rows * 1e6:.2f} us/row)"
        )

    def pg_groups(self) -> None:
        url, db = self.datasets.pg_url, self.datasets.pg
        for scope in ("by_tenant", "by_model"):
            params = self.params(db, "csv", scope)
            query = typed_group_by(params)
            medians = self.pair(
                f"pg_{scope}",
                lambda out, q=query: self.psql_copy(url, q, out),
                lambda out, p=params: self.engine(url, p, out),
                same_bytes=True,
            )
            self.ratio_row(f"PostgreSQL CSV {scope} of {self.export_rows:,} events",
                           self.export_rows, "psql \\copy GROUP BY", medians, 1.2)  # fmt: skip

    def sqlite_csv(self) -> None:
        db = self.datasets.sqlite
        params = self.params(db, "csv")
        query = typed_sqlite_select(params)
        medians = self.pair(
            "sqlite_csv",
            lambda out: self.sqlite_shell(db.sqlite_path, query, out),
            lambda out: self.engine(self.datasets.sqlite_url, params, out),
            same_bytes=False,  # the shell ends CSV lines with CRLF, the engine with LF
        )
        self.ratio_row(f"SQLite CSV, all events, {self.export_rows:,} rows", self.export_rows,
                       "sqlite3 -csv", medians, 1.0)  # fmt: skip
        self.cpu_note("sqlite_csv", self.export_rows, "the sqlite3 shell")

    def sqlite_jsonl(self) -> None:
        db = self.datasets.sqlite
        params = self.params(db, "jsonl")
        query = typed_sqlite_select(params)
        medians = self.pair(
            "sqlite_jsonl",
            lambda out: self.sqlite_shell(db.sqlite_path, query, out),
            lambda out: self.engine(self.datasets.sqlite_url, params, out),
            same_bytes=False,
        )
        self.ratio_row(f"SQLite JSON Lines, all events, {self.export_rows:,} rows",
                       self.export_rows, "sqlite3 -csv", medians, 0.8)  # fmt: skip

    def statements(self) -> None:
        """Statements (one file per tenant) of a month of events against one export of the
        same rows, at 30 and at 300 tenants: the cost must follow the rows."""
        seconds: dict[tuple[str, int], float] = {}
        for fmt, target in (("csv", 1.5), ("xlsx", 1.5)):
            for tenants in (30, 300):
                events = STATEMENT_EVENTS[fmt]
                url = self.datasets.tenant_month(tenants, events)
                params = ExportParams(date(2026, 3, 1), date(2026, 3, 31), format=fmt)  # type: ignore[arg-type]
                label = f"statements_{fmt}_{tenants}"
                whole, split = self.pair(
                    label,
                    lambda out, u=url, p=params: self.engine(u, p, out)[0],
                    lambda out, u=url, p=params: self.engine(u, p, out, "--split-by", "tenant"),
                    same_bytes=False,
                )
                seconds[(fmt, tenants)] = split
                ratio = split / whole
                self.rows.append(Row(
                    f"{fmt.upper()} statements, {tenants} tenants, {events:,} events",
                    f"{split:.2f} s", f"one {fmt.upper()} of the same rows {whole:.2f} s",
                    f"{ratio:.2f}x the time", f"<= {target}x", "yes" if ratio <= target else "NO",
                ))  # fmt: skip
            growth = seconds[(fmt, 300)] / seconds[(fmt, 30)]
            self.rows.append(Row(
                f"{fmt.upper()} statements, 300 against 30 tenants", f"{growth:.2f}x the time",
                target="<= 1.3x", met="yes" if growth <= 1.3 else "NO",
            ))  # fmt: skip

    def memory(self) -> None:
        """Peak RSS of the command at about a tenth of the rows and at all of them."""
        small_end, small_rows = self.datasets.tenth_range()
        runs = [("pg_csv", self.datasets.pg_url, self.datasets.pg, "csv"),
                ("pg_json", self.datasets.pg_url, self.datasets.pg, "json"),
                ("sqlite_csv", self.datasets.sqlite_url, self.datasets.sqlite, "csv")]  # fmt: skip
        out = self.workdir / "engine.out"
        peaks: dict[int, int] = {}
        for label, url, db, fmt in runs:
            for rows, end in ((small_rows, small_end), (self.export_rows, None)):
                params = self.params(db, fmt, end=end)
                key = (label, rows)
                if key not in self.peak_rss:
                    self.peak_rss[key] = self.engine(url, params, out)[1]
                    out.unlink(missing_ok=True)
                peaks[rows] = max(peaks.get(rows, 0), self.peak_rss[key])
        detail = {k: v for k, v in sorted(self.peak_rss.items()) if k[0] in dict.fromkeys(
            r[0] for r in runs)}  # fmt: skip
        self.notes.append(
            "peak RSS per run: "
            + ", ".join(
                f"{label} {rows:,} rows {_mb(rss)}" for (label, rows), rss in detail.items()
            )
        )
        small, big = peaks[small_rows], peaks[self.export_rows]
        for rows, rss in ((small_rows, small), (self.export_rows, big)):
            self.rows.append(Row(f"peak memory of the command, {rows:,} rows (worst format)",
                                 _mb(rss), target="<= 120 MB",
                                 met="yes" if rss <= 120 * MB else "NO"))  # fmt: skip
        growth = (big - small) / small
        self.rows.append(Row(f"memory growth {small_rows:,} -> {self.export_rows:,} rows",
                             f"{growth:+.0%}", target="flat (< +10%)",
                             met="yes" if growth < 0.10 else "NO"))  # fmt: skip

    def first_progress(self) -> None:
        """run_export in this process: seconds from the call to the first progress report, and
        to the first report that carries the total (informational: it grows with the data)."""
        for backend, db in (("PostgreSQL", self.datasets.pg), ("SQLite", self.datasets.sqlite)):
            worst = ("", 0.0)
            worst_total = ("", 0.0)
            for fmt, scope in (("csv", "all"), ("json", "all"), ("csv", "by_tenant"),
                               ("csv", "by_model")):  # fmt: skip
                params = self.params(db, fmt, scope)
                runs = [self._time_to_first_report(db, params) for _ in range(self.repeat)]
                first = statistics.median(r[0] for r in runs)
                with_total = statistics.median(r[1] for r in runs)
                self.notes.append(
                    f"first progress {backend} {fmt} {scope}: {first:.3f} s;"
                    f" first with the total: {with_total:.3f} s"
                )
                if first >= worst[1]:
                    worst = (f"{fmt} {scope}", first)
                if with_total >= worst_total[1]:
                    worst_total = (f"{fmt} {scope}", with_total)
            self.rows.append(
                Row(
                    f"first progress report, {backend}, {self.export_rows:,} rows ({worst[0]})",
                    f"{worst[1]:.2f} s",
                    target="<= 1 s",
                    met="yes" if worst[1] <= 1 else "NO",
                )
            )
            self.rows.append(
                Row(
                    f"  first report with the total known, {backend} ({worst_total[0]})",
                    f"{worst_total[1]:.2f} s",
                )
            )

    def _time_to_first_report(self, db: Database, params: ExportParams) -> tuple[float, float]:
        cancel = threading.Event()
        first: list[float] = []
        with_total: list[float] = []

        def progress(done: int, total: int | None) -> None:
            now = time.perf_counter()
            if not first:
                first.append(now)
            if total is not None:
                with_total.append(now)
                cancel.set()  # stop the export at the next batch: only the start is measured

        db.dispose()  # a fresh connection, as a new export from the window gets
        started = time.perf_counter()
        with contextlib.suppress(ExportCancelled):
            control = ExportControl(progress, cancel=cancel)
            run_export(
                db, params, self.workdir / "first.out", WriteOptions(overwrite=True), control
            )
        return first[0] - started, with_total[0] - started

    def xlsx(self) -> None:
        """XLSX of every event (PostgreSQL, the command end to end) against XlsxWriter alone
        writing the same cells from tuples already in memory."""
        url, db = self.datasets.pg_url, self.datasets.pg
        params = self.params(db, "xlsx")
        with psycopg.connect(_libpq(db.url.render(hide_password=False))) as conn:
            tuples = conn.execute(pg_literal(db, queries.event_rows(POSTGRESQL, params))).fetchall()
        medians = self.pair(
            "xlsx",
            lambda out: xlsxwriter_alone(tuples, out),
            lambda out: self.engine(url, params, out),
            same_bytes=False,
        )
        anchor_s, engine_s = medians
        rows = self.export_rows
        self.rows.append(Row(
            f"XLSX, all events, {rows:,} rows (PostgreSQL, command end to end)",
            f"{engine_s:.2f} s ({rows / engine_s / 1e3:,.0f}k rows/s)",
            f"XlsxWriter alone {anchor_s:.2f} s",
            f"{engine_s / anchor_s:.2f}x the time",
            "<= 1.3x the time",
            "yes" if engine_s <= 1.3 * anchor_s else "NO",
        ))  # fmt: skip

    def xlsx_memory(self) -> None:
        """Peak RSS of XLSX exports at a tenth of the rows and at all of them. Run before
        `xlsx`, which holds every row in this process: a child forked from a big parent starts
        with the parent's pages counted in its ru_maxrss."""
        url, db = self.datasets.pg_url, self.datasets.pg
        rows = self.export_rows
        small_end, small_rows = self.datasets.tenth_range()
        out = self.workdir / "engine.out"
        peaks = {}
        for count, end in ((small_rows, small_end), (rows, None)):
            peaks[count] = self.engine(url, self.params(db, "xlsx", end=end), out)[1]
            out.unlink(missing_ok=True)
            self.rows.append(Row(f"peak memory of an XLSX export, {count:,} rows",
                                 _mb(peaks[count]), target="<= 150 MB",
                                 met="yes" if peaks[count] <= 150 * MB else "NO"))  # fmt: skip
        growth = (peaks[rows] - peaks[small_rows]) / peaks[small_rows]
        self.rows.append(Row(f"XLSX memory growth {small_rows:,} -> {rows:,} rows",
                             f"{growth:+.0%}", target="flat (< +10%)",
                             met="yes" if growth < 0.10 else "NO"))  # fmt: skip

    def pdf_statements(self) -> None:
        """PDF statements of 300 tenants over a month (the statements' data, by tenant, model
        and day: every tenant's lines fit one statement), the command end to end, PostgreSQL."""
        tenants, events = 300, STATEMENT_EVENTS["xlsx"]
        url = self.datasets.tenant_month(tenants, events)
        times, peak = [], 0
        folder = self.workdir / "pdf-statements"
        for _ in range(self.repeat):
            seconds, rss = self.run_child([
                *_cli(), "export", "--database-url", url, "--format", "pdf",
                "--scope", "by_tenant_model", "--granularity", "day",
                "--start", "2026-03-01", "--end", "2026-03-31",
                "--split-by", "tenant", "-o", str(folder), "--force", "--quiet",
            ])  # fmt: skip
            times.append(seconds)
            peak = max(peak, rss)
        files = len(list(folder.iterdir()))
        median = statistics.median(times)
        self.rows.append(Row(
            f"PDF statements, {files:,} files, {tenants} tenants, March 2026 ({events:,} events)"
            " by tenant, model and day",
            f"{median:.2f} s ({files / median:.0f} statements/s), peak {_mb(peak)}",
        ))  # fmt: skip
        self.notes.append("pdf_statements runs (s): " + ", ".join(f"{t:.2f}" for t in times))

    def pdf_report(self) -> None:
        """A PDF usage report of every event: measured once (the rows only stream through
        sums, so its time is the read's), with its peak memory."""
        params = self.params(self.datasets.pg, "pdf")
        seconds, rss = self.engine(self.datasets.pg_url, params, self.workdir / "report.pdf")
        self.rows.append(Row(
            f"PDF usage report of {self.export_rows:,} events (PostgreSQL, measured once)",
            f"{seconds:.2f} s ({self.export_rows / seconds / 1e3:,.0f}k rows/s), peak {_mb(rss)}",
        ))  # fmt: skip

    def pg_month(self) -> None:
        """by_tenant_model per month against the GROUP BY a user would hand to psql."""
        url, db = self.datasets.pg_url, self.datasets.pg
        params = self.params(db, "csv", "by_tenant_model", granularity="month")
        query = typed_group_by(params)
        medians = self.pair(
            "pg_month",
            lambda out: self.psql_copy(url, query, out),
            lambda out: self.engine(url, params, out),
            same_bytes=True,
        )
        self.ratio_row(f"PostgreSQL CSV by_tenant_model per month of {self.export_rows:,} events",
                       self.export_rows, "psql \\copy GROUP BY", medians, 0.9)  # fmt: skip

    def verify(self) -> None:
        """`billing-desktop verify` of a CSV of every event and its manifest (re-read, parse,
        recompute rows and totals, SHA-256), against `sha256sum` of the same file."""
        db = self.datasets.pg
        params = self.params(db, "csv")
        out = self.workdir / "verify.csv"
        self.run_child([*_cli(), "export", "--database-url", self.datasets.pg_url,
                        "--start", params.start.isoformat(), "--end", params.end.isoformat(),
                        "--manifest", "-o", str(out), "--force", "--quiet"])  # fmt: skip
        size_mb = out.stat().st_size / MB
        anchor, engine = [], []
        for _ in range(self.repeat):
            anchor.append(self.run_child(["sha256sum", str(out)])[0])
            engine.append(self.run_child([*_cli(), "verify", str(out)])[0])
        a, e = statistics.median(anchor), statistics.median(engine)
        self.rows.append(Row(
            f"verify, CSV of {self.export_rows:,} events ({size_mb:.0f} MB) with its manifest",
            f"{e:.2f} s ({size_mb / e:.0f} MB/s)", f"sha256sum {a:.2f} s", f"{a / e:.2f}x",
            ">= 50 MB/s", "yes" if size_mb / e >= 50 else "NO",
        ))  # fmt: skip
        self.notes.append(
            "verify runs (s): anchor " + ", ".join(f"{x:.2f}" for x in anchor)
            + "; engine " + ", ".join(f"{x:.2f}" for x in engine)
        )  # fmt: skip

    def history(self) -> None:
        """One history record appended (open, WAL insert, commit, close), as every export
        does at its end, into a history that already holds 2,000 records."""
        from billing_desktop.history import History, HistoryRecord

        history = History(self.workdir / "history.sqlite3")
        record = HistoryRecord(face="cli", outcome="succeeded", message="1,000 rows written",
                               parameters={"format": "csv", "period": "last-month"},
                               target=str(self.workdir / "x.csv"), database="bench", rows=1000,
                               bytes=64_000, cost_cents=123_456, sha256="0" * 64)  # fmt: skip
        for _ in range(2_000):
            history.append(record)
        times = []
        for _ in range(max(200, self.repeat)):
            started = time.perf_counter()
            history.append(record)
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        self.rows.append(Row(
            "history: one record appended (2,000 already there)",
            f"{median:.2f} ms (p95 {sorted(times)[int(len(times) * 0.95)]:.2f} ms)",
            target="<= 5 ms", met="yes" if median <= 5 else "NO",
        ))  # fmt: skip

    def scaled(self) -> None:
        """The CSV of every event from a hot standby and through PgBouncer (transaction
        pooling), each against psql taking the same route."""
        from pgscale import PgBouncer, Standby

        server = self.datasets.server
        assert server is not None
        name = self.datasets.pg.url.database
        _log("making a hot standby (pg_basebackup) and starting PgBouncer ...")
        standby = Standby(server, hot_standby="on")
        bouncer = PgBouncer(server.port, pool_mode="transaction", pool_size=10)
        try:
            standby.catch_up(timeout=300)
            params = self.params(self.datasets.pg, "csv")
            query = typed_select(params)
            for label, url in (("a hot standby", standby.url(name)),
                               ("PgBouncer, transaction pooling", bouncer.url(name))):  # fmt: skip
                medians = self.pair(
                    f"pg_csv via {label}",
                    lambda out, u=url: self.psql_copy(u, query, out),
                    lambda out, u=url: self.engine(u, params, out),
                    same_bytes=True,
                )
                what = f"PostgreSQL CSV via {label}, {self.export_rows:,} rows"
                self.ratio_row(what, self.export_rows, "psql \\copy, same route", medians, 1.5)
        finally:
            bouncer.stop()
            standby.stop()

    def growth(self, sizes: tuple[int, ...] = GROWTH_SIZES) -> None:
        """The CSV of every event and the dashboard's year on PostgreSQL at growing sizes."""
        from billing_desktop.db.dashboard import load_dashboard
        from billing_desktop.db.sql import EventFilter

        for size in sizes:
            url, db = self.datasets.postgresql(size)
            params = self.params(db, "csv")
            query = typed_select(params)
            saved, self.export_rows = self.export_rows, size
            try:
                medians = self.pair(
                    f"growth pg_csv {size:,}",
                    lambda out, u=url, q=query: self.psql_copy(u, q, out),
                    lambda out, u=url, p=params: self.engine(u, p, out),
                    same_bytes=True,
                )
            finally:
                self.export_rows = saved
            self.ratio_row(f"growth: PostgreSQL CSV of {size:,} events", size,
                           "psql \\copy of the SELECT a user types", medians, 1.5)  # fmt: skip
            _, last = data_range(db)
            flt = EventFilter(last - timedelta(days=364), last, "UTC")
            times = []
            for _ in range(self.repeat):
                started = time.perf_counter()
                load_dashboard(db, flt)
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            self.notes.append(f"growth dashboard {size:,} runs (s): "
                              + ", ".join(f"{t:.2f}" for t in times))  # fmt: skip
            limit = 1.0 if size <= 5_000_000 else 3.0  # the year's targets at 5 and 20 million
            self.rows.append(Row(f"growth: dashboard's year of {size:,} events, PostgreSQL",
                                 f"{median:.2f} s", target=f"<= {limit:.0f} s",
                                 met="yes" if median <= limit else "NO"))  # fmt: skip

    def params(self, db: Database, fmt: str, scope: str = "all",
               end: date | None = None, granularity: str = "day") -> ExportParams:  # fmt: skip
        start, last = data_range(db)
        return ExportParams(start=start, end=end or last, format=fmt, scope=scope,  # type: ignore[arg-type]
                            granularity=granularity)  # type: ignore[arg-type]  # fmt: skip


def xlsxwriter_alone(tuples: list[tuple], out: Path) -> float:
    """Seconds XlsxWriter (constant memory) needs to write these rows as the engine's Usage
    sheet has them: a date cell, two strings, four numbers, a header, one sheet."""
    import xlsxwriter

    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "use_zip64": True})
    sheet = book.add_worksheet("Usage")
    usd = book.add_format({"num_format": "$#,##0.00"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, title in enumerate((*queries.CSV_HEADER, "cost_usd")):
        sheet.write_string(0, col, title)
    string, number, when = sheet.write_string, sheet.write_number, sheet.write_datetime
    for r, (d, tenant, model, tokens_in, tokens_out, cents) in enumerate(tuples, start=1):
        when(r, 0, date.fromisoformat(d), day)
        string(r, 1, tenant)
        string(r, 2, model)
        number(r, 3, tokens_in)
        number(r, 4, tokens_out)
        number(r, 5, cents)
        number(r, 6, cents / 100, usd)
    book.close()
    return time.perf_counter() - started


# -- queries as the anchors run them ------------------------------------------------------------


def typed_select(params: ExportParams) -> str:
    """The SELECT of every event an admin would type into psql for the engine's CSV in UTC
    the join, `to_char` per event, no formula guard, ordered as the file is."""
    end = params.end + timedelta(days=1)
    return (
        "SELECT to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date,"
        " t.name AS tenant_name, e.model AS model_used, e.input_tokens, e.output_tokens,"
        " e.cost_cents FROM usage_events e JOIN tenants t ON t.id = e.tenant_id"
        f" WHERE e.created_at >= '{params.start}' AND e.created_at < '{end}'"
        " ORDER BY e.created_at, e.id"
    )


def typed_sqlite_select(params: ExportParams) -> str:
    """The same SELECT for the sqlite3 shell: date() of the stored UTC text, no guard."""
    end = params.end + timedelta(days=1)
    return (
        "SELECT date(e.created_at) AS date, t.name AS tenant_name, e.model AS model_used,"
        " e.input_tokens, e.output_tokens, e.cost_cents FROM usage_events e"
        " JOIN tenants t ON t.id = e.tenant_id"
        f" WHERE e.created_at >= '{params.start}' AND e.created_at < '{end}'"
        " ORDER BY e.created_at, e.id"
    )


def typed_group_by(params: ExportParams) -> str:
    """The GROUP BY an admin would type into psql for the same file as the engine's grouped
    export in UTC: the join, the date formatted per event, NULL for the rolled-up name."""
    day = {"day": "YYYY-MM-DD", "month": "YYYY-MM"}[params.granularity]
    names = {"by_tenant": ("t.name", "NULL"), "by_model": ("NULL", "e.model"),
             "by_tenant_model": ("t.name", "e.model")}[params.scope]  # fmt: skip
    keys = [name for name in names if name != "NULL"]
    end = params.end + timedelta(days=1)
    return (
        f"SELECT to_char(e.created_at AT TIME ZONE 'UTC', '{day}') AS date,"
        f" {names[0]} AS tenant_name, {names[1]} AS model_used, sum(e.input_tokens) AS"
        " input_tokens, sum(e.output_tokens) AS output_tokens, sum(e.cost_cents) AS cost_cents"
        " FROM usage_events e JOIN tenants t ON t.id = e.tenant_id"
        f" WHERE e.created_at >= '{params.start}' AND e.created_at < '{end}'"
        f" GROUP BY 1, {', '.join(keys)} ORDER BY 1, "
        + ", ".join(f'{key} COLLATE "C"' for key in keys)
    )


def pg_literal(db: Database, query: Sql) -> str:
    """The statement with its values quoted by psycopg, on one line (psql's \\copy needs one)."""
    with psycopg.connect(_libpq(db.url.render(hide_password=False))) as conn:
        text = query.literal().as_string(conn)
    if "\n" in text:
        raise RuntimeError("a \\copy query must fit on one line")
    return text


# -- helpers -------------------------------------------------------------------------------------


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("billing-desktop")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "billing_desktop"]


# Made by main(): the measured commands' own empty config, data and cache folders.
_ENV_HOME = Path(tempfile.gettempdir()) / f"billing-bench-home-{os.getpid()}"


def _child_env() -> dict[str, str]:
    """No saved settings or environment URL can leak into the measured command."""
    env = {k: v for k, v in os.environ.items() if k != "BILLING_DATABASE_URL"}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(_ENV_HOME / var.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    return env


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _mb(n: float) -> str:
    return f"{n / MB:.0f} MB"


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    tools = []
    for argv, label in ((["psql", "--version"], ""), (["sqlite3", "--version"], "sqlite3 ")):
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run(argv, capture_output=True, text=True).stdout.split()
            tools.append(label + " ".join(out[:1] if label else out[:3]))
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}, {ram:.1f} GB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; "
        + "; ".join(tools)
    )


def print_table(rows: list[Row], markdown: bool) -> str:
    head = ("what", "figure", "anchor (same run)", "ratio", "target", "met")
    cells = [head] + [(r.what, r.figure, r.anchor, r.ratio, r.target, r.met) for r in rows]
    if markdown:
        lines = ["| " + " | ".join(c) + " |" for c in cells]
        lines.insert(1, "|" + "---|" * len(head))
        return "\n".join(lines)
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(len(head))) for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2_000_000, help="rows to export (2,000,000)")
    parser.add_argument("--dashboard-events", type=int, default=5_000_000,
                        help="events in the dashboard's year (5,000,000)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; medians are reported")
    parser.add_argument("--only", default=",".join(CHOICES),
                        help="comma-separated subset of: " + ", ".join(CHOICES))  # fmt: skip
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the built data in --cache-dir and reuse it next time",
    )
    parser.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "billing-desktop-bench"
    )
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    parser.add_argument(
        "--growth",
        type=lambda text: [int(n) for n in text.split(",")],
        default=list(GROWTH_SIZES),
        help="event counts of the growth table (2000000,5000000,20000000)",
    )
    args = parser.parse_args(argv)
    only = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = set(only) - set(CHOICES)
    if unknown:
        parser.error(f"unknown --only item(s): {', '.join(sorted(unknown))}")

    print(f"machine: {machine()}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="billing-bench-out-"))
    _ENV_HOME.mkdir()
    try:
        with Datasets(args.events, args.keep, args.cache_dir, log=_log) as data:
            bench = Bench(data, max(1, args.repeat), workdir)
            bench.export_rows = data.rows
            steps: dict[str, Callable[[], None]] = {
                "startup": bench.startup,
                "pg_csv": lambda: bench.pg_export("csv"),
                "pg_jsonl": lambda: bench.pg_export("jsonl"),
                "pg_json": lambda: bench.pg_export("json"),
                "pg_groups": bench.pg_groups,
                "sqlite_csv": bench.sqlite_csv,
                "sqlite_jsonl": bench.sqlite_jsonl,
                "statements": bench.statements,
                "memory": bench.memory,
                "first_progress": bench.first_progress,
                "dashboard": lambda: bench.add_lines(
                    dashboard_rows(data, args.dashboard_events, bench.repeat, _log, bench.notes)
                ),
                "gui": lambda: bench.add_lines(window_rows(data, bench.repeat, _log)),
                "xlsx_memory": bench.xlsx_memory,
                "xlsx": bench.xlsx,
                "pg_month": bench.pg_month,
                "verify": bench.verify,
                "history": bench.history,
                "scaled": bench.scaled,
                "growth": lambda: bench.growth(tuple(args.growth)),
                "pdf_statements": bench.pdf_statements,
                "pdf_report": bench.pdf_report,
            }
            for name in CHOICES:
                if name in only:
                    _log(f"measuring {name} ...")
                    steps[name]()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.rmtree(_ENV_HOME, ignore_errors=True)
    print()
    print(print_table(bench.rows, markdown=False))
    print()
    for note in bench.notes:
        print(f"  {note}")
    if args.markdown:
        args.markdown.write_text(
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, --events {args.events} "
            f"--repeat {args.repeat}, on: {machine()}\n\n"
            + print_table(bench.rows, markdown=True) + "\n\n"
            + "\n".join(f"- {n}" for n in bench.notes) + "\n"
        )  # fmt: skip
    return 0


_T0 = time.monotonic()


def _log(message: str) -> None:
    print(f"[{time.monotonic() - _T0:7.1f} s] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
