"""Small pieces the forms share: labels with buddies, a group box whose mnemonic reaches one
field, date fields in the locale's format, choosing a combo box item by its data."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QGroupBox, QLabel, QWidget

from billing_desktop.ui.locale_format import date_format, qdate


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose mnemonic (the letter after &) moves the focus to `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class BuddyGroupBox(QGroupBox):
    """A group box whose title's mnemonic goes to one field: a plain QGroupBox gives the focus
    back to whichever of its children had it last (a checkbox ticked a moment ago)."""

    def __init__(self, title: str, buddy: QWidget) -> None:
        super().__init__(title)
        self.buddy = buddy

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            self.buddy.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().event(event)


def date_edit(name: str, day: date, accessible: str, tip: str) -> QDateEdit:
    """A date field with a calendar, in the locale's short format with a four-digit year."""
    edit = QDateEdit(objectName=name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format())
    edit.setDateRange(QDate(1970, 1, 1), QDate(9998, 12, 31))
    edit.setDate(qdate(day))
    edit.setAccessibleName(accessible)
    edit.setToolTip(tip)
    return edit


def select_data(combo: QComboBox, value: Any) -> None:
    """Selects the item holding `value`; an unknown value leaves the choice as it is."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
