"""The dashboard's chart panels: bars and rings whose elements open their records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLegend,
    QPieSeries,
    QPieSlice,
    QStackedBarSeries,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolTip, QVBoxLayout, QWidget

from crmdesk.core.analytics import Drill
from crmdesk.reports.theme import CHART_PALETTE
from crmdesk.ui import theme
from crmdesk.ui.views.dashboard_format import count_label, money_axis_label, nice_ticks, thin_labels

#: the colours of the printed charts (reports/theme.py), so screen and paper agree
PALETTE = CHART_PALETTE
INK, MUTED, GRID = theme.TEXT_STRONG, theme.TEXT_MUTED, theme.GRID


@dataclass
class Element:
    """One bar or slice: what it is called, its value as text, the records behind it."""

    label: str
    text: str
    drill: Drill | None


class ChartPanel(QFrame):
    """A titled chart; its bars or slices open their records when clicked."""

    drill_requested = Signal(object, str)  # Drill, title

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setProperty("role", "card")
        self.heading = QLabel(title)
        self.heading.setProperty("role", "section")
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(270)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setStyleSheet("background: transparent;")
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "hint")
        self.empty.setMinimumHeight(270)
        self.empty.hide()
        #: per series (in the order added), per index: the element
        self.elements: list[list[Element]] = []
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch()
        head.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 6)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)

    # -- elements --------------------------------------------------------------------
    def activate(self, index: int, series: int = 0) -> None:
        """Open the records behind element *index* of *series* (what a click does)."""
        if not 0 <= series < len(self.elements) or not 0 <= index < len(self.elements[series]):
            return
        element = self.elements[series][index]
        if element.drill is not None:
            self.drill_requested.emit(element.drill, element.label)

    def hover(self, state: bool, index: int, series: int = 0) -> None:
        if not state or not 0 <= series < len(self.elements) or not 0 <= index < len(
                self.elements[series]):
            QToolTip.hideText()
            return
        element = self.elements[series][index]
        QToolTip.showText(QCursor.pos(), f"{element.label}\n{element.text}", self.view)

    # -- charts --------------------------------------------------------------------------
    def _new_chart(self, legend: bool = False) -> QChart:
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(4, 10, 22, 2))  # room for the end labels of the axes
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.legend().setVisible(legend)
        if legend:
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
            chart.legend().setFont(_font(8.5))
            chart.legend().setLabelColor(QColor(INK))
            chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeRectangle)
        return chart

    def _show(self, chart: QChart | None, empty_text: str = "") -> None:
        old = self.view.chart()
        if chart is None:
            self.view.hide()
            self.empty.setText(empty_text)
            self.empty.show()
            self.view.setChart(QChart())
        else:
            self.empty.hide()
            self.view.show()
            self.view.setChart(chart)
        if old is not None:
            old.deleteLater()

    def show_bars(self, categories: Sequence[str],
                  series: Sequence[tuple[str, Sequence[float], Sequence[Element]]], *,
                  horizontal: bool = False, stacked: bool = False, money: bool = True,
                  thin: bool = False, empty_text: str = "") -> None:
        """Bars per category: one or more series (stacked or side by side)."""
        if not categories or not any(any(values) for _, values, _ in series):
            self.elements = []
            self._show(None, empty_text)
            return
        chart = self._new_chart(legend=len(series) > 1)
        bars: QAbstractBarSeries
        if stacked:
            bars = QStackedBarSeries()
        elif horizontal:
            bars = QHorizontalBarSeries()
        else:
            bars = QBarSeries()
        bars.setBarWidth(0.62 if len(series) == 1 or stacked else 0.8)
        self.elements = []
        for number, (name, values, elements) in enumerate(series):
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in values])
            colour = QColor(PALETTE[number % len(PALETTE)] if not stacked or number else
                            PALETTE[2])
            bar_set.setColor(colour)
            bar_set.setBorderColor(colour)
            bar_set.clicked.connect(lambda index, s=number: self.activate(index, s))
            bar_set.hovered.connect(lambda state, index, s=number: self.hover(state, index, s))
            bars.append(bar_set)
            self.elements.append(list(elements))
        chart.addSeries(bars)
        category_axis = QBarCategoryAxis()
        names = list(categories)
        if thin:  # about 48 pixels a label
            names = thin_labels(names, max(4, (self.width() - 80) // 48))
        category_axis.append(names)
        _style_axis(category_axis, grid=False)
        top = max((sum(values[i] for _, values, _ in series) if stacked else
                   max(values[i] for _, values, _ in series)) for i in range(len(categories)))
        value_axis = _value_axis(top, money_axis_label if money else count_label)
        if horizontal:
            chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
        else:
            chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(category_axis)
        bars.attachAxis(value_axis)
        self._show(chart)

    def show_pie(self, values: Sequence[float], elements: Sequence[Element], *,
                 empty_text: str = "") -> None:
        """A ring of slices with the legend beside it."""
        if not any(values):
            self.elements = []
            self._show(None, empty_text)
            return
        chart = self._new_chart(legend=True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        pie = QPieSeries()
        pie.setHoleSize(0.48)
        pie.setPieSize(0.9)
        self.elements = [list(elements)]
        for index, (value, element) in enumerate(zip(values, elements, strict=True)):
            piece = QPieSlice(f"{element.label}  {value:,.0f}", float(value))
            colour = QColor(PALETTE[index % len(PALETTE)])
            piece.setColor(colour)
            piece.setBorderColor(QColor(theme.SURFACE))
            piece.setBorderWidth(1)
            piece.setLabelVisible(False)
            piece.clicked.connect(lambda i=index: self.activate(i))
            piece.hovered.connect(lambda state, i=index, p=piece: self._hover_slice(state, i, p))
            pie.append(piece)
        chart.addSeries(pie)
        self._show(chart)

    def _hover_slice(self, state: bool, index: int, piece: QPieSlice) -> None:
        piece.setExploded(state)
        piece.setExplodeDistanceFactor(0.05)
        self.hover(state, index)


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _style_axis(axis: Any, grid: bool = True) -> None:
    axis.setTruncateLabels(False)
    axis.setLabelsFont(_font(8.5))
    axis.setLabelsColor(QColor(MUTED))
    axis.setLinePenColor(QColor(theme.BORDER))
    axis.setGridLineVisible(grid)
    if grid:
        pen = QPen(QColor(GRID))
        pen.setWidth(1)
        axis.setGridLinePen(pen)


def _value_axis(top: float, label: Callable[[float], str]) -> QCategoryAxis:
    """A value axis from 0 with round ticks labelled by *label* (¥12万, 1,200 ...)."""
    ticks = nice_ticks(top)
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setStartValue(-ticks[-1] / 1000)
    axis.setRange(0, ticks[-1])
    seen: set[str] = set()
    for tick in ticks:
        text = label(tick)
        if text not in seen:
            seen.add(text)
            axis.append(text, tick)
    _style_axis(axis)
    axis.setLineVisible(False)
    return axis
