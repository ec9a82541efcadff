"""The window never shows figures that are not what it says, on real databases."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from datetime import date

import pytest
from PySide6.QtWidgets import QLabel
from seed import seed_rows

from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter
from billing_desktop.ui import msgbox
from billing_desktop.ui.export_dialog import ExportDialog

pytestmark = pytest.mark.gui

YEAR = EventFilter(date(2026, 1, 1), date(2026, 12, 31), "Europe/Berlin")


def wait_idle(qtbot, window) -> None:
    window.filter_bar.flush()
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=20_000)


def total_cost(window) -> str:
    return window.findChild(QLabel, "totalCostValue").text()


def figure_widgets(window):
    return (window.cards, window.chart, window.tenant_table, window.model_table)


def assert_figures_shown_as_current(window, current: bool) -> None:
    assert window.figures_current is current
    assert [w.isEnabled() for w in figure_widgets(window)] == [current] * 4
    assert (window.chart.area.opacity() < 1) is not current  # the chart is faded, too


@pytest.fixture
def seeded_pg(pg_server, pg_url):
    db = Database(pg_url, create=True)
    seed_rows(db)
    db.dispose()
    return pg_url


def take_database_down(pg_server, url: str) -> None:
    """The database stops answering: every session ended, no new one allowed."""
    name = url.rsplit("/", 1)[1]
    with pg_server.admin() as conn:
        conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )


@pytest.mark.postgres
def test_a_failed_refresh_greys_the_old_figures(qtbot, make_window, pg_server, seeded_pg):
    window = make_window(seeded_pg)
    window.filter_bar.set_filter(YEAR)
    wait_idle(qtbot, window)
    assert window.error_text() == ""
    assert_figures_shown_as_current(window, True)
    year_cost = total_cost(window)

    take_database_down(pg_server, seeded_pg)
    window.filter_bar.set_filter(EventFilter(date(2026, 11, 1), date(2026, 11, 30), "UTC"))
    window.filter_bar.flush()
    assert_figures_shown_as_current(window, False)  # while the new figures are on their way
    wait_idle(qtbot, window)
    assert "not currently accepting connections" in window.error_text()
    # The year's figures are still there to look at, but greyed: they are not November's.
    assert total_cost(window) == year_cost
    assert_figures_shown_as_current(window, False)


def test_switching_to_an_unreachable_server_greys_the_old_figures(
    qtbot, make_window, small_demo_db
):
    window = make_window(None)
    assert_figures_shown_as_current(window, True)
    window.set_database("postgresql://u@127.0.0.1:1/x")
    wait_idle(qtbot, window)
    assert "Cannot connect" in window.error_text()
    assert_figures_shown_as_current(window, False)
    window.set_database(None)  # back to the demo: figures in colour again
    wait_idle(qtbot, window)
    assert_figures_shown_as_current(window, True)


def test_an_unknown_zone_is_shown_at_the_field_and_nothing_runs_in_another(
    qtbot, make_window, small_demo_db, monkeypatch
):
    window = make_window(None)
    bar = window.filter_bar
    bar.zone_combo.setCurrentText("Europe/Berlin")
    wait_idle(qtbot, window)
    assert_figures_shown_as_current(window, True)
    asked: list[EventFilter] = []
    original_request = window.feed.current.request
    monkeypatch.setattr(
        window.feed.current,
        "request",
        lambda seq, flt, names: (asked.append(flt), original_request(seq, flt, names)),
    )

    bar.zone_combo.setCurrentText("Mars/Base")
    bar.flush()
    qtbot.wait(50)
    assert asked == []  # no query in Berlin (or UTC) while the field says Mars/Base
    assert "Unknown time zone 'Mars/Base'" in bar.zone_error()
    assert bar.zone_combo.property("invalid") is True
    assert "Unknown time zone" in bar.zone_combo.toolTip()
    assert "Unknown time zone" in window.refresh_label.text()
    assert window.error_text() == ""  # said at the field: the window does not jump
    assert_figures_shown_as_current(window, False)

    warned: list[str] = []
    monkeypatch.setattr(msgbox, "warning", lambda parent, title, text: warned.append(text))
    window.open_export_dialog()
    assert warned and "Mars/Base" in warned[0]
    assert not [d for d in window.findChildren(ExportDialog) if d.isVisible()]

    bar.zone_combo.setCurrentText("Asia/Tokyo")
    wait_idle(qtbot, window)
    assert [f.timezone for f in asked] == ["Asia/Tokyo"]
    assert bar.zone_error() is None and bar.zone_combo.property("invalid") is False
    assert_figures_shown_as_current(window, True)


def test_quitting_the_event_loop_stops_and_joins_every_worker(small_demo_db, tmp_path):
    # QApplication.exit() (a script, an embedding, a platform that ends the loop) bypasses
    # the window's close; Qt 6's quit() closes windows first, exit() does not. A worker thread
    # still running once the loop has ended is destroyed running and Qt aborts the process
    # ("QThread: Destroyed while thread … is still running"): aboutToQuit must stop and join
    # them. The dashboard is mid-query (a slow loader) when the loop ends.
    script = textwrap.dedent(
        """
        import gc, time
        from PySide6.QtCore import QTimer
        from billing_desktop import config
        from billing_desktop.db.dashboard import load_dashboard
        from billing_desktop.ui.app import create_application
        from billing_desktop.ui.main_window import MainWindow

        def slow_loader(*args, **kwargs):
            time.sleep(1.5)
            return load_dashboard(*args, **kwargs)

        app = create_application()
        window = MainWindow(config.Settings(), None, loader=slow_loader)
        window.show()
        QTimer.singleShot(200, lambda: app.exit(0))
        code = app.exec()
        loaders = [window.feed.current] if window.feed.current else []
        running = [d for d in loaders + window.feed.retired if d.is_running()]
        print("ended", code, "running", len(running), flush=True)
        del window
        gc.collect()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "ended 0 running 0" in result.stdout
    assert "QThread: Destroyed" not in result.stderr


@pytest.mark.postgres
def test_a_password_the_keyring_could_not_keep_is_asked_for(
    qtbot, make_window, pg_server, seeded_pg, monkeypatch
):
    role = f"clerk_{uuid.uuid4().hex[:8]}"
    with pg_server.admin(seeded_pg.rsplit("/", 1)[1]) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'right-one' IN ROLE password_login")
        conn.execute(f"GRANT SELECT ON tenants, usage_events TO {role}")
    without_password = seeded_pg.replace("postgres@", f"{role}@")
    prompts: list[str] = []
    answers = [None, "right-one"]

    def password(parent, title, label):
        prompts.append(label)
        return answers.pop(0)

    monkeypatch.setattr(msgbox, "password", password)
    window = make_window(without_password)
    # Cancelled: a sentence that says what to do, never libpq's "fe_sendauth".
    assert len(prompts) == 1 and role in prompts[0]
    assert "password" in window.error_text().lower()
    assert "fe_sendauth" not in window.error_text()
    assert_figures_shown_as_current(window, False)

    window.set_database(without_password)  # File → Connection settings… → OK, say
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)  # the answer re-opened the database: wait for its figures
    assert len(prompts) == 2
    assert window.error_text() == ""
    assert_figures_shown_as_current(window, True)
    assert window.db.url.username == role
    assert "right-one" not in window.db_label.text()
