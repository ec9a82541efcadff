"""A throwaway PostgreSQL server for the tests and the benchmark.

Set BILLING_TEST_PG_URL (a superuser URL such as postgresql://postgres@127.0.0.1:5432/postgres)
to use a server you already run; otherwise a cluster is made with initdb in a temporary folder
and started with pg_ctl on a free port of 127.0.0.1, fsync off. initdb refuses to run as root,
so as root the cluster belongs to the `postgres` system user (runuser).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ENV_URL = "BILLING_TEST_PG_URL"


def _bin_dir() -> Path:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if candidates:
        return Path(candidates[-1])
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL server binaries not found: install postgresql or set PG_BIN")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop_orphans(bindir: Path, owner: list[str]) -> None:
    """Stop clusters left by test runs that were killed before their teardown ran."""
    for folder in Path(tempfile.gettempdir()).glob("billing-pg-*"):
        try:
            pid = int((folder / "owner.pid").read_text())
            os.kill(pid, 0)
            continue  # its run is still going
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue  # not ours to judge
        subprocess.run([*owner, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m",
                        "immediate", "stop"], capture_output=True)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


class PostgresServer:
    """A superuser connection URL to a running server, and databases made on demand."""

    def __init__(self, ssl: tuple[Path, Path] | None = None) -> None:
        """`ssl`: a certificate and its key; the server then offers TLS with them (always
        a server of its own, never the one of BILLING_TEST_PG_URL)."""
        self.url = os.environ.get(ENV_URL, "") if ssl is None else ""
        self._dir: Path | None = None
        self._owner: list[str] = []
        self._ssl = ssl
        if not self.url:
            self._start()

    @staticmethod
    def _owner_prefix() -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *cmd: str | os.PathLike[str]) -> None:
        subprocess.run([*self._owner, *map(str, cmd)], check=True, capture_output=True)

    def _start(self) -> None:
        bindir = _bin_dir()
        _stop_orphans(bindir, self._owner_prefix())
        self._dir = Path(tempfile.mkdtemp(prefix="billing-pg-"))
        (self._dir / "owner.pid").write_text(str(os.getpid()))
        if os.geteuid() == 0:
            shutil.chown(self._dir, "postgres", "postgres")
        self._owner = self._owner_prefix()
        data = self._dir / "data"
        self._run(bindir / "initdb", "-D", data, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
                  "-U", "postgres")  # fmt: skip
        # Members of the group role `password_login` must give a real password over TCP (the
        # tests of wrong passwords and SELECT-only roles); everyone else is trusted.
        hba = data / "pg_hba.conf"
        rules = hba.read_text()
        with open(hba, "r+") as f:  # in place: the file stays the postgres user's
            f.write("host all +password_login 127.0.0.1/32 scram-sha-256\n" + rules)
        if self._ssl is not None:
            self._offer_tls(data)
        for _attempt in range(5):
            port = _free_port()
            options = (
                f"-p {port} -k {self._dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
            )
            try:
                self._run(bindir / "pg_ctl", "-D", data, "-o", options, "-w", "-t", "30",
                          "-l", self._dir / "server.log", "start")  # fmt: skip
            except subprocess.CalledProcessError:
                continue  # the port was taken in between: try another
            self.port = port
            self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
            self._bindir = bindir
            with self.admin() as conn:
                conn.execute("CREATE ROLE password_login NOLOGIN")
            return
        raise RuntimeError(f"could not start PostgreSQL; see {self._dir / 'server.log'}")

    def _offer_tls(self, data: Path) -> None:
        """Copy the certificate and key into the data folder (the key readable by the server's
        user alone, as PostgreSQL demands) and turn TLS on."""
        assert self._ssl is not None and self._dir is not None
        for source, name in zip(self._ssl, ("server.crt", "server.key"), strict=True):
            shutil.copy(source, self._dir / name)
            os.chmod(self._dir / name, 0o600)
            if os.geteuid() == 0:
                shutil.chown(self._dir / name, "postgres", "postgres")
        with open(data / "postgresql.conf", "a") as f:
            f.write(f"ssl = on\nssl_cert_file = '{self._dir / 'server.crt'}'\n"
                    f"ssl_key_file = '{self._dir / 'server.key'}'\n")  # fmt: skip

    def admin(self, dbname: str = "postgres") -> psycopg.Connection:
        conninfo = psycopg.conninfo.make_conninfo(self.url, dbname=dbname)
        return psycopg.connect(conninfo, autocommit=True)

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        info = psycopg.conninfo.conninfo_to_dict(self.url)
        return (
            f"postgresql+psycopg://{info.get('user', 'postgres')}@{info.get('host', '127.0.0.1')}"
            f":{info.get('port', 5432)}/{name}"
        )

    def drop_database(self, name: str) -> None:
        with self.admin() as conn, contextlib.suppress(psycopg.Error):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def restart(self) -> None:
        """Restart the server (the tests' stand-in for a database server restart)."""
        if self._dir is None:
            raise RuntimeError("cannot restart an external server")
        # -l: the new postmaster must not inherit our pipes, or capture_output never ends.
        self._run(self._bindir / "pg_ctl", "-D", self._dir / "data", "-m", "fast", "-w",
                  "-l", self._dir / "server.log", "restart")  # fmt: skip

    def stop(self) -> None:
        if self._dir is None:
            return
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(self._bindir / "pg_ctl", "-D", self._dir / "data", "-m", "immediate",
                      "-w", "stop")  # fmt: skip
        for _ in range(20):
            with contextlib.suppress(OSError):
                shutil.rmtree(self._dir)
                break
            time.sleep(0.1)
