"""The connection dialog against a real PostgreSQL: settings without the password, the password
in a (real, in-memory) keyring backend, Test connection on a worker with real failures."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy.engine import make_url

from billing_desktop import config, secrets
from billing_desktop.db.connection import Database
from billing_desktop.db.schema import create_schema
from billing_desktop.ui.connection_dialog import ConnectionDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

SECRET = "s3cr3t-Pa55"


class MemoryKeyring(KeyringBackend):
    """A working keyring backend that keeps passwords in a dict."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture
def use_keyring():
    """Install a keyring backend for one test, then put the previous one back."""
    previous = keyring.get_keyring()
    installed = []

    def install(backend):
        keyring.set_keyring(backend)
        installed.append(backend)
        return backend

    yield install
    keyring.set_keyring(previous)
    secrets._session_passwords.clear()


@pytest.fixture
def schema_url(pg_url):
    db = Database(pg_url)
    with db.engine.begin() as conn:
        create_schema(conn)
    db.dispose()
    return pg_url


def fill_from_url(dlg: ConnectionDialog, url: str, password: str = "", port: int | None = None):
    parsed = make_url(url)
    dlg.postgres_radio.setChecked(True)
    dlg.host_edit.setText(parsed.host or "")
    dlg.port_spin.setValue(port or parsed.port or 5432)
    dlg.database_edit.setText(parsed.database or "")
    dlg.user_edit.setText(parsed.username or "")
    dlg.password_edit.setText(password)


def open_dialog(qtbot, settings=None) -> ConnectionDialog:
    dlg = ConnectionDialog(settings or config.Settings())
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def run_test(qtbot, dlg: ConnectionDialog) -> str:
    dlg.test_button.click()
    assert dlg.test is not None
    qtbot.waitUntil(lambda: not dlg.test.is_running(), timeout=20_000)
    return dlg.test_result.text()


def test_saves_connection_without_password_and_password_in_keyring(qtbot, schema_url, use_keyring):
    backend = use_keyring(MemoryKeyring())
    dlg = open_dialog(qtbot, config.load_settings())
    assert dlg.embedded_radio.isChecked() and not dlg.server_box.isEnabled()
    assert "system keyring" in dlg.keyring_label.text()
    fill_from_url(dlg, schema_url, SECRET)
    dlg.sslmode_combo.setCurrentText("disable")
    dlg.ok_button.click()
    assert dlg.result() == ConnectionDialog.DialogCode.Accepted and dlg.keyring_kept

    parsed = make_url(schema_url)
    on_disk = config.settings_path().read_text(encoding="utf-8")
    assert SECRET not in on_disk
    assert json.loads(on_disk)["connection"] == {
        "kind": "postgresql", "host": parsed.host, "port": parsed.port,
        "database": parsed.database, "user": parsed.username, "sslmode": "disable",
    }  # fmt: skip
    assert list(backend.store.values()) == [SECRET]
    url = make_url(dlg.database_url())
    assert url.password == SECRET and url.database == parsed.database
    assert url.query == {"sslmode": "disable"}

    # Next session: the password comes back from the keyring, not from the file.
    secrets._session_passwords.clear()
    again = open_dialog(qtbot, config.load_settings())
    assert again.postgres_radio.isChecked() and again.password_edit.text() == SECRET
    assert again.database_edit.text() == parsed.database
    assert again.sslmode_combo.currentText() == "disable"
    assert config.choose_database(None).url == dlg.database_url()


def test_without_keyring_the_password_is_for_this_session(qtbot, pg_url, use_keyring):
    use_keyring(fail.Keyring())
    dlg = open_dialog(qtbot)
    assert "session only" in dlg.keyring_label.text()
    fill_from_url(dlg, pg_url, SECRET)
    dlg.ok_button.click()
    assert dlg.keyring_kept is False
    assert SECRET not in config.settings_path().read_text(encoding="utf-8")
    assert secrets.get_password(config.load_settings().connection) == SECRET


def test_test_connection_succeeds_on_the_real_server(qtbot, schema_url):
    dlg = open_dialog(qtbot)
    fill_from_url(dlg, schema_url, SECRET)  # the test server trusts local users
    text = run_test(qtbot, dlg)
    parsed = make_url(schema_url)
    assert text == f"Connected: PostgreSQL {parsed.database} on {parsed.host}:{parsed.port} as " \
        f"{parsed.username} (sslmode=prefer)."  # fmt: skip
    assert SECRET not in text
    assert dlg.test_button.isEnabled()


def test_test_connection_reports_a_bad_port(qtbot, pg_url):
    dlg = open_dialog(qtbot)
    fill_from_url(dlg, pg_url, SECRET, port=1)
    text = run_test(qtbot, dlg)
    assert "127.0.0.1:1" in text and "refused" in text and SECRET not in text
    assert dlg.test_result.styleSheet().startswith("color: #b00020")


def test_test_connection_reports_a_database_without_billing_tables(qtbot, pg_url):
    dlg = open_dialog(qtbot)
    fill_from_url(dlg, pg_url)
    assert "not a billing database" in run_test(qtbot, dlg)


def test_database_name_is_required_and_embedded_needs_none(qtbot):
    dlg = open_dialog(qtbot)
    dlg.postgres_radio.setChecked(True)
    assert not dlg.ok_button.isEnabled() and not dlg.test_button.isEnabled()
    assert dlg.problem_label.text() == "Enter the name of the database."
    dlg.embedded_radio.setChecked(True)
    assert dlg.ok_button.isEnabled()
    dlg.ok_button.click()
    assert dlg.database_url() is None
    assert config.load_settings().connection["kind"] == "embedded"
    assert config.choose_database(None).url is None


def test_an_overdue_answer_is_reported_and_the_late_one_ignored(qtbot, schema_url, monkeypatch):
    """The dialog's own deadline: shorter than any real connection here, so it fires first."""
    from billing_desktop.workers import connection_worker

    monkeypatch.setattr(connection_worker, "ANSWER_DEADLINE_MS", 1)
    dlg = open_dialog(qtbot)
    fill_from_url(dlg, schema_url)
    text = run_test(qtbot, dlg)
    assert text.startswith("No answer from the server within")
    qtbot.wait(1000)  # the real (successful) answer arrives meanwhile and must not replace it
    assert dlg.test_result.text() == text
