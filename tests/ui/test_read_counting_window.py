"""The window counts what it shows for the anti-scraping guard (issue 19, item 4):
opening a record of a customer, and the customers the search box listed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from crmdesk.core.models import AccessEvent
from crmdesk.core.services import accounts
from crmdesk.core.services.contacts import contacts
from crmdesk.storage.database import open_database
from crmdesk.ui import main_window
from tests.conftest import PASSWORD
from tests.ui.conftest import seed_customers, type_text


def _counted(db_path: Any, username: str) -> list[int | None]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            user = accounts.user_by_name(s, username)
            return sorted(s.execute(select(AccessEvent.customer_id).where(
                AccessEvent.user_id == user.id)).scalars(), key=lambda v: v or 0)
    finally:
        db.close()


def test_opening_a_contact_counts_its_customer(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    (cid,) = seed_customers(db_path, "staff1", [{"name": "联系人的客户", "kind": "company"}])
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            contact = contacts.create(s, actor, {"customer_id": cid, "name": "王经理"})
            contact_id = contact.id
    finally:
        db.close()
    window = login("staff1")
    window.open_document("record", ("contact", contact_id))
    settle(window)
    assert _counted(db_path, "staff1") == [cid]


def test_the_search_box_counts_the_customers_it_showed(login, db_path, qtbot, settle,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    ids = seed_customers(db_path, "staff1", [{"name": "张三丰"}, {"name": "张无忌"},
                                             {"name": "李四"}])
    monkeypatch.setattr(main_window, "SEARCH_COUNT_DELAY_MS", 50)
    window = login("staff1")
    box = window.search_box
    box.setFocus()
    type_text(qtbot, box, "张")
    qtbot.waitUntil(lambda: len(box.last_hits) == 2, timeout=2000)
    qtbot.waitUntil(lambda: _counted(db_path, "staff1") == sorted(ids[:2]), timeout=5000)
    settle(window)
