"""Settings > Ticket assignment edits the rules a new ticket from the window obeys, and
closing a ticket in its form asks for the customer's satisfaction."""

from __future__ import annotations

from sqlalchemy import select

from crmdesk.core.models import Task, Ticket, TicketSatisfaction
from crmdesk.core.services import accounts
from crmdesk.storage.database import open_database
from crmdesk.ui.dialogs.satisfaction import SatisfactionDialog
from crmdesk.ui.views.admin.assignment_rules import AssignmentRulesEditor, RuleDialog
from crmdesk.ui.views.admin.settings import SettingsView
from crmdesk.ui.views.ticket_form import TicketForm
from tests.ui.conftest import seed_customers, type_text


def _read(db_path, fn):  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    try:
        with db.session() as s:
            return fn(s)
    finally:
        db.close()


def test_the_rules_page_and_a_new_ticket_obeys_it(login, db_path, qtbot, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    window.open_entry("settings")
    view = window.current_document()
    assert isinstance(view, SettingsView)
    editor = view.assignment
    assert isinstance(editor, AssignmentRulesEditor) and editor.table.rowCount() == 0

    def fill(dialog: RuleDialog) -> RuleDialog.DialogCode:
        dialog.kind.setCurrentIndex(dialog.kind.findText("Complaint"))
        dialog.to_user.setChecked(True)
        dialog.user.setCurrentIndex(dialog.user.findText("张伟"))
        return RuleDialog.DialogCode.Accepted

    monkeypatch.setattr(RuleDialog, "exec", fill)
    editor.ask_add()
    settle(window)
    team = _read(db_path, lambda s: accounts.team_by_name(s, "华西组").id)
    editor.add(team_id=team)  # a catch-all rule, last
    settle(window)
    cells = [[editor.table.item(r, c).text() for c in range(4)]  # type: ignore[union-attr]
             for r in range(editor.table.rowCount())]
    assert cells == [["1", "Ticket type = Complaint", "张伟", "Yes"],
                     ["2", "every ticket", "team 华西组 (in turn)", "Yes"]]
    editor.table.selectRow(1)
    editor.move_selected(-1)
    settle(window)
    assert editor.table.item(0, 1).text() == "every ticket"  # type: ignore[union-attr]
    editor.table.selectRow(0)
    editor.toggle_selected()
    settle(window)
    assert editor.table.item(0, 3).text() == "No"  # type: ignore[union-attr]
    editor.add(kind="complaint")  # no target: the problem shows under the table
    settle(window)
    assert "either a user or a team" in editor.message.text()
    editor.add(customer="不存在的客户", team_id=team)  # a customer typed by name must exist
    settle(window)
    assert "no customer 不存在的客户" in editor.message.text()
    assert editor.table.rowCount() == 2
    window.close()

    cid = seed_customers(db_path, "staff1", [{"name": "投诉客户"}])[0]
    window = login("staff1")
    window.open_document("new", ("ticket", {"customer_id": cid}))
    form = window.current_document()
    assert isinstance(form, TicketForm)
    type_text(qtbot, form.editors["subject"].edit, "服务态度差")
    kind = form.editors["kind"].combo  # type: ignore[attr-defined]
    kind.setCurrentIndex(kind.findText("Complaint"))
    form.save()
    settle(window)
    assert form.record_id is not None
    assignee = _read(db_path, lambda s: s.get(Ticket, form.record_id).assignee_id)
    assert assignee == _read(db_path, lambda s: accounts.user_by_name(s, "staff2").id)
    texts = [form.history.item(i).text() for i in range(form.history.count())]
    assert any("Assigned by rule 2" in t for t in texts)


def test_closing_a_ticket_asks_for_satisfaction(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "报修客户"}])[0]
    window = login("staff1")
    window.open_document("new", ("ticket", {"customer_id": cid}))
    form = window.current_document()
    assert isinstance(form, TicketForm)
    type_text(qtbot, form.editors["subject"].edit, "打印机无法连接")
    form.save()
    settle(window)
    assert getattr(form, "satisfaction_dialog", None) is None  # not closed: not asked
    combo = form.editors["status_id"].combo  # type: ignore[attr-defined]
    combo.setCurrentIndex(combo.findText("In progress"))
    form.save()
    settle(window)
    assert form.satisfaction_dialog is None
    combo.setCurrentIndex(combo.findText("Closed"))
    form.save()
    settle(window)
    dialog = form.satisfaction_dialog
    assert isinstance(dialog, SatisfactionDialog) and dialog.isVisible()
    dialog.save()  # no stars chosen: says so, records nothing
    assert "1 to 5" in dialog.message.text() and dialog.isVisible()
    dialog.set_score(2)
    type_text(qtbot, dialog.comment, "修了三天")
    dialog.save()
    settle(window)
    assert not dialog.isVisible() and dialog.recorded.score == 2
    texts = [form.history.item(i).text() for i in range(form.history.count())]
    assert "Customer satisfaction: 2/5 (By phone)" in texts[0] and "修了三天" in texts[0]
    row = _read(db_path, lambda s: s.execute(select(TicketSatisfaction)).scalar_one())
    assert (row.score, row.comment, row.source) == (2, "修了三天", "phone")
    task = _read(db_path, lambda s: s.execute(select(Task).where(
        Task.ticket_id == form.record_id)).scalar_one())
    assert task.assignee_id == _read(db_path, lambda s: accounts.user_by_name(s, "manager").id)
