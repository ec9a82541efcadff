"""Check boxes and radio buttons with an outline that shows in both colour schemes."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption

from billing_desktop.ui import theme

_CHECK = QStyle.PrimitiveElement.PE_IndicatorCheckBox
_RADIO = QStyle.PrimitiveElement.PE_IndicatorRadioButton


class IndicatorOutlines(QProxyStyle):
    """Fusion's indicators, with the theme's indicator colour drawn over their edge."""

    def drawPrimitive(
        self, element: Any, option: QStyleOption, painter: QPainter, widget: Any = None
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in (_CHECK, _RADIO):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, element == _RADIO)
        painter.setPen(QPen(QColor(theme.current().indicator), 1))
        painter.setBrush(QColor(0, 0, 0, 0))
        edge = option.rect.adjusted(0, 0, -1, -1)
        if element == _CHECK:
            painter.drawRoundedRect(edge, 2, 2)
        else:
            painter.drawEllipse(edge.adjusted(0, 0, 0, 0))
        painter.restore()
