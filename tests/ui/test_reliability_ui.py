"""Reliability and security from the window: faults during an export started in the
dialog, the window closed mid-export, secrets nowhere, the crash dialog, endurance."""

from __future__ import annotations

import gc
import os
import resource
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from bulk import fill
from helpers import leftovers, read_csv, read_json
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QWidget
from seed import seed_rows

from billing_desktop import config, secrets
from billing_desktop.config import Settings
from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter
from billing_desktop.export.request import ExportRequest
from billing_desktop.ui import crash, msgbox
from billing_desktop.ui.connection_dialog import ConnectionDialog
from billing_desktop.ui.export_dialog import ExportDialog
from billing_desktop.workers.export_worker import ExportJob
from billing_desktop.workers.job import BackgroundJob, _Runner

pytestmark = pytest.mark.gui

YEAR = EventFilter(date(2026, 1, 1), date(2026, 12, 31))
TIMEOUT = 30_000
OLD = "an older file that must survive\n"


def os_threads() -> int:
    """Threads of this process as the kernel sees them (Qt's and Python's alike)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no thread count")


def live_export_objects() -> int:
    return sum(isinstance(o, (BackgroundJob, _Runner)) for o in gc.get_objects())


def resident_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize()


class JobWatcher(QWidget):
    """A parent for the export dialog that, like the main window, is told of every job before
    it starts; `on_start(job)` may hook into the job at that moment."""

    def __init__(self, on_start=None) -> None:
        super().__init__()
        self.jobs: list[ExportJob] = []
        self.on_start = on_start

    def register_export_job(self, job: ExportJob) -> None:
        self.jobs.append(job)
        if self.on_start is not None:
            self.on_start(job)


@pytest.fixture
def dialogs(qtbot, monkeypatch):
    """Open export dialogs; every one is closed the way a user would at the end."""
    opened: list[ExportDialog] = []

    def make(db, flt=YEAR, parent=None, folder: Path | None = None):
        settings = Settings(last_folder=str(folder or ""))
        dlg = ExportDialog(db, flt, settings, parent=parent)
        if parent is None:
            qtbot.addWidget(dlg)
        dlg.show()
        opened.append(dlg)
        return dlg

    yield make
    monkeypatch.setattr(msgbox, "question", lambda *a: True)
    for dlg in opened:
        if shiboken6.isValid(dlg):
            dlg.done(0)


def run(qtbot, dlg: ExportDialog, target: Path) -> None:
    dlg.form.path_edit.setText(str(target))
    qtbot.waitUntil(lambda: not dlg._counter.is_pending(), timeout=TIMEOUT)
    assert dlg.start_button.isEnabled(), dlg.message_label.text()
    dlg.start_button.click()
    assert dlg.job is not None
    qtbot.waitUntil(lambda: not dlg.job.is_running(), timeout=TIMEOUT)


def on_first_progress(job: ExportJob, action) -> None:
    """Run `action` in the worker thread at the export's first progress report: the snapshot
    is open and the totals are read, no row is written yet. Deterministic, unlike a timer."""
    done: list[bool] = []

    def hook(_done, _total):
        if not done:
            done.append(True)
            action()

    job._runner.progress.connect(hook, Qt.ConnectionType.DirectConnection)


# -- faults during an export started in the dialog ----------------------------------------------


@pytest.mark.postgres
def test_wrong_password_in_the_dialog(qtbot, pg_server, pg_url, tmp_path, dialogs, monkeypatch):
    db = Database(pg_url, create=True)
    seed_rows(db)
    db.dispose()
    role = f"clerk_{uuid.uuid4().hex[:8]}"
    with pg_server.admin(pg_url.rsplit("/", 1)[1]) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'right-one' IN ROLE password_login")
        conn.execute(f"GRANT SELECT ON tenants, usage_events TO {role}")
    monkeypatch.setattr(msgbox, "question", lambda *a: True)  # replace the older file: yes
    wrong = Database(pg_url.replace("postgres@", f"{role}:wr0ng-Secret@"))
    target = tmp_path / "x.csv"
    target.write_text(OLD)
    dlg = dialogs(wrong, folder=tmp_path)
    run(qtbot, dlg, target)
    text = dlg.message_label.text()
    assert text.startswith("The export failed: Cannot connect to PostgreSQL")
    assert "password authentication failed" in text and role in text
    assert "Could not count the rows" in dlg.count_label.text()
    for shown in (text, dlg.count_label.text(), dlg.windowTitle()):
        assert "wr0ng-Secret" not in shown
    assert target.read_text() == OLD and leftovers(tmp_path) == []
    assert dlg.start_button.isEnabled() and dlg.form.isEnabled()


@pytest.mark.postgres
def test_connection_killed_during_a_dialog_export_then_the_next_one_works(
    qtbot, pg_server, pg_url, tmp_path, dialogs, monkeypatch
):
    db = Database(pg_url, create=True)
    fill(db, 20_000)
    killed: list[int] = []

    def kill():
        with pg_server.admin() as admin:
            rows = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'billing-desktop' AND pid <> pg_backend_pid()"
            ).fetchall()
        killed.append(len(rows))

    parent = JobWatcher(lambda job: on_first_progress(job, kill) if not killed else None)
    qtbot.addWidget(parent)
    monkeypatch.setattr(msgbox, "question", lambda *a: True)
    target = tmp_path / "x.json"
    target.write_text(OLD)
    dlg = dialogs(db, parent=parent, folder=tmp_path)
    dlg.form.format_radios["json"].setChecked(True)
    run(qtbot, dlg, target)
    assert killed and killed[0] >= 1
    assert dlg.message_label.text().startswith("The export failed: Lost the connection to")
    assert dlg.export_result is None and not dlg.summary_panel.isVisible()
    assert target.read_text() == OLD and leftovers(tmp_path) == []
    # The app goes on: the same dialog exports again over a fresh connection.
    assert dlg.start_button.isEnabled()
    dlg.start_button.click()
    qtbot.waitUntil(lambda: not dlg.job.is_running(), timeout=TIMEOUT)
    assert dlg.export_result is not None, dlg.message_label.text()
    assert read_json(target)["metadata"]["totalRecords"] == 20_000 and len(parent.jobs) == 2
    db.dispose()


def test_folder_removed_during_a_dialog_export(qtbot, tmp_path, dialogs):
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}", create=True)
    fill(db, 5_000)
    out = tmp_path / "out"
    out.mkdir()
    parent = JobWatcher(lambda job: on_first_progress(job, lambda: _remove_tree(out)))
    qtbot.addWidget(parent)
    dlg = dialogs(db, parent=parent, folder=out)
    run(qtbot, dlg, out / "x.csv")
    text = dlg.message_label.text()
    assert text == f"The export failed: Cannot write {out / 'x.csv'}: No such file or directory."
    assert not out.exists() and dlg.export_result is None
    # Back in place, the same dialog exports.
    out.mkdir()
    parent.on_start = None
    dlg._refresh()
    dlg.start_button.click()
    qtbot.waitUntil(lambda: not dlg.job.is_running(), timeout=TIMEOUT)
    assert dlg.export_result is not None and len(read_csv(out / "x.csv")[1]) == 5_000
    db.dispose()


def _remove_tree(folder: Path) -> None:
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()


_FULL_DISK_SCRIPT = r"""
import resource, sys
from datetime import date
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from billing_desktop.config import Settings
from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter
from billing_desktop.ui import msgbox
from billing_desktop.ui.export_dialog import ExportDialog

msgbox.question = lambda *a: True  # "Replace the file?" - yes
dlg = ExportDialog(Database(sys.argv[1]), EventFilter(date(2026, 1, 1), date(2026, 12, 31)),
                   Settings())
dlg.form.path_edit.setText(sys.argv[2])
dlg.show()
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # what a full disk looks like
dlg.start_button.click()
while dlg.job.is_running():
    app.processEvents()
    dlg.job.wait(10)
app.processEvents()
print("MESSAGE", dlg.message_label.text(), flush=True)
print("ENABLED", dlg.start_button.isEnabled(), flush=True)
dlg.done(0)
"""


def test_full_disk_during_a_dialog_export(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}", create=True)
    fill(db, 60_000)  # about 2.5 MB of CSV
    db.dispose()
    out = tmp_path / "out"
    out.mkdir()
    target = out / "full.csv"
    target.write_text(OLD)
    proc = subprocess.run(
        [sys.executable, "-c", _FULL_DISK_SCRIPT, f"sqlite:///{tmp_path / 'db.sqlite3'}",
         str(target), "1000000"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "MESSAGE The export failed: The disk is full" in proc.stdout, proc.stdout
    assert "ENABLED True" in proc.stdout and "Traceback" not in proc.stderr
    assert target.read_text() == OLD and leftovers(out) == []


def test_a_range_without_events_counts_zero_and_exports_a_header(qtbot, seeded, tmp_path, dialogs):
    empty = EventFilter(date(2030, 1, 1), date(2030, 1, 31))
    dlg = dialogs(seeded, empty, folder=tmp_path)
    run(qtbot, dlg, tmp_path / "none.csv")
    assert dlg.count_label.text() == "0 rows written (total cost 0.00\u00a0USD)."
    assert dlg.export_result is not None and dlg.export_result.rows == 0
    assert dlg.summary_panel.headline.text().startswith("Exported 0 rows")
    header, rows = read_csv(tmp_path / "none.csv")
    assert header[0] == "date" and rows == []


# -- the window closed mid-export -----------------------------------------------------------------


def python_threads() -> int:
    """Threads Python started. A QThread that logged once stays listed as a `_DummyThread`
    after it ended (Python cannot see foreign threads end); os_threads() covers those."""
    return sum(not isinstance(t, threading._DummyThread) for t in threading.enumerate())


def test_window_closed_mid_export_leaves_no_thread_and_no_file(
    small_demo_db, make_window, qtbot, tmp_path, monkeypatch
):
    db = Database(f"sqlite:///{tmp_path / 'big.sqlite3'}", create=True)
    fill(db, 300_000)
    threads_before, py_threads_before = os_threads(), python_threads()
    window = make_window(None)
    asked: list[str] = []
    monkeypatch.setattr(msgbox, "question", lambda p, title, text: asked.append(title) or True)
    monkeypatch.setattr(
        msgbox, "question_while", lambda p, title, text, still_true: asked.append(title) or True
    )
    target = tmp_path / "x.json"
    target.write_text(OLD)
    dlg = ExportDialog(db, YEAR, Settings(), parent=window)
    dlg.show()
    dlg.form.format_radios["json"].setChecked(True)
    dlg.form.path_edit.setText(str(target))
    started = threading.Event()
    window_jobs: list[ExportJob] = []
    original = window.register_export_job

    def register(job):
        window_jobs.append(job)
        on_first_progress(job, started.set)
        original(job)

    monkeypatch.setattr(window, "register_export_job", register)
    dlg.start_button.click()
    assert started.wait(20)
    assert window.close()
    assert asked == ["Replace the file?", "Export running"]
    job = window_jobs[0]
    assert not job.is_running() and job._thread.isFinished()
    assert target.read_text() == OLD and leftovers(tmp_path) == []
    assert not window.isVisible() and not dlg.isVisible()
    # Nothing of the window's may outlive it: dashboard, counter and export threads included.
    assert not dlg._counter.is_running()
    qtbot.waitUntil(lambda: os_threads() <= threads_before, timeout=10_000)
    qtbot.waitUntil(lambda: python_threads() <= py_threads_before, timeout=5_000)
    db.dispose()


# -- secrets -------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_password_saved_in_the_dialog_appears_nowhere(
    qtbot, pg_server, pg_url, tmp_path, make_window, monkeypatch
):
    secret = f"pw-{uuid.uuid4().hex}"
    db = Database(pg_url, create=True)
    seed_rows(db)
    db.dispose()
    dbname = pg_url.rsplit("/", 1)[1]
    role = f"r_{uuid.uuid4().hex[:8]}"
    with pg_server.admin(dbname) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{secret}' IN ROLE password_login")
        conn.execute(f"GRANT SELECT ON tenants, usage_events TO {role}")
    log_path = crash.setup_logging()
    assert log_path is not None

    settings = config.load_settings()
    connection = ConnectionDialog(settings)
    qtbot.addWidget(connection)
    connection.postgres_radio.setChecked(True)
    connection.host_edit.setText("127.0.0.1")
    connection.port_spin.setValue(int(pg_url.rsplit(":", 1)[1].split("/")[0]))
    connection.database_edit.setText(dbname)
    connection.user_edit.setText(role)
    connection.password_edit.setText(secret)
    connection.sslmode_combo.setCurrentText("disable")
    connection.test_button.click()
    qtbot.waitUntil(lambda: not connection.test.is_running(), timeout=TIMEOUT)
    assert connection.test_result.text().startswith("Connected")
    connection.ok_button.click()
    url = config.choose_database(None).url
    assert url is not None and secret in url  # the password came back from the session store

    window = make_window(url)
    assert window.last_dashboard_data is not None and window.last_dashboard_data.events > 0
    assert "sslmode=disable" in window.db_label.text()
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("csv", "json"):
        dlg = ExportDialog(window.db, YEAR, window.settings, parent=window)
        dlg.show()
        dlg.form.format_radios[fmt].setChecked(True)
        run(qtbot, dlg, out / f"x.{fmt}")
        assert dlg.export_result is not None, dlg.message_label.text()
        dlg.done(0)
    # A failure that names the connection, and a log line that carries the whole URL.
    window.set_database(url.replace(f"/{dbname}", "/no_such_db"))
    qtbot.waitUntil(lambda: bool(window.error_text()), timeout=TIMEOUT)
    assert "no_such_db" in window.error_text()
    crash.log.warning("connecting with %s", url)
    for handler in crash.log.handlers:
        handler.flush()

    seen = {
        "window title": window.windowTitle(),
        "status bar": window.db_label.text() + window.db_label.toolTip(),
        "error banner": window.error_text(),
        "settings file": config.settings_path().read_text(encoding="utf-8"),
    }
    for path in [*out.iterdir(), *log_path.parent.iterdir(), *config.config_dir().iterdir()]:
        seen[str(path)] = path.read_bytes().decode("utf-8", "replace")
    assert "connecting with" in seen[str(log_path)]
    leaks = [where for where, text in seen.items() if secret in text]
    assert leaks == []
    secrets._session_passwords.clear()


# -- diagnostics ---------------------------------------------------------------------------------


@pytest.fixture
def crash_dialogs(monkeypatch):
    """The real crash path (sys.excepthook -> CrashDialog); only the dialog's exec() is
    replaced, to record what it would show."""
    shown: list[crash.CrashDialog] = []

    def exec_(self):
        shown.append(self)
        return 0

    monkeypatch.setattr(crash.CrashDialog, "exec", exec_)
    monkeypatch.setattr(sys, "excepthook", crash.excepthook)
    yield shown
    for dialog in shown:
        dialog.deleteLater()


def _check_crash_dialog(dialog: crash.CrashDialog, phrase: str, secret: str, log_path: Path):
    details = dialog.details.toPlainText()
    assert "Traceback" in details and phrase in details and secret not in details
    assert dialog.findChild(QPushButton, "crashCopyButton") is dialog.copy_button
    assert dialog.findChild(QWidget, "crashLogPath").text() == f"Log file: {log_path}"
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == details
    for handler in crash.log.handlers:
        handler.flush()
    logged = log_path.read_text(encoding="utf-8")
    assert phrase in logged and secret not in logged


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_gui_slot_opens_the_crash_dialog(qtbot, crash_dialogs):
    log_path = crash.setup_logging()
    assert log_path is not None
    secret = f"gui-{uuid.uuid4().hex}"
    crash.register_secret(secret)
    marker = f"bug-{uuid.uuid4().hex[:8]}"
    button = QPushButton("boom")
    qtbot.addWidget(button)
    button.show()

    def buggy():
        raise RuntimeError(f"{marker} while using postgresql://u:{secret}@h/db")

    button.clicked.connect(buggy)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(crash_dialogs) == 1
    _check_crash_dialog(crash_dialogs[0], marker, secret, log_path)
    assert button.isVisible()  # the app goes on


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_the_export_worker_opens_the_crash_dialog(qtbot, seeded, tmp_path, crash_dialogs):
    log_path = crash.setup_logging()
    assert log_path is not None
    secret = f"wk-{uuid.uuid4().hex}"
    crash.register_secret(secret)
    dlg = ExportDialog(seeded, YEAR, Settings(last_folder=str(tmp_path)))
    qtbot.addWidget(dlg)
    # A programming error inside the worker thread.
    job = BackgroundJob(lambda _control: object().missing)  # type: ignore[attr-defined]
    job.crashed.connect(dlg._on_crashed)
    job.start()
    qtbot.waitUntil(lambda: bool(crash_dialogs), timeout=TIMEOUT)
    assert "unexpected error" in dlg.message_label.text()
    _check_crash_dialog(crash_dialogs[0], "AttributeError", secret, log_path)
    assert QCoreApplication.instance() is not None
    dlg.done(0)


# -- corrupt settings at start-up ----------------------------------------------------------------

_START_SCRIPT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from billing_desktop.ui import msgbox

def warning(parent, title, text):
    print("WARNING", text, flush=True)
    print("WINDOW", parent.objectName(), parent.isVisible(), flush=True)
    QTimer.singleShot(0, parent.close)

msgbox.warning = warning
from billing_desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_corrupt_settings_file_at_start_up_is_said_and_defaults_used(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}", create=True)
    fill(db, 10)
    db.dispose()
    path = config.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"window": {"geometry": ', encoding="utf-8")
    url = f"sqlite:///{tmp_path}/db.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", _START_SCRIPT, "--database-url", url],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert f"WARNING The settings file {path} was damaged" in proc.stdout
    assert "WINDOW mainWindow True" in proc.stdout and "Traceback" not in proc.stderr
    assert path.with_name("settings.json.corrupt").exists()
    assert config.load_settings().load_warning == ""  # closing saved a good file
    logged = (config.log_dir() / crash.LOG_FILE).read_text(encoding="utf-8")
    assert "started" in logged


# -- endurance -----------------------------------------------------------------------------------


def test_ten_exports_in_a_row_leak_neither_memory_nor_threads(qtbot, tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'db.sqlite3'}", create=True)
    fill(db, 60_000)
    out = tmp_path / "out"
    out.mkdir()

    def export(i: int) -> None:
        fmt = "json" if i % 2 else "csv"
        request = ExportRequest(start=YEAR.start, end=YEAR.end, format=fmt,
                                scope=("all", "by_tenant", "all")[i % 3],
                                output=str(out / f"e{i}.{fmt}"), overwrite=True)  # fmt: skip
        job = ExportJob(db, request)
        results: list = []
        job.finished.connect(results.append)
        job.failed.connect(results.append)
        job.start()
        qtbot.waitUntil(lambda: bool(results), timeout=TIMEOUT)
        assert not isinstance(results[0], str), results[0]
        job.deleteLater()

    export(0)  # warm-up: caches, the connection pool, Qt's lazily started parts
    QCoreApplication.processEvents()
    time.sleep(0.2)  # the cancel watcher polls every 0.1 s
    qtbot.wait(50)
    gc.collect()
    objects = live_export_objects()
    threads, py_threads, rss = os_threads(), python_threads(), resident_bytes()
    for i in range(1, 11):
        export(i)
    QCoreApplication.processEvents()
    qtbot.waitUntil(lambda: os_threads() <= threads, timeout=5_000)
    qtbot.waitUntil(lambda: python_threads() <= py_threads, timeout=5_000)
    grown = resident_bytes() - rss
    assert grown <= 0.10 * rss, f"resident memory grew {grown / rss:.1%}"
    # Sharper than RSS: no job, worker or thread object of a finished export stays alive.
    qtbot.wait(50)  # deleteLater() runs in the event loop
    gc.collect()
    assert live_export_objects() <= objects
    assert len(list(out.iterdir())) == 11 and leftovers(out) == []
    db.dispose()
