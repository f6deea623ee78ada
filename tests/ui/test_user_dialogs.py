"""The user dialogs work on account summaries (no ORM users, no password material) and
the login dialog learns from the services whether a new password is due."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from crmdesk.core.services import accounts
from crmdesk.storage.database import open_database
from crmdesk.ui.workspace import Workspace
from tests.conftest import PASSWORD


@pytest.fixture
def admin_workspace(app, db_path) -> Iterator[Workspace]:  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    with db.transaction() as s:
        actor = accounts.login(s, "admin", PASSWORD)
    workspace = Workspace(db, actor)
    yield workspace
    workspace.executor.wait()
    db.close()


def _summary(workspace: Workspace, username: str) -> accounts.AccountSummary:
    found = workspace.read(lambda s: accounts.account_summaries(s, workspace.actor))
    return next(u for u in found if u.username == username)


def _settle(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not workspace.executor.busy, timeout=5000)
    qtbot.wait(10)


def test_editing_a_user_from_its_summary(admin_workspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.dialogs.users import UserDialog

    workspace = admin_workspace
    staff = _summary(workspace, "staff1")
    assert not hasattr(staff, "password_verifier")
    dialog = UserDialog(workspace, staff)
    qtbot.addWidget(dialog)
    assert dialog.username.text() == "staff1" and not dialog.username.isEnabled()
    assert dialog.display_name.text() == "李娜"
    assert dialog.role.currentData() == "staff"
    assert dialog.team.currentText() == "华东组"
    assert [dialog.role.itemData(i) for i in range(dialog.role.count())] == [
        "admin", "manager", "staff"]
    dialog.display_name.setText("李娜娜")
    dialog.team.setCurrentIndex(dialog.team.findText("华西组"))
    dialog.submit()
    _settle(qtbot, workspace)
    assert dialog.result() == dialog.DialogCode.Accepted
    changed = _summary(workspace, "staff1")
    assert (changed.display_name, changed.team_name) == ("李娜娜", "华西组")


def test_login_asks_for_a_new_password_after_a_reset(admin_workspace, qtbot, db_path,  # type: ignore[no-untyped-def]
                                                      monkeypatch) -> None:
    from crmdesk.ui.dialogs.login import LoginDialog
    from crmdesk.ui.dialogs.users import ResetPasswordDialog

    workspace = admin_workspace
    reset = ResetPasswordDialog(workspace, _summary(workspace, "staff2"))
    qtbot.addWidget(reset)
    reset.password.setText("new-secret-9")
    reset.repeat.setText("new-secret-9")
    reset.submit()
    _settle(qtbot, workspace)
    assert reset.result() == reset.DialogCode.Accepted

    asked: list[str] = []

    def refuse(_dialog: LoginDialog, actor: Any, _current: str) -> bool:
        asked.append(actor.username)
        return False  # the user closed the "choose your password" dialog

    monkeypatch.setattr(LoginDialog, "choose_new_password", refuse)
    db = open_database(db_path)
    try:
        for name, password in (("staff2", "new-secret-9"), ("staff1", PASSWORD)):
            dialog = LoginDialog(db, name)
            qtbot.addWidget(dialog)
            dialog.password.setText(password)
            dialog.try_login()
            if name == "staff2":  # the reset password is the administrator's: change it first
                assert asked == ["staff2"] and dialog.actor is None
                assert "Choose your own password" in dialog.message.text()
            else:
                assert dialog.actor is not None and dialog.actor.username == "staff1"
        assert asked == ["staff2"]
    finally:
        db.close()


def test_a_disabled_account_ends_the_session_by_its_error_type(  # type: ignore[no-untyped-def]
        admin_workspace, qtbot) -> None:
    from crmdesk.errors import AccountDisabled, AuthError

    ended: list[str] = []
    admin_workspace.session_ended.connect(ended.append)
    # another refusal whose text happens to say "disabled" does not log the user out
    assert not admin_workspace.handle_session_error(
        AuthError("Login is disabled while a restore runs."), None)
    assert admin_workspace.handle_session_error(
        AccountDisabled("Your account is disabled. Ask an administrator to enable it."), None)
    assert len(ended) == 1 and "disabled" in ended[0]
