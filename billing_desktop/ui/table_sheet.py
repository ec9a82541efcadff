"""The dashboard's tables as a spreadsheet's: rows selected and copied (Ctrl+C) as
tab-separated text whose numbers paste as numbers, a totals row under each table that sorting
never moves, and a context menu (Copy, Export these rows…).

Copied numbers carry no thousands separators and no currency sign, and dollars use a dot:
Excel, LibreOffice and Google Sheets read them as numbers in any locale's default import. The
totals are a one-row view of their own under the table, its columns kept as wide as the
table's, so that a click on a column's title sorts the rows and leaves the totals at the foot.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
)
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QMenu,
    QTableView,
    QWidget,
)

from billing_desktop.db.dashboard import GroupRow
from billing_desktop.ui.locale_format import amount, compact, count, money, percent
from billing_desktop.ui.table_models import GroupTableModel

_Index = QModelIndex | QPersistentModelIndex


def plain_dollars(cents: int) -> str:
    """Integer cents as a plain number of dollars: 123456789 -> '1234567.89'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole}.{part:02d}"


def rows_as_text(headers: list[str], rows: list[GroupRow], total_cents: int) -> str:
    """Tab-separated lines, the headers first; names stripped of tabs and line breaks."""

    def share(row: GroupRow) -> str:
        return f"{row.cost_cents / total_cents:.1%}" if total_cents > 0 else "0.0%"

    lines = ["\t".join(headers)]
    for row in rows:
        name = " ".join(row.name.replace("\t", " ").splitlines())
        lines.append("\t".join([name, str(row.events), str(row.input_tokens),
                                str(row.output_tokens), plain_dollars(row.cost_cents),
                                share(row)]))  # fmt: skip
    return "\r\n".join(lines) + "\r\n"


def totals_of(rows: list[GroupRow]) -> GroupRow:
    return GroupRow(
        name="Total",
        events=sum(r.events for r in rows),
        input_tokens=sum(r.input_tokens for r in rows),
        output_tokens=sum(r.output_tokens for r in rows),
        cost_cents=sum(r.cost_cents for r in rows),
    )


class TotalsModel(QAbstractTableModel):
    """One row: the sums of a GroupTableModel's rows, as the table shows them."""

    def __init__(self, source: GroupTableModel) -> None:
        super().__init__(source)
        self.source = source
        self.total = totals_of([])
        source.modelReset.connect(self._recount)

    def _recount(self) -> None:
        self.beginResetModel()
        self.total = totals_of(self.source.rows())
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.source.columnCount()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            t = self.total
            empty = not self.source.rows()
            # As the table above shows its figures, in the window's locale.
            texts = [self.tr("Total"), count(t.events), compact(t.input_tokens),
                     compact(t.output_tokens), amount(t.cost_cents),
                     "" if empty else percent(1.0)]  # fmt: skip
            return texts[col] if col < len(texts) else None
        if role == Qt.ItemDataRole.ToolTipRole and 1 <= col <= 4:  # the exact figure
            t = self.total
            exact = [count(t.events), count(t.input_tokens), count(t.output_tokens),
                     money(t.cost_cents)]  # fmt: skip
            return exact[col - 1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None


class TotalsRow(QTableView):
    """The totals under `table`, column for column as wide as the table's."""

    def __init__(self, table: QTableView, source: GroupTableModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.table = table
        self.setObjectName(f"{table.objectName()}Totals")
        self.setModel(TotalsModel(source))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrap(False)
        self.setAccessibleName(self.tr("Totals"))
        self.setToolTip(self.tr("The totals of every row of the table above"))
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        height = table.verticalHeader().defaultSectionSize()
        self.verticalHeader().setDefaultSectionSize(height)
        self.setFixedHeight(height + 2)
        header = table.horizontalHeader()
        header.sectionResized.connect(lambda col, _old, new: self.setColumnWidth(col, new))
        header.geometriesChanged.connect(self.follow_widths)
        table.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        self.model().modelReset.connect(self.follow_widths)

    def follow_widths(self) -> None:
        header = self.table.horizontalHeader()
        for col in range(header.count()):
            self.setColumnHidden(col, header.isSectionHidden(col))  # figures that made way
            self.setColumnWidth(col, header.sectionSize(col))
        frame = self.table.frameWidth()
        self.setViewportMargins(frame, 0, frame, 0)

    def texts(self, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> list[str]:
        model = self.model()
        return [str(model.data(model.index(0, c), role)) for c in range(model.columnCount())]


class SheetTable:
    """Copy (Ctrl+C) and the context menu for one dashboard table."""

    def __init__(self, view: QTableView, source: GroupTableModel,
                 export_rows: Callable[[list[str]], None]) -> None:  # fmt: skip
        self.view = view
        self.source = source
        self.export_rows = export_rows
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.copy_action = QAction(QCoreApplication.translate("SheetTable", "&Copy"), view)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy)
        view.addAction(self.copy_action)
        self.export_action = QAction(
            QCoreApplication.translate("SheetTable", "&Export these rows…"), view
        )
        self.export_action.triggered.connect(self._export)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.show_menu)

    def selected_rows(self) -> list[GroupRow]:
        """The selected rows in the order the table shows them."""
        selection = self.view.selectionModel()
        proxy = self.view.model()
        rows = self.source.rows()
        chosen = sorted(selection.selectedRows(), key=lambda i: i.row())
        return [rows[proxy.mapToSource(index).row()] for index in chosen]  # type: ignore[attr-defined]

    def text(self) -> str:
        # One line per title: a tab-separated row cannot hold the table's two-line titles.
        headers = [str(self.source.headerData(c, Qt.Orientation.Horizontal,
                                              Qt.ItemDataRole.DisplayRole)).replace("\n", " ")
                   for c in range(self.source.columnCount())]  # fmt: skip
        total = sum(r.cost_cents for r in self.source.rows())
        return rows_as_text(headers, self.selected_rows(), total)

    def copy(self) -> None:
        if self.selected_rows():
            QApplication.clipboard().setText(self.text())

    def _export(self) -> None:
        self.export_rows([row.name for row in self.selected_rows()])

    def menu(self) -> QMenu:
        menu = QMenu(self.view)
        menu.setObjectName(f"{self.view.objectName()}Menu")
        has_rows = bool(self.selected_rows())
        self.copy_action.setEnabled(has_rows)
        self.export_action.setEnabled(has_rows)
        menu.addAction(self.copy_action)
        menu.addAction(self.export_action)
        return menu

    def show_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        selection = self.view.selectionModel()
        if index.isValid() and not selection.isRowSelected(index.row(), QModelIndex()):
            self.view.selectRow(index.row())
        menu = self.menu()
        menu.exec(self.view.viewport().mapToGlobal(position))
        menu.deleteLater()
        self.copy_action.setEnabled(True)  # Ctrl+C stays live outside the menu
        self.export_action.setEnabled(True)
