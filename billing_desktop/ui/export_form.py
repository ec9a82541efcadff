"""The Export dialog's form: what to export and where, yielding an `ExportRequest`.

The format choice is built from the format classes (label, mnemonic, description); the rules
behind the fields (names, targets) live in `billing_desktop.export_form_rules`, without Qt.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from billing_desktop import periods
from billing_desktop.clock import Clock
from billing_desktop.errors import InvalidInput
from billing_desktop.export import ExportParams
from billing_desktop.export.choices import (
    DELIMITERS,
    GRANULARITIES,
    GRANULARITY_LABELS,
    SCOPE_LABELS,
    SCOPES,
)
from billing_desktop.export.formats import FORMATS, format_named
from billing_desktop.export.naming import default_name
from billing_desktop.export.request import ExportRequest
from billing_desktop.export_form_rules import path_for_format, path_for_split, target_problem
from billing_desktop.presets import PresetStore
from billing_desktop.ui.engine_labels import label
from billing_desktop.ui.export_presets import PresetBar
from billing_desktop.ui.filter_bar import MultiSelect, zone_combo, zone_problem
from billing_desktop.ui.form_widgets import BuddyGroupBox, buddy_label, date_edit, select_data
from billing_desktop.ui.locale_format import locale, pydate, qdate

if TYPE_CHECKING:  # importing db.sql before the export package is a circular import
    from billing_desktop.db.sql import EventFilter

DEFAULT_FORMAT = next(iter(FORMATS))


def delimiter_labels() -> dict[str, str]:
    return {
        ",": QCoreApplication.translate("ExportForm", "Comma (,)"),
        ";": QCoreApplication.translate(
            "ExportForm", "Semicolon (;): Excel in German, French and other comma-decimal locales"
        ),
        "\t": QCoreApplication.translate("ExportForm", "Tab"),
    }


def default_delimiter() -> str:
    """Where numbers are written with a decimal comma, Excel splits CSV fields at semicolons;
    the window pre-selects that there. The command line's default stays the comma."""
    return ";" if locale().decimalPoint() == "," else ","


class ExportForm(QWidget):
    """The choices; `changed` after any edit. `request()` is the export as chosen."""

    changed = Signal()

    def __init__(
        self,
        event_filter: EventFilter,
        *,
        clock: Clock | None,
        presets: PresetStore | None,
        tenant_names: list[str],
        model_names: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.filter = event_filter
        self.clock = clock
        self._applying_period = False
        # The name the form chose itself (for the range, format and split on screen): while the
        # path still ends in it, it follows them; a name the user typed or browsed to stays.
        self._automatic_name: str | None = None
        # The connection profile the window reads (None: no profile), which a saved preset and
        # a copied command line name.
        self.profile: str | None = None
        what = self._build_what(sorted(tenant_names, key=str.casefold),
                                sorted(model_names, key=str.casefold))  # fmt: skip
        self.csv_box = self._build_csv_box()
        target = self._build_target()
        self.preset_bar = PresetBar(self.options, presets)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preset_bar)
        layout.addWidget(what)
        layout.addWidget(self.csv_box)
        layout.addWidget(target)
        self._connect()

    # -- building -------------------------------------------------------------------------------

    def _build_formats(self) -> QHBoxLayout:
        self.format_radios: dict[str, QRadioButton] = {}
        self.format_group = QButtonGroup(self)
        row = QHBoxLayout()
        for name, cls in FORMATS.items():
            radio = QRadioButton(
                label(cls.mnemonic_label), objectName=f"format{name.capitalize()}Radio"
            )
            radio.setToolTip(label(cls.description))  # fmt: skip
            self.format_radios[name] = radio
            self.format_group.addButton(radio)
            row.addWidget(radio)
        row.addStretch(1)
        return row

    def _build_dates(self) -> QHBoxLayout:
        self.period_combo = QComboBox(objectName="periodCombo")
        self.period_combo.addItem(self.tr("Custom dates"), None)
        for name in periods.PERIODS:
            self.period_combo.addItem(label(periods.period_label(name)), name)
        self.period_combo.setToolTip(self.tr(
            "A period is resolved when the export runs, in the export's time zone: a preset"
            " or a copied command of Last month means the month before the day it runs."
        ))  # fmt: skip
        self.start_edit = date_edit(
            "startDateEdit",
            self.filter.start,
            self.tr("First day"),
            self.tr("The first day of the export, included, in its time zone"),
        )
        self.end_edit = date_edit(
            "endDateEdit",
            self.filter.end,
            self.tr("Last day"),
            self.tr("The last day of the export, included, in its time zone"),
        )
        row = QHBoxLayout()  # fmt: skip
        row.addWidget(self.period_combo)
        row.addWidget(self.start_edit)
        row.addWidget(buddy_label(self.tr("to"), self.end_edit))
        row.addWidget(self.end_edit)
        row.addWidget(QLabel(self.tr("(both inclusive)")))
        row.addStretch(1)
        return row

    def _build_scope(self) -> QHBoxLayout:
        self.scope_combo = QComboBox(objectName="scopeCombo")
        for scope in SCOPES:
            self.scope_combo.addItem(label(SCOPE_LABELS[scope]), scope)
        self.scope_combo.setToolTip(self.tr(
            "All events: one row per event. The other scopes: one row per period and tenant,"
            " model, or tenant and model, with exact sums."
        ))  # fmt: skip
        self.granularity_combo = QComboBox(objectName="granularityCombo")
        for granularity in GRANULARITIES:
            self.granularity_combo.addItem(label(GRANULARITY_LABELS[granularity]), granularity)
        self.granularity_combo.setToolTip(self.tr(
            "The period of each grouped row: a day, a calendar month in the export's time zone"
            " (a month cut by the dates holds only its days in range), or the whole range."
        ))  # fmt: skip
        row = QHBoxLayout()
        row.addWidget(self.scope_combo)
        row.addWidget(self.granularity_combo)
        row.addStretch(1)
        return row

    def _build_what(self, tenant_names: list[str], model_names: list[str]) -> QGroupBox:
        formats, dates, scope_row = self._build_formats(), self._build_dates(), self._build_scope()
        # Pre-filled from the dashboard, changed here for this export only.
        self.tenant_picker = MultiSelect("tenants")
        self.tenant_picker.setObjectName("exportTenantFilter")
        self.model_picker = MultiSelect("models")
        self.model_picker.setObjectName("exportModelFilter")
        self.zone_combo = zone_combo()
        self.zone_combo.setObjectName("exportTimezoneCombo")
        self.tenant_picker.set_names(tenant_names)
        self.model_picker.set_names(model_names)
        self._show_filter()  # the dashboard's choices, and any name not in those lists
        filters_row = QHBoxLayout()
        filters_row.addWidget(self.tenant_picker)
        filters_row.addWidget(buddy_label(self.tr("&Models:"), self.model_picker))
        filters_row.addWidget(self.model_picker)
        filters_row.addStretch(1)
        what = QGroupBox(self.tr("What to export"))
        form = QFormLayout(what)
        form.addRow(self.tr("Format:"), formats)
        form.addRow(buddy_label(self.tr("&Dates:"), self.period_combo), dates)
        form.addRow(buddy_label(self.tr("&Scope:"), self.scope_combo), scope_row)
        form.addRow(buddy_label(self.tr("&Tenants:"), self.tenant_picker), filters_row)
        form.addRow(buddy_label(self.tr("Time &zone:"), self.zone_combo), self.zone_combo)
        return what

    def _build_csv_box(self) -> QGroupBox:
        self.bom_check = QCheckBox(
            self.tr("Start with a &byte-order mark (Excel on Windows)"), objectName="bomCheck"
        )
        self.bom_check.setToolTip(self.tr(
            "Excel on Windows reads a CSV as UTF-8 only with this mark; other programs do"
            " not need it."
        ))  # fmt: skip
        self.guard_check = QCheckBox(
            self.tr(
                "Formula &guard: prefix text starting with = + - @ with ' so Excel never runs it"
            ),
            objectName="formulaGuardCheck",
        )
        self.guard_check.setToolTip(self.tr(
            "A tenant or model name starting with = + - @ would run as a formula in Excel;"
            " the guard writes it with a leading ' (the data stays readable)."
        ))  # fmt: skip
        self.delimiter_combo = QComboBox(objectName="delimiterCombo")
        self.delimiter_combo.setAccessibleName(self.tr("Delimiter"))
        labels = delimiter_labels()
        for delimiter in DELIMITERS:
            self.delimiter_combo.addItem(labels[delimiter], delimiter)
        self.delimiter_combo.setToolTip(
            self.tr("The character between fields. A field holding it is quoted.")
        )
        # Said where it is chosen: the one default that depends on the user's locale.
        self.delimiter_note = QLabel(objectName="delimiterNote")
        self.delimiter_note.setWordWrap(True)
        self.delimiter_note.setStyleSheet("color: palette(mid);")
        self.delimiter_note.setText(self.tr(
            "Your language writes numbers with a decimal comma, so a new export starts with"
            " the semicolon, which Excel then expects. The command line's default stays the"
            " comma."
        ))  # fmt: skip
        self.delimiter_note.setVisible(default_delimiter() == ";")
        delimiter_row = QHBoxLayout()
        delimiter_row.addWidget(buddy_label(self.tr("Delim&iter:"), self.delimiter_combo))
        delimiter_row.addWidget(self.delimiter_combo, 1)
        box = QGroupBox(self.tr("CSV options"))
        layout = QVBoxLayout(box)
        layout.addLayout(delimiter_row)
        layout.addWidget(self.delimiter_note)
        layout.addWidget(self.bom_check)
        layout.addWidget(self.guard_check)
        return box

    def _build_target(self) -> QGroupBox:
        self.path_edit = QLineEdit(objectName="outputPathEdit")
        self.path_edit.setPlaceholderText(self.tr("Choose where to save the file…"))
        self.path_edit.setMinimumWidth(360)
        self.path_edit.setAccessibleName(self.tr("Save to"))
        self.path_edit.setToolTip(self.tr(
            "The file to write (for statements: the folder to create). An existing one is"
            " replaced only after you confirm, and only when the export has succeeded."
        ))  # fmt: skip
        self.browse_button = QPushButton(self.tr("B&rowse…"), objectName="browseButton")
        self.browse_button.setToolTip(
            self.tr("Choose the file, or for statements the folder, in a dialog")
        )
        self.split_check = QCheckBox(
            self.tr("One file per tenant (statements), &written into a folder"),
            objectName="splitByTenantCheck",
        )
        self.split_check.setToolTip(self.tr(
            "Each tenant's rows go to their own file, named after the tenant, all from one"
            " snapshot: the files add up to the whole. The folder appears whole or not at all."
        ))  # fmt: skip
        self.manifest_check = QCheckBox(
            self.tr("Write a ma&nifest beside it (size, SHA-256, rows and totals, for verify)"),
            objectName="manifestCheck",
        )
        self.manifest_check.setToolTip(self.tr(
            "FILE.manifest.json lets `billing-desktop verify` prove later that the file is"
            " unchanged and whether the database still agrees."
        ))  # fmt: skip
        target = BuddyGroupBox(self.tr("Sa&ve to"), self.path_edit)
        layout = QVBoxLayout(target)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        layout.addWidget(self.split_check)
        layout.addWidget(self.manifest_check)
        return target

    def _connect(self) -> None:
        emit: Callable[..., None] = lambda *_args: self.changed.emit()  # noqa: E731
        self.format_group.buttonToggled.connect(self._on_format_toggled)
        self.period_combo.currentIndexChanged.connect(self._on_period_changed)
        self.start_edit.dateChanged.connect(self._on_dates_edited)
        self.end_edit.dateChanged.connect(self._on_dates_edited)
        self.preset_bar.chosen.connect(self.apply_options)
        self.tenant_picker.selectionChanged.connect(self._on_filter_edited)
        self.model_picker.selectionChanged.connect(self._on_filter_edited)
        self.zone_combo.currentTextChanged.connect(self._on_filter_edited)
        self.scope_combo.currentIndexChanged.connect(self._on_scope_changed)
        self.granularity_combo.currentIndexChanged.connect(emit)
        self.path_edit.textChanged.connect(emit)
        self.split_check.toggled.connect(self._on_split_toggled)
        for check in (self.bom_check, self.guard_check, self.manifest_check):
            check.toggled.connect(emit)
        self.delimiter_combo.currentIndexChanged.connect(emit)

    def tab_chain(self) -> list[QWidget]:
        """The fields in reading order, for the dialog's Tab chain."""
        return [
            self.preset_bar.combo, self.preset_bar.save_button, self.preset_bar.schedule_button,
            *self.format_radios.values(),
            self.period_combo, self.start_edit, self.end_edit, self.scope_combo,
            self.granularity_combo, self.tenant_picker, self.model_picker, self.zone_combo,
            self.delimiter_combo, self.bom_check, self.guard_check, self.path_edit,
            self.browse_button, self.split_check, self.manifest_check,
        ]  # fmt: skip

    # -- state ----------------------------------------------------------------------------------

    @property
    def format(self) -> str:
        return next((f for f, r in self.format_radios.items() if r.isChecked()), DEFAULT_FORMAT)

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

    def default_name(self) -> str:
        """billing-export-PERIOD.EXT, or for a split the folder statements-PERIOD, for the
        range on screen (this month's while the choices are not valid yet)."""
        try:
            request = self.request()
        except InvalidInput:
            split_by = "tenant" if self.split else None
            scope = format_named(self.format).fixed_scope or "all"
            request = ExportRequest(format=self.format, scope=scope, split_by=split_by)
        return default_name(request, self.clock)

    def _follow_default_name(self) -> bool:
        """Rename an automatic name for the choices now on screen; False if the user named
        the file."""
        target = self.target()
        if target is None or self._automatic_name is None or target.name != self._automatic_name:
            return False
        self._automatic_name = self.default_name()
        self._set_path(target.with_name(self._automatic_name))
        return True

    def request(self, target: Path | None = None, overwrite: bool = False) -> ExportRequest:
        """The export as chosen, to `target`; raises InvalidInput for an impossible choice."""
        period = self.period
        start, end = (None, None) if period else (pydate(self.start_edit.date()),
                                                  pydate(self.end_edit.date()))  # fmt: skip
        return ExportRequest(
            format=self.format, scope=self.scope, granularity=self.granularity, period=period,
            start=start, end=end, tenants=self.filter.tenants, models=self.filter.models,
            timezone=self.filter.timezone, bom=self.bom_check.isChecked(),
            formula_guard=self.guard_check.isChecked(),
            delimiter=str(self.delimiter_combo.currentData()),
            split_by="tenant" if self.split else None, manifest=self.manifest_check.isChecked(),
            output=str(target) if target is not None else None, overwrite=overwrite,
            profile=self.profile,
        )  # fmt: skip

    def params(self) -> ExportParams:
        """The parameters as chosen, dates resolved; raises InvalidInput for an impossible
        choice."""
        return self.request().params(self.clock)

    def options(self) -> dict[str, Any]:
        """The choices as a preset holds them: a period by its name, no file, nothing unset."""
        return {k: v for k, v in self.request().to_json().items() if v is not None}

    def problem(self) -> str | None:
        """Why Export cannot start now, in one sentence, or None."""
        zone = zone_problem(self.zone_combo.currentText())
        if zone is not None:
            return zone
        try:
            self.params()
        except InvalidInput as exc:
            return str(exc) + "."
        return target_problem(self.target(), self.split)

    # -- filling --------------------------------------------------------------------------------

    def restore(self, saved: dict[str, Any], folder: Path, period: str | None) -> None:
        """Last format, scope and options (the settings' `export`); the path in `folder`."""
        fmt = saved.get("format") if saved.get("format") in FORMATS else DEFAULT_FORMAT
        self.format_radios[str(fmt)].setChecked(True)
        self.scope_combo.setCurrentIndex(max(self.scope_combo.findData(saved.get("scope")), 0))
        index = self.granularity_combo.findData(saved.get("granularity", "day"))
        self.granularity_combo.setCurrentIndex(max(index, 0))
        self.granularity_combo.setEnabled(self.scope != "all")
        index = self.delimiter_combo.findData(saved.get("delimiter", default_delimiter()))
        self.delimiter_combo.setCurrentIndex(max(index, 0))
        self.split_check.setChecked(saved.get("split_by") == "tenant")
        self.manifest_check.setChecked(bool(saved.get("manifest", False)))
        self.bom_check.setChecked(bool(saved.get("bom", False)))
        self.guard_check.setChecked(bool(saved.get("formula_guard", True)))
        self.csv_box.setEnabled(format_named(str(fmt)).csv_options)
        self._automatic_name = self.default_name()
        self.path_edit.setText(str(folder / self._automatic_name))
        if period is not None:
            self._select_period(period)

    def remembered(self) -> dict[str, Any]:
        """What the next dialog starts with (the settings' `export`)."""
        return {
            "format": self.format,
            "scope": self.scope,
            "granularity": self.granularity_combo.currentData(),
            "delimiter": str(self.delimiter_combo.currentData()),
            "bom": self.bom_check.isChecked(),
            "formula_guard": self.guard_check.isChecked(),
            "split_by": "tenant" if self.split else None,
            "manifest": self.manifest_check.isChecked(),
        }

    def apply_options(self, _name: str, options: dict[str, Any]) -> None:
        """Fill the form from a preset; what it does not hold stays as it is."""
        if options.get("format") in self.format_radios:
            self.format_radios[options["format"]].setChecked(True)
        for combo, key in ((self.scope_combo, "scope"), (self.granularity_combo, "granularity"),
                           (self.delimiter_combo, "delimiter")):  # fmt: skip
            select_data(combo, options.get(key))
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
            self.start_edit.setDate(qdate(date.fromisoformat(str(options["start"]))))
            self.end_edit.setDate(qdate(date.fromisoformat(str(options["end"]))))
        self.changed.emit()

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

    # -- reactions ------------------------------------------------------------------------------

    def _on_filter_edited(self) -> None:
        """Tenants, models or the zone changed in the form."""
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
            self.changed.emit()

    def _on_period_changed(self) -> None:
        period = self.period
        if period is not None:
            start, end = periods.resolve_period(period, self.filter.timezone, self.clock)
            self._applying_period = True
            try:
                self.start_edit.setDate(qdate(start))
                self.end_edit.setDate(qdate(end))
            finally:
                self._applying_period = False
        self._follow_default_name()
        self.changed.emit()

    def _select_period(self, period: str | None) -> None:
        index = self.period_combo.findData(period) if period else 0
        self.period_combo.setCurrentIndex(max(index, 0))
        self._on_period_changed()

    def _on_dates_edited(self) -> None:
        if not self._applying_period and self.period is not None:
            self.period_combo.blockSignals(True)  # typed dates: fixed, no longer the period
            self.period_combo.setCurrentIndex(0)
            self.period_combo.blockSignals(False)
        if not self._applying_period:
            self._follow_default_name()
        self.changed.emit()

    def _on_scope_changed(self) -> None:
        self.granularity_combo.setEnabled(self.scope != "all")
        self.changed.emit()

    def _on_format_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        fmt = format_named(self.format)
        self.csv_box.setEnabled(fmt.csv_options)
        # A format whose rows have one scope (FOCUS: per tenant and model) shows it, fixed.
        if fmt.fixed_scope is not None:
            self.scope_combo.setCurrentIndex(self.scope_combo.findData(fmt.fixed_scope))
        self.scope_combo.setEnabled(fmt.fixed_scope is None)
        target = self.target()
        if target is not None and not self._follow_default_name():
            self._set_path(path_for_format(target, self.format, self.split))
        self.changed.emit()

    def _on_split_toggled(self, split: bool) -> None:
        """A split writes a folder: the name loses its extension, or gets it back."""
        target = self.target()
        if target is not None and not self._follow_default_name():
            self._set_path(path_for_split(target, self.format, split))
        self.changed.emit()

    def _set_path(self, path: Path) -> None:
        if path != self.target():
            self.path_edit.setText(str(path))
