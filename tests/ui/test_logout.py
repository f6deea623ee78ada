"""Logging out leaves nothing of the session for the next user (issue 10, item 7)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from tests.ui.conftest import seed_customers, type_text


def test_the_next_user_sees_nothing_of_the_previous_one(
        login, db_path, qtbot, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.dialogs.login import LoginDialog
    from tests.conftest import PASSWORD

    cid = seed_customers(db_path, "staff1", [{"name": "李娜的客户"}])[0]
    window = login("staff1")
    type_text(qtbot, window.search_box, "李娜的")
    window.search_box.run_search()
    assert window.search_box.popup.list.count() == 1
    window.open_document("record", ("customer", cid))
    settle(window)
    window.statusBar().showMessage("李娜的客户 saved")

    def log_in_as_staff3(dialog: LoginDialog) -> int:
        dialog.username.setText("staff3")
        dialog.password.setText(PASSWORD)
        dialog.try_login()
        return int(QDialog.DialogCode.Accepted if dialog.actor else QDialog.DialogCode.Rejected)

    monkeypatch.setattr(LoginDialog, "exec", log_in_as_staff3)
    window.log_out()
    settle(window)
    assert window.workspace is not None and window.workspace.actor.username == "staff3"
    assert window.search_box.text() == ""
    assert window.search_box.last_hits == []
    assert window.search_box.popup.list.count() == 0
    assert not window.search_box.popup.isVisible()
    assert window.statusBar().currentMessage() == ""
    keys: list[Any] = [doc.key for doc in window.documents()]
    assert f"customer:{cid}" not in keys
