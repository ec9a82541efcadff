"""docs/scheduling.md, run: the setup line and the cron line exactly as the page
prints them, the systemd units through `systemd-analyze verify` and their ExecStart, and a
failing run that shows in the exit status, the history and the log."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from seed import TENANTS, expected_rows

from billing_desktop.periods import resolve_period

DOC = Path(__file__).resolve().parents[1] / "docs" / "scheduling.md"
FOLDER_NAME = "statements-2026-10"  # last month, on the suite's clock


def block(marker: str) -> str:
    """The fenced block after `<!-- marker -->` in the page."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {re.escape(marker)} -->\n```[a-z]*\n(.*?)```", text, re.S)
    assert found, marker
    return found.group(1)


def cron_command(line: str) -> str:
    """What cron hands to /bin/sh for a crontab line: the text after the five time fields,
    with `\\%` made `%` (an unescaped % would end the command: there must be none)."""
    fields = line.split(None, 5)
    assert len(fields) == 6 and all(re.fullmatch(r"[\d*/,-]+", f) for f in fields[:5]), line
    command = fields[5]
    assert re.search(r"(?<!\\)%", command) is None, "an unescaped % in a cron command"
    return command.replace("\\%", "%")


@pytest.fixture
def home(tmp_path, seeded_sqlite):
    """A user's home as cron and systemd see it: the command installed in ~/.local/bin (as
    ./scripts/run does), the default XDG folders under it, and the database in the
    environment (for the window's saved settings, which would need a keyring)."""
    home = tmp_path / "home"
    bin_dir = home / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    launcher = bin_dir / "billing-desktop"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m billing_desktop "$@"\n')
    launcher.chmod(0o755)
    return home


def job_env(home: Path, database_url: str) -> dict[str, str]:
    """cron's environment: little more than HOME, a short PATH and the shell."""
    env = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "SHELL": "/bin/sh",
        "LOGNAME": "billing",
        "BILLING_DATABASE_URL": database_url,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    for kept in ("BILLING_DESKTOP_NOW", "TZ", "PYTHONPATH"):
        if kept in os.environ:
            env[kept] = os.environ[kept]
    return env


def sh(command: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", "-c", command], env=env, cwd=cwd, capture_output=True,
                          timeout=180)  # fmt: skip


def history(home: Path, env: dict[str, str]) -> list[dict]:
    proc = sh(f'"{home}/.local/bin/billing-desktop" history --json', env)
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def setup_preset(home: Path, env: dict[str, str]) -> None:
    setup = block("setup").strip()
    env = {**env, "PATH": f"{home}/.local/bin:/usr/bin:/bin"}  # as in a login shell
    proc = sh(setup, env)
    assert proc.returncode == 0, proc.stderr.decode()
    shutil.rmtree(home / "statements" / FOLDER_NAME)  # the try-out; the job makes it again
    (home / "statements" / f"{FOLDER_NAME}.manifest.json").unlink()


def assert_statements(folder: Path) -> None:
    october = resolve_period("last-month", "UTC")
    expected = expected_rows(*october, "by_tenant_model", granularity="month")
    tenants = {t for _, t, *_ in expected}
    files = sorted(p for p in folder.iterdir() if p.suffix == ".xlsx")
    assert len(files) == len(tenants) and tenants <= set(TENANTS)
    check = subprocess.run([sys.executable, "-m", "billing_desktop", "verify", str(folder)],
                           capture_output=True, env={**os.environ}, timeout=120)  # fmt: skip
    assert check.returncode == 0, check.stdout.decode()


def test_the_cron_line_writes_last_months_statements(home, seeded_sqlite):
    env = job_env(home, seeded_sqlite)
    setup_preset(home, env)
    lines = [ln for ln in block("crontab").splitlines() if ln and not ln.startswith("MAILTO")]
    assert len(lines) == 1
    proc = sh(cron_command(lines[0]), env, cwd=home)  # cron starts jobs in HOME
    assert proc.returncode == 0 and proc.stdout == proc.stderr == b"", proc.stderr.decode()
    assert_statements(home / "statements" / FOLDER_NAME)
    newest = history(home, env)[0]
    assert newest["outcome"] == "succeeded" and newest["face"] == "cli"
    assert newest["parameters"]["period"] == "last-month"
    assert newest["parameters"]["split_by"] == "tenant"


def test_a_failing_cron_run_shows_in_status_history_and_log(home, seeded_sqlite):
    env = job_env(home, seeded_sqlite)
    setup_preset(home, env)
    line = next(ln for ln in block("crontab").splitlines() if ln[:1].isdigit())
    down = {**env, "BILLING_DATABASE_URL": "postgresql://billing@127.0.0.1:1/billing"}
    proc = sh(cron_command(line), down, cwd=home)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and proc.stdout == b""
    assert err.startswith("billing-desktop: error: ") and "Traceback" not in err
    assert not (home / "statements" / FOLDER_NAME).exists()
    newest = history(home, env)[0]
    assert newest["outcome"] == "failed" and newest["message"]
    log = (home / ".local" / "state" / "billing-desktop" / "log" / "cli.log").read_text()
    assert "export failed" in log.splitlines()[-1]
    # A second run on the same day with the folder already there fails too, and says so.
    assert sh(cron_command(line), env, cwd=home).returncode == 0
    again = sh(cron_command(line), env, cwd=home)
    assert again.returncode == 1 and b"already exists" in again.stderr
    assert history(home, env)[0]["outcome"] == "failed"


def test_the_systemd_units_verify_and_their_command_runs(home, seeded_sqlite, tmp_path):
    env = job_env(home, seeded_sqlite)
    setup_preset(home, env)
    units = tmp_path / "units"
    units.mkdir()
    for name in ("billing-statements.service", "billing-statements.timer"):
        (units / name).write_text(block(name), encoding="utf-8")
    verify = subprocess.run(
        ["systemd-analyze", "verify", *(str(units / n) for n in sorted(os.listdir(units)))],
        env={**env, "SYSTEMD_LOG_LEVEL": "notice"}, capture_output=True, timeout=60,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stderr.decode()
    calendar = subprocess.run(["systemd-analyze", "calendar", "--iterations=2",
                               "*-*-01 06:05"], capture_output=True, timeout=60)  # fmt: skip
    assert calendar.returncode == 0 and b"-01 06:05:00" in calendar.stdout
    # What systemd would run: ExecStart in WorkingDirectory, %h being the home.
    service = block("billing-statements.service").replace("%h", str(home))
    settings = dict(ln.split("=", 1) for ln in service.splitlines() if "=" in ln)
    proc = subprocess.run(shlex.split(settings["ExecStart"]), cwd=settings["WorkingDirectory"],
                          env=env, capture_output=True, timeout=180)  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    assert_statements(home / "statements" / FOLDER_NAME)
