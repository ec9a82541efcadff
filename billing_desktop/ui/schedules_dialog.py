"""File → Scheduled exports…: the schedules with their next and last run and its outcome, and
New, Edit, Run now, Pause and Remove.

Run now starts exactly what the operating system's scheduler starts (`billing-desktop schedule
run NAME`), as a separate process: the run, its delivery and its history record are the same
as a scheduled one, and the window stays free while it goes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from billing_desktop import config
from billing_desktop.errors import BillingError, InvalidInput
from billing_desktop.presets import PresetStore
from billing_desktop.scheduling import recurrence as r
from billing_desktop.scheduling.command import app_command
from billing_desktop.scheduling.installing import Schedules
from billing_desktop.scheduling.store import Schedule
from billing_desktop.ui import msgbox

COLUMNS = ("Name", "Preset", "When", "Next run", "Last run", "Outcome")
_KINDS = (("Monthly", r.MONTHLY), ("Weekly", r.WEEKLY), ("Daily", r.DAILY))
_BUTTON_NAMES = {"new": "newScheduleButton", "edit": "editScheduleButton",
                 "run": "runScheduleNowButton", "pause": "pauseScheduleButton",
                 "remove": "removeScheduleButton"}  # fmt: skip


def _local(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else ""


class SchedulesDialog(QDialog):
    run_finished = Signal(int)  # the exit status of a Run now

    def __init__(self, schedules: Schedules | None = None, *, command: list[str] | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("schedulesDialog")
        self.setWindowTitle("Scheduled exports")
        self.schedules = schedules or Schedules()
        self.command = command or app_command()
        self.rows: list[dict[str, Any]] = []
        self.process: QProcess | None = None
        self._build()
        self.reload()

    def _build(self) -> None:
        self.table = QTableWidget(0, len(COLUMNS), objectName="schedulesTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName("Scheduled exports")
        self.status_label = QLabel(objectName="schedulesStatusLabel")
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("new", "&New…", self.new), ("edit", "&Edit…", self.edit),
                                ("run", "&Run now", self.run_now),
                                ("pause", "&Pause", self.toggle_pause),
                                ("remove", "Re&move", self.remove)):  # fmt: skip
            button = QPushButton(text, objectName=_BUTTON_NAMES[key])
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.resize(820, 360)

    def reload(self) -> None:
        try:
            self.rows = self.schedules.rows()
        except BillingError as exc:
            self.rows = []
            self.status_label.setText(str(exc))
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            next_run = "paused" if row["paused"] else _local(row["next_run"])
            cells = (row["name"], row["preset"], row["description"], next_run,
                     _local(row["last_run"]), row["last_outcome"] or "")  # fmt: skip
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 5 and row["last_message"]:
                    item.setToolTip(row["last_message"])
                self.table.setItem(i, j, item)
        self._update_buttons()

    def selected(self) -> dict[str, Any] | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _update_buttons(self) -> None:
        row = self.selected()
        for key in ("edit", "run", "pause", "remove"):
            self.buttons[key].setEnabled(row is not None)
        self.buttons["run"].setEnabled(row is not None and self.process is None)
        self.buttons["pause"].setText("Resume" if row and row["paused"] else "&Pause")

    # -- actions --------------------------------------------------------------------------------

    def new(self) -> None:
        self._edit(None)

    def edit(self) -> None:
        row = self.selected()
        if row is not None:
            self._edit(self.schedules.store.get(row["name"]))

    def _edit(self, existing: Schedule | None) -> None:
        editor = ScheduleEditor(existing, self)
        if editor.exec() != QDialog.DialogCode.Accepted or editor.result_schedule is None:
            return
        self._try(
            lambda: self.schedules.add(editor.result_schedule, replacing=existing is not None)
        )

    def toggle_pause(self) -> None:
        row = self.selected()
        if row is not None:
            self._try(lambda: self.schedules.pause(row["name"], paused=not row["paused"]))

    def remove(self) -> None:
        row = self.selected()
        if row is None or not msgbox.question(
            self, "Remove schedule", f"Remove the schedule '{row['name']}' and its system entry?"
        ):
            return
        self._try(lambda: self.schedules.remove(row["name"]))

    def _try(self, action: Any) -> None:
        try:
            action()
        except BillingError as exc:
            msgbox.error(self, "Scheduled exports", str(exc))
        self.reload()

    def run_now(self) -> None:
        row = self.selected()
        if row is None or self.process is not None:
            return
        self.process = QProcess(self)
        self.process.finished.connect(self._run_done)
        self.status_label.setText(f"Running '{row['name']}'…")
        self.process.start(self.command[0], [*self.command[1:], "schedule", "run", row["name"]])
        self._update_buttons()

    def _run_done(self, code: int, _status: Any) -> None:
        assert self.process is not None
        said = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace")
        self.process.deleteLater()
        self.process = None
        lines = [ln.removeprefix("billing-desktop: error: ") for ln in said.splitlines() if ln]
        self.status_label.setText(lines[-1] if lines else f"Finished with status {code}.")
        self.reload()
        self.run_finished.emit(code)


class ScheduleEditor(QDialog):
    """New or Edit: the fields of one schedule."""

    def __init__(self, existing: Schedule | None, parent: QWidget | None = None, *,
                 preset: str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("scheduleEditor")
        self.setWindowTitle("Edit schedule" if existing else "New schedule")
        self.result_schedule: Schedule | None = None
        self.existing = existing
        settings = config.load_settings()
        self.name_edit = QLineEdit(objectName="scheduleNameEdit")
        self.preset_combo = QComboBox(objectName="schedulePresetCombo")
        self.preset_combo.addItems(PresetStore().names())
        self.kind_combo = QComboBox(objectName="scheduleKindCombo")
        for label, kind in _KINDS:
            self.kind_combo.addItem(label, kind)
        self.day_combo = QComboBox(objectName="scheduleDayCombo")
        self.day_combo.addItems([str(d) for d in range(1, 29)] + ["last"])
        self.weekday_combo = QComboBox(objectName="scheduleWeekdayCombo")
        self.weekday_combo.addItems([d.title() for d in r.WEEKDAYS])
        self.time_edit = QTimeEdit(QTime(6, 0), objectName="scheduleTimeEdit")
        self.time_edit.setDisplayFormat("HH:mm")
        self.profile_combo = QComboBox(objectName="scheduleProfileCombo")
        self.profile_combo.addItem("(the connection in use)", None)
        for name in sorted(settings.profiles):
            self.profile_combo.addItem(name, name)
        self.folder_edit = QLineEdit(str(Path.home()), objectName="scheduleFolderEdit")
        self.deliver_edit = QLineEdit(objectName="scheduleDeliverEdit")
        self.emails_edit = QLineEdit(objectName="scheduleEmailsEdit")
        self.emails_edit.setPlaceholderText("a@example.com, b@example.com")
        self.error_label = QLabel(objectName="scheduleErrorLabel")
        self.error_label.setWordWrap(True)
        form = QFormLayout(self)
        for label, widget in (("&Name", self.name_edit), ("&Preset", self.preset_combo),
                              ("&Repeat", self.kind_combo), ("&Day of month", self.day_combo),
                              ("&Weekday", self.weekday_combo), ("&At", self.time_edit),
                              ("Pro&file", self.profile_combo), ("F&older", self.folder_edit),
                              ("&Copy to folder", self.deliver_edit),
                              ("&Email to", self.emails_edit)):  # fmt: skip
            form.addRow(label, widget)
        form.addRow(self.error_label)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)
        if existing is not None:
            self._fill(existing)
        elif preset is not None:
            self.preset_combo.setCurrentText(preset)
            self.name_edit.setText(preset)

    def _fill(self, s: Schedule) -> None:
        self.name_edit.setText(s.name)
        self.name_edit.setReadOnly(True)
        self.preset_combo.setCurrentText(s.preset)
        self.kind_combo.setCurrentIndex([k for _, k in _KINDS].index(s.recurrence.kind))
        self.day_combo.setCurrentText(str(s.recurrence.day or 1))
        self.weekday_combo.setCurrentIndex(s.recurrence.weekday or 0)
        self.time_edit.setTime(QTime(s.recurrence.at.hour, s.recurrence.at.minute))
        self.profile_combo.setCurrentIndex(max(self.profile_combo.findData(s.profile), 0))
        self.folder_edit.setText(s.folder)
        self.deliver_edit.setText(s.deliver_to or "")
        self.emails_edit.setText(", ".join(s.emails))

    def accept(self) -> None:
        try:
            self.result_schedule = self._schedule()
        except BillingError as exc:
            self.error_label.setText(str(exc))
            return
        super().accept()

    def _schedule(self) -> Schedule:
        kind = self.kind_combo.currentData()
        at = r.parse_time(self.time_edit.time().toString("HH:mm"))
        if kind == r.MONTHLY:
            rule = r.Recurrence(kind, at, day=r.parse_day(self.day_combo.currentText()))
        elif kind == r.WEEKLY:
            rule = r.Recurrence(kind, at, weekday=self.weekday_combo.currentIndex())
        else:
            rule = r.Recurrence(kind, at)
        emails = tuple(e.strip() for e in self.emails_edit.text().split(",") if e.strip())
        for place in (self.folder_edit.text().strip(), self.deliver_edit.text().strip()):
            if place and not Path(place).is_dir():
                raise InvalidInput(f"The folder {place} does not exist.")
        schedule = Schedule(
            name=self.name_edit.text().strip(), preset=self.preset_combo.currentText(),
            recurrence=rule, folder=self.folder_edit.text().strip(),
            profile=self.profile_combo.currentData(),
            deliver_to=self.deliver_edit.text().strip() or None, emails=emails,
        )  # fmt: skip
        if self.existing is not None:
            schedule = replace(schedule, paused=self.existing.paused)
        return schedule
