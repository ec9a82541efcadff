"""The main window: filter bar, summary cards, daily chart, tables, menus.

The window never queries the database itself: a `DashboardLoader` does, on the window's
background jobs, and answers carry the sequence number of their request so only the newest one
is ever shown.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from billing_desktop import APP_NAME, __version__, config, secrets
from billing_desktop.clock import Clock, system_clock
from billing_desktop.db.connection import Database
from billing_desktop.db.dashboard import DashboardData, load_dashboard
from billing_desktop.db.sql import EventFilter
from billing_desktop.errors import BillingError
from billing_desktop.history import History
from billing_desktop.scheduling.installing import Schedules
from billing_desktop.scheduling.running import failed_scheduled_runs_since
from billing_desktop.ui import crash, i18n, msgbox, theme
from billing_desktop.ui.connection_dialog import ConnectionDialog
from billing_desktop.ui.cost_chart import CostChart
from billing_desktop.ui.export_dialog import ExportDialog
from billing_desktop.ui.filter_bar import FilterBar
from billing_desktop.ui.help_dialog import HelpDialog
from billing_desktop.ui.history_dialog import HistoryDialog
from billing_desktop.ui.locale_format import decimal as decimal_text
from billing_desktop.ui.locale_format import time_of_day
from billing_desktop.ui.main_window_style import style_sheet
from billing_desktop.ui.notices import DemoBanner, FailedRunsBanner
from billing_desktop.ui.schedules_dialog import SchedulesDialog
from billing_desktop.ui.shortcut_guard import ShortcutGuard
from billing_desktop.ui.sort_arrows import use_platform_sort_arrows
from billing_desktop.ui.summary_cards import SummaryCards
from billing_desktop.ui.table_columns import NameFirstColumns
from billing_desktop.ui.table_models import GroupTableModel, NumericSortProxy
from billing_desktop.ui.table_sheet import SheetTable, TotalsRow
from billing_desktop.ui.window_geometry import FittedGeometry
from billing_desktop.workers.dashboard_worker import DashboardLoader, DashboardResult, Loader
from billing_desktop.workers.job import join_all_workers

log = logging.getLogger(__name__)


class ExportJob(Protocol):
    """What the export side registers, so that closing the window can stop it cleanly."""

    def is_running(self) -> bool: ...

    def cancel_and_wait(self) -> None: ...


class MainWindow(FittedGeometry):
    # Emitted on the GUI thread once figures (or an error) are on screen; tests wait on these.
    dashboardShown = Signal(object)  # DashboardData
    dashboardFailed = Signal(str)

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
        self._loader = loader
        self._seq = 0
        self._names_loaded = False
        self._requested_at = 0.0
        self._dashboard: DashboardLoader | None = None
        self._retired: list[DashboardLoader] = []
        self._export_jobs: list[ExportJob] = []
        self.figures_current = False  # do the cards, chart and tables show the filter in force?
        self._fitted = False  # fit_to_screen has run after the first show
        self._columns: dict[str, NameFirstColumns] = {}

        self.filter_bar = FilterBar(self, clock=clock)
        self._build_ui()
        self._build_menus()
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

    # -- building -----------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.export_button = QPushButton(self.tr("&Export…"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip(
            self.tr("Export the events of this filter to CSV or JSON (Ctrl+E)")
        )
        self.export_button.clicked.connect(self.open_export_dialog)
        self.filter_bar.add_action(self.export_button)

        self.banner = QFrame(self)
        self.banner.setObjectName("errorBanner")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(12, 8, 12, 8)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("errorText")
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        retry = QPushButton(self.tr("Retry"), self.banner)
        retry.clicked.connect(self._refresh_now)
        connection = QPushButton(self.tr("Connection settings…"), self.banner)
        connection.clicked.connect(self.open_connection_dialog)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(retry)
        banner_layout.addWidget(connection)
        self.banner.hide()
        self.demo_banner = DemoBanner(self)
        self.demo_banner.connectRequested.connect(self.open_connection_dialog)
        self.demo_banner.hide()
        self.failed_runs_banner = FailedRunsBanner(self)
        self.failed_runs_banner.visibilityChanged.connect(self._make_room_for_notices)

        self.cards = SummaryCards(self)
        self.chart = CostChart(self)
        # The totals rows under the tables take their room from the chart's least height.
        self._chart_minimum = self.chart.minimumHeight() - 26
        self.tenant_model = GroupTableModel(self.tr("Tenant"), self)
        self.model_model = GroupTableModel(self.tr("Model"), self)
        self.tenant_table = self._table("tenantTable", self.tenant_model)
        self.model_table = self._table("modelTable", self.model_model)

        self.tables_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.tenant_totals = TotalsRow(self.tenant_table, self.tenant_model, self)
        self.model_totals = TotalsRow(self.model_table, self.model_model, self)
        self._make_room_for_notices()
        self.tenant_sheet = SheetTable(self.tenant_table, self.tenant_model,
                                       lambda names: self.export_rows(tenants=names))  # fmt: skip
        self.model_sheet = SheetTable(self.model_table, self.model_model,
                                      lambda names: self.export_rows(models=names))  # fmt: skip
        self.tables_splitter.addWidget(
            self._boxed(self.tr("Cost by tenant"), self.tenant_table, self.tenant_totals)
        )
        self.tables_splitter.addWidget(
            self._boxed(self.tr("Cost by model"), self.model_table, self.model_totals)
        )
        self.tables_splitter.setChildrenCollapsible(False)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.main_splitter.addWidget(self._framed_chart())
        self.main_splitter.addWidget(self.tables_splitter)
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 1)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.setSpacing(10)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.failed_runs_banner)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.cards)
        layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(self)
        self.db_label.setObjectName("databaseLabel")
        self.refresh_label = QLabel(self.tr("Not loaded yet"), self)
        self.refresh_label.setObjectName("lastRefreshLabel")
        self.busy = QProgressBar(self)
        self.busy.setObjectName("loadingIndicator")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        status = self.statusBar()
        status.addWidget(self.db_label, 1)
        status.addPermanentWidget(self.busy)
        status.addPermanentWidget(self.refresh_label)

    def _table(self, name: str, model: GroupTableModel) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        proxy = NumericSortProxy(model, view)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        view.setAlternatingRowColors(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(24)
        view.setWordWrap(False)
        view.setTabKeyNavigation(False)  # Tab leaves the table; the arrows move inside it
        view.setToolTip(self.tr("Click a column's title to sort by it"))
        header = view.horizontalHeader()
        # Too narrow for every figure: Share, then Events, then the token counts make way.
        self._columns[name] = NameFirstColumns(view, hide_first=(5, 1, 3, 2))
        header.setHighlightSections(False)
        use_platform_sort_arrows(header)
        header.setMinimumSectionSize(64)  # room for the sort arrow beside short titles
        return view

    def _framed_chart(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("chartFrame")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.chart)
        return frame

    def _boxed(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setObjectName("tableBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.setSpacing(0)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.export_action = QAction(self.tr("&Export…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.open_export_dialog)
        self.addAction(self.export_action)  # live even where the menu bar is hidden
        self.shortcut_guard = ShortcutGuard([self.export_action.shortcut()], self)
        bar = self.filter_bar
        zone_text = bar.zone_combo.lineEdit()  # the zone box is editable: it has one
        assert zone_text is not None
        self.shortcut_guard.watch(bar.start_edit, bar.end_edit, bar.zone_combo, zone_text)
        self.connection_action = QAction(self.tr("&Connection settings…"), self)
        self.connection_action.triggered.connect(self.open_connection_dialog)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # the platform theme may have none
        quit_action.triggered.connect(self.close)
        self.history_action = QAction(self.tr("&Recent exports…"), self)
        self.history_action.setObjectName("recentExportsAction")
        self.history_action.triggered.connect(self.open_history_dialog)
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.history_action)
        self.schedules_action = QAction(self.tr("&Scheduled exports…"), self)
        self.schedules_action.setObjectName("scheduledExportsAction")
        self.schedules_action.triggered.connect(self.open_schedules_dialog)
        file_menu.addAction(self.schedules_action)
        file_menu.addAction(self.connection_action)
        self.profile_menu = file_menu.addMenu(self.tr("Connection &profile"))
        self.profile_menu.setObjectName("profileMenu")
        self.profile_menu.aboutToShow.connect(self._fill_profile_menu)
        self._fill_profile_menu()
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.refresh_action.triggered.connect(self._refresh_now)
        view_menu.addAction(self.refresh_action)
        self.language_action = QAction(self.tr("&Language…"), self)
        self.language_action.setObjectName("languageAction")
        self.language_action.triggered.connect(self.choose_language)
        view_menu.addAction(self.language_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_actions: dict[str, QAction] = {}
        for page, text in (("guide", self.tr("&User guide")),
                           ("shortcuts", self.tr("&Keyboard shortcuts")),
                           ("troubleshooting", self.tr("&Troubleshooting"))):  # fmt: skip
            action = QAction(text, self)
            action.setObjectName(f"help_{page}Action")
            action.triggered.connect(lambda _checked=False, p=page: self.open_help(p))
            help_menu.addAction(action)
            self.help_actions[page] = action
        self.help_actions["guide"].setShortcut(QKeySequence.StandardKey.HelpContents)
        help_menu.addSeparator()
        about = QAction(i18n.arg(self.tr("&About %1"), APP_NAME), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    # -- database and loading -----------------------------------------------------------------

    def set_database(self, url: str | None) -> None:
        """Switch to the database at `url` (None: the embedded demo database) and refresh."""
        self._retire_worker()
        embedded = None
        try:
            if url is None:
                embedded = config.embedded_database_path()
                db = Database(f"sqlite:///{embedded}", create=True)
            else:
                db = Database(url)
        except BillingError as exc:
            self.db = None
            self.demo_banner.hide()
            self.db_label.setText(self.tr("No database"))
            self.clear_figures(self.tr("Daily cost — no database"))
            self.show_error(str(exc))
            self._set_loading(False)
            self._set_figures_current(False)
            self.dashboardFailed.emit(str(exc))
            return
        crash.register_secret(db.password)
        self.db = db
        self.demo_banner.setVisible(embedded is not None)
        self._make_room_for_notices()
        if self.profile and not embedded:
            shown = self.tr("Profile: %1 — %2")
            self.db_label.setText(i18n.arg(shown, self.profile, db.describe()))
        else:
            label = self.tr("Demo database: %1") if embedded else self.tr("Database: %1")
            self.db_label.setText(i18n.arg(label, db.describe()))
        self.db_label.setToolTip(db.describe())
        log.info("using %s", db.describe())
        dashboard = DashboardLoader(db, build_embedded=embedded, loader=self._loader, parent=self)
        dashboard.loaded.connect(self._on_loaded)
        dashboard.failed.connect(self._on_failed)
        dashboard.passwordRequired.connect(self._on_password_required)
        dashboard.preparing.connect(self._on_preparing)
        self._dashboard = dashboard
        self._names_loaded = False
        self.clear_figures(self.tr("Daily cost — not loaded from this database yet"))
        self.refresh()

    def _make_room_for_notices(self) -> None:
        """A notice above the cards takes its room from the chart's least height, not from the
        window's: the window still fits a small screen with the demo or failed runs said."""
        notices = [b for b in (self.demo_banner, self.failed_runs_banner) if not b.isHidden()]
        taken = sum(b.minimumSizeHint().height() + 10 for b in notices)
        self.chart.setMinimumHeight(max(self._chart_minimum - taken, 100))

    def _retire_worker(self) -> None:
        """Let the old loader finish whatever it is doing on its own; its answer is stale."""
        old, self._dashboard = self._dashboard, None
        if old is None:
            return
        old.stop()
        if not old.is_running():
            self._let_go(old)
            return
        self._retired.append(old)
        old.idle.connect(lambda: self._let_go(old))

    def _let_go(self, loader: DashboardLoader) -> None:
        """A retired loader whose job has ended: its connections closed, the loader deleted
        by the event loop (never from inside its own job's signal)."""
        loader.db.dispose()
        if loader in self._retired:
            self._retired.remove(loader)
        loader.deleteLater()

    def current_filter(self) -> EventFilter:
        return self.filter_bar.current_filter()

    def _refresh_now(self) -> None:
        self.filter_bar.flush()
        self.refresh()

    def refresh(self) -> None:
        if self._dashboard is None:
            return
        self._seq += 1  # whatever is on its way now answers an older filter
        if self.filter_bar.zone_error():
            self._set_figures_current(False)
            return  # nothing is asked for in another zone than the one on screen
        self._requested_at = time.monotonic()
        self._set_loading(True)
        self._set_figures_current(False)
        self._dashboard.request(self._seq, self.current_filter(), not self._names_loaded)

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

    @Slot(int, object)
    def _on_loaded(self, seq: int, result: DashboardResult) -> None:
        if seq != self._seq:
            return  # an older request's answer: a newer one is on its way or already shown
        self._set_loading(False)
        self.banner.hide()
        self._set_figures_current(True)
        if result.tenants is not None and result.models is not None:
            self._names_loaded = True
            self.filter_bar.set_names(result.tenants, result.models)
        self.show_data(result.data)
        seconds = time.monotonic() - self._requested_at
        self.last_refresh = datetime.now()
        self.refresh_label.setText(
            i18n.arg(self.tr("Updated %1 (%2 s)"), time_of_day(self.last_refresh),
                     decimal_text(seconds, 2))
        )  # fmt: skip
        self.dashboardShown.emit(result.data)

    @Slot(int, str)
    def _on_failed(self, seq: int, message: str) -> None:
        if seq != self._seq:
            return
        self._set_loading(False)
        self.refresh_label.setText(self.tr("Could not load"))
        self.show_error(message)
        self.dashboardFailed.emit(message)

    @Slot(int, str)
    def _on_password_required(self, seq: int, message: str) -> None:
        """The server wants a password and none is saved (no keyring, say): ask for it."""
        if seq != self._seq or self.db is None:
            return
        self._set_loading(False)
        self.refresh_label.setText(self.tr("Password needed"))
        self.show_error(
            i18n.arg(self.tr("%1 Enter it, or set it under File → Connection settings…."), message)
        )
        url = self.db.url
        if url.username:
            ask = i18n.arg(self.tr("Password for %1 on %2:"), url.username, self.db.describe())
        else:
            ask = i18n.arg(self.tr("Password for %1:"), self.db.describe())
        password = msgbox.password(self, self.tr("Password needed"), ask)
        if password:
            crash.register_secret(password)
            self.set_database(url.with_defaults(password=password).render(hide_password=False))
        else:
            self.dashboardFailed.emit(message)

    @Slot(bool)
    def _on_zone_validity(self, valid: bool) -> None:
        # Said at the field (red frame, tooltip) and in the status bar, not in the banner:
        # a half-typed name must not make the window jump under the user's hands.
        if not valid:
            self.refresh_label.setText(self.filter_bar.zone_error() or "")
        self.refresh()

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

    # -- dialogs ------------------------------------------------------------------------------

    def export_rows(self, *, tenants: list[str] | None = None,
                    models: list[str] | None = None) -> None:  # fmt: skip
        """Export these rows…: the Export dialog on the filter in force, narrowed to them."""
        flt = self.current_filter()
        if tenants:
            flt = replace(flt, tenants=tuple(tenants))
        if models:
            flt = replace(flt, models=tuple(models))
        self.open_export_dialog(flt)

    def open_export_dialog(self, flt: EventFilter | None = None) -> None:
        if not isinstance(flt, EventFilter):
            flt = None  # triggered(bool) and clicked(bool) pass a flag
        zone_error = self.filter_bar.zone_error()
        if zone_error:
            msgbox.warning(self, self.tr("Export"), zone_error)
            self.filter_bar.zone_combo.setFocus()
            return
        if self.db is None:
            msgbox.warning(self, self.tr("Export"), self.tr(
                "No database is connected. Choose one under File → Connection settings… first."
            ))  # fmt: skip
            return
        flt = flt or self.current_filter()
        data = self.last_dashboard_data
        # Totals to compare the file with, only when they are the figures of this very filter.
        totals = data if data is not None and data.filter == flt else None
        dlg = ExportDialog(
            self.db,
            flt,
            self.settings,
            dashboard_totals=totals,
            clock=self.clock,
            period=self.filter_bar.current_period(),
            tenant_names=self.filter_bar.tenant_filter.names(),
            model_names=self.filter_bar.model_filter.names(),
            parent=self,
        )
        dlg.ask_issuer = True
        dlg.exec()
        dlg.deleteLater()  # its worker threads have ended when exec() returns

    def open_history_dialog(self) -> None:
        dlg = HistoryDialog(self.db, clock=self.clock, parent=self)
        dlg.exec()
        dlg.deleteLater()

    def _fill_profile_menu(self) -> None:
        """The demo database and every saved profile, the one shown checked."""
        self.profile_menu.clear()
        group = QActionGroup(self.profile_menu)
        self.profile_actions: dict[str, QAction] = {}
        choices = [("", self.tr("Demo database"))]
        choices += [(name, name) for name in sorted(self.settings.profiles, key=str.casefold)]
        for name, text in choices:
            action = QAction(text, self.profile_menu, checkable=True)
            action.setObjectName(f"profileAction:{name}")
            action.setChecked(name == self.profile if name else self._on_demo())
            action.triggered.connect(lambda _checked=False, n=name: self.switch_profile(n))
            group.addAction(action)
            self.profile_menu.addAction(action)
            self.profile_actions[name] = action

    def _on_demo(self) -> bool:
        return self.db is not None and not self.demo_banner.isHidden()  # shown for the demo only

    def switch_profile(self, name: str) -> None:
        """Show the figures of profile `name` ("": the demo database), and use it from now on."""
        url = None
        if name:
            try:
                connection = config.profile_connection(self.settings, name)
            except BillingError as exc:
                msgbox.warning(self, self.tr("Connection profile"), str(exc))
                return
            url = config.connection_url(connection, secrets.get_password(connection))
            self.settings.connection = dict(self.settings.profiles[name])
            self.settings.profile = name
        else:
            self.settings.connection = {"kind": "embedded"}
        config.save_settings(self.settings)
        self.profile = name
        self.set_database(url)

    def open_schedules_dialog(self) -> None:
        dlg = SchedulesDialog(self.schedules, parent=self)
        dlg.exec()
        dlg.deleteLater()

    def say_failed_scheduled_runs(self) -> None:
        """At start: the scheduled runs that failed since the window last started, at once,
        above the figures; and this start remembered for the next one."""
        now = (self.clock or system_clock()).now()
        last = self.settings.last_started
        self.settings.last_started = now.astimezone(UTC).isoformat(timespec="seconds")
        config.save_settings(self.settings)
        if not last:
            return
        try:
            since = datetime.fromisoformat(last)
        except ValueError:
            return
        failures = failed_scheduled_runs_since(since, self.history)
        self.failed_runs_banner.show_failures(failures, since)

    def first_start_offer(self) -> None:
        """The first start on the demo database offers, once, to connect one's own."""
        if self.settings.demo_offered or self.demo_banner.isHidden():
            return
        self.settings.demo_offered = True
        config.save_settings(self.settings)
        if msgbox.question(
            self,
            self.tr("Demo data"),
            self.tr("Billing Desktop shows demo data until it is connected to your billing"
                    " database. Connect to your database now?"),
        ):  # fmt: skip
            self.open_connection_dialog()

    def open_connection_dialog(self) -> None:
        dlg = ConnectionDialog(self.settings, parent=self)
        accepted = dlg.exec()
        url = dlg.database_url()
        profile = dlg.profile_name()
        dlg.deleteLater()
        if accepted:
            self.profile = profile
            self.set_database(url)

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

    def open_help(self, page: str) -> None:
        dlg = HelpDialog(page, parent=self)
        dlg.exec()
        dlg.deleteLater()

    def show_about(self) -> None:
        msgbox.information(
            self,
            i18n.arg(self.tr("About %1"), APP_NAME),
            i18n.arg(
                self.tr("%1 %2\n\nLLM usage and cost per tenant, model and day, and exports you"
                        " can trust to the cent.\n\nSettings: %3\nLogs: %4"),
                APP_NAME, __version__, config.settings_path(), config.log_dir(),
            ),
        )  # fmt: skip

    def choose_language(self) -> None:
        """The window's language, kept in the settings; the next start speaks it."""
        codes = ["", *i18n.LANGUAGE_NAMES]
        names = [self.tr("The system's language"), *i18n.LANGUAGE_NAMES.values()]
        current = codes.index(self.settings.language) if self.settings.language in codes else 0
        chosen = msgbox.choose(
            self, self.tr("Language"),
            self.tr("The window's language. It changes when Billing Desktop next starts."),
            names, current,
        )  # fmt: skip
        if chosen is not None and codes[chosen] != self.settings.language:
            self.settings.language = codes[chosen]
            config.save_settings(self.settings)

    # -- export jobs and closing --------------------------------------------------------------

    def register_export_job(self, job: ExportJob) -> None:
        self._export_jobs = [j for j in self._export_jobs if j.is_running()]
        self._export_jobs.append(job)

    def confirm_close(self) -> bool:
        """True when the window may close; a running export is cancelled after asking."""
        running = [job for job in self._export_jobs if job.is_running()]
        if not running:
            return True
        answer = msgbox.question_while(
            self,
            self.tr("Export running"),
            self.tr(
                "An export is still running. Cancel it and quit? The target file stays untouched."
            ),
            still_true=lambda: any(job.is_running() for job in running),
        )
        if answer is None:
            return True  # the export ended while the question was open: nothing to cancel
        if not answer:
            return False
        for job in running:
            job.cancel_and_wait()
        self._export_jobs = []
        return True

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
        for job in self._export_jobs:
            if job.is_running():
                job.cancel_and_wait()
        self._export_jobs = []
        self.shutdown()
        join_all_workers()

    def shutdown(self) -> None:
        """Stop every worker thread; none may outlive the window."""
        self._retire_worker()
        for loader in list(self._retired):
            loader.wait()
            self._let_go(loader)
