"""The Connection settings dialog's profiles: saved connections by name (host, port,
database, user, sslmode and the TLS files; each password in the keyring under its profile's
name), added, renamed and removed in a working copy that Connect saves and Cancel forgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from billing_desktop import config, secrets
from billing_desktop.ui import msgbox


class ProfileBar(QWidget):
    """`profileCombo` with Add…, Rename… and Remove. `chosen` says which profile to show."""

    chosen = Signal(str)  # "" when none is left

    def __init__(self, settings: config.Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profiles: dict[str, dict[str, Any]] = {k: dict(v) for k, v in
                                                    settings.profiles.items()}  # fmt: skip
        self.passwords: dict[str, str] = {}  # typed in this dialog, by profile
        self.removed: list[str] = []
        # Called before a profile is added, renamed or removed: the dialog keeps its fields.
        self.before_change: Callable[[], None] = lambda: None
        self.combo = QComboBox(objectName="profileCombo")
        self.combo.setAccessibleName(self.tr("Connection profile"))
        self.combo.setToolTip(self.tr("The saved connection to edit and use"))
        self.add_button = QPushButton(self.tr("&Add…"), objectName="addProfileButton")
        self.add_button.setToolTip(self.tr("Save a new connection under a name"))
        self.rename_button = QPushButton(self.tr("R&ename…"), objectName="renameProfileButton")
        self.rename_button.setToolTip(self.tr("Give this connection another name"))
        self.remove_button = QPushButton(self.tr("Remo&ve"), objectName="removeProfileButton")
        self.remove_button.setToolTip(self.tr("Forget this connection and its password"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        for button in (self.add_button, self.rename_button, self.remove_button):
            layout.addWidget(button)
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)
        self.combo.currentTextChanged.connect(self.chosen)
        self._fill(settings.profile if settings.profile in self.profiles else None)

    def current(self) -> str:
        return self.combo.currentText()

    def _fill(self, select: str | None) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(sorted(self.profiles, key=str.casefold))
        if select is not None:
            self.combo.setCurrentText(select)
        self.combo.blockSignals(False)
        has = bool(self.profiles)
        self.rename_button.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.chosen.emit(self.current())

    def keep(self, connection: dict[str, Any], password: str) -> None:
        """The fields on screen into the profile shown (or a first one, 'default')."""
        name = self.current() or config.FIRST_PROFILE
        self.profiles[name] = {k: connection.get(k) for k in config.PROFILE_KEYS}
        self.passwords[name] = password
        if not self.current():
            self._fill(name)

    def password(self, name: str) -> str:
        if name in self.passwords:
            return self.passwords[name]
        return secrets.get_password({**self.profiles.get(name, {}), "profile": name}) or ""

    def _ask_name(self, title: str, initial: str) -> str | None:
        name = msgbox.text(self, title, self.tr("The connection profile's name:"), initial)
        if name is None:
            return None
        name = name.strip()
        if name in self.profiles:
            msgbox.warning(self, title, self.tr("A profile named '{name}' exists already.")
                           .format(name=name))  # fmt: skip
            return None
        return name or None

    def add(self) -> None:
        self.before_change()
        name = self._ask_name(self.tr("Add connection profile"), "")
        if name is not None:
            self.profiles[name] = dict(self.profiles.get(self.current(), {}))
            self.passwords[name] = ""
            self._fill(name)

    def rename(self) -> None:
        self.before_change()
        old = self.current()
        name = self._ask_name(self.tr("Rename connection profile"), old) if old else None
        if name is not None:
            self.profiles[name] = self.profiles.pop(old)
            self.passwords[name] = self.password(old)
            self.removed.append(old)
            self._fill(name)

    def remove(self) -> None:
        self.before_change()
        name = self.current()
        if name and msgbox.question(self, self.tr("Remove connection profile"),
                                    self.tr("Forget the connection '{name}' and its password?")
                                    .format(name=name)):  # fmt: skip
            self.profiles.pop(name)
            self.passwords.pop(name, None)
            self.removed.append(name)
            self._fill(None)

    def save(self, settings: config.Settings, in_use: str | None = None) -> bool:
        """Into `settings` (not yet to disk); the passwords to the keyring, but for the profile
        `in_use`, whose password the dialog keeps with the connection. True when the keyring
        kept every one."""
        for name in self.removed:
            if name not in self.profiles:
                secrets.set_password({"profile": name}, None)
        kept = True
        for name, password in self.passwords.items():
            if name in self.profiles and name != in_use:
                kept = secrets.set_password({"profile": name}, password) and kept
        settings.profiles = self.profiles
        return kept
