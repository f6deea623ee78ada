"""Due dates are red only while the ticket or task is still open (issue 10, item 7)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from crmdesk.core.models import TicketStatus
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.storage.database import open_database
from tests.ui.conftest import seed_customers

RED = "#c42b1c"


def colour_of(sheet: Any, title_key: str, title: str, due_key: str) -> str | None:
    keys = [s.key for s in sheet.all_specs]
    model = sheet.model
    for row in range(model.rowCount()):
        if model.data(model.index(row, keys.index(title_key))) == title:
            brush = model.data(model.index(row, keys.index(due_key)),
                               Qt.ItemDataRole.ForegroundRole)
            return None if brush is None else brush.color().name()
    raise AssertionError(f"{title} not shown")


def test_closed_tickets_and_done_tasks_are_not_overdue(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts
    from tests.conftest import PASSWORD

    cid = seed_customers(db_path, "staff1", [{"name": "报修客户"}])[0]
    past = date.today() - timedelta(days=5)
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            closed = s.execute(select(TicketStatus.id).where(TicketStatus.key == "closed")
                               ).scalar_one()
            tickets.create(s, actor, {"subject": "仍未解决", "customer_id": cid,
                                      "due_date": past})
            done = tickets.create(s, actor, {"subject": "已经关闭", "customer_id": cid,
                                             "due_date": past})
            tickets.update(s, actor, done.id, {"status_id": closed})
            then = datetime.combine(past, datetime.min.time()).astimezone()
            tasks.create(s, actor, {"title": "逾期回访", "due_at": then})
            finished = tasks.create(s, actor, {"title": "已完成回访", "due_at": then})
            tasks.complete(s, actor, finished.id)
    finally:
        db.close()
    window = login("staff1")
    window.open_entry("tickets")
    settle(window)
    sheet = window.current_document()
    assert colour_of(sheet, "subject", "仍未解决", "due_date") == RED
    assert colour_of(sheet, "subject", "已经关闭", "due_date") is None
    window.open_entry("tasks")
    settle(window)
    sheet = window.current_document()
    assert colour_of(sheet, "title", "逾期回访", "due_at") == RED
    assert colour_of(sheet, "title", "已完成回访", "due_at") is None
