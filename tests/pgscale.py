"""The scaled-out PostgreSQL setups the app supports, made for real on 127.0.0.1: a hot standby
of the tests' server (pg_basebackup -R, streaming replication) and PgBouncer in front of it."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
from pgserver import PostgresServer, _free_port


class Standby:
    """A hot standby streaming from `primary`, with the given server settings."""

    def __init__(self, primary: PostgresServer, **settings: str) -> None:
        self.primary = primary
        self._owner = primary._owner
        self._bindir = primary._bindir
        self.dir = Path(tempfile.mkdtemp(prefix="billing-pg-standby-"))
        (self.dir / "owner.pid").write_text(str(__import__("os").getpid()))
        if self._owner:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self._run(self._bindir / "pg_basebackup", "-D", self.data, "-h", "127.0.0.1",
                  "-p", str(primary.port), "-U", "postgres", "-R", "-X", "stream",
                  "--checkpoint=fast")  # fmt: skip
        self.port = _free_port()
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
            + "".join(f" -c {key}={value}" for key, value in settings.items())
        )
        self.log = self.dir / "standby.log"
        self._run(self._bindir / "pg_ctl", "-D", self.data, "-o", options, "-w", "-t", "60",
                  "-l", self.log, "start")  # fmt: skip

    def _run(self, *cmd: object) -> None:
        subprocess.run([*self._owner, *map(str, cmd)], check=True, capture_output=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def catch_up(self, timeout: float = 30) -> None:
        """Wait until the standby has replayed everything the primary has written so far."""
        with self.primary.admin() as admin:
            lsn = admin.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            while not conn.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)
            ).fetchone()[0]:
                if time.monotonic() > deadline:
                    raise TimeoutError("the standby did not catch up")
                time.sleep(0.05)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(self._bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


class PgBouncer:
    """PgBouncer in front of `server`, in `pool_mode` with at most `pool_size` server
    connections per database and user; logs in to the server as postgres."""

    def __init__(self, server_port: int, pool_mode: str = "transaction", pool_size: int = 10):
        exe = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        self.dir = Path(tempfile.mkdtemp(prefix="billing-pgbouncer-"))
        self.port = _free_port()
        config = self.dir / "pgbouncer.ini"
        config.write_text(
            "[databases]\n"
            f"* = host=127.0.0.1 port={server_port} user=postgres\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            "auth_type = any\n"
            f"pool_mode = {pool_mode}\ndefault_pool_size = {pool_size}\n"
            "max_client_conn = 200\nignore_startup_parameters = extra_float_digits\n"
            f"logfile = {self.dir / 'pgbouncer.log'}\n"
        )
        owner = ["runuser", "-u", "postgres", "--"] if __import__("os").geteuid() == 0 else []
        if owner:
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(config, "postgres", "postgres")
        self.proc = subprocess.Popen([*owner, exe, str(config)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 15
        while True:
            try:
                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"PgBouncer did not start; see {self.dir}") from None
                time.sleep(0.1)

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def stop(self) -> None:
        self.proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)
