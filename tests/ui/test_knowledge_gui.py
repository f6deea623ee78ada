"""The knowledge base in the window (issue 14, items 6-7): a manager writes and publishes
an article in Service > Knowledge base; staff find it by pinyin; the ticket form
suggests it from the ticket's subject and links it; the form links an order; Ctrl+P
prints the ticket with its history."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from crmdesk.core.services import accounts, knowledge
from crmdesk.core.services.sales import LineInput, orders
from crmdesk.core.services.tickets import tickets
from crmdesk.storage.database import open_database
from crmdesk.ui.dialogs.print_preview import ReportPreview
from crmdesk.ui.views.knowledge import KnowledgeView
from crmdesk.ui.views.ticket_form import TicketForm
from tests.conftest import PASSWORD
from tests.ui.conftest import seed_customers, type_text


def _ticket_with_order(db_path):  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "明辉贸易"}])[0]
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            staff = accounts.login(s, "staff1", PASSWORD)
            manager = accounts.login(s, "manager", PASSWORD)
            knowledge.create(s, manager, title="打印机卡纸怎么办", body="1. 关机\n2. 取纸",
                             category="硬件", publish=True)
            knowledge.create(s, manager, title="无法连接网络", body="检查网线", publish=True)
            order = orders.create_with_lines(s, staff, {"customer_id": cid,
                                                        "order_date": date(2026, 5, 1)},
                                             [LineInput(description="打印机", quantity=1,
                                                        unit_price="980")]).id
            ticket = tickets.create(s, staff, {"customer_id": cid,
                                               "subject": "打印机又卡纸了"}).id
            tickets.comment(s, staff, ticket, "已电话联系客户")
        return ticket, order
    finally:
        db.close()


def test_a_manager_writes_and_publishes_and_staff_find_it_by_pinyin(login, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("manager")
    window.open_entry("knowledge")
    view = window.current_document()
    assert isinstance(view, KnowledgeView)
    assert view.new_button.isVisible()
    view.new_button.click()
    type_text(qtbot, view.editor.title, "路由器重启方法")
    view.editor.category.setCurrentText("网络")
    view.editor.tags.setText("路由器, 断网")
    view.editor.body.setFocus()
    type_text(qtbot, view.editor.body, "先拔掉电源")
    view.editor.body.selectAll()
    view.editor.bold()
    view.save()
    settle(window)
    assert view.message.text() == ""
    assert view.heading.text() == "路由器重启方法"
    assert "Draft" in view.facts.text()
    assert "<b>先拔掉电源</b>" in knowledge_body_html(view)
    view.publish_button.click()
    settle(window)
    assert "Published" in view.facts.text()
    # retire it, find it among the retired articles, restore it
    view.retire_button.click()
    settle(window)
    assert "路由器重启方法" not in [a.title for a in view.articles]
    view.show_retired.setChecked(True)
    assert [a.title for a in view.articles] == ["路由器重启方法"]
    assert view.retire_button.text() == "Restore" and not view.edit_button.isEnabled()
    view.retire_button.click()
    settle(window)
    view.show_retired.setChecked(False)
    assert "路由器重启方法" in [a.title for a in view.articles]
    window.close()

    window = login("staff1")
    window.open_entry("knowledge")
    view = window.current_document()
    assert isinstance(view, KnowledgeView)
    assert not view.new_button.isVisible()  # staff read only
    view.search.setText("lyq")
    view.refresh()
    assert [a.title for a in view.articles] == ["路由器重启方法"]
    assert view.heading.text() == "路由器重启方法"
    assert "先拔掉电源" in view.reader.toPlainText()


def knowledge_body_html(view: KnowledgeView) -> str:
    from crmdesk.core import markup

    actor = view.workspace.actor
    article_id = view.current_id
    assert article_id is not None
    body = view.workspace.read(lambda s: knowledge.get(s, actor, article_id).body)
    return markup.to_html(body)


def test_the_ticket_form_suggests_an_article_links_it_and_an_order(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    ticket_id, order_id = _ticket_with_order(db_path)
    window = login("staff1")
    window.open_document("record", ("ticket", ticket_id))
    settle(window)
    form = window.current_document()
    assert isinstance(form, TicketForm)
    panel = form.context_panel
    offered = [panel.suggestions.item(i).text() for i in range(panel.suggestions.count())]
    assert offered[0].startswith("打印机卡纸怎么办")
    assert not any("无法连接网络" in text for text in offered)
    panel.suggestions.setCurrentRow(0)
    panel.link_button.click()
    settle(window)
    assert "打印机卡纸怎么办" in panel.used.text() and "李娜" in panel.used.text()

    # an unsaved edit of the form survives a link saved meanwhile
    form.editors["subject"].set_value("打印机又卡纸了（第二次）")
    form._edited("subject")
    assert form.dirty
    editor = panel.editors["order_id"]
    editor.combo.setCurrentIndex(editor.combo.findData(order_id))
    settle(window)
    assert panel.message.text() == ""
    assert form.dirty and not form.stale.isVisible()
    db = open_database(db_path)
    try:
        with db.session() as s:
            staff = accounts.login(s, "staff1", PASSWORD)
            assert tickets.get(s, staff, ticket_id).order_id == order_id
            assert [u.article.title for u in knowledge.linked(s, staff, ticket_id)] == [
                "打印机卡纸怎么办"]
    finally:
        db.close()
    # the form took the new version: its save is no conflict and keeps the link
    form.save()
    settle(window)
    assert not form.stale.isVisible() and not form.message.isVisible()
    db = open_database(db_path)
    try:
        with db.session() as s:
            staff = accounts.login(s, "staff1", PASSWORD)
            saved = tickets.get(s, staff, ticket_id)
            assert (saved.subject, saved.order_id) == ("打印机又卡纸了（第二次）", order_id)
    finally:
        db.close()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_ctrl_p_prints_the_ticket_with_its_history(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    ticket_id, _order = _ticket_with_order(db_path)
    window = login("staff1")
    window.open_document("record", ("ticket", ticket_id))
    settle(window)
    assert isinstance(window.current_document(), TicketForm)
    window.act_print.trigger()  # Ctrl+P
    settle(window, timeout=20000)

    def previews() -> list[ReportPreview]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, ReportPreview) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(previews()), timeout=5000)
    dialog = previews()[-1]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(dialog.pages.path), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert "打印机又卡纸了" in text and "明辉贸易" in text
    assert "History" in text and "已电话联系客户" in text and "李娜" in text
    dialog.done(0)
