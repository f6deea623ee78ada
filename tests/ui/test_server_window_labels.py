"""The window on a server database as an office user sees it (issue 18 review): the
server named as the recent list names it (``user@host/database``), never as a driver
URL; the Backup menu of an administrator says why its entries are off on a server,
not "only administrators may".  Runs when ``CRMDESK_TEST_PG_URL`` names a server."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from crmdesk.storage.database import open_database
from crmdesk.storage.servers import ServerAddress
from crmdesk.ui.dialogs.login import LoginDialog
from tests.conftest import PG_URL

needs_server = pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server "
                                                     "(CRMDESK_TEST_PG_URL)")


@needs_server
def test_the_server_is_named_as_in_the_recent_list(login: Any, qtbot: Any,
                                                   db_path: Any) -> None:
    address = ServerAddress.from_url(str(db_path))
    assert address is not None
    db = open_database(db_path)
    try:
        dialog = LoginDialog(db)
        qtbot.addWidget(dialog)
        shown = [label.text() for label in dialog.findChildren(QLabel)]
        assert address.label in shown
        assert not any("postgresql" in text or "***" in text for text in shown)
    finally:
        db.close()
    window = login("admin")
    assert window.file_label.text() == address.label
    assert "postgresql" not in window.windowTitle() and address.label in window.windowTitle()


@needs_server
def test_on_a_server_backup_now_works_and_restore_says_how(login: Any, qtbot: Any,
                                                          tmp_path: Any) -> None:
    window = login("admin")
    actions = window.backup
    actions.update_actions()
    note = actions.server_note()
    for action in (actions.act_backup, actions.act_restore, actions.act_list):
        assert action.toolTip() == note  # the command line, not "only administrators may"
    assert actions.act_backup.isEnabled() and actions.act_restore.isEnabled()
    assert not actions.act_list.isEnabled()
    actions.act_backup.trigger()  # a folder of this PC is offered (none is configured)
    dialog = actions.dialog
    assert dialog is not None and dialog.folder.text().endswith("crmdesk-backups")
    dialog.folder.setText(str(tmp_path / "usb"))
    dialog.accept()
    qtbot.waitUntil(lambda: bool(actions.messages), timeout=30000)
    assert str(tmp_path / "usb") in actions.messages[-1]
    assert list((tmp_path / "usb").glob("*.crmbak"))
    assert window.workspace is not None  # the window goes on
    actions.act_restore.trigger()  # no wizard: how to restore a server
    assert "crmdesk restore BACKUP --to URL" in actions.messages[-1]
    assert actions.dialog is None


@needs_server
def test_staff_are_told_who_may_back_up_a_server(login: Any) -> None:
    window = login("staff1")
    actions = window.backup
    actions.update_actions()
    assert not actions.act_backup.isEnabled() and not actions.act_restore.isEnabled()
    assert "Administrator" in actions.act_restore.toolTip()

def test_a_long_message_does_not_squeeze_the_fields(window: Any, qtbot: Any) -> None:
    from crmdesk.ui.dialogs.connect import ConnectDialog

    dialog = ConnectDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    wanted = dialog.host.sizeHint().height()
    dialog.fail("The server localhost refused user crm: wrong user name or password. Check "
                "the server user and password (the server's account, not your crmdesk "
                "login). " * 2)
    qtbot.wait(20)
    for field in (dialog.host, dialog.database, dialog.user, dialog.password):
        assert field.height() >= wanted  # the dialog grew instead
    dialog._set_busy(True, "crm-server")
    qtbot.wait(20)
    assert dialog.host.height() >= wanted


def test_the_new_database_form_grows_with_a_long_message(window: Any, qtbot: Any) -> None:
    """The first administrator of a new file or server database: the same rule."""
    from crmdesk.ui.dialogs.account import NewDatabaseDialog

    dialog = NewDatabaseDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    wanted = dialog.username.sizeHint().height()
    dialog.fail("The password must have at least 8 characters, and not be the user name. " * 4)
    qtbot.wait(20)
    for field in (dialog.username, dialog.password, dialog.repeat, dialog.company):
        assert field.height() >= wanted
