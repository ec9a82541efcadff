"""Connection settings: the embedded demo database or a PostgreSQL server.

The connection is saved in the settings file without its password; the password goes to the
OS keyring (`billing_desktop.secrets`), or, where no keyring exists, is kept for this session
only, which the dialog says. Test connection runs on a worker thread with a timeout.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from billing_desktop import config, secrets
from billing_desktop.config import Settings
from billing_desktop.ui import i18n
from billing_desktop.ui.connection_profiles import ProfileBar
from billing_desktop.ui.form_widgets import buddy_label
from billing_desktop.ui.styles import error_style, ok_style, warning_style
from billing_desktop.workers.connection_worker import ConnectionTest

SSL_MODES = ("prefer", "disable", "allow", "require", "verify-ca", "verify-full")


class ConnectionDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle(self.tr("Database connection"))
        self.setModal(True)
        self.settings = settings
        self.test: ConnectionTest | None = None
        self.keyring_kept: bool | None = None  # after accept: did the keyring keep the password
        self._build()
        self._load(settings.connection)
        shown = self.profile_bar.current()
        if shown and settings.connection.get("kind") != "postgresql":
            self._load(self.profile_bar.profiles[shown], choose_kind=False)  # ready to choose
        self.profile_bar.chosen.connect(self._show_profile)
        self.profile_bar.before_change = self._keep_shown
        self._update()

    def _build(self) -> None:
        group, embedded_note = self._build_choice()
        self._build_server_fields()
        self._build_server_box()
        test_row = self._build_test_row()
        self._build_buttons()
        self._lay_out(embedded_note, test_row)
        self._connect_signals(group)

    def _build_choice(self) -> tuple[QButtonGroup, QLabel]:
        """The two kinds of database, and where the embedded one lives."""
        self.embedded_radio = QRadioButton(
            self.tr("E&mbedded demo database"), objectName="embeddedRadio"
        )
        self.embedded_radio.setToolTip(
            self.tr(
                "A demo database on this computer, filled with realistic events: nothing to set up."
            )
        )
        self.postgres_radio = QRadioButton(
            self.tr("&PostgreSQL server"), objectName="postgresRadio"
        )
        self.postgres_radio.setToolTip(self.tr("The platform's billing database (read-only"
                                               " access is enough)."))  # fmt: skip
        group = QButtonGroup(self)
        group.addButton(self.embedded_radio)
        group.addButton(self.postgres_radio)
        embedded_note = QLabel(
            i18n.arg(
                self.tr("Realistic demo data, kept on this computer in\n%1"),
                config.embedded_database_path(),
            )
        )
        embedded_note.setStyleSheet("color: palette(mid); margin-left: 22px;")
        return group, embedded_note

    def _build_server_fields(self) -> None:
        self.host_edit = QLineEdit(objectName="hostEdit")
        self.host_edit.setPlaceholderText(self.tr("e.g. db.example.com (empty: local socket)"))
        self.host_edit.setToolTip(self.tr("The server's name or address, or several: host1,host2"))
        self.port_spin = QSpinBox(objectName="portSpin")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(5432)
        self.port_spin.setAccessibleName(self.tr("Port"))
        self.port_spin.setToolTip(self.tr("The server's TCP port; PostgreSQL's default is 5432"))
        self.database_edit = QLineEdit(objectName="databaseEdit")
        self.database_edit.setPlaceholderText(self.tr("required: the database's name"))
        self.database_edit.setToolTip(self.tr("The name of the billing database on the server"))
        self.user_edit = QLineEdit(objectName="userEdit")
        self.user_edit.setPlaceholderText(self.tr("empty: your login name"))
        self.user_edit.setToolTip(self.tr("The database role to connect as"))
        self.password_edit = QLineEdit(objectName="passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("empty: PGPASSWORD or ~/.pgpass"))
        self.password_edit.setToolTip(
            self.tr("Kept in the system keyring, never in a settings file")
        )
        self.show_password = QCheckBox(self.tr("Sh&ow"), objectName="showPasswordCheck")
        self.show_password.setToolTip(self.tr("Show the password as typed"))
        self.show_password.toggled.connect(
            lambda on: self.password_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.sslmode_combo = QComboBox(objectName="sslmodeCombo")
        self.sslmode_combo.addItems(SSL_MODES)
        self.sslmode_combo.setAccessibleName(self.tr("SSL mode"))
        self.sslmode_combo.setToolTip(self.tr(
            "Encryption: prefer uses TLS when the server offers it; verify-full also checks the"
            " server's certificate and name"
        ))  # fmt: skip
        self.profile_bar = ProfileBar(self.settings)
        self._shown_profile = self.profile_bar.current()
        self.tls_edits: dict[str, QLineEdit] = {}
        for key, hint in (("sslrootcert", self.tr("the server's CA file, or: system")),
                          ("sslcert", self.tr("a client certificate file (optional)")),
                          ("sslkey", self.tr("its private key file (optional)"))):  # fmt: skip
            edit = QLineEdit(objectName=f"{key}Edit")
            edit.setPlaceholderText(hint)
            edit.setToolTip(hint)
            self.tls_edits[key] = edit
        self.issuer_edit = QLineEdit(self.settings.issuer_name, objectName="issuerNameEdit")
        self.issuer_edit.setToolTip(
            self.tr("Your company's name, in the header of every statement")
        )

    def _build_server_box(self) -> None:
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_edit, 1)
        password_row.addWidget(self.show_password)
        host_row = QHBoxLayout()
        host_row.addWidget(self.host_edit, 1)
        port_label = QLabel(self.tr("Po&rt:"))
        port_label.setBuddy(self.port_spin)
        host_row.addWidget(port_label)
        host_row.addWidget(self.port_spin)
        self.server_box = QGroupBox(self.tr("Server"))
        form = QFormLayout(self.server_box)
        form.addRow(buddy_label(self.tr("&Host:"), self.host_edit), host_row)
        form.addRow(buddy_label(self.tr("&Database:"), self.database_edit), self.database_edit)
        form.addRow(buddy_label(self.tr("&User:"), self.user_edit), self.user_edit)
        form.addRow(buddy_label(self.tr("Pass&word:"), self.password_edit), password_row)
        form.addRow(buddy_label(self.tr("&SSL mode:"), self.sslmode_combo), self.sslmode_combo)
        for key, text in (("sslrootcert", self.tr("Server CA f&ile:")),
                          ("sslcert", self.tr("C&lient certificate:")),
                          ("sslkey", self.tr("Client &key:"))):  # fmt: skip
            form.addRow(buddy_label(text, self.tls_edits[key]), self.tls_edits[key])
        form.insertRow(
            0, buddy_label(self.tr("Pro&file:"), self.profile_bar.combo), self.profile_bar
        )
        self.keyring_label = QLabel(objectName="keyringLabel")
        self.keyring_label.setWordWrap(True)
        if secrets.keyring_available():
            self.keyring_label.setText(self.tr(
                "The password is kept in the system keyring, never in the settings file."
                " Leave it empty to use PGPASSWORD or ~/.pgpass."
            ))  # fmt: skip
            self.keyring_label.setStyleSheet("color: palette(mid);")
        else:
            self.keyring_label.setText(self.tr(
                "No system keyring is available on this computer, so the password is kept"
                " for this session only: Billing Desktop will ask for it again next time."
                " (It is never written to the settings file.)"
            ))  # fmt: skip
            self.keyring_label.setStyleSheet(warning_style())

    def _build_test_row(self) -> QHBoxLayout:
        self.test_button = QPushButton(
            self.tr("&Test connection"), objectName="testConnectionButton"
        )
        self.test_button.setToolTip(
            self.tr("Connect once with these settings and say what happened")
        )
        self.test_result = QLabel(objectName="testResultLabel")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        self.problem_label = QLabel(objectName="connectionProblemLabel")
        self.problem_label.setStyleSheet(error_style())
        self.problem_label.setWordWrap(True)
        # Room kept for the test result and a problem, shown or not: nothing moves while typing.
        lines = self.fontMetrics().lineSpacing()
        self.test_result.setMinimumHeight(2 * lines)
        self.problem_label.setMinimumHeight(lines)
        return test_row

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Co&nnect"))
        self.ok_button.setObjectName("connectButton")
        self.ok_button.setToolTip(self.tr("Use this database and save the settings"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("&Cancel"))
        cancel.setToolTip(self.tr("Keep the database in use now"))

    def _lay_out(self, embedded_note: QLabel, test_row: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.embedded_radio)
        layout.addWidget(embedded_note)
        layout.addSpacing(6)
        layout.addWidget(self.postgres_radio)
        layout.addWidget(self.server_box)
        layout.addWidget(self.keyring_label)
        layout.addLayout(test_row)
        layout.addWidget(self.test_result)
        layout.addWidget(self.problem_label)
        statements = QFormLayout()
        statements.addRow(buddy_label(self.tr("Statements issued &by:"), self.issuer_edit),
                          self.issuer_edit)  # fmt: skip
        layout.addLayout(statements)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _connect_signals(self, group: QButtonGroup) -> None:
        group.buttonToggled.connect(lambda *_: self._update())
        self.database_edit.textChanged.connect(self._update)
        for edit in (self.host_edit, self.database_edit, self.user_edit, self.password_edit):
            edit.textChanged.connect(self._forget_test_result)
        self.port_spin.valueChanged.connect(self._forget_test_result)
        self.test_button.clicked.connect(self.test_connection)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _load(self, saved: dict[str, Any], *, choose_kind: bool = True) -> None:
        self.host_edit.setText(str(saved.get("host") or ""))
        self.port_spin.setValue(int(saved.get("port") or 5432))
        self.database_edit.setText(str(saved.get("database") or ""))
        self.user_edit.setText(str(saved.get("user") or ""))
        mode = saved.get("sslmode") or "prefer"
        self.sslmode_combo.setCurrentIndex(max(self.sslmode_combo.findText(mode), 0))
        for key, edit in self.tls_edits.items():
            edit.setText(str(saved.get(key) or ""))
        if not choose_kind:
            return  # a profile's fields: the choice of database stays as it is
        postgres = saved.get("kind") == "postgresql"
        (self.postgres_radio if postgres else self.embedded_radio).setChecked(True)
        if postgres:
            self.password_edit.setText(secrets.get_password(saved) or "")

    # -- state ----------------------------------------------------------------------------------

    def connection(self) -> dict[str, Any]:
        """The connection as saved: no password."""
        return {
            "kind": "postgresql" if self.postgres_radio.isChecked() else "embedded",
            "host": self.host_edit.text().strip(),
            "port": self.port_spin.value(),
            "database": self.database_edit.text().strip(),
            "user": self.user_edit.text().strip(),
            "sslmode": self.sslmode_combo.currentText(),
            **{key: edit.text().strip() for key, edit in self.tls_edits.items() if edit.text()},
        }

    def _keep_shown(self) -> None:
        """The fields on screen into the profile they show."""
        if self._shown_profile and self._shown_profile in self.profile_bar.profiles:
            self.profile_bar.profiles[self._shown_profile] = {
                k: self.connection().get(k) for k in config.PROFILE_KEYS
            }
            self.profile_bar.passwords[self._shown_profile] = self.password_edit.text()

    def _show_profile(self, name: str) -> None:
        """Keep the fields of the profile shown so far, then show `name`'s."""
        self._keep_shown()
        self._shown_profile = name
        if name:
            self._load(self.profile_bar.profiles[name], choose_kind=False)
            self.password_edit.setText(self.profile_bar.password(name))

    def database_url(self) -> str | None:
        """The URL with the password (keep it in memory only); None for the embedded database."""
        return config.connection_url(self.connection(), self.password_edit.text() or None)

    def profile_name(self) -> str:
        """The profile in use after Connect ("" on the demo database)."""
        return self.profile_bar.current() if self.postgres_radio.isChecked() else ""

    def problem(self) -> str | None:
        if self.postgres_radio.isChecked() and not self.database_edit.text().strip():
            return self.tr("Enter the name of the database.")
        return None

    def _update(self) -> None:
        self.server_box.setEnabled(self.postgres_radio.isChecked())
        problem = self.problem()
        self.problem_label.setText(problem or "")
        self.ok_button.setEnabled(problem is None)
        testing = self.test is not None and self.test.is_running()
        self.test_button.setEnabled(problem is None and not testing)
        self._forget_test_result()

    def _forget_test_result(self) -> None:
        if self.test is None or not self.test.is_running():
            self.test_result.setText("")

    # -- test -----------------------------------------------------------------------------------

    def test_connection(self) -> None:
        url = self.database_url()
        if url is None:
            path = config.embedded_database_path()
            if not path.exists():
                self._show_result(
                    self.tr("The demo database will be created when you connect."), True
                )
                return
            url = f"sqlite:///{path}"
        self.test = ConnectionTest(url, self)
        self.test.succeeded.connect(
            lambda text: self._show_result(i18n.arg(self.tr("Connected: %1."), text), True)
        )
        self.test.failed.connect(lambda text: self._show_result(text, False))
        self.test.crashed.connect(self._on_crashed)
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Connecting…"))
        self.test.start()

    def _show_result(self, text: str, ok: bool) -> None:
        self.test_result.setText(text)
        self.test_result.setStyleSheet(ok_style() if ok else error_style())
        self.test_button.setEnabled(self.problem() is None)

    def _on_crashed(self, exc: BaseException) -> None:
        self._show_result(self.tr("Unexpected error while testing; see the error report."), False)
        sys.excepthook(type(exc), exc, exc.__traceback__)

    # -- saving ---------------------------------------------------------------------------------

    def accept(self) -> None:
        if self.problem() is not None:
            return
        connection = self.connection()
        self.settings.issuer_name = self.issuer_edit.text().strip() or config.DEFAULT_ISSUER
        if connection["kind"] == "postgresql":
            self.profile_bar.keep(connection, self.password_edit.text())
            self.settings.profile = self.profile_bar.current()
            connection = {**connection, "profile": self.settings.profile}
        in_use = self.settings.profile if connection["kind"] == "postgresql" else None
        self.keyring_kept = self.profile_bar.save(self.settings, in_use=in_use)
        self.settings.connection = {k: v for k, v in connection.items() if k != "profile"}
        if connection["kind"] == "postgresql":
            self.settings.profiles[self.settings.profile] = dict(self.settings.connection)
            # The connection in use keeps its password where it always has (its profile finds
            # it there too): one copy in the keyring.
            plain = secrets.set_password(self.settings.connection, self.password_edit.text())
            self.keyring_kept = self.keyring_kept and plain
        config.save_settings(self.settings)
        super().accept()
