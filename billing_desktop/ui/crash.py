"""Bugs get a crash dialog and a log file; they never end the app silently.

`install()` sets up a rotating log in the platformdirs user log folder and a `sys.excepthook`.
An expected failure (`BillingError`) that escapes somewhere is shown as a plain message; any
other exception opens a dialog with the details, a Copy button and the log file's path. Every
text that reaches the log or the dialog first loses the passwords registered here.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QThread, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from billing_desktop import APP_ID, APP_NAME, __version__, config
from billing_desktop.errors import BillingError
from billing_desktop.ui import i18n, msgbox

log = logging.getLogger("billing_desktop")
LOG_FILE = f"{APP_ID}.log"
_secrets: set[str] = set()
_log_path: Path | None = None


def register_secret(secret: str | None) -> None:
    """Never write this text (a password) to the log or a crash report."""
    if secret:
        _secrets.add(secret)


def scrub(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class _ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = scrub("".join(traceback.format_exception(*record.exc_info)))
            record.exc_info = None
        return True


def setup_logging() -> Path | None:
    """A rotating log file (1 MB x 3); None where the folder cannot be written."""
    global _log_path
    if _log_path is not None:
        return _log_path
    path = config.log_dir() / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_ScrubFilter())
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _log_path = path
    return path


def install() -> None:
    setup_logging()
    log.info("%s %s started", APP_NAME, __version__)
    sys.excepthook = excepthook


def excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if isinstance(exc, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if isinstance(exc, BillingError):
        log.warning("unhandled expected error: %s", exc)
        msgbox.error(None, APP_NAME, scrub(str(exc)))
        return
    details = scrub("".join(traceback.format_exception(kind, exc, tb)))
    log.error("unexpected error\n%s", details)
    app = QCoreApplication.instance()
    if app is not None and QThread.currentThread() is not app.thread():
        # Widgets live on the GUI thread only: hand the dialog over to it.
        QTimer.singleShot(0, app, lambda: show_crash_dialog(details))
        return
    show_crash_dialog(details)


def show_crash_dialog(details: str) -> None:
    """Tests replace this (like msgbox) to see what would be shown."""
    CrashDialog(details).exec()


class CrashDialog(QDialog):
    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("Unexpected error"))  # the system adds the app's name
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "<b>Something went wrong inside Billing Desktop.</b><br>This is a bug, not"
            " something you did. The app keeps running; if something looks wrong, restart it."
            " Please send the details below to the maintainers."
        ), self)  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(f"{APP_NAME} {__version__}\n\n{details}", self)
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        layout.addWidget(self.details, 1)
        where = str(_log_path) if _log_path else self.tr("(no log file could be written)")
        log_label = QLabel(i18n.arg(self.tr("Log file: %1"), where), self)
        log_label.setObjectName("crashLogPath")
        log_label.setWordWrap(True)
        log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(log_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        self.copy_button.setObjectName("crashCopyButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_details)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText(self.tr("Copied"))
