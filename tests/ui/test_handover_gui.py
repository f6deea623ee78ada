"""Handover in the users administration (issue 13, item 7): choose who receives the
customers and which, see the counts, confirm; disabling a user who still owns customers
offers the handover first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from crmdesk.core.models import Customer, User
from crmdesk.storage.database import open_database
from tests.ui.conftest import seed_customers


def _owners(db_path: Any) -> dict[str, str]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            return {name: user for name, user in s.execute(
                select(Customer.name, User.username).join(User, User.id == Customer.owner_id))}
    finally:
        db.close()


def _users_view(login: Any, select_user: str) -> tuple[Any, Any]:
    from crmdesk.ui.views.admin import UsersView

    window = login("admin")
    window.open_entry("users")
    view = window.current_document()
    assert isinstance(view, UsersView)
    row = [u.username for u in view.users].index(select_user)
    view.table.selectRow(row)
    return window, view


def _dialog(view: Any) -> Any:
    from crmdesk.ui.dialogs.handover import HandoverDialog

    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, HandoverDialog) and w.isVisible())


def test_hand_over_a_filtered_part(login, db_path, settle, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [{"name": "上海甲", "city": "上海市"},
                                       {"name": "上海乙", "city": "上海市"},
                                       {"name": "北京丙", "city": "北京市"}])
    window, view = _users_view(login, "staff1")
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    seen: dict[str, Any] = {}

    def drive() -> None:
        dialog = _dialog(view)
        dialog.target.setCurrentIndex(dialog.target.findData("staff2"))
        dialog.filters.setPlainText("city=上海市")
        assert not dialog.ok.isEnabled()  # counts first
        dialog.preview_button.click()
        qtbot.waitUntil(lambda: dialog.counts is not None, timeout=5000)
        seen["counts"] = dialog.counts_label.text()
        dialog.ok.click()
        qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=10000)

    QTimer.singleShot(0, drive)
    view.hand_over()
    settle(window)
    assert seen["counts"].startswith("2 customers, 0 open opportunities")
    assert _owners(db_path) == {"上海甲": "staff2", "上海乙": "staff2", "北京丙": "staff1"}


def test_a_bad_filter_is_shown_in_the_dialog(login, db_path, settle, qtbot) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [{"name": "甲"}])
    window, view = _users_view(login, "staff1")
    seen: dict[str, str] = {}

    def drive() -> None:
        dialog = _dialog(view)
        dialog.filters.setPlainText("nosuchfield=1")
        dialog.preview_button.click()
        qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=5000)
        seen["message"] = dialog.message.text()
        dialog.reject()

    QTimer.singleShot(0, drive)
    view.hand_over()
    assert "nosuchfield" in seen["message"]


def test_disabling_an_owner_offers_the_handover(login, db_path, settle, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [{"name": "甲"}, {"name": "乙"}])
    window, view = _users_view(login, "staff1")
    asked: list[str] = []

    def answer(*args: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)

    def drive() -> None:
        dialog = _dialog(view)
        dialog.target.setCurrentIndex(dialog.target.findData("staff2"))
        dialog.preview_button.click()
        qtbot.waitUntil(lambda: dialog.counts is not None, timeout=5000)
        dialog.ok.click()
        qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=10000)

    QTimer.singleShot(0, drive)
    view.toggle_disabled()
    settle(window)
    assert "still owns 2 customers" in asked[0]
    assert _owners(db_path) == {"甲": "staff2", "乙": "staff2"}
    qtbot.waitUntil(lambda: next(u for u in view.users if u.username == "staff1").disabled,
                    timeout=5000)


def test_a_manager_hands_over_within_the_team_from_the_navigation(login, db_path, settle, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [{"name": "甲"}])
    seed_customers(db_path, "staff3", [{"name": "西部"}])
    window = login("manager")
    assert "handover" in window.nav_entries
    assert "users" not in window.nav_entries  # the users administration is the admins'
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    seen: dict[str, Any] = {}

    def drive() -> None:
        dialog = _dialog(None)
        seen["sources"] = [dialog.source_box.itemData(i) for i in range(dialog.source_box.count())]
        seen["targets"] = [dialog.target.itemData(i) for i in range(dialog.target.count())]
        dialog.source_box.setCurrentIndex(dialog.source_box.findData("staff1"))
        dialog.target.setCurrentIndex(dialog.target.findData("staff2"))
        dialog.preview_button.click()
        qtbot.waitUntil(lambda: dialog.counts is not None, timeout=5000)
        dialog.ok.click()
        qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=10000)

    QTimer.singleShot(0, drive)
    window.open_entry("handover")
    settle(window)
    assert seen["sources"] == ["staff1"]  # staff3 is in another team
    assert "staff3" not in seen["targets"]
    assert _owners(db_path) == {"甲": "staff2", "西部": "staff3"}


def test_staff_have_no_handover(login) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    assert "handover" not in window.nav_entries
