"""A layout that places its items left to right and wraps them onto the next line when the
width runs out, like words in a paragraph: the filter bar fits a 1024 px screen on two lines
instead of pushing Refresh and Export… off it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        # The last item is pushed to the right edge of its line (Refresh, Export…).
        self.last_to_the_right = True

    # -- QLayout's interface --------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        # One line of everything: what the bar would like when there is room.
        width = sum(item.sizeHint().width() for item in self._visible())
        width += self._spacing * max(0, len(self._visible()) - 1)
        height = max((item.sizeHint().height() for item in self._visible()), default=0)
        return QSize(width, height) + self._margins()

    def minimumSize(self) -> QSize:
        # As narrow as its widest item: everything else can wrap.
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size + self._margins()

    # -- placing --------------------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _margins(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in `rect` (or only measure); the height used."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[QLayoutItem]] = [[]]
        x = area.x()
        for item in self._visible():
            width = item.sizeHint().width()
            if lines[-1] and x + width > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append(item)
            x += width + self._spacing
        y = area.y()
        for number, line in enumerate(lines):
            height = max((item.sizeHint().height() for item in line), default=0)
            if move:
                self._place_line(line, area, y, height, last=number == len(lines) - 1)
            y += height + self._spacing
        return y - self._spacing - rect.y() + m.bottom() if lines[0] else m.top() + m.bottom()

    def _place_line(
        self, line: list[QLayoutItem], area: QRect, y: int, height: int, *, last: bool
    ) -> None:
        x = area.x()
        for index, item in enumerate(line):
            size = item.sizeHint()
            width = min(size.width(), area.width())
            if last and index == len(line) - 1 and self.last_to_the_right and len(line) > 1:
                x = max(x, area.right() + 1 - width)
            widget = item.widget()
            policy = widget.sizePolicy() if widget is not None else None
            item_height = (
                height
                if policy is not None and policy.verticalPolicy() != QSizePolicy.Policy.Fixed
                else size.height()
            )
            top = y + (height - item_height) // 2
            item.setGeometry(QRect(QPoint(x, top), QSize(width, item_height)))
            x += width + self._spacing
