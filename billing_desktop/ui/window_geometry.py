"""The main window's size and place: fitted to its screen with its frame, remembered between
starts, and fitted again once the window manager has framed it.

A window larger than a small screen (1280x720, 1366x768) put its status bar below the screen's
edge; a restored size from a bigger screen did the same. The frame is known only after the
window is shown, so the first size is a guess, corrected when the frame arrives.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QMargins, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QMainWindow, QSplitter

from billing_desktop import config

# A window frame's width in px at 100 % (a title bar: four of them): a first guess only.
_FRAME_GUESS = 8


def fitted_geometry(client: QRect, frame: QMargins, available: QRect, minimum: QSize) -> QRect:
    """The client area `client`, made small enough and moved so that it and its window frame
    `frame` lie within `available` (a screen's available area)."""
    width = max(min(client.width(), available.width() - frame.left() - frame.right()),
                minimum.width())  # fmt: skip
    height = max(min(client.height(), available.height() - frame.top() - frame.bottom()),
                 minimum.height())  # fmt: skip
    x = min(max(client.x() - frame.left(), available.x()),
            available.right() + 1 - (width + frame.left() + frame.right()))  # fmt: skip
    y = min(max(client.y() - frame.top(), available.y()),
            available.bottom() + 1 - (height + frame.top() + frame.bottom()))  # fmt: skip
    return QRect(x + frame.left(), y + frame.top(), width, height)


class FittedGeometry(QMainWindow):
    """A main window whose geometry (and its splitters') is fitted and remembered. Needs
    `settings` (config.Settings), `main_splitter` and `tables_splitter`."""

    settings: config.Settings
    main_splitter: QSplitter
    tables_splitter: QSplitter
    _fitted = False
    _fit_tries = 0

    def _restore_geometry(self) -> None:
        saved: dict[str, Any] = self.settings.window
        restored = False
        if isinstance(saved.get("geometry"), str):
            restored = self.restoreGeometry(QByteArray.fromBase64(saved["geometry"].encode()))
            screen = self.screen() or QGuiApplication.primaryScreen()
            if restored and screen is not None and not self.isMaximized():
                # The saved geometry was a framed window's: no frame is guessed on top of it
                # (the real frame is fitted once the window manager has drawn it).
                fitted = fitted_geometry(self.geometry(), QMargins(), screen.availableGeometry(),
                                         self.minimumSize())  # fmt: skip
                self.setGeometry(fitted)
        for key, splitter in (("main_splitter", self.main_splitter),
                              ("tables_splitter", self.tables_splitter)):  # fmt: skip
            if isinstance(saved.get(key), str):
                splitter.restoreState(QByteArray.fromBase64(saved[key].encode()))
        if not restored:
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            if available is not None:
                # Room for the frame, which is not known before the window is shown
                # (fit_to_screen corrects the guess then).
                wanted = QRect(0, 0, 1440, 900)
                wanted.moveCenter(available.center())
                guess = QMargins(_FRAME_GUESS, 4 * _FRAME_GUESS, _FRAME_GUESS, _FRAME_GUESS)
                fitted = fitted_geometry(wanted, guess, available, self.minimumSize())
                self.resize(fitted.size())
                self.move(fitted.left() - guess.left(), fitted.top() - guess.top())
            else:
                self.resize(1280, 820)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            # The frame is known only once the window manager has framed the window, which
            # may take a few event-loop turns after the first show: fit again until it is.
            self._fit_tries = 20
            QTimer.singleShot(0, self, self._fit_when_framed)

    def _fit_when_framed(self) -> None:
        self.fit_to_screen()
        framed = self.frameGeometry() != self.geometry()
        self._fit_tries -= 1
        if not framed and self._fit_tries > 0:
            QTimer.singleShot(50, self, self._fit_when_framed)

    def fit_to_screen(self) -> None:
        """Keep the whole window, frame and status bar included, on its screen's available
        area: a default or restored size taller than a 1366x768 or 1280x720 screen put the
        status bar below it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        frame = self.frameGeometry()
        inner = self.geometry()
        top_left = inner.topLeft() - frame.topLeft()
        bottom_right = frame.bottomRight() - inner.bottomRight()
        margins = QMargins(top_left.x(), top_left.y(), bottom_right.x(), bottom_right.y())
        fitted = fitted_geometry(inner, margins, screen.availableGeometry(), self.minimumSize())
        if fitted.size() != inner.size():
            self.resize(fitted.size())
        if fitted.topLeft() != inner.topLeft():
            self.move(fitted.left() - margins.left(), fitted.top() - margins.top())

    def _save_geometry(self) -> None:
        def b64(data: QByteArray) -> str:
            return bytes(data.toBase64().data()).decode()

        self.settings.window = {
            "geometry": b64(self.saveGeometry()),
            "main_splitter": b64(self.main_splitter.saveState()),
            "tables_splitter": b64(self.tables_splitter.saveState()),
        }
        config.save_settings(self.settings)
