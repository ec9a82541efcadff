"""The Export dialog's saved presets: pick one to fill the dialog, or save the
dialog's choices under a name. The store is the command line's (`--preset`, `--save-preset`):
a preset saved here runs in cron, and one saved by a cron line appears here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from billing_desktop.errors import BillingError, InvalidInput
from billing_desktop.presets import PresetStore
from billing_desktop.scheduling.installing import Schedules
from billing_desktop.ui import i18n, msgbox

NO_PRESET = "No preset"


class PresetBar(QWidget):
    """`savedPresetCombo` and `savePresetButton`. `collect` returns the dialog's options as a
    preset holds them (it raises InvalidInput while they are impossible)."""

    chosen = Signal(str, dict)  # name, options

    def __init__(
        self,
        collect: Callable[[], dict[str, Any]],
        store: PresetStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.collect = collect
        self.store = store or PresetStore()
        self.combo = QComboBox(objectName="savedPresetCombo")
        self.combo.setToolTip(self.tr(
            "Saved export options. A preset with a period (such as Last month) stays"
            " relative; the same presets run on the command line: billing-desktop export"
            " --preset NAME."
        ))  # fmt: skip
        self.combo.setMinimumContentsLength(16)
        self.save_button = QPushButton(self.tr("S&ave as preset…"), objectName="savePresetButton")
        self.save_button.setToolTip(self.tr("Save the choices below under a name, for here and"
                                            " for the command line's --preset."))  # fmt: skip
        self.schedule_button = QPushButton(self.tr("Ma&ke a schedule…"),
                                           objectName="schedulePresetButton")  # fmt: skip
        self.schedule_button.setToolTip(self.tr(
            "Run these export options on a schedule (saved as a preset first)."))  # fmt: skip
        self.schedules: Schedules | None = None  # None: the user's own, on this system's scheduler
        label = QLabel(self.tr("&Preset:"))
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.save_button)
        layout.addWidget(self.schedule_button)
        self.reload()
        self.combo.activated.connect(self._on_activated)
        self.save_button.clicked.connect(self.save_current)
        self.schedule_button.clicked.connect(self.schedule_current)

    def reload(self, select: str | None = None) -> None:
        """Fill the combo from the store; a damaged store is said, not fatal."""
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("No preset"), None)
        try:
            names = self.store.names()
        except InvalidInput as exc:
            names = []
            self.combo.setToolTip(str(exc))
            self.combo.setEnabled(False)
        for name in names:
            self.combo.addItem(name, name)
        index = self.combo.findData(select) if select else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def current_name(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def _on_activated(self, index: int) -> None:
        name = self.combo.itemData(index)
        if not name:
            return
        try:
            options = self.store.get(str(name))
        except InvalidInput as exc:
            msgbox.warning(self, self.tr("Preset"), str(exc))
            self.reload()
            return
        self.chosen.emit(str(name), options)

    def save_current(self) -> str | None:
        """Ask for a name and save the dialog's choices under it; the name, or None."""
        try:
            options = self.collect()
        except InvalidInput as exc:
            msgbox.warning(
                self,
                self.tr("Save preset"),
                i18n.arg(self.tr("These choices cannot be saved: %1."), exc),
            )
            return None
        name = msgbox.text(
            self,
            self.tr("Save preset"),
            self.tr("Save these export options as:"),
            self.current_name() or "",
        )
        if name is None:
            return None
        try:
            exists = name in self.store.names()
            if exists and not msgbox.question(
                self,
                self.tr("Replace preset?"),
                i18n.arg(self.tr("A preset named '%1' exists. Replace it?"), name),
            ):
                return None
            self.store.save(name, options)
        except (InvalidInput, OSError) as exc:
            msgbox.warning(self, self.tr("Save preset"),
                           i18n.arg(self.tr("The preset was not saved: %1"), exc))  # fmt: skip
            return None
        self.reload(select=name)
        return name

    def saved_current(self) -> str | None:
        """The name of the chosen preset when it holds exactly the dialog's choices; else
        those choices saved under a name asked for (None: not saved)."""
        name = self.current_name()
        if name is not None:
            try:
                if self.store.get(name) == self.collect():
                    return name
            except InvalidInput:
                pass
        return self.save_current()

    def schedule_current(self) -> None:
        """Schedule…: the schedule editor on the chosen preset, saved first if need be."""
        from billing_desktop.ui.schedules_dialog import ScheduleEditor

        name = self.saved_current()
        if name is None:
            return
        editor = ScheduleEditor(None, self, preset=name)
        accepted = editor.exec() == ScheduleEditor.DialogCode.Accepted
        schedule = editor.result_schedule
        editor.deleteLater()
        if not accepted or schedule is None:
            return
        try:
            (self.schedules or Schedules()).add(schedule)
        except (BillingError, OSError) as exc:
            msgbox.warning(self, self.tr("Schedule"), str(exc))
            return
        done = self.tr("The schedule '{name}' is set: {when}.")
        msgbox.information(self, self.tr("Schedule"),
                           done.format(name=schedule.name,
                                       when=schedule.recurrence.describe()))  # fmt: skip
