"""How responsive the window stays during a big export.

Opens the real Export dialog on a database, starts an export of every event (CSV, or JSON with
--format json) through the dialog's Export button, and meanwhile runs a QTimer heartbeat on the
main thread: the longest gap between two beats, minus the timer's interval, is the longest
main-thread stall. Also
reports the process's peak memory during the export and, in a child process, the cold start of
the main window to a filled dashboard on the embedded demo database.

    python tests/perf/gui_stall.py [--database-url URL] [--events 1000000] [--repeat 1]

Without --database-url it builds a SQLite file of --events events (tests/bulk.py). The last
line of output is JSON: {"stall_ms", "window_mb", "cold_start_s", "rows", ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from billing_desktop.config import Settings  # noqa: E402
from billing_desktop.db.connection import Database  # noqa: E402
from billing_desktop.db.sql import EventFilter  # noqa: E402
from billing_desktop.ui import msgbox  # noqa: E402
from billing_desktop.ui.app import create_application  # noqa: E402
from billing_desktop.ui.export_dialog import ExportDialog  # noqa: E402

HEARTBEAT_MS = 5


def build_sqlite(folder: Path, events: int) -> str:
    from bulk import fill

    path = folder / f"stall_{events}.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        print(f"building {events:,} events in {path} ...", file=sys.stderr)
        db = Database(url, create=True)
        fill(db, events)
        db.dispose()
    return url


def measure_export(app: QApplication, url: str, out: Path, fmt: str) -> dict[str, float]:
    db = Database(url)
    everything = EventFilter(date(1970, 1, 1), date.today() + timedelta(days=1))
    msgbox.question = lambda *a: True  # replace an older file of the same name
    dialog = ExportDialog(db, everything, Settings(last_folder=str(out)))
    dialog.show()
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()  # let the dialog appear and its row count start

    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(beat)
    (
        dialog.form.format_radios["json"] if fmt == "json" else dialog.form.format_radios["csv"]
    ).setChecked(True)
    dialog.form.path_edit.setText(str(out / f"stall.{fmt}"))
    clock.start()
    heartbeat.start()
    started = time.monotonic()
    dialog.start_button.click()
    job = dialog.job
    assert job is not None
    job.ended.connect(loop.quit)
    if job.is_running():
        loop.exec()
    seconds = time.monotonic() - started
    heartbeat.stop()
    result = dialog.result
    if result is None:
        raise SystemExit(f"export did not finish: {dialog.message_label.text()}")
    dialog.done(0)
    db.dispose()
    longest = max(gaps[1:] or [0])
    return {
        "stall_ms": max(0, longest - HEARTBEAT_MS),
        "longest_gap_ms": longest,
        "beats": len(gaps),
        "rows": result.rows,
        "export_s": round(seconds, 2),
        "window_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


COLD_START = r"""
import time, sys
t0 = float(sys.argv[1])
import billing_desktop.ui
from PySide6.QtCore import QTimer
from billing_desktop import config
from billing_desktop.ui.app import create_application
from billing_desktop.ui.main_window import MainWindow
app = create_application()
window = MainWindow(config.Settings(), None)
window.show()
def check():
    if window.is_loading():
        QTimer.singleShot(5, check)
        return
    print(time.time() - t0, window.error_text() if hasattr(window, "error_text") else "")
    window.shutdown()
    app.quit()
QTimer.singleShot(0, check)
app.exec()
"""


def measure_cold_start(home: Path) -> float | None:
    """Process start to a filled dashboard on an existing embedded demo database."""
    env = dict(os.environ)
    for var in ("data", "config", "state"):
        env[f"XDG_{var.upper()}_HOME"] = str(home / var)
    env.pop("BILLING_DATABASE_URL", None)
    prepare = "from billing_desktop import config; from billing_desktop.db.demo import " \
        "ensure_embedded_database as e; e(config.embedded_database_path())"  # fmt: skip
    subprocess.run([sys.executable, "-c", prepare], env=env, check=True)
    proc = subprocess.run(
        [sys.executable, "-c", COLD_START, str(time.time())], env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    try:
        return float(proc.stdout.split()[0])
    except (IndexError, ValueError):
        print(f"cold start not measured: {proc.stderr[-800:]}", file=sys.stderr)
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "billing-stall")
    parser.add_argument("--no-cold-start", action="store_true")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    url = args.database_url or build_sqlite(args.cache, args.events)
    # As the app starts (create_application): its style, and cycles collected on this thread.
    app = create_application()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(max(1, args.repeat)):
            runs.append(measure_export(app, url, Path(tmp), args.format))
            print(f"run {i + 1}: {runs[-1]}", file=sys.stderr)
        figures: dict[str, float | None] = dict(max(runs, key=lambda r: r["stall_ms"]))
        figures["stall_ms"] = max(r["stall_ms"] for r in runs)
        figures["window_mb"] = round(max(r["window_mb"] for r in runs), 1)
        figures["database"] = Database(url).describe()  # type: ignore[assignment]
        if not args.no_cold_start:
            figures["cold_start_s"] = measure_cold_start(Path(tmp))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
