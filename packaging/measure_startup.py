"""Time from launching a Billing Desktop executable to its main window being visible.

    python3 packaging/measure_startup.py build/pyinstaller-dist/billing-desktop/billing-desktop

Runs the app several times on a private Xvfb display against a demo SQLite database of the
embedded default's size, polls `xdotool search --onlyvisible` for the window, and prints each
time and the median. The clock starts before the process is spawned, so the figure includes
everything a user waits for: the bootloader unpacking nothing (one-folder build), Python
start-up, imports, Qt and the first paint. Needs Xvfb and xdotool (ci-check.sh installs them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WINDOW_TITLE = "Billing Desktop"
DEMO_EVENTS = 60_000  # billing_desktop.db.demo.EMBEDDED_DEMO_EVENTS


def _window_visible(env: dict[str, str]) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", WINDOW_TITLE],
        env=env,
        capture_output=True,
        check=False,
    )
    return found.returncode == 0 and bool(found.stdout.strip())


def measure(executable: Path, runs: int, timeout: float) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="billing-desktop-startup-") as tmp:
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[var] = str(Path(tmp) / var.lower())
        url = f"sqlite:///{tmp}/demo.sqlite3"
        subprocess.run(
            [str(executable), "demo-data", "--database-url", url, "--events", str(DEMO_EVENTS)],
            env=env,
            check=True,
            capture_output=True,
        )
        # -displayfd: Xvfb picks a free display itself and names it once it accepts clients.
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                "1600x1000x24",
                "-nolisten",
                "tcp",
                "-noreset",  # else it resets whenever its last client leaves, refusing newcomers
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,),
        )
        os.close(write_fd)
        try:
            with os.fdopen(read_fd) as ready:
                display = ready.readline().strip()
            if not display:
                raise SystemExit("measure_startup: Xvfb did not start")
            env["DISPLAY"] = f":{display}"
            env.pop("WAYLAND_DISPLAY", None)
            _wait_for_clients(env)
            return [_one_run(executable, url, env, timeout) for _ in range(runs)]
        finally:
            xvfb.terminate()
            xvfb.wait(timeout=10)


def _wait_for_clients(env: dict[str, str]) -> None:
    """Be sure the display takes clients before the clock of the first run starts."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        probe = subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True)
        if probe.returncode == 0:
            return
        time.sleep(0.05)
    raise SystemExit("measure_startup: Xvfb accepts no connections")


def _one_run(executable: Path, url: str, env: dict[str, str], timeout: float) -> float:
    started = time.monotonic()
    app = subprocess.Popen(
        [str(executable), "--database-url", url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while not _window_visible(env):
            if app.poll() is not None:
                raise SystemExit(
                    f"measure_startup: the app exited ({app.returncode}) before showing a "
                    f"window: {app.stderr.read().decode(errors='replace')[-2000:]}"
                )
            if time.monotonic() - started > timeout:
                raise SystemExit(f"measure_startup: no window within {timeout:.0f} s")
            time.sleep(0.01)
        return time.monotonic() - started
    finally:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    times = measure(args.executable.resolve(), args.runs, args.timeout)
    listed = ", ".join(f"{t:.2f}" for t in times)
    print(
        f"start to visible main window: median {statistics.median(times):.2f} s "
        f"over {len(times)} runs ({listed} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
