"""Every message box, file dialog and desktop hand-off of the app goes through here, so tests
(and headless runs) replace them in one place with `monkeypatch.setattr(msgbox, ...)`."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)


def information(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def question(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes/No, No being the default; True for Yes."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def question_while(
    parent: QWidget | None, title: str, text: str, *, still_true: Callable[[], bool]
) -> bool | None:
    """A Yes/No question that closes itself, answering None, once `still_true()` turns false
    (the export it asks about has ended): a question on screen is never a stale one."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    moot = False

    def check() -> None:
        nonlocal moot
        if not still_true():
            moot = True
            box.done(0)

    timer = QTimer(box)
    timer.setInterval(100)
    timer.timeout.connect(check)
    timer.start()
    answer = box.exec()
    timer.stop()
    box.deleteLater()
    if moot:
        return None
    return answer == QMessageBox.StandardButton.Yes


def password(parent: QWidget | None, title: str, label: str) -> str | None:
    """Ask for a password (typed hidden); None if cancelled."""
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok and text else None


def text(parent: QWidget | None, title: str, label: str, initial: str = "") -> str | None:
    """Ask for one line of text; None if cancelled or left empty."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(initial)
    dialog.setMinimumWidth(text_dialog_width(dialog, title, label, initial))
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    value = dialog.textValue()
    dialog.deleteLater()
    return value.strip() if ok and value.strip() else None


def text_dialog_width(dialog: QWidget, title: str, label: str, initial: str) -> int:
    """Wide enough for the label, the text and the title as the title bar shows it (with the
    application's name, and room for its buttons): a narrow box cut them all short."""
    metrics = dialog.fontMetrics()
    shown_title = f"{title} — {QApplication.applicationDisplayName()}"
    title_bar = metrics.horizontalAdvance(shown_title) + 12 * metrics.averageCharWidth()
    fields = max(metrics.horizontalAdvance(label), metrics.horizontalAdvance(initial + "M" * 8))
    return max(title_bar, fields + 4 * metrics.averageCharWidth(), 360)


def choose(
    parent: QWidget | None, title: str, label: str, items: list[str], current: int = 0
) -> int | None:
    """Pick one of `items` from a list; its index, or None if cancelled."""
    value, ok = QInputDialog.getItem(parent, title, label, items, current, False)
    return items.index(value) if ok and value in items else None


def copy_to_clipboard(value: str) -> None:
    QGuiApplication.clipboard().setText(value)


def save_file(parent: QWidget | None, title: str, proposed: str, filters: str) -> str | None:
    """A Save As dialog proposing `proposed` (folder and file name); None if cancelled."""
    path, _selected = QFileDialog.getSaveFileName(parent, title, proposed, filters)
    return path or None


def choose_folder(parent: QWidget | None, title: str, start: str) -> str | None:
    """A folder chooser starting in `start`; None if cancelled."""
    path = QFileDialog.getExistingDirectory(parent, title, start)
    return path or None


def open_path(path: Path) -> bool:
    """Open a file with the desktop's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """Show the file selected in its folder where the platform can, else open the folder."""
    try:
        if sys.platform == "win32":
            subprocess.Popen(["explorer", "/select,", str(path)])
            return True
        if sys.platform == "darwin":
            subprocess.Popen(["open", "-R", str(path)])
            return True
    except OSError:
        pass
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def hand_off(parent: QWidget | None, path: Path, *, show_folder: bool = False) -> bool:
    """Open `path`, or show it in its folder; where the desktop has no program for that, say
    so and offer its path on the clipboard instead of failing silently."""
    done = show_in_folder(path) if show_folder else open_path(path)
    if done:
        return True
    if show_folder:
        title = QCoreApplication.translate("msgbox", "Show in folder")
        ask = QCoreApplication.translate(
            "msgbox",
            "No file manager can show %1 on this computer.\n\nCopy its full path to the"
            " clipboard, to open it from another program?",
        )
    else:
        title = QCoreApplication.translate("msgbox", "Open file")
        ask = QCoreApplication.translate(
            "msgbox",
            "No program is set up to open %1 on this computer.\n\nCopy its full path to the"
            " clipboard, to open it from another program?",
        )
    if question(parent, title, ask.replace("%1", path.name)):
        copy_to_clipboard(str(path))
    return False
