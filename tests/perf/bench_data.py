"""The benchmark's data: N demo events in a PostgreSQL database and in a SQLite file.

Events come from `billing_desktop.db.demo.add_demo_events` (COPY on PostgreSQL), loaded as three
consecutive 120-day periods so that they span a year. The same seed and days give both backends
the same events, so their export files must be identical. With `keep`, the PostgreSQL cluster
and the SQLite files live in a cache folder and are reused when they hold the expected count.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
from pgserver import PostgresServer, _bin_dir, _free_port

from billing_desktop.db.connection import Database
from billing_desktop.db.demo import DEMO_DAYS, add_demo_events

PERIODS = 3  # x DEMO_DAYS (120) = 360 days: a year of traffic


def spread_demo_events(db: Database, count: int, today: date) -> None:
    """`count` events over PERIODS consecutive demo periods ending `today`."""
    share = [count // PERIODS + (1 if i < count % PERIODS else 0) for i in range(PERIODS)]
    for period, n in enumerate(share):
        add_demo_events(db, n, seed=period + 1, today=today - timedelta(days=DEMO_DAYS * period))


def data_range(db: Database) -> tuple[date, date]:
    """First and last UTC day holding events."""
    with db.read() as conn:
        lo, hi = conn.exec_driver_sql(
            "SELECT min(created_at), max(created_at) FROM usage_events"
        ).one()
    return _as_date(lo), _as_date(hi)


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.astimezone(UTC).date()
    return date.fromisoformat(str(value)[:10])


def _running_port(data: Path) -> int | None:
    """The port of a server already running on this data folder, if it answers."""
    try:
        port = int((data / "postmaster.pid").read_text().splitlines()[3])
        psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{port}/postgres", connect_timeout=3
        ).close()
    except (OSError, IndexError, ValueError, psycopg.Error):
        return None
    return port


class _KeptPostgres(PostgresServer):
    """A cluster in a fixed folder that survives the run (for --keep)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        super().__init__()

    def _start(self) -> None:
        bindir = _bin_dir()
        self._dir = self._folder
        self._dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self._dir, "postgres", "postgres")
            self._owner = ["runuser", "-u", "postgres", "--"]
        data = self._dir / "data"
        if not (data / "PG_VERSION").exists():
            self._run(bindir / "initdb", "-D", data, "--auth=trust", "-E", "UTF8",
                      "--locale=C.UTF-8", "-U", "postgres")  # fmt: skip
        self._bindir = bindir
        self._started_here = False
        running = _running_port(data)
        if running is not None:  # left running by another bench run: share it
            self.port = running
            self.url = f"postgresql://postgres@127.0.0.1:{running}/postgres"
            return
        self._started_here = True
        port = _free_port()
        options = (
            f"-p {port} -k {self._dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(bindir / "pg_ctl", "-D", data, "-o", options, "-w", "-t", "60",
                  "-l", self._dir / "server.log", "start")  # fmt: skip
        self.port = port
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def stop(self) -> None:
        if not self._started_here:
            return
        subprocess.run([*self._owner, str(self._bindir / "pg_ctl"), "-D", str(self._dir / "data"),
                        "-m", "fast", "-w", "stop"], capture_output=True)  # fmt: skip


class Datasets:
    """`rows` events on both backends (databases made on demand for other sizes too)."""

    def __init__(self, rows: int, keep: bool, cache_dir: Path, log: Callable[[str], None]) -> None:
        self.rows = rows
        self.keep = keep
        self.log = log
        self.folder = cache_dir if keep else Path(tempfile.mkdtemp(prefix="billing-bench-data-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.server: PostgresServer | None = None
        self._opened: list[Database] = []

    def __enter__(self) -> Datasets:
        self.server = _KeptPostgres(self.folder / "pg") if self.keep else PostgresServer()
        self.pg_url, self.pg = self.postgresql(self.rows)
        self.sqlite_url, self.sqlite = self.sqlite_file(self.rows)
        return self

    def __exit__(self, *exc: object) -> None:
        for db in self._opened:
            db.dispose()
        if self.server is not None:
            self.server.stop()
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    def postgresql(self, rows: int) -> tuple[str, Database]:
        assert self.server is not None
        name = f"bench_{rows}"
        with self.server.admin() as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        url = self.server.url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        url = f"{url}/{name}"
        if exists and self._count(url) == rows:
            self.log(f"reusing PostgreSQL {name}")
        else:
            self.server.drop_database(name)
            self.server.create_database(name)
            self.log(f"loading {rows:,} events into PostgreSQL {name} ...")
            db = Database(url)
            spread_demo_events(db, rows, datetime.now(UTC).date())
            with db.engine.connect() as conn:  # a loaded table, as a real one is: vacuumed
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE usage_events"
                )
            db.dispose()
            self.log("loaded")
        db = Database(url)
        self._opened.append(db)
        return url, db

    def sqlite_file(self, rows: int) -> tuple[str, Database]:
        path = self.folder / f"bench_{rows}.sqlite3"
        url = f"sqlite:///{path}"
        if path.exists() and self._count(url) == rows:
            self.log(f"reusing SQLite {path.name}")
        else:
            building = path.with_name(path.name + ".building")
            for leftover in (path, building):
                for suffix in ("", "-wal", "-shm"):
                    Path(str(leftover) + suffix).unlink(missing_ok=True)
            self.log(f"loading {rows:,} events into SQLite {path.name} ...")
            db = Database(f"sqlite:///{building}", create=True)
            spread_demo_events(db, rows, datetime.now(UTC).date())
            db.dispose()
            conn = sqlite3.connect(building)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            conn.close()
            building.replace(path)
            self.log("loaded")
        db = Database(url)
        self._opened.append(db)
        return url, db

    def tenant_month(self, tenants: int, events: int) -> str:
        """The URL of a PostgreSQL database of `events` events in March 2026 spread evenly over
        `tenants` tenants (the statements' data), made on first use."""
        assert self.server is not None
        name = f"bench_month_{tenants}_{events}"
        base = self.server.url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        url = f"{base}/{name}"
        if self._count(url) == events:
            return url
        self.server.drop_database(name)
        self.server.create_database(name)
        self.log(f"loading {events:,} events of {tenants} tenants into PostgreSQL {name} ...")
        from billing_desktop.db.schema import metadata

        db = Database(url, create=True)
        metadata.create_all(db.engine)
        db.dispose()
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(
                "INSERT INTO tenants (name) SELECT 'Tenant ' || lpad(g::text, 3, '0')"
                " FROM generate_series(1, %s) g",
                [tenants],
            )
            conn.execute(
                "INSERT INTO usage_events (tenant_id, model, input_tokens, output_tokens,"
                " cost_cents, created_at) SELECT 1 + (g * 7919) %% %s,"
                " (ARRAY['gpt-4o', 'claude-3-5-sonnet', 'llama-3-70b', 'gpt-4o-mini'])[1 + g %% 4],"
                " 1 + (g * 31) %% 5000, 1 + (g * 17) %% 2000, (g * 13) %% 500,"
                " timestamptz '2026-03-01 00:00:00+00' + make_interval(secs => g * 2678400.0 / %s)"
                " FROM generate_series(0::bigint, %s - 1) g",
                [tenants, events, events],
            )
            conn.execute("VACUUM ANALYZE usage_events")
        self.log("loaded")
        return url

    def _count(self, url: str) -> int:
        try:
            db = Database(url)
            try:
                with db.read() as conn:
                    return int(conn.exec_driver_sql("SELECT count(*) FROM usage_events").scalar())
            finally:
                db.dispose()
        except Exception:
            return -1

    def tenth_range(self) -> tuple[date, int]:
        """The last day of a range from the first day that holds about a tenth of the rows."""
        with psycopg.connect(self.pg_url.replace("+psycopg", "")) as conn:
            per_day = conn.execute(
                "SELECT (created_at AT TIME ZONE 'UTC')::date, count(*) FROM usage_events"
                " GROUP BY 1 ORDER BY 1"
            ).fetchall()
        total = 0
        for day, n in per_day:
            total += n
            if total >= self.rows // 10:
                return day, total
        return per_day[-1][0], total
