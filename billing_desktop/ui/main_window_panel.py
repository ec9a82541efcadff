"""The main window's widgets: the export button, the error and notice banners, the summary
cards, the daily chart, the tenant and model tables with their totals, and the status bar.

Functions of the window: they make its widgets and keep them as its attributes (declared on
`MainWindow`); the window wires them to the dashboard. Texts keep the window's translation
context ("MainWindow").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from billing_desktop.ui.cost_chart import CostChart
from billing_desktop.ui.notices import DemoBanner, FailedRunsBanner
from billing_desktop.ui.sort_arrows import use_platform_sort_arrows
from billing_desktop.ui.summary_cards import SummaryCards
from billing_desktop.ui.table_columns import NameFirstColumns
from billing_desktop.ui.table_models import GroupTableModel, NumericSortProxy
from billing_desktop.ui.table_sheet import SheetTable, TotalsRow

if TYPE_CHECKING:
    from billing_desktop.ui.main_window import MainWindow


def build_panel(window: MainWindow) -> None:
    """The export button, the notices, the cards, the chart, the two tables and the status
    bar, made children of `window` and kept as its attributes."""
    _build_export_button(window)
    _build_banners(window)
    _build_figures(window)
    _build_tables(window)
    _lay_out(window)
    _build_status_bar(window)


def _build_export_button(window: MainWindow) -> None:
    window.export_button = QPushButton(QCoreApplication.translate("MainWindow", "&Export…"), window)
    window.export_button.setObjectName("exportButton")
    window.export_button.setToolTip(
        QCoreApplication.translate(
            "MainWindow", "Export the events of this filter to CSV or JSON (Ctrl+E)"
        )
    )
    window.export_button.clicked.connect(window.open_export_dialog)
    window.filter_bar.add_action(window.export_button)


def _build_banners(window: MainWindow) -> None:
    """The error banner (Retry, Connection settings…), the demo's and the failed runs'."""
    window.banner = QFrame(window)
    window.banner.setObjectName("errorBanner")
    banner_layout = QHBoxLayout(window.banner)
    banner_layout.setContentsMargins(12, 8, 12, 8)
    window.banner_text = QLabel(window.banner)
    window.banner_text.setObjectName("errorText")
    window.banner_text.setWordWrap(True)
    window.banner_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    retry = QPushButton(QCoreApplication.translate("MainWindow", "Retry"), window.banner)
    retry.clicked.connect(window._refresh_now)
    connection = QPushButton(
        QCoreApplication.translate("MainWindow", "Connection settings…"), window.banner
    )
    connection.clicked.connect(window.open_connection_dialog)
    banner_layout.addWidget(window.banner_text, 1)
    banner_layout.addWidget(retry)
    banner_layout.addWidget(connection)
    window.banner.hide()
    window.demo_banner = DemoBanner(window)
    window.demo_banner.connectRequested.connect(window.open_connection_dialog)
    window.demo_banner.hide()
    window.failed_runs_banner = FailedRunsBanner(window)
    window.failed_runs_banner.visibilityChanged.connect(window._make_room_for_notices)


def _build_figures(window: MainWindow) -> None:
    window.cards = SummaryCards(window)
    window.chart = CostChart(window)
    # The totals rows under the tables take their room from the chart's least height.
    window.chart_minimum = window.chart.minimumHeight() - 26
    window.tenant_model = GroupTableModel(
        QCoreApplication.translate("MainWindow", "Tenant"), window
    )
    window.model_model = GroupTableModel(QCoreApplication.translate("MainWindow", "Model"), window)
    window.tenant_table = _table(window, "tenantTable", window.tenant_model)
    window.model_table = _table(window, "modelTable", window.model_model)


def _build_tables(window: MainWindow) -> None:
    """Each table with its totals row and its spreadsheet actions, side by side."""
    window.tables_splitter = QSplitter(Qt.Orientation.Horizontal, window)
    window.tenant_totals = TotalsRow(window.tenant_table, window.tenant_model, window)
    window.model_totals = TotalsRow(window.model_table, window.model_model, window)
    make_room_for_notices(window)
    window.tenant_sheet = SheetTable(window.tenant_table, window.tenant_model,
                                     lambda names: window.export_rows(tenants=names))  # fmt: skip
    window.model_sheet = SheetTable(window.model_table, window.model_model,
                                    lambda names: window.export_rows(models=names))  # fmt: skip
    window.tables_splitter.addWidget(
        _boxed(
            window,
            QCoreApplication.translate("MainWindow", "Cost by tenant"),
            window.tenant_table,
            window.tenant_totals,
        )
    )
    window.tables_splitter.addWidget(
        _boxed(
            window,
            QCoreApplication.translate("MainWindow", "Cost by model"),
            window.model_table,
            window.model_totals,
        )
    )
    window.tables_splitter.setChildrenCollapsible(False)


def _lay_out(window: MainWindow) -> None:
    """The filter bar, the banners and the cards above the chart, the tables below it."""
    window.main_splitter = QSplitter(Qt.Orientation.Vertical, window)
    window.main_splitter.addWidget(_framed_chart(window))
    window.main_splitter.addWidget(window.tables_splitter)
    window.main_splitter.setChildrenCollapsible(False)
    window.main_splitter.setStretchFactor(0, 1)
    window.main_splitter.setStretchFactor(1, 1)

    central = QWidget(window)
    layout = QVBoxLayout(central)
    layout.setContentsMargins(10, 10, 10, 6)
    layout.setSpacing(10)
    layout.addWidget(window.filter_bar)
    layout.addWidget(window.banner)
    layout.addWidget(window.failed_runs_banner)
    layout.addWidget(window.demo_banner)
    layout.addWidget(window.cards)
    layout.addWidget(window.main_splitter, 1)
    window.setCentralWidget(central)


def _build_status_bar(window: MainWindow) -> None:
    """Which database, a busy indicator while a refresh runs, and when it last answered."""
    window.db_label = QLabel(window)
    window.db_label.setObjectName("databaseLabel")
    window.refresh_label = QLabel(
        QCoreApplication.translate("MainWindow", "Not loaded yet"), window
    )
    window.refresh_label.setObjectName("lastRefreshLabel")
    window.busy = QProgressBar(window)
    window.busy.setObjectName("loadingIndicator")
    window.busy.setRange(0, 0)
    window.busy.setMaximumWidth(120)
    window.busy.setMaximumHeight(14)
    window.busy.setTextVisible(False)
    window.busy.hide()
    status = window.statusBar()
    status.addWidget(window.db_label, 1)
    status.addPermanentWidget(window.busy)
    status.addPermanentWidget(window.refresh_label)


def _table(window: MainWindow, name: str, model: GroupTableModel) -> QTableView:
    view = QTableView(window)
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
    view.setToolTip(
        QCoreApplication.translate("MainWindow", "Click a column's title to sort by it")
    )
    header = view.horizontalHeader()
    # Too narrow for every figure: Share, then Events, then the token counts make way.
    window.table_columns[name] = NameFirstColumns(view, hide_first=(5, 1, 3, 2))
    header.setHighlightSections(False)
    use_platform_sort_arrows(header)
    header.setMinimumSectionSize(64)  # room for the sort arrow beside short titles
    return view


def _framed_chart(window: MainWindow) -> QFrame:
    frame = QFrame(window)
    frame.setObjectName("chartFrame")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(window.chart)
    return frame


def _boxed(window: MainWindow, title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title, window)
    box.setObjectName("tableBox")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 0, 6, 6)
    layout.setSpacing(0)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def make_room_for_notices(window: MainWindow) -> None:
    """A notice above the cards takes its room from the chart's least height, not from the
    window's: the window still fits a small screen with the demo or failed runs said."""
    shown = [b for b in (window.demo_banner, window.failed_runs_banner) if not b.isHidden()]
    taken = sum(b.minimumSizeHint().height() + 10 for b in shown)
    window.chart.setMinimumHeight(max(window.chart_minimum - taken, 100))
