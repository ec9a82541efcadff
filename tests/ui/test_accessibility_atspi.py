"""The window as assistive technology sees it: through AT-SPI, the interface screen readers
(Orca) use on Linux. The app runs on its own Xvfb display with a private D-Bus session bus
and the AT-SPI registry, accessibility switched on as it is under a screen reader. A driver
run by the system's Python (which has pyatspi) finds the controls by role and name and runs an
export through them; the file must hold what the database holds.

Needs Xvfb, dbus-daemon, at-spi2-core and python3-pyatspi (scripts/system-deps --tests). Where
they are missing the test is skipped, except in CI (CI=true), where it fails instead."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from seed import expected_rows
from test_accounting_outputs import read_rows

pytestmark = [pytest.mark.gui]

SYSTEM_PYTHON = "/usr/bin/python3"
DRIVER = Path(__file__).parent.parent / "atspi_driver.py"
BUS_LAUNCHERS = (
    "/usr/libexec/at-spi-bus-launcher",
    "/usr/lib/at-spi2-core/at-spi-bus-launcher",
    "/usr/lib/at-spi2/at-spi-bus-launcher",
)
# The dashboard's and the dialog's range under the suite's clock: this month, in UTC.
MONTH = (date(2026, 11, 1), date(2026, 11, 30))


def _missing() -> list[str]:
    missing = [tool for tool in ("Xvfb", "dbus-daemon") if shutil.which(tool) is None]
    if not any(os.path.exists(path) for path in BUS_LAUNCHERS):
        missing.append("at-spi2-core (at-spi-bus-launcher)")
    probe = [SYSTEM_PYTHON, "-c", "import pyatspi"]
    if not os.path.exists(SYSTEM_PYTHON) or subprocess.run(probe, capture_output=True).returncode:
        missing.append("python3-pyatspi")
    return missing


@pytest.fixture(scope="module")
def atspi_tools():
    missing = _missing()
    if missing:
        message = f"AT-SPI test needs {', '.join(missing)}: run scripts/system-deps --tests"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(message)
        pytest.skip(message)


class Desktop:
    """An X display, a D-Bus session bus and the AT-SPI bus, all private to one test."""

    def __init__(self, folder: Path) -> None:
        self.processes: list[subprocess.Popen] = []
        runtime = folder / "runtime"
        runtime.mkdir(mode=0o700)
        self.env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
        self.env["DISPLAY"] = self._start_x()
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self._start_bus()
        launcher = next(path for path in BUS_LAUNCHERS if os.path.exists(path))
        self.start([launcher, "--launch-immediately"], folder / "at-spi.log")

    def start(self, argv: list[str], log: Path | None = None, **kwargs) -> subprocess.Popen:
        """Start a process in its own group: stopping the group also stops what it started
        (the launcher's AT-SPI bus and registry). Its output goes to `log`, or nowhere."""
        kwargs.setdefault("env", self.env)
        out = log.open("wb") if log else subprocess.DEVNULL
        kwargs.setdefault("stdout", out)
        try:
            process = subprocess.Popen(argv, start_new_session=True, stderr=out, **kwargs)
        finally:
            if log:
                out.close()  # the child holds its own copy
        self.processes.append(process)
        return process

    def _start_x(self) -> str:
        # Xvfb picks a free display number itself and writes it once it listens: no race
        # with another test or person taking the same number
        xvfb = self.start(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24",
                           "-nolisten", "tcp"], stdout=subprocess.PIPE)  # fmt: skip
        number = xvfb.stdout.readline().decode().strip()
        assert number, "Xvfb did not start"
        return f":{number}"

    def _start_bus(self) -> str:
        bus = self.start(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                          stdout=subprocess.PIPE)  # fmt: skip
        address = bus.stdout.readline().decode().strip()
        assert address, "the D-Bus session bus did not start"
        return address

    def stop(self) -> None:
        for process in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(10)
            if process.stdout is not None:
                process.stdout.close()


@pytest.fixture
def desktop(atspi_tools, tmp_path):
    session = Desktop(tmp_path)
    yield session
    session.stop()


def start_app(desktop: Desktop, url: str, log: Path) -> subprocess.Popen:
    env = {
        **desktop.env,
        "QT_QPA_PLATFORM": "xcb",
        "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",  # as under a screen reader
        "QT_ACCESSIBILITY": "1",
        "LC_ALL": "C.UTF-8",
        "LANG": "en_US.UTF-8",
        "LANGUAGE": "en",
    }
    argv = [sys.executable, "-m", "billing_desktop", "--database-url", url]
    return desktop.start(argv, log, env=env)


def drive(desktop: Desktop, fmt: str, target: Path, app: subprocess.Popen, log: Path) -> dict:
    argv = [SYSTEM_PYTHON, str(DRIVER), "--format", fmt, "--path", str(target)]
    env = {key: value for key, value in desktop.env.items() if key != "PYTHONPATH"}
    done = subprocess.run(argv, env=env, capture_output=True, timeout=60)
    # When the driver fails, whether the app still runs and what it logged tell why.
    assert done.stdout, (
        f"driver: {done.stderr.decode()[-2000:]}\napp exit code: {app.poll()}\n"
        f"app log: {log.read_text(errors='replace')[-3000:]}"
    )
    return json.loads(done.stdout)


def named(controls: list[dict], role: str) -> set[str]:
    return {control["name"] for control in controls if control["role"] == role}


def label_of(controls: list[dict], role: str, label: str) -> dict:
    found = [c for c in controls if c["role"] == role and label in c["labelled_by"]]
    assert found, f"no {role} labelled {label!r} in {controls}"
    return found[0]


def test_a_screen_reader_finds_the_controls_and_exports(desktop, seeded_sqlite, tmp_path):
    app = start_app(desktop, seeded_sqlite, tmp_path / "app.log")
    target = tmp_path / "through AT-SPI.jsonl"
    report = drive(desktop, "JSON Lines", target, app, tmp_path / "app.log")
    log = (tmp_path / "app.log").read_text(errors="replace")[-2000:]
    assert app.poll() is None, log
    assert "error" not in report, (report["error"], log)

    window = report["main_window"]["controls"]
    assert {"Export…", "Refresh", "All tenants", "All models"} <= named(window, "push button")
    assert {"First day", "Last day"} <= named(window, "spin button")
    assert label_of(window, "combo box", "Time zone")["name"] == "UTC"
    cost = report["main_window"]["total_cost"]
    rows = expected_rows(*MONTH)
    assert cost["labelled_by"] == ["Total cost"]
    assert cost["name"] == money(sum(row[5] for row in rows))  # the figure, not just its title

    dialog = report["export_dialog"]
    assert dialog["dialog"].startswith("Export billing data")
    radios = named(dialog["controls"], "radio button")
    assert {"CSV", "JSON", "JSON Lines", "Excel workbook"} <= radios
    assert {"First day", "Last day"} <= named(dialog["controls"], "spin button")
    assert "Save to" in named(dialog["controls"], "text")
    assert {"Export", "Close", "Browse…"} <= named(dialog["controls"], "push button")
    assert label_of(dialog["controls"], "combo box", "Delimiter:")["name"] == "Comma (,)"
    assert dialog["path_field"] == str(target)
    checked = [c["name"] for c in dialog["after"] if c["role"] == "radio button" and c["checked"]]
    assert checked == ["JSON Lines"]

    assert read_rows(target, "jsonl") == rows
    assert dialog["written"].startswith(f"{len(rows)} rows written"), dialog["written"]


def money(cents) -> str:
    """A figure as the English window shows it."""
    return f"{cents / 100:,.2f}\u00a0USD"
