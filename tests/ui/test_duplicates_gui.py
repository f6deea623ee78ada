"""The duplicate finder: groups, side by side, merge; undo here or from the recycle bin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from crmdesk.core.models import Customer, Interaction
from crmdesk.core.services import accounts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.storage.database import open_database
from crmdesk.ui.dialogs.duplicate_finder import COMBINE, DuplicateFinder
from crmdesk.ui.views.admin import RecycleBinView
from tests.conftest import PASSWORD


def seed_pair(db_path: Path) -> tuple[int, int, int]:
    """Two customers with the same mobile number; the second has an interaction."""
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            staff = accounts.login(s, "staff1", PASSWORD)
            a = customers.create(s, staff, {"name": "张三", "mobile": "13812345678",
                                            "city": "上海市", "tags": "VIP"}).id
            b = customers.create(s, staff, {"name": "张三丰", "phone": "+86 138 1234 5678",
                                            "email": "zsf@example.com", "city": "北京市",
                                            "tags": "大客户"}).id
            contact = interactions.create(s, staff, {"customer_id": b, "kind": "call",
                                                     "summary": "电话沟通报价"}).id
            customers.create(s, staff, {"name": "另一个人", "mobile": "13900000000"})
    finally:
        db.close()
    return a, b, contact


def state(db_path: Path, a: int, b: int, contact: int) -> dict[str, Any]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            survivor, other = s.get(Customer, a), s.get(Customer, b)
            assert survivor is not None and other is not None
            return {"name": survivor.name, "email": survivor.email, "city": survivor.city,
                    "tags": survivor.tags, "other_deleted": other.deleted_at is not None,
                    "interaction_of": s.execute(select(Interaction.customer_id).where(
                        Interaction.id == contact)).scalar_one()}
    finally:
        db.close()


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def open_finder(window: Any, settle: Any) -> DuplicateFinder:
    window.open_entry("duplicates")
    settle(window)
    finder = window.current_document()
    assert isinstance(finder, DuplicateFinder)
    return finder


def test_only_managers_and_administrators_find_duplicates(login) -> None:  # type: ignore[no-untyped-def]
    assert "duplicates" not in login("staff1").nav_entries
    assert "duplicates" in login("manager").nav_entries


def test_merge_in_the_finder_then_undo_from_the_recycle_bin(login, db_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                            settle) -> None:
    a, b, contact = seed_pair(db_path)
    before = state(db_path, a, b, contact)
    window = login("admin")
    finder = open_finder(window, settle)
    assert len(finder.found) == 1 and finder.groups.count() == 1
    assert "same phone number" in finder.groups.item(0).text()
    assert "张三" in finder.group_title.text()

    table = finder.compare
    assert [p[0] for p in table.people] == [a, b]
    assert table.survivor() == a and table.included() == [b]
    keys = [f.key for f in table.fields]
    assert "email" in keys and "gender" not in keys  # only fields that differ
    assert set(table.value_groups) == {"name", "city", "tags"}  # a choice where both have one
    # the defaults are the merge's: the survivor's value, gaps filled, tags combined
    assert table.value_groups["city"].checkedId() == a
    assert table.value_groups["tags"].checkedId() == COMBINE
    email_row = 2 + keys.index("email")
    assert table.item(email_row, table.RESULT).text() == "zsf@example.com"
    table.pick("name", b)
    table.pick("city", b)
    assert table.choices() == {"name": b, "city": b}
    assert table.item(2 + keys.index("name"), table.RESULT).text() == "张三丰"

    asked = answer_yes(monkeypatch)
    finder.merge_button.click()
    settle(window)
    assert "张三" in asked[0] and "recycle bin" in asked[0]
    after = state(db_path, a, b, contact)
    assert after == {"name": "张三丰", "email": "zsf@example.com", "city": "北京市",
                     "tags": "VIP,大客户", "other_deleted": True, "interaction_of": a}
    assert finder.found == [] and finder.banner.isVisibleTo(finder)
    assert "in the recycle bin" in finder.banner_text.text()

    # the recycle bin view: restoring the merged customer undoes the merge
    window.open_entry("recycle")
    settle(window)
    bin_view = window.current_document()
    assert isinstance(bin_view, RecycleBinView)
    row = next(i for i, e in enumerate(bin_view.entries) if (e.entity, e.id) == ("customer", b))
    bin_view.table.selectRow(row)
    bin_view.restore()
    settle(window)
    assert state(db_path, a, b, contact) == before
    assert all(e.id != b for e in bin_view.entries)  # the bin view refreshed


def test_undo_in_the_finder_and_a_merge_that_keeps_the_other(login, db_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                             settle) -> None:
    a, b, contact = seed_pair(db_path)
    before = state(db_path, a, b, contact)
    window = login("manager")  # may merge, may not use the recycle bin
    finder = open_finder(window, settle)
    table = finder.compare
    table.set_survivor(b)  # keep the second one
    assert table.survivor() == b and table.included() == [a]
    assert table.value_groups["name"].checkedId() == b
    assert table.value_groups["city"].checkedId() == b
    answer_yes(monkeypatch)
    finder.merge_button.click()
    settle(window)
    db = open_database(db_path)
    try:
        with db.session() as s:
            kept, gone = s.get(Customer, b), s.get(Customer, a)
            assert kept is not None and gone is not None
            assert kept.deleted_at is None and gone.deleted_at is not None
            assert kept.mobile == "+8613812345678"  # the gap was filled from the other
    finally:
        db.close()
    assert finder.undo_button.isEnabled()
    finder.undo_button.click()
    settle(window)
    assert state(db_path, a, b, contact) == before
    assert len(finder.found) == 1  # searched again: the pair is back


def test_not_duplicates_and_cancelled_merge(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    a, b, contact = seed_pair(db_path)
    before = state(db_path, a, b, contact)
    window = login("admin")
    finder = open_finder(window, settle)
    finder.merge_button.click()  # the question is answered "No" (conftest)
    settle(window)
    assert state(db_path, a, b, contact) == before and len(finder.found) == 1
    finder.skip_button.click()
    settle(window)
    assert finder.found == [] and finder.groups.count() == 0
    assert "0 groups" in finder.status_text()
    assert "not duplicates" in finder.banner_text.text()
    assert state(db_path, a, b, contact) == before  # nothing merged
    finder.search_button.click()
    settle(window)
    assert finder.found == []  # remembered: the next search leaves them apart
    again = open_finder(login("manager"), settle)  # ... for everyone, in the database
    assert again.found == []

    finder.undo_button.click()  # "Undo": listed again
    settle(window)
    assert len(finder.found) == 1 and not finder.undo_button.isEnabled()
