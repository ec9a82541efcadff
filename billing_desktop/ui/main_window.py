"""The main window: filter bar, summary cards, daily chart, tables, menus.

The window puts the parts together: its widgets (main_window_panel), menus (main_window_menus),
the dialogs it opens (main_window_dialogs), the dashboard feed that reads the figures off the
GUI thread and passes on only the newest answer (dashboard_feed), and the exports it stops
when it closes (running_exports). It never queries the database itself.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
)

from billing_desktop import APP_NAME, config
from billing_desktop.clock import Clock
from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import DashboardData, load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import BillingError
from billing_desktop.history import History
from billing_desktop.scheduling.installing import Schedules
from billing_desktop.ui import crash, i18n, main_window_dialogs, theme
from billing_desktop.ui.cost_chart import CostChart
from billing_desktop.ui.dashboard_feed import DashboardFeed
from billing_desktop.ui.filter_bar import FilterBar
from billing_desktop.ui.locale_format import decimal as decimal_text
from billing_desktop.ui.locale_format import time_of_day
from billing_desktop.ui.main_window_menus import build_menus, fill_profile_menu
from billing_desktop.ui.main_window_panel import build_panel, make_room_for_notices
from billing_desktop.ui.main_window_style import style_sheet
from billing_desktop.ui.notices import DemoBanner, FailedRunsBanner
from billing_desktop.ui.running_exports import RunningExports, StoppableExport
from billing_desktop.ui.shortcut_guard import ShortcutGuard
from billing_desktop.ui.summary_cards import SummaryCards
from billing_desktop.ui.table_columns import NameFirstColumns
from billing_desktop.ui.table_models import GroupTableModel
from billing_desktop.ui.table_sheet import SheetTable, TotalsRow
from billing_desktop.ui.window_geometry import FittedGeometry
from billing_desktop.workers.dashboard_worker import DashboardResult, Loader
from billing_desktop.workers.job import join_all_workers

log = logging.getLogger(__name__)


class MainWindow(FittedGeometry):
    # Emitted on the GUI thread once figures (or an error) are on screen; tests wait on these.
    dashboardShown = Signal(object)  # DashboardData
    dashboardFailed = Signal(str)

    # Made by main_window_panel.build_panel.
    export_button: QPushButton
    banner: QFrame
    banner_text: QLabel
    demo_banner: DemoBanner
    failed_runs_banner: FailedRunsBanner
    cards: SummaryCards
    chart: CostChart
    chart_minimum: int  # the chart's least height when no notice takes room from it
    tenant_model: GroupTableModel
    model_model: GroupTableModel
    tenant_table: QTableView
    model_table: QTableView
    tenant_totals: TotalsRow
    model_totals: TotalsRow
    tenant_sheet: SheetTable
    model_sheet: SheetTable
    tables_splitter: QSplitter
    main_splitter: QSplitter
    db_label: QLabel
    refresh_label: QLabel
    busy: QProgressBar
    # Made by main_window_menus.build_menus.
    export_action: QAction
    shortcut_guard: ShortcutGuard
    connection_action: QAction
    history_action: QAction
    schedules_action: QAction
    profile_menu: QMenu
    profile_actions: dict[str, QAction]
    refresh_action: QAction
    language_action: QAction
    help_actions: dict[str, QAction]

    def __init__(
        self,
        settings: config.Settings,
        url: str | None = None,
        *,
        loader: Loader = load_dashboard,
        clock: Clock | None = None,
        schedules: Schedules | None = None,
        history: History | None = None,
        profile: str = "",
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.profile = profile  # the connection profile shown ("": none, or not from one)
        self.schedules = schedules  # None: the user's own, on this system's scheduler
        self.history = history
        self.setWindowTitle(APP_NAME)
        self.settings = settings
        self.clock = clock
        self.db: Database | None = None
        self.last_dashboard_data: DashboardData | None = None
        self.last_refresh: datetime | None = None
        self.figures_current = False  # do the cards, chart and tables show the filter in force?
        self.table_columns: dict[str, NameFirstColumns] = {}
        self.exports = RunningExports()
        self.feed = DashboardFeed(loader, self)
        self.feed.loaded.connect(self._on_loaded)
        self.feed.failed.connect(self._on_failed)
        self.feed.passwordRequired.connect(self._on_password_required)
        self.feed.preparing.connect(self._on_preparing)

        self.filter_bar = FilterBar(self, clock=clock)
        build_panel(self)
        build_menus(self)
        self.apply_theme()
        # Light or dark as the system is, and again whenever the user switches it.
        # A method of this window, not a lambda: Qt drops the connection when the window goes.
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)
        self._restore_geometry()
        self.filter_bar.filterChanged.connect(self.refresh)
        self.filter_bar.refreshRequested.connect(self._refresh_now)
        self.filter_bar.zoneValidityChanged.connect(self._on_zone_validity)
        app = QCoreApplication.instance()
        if app is not None:
            # Ending the event loop any other way than closing this window (quit(), a session
            # logout) must still stop and join every worker, or Qt aborts the process.
            app.aboutToQuit.connect(self._on_about_to_quit)
        self._set_figures_current(False)
        self.set_database(url)
        self.say_failed_scheduled_runs()

    # -- database and loading -----------------------------------------------------------------

    def set_database(self, url: str | None) -> None:
        """Switch to the database at `url` (None: the embedded demo database) and refresh."""
        embedded: Path | None = None
        try:
            if url is None:
                embedded = config.embedded_database_path()
                db = Database(f"sqlite:///{embedded}", create=True)
            else:
                db = Database(url)
        except BillingError as exc:
            self._no_database(str(exc))
            return
        crash.register_secret(db.password)
        self.db = db
        self.feed.use(db, build_embedded=embedded)
        self.demo_banner.setVisible(embedded is not None)
        make_room_for_notices(self)
        if self.profile and not embedded:
            shown = self.tr("Profile: %1 — %2")
            self.db_label.setText(i18n.arg(shown, self.profile, db.describe()))
        else:
            label = self.tr("Demo database: %1") if embedded else self.tr("Database: %1")
            self.db_label.setText(i18n.arg(label, db.describe()))
        self.db_label.setToolTip(db.describe())
        log.info("using %s", db.describe())
        self.clear_figures(self.tr("Daily cost — not loaded from this database yet"))
        self.refresh()

    def _no_database(self, message: str) -> None:
        self.feed.use(None)
        self.db = None
        self.demo_banner.hide()
        self.db_label.setText(self.tr("No database"))
        self.clear_figures(self.tr("Daily cost — no database"))
        self.show_error(message)
        self._set_loading(False)
        self._set_figures_current(False)
        self.dashboardFailed.emit(message)

    def _make_room_for_notices(self) -> None:
        make_room_for_notices(self)

    def current_filter(self) -> EventFilter:
        return self.filter_bar.current_filter()

    def _refresh_now(self) -> None:
        self.filter_bar.flush()
        self.refresh()

    def refresh(self) -> None:
        if not self.feed.is_connected():
            return
        if self.filter_bar.zone_error():
            self.feed.forget()
            self._set_figures_current(False)
            return  # nothing is asked for in another zone than the one on screen
        self._set_loading(True)
        self._set_figures_current(False)
        self.feed.request(self.current_filter())

    def is_loading(self) -> bool:
        return not self.busy.isHidden()

    def _set_loading(self, loading: bool) -> None:
        self.busy.setVisible(loading)
        self.cards.set_loading(loading)
        if loading:
            self.refresh_label.setText(self.tr("Loading…"))

    @Slot(str)
    def _on_preparing(self, text: str) -> None:
        self.refresh_label.setText(text)

    @Slot(object, float)
    def _on_loaded(self, result: DashboardResult, seconds: float) -> None:
        self._set_loading(False)
        self.banner.hide()
        self._set_figures_current(True)
        if result.tenants is not None and result.models is not None:
            self.filter_bar.set_names(result.tenants, result.models)
        self.show_data(result.data)
        self.last_refresh = datetime.now()
        self.refresh_label.setText(
            i18n.arg(self.tr("Updated %1 (%2 s)"), time_of_day(self.last_refresh),
                     decimal_text(seconds, 2))
        )  # fmt: skip
        self.dashboardShown.emit(result.data)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._set_loading(False)
        self.refresh_label.setText(self.tr("Could not load"))
        self.show_error(message)
        self.dashboardFailed.emit(message)

    @Slot(str)
    def _on_password_required(self, message: str) -> None:
        if self.db is None:
            return
        self._set_loading(False)
        main_window_dialogs.ask_password(self, message)

    @Slot(bool)
    def _on_zone_validity(self, valid: bool) -> None:
        # Said at the field (red frame, tooltip) and in the status bar, not in the banner:
        # a half-typed name must not make the window jump under the user's hands.
        if not valid:
            self.refresh_label.setText(self.filter_bar.zone_error() or "")
        self.refresh()

    # -- figures on screen --------------------------------------------------------------------

    def _set_figures_current(self, current: bool) -> None:
        """Figures that belong to another filter or database (a refresh failed, is running, or
        the zone typed is not one) are greyed until the right ones arrive, never shown as if
        they were the answer."""
        self.figures_current = current
        for widget in (self.cards, self.chart, self.tenant_table, self.model_table):
            widget.setEnabled(current)
        # The chart draws its own colours, so disabling alone would not grey it. Not with an
        # opacity effect over the frame: under a window manager that left stale copies of the
        # chart and the table titles on screen when the layout moved (an error banner).
        self.chart.set_dimmed(not current)

    def clear_figures(self, why: str) -> None:
        """No figure of another database stays on screen under this one's name."""
        self.last_dashboard_data = None
        self.cards.clear()
        self.chart.clear(why)
        self.tenant_model.set_rows([])
        self.model_model.set_rows([])

    def show_data(self, data: DashboardData) -> None:
        self.last_dashboard_data = data
        self.cards.show_data(data)
        self.chart.show_data(data)
        self.tenant_model.set_rows(data.by_tenant)
        self.model_model.set_rows(data.by_model)

    def show_error(self, message: str) -> None:
        self.banner_text.setText(message)
        self.banner.show()

    def error_text(self) -> str:
        return self.banner_text.text() if not self.banner.isHidden() else ""

    @Slot()
    def _on_color_scheme_changed(self) -> None:
        self.apply_theme()

    def apply_theme(self) -> None:
        t = theme.current()
        app = QCoreApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(theme.palette(t))
        self.setStyleSheet(style_sheet(t))
        self.chart.apply_theme(t)
        self.theme = t

    # -- dialogs (main_window_dialogs) --------------------------------------------------------

    def export_rows(self, *, tenants: list[str] | None = None,
                    models: list[str] | None = None) -> None:  # fmt: skip
        main_window_dialogs.export_rows(self, tenants=tenants, models=models)

    def open_export_dialog(self, flt: EventFilter | None = None) -> None:
        # triggered(bool) and clicked(bool) pass a flag
        main_window_dialogs.open_export_dialog(self, flt if isinstance(flt, EventFilter) else None)

    def open_history_dialog(self) -> None:
        main_window_dialogs.open_history_dialog(self)

    def open_schedules_dialog(self) -> None:
        main_window_dialogs.open_schedules_dialog(self)

    def open_connection_dialog(self) -> None:
        main_window_dialogs.open_connection_dialog(self)

    def open_help(self, page: str) -> None:
        main_window_dialogs.open_help(self, page)

    def show_about(self) -> None:
        main_window_dialogs.show_about(self)

    def choose_language(self) -> None:
        main_window_dialogs.choose_language(self)

    def switch_profile(self, name: str) -> None:
        main_window_dialogs.switch_profile(self, name)

    def _fill_profile_menu(self) -> None:
        fill_profile_menu(self)

    def say_failed_scheduled_runs(self) -> None:
        main_window_dialogs.say_failed_scheduled_runs(self)

    def first_start_offer(self) -> None:
        main_window_dialogs.first_start_offer(self)

    # -- export jobs and closing --------------------------------------------------------------

    def register_export_job(self, job: StoppableExport) -> None:
        self.exports.register(job)

    def confirm_close(self) -> bool:
        """True when the window may close; a running export is cancelled after asking."""
        return self.exports.confirm_stop(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_close():
            event.ignore()
            return
        self._save_geometry()
        # An open dialog (export, connection) must not outlive the window with its threads.
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        self.shutdown()
        event.accept()

    @Slot()
    def _on_about_to_quit(self) -> None:
        self.exports.cancel_all()
        self.shutdown()
        join_all_workers()

    def shutdown(self) -> None:
        """Stop every dashboard read; none may outlive the window."""
        self.feed.shutdown()
