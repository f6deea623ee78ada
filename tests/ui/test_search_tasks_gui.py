"""The search box finds tasks, and opens one in its form (revision 0023)."""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import type_text


def test_the_search_box_finds_a_task_assigned_to_me_and_opens_it(  # type: ignore[no-untyped-def]
        login, db, users, qtbot, settle) -> None:
    from crmdesk.core.services.customers import customers
    from crmdesk.core.services.tasks import tasks

    with db.transaction() as s:
        theirs = customers.create(s, users.staff3, {"name": "陈氏贸易", "kind": "company"}).id
        task = tasks.create(s, users.admin, {"customer_id": theirs, "title": "寄送样品目录",
                                             "assignee_id": users.staff1.user_id}).id
    window = login("staff1")
    type_text(qtbot, window.search_box, "样品目录")
    window.search_box.run_search()
    hits = window.search_box.last_hits
    assert [(h.kind, h.ref_id) for h in hits] == [("task", task)]
    assert "陈氏贸易" in window.search_box.popup.list.item(0).text()
    window.search_box.popup.chosen.emit(hits[0])
    settle(window)
    keys: list[Any] = [doc.key for doc in window.documents()]
    assert f"form:task:{task}" in keys
