"""Settings > Ticket statuses and Ticket transitions change what the ticket form offers:
a cell of the transitions grid edits a move, and the form offers only the allowed
statuses (a closed ticket cannot be reopened by staff)."""

from __future__ import annotations

from sqlalchemy import select

from crmdesk.core.models import TicketStatus
from crmdesk.core.services import accounts, ticket_flow
from crmdesk.core.services.tickets import tickets
from crmdesk.storage.database import open_database
from crmdesk.ui.views.admin.settings import SettingsView
from crmdesk.ui.views.ticket_form import TicketForm
from tests.conftest import PASSWORD
from tests.ui.conftest import seed_customers, type_text


def _moves(db_path):  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    try:
        with db.session() as s:
            keys = {st.id: st.key for st in ticket_flow.all_statuses(s)}
            return {(keys[a], keys[b]): roles for (a, b), roles in
                    ticket_flow.transitions(s).items()}
    finally:
        db.close()


def _ticket(db_path, status_key: str) -> int:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "报修客户"}])[0]
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            staff = accounts.login(s, "staff1", PASSWORD)
            obj = tickets.create(s, staff, {"customer_id": cid, "subject": "打印机卡纸"})
            status = s.execute(select(TicketStatus.id).where(TicketStatus.key == status_key)
                               ).scalar_one()
            tickets.move(s, staff, obj.id, status)
            return int(obj.id)
    finally:
        db.close()


def _offered(form: TicketForm) -> list[str]:
    combo = form.editors["status_id"].combo  # type: ignore[attr-defined]
    return [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)]


def test_the_transitions_grid_edits_a_move_and_the_form_obeys(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    window.open_entry("settings")
    view = window.current_document()
    assert isinstance(view, SettingsView)
    grid = view.transitions
    cell = grid.cell("new", "closed")
    assert cell is not None and cell.currentData() == "everyone"
    assert grid.cell("closed", "new").currentData() == "managers"  # reopening
    cell.setCurrentIndex(cell.findData("nobody"))
    settle(window)
    assert grid.message.text() == ""
    assert ("new", "closed") not in _moves(db_path)

    # a status added in the statuses tab shows in the grid at once
    statuses = view.ticket_statuses
    statuses.add("parts", "Waiting for parts", "等配件", "waiting")
    settle(window)
    assert statuses.message.text() == ""
    assert [r.key for r in statuses.rows][-1] == "parts"
    assert grid.cell("new", "parts") is not None
    statuses.add("other", "Resolved", "", "open")  # a problem names the field
    settle(window)
    assert "Name (English)" in statuses.message.text()
    window.close()

    ticket_id = _ticket(db_path, "new")
    window = login("staff1")
    window.open_document("record", ("ticket", ticket_id))
    settle(window)
    form = window.current_document()
    assert isinstance(form, TicketForm)
    offered = _offered(form)
    assert "New" in offered and "In progress" in offered and "Waiting for parts" in offered
    assert "Closed" not in offered  # the move taken away in the grid


def test_staff_are_not_offered_reopening_and_a_move_keeps_its_comment(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    ticket_id = _ticket(db_path, "resolved")
    window = login("staff1")
    window.open_document("record", ("ticket", ticket_id))
    settle(window)
    form = window.current_document()
    assert isinstance(form, TicketForm)
    assert sorted(_offered(form)) == ["Closed", "Resolved"]
    combo = form.editors["status_id"].combo  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findText("Closed"))
    type_text(qtbot, form.comment, "客户确认已解决")
    form.save()
    settle(window)
    texts = [form.history.item(i).text() for i in range(form.history.count())]
    assert "Status: Resolved → Closed" in texts[0] and "客户确认已解决" in texts[0]
    assert form.comment.toPlainText() == ""
    # from Closed staff may go back to Resolved (both closed), not to an open status
    assert combo.currentText() == "Closed" and sorted(_offered(form)) == ["Closed", "Resolved"]
