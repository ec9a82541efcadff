"""Column widths of the dashboard tables: the name column gets the room, numbers are compact.

Numbers take their contents' width. The name column takes what is left of the view, but never
less than its longest name needs (up to a limit), so names are cut only when one is really long;
the view then scrolls sideways rather than eliding every name. The full name is in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

# Wider names than this are elided (their tooltip holds them whole): a page-wide name must not
# push every figure out of sight.
_MOST_NAME_CHARS = 48


class NameFirstColumns(QObject):
    """Keeps column 0 of `view` wide enough for its names; the other columns fit their contents."""

    def __init__(self, view: QTableView, hide_first: tuple[int, ...] = ()) -> None:
        super().__init__(view)
        self.view = view
        self.hide_first = hide_first  # number columns that make way, in this order
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        model = view.model()
        for col in range(1, model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self._later)
        header.sectionResized.connect(self._on_section_resized)
        view.viewport().installEventFilter(self)
        self._pending = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._later()
        return False

    def _on_section_resized(self, index: int, _old: int, _new: int) -> None:
        if index != 0:  # a number column grew or shrank with its contents
            self._later()

    def _later(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)

    def name_width(self) -> int:
        """What the longest name (and the column's title) needs, up to the limit."""
        view = self.view
        metrics = view.fontMetrics()
        limit = metrics.averageCharWidth() * _MOST_NAME_CHARS
        model = view.model()
        widest = max(
            (metrics.horizontalAdvance(str(model.index(row, 0).data() or ""))
             for row in range(model.rowCount())),
            default=0,
        )  # fmt: skip
        margin = 2 * (view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 1)
        title = view.horizontalHeader().sectionSizeFromContents(0).width()
        return max(min(widest + margin + 8, limit), title)

    def _number_width(self, col: int) -> int:
        """What a number column needs, shown or not (a hidden one has no size of its own)."""
        header = self.view.horizontalHeader()
        return max(
            self.view.sizeHintForColumn(col),
            header.sectionSizeFromContents(col).width(),
            header.minimumSectionSize(),
        )

    def fit(self) -> None:
        self._pending = False
        header = self.view.horizontalHeader()
        room = self.view.viewport().width()
        name = self.name_width()
        # Where the names and every figure do not fit side by side, the figures that matter
        # least make way, so that no name is cut and the cost stays in sight; they come back
        # when the window is wider.
        shown = [col for col in range(1, header.count())]
        for col in self.hide_first:
            if name + sum(self._number_width(c) for c in shown) <= room:
                break
            shown.remove(col)
        for col in range(1, header.count()):
            header.setSectionHidden(col, col not in shown)
        numbers = sum(self._number_width(col) for col in shown)
        width = max(name, room - numbers)
        if header.sectionSize(0) != width:
            header.resizeSection(0, width)
