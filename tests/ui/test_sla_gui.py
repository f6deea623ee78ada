"""Service levels in the window: a breach shows up in the manager's Today, the ticket
form shows the time left, and the settings tab edits a target."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from crmdesk.core.models import Ticket, TicketEvent, utcnow
from crmdesk.core.services import accounts, service_levels
from crmdesk.core.services.tickets import tickets
from crmdesk.storage.database import open_database
from crmdesk.ui.views.admin.settings import SettingsView
from crmdesk.ui.views.ticket_form import TicketForm
from crmdesk.ui.views.today import TodayPanel
from tests.conftest import PASSWORD
from tests.ui.conftest import seed_customers


def _ticket(db_path: Any, *, days_ago: int = 0, priority: str = "urgent") -> int:
    cid = seed_customers(db_path, "staff1", [{"name": "报修客户"}])[0]
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            staff = accounts.login(s, "staff1", PASSWORD)
            tid = int(tickets.create(s, staff, {"customer_id": cid, "subject": "打印机卡纸",
                                                "priority": priority}).id)
            if days_ago:  # opened a week ago, never answered: breached by now
                then = utcnow() - timedelta(days=days_ago)
                s.execute(update(Ticket).where(Ticket.id == tid).values(created_at=then))
                s.execute(update(TicketEvent).where(TicketEvent.ticket_id == tid)
                          .values(at=then))
                s.expire_all()
                service_levels.recompute(s, s.get(Ticket, tid))
            return tid
    finally:
        db.close()


def _top_level(panel: TodayPanel) -> dict[str, list[str]]:
    tree = panel.tree
    return {tree.topLevelItem(i).text(0): [tree.topLevelItem(i).child(j).text(0)
                                           for j in range(tree.topLevelItem(i).childCount())]
            for i in range(tree.topLevelItemCount())}


def test_a_breach_shows_up_in_the_managers_today(login, db_path, settle, qtbot) -> None:  # type: ignore[no-untyped-def]
    tid = _ticket(db_path, days_ago=7)
    window = login("manager")
    settle(window)
    today = window.current_document()
    assert isinstance(today, TodayPanel)
    heading = "Service levels breached (2)"  # the first response and the resolution
    qtbot.waitUntil(lambda: heading in _top_level(today), timeout=5000)
    rows = _top_level(today)[heading]
    assert all("打印机卡纸" in r for r in rows)
    head = today.tree.topLevelItem(0)
    assert head.text(0) == heading
    assert head.child(0).text(3) in ("First response breached", "Resolution breached")
    assert head.child(0).data(0, 0x0100)[:2] == ("ticket", tid)
    # the other team's manager has no flag
    other = login("manager2")
    settle(other)
    assert not any(k.startswith("Service levels") for k in _top_level(other.current_document()))


def test_the_form_shows_time_left_and_a_breach(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    fresh = _ticket(db_path, priority="urgent")
    late = _ticket(db_path, days_ago=7)
    window = login("staff1")
    settle(window)
    form = TicketForm(window.workspace, fresh)
    assert form.sla_line.isVisible() or not form.isVisible()
    text = form.sla_line.plain_text()
    assert "First response: On track, 1 h left" in text
    assert "Resolution: On track, 4 h left" in text
    form2 = TicketForm(window.workspace, late)
    assert "First response: Breached" in form2.sla_line.plain_text()
    assert "over" in form2.sla_line.plain_text()


def test_the_settings_tab_sets_a_target(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    window.open_entry("settings")
    view = window.current_document()
    assert isinstance(view, SettingsView)
    editor = view.service_levels
    editor.priority.setCurrentIndex(editor.priority.findData("high"))
    editor.response.setText("30m")
    editor.resolution.setText("1d")
    editor.set_target()
    settle(window)
    shown = {(editor.targets.item(r, 0).text(), editor.targets.item(r, 2).text(),
              editor.targets.item(r, 3).text()) for r in range(editor.targets.rowCount())}
    assert ("High", "30m", "9h") in shown
    editor.response.setText("soon")
    editor.set_target()
    assert "soon is not a length of working time" in editor.message.text()
    editor.days[5][0].setChecked(True)  # Saturday
    editor.threshold.setValue(70)
    editor.save_week()
    settle(window)
    db = open_database(db_path)
    try:
        with db.session() as s:
            cfg = service_levels.config(s)
    finally:
        db.close()
    assert cfg.week[5] == (9 * 60, 18 * 60) and cfg.at_risk_percent == 70


def test_the_service_levels_list_shows_breached_tickets(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.views.sla import SlaTicketsView

    late = _ticket(db_path, days_ago=7)
    _ticket(db_path)  # on track: not listed
    window = login("staff1")
    settle(window)
    window.open_entry("sla")
    settle(window)  # read on a reader thread
    view = window.current_document()
    assert isinstance(view, SlaTicketsView)
    shown = [(view.table.item(r, 2).text(), view.table.item(r, 3).text())
             for r in range(view.table.rowCount())]
    assert sorted(shown) == [("First response", "Breached"), ("Resolution", "Breached")]
    assert {r.ticket_id for r in view.rows} == {late}
    assert view.table.item(0, 5).text().endswith("over")
    view.state.setCurrentIndex(view.state.findData("at_risk"))
    settle(window)
    assert view.table.rowCount() == 0
    view._open(-1)  # nothing selected: nothing opens
    window.open_entry("sla")
    assert window.current_document() is view
