"""Table models for the cost-by-tenant and cost-by-model tables.

The display role shows formatted text (thousands separators, dollars); the sort role holds the
raw integer, so a `QSortFilterProxyModel` sorts numbers as numbers and cents exactly.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from billing_desktop.db.dashboard import GroupRow
from billing_desktop.ui.locale_format import amount, compact, count, percent

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex

_NUMERIC = ("events", "input_tokens", "output_tokens", "cost_cents")


class GroupTableModel(QAbstractTableModel):
    """Rows of name, events, input tokens, output tokens, cost and share of the total cost."""

    def __init__(self, name_header: str, parent: Any = None) -> None:
        super().__init__(parent)
        # Figures' titles on two lines: the names get the room, and Cost stays in sight.
        self._headers = (
            name_header, self.tr("Events"), self.tr("Tokens\nin"), self.tr("Tokens\nout"),
            self.tr("Cost\n(USD)"), self.tr("Share"),
        )  # fmt: skip
        self._rows: list[GroupRow] = []
        self._total_cost = 0

    def set_rows(self, rows: tuple[GroupRow, ...] | list[GroupRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._total_cost = sum(r.cost_cents for r in self._rows)
        self.endResetModel()

    def rows(self) -> list[GroupRow]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            left = Qt.AlignmentFlag.AlignLeft if section == 0 else Qt.AlignmentFlag.AlignRight
            return int(left | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _share(self, row: GroupRow) -> float:
        return row.cost_cents / self._total_cost if self._total_cost > 0 else 0.0

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.name.replace("\n", " ").replace("\r", " ").replace("\t", " ")
            if col == 4:
                return amount(row.cost_cents)
            if col == 5:
                return percent(self._share(row))
            if col in (2, 3):  # names get the room: token counts are compact, exact on hover
                return compact(getattr(row, _NUMERIC[col - 1]))
            return count(getattr(row, _NUMERIC[col - 1]))
        if role == SORT_ROLE:
            if col == 0:
                return row.name.casefold()
            if col == 5:
                return row.cost_cents
            return getattr(row, _NUMERIC[col - 1])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole and col in (2, 3):
            return count(getattr(row, _NUMERIC[col - 1]))
        return None


class NumericSortProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE, so 1,000 comes after 999 and $10.00 after $9.99."""

    def __init__(self, source: QAbstractTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
