"""Connection profiles: the single saved connection of older settings becomes the first
profile; each profile keeps its password under its own name; `--profile` and a schedule's
profile choose the database, BILLING_DATABASE_URL still wins; and a profile with
sslmode=verify-full and its own CA connects to a server whose certificate that CA signed,
and fails in one sentence without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import read_csv
from pgserver import PostgresServer
from seed import expected_rows, seed_rows

from billing_desktop import config, secrets
from billing_desktop.db.connection import Database
from billing_desktop.history import History
from billing_desktop.periods import resolve_period
from billing_desktop.presets import PresetStore
from billing_desktop.scheduling.recurrence import DAILY, Recurrence, parse_time
from billing_desktop.scheduling.store import Schedule, ScheduleStore

OLD_CONNECTION = {"kind": "postgresql", "host": "db.example", "port": 5432,
                  "database": "billing", "user": "alice", "sslmode": "require"}  # fmt: skip


def test_the_saved_connection_becomes_the_first_profile_with_its_password(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"connection": OLD_CONNECTION, "last_folder": "/x"}))
    secrets.set_password(OLD_CONNECTION, "old-secret")  # where the window kept it
    settings = config.load_settings(path)
    assert settings.profiles == {"default": OLD_CONNECTION} and settings.profile == "default"
    assert "old-secret" in (config.choose_database(None, settings, profile="default").url or "")
    assert "old-secret" in (config.choose_database(None, settings).url or "")
    config.save_settings(settings, path)
    again = config.load_settings(path)
    assert again.profiles == settings.profiles and again.last_folder == "/x"
    # A second profile keeps its own password, under its own name.
    again.profiles["other"] = {**OLD_CONNECTION, "host": "other.example"}
    secrets.set_password(config.profile_connection(again, "other"), "other-secret")
    url = config.choose_database(None, again, profile="other").url or ""
    assert "other-secret" in url and "other.example" in url
    assert "old-secret" in (config.choose_database(None, again, profile="default").url or "")


def test_the_environment_wins_over_a_profile_and_an_unknown_profile_is_one_sentence(
    tmp_path, monkeypatch
):
    settings = config.Settings(profiles={"p": OLD_CONNECTION})
    monkeypatch.setenv("BILLING_DATABASE_URL", "sqlite:///x.db")
    assert config.choose_database(None, settings, profile="p").source == "environment"
    monkeypatch.delenv("BILLING_DATABASE_URL")
    proc = subprocess.run([sys.executable, "-m", "billing_desktop", "export", "--profile", "nope",
                           "-o", str(tmp_path / "x.csv")], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert proc.returncode == 2 and "No connection profile named 'nope'" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.csv").exists()


# -- TLS with a CA of the profile's own ---------------------------------------------------------


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """A PostgreSQL server whose certificate (for localhost) a CA made here signed."""
    folder = tmp_path_factory.mktemp("tls")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            "ca.crt", "-days", "3", "-subj", "/CN=Billing Test CA", cwd=folder)  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
            "server.csr", "-subj", "/CN=localhost", cwd=folder)  # fmt: skip
    (folder / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.crt", "-days", "3", "-extfile", "san.ext",
            cwd=folder)  # fmt: skip
    server = PostgresServer(ssl=(folder / "server.crt", folder / "server.key"))
    url = server.create_database("tls_billing")
    db = Database(url, create=True)
    seed_rows(db)
    db.dispose()
    yield server, folder / "ca.crt"
    server.stop()


def app(*args: str, home: Path) -> subprocess.CompletedProcess:
    """The command in a process whose HOME holds no ~/.postgresql/root.crt of libpq's."""
    env = {**os.environ, "HOME": str(home)}
    env.pop("BILLING_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "billing_desktop", *args], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def set_profile(name: str, port: int, home: Path, *tls: str) -> None:
    where = ["--host", "localhost", "--port", str(port), "--database", "tls_billing"]
    proc = app("profile", "set", name, *where, "--user", "postgres", "--sslmode", "verify-full",
               *tls, home=home)  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def test_verify_full_with_the_profiles_ca_connects_and_without_it_fails_clearly(
    tls_server, tmp_path
):
    server, ca = tls_server
    set_profile("secure", server.port, tmp_path, "--sslrootcert", str(ca))
    set_profile("no-ca", server.port, tmp_path)
    out = tmp_path / "out.csv"
    proc = app("export", "--profile", "secure", "--period", "last-month", "--scope", "by_tenant",
               "-o", str(out), "--quiet", home=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    expected = expected_rows(*resolve_period("last-month", "UTC"), "by_tenant")
    assert len(read_csv(out)[1]) == len(expected) > 0
    proc = app("export", "--profile", "no-ca", "--period", "last-month", "-o",
               str(tmp_path / "no.csv"), home=tmp_path)  # fmt: skip
    err = proc.stderr
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1 and "root certificate" in err, err
    assert not (tmp_path / "no.csv").exists()


def test_a_schedule_reads_the_profile_it_names(tls_server, tmp_path):
    server, ca = tls_server
    set_profile("secure", server.port, tmp_path, "--sslrootcert", str(ca))
    folder = tmp_path / "exports"
    folder.mkdir()
    PresetStore().save("P", {"period": "last-month", "scope": "by_tenant"})
    daily = Recurrence(DAILY, parse_time("06:00"))
    ScheduleStore().put(Schedule("S", "P", daily, str(folder), profile="secure"))
    run = app("schedule", "run", "S", home=tmp_path)
    assert run.returncode == 0, run.stderr
    [written] = folder.iterdir()
    assert len(read_csv(written)[1]) > 0
    assert "tls_billing on localhost" in History().scheduled(name="S")[0].database
