"""Keep the window's own shortcuts from being swallowed by text fields.

A date or zone field takes Ctrl+E as "end of line" (QKeySequence::MoveToEndOfLine on Linux),
so with focus in the start date, where the window opens, Ctrl+E did nothing. The guard turns
down the field's claim on the window's shortcuts (the ShortcutOverride event), so they always
reach their action; the field keeps End and every other key."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence


class ShortcutGuard(QObject):
    def __init__(self, keys: list[QKeySequence], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys = {key.toString() for key in keys}

    def watch(self, *widgets: QObject) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination()).toString()
            if pressed in self.keys:
                event.ignore()  # not the field's: the shortcut map gets it
                return True
        return False
