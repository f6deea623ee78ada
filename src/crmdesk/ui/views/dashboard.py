"""The dashboard: key figures and charts for a period and an owner, each clickable
through to the datasheet of the records behind it.

The figures come from :mod:`crmdesk.core.analytics`, computed in the worker
thread (``ws.op(..., write=False)``) and scoped to what the user may see (staff
their own, a manager the team, an admin everything).  Every figure, bar and
slice carries the analytics' :class:`~crmdesk.core.analytics.Drill`; clicking it
opens a datasheet filtered to exactly those records.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import shiboken6
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
from PySide6.QtCore import QMargins, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QIcon, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crmdesk.core import analytics
from crmdesk.core.analytics import (
    Criteria,
    Drill,
    ForecastRow,
    KeyFigure,
    SalesRow,
    SegmentRow,
    StageRow,
    TicketCountRow,
)
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.i18n import render
from crmdesk.reports import ReportRequest, formatting
from crmdesk.ui.icons import icon
from crmdesk.ui.operations import Progress
from crmdesk.ui.views.document import Document
from crmdesk.ui.views.reports_criteria import OwnerPicker, PeriodPicker, criteria_of
from crmdesk.ui.workspace import Workspace

#: the colours of the printed charts (reports/charts.py), so screen and paper agree
PALETTE = ("#2E6DA4", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1",
           "#FF9DA7", "#9C755F", "#BAB0AC")
INK, MUTED, GRID = "#1b2430", "#57606a", "#e6e9ee"
#: the largest groups shown in the industry and region charts
TOP_GROUPS = 10

#: the analytics' names of the key figures (context Analytics), shown while computing
FIGURE_LABELS = {
    "sales": "Sales", "orders": "Orders", "average_order": "Average order",
    "new_customers": "New customers", "pipeline": "Open pipeline",
    "weighted": "Weighted forecast", "win_rate": "Win rate",
    "overdue_tasks": "Overdue follow-ups", "open_tickets": "Open tickets",
    "resolve_hours": "Average time to resolve",
}

FIGURE_ICONS = {
    "sales": "chart-column", "orders": "shopping-cart", "average_order": "tag",
    "new_customers": "user-plus", "pipeline": "target", "weighted": "chart-bar",
    "win_rate": "handshake", "overdue_tasks": "clock", "open_tickets": "life-buoy",
    "resolve_hours": "history",
}

#: what the dashboard recomputes after another view wrote one of these
WATCHED = ("customer", "order", "opportunity", "ticket", "task")


# ---------------------------------------------------------------------------
# Figures, computed in the worker thread
# ---------------------------------------------------------------------------

@dataclass
class DashboardData:
    criteria: Criteria
    figures: list[KeyFigure] = field(default_factory=list)
    months: list[SalesRow] = field(default_factory=list)
    industries: list[SalesRow] = field(default_factory=list)
    regions: list[SalesRow] = field(default_factory=list)
    funnel: list[StageRow] = field(default_factory=list)
    forecast: list[ForecastRow] = field(default_factory=list)
    segments: list[SegmentRow] = field(default_factory=list)
    statuses: list[TicketCountRow] = field(default_factory=list)

    def figure(self, key: str) -> KeyFigure:
        return next(f for f in self.figures if f.key == key)


def compute(session: Session, actor: Any, criteria: Criteria,
            progress: Progress | None = None) -> DashboardData:
    """Every figure and chart of the dashboard (touches no widget)."""
    data = DashboardData(criteria)
    steps: list[Callable[[], None]] = [
        lambda: setattr(data, "figures", analytics.key_figures(session, actor, criteria)),
        lambda: setattr(data, "months", analytics.sales_by(session, actor, criteria, "month")),
        lambda: setattr(data, "industries",
                        analytics.sales_by(session, actor, criteria, "industry")),
        lambda: setattr(data, "regions", analytics.sales_by(session, actor, criteria,
                                                            "province")),
        lambda: setattr(data, "funnel", analytics.funnel(session, actor, criteria)),
        lambda: setattr(data, "forecast", analytics.forecast(session, actor, criteria)),
        lambda: setattr(data, "segments", analytics.rfm(session, actor, criteria).segments),
        lambda: setattr(data, "statuses",
                        analytics.service_stats(session, actor, criteria).by_status),
    ]
    for done, step in enumerate(steps):
        if progress is not None:
            progress.check()
            progress.update(done, len(steps))
        step()
    return data


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------

def chinese() -> bool:
    """Amounts in 万 / 亿 when the interface is Chinese."""
    return formatting.language_is_chinese()


def money_headline(cents: int) -> str:
    """A key figure's amount: ``¥1,234.50``, ``¥123.46万``, ``¥1.23亿`` (``¥12.35M``)."""
    yuan = abs(cents) / 100
    sign = "-" if cents < 0 else ""
    steps = ((1e8, "亿"), (1e4, "万")) if chinese() else ((1e9, "B"), (1e6, "M"))
    for size, unit in steps:
        if yuan >= size * (10 if unit == "万" else 1):
            return f"{sign}¥{yuan / size:,.2f}{unit}"
    return formatting.money(cents)


def money_axis_label(yuan: float) -> str:
    with formatting.language(chinese()):
        return formatting.money_compact(round(yuan * 100))


def count_label(value: float) -> str:
    return f"{value:,.0f}"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 covering *top*: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    rough = top / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_labels(keys: Sequence[str | None], other: str = "") -> list[str]:
    """Axis labels of months ``2024-06``: the key itself for a few, ``6月`` / ``Jun`` for up
    to a year (the period is in the chart's corner), ``24-06`` beyond; None -> *other*."""
    real = [k for k in keys if k]
    labels = []
    for key in keys:
        if not key:
            labels.append(other)
        elif len(real) <= 6:
            labels.append(key)
        elif len(real) <= 12:
            month = int(key[5:7])
            labels.append(f"{month}月" if chinese() else MONTHS[month - 1])
        else:
            labels.append(key[2:])
    return labels


def thin_labels(labels: Sequence[str], room: int) -> list[str]:
    """Every k-th label so that at most *room* show (a category axis needs unique names:
    the hidden ones become distinct invisible strings)."""
    step = max(1, math.ceil(len(labels) / max(1, room)))
    if step == 1:
        return list(labels)
    return [label if index % step == 0 else "\u200b" * (index + 1)
            for index, label in enumerate(labels)]


def month_span(keys: Sequence[str | None]) -> str:
    real = [k for k in keys if k]
    return f"{real[0]} – {real[-1]}" if len(real) > 6 else ""


# ---------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------

class FigureCard(QFrame):
    """One key figure; a click (or Enter) opens the records behind it."""

    clicked = Signal()

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setProperty("role", "card")
        self.setObjectName("figure")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.label = QLabel(render(analytics.CONTEXT, FIGURE_LABELS.get(key, "")))
        self.label.setObjectName("figureLabel")
        self.value = QLabel("…")
        self.value.setObjectName("figureValue")
        self.detail = QLabel()
        self.detail.setObjectName("figureDetail")
        self.badge = QLabel()
        colour = "#c42b1c" if key == "overdue_tasks" else "#1f6feb"
        self.badge.setPixmap(icon(FIGURE_ICONS.get(key, "info"), colour).pixmap(18, 18))
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.label, 1)
        top.addWidget(self.badge)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def show_figure(self, figure: KeyFigure) -> None:
        self.label.setText(figure.label)
        self.value.setText(self.value_text(figure))
        exact = ""
        if figure.kind == "money" and isinstance(figure.value, int):
            exact = formatting.money(figure.value)
        self.detail.setText(exact if exact and exact != self.value.text() else " ")
        self.setToolTip(self.tr("{figure}: {value}. Click to see the records.").format(
            figure=figure.label, value=exact or self.value.text()))

    def value_text(self, figure: KeyFigure) -> str:
        value = figure.value
        if value is None:
            return "–"
        if figure.kind == "money":
            return money_headline(int(value))
        if figure.kind == "percent":
            return formatting.percent(float(value))
        if figure.kind == "hours":
            return formatting.hours(float(value))
        return f"{int(value):,}"

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


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
            piece.setBorderColor(QColor("#ffffff"))
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
    axis.setLinePenColor(QColor("#c9cfd6"))
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


# ---------------------------------------------------------------------------
# The dashboard document
# ---------------------------------------------------------------------------

class Dashboard(Document):
    """Key figures and charts; a click on any of them opens the records behind it."""

    key = "dashboard"

    #: a new set of figures is shown (tests wait for it)
    updated = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.data: DashboardData | None = None
        self._generation = 0
        self._stale = False

        self.heading = QLabel(self.tr("Dashboard"))
        self.heading.setProperty("role", "title")
        self.scope = QLabel()
        self.scope.setProperty("role", "subtitle")
        self.period = PeriodPicker("last12")
        self.owner = OwnerPicker(workspace)
        self.owner.setMinimumWidth(120)
        refresh = QPushButton(icon("refresh-cw"), self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        printing = QPushButton(icon("printer"), self.tr("Print ..."))
        printing.setToolTip(self.tr("Print the sales analysis for this period (Ctrl+P)"))
        printing.clicked.connect(self.print_document)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(QLabel(self.tr("Period:")))
        filters.addWidget(self.period)
        filters.addSpacing(8)
        filters.addWidget(QLabel(self.tr("Owner:")))
        filters.addWidget(self.owner)
        filters.addStretch()
        filters.addWidget(refresh)
        filters.addWidget(printing)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.heading)
        titles.addWidget(self.scope)

        self.cards: dict[str, FigureCard] = {}
        figures = QGridLayout()
        figures.setSpacing(10)
        for number, key in enumerate(FIGURE_ICONS):
            card = FigureCard(key)
            card.clicked.connect(lambda k=key: self.open_figure(k))
            self.cards[key] = card
            figures.addWidget(card, number // 5, number % 5)

        self.charts: dict[str, ChartPanel] = {}
        charts = QGridLayout()
        charts.setSpacing(10)
        for key, title, row, column, span in (
                ("months", self.tr("Sales by month"), 0, 0, 2),
                ("industries", self.tr("Sales by industry"), 1, 0, 1),
                ("regions", self.tr("Sales by region"), 1, 1, 1),
                ("funnel", self.tr("Opportunity funnel"), 2, 0, 1),
                ("forecast", self.tr("Weighted forecast by close month"), 2, 1, 1),
                ("segments", self.tr("Customer segments (RFM)"), 3, 0, 1),
                ("statuses", self.tr("Tickets by status"), 3, 1, 1)):
            panel = ChartPanel(key, title)
            panel.drill_requested.connect(
                lambda drill, label, k=key: self.open_drill(drill, self._drill_title(k, label)))
            self.charts[key] = panel
            charts.addWidget(panel, row, column, 1, span)
        charts.setColumnStretch(0, 1)
        charts.setColumnStretch(1, 1)

        body = QWidget()
        body.setObjectName("dashboardBody")
        content = QVBoxLayout(body)
        content.setContentsMargins(16, 12, 16, 16)
        content.setSpacing(10)
        head = QHBoxLayout()
        head.addLayout(titles)
        head.addStretch()
        content.addLayout(head)
        content.addLayout(filters)
        content.addLayout(figures)
        content.addLayout(charts)
        content.addStretch()
        scroll = QScrollArea()
        scroll.setObjectName("dashboard")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.setStyleSheet(DASHBOARD_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.refresh)
        self.period.changed.connect(self._timer.start)
        self.owner.currentIndexChanged.connect(lambda _i: self._timer.start())
        workspace.changed.connect(self._changed)
        self.refresh()

    # -- document ------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Dashboard")

    def icon(self) -> QIcon:
        return icon("layout-dashboard")

    def status_text(self) -> str:
        if self.data is None:
            return self.tr("Computing ...")
        start, end = self.data.criteria.start, self.data.criteria.end
        if start is None and end is None:
            return self.tr("All time")
        return f"{formatting.day(start)} – {formatting.day(end)}"

    def criteria(self) -> Criteria:
        return criteria_of(self.period, self.owner)

    def print_document(self) -> None:
        """Ctrl+P: the sales analysis of the period and owner shown."""
        from crmdesk.ui.dialogs.print_preview import preview_report

        preview_report(self.workspace, self, ReportRequest("sales", criteria=self.criteria()))

    # -- computing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every figure in the worker thread; the newest request wins."""
        self._timer.stop()
        self._stale = False
        self._generation += 1
        generation = self._generation
        criteria = self.criteria()
        actor = self.workspace.actor
        self.scope.setText(self.tr("Computing ..."))

        def work(session: Session, progress: Progress) -> DashboardData:
            return compute(session, actor, criteria, progress)

        def done(data: DashboardData) -> None:
            # the tab may have been closed meanwhile; a newer request may be running
            if shiboken6.isValid(self) and generation == self._generation:
                self.show_data(data)

        self.workspace.op(self, work, write=False, label=self.tr("Computing the figures ..."),
                          cancellable=True).success(done).run()

    def _changed(self, entity: str) -> None:
        if entity not in WATCHED:
            return
        if self.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- drawing -----------------------------------------------------------------------------
    def show_data(self, data: DashboardData) -> None:
        self.data = data
        self.scope.setText(self._scope_text(data.criteria))
        for figure in data.figures:
            card = self.cards.get(figure.key)
            if card is not None:
                card.show_figure(figure)
        self._draw_months(data.months)
        self._draw_groups(self.charts["industries"], data.industries)
        self._draw_groups(self.charts["regions"], data.regions)
        self._draw_funnel(data.funnel)
        self._draw_forecast(data.forecast)
        self._draw_segments(data.segments)
        self._draw_statuses(data.statuses)
        self.status_changed.emit(self.status_text())
        self.updated.emit()

    def _scope_text(self, criteria: Criteria) -> str:
        actor = self.workspace.actor
        if actor.is_admin:
            whose = self.tr("All records")
        elif actor.is_manager:
            whose = self.tr("Your team's records")
        else:
            whose = self.tr("Your own records")
        if criteria.start is None and criteria.end is None:
            period = self.tr("all time")
        else:
            period = f"{formatting.day(criteria.start)} – {formatting.day(criteria.end)}"
        owner = self.owner.currentText() if criteria.owner_id is not None else ""
        parts = [whose, period] + ([owner] if owner else [])
        return " · ".join(parts)

    def _sales_text(self, row: SalesRow) -> str:
        return self.tr("{total} · {orders} orders").format(
            total=formatting.money(row.total_cents), orders=f"{row.orders:,}")

    def _draw_months(self, rows: list[SalesRow]) -> None:
        elements = [Element(row.label, self._sales_text(row), row.drill) for row in rows]
        self.charts["months"].hint.setText(month_span([row.key for row in rows]))
        self.charts["months"].show_bars(
            month_labels([row.key for row in rows]),
            [(self.tr("Sales"), [row.total_cents / 100 for row in rows], elements)],
            thin=True, empty_text=self.tr("No sales in this period."))

    def _draw_groups(self, panel: ChartPanel, rows: list[SalesRow]) -> None:
        shown = [row for row in rows if row.total_cents > 0][:TOP_GROUPS]
        shown.reverse()  # horizontal bars grow upwards: the largest on top
        elements = [Element(row.label, self._sales_text(row), row.drill) for row in shown]
        panel.hint.setText(self.tr("Top {n} of {total}").format(n=len(shown), total=len(rows))
                           if len(rows) > len(shown) else "")
        panel.show_bars([row.label for row in shown],
                        [(self.tr("Sales"), [row.total_cents / 100 for row in shown], elements)],
                        horizontal=True, empty_text=self.tr("No sales in this period."))

    def _draw_funnel(self, rows: list[StageRow]) -> None:
        shown = [row for row in rows if not row.is_lost]
        shown.reverse()  # the first stage on top

        def text(row: StageRow) -> str:
            return self.tr("{n} opportunities · {amount} · weighted {weighted}").format(
                n=f"{row.count:,}", amount=formatting.money(row.amount_cents),
                weighted=formatting.money(row.weighted_cents))

        elements = [Element(row.label, text(row), row.drill) for row in shown]
        self.charts["funnel"].show_bars(
            [row.label for row in shown],
            [(self.tr("Amount"), [row.amount_cents / 100 for row in shown], elements),
             (self.tr("Weighted"), [row.weighted_cents / 100 for row in shown], elements)],
            horizontal=True, empty_text=self.tr("No opportunities close in this period."))

    def _draw_forecast(self, rows: list[ForecastRow]) -> None:
        won_keys = [row.key for row in (self.data.funnel if self.data else []) if row.is_won]
        won_elements, open_elements = [], []
        for row in rows:
            won_filters = [f for f in row.drill.query.filters
                           if not (f.field == "stage" and f.op == "in")]
            won_drill = Drill("opportunity", ListQuery(
                filters=[*won_filters, Filter("stage", "in", won_keys)]))
            label = row.label if row.key is None else row.key
            won_elements.append(Element(label, self.tr("Won: {amount} ({n})").format(
                amount=formatting.money(row.won_cents), n=f"{row.won_count:,}"), won_drill))
            open_elements.append(Element(label, self.tr(
                "Open: {amount} ({n}), weighted {weighted}").format(
                    amount=formatting.money(row.open_cents), n=f"{row.open_count:,}",
                    weighted=formatting.money(row.weighted_cents)), row.drill))
        keys = [row.key for row in rows]
        self.charts["forecast"].hint.setText(month_span(keys))
        self.charts["forecast"].show_bars(
            month_labels(keys, self.tr("No date")),
            [(self.tr("Won"), [row.won_cents / 100 for row in rows], won_elements),
             (self.tr("Weighted open"), [row.weighted_cents / 100 for row in rows],
              open_elements)],
            stacked=True, thin=True,
            empty_text=self.tr("No opportunities close in this period."))

    def _draw_segments(self, rows: list[SegmentRow]) -> None:
        shown = [row for row in rows if row.customers]
        elements = [Element(row.label, self.tr("{n} customers · {total}").format(
            n=f"{row.customers:,}", total=formatting.money(row.total_cents)), row.drill)
            for row in shown]
        self.charts["segments"].show_pie(
            [row.customers for row in shown], elements,
            empty_text=self.tr("No customers bought in this period."))

    def _draw_statuses(self, rows: list[TicketCountRow]) -> None:
        elements = [Element(row.label, self.tr("{n} tickets").format(n=f"{row.count:,}"),
                            row.drill) for row in rows]
        self.charts["statuses"].show_bars(
            [row.label for row in rows],
            [(self.tr("Tickets"), [row.count for row in rows], elements)], money=False,
            empty_text=self.tr("No tickets were opened in this period."))

    # -- drilling through ------------------------------------------------------------------------
    def open_figure(self, key: str) -> None:
        if self.data is None:
            return
        figure = self.data.figure(key)
        if figure.drill is not None:
            self.open_drill(figure.drill, figure.label)

    def _drill_title(self, chart: str, label: str) -> str:
        return f"{self.charts[chart].heading.text()}: {label}"

    def open_drill(self, drill: Drill, title: str) -> None:
        """Open the datasheet of the records behind a figure, bar or slice."""
        self.open_requested.emit("drill", (drill, title))


DASHBOARD_STYLE = """
QScrollArea#dashboard, QWidget#dashboardBody { background: #f6f7f9; }
QFrame#figure { background: #ffffff; }
QFrame#figure:focus { border: 1px solid #1f6feb; }
QFrame#figure:hover { border: 1px solid #9ec2fa; }
QLabel#figureLabel { color: #57606a; font-size: 9.5pt; }
QLabel#figureValue { color: #1b2430; font-size: 17pt; font-weight: 600; }
QLabel#figureDetail { color: #6a737d; font-size: 8.5pt; }
"""

