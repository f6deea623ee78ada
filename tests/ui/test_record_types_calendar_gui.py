"""A designed record type's date in the calendar window (issue 15, item 2): the month
view shows a policy's end date in the type's own colour (with the type in the legend),
double-clicking opens the policy's form, and dragging it to another day changes the
date through the type's service."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QDropEvent
from PySide6.QtWidgets import QLabel

from crmdesk.core.record_types import deactivate
from tests.ui.conftest import seed_customers


@pytest.fixture(autouse=True)
def _forget_types():  # type: ignore[no-untyped-def]
    yield
    deactivate()


POLICY: dict[str, Any] = {
    "key": "policy", "name_zh": "保单", "name_en": "Policy", "code_prefix": "BD",
    "belongs_to": "customer",
    "fields": [
        {"key": "number", "name_zh": "保单号", "name_en": "Policy number", "kind": "text"},
        {"key": "end_date", "name_zh": "终保日期", "name_en": "End date", "kind": "date",
         "remind_days_before": 30},
    ]}


def _seed(db_path: Any, day: date) -> int:
    from crmdesk.core.services import accounts
    from crmdesk.core.services import record_types as designer
    from crmdesk.core.services.registry import service_for
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    cid = seed_customers(db_path, "staff1", [{"name": "张三"}])[0]
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            designer.create_type(s, accounts.login(s, "admin", PASSWORD), POLICY)
            return int(service_for("policy").create(
                s, accounts.login(s, "staff1", PASSWORD),
                {"customer_id": cid, "number": "PA-2031", "end_date": day}).id)
    finally:
        db.close()


def _titles(cell: Any) -> list[str]:
    return [cell.item(i).data(Qt.ItemDataRole.UserRole).title for i in range(cell.count())
            if cell.item(i).data(Qt.ItemDataRole.UserRole) is not None]


def test_a_designed_date_in_the_month_view_opens_and_moves(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts
    from crmdesk.core.services.registry import service_for
    from crmdesk.storage.database import open_database
    from crmdesk.ui.views.calendar import COLOURS, CalendarView, colour_of
    from tests.conftest import PASSWORD

    day = date.today().replace(day=10)
    target = day + timedelta(days=4)
    policy = _seed(db_path, day)
    window = login("staff1")
    window.open_entry("calendar")
    settle(window)  # the items are read on a reader thread
    view = window.current_document()
    assert isinstance(view, CalendarView) and view.mode == "month"
    cell = view.cells[(day, None)]
    assert _titles(cell) == ["PA-2031 · End date"]
    row = cell.item(0)
    assert row.toolTip().startswith("Policy · End date")
    assert colour_of("policy.end_date") not in COLOURS.values()
    assert row.foreground().color().name() == \
        QColor(colour_of("policy.end_date")).darker(130).name()
    assert "■ Policy · End date" in [label.text() for label in view.findChildren(QLabel)]

    # double-click: the policy's form
    cell.itemDoubleClicked.emit(row)
    settle(window)
    form = window.current_document()
    assert form.entity == "policy" and form.record_id == policy

    # drag to another day: the end date changes (through the service)
    window.open_entry("calendar")
    settle(window)
    assert window.current_document() is view
    source = view.cells[(day, None)]
    data = source.mimeData([source.item(0)])
    view.cells[(target, None)].dropEvent(QDropEvent(
        QPointF(10, 10), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier))
    settle(window)
    assert view.message.text() == ""
    assert _titles(view.cells[(target, None)]) == ["PA-2031 · End date"]
    assert _titles(view.cells[(day, None)]) == []
    db = open_database(db_path)
    try:
        with db.session() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            assert service_for("policy").get(s, actor, policy).end_date == target
    finally:
        db.close()


def test_the_designer_sets_a_date_fields_calendar_and_reminder(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import reminders
    from crmdesk.ui.views.admin.record_types import RecordTypesView, RulesDialog

    _seed(db_path, date.today() + timedelta(days=10))
    window = login("admin")
    window.open_entry("record_types")
    view = window.current_document()
    assert isinstance(view, RecordTypesView)
    typedef = next(t for t in view.types if t.key == "policy")
    end_date = typedef.field("end_date")
    dialog = RulesDialog(view, end_date)
    assert dialog.calendar.isChecked() and dialog.remind.value() == 30
    dialog.calendar.setChecked(False)
    dialog.remind.setValue(-1)  # "No reminder"
    assert dialog.remind.text() == "No reminder"
    changes = dialog.changes()
    assert changes["calendar"] is False and changes["remind_days_before"] is None
    assert "calendar" not in RulesDialog(view, typedef.field("number")).changes()
    view.change_rules("policy", "end_date", changes)
    settle(window)
    assert view.message.text() == ""
    field = next(t for t in view.types if t.key == "policy").field("end_date")
    assert field is not None and not field.calendar and field.remind_days_before is None
    view.change_rules("policy", "end_date", {"remind_days_before": 12})
    settle(window)
    field = next(t for t in view.types if t.key == "policy").field("end_date")
    assert field is not None and field.remind_days_before == 12
    assert reminders.kind_text("policy.end_date") == "Policy · End date"
