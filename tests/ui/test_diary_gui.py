"""The diary view (issue 13, item 5), driven as a user would: write a note linked to a
customer, find it by pinyin, edit and delete it; the note on the customer's timeline
for the author and an administrator, not for the manager."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from crmdesk.core.services import accounts, diary
from crmdesk.storage.database import open_database
from tests.conftest import PASSWORD
from tests.ui.conftest import seed_customers, type_text


def _open_diary(login: Any, user: str = "staff1") -> tuple[Any, Any]:
    from crmdesk.ui.views.diary import DiaryView

    window = login(user)
    window.open_entry("diary")
    view = window.current_document()
    assert isinstance(view, DiaryView)
    return window, view


def _titles(view: Any) -> list[str]:
    return [view.list.topLevelItem(i).text(2) for i in range(view.list.topLevelItemCount())]


def _timeline_notes(detail: Any) -> list[int]:
    found = []
    for i in range(detail.timeline.count()):
        widget = detail.timeline.itemWidget(detail.timeline.item(i))
        if widget is not None and widget.property("diary_note") is not None:
            found.append(int(widget.property("diary_note")))
    return found


def test_write_find_edit_and_delete_a_note(login, db_path, settle, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (cid,) = seed_customers(db_path, "staff1", [{"name": "张三丰贸易"}])
    window, view = _open_diary(login)
    assert _titles(view) == []
    type_text(qtbot, view.body_edit, "王总说下季度预算会翻倍")
    type_text(qtbot, view.title_edit, "拜访张三丰")
    type_text(qtbot, view.customer_search, "zsf")
    qtbot.mouseClick(view.customer_search, Qt.MouseButton.LeftButton)
    view.pick_customer()  # one match: linked at once
    assert view.customer_id == cid and "张三丰贸易" in view.customer_label.text()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert _titles(view) == ["拜访张三丰"]
    assert view.list.topLevelItem(0).text(3).startswith("张三丰贸易")

    view.new_button.click()
    type_text(qtbot, view.body_edit, "买打印纸")
    view.kind_edit.setCurrentIndex(view.kind_edit.findData("memo"))
    view.save_button.click()
    settle(window)
    assert sorted(_titles(view)) == sorted(["拜访张三丰", "买打印纸"])

    type_text(qtbot, view.search_box, "bfzsf")  # pinyin initials of the title
    qtbot.waitUntil(lambda: _titles(view) == ["拜访张三丰"], timeout=3000)
    view.search_box.clear()
    qtbot.waitUntil(lambda: len(_titles(view)) == 2, timeout=3000)

    # an empty note is refused in the window, naming the field
    view.new_button.click()
    view.save_button.click()
    settle(window)
    assert "Title" in view.error.text()

    # edit, then delete (answering Yes)
    row = _titles(view).index("买打印纸")
    view.list.setCurrentItem(view.list.topLevelItem(row))
    assert view.body_edit.toPlainText() == "买打印纸"
    view.title_edit.clear()
    type_text(qtbot, view.title_edit, "买A4纸")
    view.save_button.click()
    settle(window)
    assert "买A4纸" in _titles(view)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.list.setCurrentItem(view.list.topLevelItem(_titles(view).index("买A4纸")))
    view.delete_button.click()
    settle(window)
    assert _titles(view) == ["拜访张三丰"]


def test_the_timeline_shows_the_note_to_author_and_admin_only(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    (cid,) = seed_customers(db_path, "staff1", [{"name": "李氏贸易"}])
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            note = diary.create(s, accounts.login(s, "staff1", PASSWORD), {
                "note_date": date(2026, 12, 1), "title": "私人备注", "customer_id": cid})
            note_id = note.id
    finally:
        db.close()
    for user, shown in (("staff1", [note_id]), ("admin", [note_id]), ("manager", [])):
        window = login(user)
        detail = window.open_document("record", ("customer", cid))
        settle(window)
        assert _timeline_notes(detail) == shown, user
        # and the manager's or admin's own diary never lists it
        window.open_entry("diary")
        view = window.current_document()
        assert (view.list.topLevelItemCount() > 0) == (user == "staff1")
