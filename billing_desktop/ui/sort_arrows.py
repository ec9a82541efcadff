"""Sort arrows as the platforms draw them: pointing up for ascending (smallest first), down for
descending, as in Windows Explorer, macOS Finder and GNOME Files. Qt hands its styles the
opposite (ascending -> QStyleOptionHeader.SortDown), so Fusion drew a down arrow over a column
sorted A to Z."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOptionHeader, QWidget

_SWAPPED = {
    QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
    QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp,
}


class PlatformSortArrows(QProxyStyle):
    def drawPrimitive(self, element: Any, option: Any, painter: Any, widget: Any = None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(
            option, QStyleOptionHeader
        ):
            swapped = QStyleOptionHeader(option)
            swapped.sortIndicator = _SWAPPED.get(option.sortIndicator, option.sortIndicator)
            option = swapped
        super().drawPrimitive(element, option, painter, widget)


def use_platform_sort_arrows(widget: QWidget) -> None:
    """For one header view (the style is its child, so it lives exactly as long)."""
    style = PlatformSortArrows(QApplication.style().name())
    style.setParent(widget)
    widget.setStyle(style)
