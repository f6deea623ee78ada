"""The dashboard's key-figure cards: a figure, its exact amount, a click to its records."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from crmdesk.core import analytics
from crmdesk.core.analytics import KeyFigure
from crmdesk.i18n import render
from crmdesk.reports import formatting
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.dashboard_format import money_headline

#: the analytics' names of the key figures (context Analytics), shown while computing
FIGURE_LABELS = {
    "sales": "Sales", "orders": "Orders", "average_order": "Average order",
    "new_customers": "New customers", "pipeline": "Open pipeline",
    "weighted": "Weighted forecast", "win_rate": "Win rate",
    "overdue_tasks": "Overdue follow-ups", "open_tickets": "Open tickets",
    "resolve_hours": "Average time to resolve",
    "receivables": "Receivables", "overdue_receivables": "Overdue receivables",
}

FIGURE_ICONS = {
    "sales": "chart-column", "orders": "shopping-cart", "average_order": "tag",
    "new_customers": "user-plus", "pipeline": "target", "weighted": "chart-bar",
    "win_rate": "handshake", "overdue_tasks": "clock", "open_tickets": "life-buoy",
    "resolve_hours": "history", "receivables": "wallet", "overdue_receivables": "receipt",
}



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
        colour = theme.ERROR if key == "overdue_tasks" else theme.ACCENT
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


#: the cards' look (the dashboard installs it)
CARD_STYLE = f"""
QScrollArea#dashboard, QWidget#dashboardBody {{ background: {theme.WINDOW}; }}
QFrame#figure {{ background: {theme.SURFACE}; }}
QFrame#figure:focus {{ border: 1px solid {theme.ACCENT}; }}
QFrame#figure:hover {{ border: 1px solid {theme.ACCENT_HOVER_BORDER}; }}
QLabel#figureLabel {{ color: {theme.TEXT_MUTED}; font-size: 9.5pt; }}
QLabel#figureValue {{ color: {theme.TEXT_STRONG}; font-size: 17pt; font-weight: 600; }}
QLabel#figureDetail {{ color: {theme.TEXT_HINT}; font-size: 8.5pt; }}
"""
