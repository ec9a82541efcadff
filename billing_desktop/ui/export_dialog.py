"""The Export dialog (PRODUCT.md §5): choose what to export and where, run it on a worker thread
with progress and Cancel, then show what was written beside the dashboard's totals.

All database work (counting rows, the export itself) runs on worker threads; this module only
arranges widgets and reacts to signals. Expected failures (`BillingError`) become one sentence in
the dialog; anything else is a bug and goes to the crash path through `sys.excepthook`.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QRect, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from billing_desktop import config, formatting, periods
from billing_desktop.clock import Clock
from billing_desktop.config import Settings
from billing_desktop.db.connection import Database
from billing_desktop.db.url import DatabaseUrl
from billing_desktop.errors import InvalidInput
from billing_desktop.export import ExportParams, ExportResult, ExportTotals
from billing_desktop.export.choices import (
    DELIMITERS,
    GRANULARITIES,
    GRANULARITY_LABELS,
    SCOPE_LABELS,
    SCOPES,
)
from billing_desktop.export.command_line import export_command
from billing_desktop.export.formats import FORMATS, format_named
from billing_desktop.export.naming import KNOWN_SUFFIXES, default_name, extension_fix
from billing_desktop.export.request import ExportRequest
from billing_desktop.presets import PresetStore
from billing_desktop.ui import msgbox
from billing_desktop.ui.export_presets import PresetBar
from billing_desktop.ui.export_progress import ExportProgressPanel, ExportSummaryPanel, Figures
from billing_desktop.ui.filter_bar import MultiSelect, zone_combo, zone_problem
from billing_desktop.ui.fitting_scroll import FittingScrollArea
from billing_desktop.ui.styles import error_style
from billing_desktop.workers.count_worker import RowCounter
from billing_desktop.workers.export_worker import ExportJob

if TYPE_CHECKING:  # importing db.sql before the export package is a circular import
    from billing_desktop.db.sql import EventFilter

_DELIMITER_LABELS = {
    ",": "Comma (,)",
    ";": "Semicolon (;): Excel in German, French and other comma-decimal locales",
    "\t": "Tab",
}


CUSTOM_DATES = "Custom dates"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _count_key(params: ExportParams, split: bool) -> tuple[Any, ...]:
    """What the row count depends on: a change of any of these counts again. Statements
    write each tenant's rows apart, so a split counts rows per tenant."""
    return (params.start, params.end, params.scope, params.granularity, params.tenants,
            params.models, params.timezone, split)  # fmt: skip


def default_folder(settings: Settings) -> Path:
    """The last folder used, else the user's Documents, else home."""
    for candidate in (
        settings.last_folder,
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
    ):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


class ExportDialog(QDialog):
    def __init__(
        self,
        db: Database,
        event_filter: EventFilter,
        settings: Settings,
        *,
        dashboard_totals: Any = None,
        clock: Clock | None = None,
        period: str | None = None,
        tenant_names: list[str] | None = None,
        model_names: list[str] | None = None,
        presets: PresetStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export billing data")
        self.setModal(True)
        self.db = db
        self.filter = event_filter
        self.settings = settings
        self.dashboard_totals = dashboard_totals
        self.clock = clock
        self.presets = presets
        self.tenant_names = tenant_names or []  # to pick from; the dashboard knows them
        self.model_names = model_names or []
        self._initial_period = period
        self._applying_period = False
        self.job: ExportJob | None = None
        self.result: ExportResult | None = None
        self._confirmed_path: Path | None = None  # chosen in Save As, which confirmed overwrite
        self._count_key: tuple[Any, ...] | None = None
        self._closed = False
        self._result_count_shown = False  # the count label shows what the last export wrote
        self._counter = RowCounter(db, self)
        self._counter.counted.connect(self._on_counted)
        self._counter.failed.connect(self._on_count_failed)
        self._counter.crashed.connect(self._on_crashed)
        self._build()
        self._restore()
        self._refresh()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.format_radios = {
            fmt: QRadioButton(cls.mnemonic_label, objectName=f"format{fmt.capitalize()}Radio")
            for fmt, cls in FORMATS.items()
        }
        self.csv_radio = self.format_radios["csv"]
        self.json_radio = self.format_radios["json"]
        for fmt, radio in self.format_radios.items():
            radio.setToolTip(format_named(fmt).description)
        self.format_group = QButtonGroup(self)
        formats = QHBoxLayout()
        for radio in self.format_radios.values():
            self.format_group.addButton(radio)
            formats.addWidget(radio)
        formats.addStretch(1)

        self.period_combo = QComboBox(objectName="periodCombo")
        self.period_combo.addItem(CUSTOM_DATES, None)
        for name in periods.PERIODS:
            self.period_combo.addItem(periods.period_label(name), name)
        self.period_combo.setToolTip(
            "A period is resolved when the export runs, in the export's time zone: a preset"
            " or a copied command of Last month means the month before the day it runs."
        )
        self.start_edit = self._date_edit("startDateEdit", self.filter.start)
        self.start_edit.setAccessibleName("First day")
        self.start_edit.setToolTip("The first day of the export, included, in its time zone")
        self.end_edit = self._date_edit("endDateEdit", self.filter.end)
        self.end_edit.setAccessibleName("Last day")
        self.end_edit.setToolTip("The last day of the export, included, in its time zone")
        dates = QHBoxLayout()
        dates.addWidget(self.period_combo)
        dates.addWidget(self.start_edit)
        dates.addWidget(self._buddy_label("to", self.end_edit))
        dates.addWidget(self.end_edit)
        dates.addWidget(QLabel("(both inclusive)"))
        dates.addStretch(1)

        self.scope_combo = QComboBox(objectName="scopeCombo")
        for scope in SCOPES:
            self.scope_combo.addItem(SCOPE_LABELS[scope], scope)
        self.scope_combo.setToolTip(
            "All events: one row per event. The other scopes: one row per period and tenant,"
            " model, or tenant and model, with exact sums."
        )
        self.granularity_combo = QComboBox(objectName="granularityCombo")
        for granularity in GRANULARITIES:
            self.granularity_combo.addItem(GRANULARITY_LABELS[granularity], granularity)
        self.granularity_combo.setToolTip(
            "The period of each grouped row: a day, a calendar month in the export's time zone"
            " (a month cut by the dates holds only its days in range), or the whole range."
        )
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.scope_combo)
        scope_row.addWidget(self.granularity_combo)
        scope_row.addStretch(1)
        # Pre-filled from the dashboard, changed here for this export only.
        self.tenant_picker = MultiSelect("tenants")
        self.tenant_picker.setObjectName("exportTenantFilter")
        self.model_picker = MultiSelect("models")
        self.model_picker.setObjectName("exportModelFilter")
        self.zone_combo = zone_combo()
        self.zone_combo.setObjectName("exportTimezoneCombo")
        self.tenant_picker.set_names(sorted(self.tenant_names, key=str.casefold))
        self.model_picker.set_names(sorted(self.model_names, key=str.casefold))
        self._show_filter()  # the dashboard's choices, and any name not in those lists
        filters_row = QHBoxLayout()
        filters_row.addWidget(self.tenant_picker)
        filters_row.addWidget(self._buddy_label("&Models:", self.model_picker))
        filters_row.addWidget(self.model_picker)
        filters_row.addStretch(1)

        what = QGroupBox("What to export")
        form = QFormLayout(what)
        form.addRow("Format:", formats)
        form.addRow(self._buddy_label("&Dates:", self.period_combo), dates)
        form.addRow(self._buddy_label("&Scope:", self.scope_combo), scope_row)
        form.addRow(self._buddy_label("&Tenants:", self.tenant_picker), filters_row)
        form.addRow(self._buddy_label("Time &zone:", self.zone_combo), self.zone_combo)

        self.bom_check = QCheckBox(
            "Start with a &byte-order mark (Excel on Windows)", objectName="bomCheck"
        )
        self.bom_check.setToolTip(
            "Excel on Windows reads a CSV as UTF-8 only with this mark; other programs do"
            " not need it."
        )
        self.guard_check = QCheckBox(
            "Formula &guard: prefix text starting with = + - @ with ' so Excel never runs it",
            objectName="formulaGuardCheck",
        )
        self.guard_check.setToolTip(
            "A tenant or model name starting with = + - @ would run as a formula in Excel;"
            " the guard writes it with a leading ' (the data stays readable)."
        )
        self.delimiter_combo = QComboBox(objectName="delimiterCombo")
        self.delimiter_combo.setAccessibleName("Delimiter")
        for delimiter in DELIMITERS:
            self.delimiter_combo.addItem(_DELIMITER_LABELS[delimiter], delimiter)
        self.delimiter_combo.setToolTip(
            "The character between fields. A field holding it is quoted."
        )
        delimiter_row = QHBoxLayout()
        delimiter_row.addWidget(self._buddy_label("Delim&iter:", self.delimiter_combo))
        delimiter_row.addWidget(self.delimiter_combo, 1)
        self.csv_box = QGroupBox("CSV options")
        csv_layout = QVBoxLayout(self.csv_box)
        csv_layout.addLayout(delimiter_row)
        csv_layout.addWidget(self.bom_check)
        csv_layout.addWidget(self.guard_check)

        self.path_edit = QLineEdit(objectName="outputPathEdit")
        self.path_edit.setPlaceholderText("Choose where to save the file…")
        self.path_edit.setMinimumWidth(360)
        self.path_edit.setAccessibleName("Save to")
        self.path_edit.setToolTip(
            "The file to write (for statements: the folder to create). An existing one is"
            " replaced only after you confirm, and only when the export has succeeded."
        )
        self.browse_button = QPushButton("B&rowse…", objectName="browseButton")
        self.browse_button.setToolTip("Choose the file, or for statements the folder, in a dialog")
        self.split_check = QCheckBox(
            "One file per tenant (statements), &written into a folder",
            objectName="splitByTenantCheck",
        )
        self.split_check.setToolTip(
            "Each tenant's rows go to their own file, named after the tenant, all from one"
            " snapshot: the files add up to the whole. The folder appears whole or not at all."
        )
        self.manifest_check = QCheckBox(
            "Write a ma&nifest beside it (size, SHA-256, rows and totals, for verify)",
            objectName="manifestCheck",
        )
        self.manifest_check.setToolTip(
            "FILE.manifest.json lets `billing-desktop verify` prove later that the file is"
            " unchanged and whether the database still agrees."
        )
        target = QGroupBox("Sa&ve to")
        target_layout = QVBoxLayout(target)
        target_row = QHBoxLayout()
        target_row.addWidget(self.path_edit, 1)
        target_row.addWidget(self.browse_button)
        target_layout.addLayout(target_row)
        target_layout.addWidget(self.split_check)
        target_layout.addWidget(self.manifest_check)

        self.count_label = QLabel(objectName="rowCountLabel")
        self.count_label.setWordWrap(True)
        self.message_label = QLabel(objectName="exportMessageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_panel = ExportProgressPanel()
        self.progress_panel.hide()
        self.summary_panel = ExportSummaryPanel()
        self.summary_panel.hide()

        self.start_button = QPushButton("&Export", objectName="startExportButton")
        self.start_button.setDefault(True)
        self.start_button.setToolTip("Write the file (Enter)")
        self.close_button = QPushButton("Cl&ose", objectName="closeExportDialogButton")
        self.close_button.setAutoDefault(False)
        self.close_button.setToolTip("Close the dialog (Esc); asks first while an export runs")
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.close_button)

        self.preset_bar = PresetBar(self.options, self.presets)
        self.copy_command_button = QPushButton("Cop&y command line", objectName="copyCommandButton")
        self.copy_command_button.setAutoDefault(False)
        self.copy_command_button.setToolTip(
            "Put the billing-desktop export command that writes this same file on the"
            " clipboard, for a script, cron or Task Scheduler. It never holds a password."
        )
        buttons.insertWidget(1, self.copy_command_button)

        self.form_widget = QWidget()
        form_layout = QVBoxLayout(self.form_widget)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.preset_bar)
        form_layout.addWidget(what)
        form_layout.addWidget(self.csv_box)
        form_layout.addWidget(target)
        # The options, progress and result scroll; the message and the buttons stay put below
        # them, so Export and Close are on screen whatever the dialog shows (issue 13).
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.form_widget)
        content_layout.addWidget(self.summary_panel)
        content_layout.addStretch(1)
        self.scroll = FittingScrollArea(content, objectName="exportDialogScroll")
        # Three lines are kept for a message, shown or not, and a longer one scrolls: a message
        # appearing moves no button and squashes no field.
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.message_area = QScrollArea(objectName="exportMessageArea")
        self.message_area.setWidget(self.message_label)
        self.message_area.setWidgetResizable(True)
        self.message_area.setFrameShape(QFrame.Shape.NoFrame)
        self.message_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message_area.setFixedHeight(3 * self.fontMetrics().lineSpacing() + 4)
        for area in (self.scroll, self.message_area):
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stops at fields, not at frames
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.progress_panel)  # always in sight while an export runs
        layout.addWidget(self.message_area)
        layout.addLayout(buttons)
        self.setMinimumWidth(min(640, self._available().width()))

        self.format_group.buttonToggled.connect(self._on_format_toggled)
        self.period_combo.currentIndexChanged.connect(self._on_period_changed)
        self.start_edit.dateChanged.connect(self._on_dates_edited)
        self.end_edit.dateChanged.connect(self._on_dates_edited)
        self.preset_bar.chosen.connect(self.apply_options)
        self.tenant_picker.selectionChanged.connect(self._on_filter_edited)
        self.model_picker.selectionChanged.connect(self._on_filter_edited)
        self.zone_combo.currentTextChanged.connect(self._on_filter_edited)
        self.copy_command_button.clicked.connect(self.copy_command)
        self._set_tab_order()
        self.scope_combo.currentIndexChanged.connect(self._on_scope_changed)
        self.granularity_combo.currentIndexChanged.connect(self._refresh)
        self.path_edit.textChanged.connect(self._refresh)
        self.split_check.toggled.connect(self._on_split_toggled)
        self.browse_button.clicked.connect(self.browse)
        self.start_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        self.progress_panel.cancel_requested.connect(self.cancel_export)
        self.summary_panel.open_file.connect(lambda path: msgbox.hand_off(self, path))
        self.summary_panel.show_in_folder.connect(
            lambda path: msgbox.hand_off(self, path, show_folder=True)
        )

    def _show_filter(self) -> None:
        """The tenant, model and zone pickers for self.filter (a preset was applied)."""
        for picker, chosen in ((self.tenant_picker, self.filter.tenants),
                               (self.model_picker, self.filter.models)):  # fmt: skip
            missing = [name for name in chosen if name not in picker.names()]
            if missing:
                picker.set_names(sorted({*picker.names(), *missing}, key=str.casefold))
            picker.blockSignals(True)
            picker.set_selected(chosen)
            picker.blockSignals(False)
        self.zone_combo.blockSignals(True)
        self.zone_combo.setCurrentText(self.filter.timezone)
        self.zone_combo.blockSignals(False)

    def _on_filter_edited(self) -> None:
        """Tenants, models or the zone changed in the dialog: the row count follows."""
        zone = self.zone_combo.currentText().strip()
        self.filter = dataclasses.replace(
            self.filter,
            tenants=self.tenant_picker.selected(),
            models=self.model_picker.selected(),
            timezone=zone if zone_problem(zone) is None else self.filter.timezone,
        )
        if self.period is not None:
            self._on_period_changed()  # "last month" in the new zone
        else:
            self._refresh()

    def _set_tab_order(self) -> None:
        """Tab goes down the dialog as it reads (some parts are made after others)."""
        chain: list[QWidget] = [
            self.preset_bar.combo, self.preset_bar.save_button, *self.format_radios.values(),
            self.period_combo, self.start_edit, self.end_edit, self.scope_combo,
            self.granularity_combo, self.tenant_picker, self.model_picker, self.zone_combo,
            self.delimiter_combo, self.bom_check, self.guard_check, self.path_edit,
            self.browse_button, self.split_check, self.manifest_check,
            self.progress_panel.cancel_button, self.summary_panel.open_button,
            self.summary_panel.folder_button, self.copy_command_button, self.start_button,
            self.close_button,
        ]  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _buddy_label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(objectName=name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setDateRange(QDate(1970, 1, 1), QDate(9998, 12, 31))
        edit.setDate(_qdate(day))
        return edit

    def _restore(self) -> None:
        """Last format, scope and options (settings.export); the path in the last folder."""
        saved = self.settings.export
        fmt = saved.get("format") if saved.get("format") in FORMATS else "csv"
        self.format_radios[fmt].setChecked(True)
        index = self.scope_combo.findData(saved.get("scope", "all"))
        self.scope_combo.setCurrentIndex(max(index, 0))
        index = self.granularity_combo.findData(saved.get("granularity", "day"))
        self.granularity_combo.setCurrentIndex(max(index, 0))
        self.granularity_combo.setEnabled(self.scope != "all")
        index = self.delimiter_combo.findData(saved.get("delimiter", ","))
        self.delimiter_combo.setCurrentIndex(max(index, 0))
        self.split_check.setChecked(saved.get("split_by") == "tenant")
        self.manifest_check.setChecked(bool(saved.get("manifest", False)))
        self.bom_check.setChecked(bool(saved.get("bom", False)))
        self.guard_check.setChecked(bool(saved.get("formula_guard", True)))
        self.csv_box.setEnabled(format_named(fmt).csv_options)
        self.path_edit.setText(str(default_folder(self.settings) / self._default_name()))
        if self._initial_period is not None:
            self._select_period(self._initial_period)

    def _default_name(self) -> str:
        """billing-export-DATE.EXT, or for a split the folder billing-export-DATE."""
        split_by = "tenant" if self.split else None
        return default_name(ExportRequest(format=self.format, split_by=split_by), self.clock)

    # -- state ----------------------------------------------------------------------------------

    @property
    def format(self) -> str:
        return next((f for f, r in self.format_radios.items() if r.isChecked()), "csv")

    @property
    def scope(self) -> str:
        return str(self.scope_combo.currentData())

    @property
    def split(self) -> bool:
        return self.split_check.isChecked()

    @property
    def granularity(self) -> str:
        # Scope `all` has one row per event: the choice is kept on screen but does not apply.
        return "day" if self.scope == "all" else str(self.granularity_combo.currentData())

    @property
    def period(self) -> str | None:
        data = self.period_combo.currentData()
        return str(data) if data else None

    def target(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def params(self) -> ExportParams:
        """The parameters as chosen; raises InvalidInput for an impossible choice."""
        return ExportParams(
            start=_pydate(self.start_edit.date()),
            end=_pydate(self.end_edit.date()),
            format=self.format,  # type: ignore[arg-type]
            scope=self.scope,  # type: ignore[arg-type]
            tenants=self.filter.tenants,
            models=self.filter.models,
            timezone=self.filter.timezone,
            bom=self.bom_check.isChecked(),
            formula_guard=self.guard_check.isChecked(),
            granularity=self.granularity,  # type: ignore[arg-type]
            delimiter=str(self.delimiter_combo.currentData()),
        )

    def problem(self) -> str | None:
        """Why Export cannot start now, in one sentence, or None."""
        zone = zone_problem(self.zone_combo.currentText())
        if zone is not None:
            return zone
        try:
            self.params()
        except InvalidInput as exc:
            return str(exc) + "."
        target = self.target()
        if target is None:
            return "Choose a file to export to (Browse…)."
        if not target.is_absolute():
            return "Enter the full path of the file, or choose it with Browse…."
        if self.split and target.is_file():
            return f"{target} is a file; a split by tenant writes a folder."
        if not self.split and target.is_dir():
            return f"{target} is a folder; add a file name."
        if not target.parent.is_dir():
            return f"The folder {target.parent} does not exist."
        return None

    def _refresh(self) -> None:
        """Re-check the choices; count the rows again when dates or scope changed."""
        shown = self._result_count_shown and self.result is not None
        if shown and self.target() != self.result.path:  # "N rows written" was about that file
            self._result_count_shown = False
            self._count_key = None
        running = self.job is not None and self.job.is_running()
        problem = self.problem()
        self.start_button.setEnabled(problem is None and not running)
        if not running:
            self._set_message(problem or "", error=True)
        self._request_count()

    def _request_count(self) -> None:
        """Ask for a fresh row count when dates or scope changed."""
        try:
            request = self.request()
            params = request.params(self.clock)
        except InvalidInput:
            self._counter.invalidate()
            self._count_key = None
            self.count_label.setText("")
            return
        key = _count_key(params, self.split)
        if key != self._count_key:
            self._count_key = key
            self.count_label.setStyleSheet("")
            self.count_label.setText("Counting rows…")
            self._counter.request(request)

    def _set_message(self, text: str, *, error: bool) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet(error_style() if error else "")

    def _available(self) -> QRect:
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)

    def fit_to_screen(self) -> None:
        """As tall as the content wants, within the screen's available area, frame included;
        what does not fit scrolls. Called when shown and when the result panel appears."""
        content = self.scroll.widget()
        if content is not None and content.layout() is not None:
            content.layout().activate()  # a panel just shown counts in the size hint
        self.scroll.updateGeometry()  # the dialog's layout caches the scroll area's hint
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
        available = self._available()
        frame_w = max(0, self.frameGeometry().width() - self.width())
        frame_h = max(0, self.frameGeometry().height() - self.height())
        wanted = self.sizeHint()
        width = min(max(wanted.width(), self.width()), available.width() - frame_w)
        height = min(wanted.height(), available.height() - frame_h)
        self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), available.x()), available.right() + 1 - frame.width())
        y = min(max(frame.y(), available.y()), available.bottom() + 1 - frame.height())
        self.move(x, y)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.fit_to_screen)  # once the frame is known; not if gone

    def _on_format_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        fmt = self.format
        self.csv_box.setEnabled(format_named(fmt).csv_options)
        target = self.target()
        if target is not None and target.suffix.lower() in KNOWN_SUFFIXES and not self.split:
            self.path_edit.setText(str(target.with_suffix("." + format_named(fmt).extension)))
        self._refresh()

    def _on_split_toggled(self, split: bool) -> None:
        """A split writes a folder: the name loses its extension, or gets it back."""
        target = self.target()
        if target is not None:
            if split and target.suffix.lower() in KNOWN_SUFFIXES:
                self.path_edit.setText(str(target.with_suffix("")))
            elif not split and not target.suffix:
                self.path_edit.setText(
                    str(target.with_suffix("." + format_named(self.format).extension))
                )
        self._confirmed_path = None
        self._refresh()

    def _on_scope_changed(self) -> None:
        self.granularity_combo.setEnabled(self.scope != "all")
        self._refresh()

    def _extension_agrees(self, target: Path) -> Path:
        """The path to export to: a missing extension or another format's is corrected to
        the format's; any other extension is asked about, never silently kept."""
        fixed = extension_fix(target, self.format)
        if fixed is not None:
            return fixed
        fmt = format_named(self.format)
        wanted = "." + fmt.extension
        answer = msgbox.question(
            self,
            "Change the file name?",
            f"{target.name} does not end in {wanted}, the extension of the"
            f" {fmt.label} format, so other programs may not open it."
            f"\n\nSave it as {target.with_suffix(wanted).name} instead?",
        )
        return target.with_suffix(wanted) if answer else target

    def _on_counted(self, totals: ExportTotals) -> None:
        self._show_count(totals, "will be written")

    def _show_count(self, totals: ExportTotals, verb: str) -> None:
        self.count_label.setStyleSheet("")
        self.count_label.setToolTip("")
        self.count_label.setText(
            f"{formatting.counted(totals.rows, 'row')} {verb} "
            f"(total cost {formatting.dollars(totals.cost_cents)})."
        )

    def _on_count_failed(self, message: str) -> None:
        # Short beside the buttons (the reason is most often the export's own, said above it);
        # the whole of it in the tooltip.
        self.count_label.setStyleSheet(error_style())
        self.count_label.setText("Could not count the rows.")
        self.count_label.setToolTip(message)

    # -- periods, presets, command line ---------------------------------------------------------

    def _on_period_changed(self) -> None:
        period = self.period
        if period is not None:
            start, end = periods.resolve_period(period, self.filter.timezone, self.clock)
            self._applying_period = True
            try:
                self.start_edit.setDate(_qdate(start))
                self.end_edit.setDate(_qdate(end))
            finally:
                self._applying_period = False
        self._refresh()

    def _select_period(self, period: str | None) -> None:
        index = self.period_combo.findData(period) if period else 0
        self.period_combo.setCurrentIndex(max(index, 0))
        self._on_period_changed()

    def _on_dates_edited(self) -> None:
        if not self._applying_period and self.period is not None:
            self.period_combo.blockSignals(True)  # typed dates: fixed, no longer the period
            self.period_combo.setCurrentIndex(0)
            self.period_combo.blockSignals(False)
        self._refresh()

    def request(self, target: Path | None = None, overwrite: bool = False) -> ExportRequest:
        """The export as chosen, to `target`; raises InvalidInput for an impossible choice."""
        params = self.params()
        period = self.period
        return ExportRequest(
            format=params.format, scope=params.scope, granularity=params.granularity,
            period=period, start=None if period else params.start,
            end=None if period else params.end, tenants=params.tenants, models=params.models,
            timezone=params.timezone, bom=params.bom, formula_guard=params.formula_guard,
            delimiter=params.delimiter, split_by="tenant" if self.split else None,
            manifest=self.manifest_check.isChecked(),
            output=str(target) if target is not None else None, overwrite=overwrite,
        )  # fmt: skip

    def options(self) -> dict[str, Any]:
        """The choices as a preset holds them: a period by its name, no file."""
        return self.request().to_json()

    def apply_options(self, _name: str, options: dict[str, Any]) -> None:
        """Fill the dialog from a preset; what it does not hold stays as it is."""
        if options.get("format") in self.format_radios:
            self.format_radios[options["format"]].setChecked(True)
        for combo, key in ((self.scope_combo, "scope"), (self.granularity_combo, "granularity"),
                           (self.delimiter_combo, "delimiter")):  # fmt: skip
            index = combo.findData(options.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        for check, key in ((self.bom_check, "bom"), (self.guard_check, "formula_guard"),
                           (self.manifest_check, "manifest")):  # fmt: skip
            if key in options:
                check.setChecked(bool(options[key]))
        self.split_check.setChecked(options.get("split_by") == "tenant")
        self.filter = dataclasses.replace(
            self.filter,
            timezone=str(options.get("timezone") or self.filter.timezone),
            tenants=tuple(options.get("tenants") or ()),
            models=tuple(options.get("models") or ()),
        )
        self._show_filter()
        if options.get("period"):
            self._select_period(str(options["period"]))
        elif options.get("start") and options.get("end"):
            self.period_combo.setCurrentIndex(0)
            self.start_edit.setDate(_qdate(date.fromisoformat(str(options["start"]))))
            self.end_edit.setDate(_qdate(date.fromisoformat(str(options["end"]))))
        self._refresh()

    def copy_command(self) -> None:
        """The `billing-desktop export` line for these choices, on the clipboard."""
        target = self.target()
        try:
            if target is None:
                raise InvalidInput("Choose where to save the file first")
            request = self.request(target)
            command = export_command(request, self._database_for_command())
        except InvalidInput as exc:
            self._set_message(f"No command line: {exc}.", error=True)
            return
        msgbox.copy_to_clipboard(command)
        self._set_message(
            "Copied the command line to the clipboard. It reads the password where this window"
            " does (the keyring, PGPASSWORD or ~/.pgpass); add --force to replace the file.",
            error=False,
        )

    def _database_for_command(self) -> str | None:
        """None when the command, run by this user, finds this same database by itself."""
        choice = config.choose_database(None, self.settings)
        default = choice.url or f"sqlite:///{config.embedded_database_path()}"
        mine = self.db.url.without_password().render()
        if DatabaseUrl.parse(default).without_password().render() == mine:
            return None
        return mine

    # -- actions --------------------------------------------------------------------------------

    def browse(self) -> None:
        if self.split:
            self._browse_folder()
            return
        current = self.target()
        proposed = (
            current
            if current is not None and current.parent.is_dir()
            else default_folder(self.settings) / self._default_name()
        )
        filters = f"{format_named(self.format).file_filter};;All files (*)"
        chosen = msgbox.save_file(self, "Export to", str(proposed), filters)
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:  # some platforms' dialogs add no extension
            path = path.with_suffix("." + format_named(self.format).extension)
            self._confirmed_path = None  # the dialog confirmed another name
        else:
            self._confirmed_path = path
        self.path_edit.setText(str(path))
        self.settings.last_folder = str(path.parent)
        config.save_settings(self.settings)

    def _browse_folder(self) -> None:
        """A split: choose the folder in which the statements' folder is created."""
        current = self.target()
        name = current.name if current is not None and current.name else self._default_name()
        start = current.parent if current is not None and current.parent.is_dir() else None
        chosen = msgbox.choose_folder(
            self, "Create the statements folder in", str(start or default_folder(self.settings))
        )
        if not chosen:
            return
        self._confirmed_path = None
        self.path_edit.setText(str(Path(chosen) / name))
        self.settings.last_folder = chosen
        config.save_settings(self.settings)

    def start_export(self) -> None:
        problem = self.problem()
        if problem is not None:
            self._set_message(problem, error=True)
            return
        chosen = self.target()
        assert chosen is not None
        target = chosen if self.split else self._extension_agrees(chosen)
        if target != chosen:
            self.path_edit.setText(str(target))
        overwrite = False
        if target.exists():
            what = "folder" if self.split else "file"
            overwrite = target == self._confirmed_path or msgbox.question(
                self,
                f"Replace the {what}?",
                f"{target.name} already exists in {target.parent}.\nReplace it with this export?",
            )
            if not overwrite:
                return
        params = self.params()
        self._remember(params, target)
        if self._counter.is_pending():
            # The export reads these totals itself; a count beside it would only compete for
            # the database (seconds on a big SQLite file). Its figure comes with the result.
            self._counter.invalidate()
            self._count_key = None
            self.count_label.setText("")
        if self._result_count_shown:
            # No figure of an earlier export stays beside this one's outcome: "3,000,000 rows
            # written" next to "Export cancelled" misled (issue 13). The count comes back after.
            self._count_key = None
            self._result_count_shown = False
            self.count_label.setText("")
        self.result = None
        self.summary_panel.hide()
        self._set_message("", error=False)
        job = ExportJob(self.db, self.request(target, overwrite), clock=self.clock)
        job.progress.connect(self.progress_panel.update_progress)
        job.notice.connect(self.progress_panel.show_notice)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        job.crashed.connect(self._on_crashed)
        job.ended.connect(self._on_ended)
        self.job = job
        self.form_widget.setEnabled(False)
        self.start_button.setEnabled(False)
        self.progress_panel.start()
        self.progress_panel.cancel_button.show()
        self.progress_panel.show()
        register = getattr(self.parent(), "register_export_job", None)
        if callable(register):
            register(job)
        job.start()

    def _remember(self, params: ExportParams, target: Path) -> None:
        self.settings.export = {
            "format": params.format,
            "scope": params.scope,
            "granularity": self.granularity_combo.currentData(),
            "delimiter": params.delimiter,
            "bom": params.bom,
            "formula_guard": params.formula_guard,
            "split_by": "tenant" if self.split else None,
            "manifest": self.manifest_check.isChecked(),
        }
        self.settings.last_folder = str(target.parent)
        config.save_settings(self.settings)

    def cancel_export(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()

    def _on_finished(self, result: ExportResult) -> None:
        self.result = result
        # What was written is the row count for these choices, from the export's own snapshot.
        self._count_key = _count_key(result.params, bool(result.files))
        self._show_count(result.totals, "written")
        self._result_count_shown = True
        self.progress_panel.update_progress(result.rows, result.rows)
        self.progress_panel.hide()
        dashboard, why = self._dashboard_figures(result.params)
        self.summary_panel.show_result(result, dashboard, why)
        self.summary_panel.show()
        self.fit_to_screen()
        self.scroll.ensureWidgetVisible(self.summary_panel)
        notices = self.job.notices if self.job is not None else []
        if notices:
            self._set_message(" ".join(notices), error=False)

    def _dashboard_figures(self, params: ExportParams) -> tuple[Figures | None, str]:
        data = self.dashboard_totals
        if data is None:
            return None, ""
        if (params.start, params.end) != (self.filter.start, self.filter.end):
            return None, (
                f"The dashboard shows {self.filter.start} to {self.filter.end}; this file covers "
                f"{params.start} to {params.end}, so their totals are not compared."
            )
        figures = Figures(
            rows=int(data.events),
            input_tokens=int(data.input_tokens),
            output_tokens=int(data.output_tokens),
            cost_cents=int(data.total_cost_cents),
        )
        return figures, ""

    def _on_failed(self, message: str) -> None:
        self.progress_panel.hide()
        self._set_message(f"The export failed: {message}", error=True)

    def _on_cancelled(self) -> None:
        self.progress_panel.hide()
        self._set_message("Export cancelled; no file was written.", error=False)

    def _on_crashed(self, exc: BaseException) -> None:
        self.progress_panel.hide()
        self._set_message("An unexpected error stopped the work; see the error report.", error=True)
        sys.excepthook(type(exc), exc, exc.__traceback__)

    def _on_ended(self) -> None:
        self.form_widget.setEnabled(True)
        self.start_button.setEnabled(self.problem() is None)
        if not self._closed:  # count again, if a count was dropped for an unfinished export
            self._request_count()

    # -- closing --------------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Every way out (Close, Esc, the title bar) comes here: ask before abandoning an export,
        then make sure no worker thread outlives the dialog."""
        if self.job is not None and self.job.is_running():
            if not msgbox.question(
                self,
                "Cancel the export?",
                "An export is still running. Cancel it and close?\n"
                "No file will be written and an existing file is left as it was.",
            ):
                return
            self.job.cancel_and_wait()
        self._closed = True  # the job's last signals may still arrive: start nothing new
        self._counter.stop()
        super().done(result)
