"""Connection profiles in the window: the Connection settings dialog adds, renames and
removes them (TLS files included, each password under its profile), and File → Connection
profile switches the dashboard to another database and says which one it shows."""

from __future__ import annotations

from datetime import date

import pytest
from seed import chosen_events, seed_rows
from sqlalchemy.engine import make_url
from test_main_window import show_filter, wait_idle

from billing_desktop import config, formatting, secrets
from billing_desktop.db.connection import Database
from billing_desktop.db.sql import EventFilter
from billing_desktop.ui import msgbox
from billing_desktop.ui.connection_dialog import ConnectionDialog
from billing_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

YEAR = EventFilter(date(2026, 1, 1), date(2026, 12, 31), "UTC")


def profile_of(url: str) -> dict:
    u = make_url(url)
    return {"kind": "postgresql", "host": u.host, "port": u.port, "database": u.database,
            "user": u.username, "sslmode": "disable"}  # fmt: skip


def test_switching_profiles_reads_the_other_database_and_says_which(qtbot, pg_server, pg_url):
    seeded = Database(pg_url, create=True)
    seed_rows(seeded)
    seeded.dispose()
    empty_url = pg_server.create_database()
    Database(empty_url, create=True).dispose()
    settings = config.Settings(
        profiles={"prod-replica": profile_of(pg_url), "staging": profile_of(empty_url)},
        profile="prod-replica", connection=profile_of(pg_url),
    )  # fmt: skip
    window = MainWindow(settings, pg_url, profile="prod-replica")
    qtbot.addWidget(window)
    window.show()
    show_filter(qtbot, window, YEAR)
    chosen = chosen_events(YEAR.start, YEAR.end, YEAR.timezone, (), ())
    assert window.cards.value_text("events") == formatting.count(len(chosen))
    assert window.db_label.text().startswith("Profile: prod-replica — PostgreSQL ")
    window._fill_profile_menu()
    assert window.profile_actions["prod-replica"].isChecked()

    window.profile_actions["staging"].trigger()
    wait_idle(qtbot, window)
    assert window.cards.value_text("events") in ("0", "—") and window.tenant_model.rowCount() == 0
    assert window.db_label.text().startswith("Profile: staging — PostgreSQL ")
    assert make_url(empty_url).database in window.db_label.text()
    saved = config.load_settings()
    assert (
        saved.profile == "staging" and saved.connection["database"] == make_url(empty_url).database
    )

    window.profile_actions["prod-replica"].trigger()
    wait_idle(qtbot, window)
    assert window.cards.value_text("events") == formatting.count(len(chosen))
    window.shutdown()
    pg_server.drop_database(make_url(empty_url).database)


def test_the_dialog_adds_renames_and_removes_profiles_with_tls_files(qtbot, monkeypatch):
    settings = config.Settings(profiles={"old": {**profile_of("postgresql://a@h:5432/db")}},
                               profile="old")  # fmt: skip
    dlg = ConnectionDialog(settings)
    qtbot.addWidget(dlg)
    assert dlg.profile_bar.current() == "old" and dlg.host_edit.text() == "h"
    names = iter(["prod-replica", "replica"])
    monkeypatch.setattr(msgbox, "text", lambda *a: next(names))
    monkeypatch.setattr(msgbox, "question", lambda *a: True)
    dlg.postgres_radio.setChecked(True)
    dlg.profile_bar.add_button.click()
    assert dlg.profile_bar.current() == "prod-replica"
    dlg.host_edit.setText("db.example")
    dlg.database_edit.setText("billing")
    dlg.tls_edits["sslrootcert"].setText("/etc/ca.pem")
    dlg.sslmode_combo.setCurrentText("verify-full")
    dlg.password_edit.setText("replica-secret")
    dlg.profile_bar.rename_button.click()  # prod-replica -> replica
    dlg.profile_bar.combo.setCurrentText("old")
    dlg.profile_bar.remove_button.click()  # old is gone
    assert dlg.profile_bar.current() == "replica"
    assert dlg.host_edit.text() == "db.example"
    dlg.accept()
    saved = config.load_settings()
    assert set(saved.profiles) == {"replica"} and saved.profile == "replica"
    kept = saved.profiles["replica"]
    assert (kept["host"], kept["database"], kept["sslmode"], kept["sslrootcert"]) == (
        "db.example", "billing", "verify-full", "/etc/ca.pem")  # fmt: skip
    url = config.choose_database(None, saved, profile="replica").url or ""
    assert "replica-secret" in url and "sslrootcert=%2Fetc%2Fca.pem" in url
    assert secrets.get_password({"profile": "old"}) is None
