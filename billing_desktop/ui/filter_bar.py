"""The filter bar: date range with presets, time zone, tenant and model choices, Refresh."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from billing_desktop import periods, timezones
from billing_desktop.clock import Clock
from billing_desktop.db.sql import EventFilter
from billing_desktop.ui import i18n, theme
from billing_desktop.ui.engine_labels import label
from billing_desktop.ui.flow_layout import FlowLayout
from billing_desktop.ui.locale_format import date_format, pydate, qdate

# The quick date ranges are the export periods (periods.py): the dialog, the presets and the
# command line's --period offer the same choices under the same names. These English labels
# are the combo's item data; the items show them in the window's language.
PRESETS = tuple(periods.period_label(name) for name in periods.PERIODS)
INITIAL_PRESET = periods.period_label("this-month")
CUSTOM = "Custom range"


def preset_range(name: str, today: date) -> tuple[date, date]:
    """The inclusive date range a preset stands for, seen from `today`."""
    period = periods.period_from_label(name)
    if period is None:
        raise ValueError(f"unknown preset {name!r}")
    return periods.range_from_today(period, today)


def zone_combo(parent: QWidget | None = None) -> QComboBox:
    """An editable list of every IANA zone, searched as you type (UTC first)."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setMinimumContentsLength(16)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setToolTip(zone_tip())
    combo.setAccessibleName(QCoreApplication.translate("FilterBar", "Time zone"))
    names = ["UTC", *[z for z in timezones.all_zone_names() if z != "UTC"]]
    combo.addItems(names)
    completer = QCompleter(names, combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    combo.setCompleter(completer)
    combo.setCurrentText("UTC")
    return combo


def zone_tip() -> str:
    return QCoreApplication.translate("FilterBar", "Day boundaries and dates follow this time zone")


def zone_problem(name: str) -> str | None:
    """Why `name` is not a time zone this app knows, or None."""
    name = name.strip()
    if not name:
        return QCoreApplication.translate(
            "FilterBar", "Choose a time zone: the dashboard and exports count days in it."
        )
    try:
        timezones.zone(name)
    except Exception:
        return i18n.arg(
            QCoreApplication.translate(
                "FilterBar",
                "Unknown time zone '%1': pick one from the list, for example Europe/Berlin.",
            ),
            name,
        )
    return None


class MultiSelect(QPushButton):
    """A button that opens a searchable checklist; nothing checked means "all"."""

    selectionChanged = Signal()

    def __init__(self, noun: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._noun = noun  # "tenants" or "models": names its parts, picks its sentences
        self._texts = self._sentences(noun)
        self.setMinimumWidth(160)
        menu = QMenu(self)
        panel = QWidget(menu)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 8, 8, 8)
        self.search = QLineEdit(panel)
        self.search.setPlaceholderText(self._texts["search"])
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName(f"{noun}Search")
        self.list = QListWidget(panel)
        self.list.setObjectName(f"{noun}List")
        self.list.setMinimumSize(320, 300)
        self.list.setStyleSheet("QListWidget::item { padding: 3px 2px; }")
        buttons = QHBoxLayout()
        self.clear_button = QPushButton(self._texts["all"], panel)
        self.clear_button.setToolTip(self._texts["clear"])
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        action = QWidgetAction(menu)
        action.setDefaultWidget(panel)
        menu.addAction(action)
        self.setMenu(menu)
        self.search.textChanged.connect(self._apply_search)
        self.list.itemChanged.connect(self._on_item_changed)
        self.clear_button.clicked.connect(self.clear)
        menu.aboutToShow.connect(self.search.setFocus)
        self._menu = menu
        self.search.installEventFilter(self)
        self.list.installEventFilter(self)
        self._update_text()

    def _sentences(self, noun: str) -> dict[str, str]:
        """Whole sentences for each kind of name: languages inflect the noun differently."""
        if noun == "tenants":
            return {
                "search": self.tr("Search tenants…"),
                "all": self.tr("All tenants"),
                "clear": self.tr("Clear the choice: show all tenants"),
                "showing": self.tr("Showing all tenants"),
            }
        return {
            "search": self.tr("Search models…"),
            "all": self.tr("All models"),
            "clear": self.tr("Clear the choice: show all models"),
            "showing": self.tr("Showing all models"),
        }

    def _count_text(self, n: int) -> str:
        if self._noun == "tenants":
            return self.tr("%Ln tenant(s)", "", n)
        return self.tr("%Ln model(s)", "", n)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The keyboard in the pop-up: typing searches, Down enters the list, Space checks or
        unchecks, Enter closes. QMenu would otherwise take Space and Enter for itself."""
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.type() == QEvent.Type.KeyPress:
                self._menu.close()
            event.accept()
            return True
        if watched is self.search and key == Qt.Key.Key_Down:
            if event.type() == QEvent.Type.KeyPress:
                self._focus_first_visible()
            event.accept()
            return True
        if watched is self.list and key == Qt.Key.Key_Space:
            if event.type() == QEvent.Type.KeyPress:
                self.toggle_current()
            event.accept()
            return True
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and event.text().isprintable()
            and event.text().strip()
        ):
            self.search.setFocus()
            self.search.insert(event.text())
            return True
        return False

    def _focus_first_visible(self) -> None:
        self.list.setFocus()
        current = self.list.currentItem()
        if current is None or current.isHidden():
            visible = [self.list.item(i) for i in range(self.list.count())]
            first = next((item for item in visible if not item.isHidden()), None)
            if first is not None:
                self.list.setCurrentItem(first)

    def toggle_current(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def set_names(self, names: list[str]) -> None:
        """Offer these names, keeping whichever of the checked ones still exist."""
        keep = set(self.selected())
        self.list.blockSignals(True)
        self.list.clear()
        for name in names:
            item = QListWidgetItem(name.replace("\n", " ").replace("\t", " "), self.list)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = name in keep
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._apply_search(self.search.text())
        changed = set(self.selected()) != keep
        self._update_text()
        if changed:
            self.selectionChanged.emit()

    def names(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def selected(self) -> tuple[str, ...]:
        return tuple(
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_selected(self, names: tuple[str, ...] | list[str]) -> None:
        wanted = set(names)
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update_text()
        self.selectionChanged.emit()

    def clear(self) -> None:
        self.set_selected(())

    def _apply_search(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self._update_text()
        self.selectionChanged.emit()

    def _update_text(self) -> None:
        chosen = self.selected()
        if not chosen:
            text = self._texts["all"]
        elif len(chosen) == 1:
            text = chosen[0].replace("\n", " ")
            text = text if len(text) <= 24 else text[:23] + "…"
        else:
            text = self._count_text(len(chosen))
        self.setText(text)
        self.setToolTip("\n".join(chosen) if chosen else self._texts["showing"])


class FilterBar(QFrame):
    """Emits `filterChanged` (debounced) whenever the filter in force changes."""

    filterChanged = Signal()
    refreshRequested = Signal()
    zoneValidityChanged = Signal(bool)  # the zone typed became unknown (False) or known again

    def __init__(self, parent: QWidget | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._clock = clock  # None: the system clock, asked each time
        self._zone = "UTC"  # the zone in force: the last valid one typed or picked
        self._zone_error: str | None = None
        self.start_edit = self._date_edit("startDateEdit", self.tr("First day (inclusive)"))
        self.end_edit = self._date_edit("endDateEdit", self.tr("Last day (inclusive)"))
        # Their visible labels are "From" and "to"; "to" alone tells a screen reader user nothing.
        self.start_edit.setAccessibleName(self.tr("First day"))
        self.end_edit.setAccessibleName(self.tr("Last day"))
        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("presetCombo")
        for preset in (*PRESETS, CUSTOM):
            shown = self.tr("Custom range") if preset == CUSTOM else label(preset)
            self.preset_combo.addItem(shown, preset)
        self.preset_combo.setToolTip(self.tr("Quick date ranges"))
        self.zone_combo = self._zone_combo()
        self.tenant_filter = MultiSelect("tenants", self)
        self.tenant_filter.setObjectName("tenantFilter")
        self.model_filter = MultiSelect("models", self)
        self.model_filter.setObjectName("modelFilter")
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.setToolTip(self.tr("Reload the figures from the database (F5)"))

        # Groups that stay together, wrapped onto a second line when the window is narrow.
        self.flow = FlowLayout(self, spacing=14)
        self.flow.setContentsMargins(12, 8, 12, 8)
        self._group(self.preset_combo)
        self._group(self._label(self.tr("Fro&m"), self.start_edit), self.start_edit,
                    self._label(self.tr("&to"), self.end_edit), self.end_edit)  # fmt: skip
        self._group(self._label(self.tr("Time &zone"), self.zone_combo), self.zone_combo)
        self._group(self.tenant_filter, self.model_filter)
        self.actions_group = self._group(self.refresh_button)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.filterChanged)
        self._applying_preset = False
        self.preset_combo.currentTextChanged.connect(self.apply_preset)
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(self._on_date_edited)
        self.zone_combo.currentTextChanged.connect(self._on_zone_changed)
        self.tenant_filter.selectionChanged.connect(self._debounce.start)
        self.model_filter.selectionChanged.connect(self._debounce.start)
        self.refresh_button.clicked.connect(self.refreshRequested)
        self.apply_preset(INITIAL_PRESET)
        self._debounce.stop()  # the initial range is not a change: the owner loads it anyway

    # -- building -----------------------------------------------------------------------------

    def _date_edit(self, name: str, tip: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_format())
        edit.setDateRange(QDate(1970, 1, 1), QDate(9998, 12, 31))
        edit.setToolTip(tip)
        return edit

    def _group(self, *widgets: QWidget) -> QWidget:
        group = QWidget(self)
        row = QHBoxLayout(group)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for widget in widgets:
            row.addWidget(widget)
        self.flow.addWidget(group)
        return group

    def add_action(self, button: QWidget) -> None:
        """A button beside Refresh, at the right end of the bar (the window's Export…)."""
        layout = self.actions_group.layout()
        assert layout is not None
        layout.addWidget(button)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _zone_combo(self) -> QComboBox:
        combo = zone_combo(self)
        combo.setObjectName("timezoneCombo")
        return combo

    # -- behaviour ----------------------------------------------------------------------------

    def today(self) -> date:
        return timezones.today_in(self.timezone(), self._clock)

    def timezone(self) -> str:
        """The zone in force. While the field holds an unknown name, `zone_error()` says so
        and nothing may be loaded or exported (the owner checks): never a silent fallback."""
        return self._zone

    def zone_error(self) -> str | None:
        return self._zone_error

    def current_period(self) -> str | None:
        """The period of the preset in force ("last-month"), or None for a custom range."""
        return periods.period_from_label(str(self.preset_combo.currentData()))

    def _preset_key(self, text: str) -> str:
        """The English label (the item's data) of a preset shown as `text`, or `text`."""
        index = self.preset_combo.findText(text)
        return str(self.preset_combo.itemData(index)) if index >= 0 else text

    def _show_preset(self, key: str) -> None:
        self.preset_combo.setCurrentIndex(max(self.preset_combo.findData(key), 0))

    def apply_preset(self, name: str) -> None:
        """Apply a preset, named by its English label or as the combo shows it."""
        name = self._preset_key(name)
        if name not in PRESETS:
            return
        start, end = preset_range(name, self.today())
        self._applying_preset = True
        try:
            self._show_preset(name)
            self.start_edit.setDate(qdate(start))
            self.end_edit.setDate(qdate(end))
        finally:
            self._applying_preset = False
        self._debounce.start()

    def _on_date_edited(self) -> None:
        if self._applying_preset:
            return
        # Keep start <= end on screen: moving one past the other drags the other along.
        start, end = self.start_edit.date(), self.end_edit.date()
        if end < start:
            other = self.end_edit if self.sender() is self.start_edit else self.start_edit
            other.blockSignals(True)
            other.setDate(start if other is self.end_edit else end)
            other.blockSignals(False)
        self.preset_combo.blockSignals(True)
        self._show_preset(CUSTOM)
        self.preset_combo.blockSignals(False)
        self._debounce.start()

    def _on_zone_changed(self, text: str) -> None:
        name = text.strip()
        problem = zone_problem(name)
        was_valid = self._zone_error is None
        if problem is None:
            changed = name != self._zone
            self._zone, self._zone_error = name, None
            self._show_zone_state()
            if not was_valid:
                self.zoneValidityChanged.emit(True)
            elif changed:
                self._debounce.start()
            return
        self._zone_error = problem
        self._show_zone_state()
        if was_valid:
            self._debounce.stop()
            self.zoneValidityChanged.emit(False)

    def _show_zone_state(self) -> None:
        invalid = self._zone_error is not None
        self.zone_combo.setProperty("invalid", invalid)
        self.zone_combo.setStyleSheet(
            f"QComboBox {{ border: 1px solid {theme.current().error}; border-radius: 3px; }}"
            if invalid
            else ""
        )
        tip = self._zone_error or zone_tip()
        self.zone_combo.setToolTip(tip)
        self.zone_combo.setAccessibleDescription(self._zone_error or "")

    def set_names(self, tenants: list[str], models: list[str]) -> None:
        self.tenant_filter.set_names(tenants)
        self.model_filter.set_names(models)

    def current_filter(self) -> EventFilter:
        start = pydate(self.start_edit.date())
        end = pydate(self.end_edit.date())
        if end < start:  # only while a preset is half applied; the edits keep start <= end
            start, end = end, start
        return EventFilter(
            start,
            end,
            self.timezone(),
            tuple(self.tenant_filter.selected()),
            tuple(self.model_filter.selected()),
        )

    def set_filter(self, flt: EventFilter) -> None:
        """Show `flt` (used when restoring or by tests); emits filterChanged once."""
        self._applying_preset = True
        try:
            self.preset_combo.blockSignals(True)
            self._show_preset(CUSTOM)
            self.preset_combo.blockSignals(False)
            self.start_edit.setDate(qdate(flt.start))
            self.end_edit.setDate(qdate(flt.end))
            self.zone_combo.setCurrentText(flt.timezone)
        finally:
            self._applying_preset = False
        self.tenant_filter.set_selected(flt.tenants)
        self.model_filter.set_selected(flt.models)
        self._debounce.start()

    def flush(self) -> None:
        """Emit a pending change now instead of after the debounce delay."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.filterChanged.emit()
