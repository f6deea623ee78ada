"""The dashboard: key figures and charts for a period and an owner, each clickable
through to the datasheet of the records behind it.

The figures come from :mod:`crmdesk.core.analytics`, computed in the worker
thread (``ws.op(..., write=False)``) and scoped to what the user may see (staff
their own, a manager the team, an admin everything).  Every figure, bar and
slice carries the analytics' :class:`~crmdesk.core.analytics.Drill`; clicking it
opens a datasheet filtered to exactly those records.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.analytics import (
    Criteria,
    Drill,
    ForecastRow,
    SalesRow,
    SegmentRow,
    StageRow,
    TicketCountRow,
)
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.session import Session
from crmdesk.jobs import Job
from crmdesk.reports import ReportRequest, formatting
from crmdesk.ui.icons import icon
from crmdesk.ui.views.dashboard_cards import CARD_STYLE, FIGURE_ICONS, FigureCard
from crmdesk.ui.views.dashboard_charts import ChartPanel, Element
from crmdesk.ui.views.dashboard_data import DashboardData, compute
from crmdesk.ui.views.dashboard_format import month_labels, month_span, nice_ticks, thin_labels
from crmdesk.ui.views.document import Document
from crmdesk.ui.views.receivables import draw_receivables
from crmdesk.ui.views.reports_criteria import OwnerPicker, PeriodPicker, criteria_of
from crmdesk.ui.workspace import Workspace

__all__ = ["Dashboard", "DashboardData", "compute", "month_labels", "nice_ticks",
           "thin_labels"]

#: the largest groups shown in the industry and region charts
TOP_GROUPS = 10

#: what the dashboard recomputes after another view wrote one of these
WATCHED = ("customer", "order", "opportunity", "ticket", "task")


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
            figures.addWidget(card, number // 6, number % 6)

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
                ("statuses", self.tr("Tickets by status"), 3, 1, 1),
                ("receivables", self.tr("Receivables by age"), 4, 0, 1),
                ("channels", self.tr("Sales by channel"), 4, 1, 1)):
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
        self.setStyleSheet(CARD_STYLE)
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

        def work(session: Session, job: Job) -> DashboardData:
            return compute(session, actor, criteria, job)

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
        draw_receivables(self.charts["receivables"], data.receivables)
        self._draw_groups(self.charts["channels"], data.channels)
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
