"""The dashboard against known answers: figures, filters, and clicks through to the records."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QPieSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolTip

from crmdesk.core import analytics
from crmdesk.core.analytics import Criteria
from crmdesk.ui.errors import ErrorReporter
from crmdesk.ui.views.dashboard import Dashboard, month_labels, nice_ticks, thin_labels
from crmdesk.ui.views.datasheet import DatasheetView
from crmdesk.ui.views.reports_criteria import period_range
from tests.unit import known_sales

YEAR_2024 = (date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture
def known(db, users):  # type: ignore[no-untyped-def]
    return known_sales.build(db, users)


def open_dashboard(window, qtbot, settle, period=YEAR_2024):  # type: ignore[no-untyped-def]
    window.open_entry("dashboard")
    dash = window.current_document()
    assert isinstance(dash, Dashboard)
    settle(window)
    with qtbot.waitSignal(dash.updated, timeout=5000):
        if period is None:
            dash.period.set_kind("all")
        else:
            dash.period.set_custom(*period)
    settle(window)
    return dash


def test_figures_equal_the_analytics(login, qtbot, settle, db, users, known) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    dash = open_dashboard(window, qtbot, settle)
    with db.session() as s:
        expected = analytics.key_figures(s, users.admin, Criteria(*YEAR_2024))
    assert [f.key for f in expected] == list(dash.cards)
    for figure in expected:
        card = dash.cards[figure.key]
        assert card.label.text() == figure.label
        assert card.value.text() == card.value_text(figure), figure.key
    # by construction: A 60,000 + B 30,000 + D 2,000 + F 8,000 in 7 orders
    assert dash.cards["sales"].value.text() == "¥100,000.00"
    assert dash.cards["orders"].value.text() == "7"
    assert dash.cards["average_order"].value.text() == "¥14,285.71"
    assert dash.cards["win_rate"].value.text() == "–"  # none closed in 2024 (closed today)
    assert "All records" in dash.scope.text() and "2024-01-01" in dash.scope.text()
    # the charts hold the analytics' groups
    months = dash.charts["months"].elements[0]
    assert len(months) == 12 and months[5].label == "2024-06"
    industries = [e.label for e in dash.charts["industries"].elements[0]]
    assert industries[-1] == "制造业"  # the largest is drawn on top (last of the bars)
    segments = {e.label for e in dash.charts["segments"].elements[0]}
    assert {"Important value", "Important to win back", "General value"} <= segments
    statuses = dash.charts["statuses"].elements[0]
    assert sum(int(e.text.split()[0]) for e in statuses) == 4


def test_clicks_open_the_records_behind(login, qtbot, settle, known) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    dash = open_dashboard(window, qtbot, settle)

    # a key figure: the orders of the period
    qtbot.mouseClick(dash.cards["orders"], Qt.MouseButton.LeftButton)
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView) and sheet.entity == "order"
    assert sheet.model.rowCount() == 7
    assert sheet.title() == "Orders"

    # a bar, through the signal the chart emits: orders of 制造业 customers (A 3 + F 1)
    window.tabs.setCurrentWidget(dash)
    panel = dash.charts["industries"]
    bars = next(s for s in panel.view.chart().series() if isinstance(s, QAbstractBarSeries))
    index = [e.label for e in panel.elements[0]].index("制造业")
    panel.hover(True, index)  # hovering a bar: A 60,000 + F 8,000
    assert QToolTip.text().startswith("制造业\n¥68,000.00 · 4 orders")
    panel.hover(False, index)
    bars.barSets()[0].clicked.emit(index)
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView) and sheet.entity == "order"
    assert sheet.model.rowCount() == 4
    assert sheet.title() == "Sales by industry: 制造业"

    # a slice: the customers of an RFM segment (an id list)
    window.tabs.setCurrentWidget(dash)
    panel = dash.charts["segments"]
    labels = [e.label for e in panel.elements[0]]
    pie = next(s for s in panel.view.chart().series() if isinstance(s, QPieSeries))
    pie.slices()[labels.index("Important value")].clicked.emit()
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView) and sheet.entity == "customer"
    assert sheet.model.rowCount() == 1  # A

    # a month of the stacked forecast: the won opportunities of July 2024 (D's 年度采购)
    window.tabs.setCurrentWidget(dash)
    dash.period.set_custom(date(2024, 7, 1), date(2024, 8, 31))
    settle(window)
    qtbot.waitUntil(lambda: dash.data is not None and dash.data.criteria.start == date(2024, 7, 1))
    dash.charts["forecast"].activate(0, series=0)
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView) and sheet.entity == "opportunity"
    assert sheet.model.rowCount() == 1
    window.tabs.setCurrentWidget(dash)
    dash.charts["forecast"].activate(0, series=1)  # the open ones of July: A's 扩产项目, B's 系统升级
    assert window.current_document().model.rowCount() == 2


def test_owner_and_period_change_the_figures(login, qtbot, settle, users, known) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    dash = open_dashboard(window, qtbot, settle)
    assert dash.owner.isEnabled()
    with qtbot.waitSignal(dash.updated, timeout=5000):
        dash.owner.set_owner(users.staff2.user_id)
    settle(window)
    assert dash.cards["sales"].value.text() == "¥2,000.00"  # D's two orders in 2024
    assert dash.cards["orders"].value.text() == "2"
    assert "张伟" in dash.scope.text()
    with qtbot.waitSignal(dash.updated, timeout=5000):
        dash.period.set_kind("all")  # E's order of 2023 counts too
    settle(window)
    assert dash.cards["sales"].value.text() == "¥2,500.00"
    assert dash.status_text() == "All time"


def test_staff_and_managers_see_their_own_scope(login, qtbot, settle, known) -> None:  # type: ignore[no-untyped-def]
    staff = login("staff1")
    dash = open_dashboard(staff, qtbot, settle)
    assert not dash.owner.isEnabled() and dash.owner.currentText() == "李娜"
    assert dash.cards["sales"].value.text() == "¥90,000.00"  # A and B
    assert "Your own records" in dash.scope.text()
    manager = login("manager")
    dash = open_dashboard(manager, qtbot, settle)
    assert dash.cards["sales"].value.text() == "¥92,000.00"  # A, B and D (team 华东组)
    names = [dash.owner.itemText(i) for i in range(dash.owner.count())]
    assert "陈静" not in names and "张伟" in names  # staff3 is in another team


def test_changes_elsewhere_refresh_the_figures(login, qtbot, settle, db, users, known) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.sales import LineInput, orders

    window = login("admin")
    dash = open_dashboard(window, qtbot, settle)
    with db.transaction() as s:
        orders.create_with_lines(s, users.staff1, {"customer_id": known.ids["C"],
                                                   "order_date": date(2024, 9, 1)},
                                 [LineInput(description="货品", quantity=1, unit_price="500")])
    with qtbot.waitSignal(dash.updated, timeout=5000):
        window.workspace.notify_changed("order")
    settle(window)
    assert dash.cards["orders"].value.text() == "8"


def test_closing_while_computing_is_harmless(login, qtbot, settle, known) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    window.open_entry("dashboard")
    dash = window.current_document()
    assert isinstance(dash, Dashboard) and dash.data is None  # still computing
    window.close_current_tab()
    settle(window)
    qtbot.wait(50)
    assert not any(isinstance(d, Dashboard) for d in window.documents())
    assert ErrorReporter.shown == []


def test_empty_period_shows_messages_not_charts(login, qtbot, settle, known) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    dash = open_dashboard(window, qtbot, settle, period=(date(2030, 1, 1), date(2030, 3, 31)))
    panel = dash.charts["industries"]
    assert panel.empty.isVisibleTo(dash) and not panel.view.isVisibleTo(dash)
    assert panel.empty.text() == "No sales in this period."
    assert dash.cards["sales"].value.text() == "¥0.00"


def test_periods_and_axis_helpers() -> None:
    today = date(2024, 5, 17)
    assert period_range("month", today) == (date(2024, 5, 1), date(2024, 5, 31))
    assert period_range("quarter", today) == (date(2024, 4, 1), date(2024, 6, 30))
    assert period_range("year", today) == (date(2024, 1, 1), date(2024, 12, 31))
    assert period_range("last12", today) == (date(2023, 6, 1), date(2024, 5, 31))
    assert period_range("last12", date(2024, 12, 3)) == (date(2024, 1, 1), date(2024, 12, 31))
    assert period_range("all", today) == (None, None)
    assert nice_ticks(9_300) == [0, 2_500, 5_000, 7_500, 10_000]
    assert nice_ticks(0.5)[-1] >= 0.5 and nice_ticks(0) == [0.0, 1.0]
    assert month_labels(["2024-05", "2024-06"]) == ["2024-05", "2024-06"]
    thinned = thin_labels([str(n) for n in range(10)], 4)
    assert [t for t in thinned if t.strip("\u200b")] == ["0", "3", "6", "9"]
    assert len(set(thinned)) == 10  # still unique categories
    assert thin_labels(["a", "b"], 4) == ["a", "b"]
    assert month_labels([f"2024-{m:02d}" for m in range(1, 13)])[:2] == ["Jan", "Feb"]
    assert month_labels([f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01", None],
                        "none")[-2:] == ["25-01", "none"]
