"""The daily cost chart (QtCharts): an area under the cost line, the exact value on hover."""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCharts import (
    QAreaSeries,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import (
    QBrush,
    QColor,
    QCursor,
    QFont,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QToolTip, QWidget

from billing_desktop.clock import local_today
from billing_desktop.db.dashboard import DashboardData, DayRow
from billing_desktop.ui import i18n
from billing_desktop.ui.locale_format import day_label, money, money_rounded, short_date
from billing_desktop.ui.theme import LIGHT, Theme

_DAY_MS = 86_400_000


def _ms(day: date) -> float:
    # The date axis labels in the machine's local time, so days sit at local midnight there.
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0)).toMSecsSinceEpoch())


def nice_range(low: float, high: float, steps: int = 5) -> tuple[float, float, float]:
    """Axis bounds on round numbers with about `steps` steps between them."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(steps, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def day_labels(days: list[date], most: int = 8) -> list[tuple[date, str]]:
    """Which days of the chart get a label, and the label: at most `most`, never outside.
    The labels' patterns are Qt date formats, translated, so each language orders day, month
    and year its own way ("Mar 5", "5. März", "5 mars")."""
    years = {d.year for d in days}
    if len(days) > 62:  # months: their first days
        firsts = [d for d in days if d.day == 1] or days[:1]
        step = math.ceil(len(firsts) / 12)  # short month names: a year's twelve fit
        if len(years) > 1:
            style = QCoreApplication.translate("CostChart", "MMM yyyy", "date format")
        else:
            style = QCoreApplication.translate("CostChart", "MMM", "date format")
        return [(d, day_label(d, style)) for d in firsts[::step]]
    step = math.ceil(len(days) / most)
    if len(days) <= 2 or len(years) > 1:
        style = QCoreApplication.translate("CostChart", "MMM d, yyyy", "date format")
    else:
        style = QCoreApplication.translate("CostChart", "MMM d", "date format")
    return [(d, day_label(d, style)) for d in days[::step]]


def money_label(dollars: float, decimals: int = 0) -> str:
    return money_rounded(dollars, decimals)


class CostChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self.setObjectName("costChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        chart = self._chart
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 8, 4))
        chart.setBackgroundRoundness(0)
        self.setFrameShape(QFrame.Shape.NoFrame)
        chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        title_font = QFont()
        title_font.setPointSizeF(title_font.pointSizeF() + 1)
        title_font.setBold(True)
        chart.setTitleFont(title_font)

        # Their colours come from the theme (apply_theme, below and on a scheme change).
        self.line = QLineSeries()
        self.line.setPointsVisible(False)
        self.area = QAreaSeries(self.line)
        self.marker = QScatterSeries()
        self.marker.setMarkerSize(10)
        for series in (self.area, self.marker):
            chart.addSeries(series)

        # Category axes on both sides: labels sit exactly on days (a date axis spaces its ticks
        # evenly between the ends, so a 2-day range read "Nov 30" and "Dec 2").
        self.x_axis = QCategoryAxis()
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.y_axis = QCategoryAxis()
        self.y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for axis, side in ((self.x_axis, Qt.AlignmentFlag.AlignBottom),
                           (self.y_axis, Qt.AlignmentFlag.AlignLeft)):  # fmt: skip
            chart.addAxis(axis, side)
            self.area.attachAxis(axis)
            self.marker.attachAxis(axis)

        self._days: list[DayRow] = []
        self._title = ""
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)  # the moves arrive at the viewport
        self.apply_theme(LIGHT)
        self.show_data(None)

    def apply_theme(self, t: Theme) -> None:
        """The chart's own colours, which no palette reaches: background, grid, labels, line."""
        background = QBrush(QColor(t.base))
        self._chart.setBackgroundBrush(background)
        self.setBackgroundBrush(background)
        self._chart.setTitleBrush(QBrush(QColor(t.text)))
        for axis in (self.x_axis, self.y_axis):
            axis.setGridLineColor(QColor(t.grid))
            axis.setLinePenColor(QColor(t.border))
            axis.setLabelsColor(QColor(t.muted))
        accent = QColor(t.accent)
        self.line.setPen(QPen(accent, 2))
        self.area.setPen(QPen(accent, 2))
        gradient = QLinearGradient(0, 0, 0, 1)
        gradient.setCoordinateMode(QLinearGradient.CoordinateMode.ObjectBoundingMode)
        gradient.setColorAt(0, QColor(accent.red(), accent.green(), accent.blue(), 110))
        gradient.setColorAt(1, QColor(accent.red(), accent.green(), accent.blue(), 15))
        self.area.setBrush(QBrush(gradient))
        self.marker.setColor(accent)
        self.marker.setBorderColor(QColor(t.base))

    def clear(self, title: str) -> None:
        """No days, and a title that says why."""
        self.show_data(None)
        self._title = title
        self._chart.setTitle(title)

    def set_dimmed(self, dimmed: bool) -> None:
        """Grey the series (figures of another filter, being replaced); the frame stays."""
        for series in (self.area, self.marker):
            series.setOpacity(0.35 if dimmed else 1.0)

    def show_data(self, data: DashboardData | None) -> None:
        self._days = list(data.daily) if data else []
        zone = data.filter.timezone if data else "UTC"
        if data:
            self._title = i18n.arg(self.tr("Daily cost (%1)"), zone)
        else:
            self._title = self.tr("Daily cost — nothing loaded yet")
        self._chart.setTitle(self._title)
        self.x_axis.setVisible(data is not None)
        self.y_axis.setVisible(data is not None)
        self.line.replace([QPointF(_ms(d.day), d.cost_cents / 100) for d in self._days])
        self.marker.clear()
        self._set_x_ticks([d.day for d in self._days] or [local_today()])
        values = [d.cost_cents / 100 for d in self._days] or [0.0]
        self._set_y_ticks(min(0.0, min(values)), max(values))

    def _set_x_ticks(self, days: list[date]) -> None:
        """A label on days of the range only: every day of a short range, every few days of a
        month, the first of each month of a longer one; half a day of room at each end."""
        for label in self.x_axis.categoriesLabels():
            self.x_axis.remove(label)
        first, last = _ms(days[0]), _ms(days[-1])
        pad = _DAY_MS / 2
        self.x_axis.setRange(first - pad, last + pad)
        self.x_axis.setStartValue(first - pad)
        for day, text in day_labels(days):
            self.x_axis.append(text, _ms(day))

    def _set_y_ticks(self, low: float, high: float) -> None:
        """Round ticks labelled like money ("-5 USD", "1,500 USD"), in the user's locale; as
        many as the chart's height holds without eliding them (a short chart: two)."""
        self._y_span = (low, high)
        line = self.fontMetrics().height()
        steps = max(2, min(5, (self.height() - 5 * line) // (2 * line)))
        low, high, step = nice_range(low, high, steps)
        for label in self.y_axis.categoriesLabels():
            self.y_axis.remove(label)
        self.y_axis.setRange(low, high)
        self.y_axis.setStartValue(low - step / 1000)  # the first tick must lie above the start
        decimals = 2 if step < 1 else 0
        ticks = round((high - low) / step)
        for i in range(ticks + 1):
            value = low + i * step
            self.y_axis.append(money_label(value, decimals), value)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        span = getattr(self, "_y_span", None)
        if span is not None and event.oldSize().height() != event.size().height():
            self._set_y_ticks(*span)

    def day_at(self, x_ms: float) -> DayRow | None:
        """The day nearest to an x position of the chart."""
        if not self._days:
            return None
        index = round((x_ms - _ms(self._days[0].day)) / _DAY_MS)
        return self._days[min(max(index, 0), len(self._days) - 1)]

    def hover_text(self, day: DayRow) -> str:
        return i18n.arg(
            self.tr("%1 %2\n%3  ·  %Ln event(s)", "", day.events),
            day_label(day.day, "ddd"), short_date(day.day), money(day.cost_cents),
        )  # fmt: skip

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Anywhere over the plot, show the nearest day's exact figures."""
        super().mouseMoveEvent(event)
        position = self.mapToScene(event.position().toPoint())
        inside = self._chart.plotArea().contains(position)
        day = self.day_at(self._chart.mapToValue(position, self.area).x()) if inside else None
        self.show_hover(day)

    def leaveEvent(self, event: QEvent) -> None:
        self.show_hover(None)
        super().leaveEvent(event)

    def show_hover(self, day: DayRow | None) -> None:
        """The hovered day's figures in the chart's title, where they are always seen (a
        tooltip can be hidden or late), and in a tooltip beside the pointer."""
        self.marker.clear()
        if day is None:
            QToolTip.hideText()
            self._chart.setTitle(self._title)
            return
        self.marker.append(_ms(day.day), day.cost_cents / 100)
        self._chart.setTitle(self.hover_text(day).replace("\n", ": "))
        QToolTip.showText(QCursor.pos(), self.hover_text(day), self)
