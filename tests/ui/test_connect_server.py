"""File > Connect to server (issue 18, item 2): the dialog, the password in the keyring
only, saved connections in the recent list, and a real connection when
``CRMDESK_TEST_PG_URL`` names a server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from crmdesk.config import AppSettings
from crmdesk.storage import servers
from crmdesk.storage.servers import ServerAddress
from crmdesk.ui.dialogs import connect
from crmdesk.ui.dialogs.connect import ConnectDialog, wait_for_attempts
from tests.conftest import PG_URL, _build_template, _reset_postgres, needs_driver
from tests.ui.conftest import answer_logins
from tests.unit.test_servers import MemoryKeyring

SECRET = "s3cret-Server-pw"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def connect_and_wait(qtbot: Any, dialog: ConnectDialog) -> None:
    """Connect as the user does, and wait for the answer (it comes off the GUI thread)."""
    dialog.connect_to_server()
    qtbot.waitUntil(lambda: not dialog.connecting, timeout=15000)


def everything_stored(home: Path) -> str:
    """Every file crmdesk wrote under its home (settings, witnesses, logs)."""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in home.rglob("*") if p.is_file())


def test_without_a_keyring_the_dialog_says_so(window: Any, qtbot: Any,
                                               no_keyring: None) -> None:
    dialog = ConnectDialog(window)
    qtbot.addWidget(dialog)
    assert not servers.keyring_available()
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
    assert not dialog.keyring_note.isHidden()
    assert "no password keyring" in dialog.keyring_note.text()
    assert dialog.port.value() == 5432


@needs_driver
def test_empty_fields_and_an_unreachable_server_are_named(window: Any, qtbot: Any,
                                                          memory_keyring: MemoryKeyring) -> None:
    dialog = ConnectDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.remember.isEnabled() and dialog.keyring_note.isHidden()
    dialog.connect_to_server()
    assert dialog.message.text() == "Enter the server (host)." and not dialog.connecting
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(1)  # nothing listens there
    dialog.database.setText("shop")
    dialog.connect_to_server()
    assert dialog.message.text() == "Enter the server user." and not dialog.connecting
    dialog.user.setText("crm")
    dialog.password.setText(SECRET)
    dialog.remember.setChecked(True)
    connect_and_wait(qtbot, dialog)
    assert "Cannot reach the database server 127.0.0.1 (port 1)" in dialog.message.text()
    assert SECRET not in dialog.message.text()
    assert dialog.result() != ConnectDialog.DialogCode.Accepted
    assert memory_keyring.passwords == {}  # nothing kept for a connection that failed


def test_the_recent_list_keeps_connections_without_passwords(
        window: Any, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    settings = AppSettings()
    shop = ServerAddress("crm-server", "shop", "crm")
    other = ServerAddress("10.0.0.5", "branch", "wang", 5433)
    # an older version put a URL among the files: read as a connection, password dropped
    settings.add_recent(f"postgresql+psycopg://crm:{SECRET}@old-host/old")
    settings.add_recent(str(tmp_path / "shop.crmdb"))
    connect.remember_server(shop, settings)
    connect.remember_server(other, settings)
    connect.remember_server(shop, settings)  # again: first, once
    found = connect.recent_servers(settings)
    assert [a.label for a in found] == ["crm@crm-server/shop", "wang@10.0.0.5:5433/branch",
                                        "crm@old-host/old"]
    assert settings.get("recent_files") == [str(tmp_path / "shop.crmdb")]
    assert settings.get("recent_servers")[0] == {
        "kind": "server", "host": "crm-server", "port": 5432, "database": "shop",
        "user": "crm"}
    assert SECRET not in everything_stored(tmp_path / "home")
    window.show_start_page()
    labels = [window.start_page.recent.item(i).text()
              for i in range(window.start_page.recent.count())]
    assert labels == [str(tmp_path / "shop.crmdb"), "crm@crm-server/shop",
                      "wang@10.0.0.5:5433/branch", "crm@old-host/old"]
    window._fill_recent()
    assert [a.text() for a in window.recent_menu.actions() if a.text()] == labels
    connect.forget_server(other, settings)
    assert [a.label for a in connect.recent_servers(settings)] == [
        "crm@crm-server/shop", "crm@old-host/old"]


@needs_driver
def test_a_saved_connection_asks_for_the_password_when_none_is_stored(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
        memory_keyring: MemoryKeyring) -> None:
    shown: list[ConnectDialog] = []
    connecting: list[bool] = []

    def fake_exec(dialog: ConnectDialog) -> int:
        shown.append(dialog)
        connecting.append(dialog.connecting)
        if dialog.connecting:  # the stored password: it connects at once, in the background
            qtbot.waitUntil(lambda: not dialog.connecting, timeout=15000)
        return 0  # cancelled

    monkeypatch.setattr(ConnectDialog, "exec", fake_exec)
    address = ServerAddress("127.0.0.1", "shop", "crm", 1)
    assert connect.connect(window, address) is False
    dialog = shown[0]
    assert (dialog.host.text(), dialog.port.value(), dialog.database.text(),
            dialog.user.text(), dialog.password.text()) == ("127.0.0.1", 1, "shop", "crm", "")
    assert not dialog.remember.isChecked() and connecting == [False]
    memory_keyring.set_password("crmdesk", address.keyring_name, SECRET)
    shown.clear()
    connecting.clear()
    connect.connect(window, address)  # stored, but the server cannot be reached: the dialog
    assert shown[0].password.text() == SECRET and shown[0].remember.isChecked()
    assert connecting == [True]  # tried at once, without a click
    assert "Cannot reach the database server 127.0.0.1 (port 1)" in shown[0].message.text()
    assert SECRET not in shown[0].message.text()
    wait_for_attempts()


# ---------------------------------------------------------------------------
# A real server
# ---------------------------------------------------------------------------

@pytest.fixture
def server_address() -> tuple[ServerAddress, str]:
    """The test server's address and password (its database emptied, then set up)."""
    assert PG_URL is not None
    from sqlalchemy.engine import make_url

    _reset_postgres(PG_URL)
    _build_template(PG_URL)
    url = make_url(PG_URL)
    address = ServerAddress(url.host or "localhost", url.database or "", url.username or "",
                            url.port or 5432)
    return address, url.password or ""


def fill_dialog(dialog: ConnectDialog, address: ServerAddress, password: str) -> None:
    dialog.host.setText(address.host)
    dialog.port.setValue(address.port)
    dialog.database.setText(address.database)
    dialog.user.setText(address.user)
    dialog.password.setText(password)


@pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")
def test_connect_to_a_server_and_log_in(window: Any, qtbot: Any,
                                        monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path, memory_keyring: MemoryKeyring,
                                        server_address: tuple[ServerAddress, str]) -> None:
    address, password = server_address
    attempts: list[str] = []

    def dialog_exec(dialog: ConnectDialog) -> int:
        fill_dialog(dialog, address, attempts[0] if attempts else password)
        dialog.remember.setChecked(True)
        attempts.append(dialog.password.text())
        connect_and_wait(qtbot, dialog)
        if attempts[-1] == "wrong-pw":  # a clear message, then the right password
            assert "wrong user name or password" in dialog.message.text()
            dialog.password.setText(password)
            connect_and_wait(qtbot, dialog)
        assert dialog.db is not None  # opened by the connection test, off the GUI thread
        return dialog.result()

    monkeypatch.setattr(ConnectDialog, "exec", dialog_exec)
    answer_logins(monkeypatch, "admin")
    attempts.append("wrong-pw")
    assert connect.connect(window)
    assert window.workspace is not None and window.workspace.db.path is None
    assert memory_keyring.passwords == {("crmdesk", address.keyring_name): password}
    assert connect.recent_servers(window.settings) == [address]
    window.close_database()
    stored = everything_stored(tmp_path / "home")
    assert address.database in stored and f":{password}@" not in stored

    # reopening: the password comes from the keyring, only the crmdesk login is asked
    # (the dialog only shows "Connecting to ..." and goes on by itself)
    def reopen_exec(dialog: ConnectDialog) -> int:
        assert dialog.connecting and not dialog.busy.isHidden()
        qtbot.waitUntil(lambda: not dialog.connecting, timeout=15000)
        return dialog.result()

    monkeypatch.setattr(ConnectDialog, "exec", reopen_exec)
    assert connect.connect(window, address)
    assert window.workspace is not None


@pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")
def test_each_failure_has_its_message(window: Any, qtbot: Any,
                                      monkeypatch: pytest.MonkeyPatch,
                                      memory_keyring: MemoryKeyring,
                                      server_address: tuple[ServerAddress, str]) -> None:
    from PySide6.QtWidgets import QMessageBox

    address, password = server_address
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **_k: asked.append(a[2]) or
                        QMessageBox.StandardButton.Yes)
    dialog = ConnectDialog(window)
    qtbot.addWidget(dialog)
    fill_dialog(dialog, address, "wrong-pw")
    connect_and_wait(qtbot, dialog)
    assert "refused user" in dialog.message.text() and "wrong-pw" not in dialog.message.text()
    fill_dialog(dialog, ServerAddress(address.host, "no_such_db_h18", address.user,
                                      address.port), password)
    connect_and_wait(qtbot, dialog)
    assert "has no database no_such_db_h18" in dialog.message.text()
    _reset_postgres(PG_URL or "")  # an empty database: set it up (this user owns it)
    fill_dialog(dialog, address, password)
    connect_and_wait(qtbot, dialog)
    assert dialog.result() == ConnectDialog.DialogCode.Accepted and dialog.outcome == "create"
    assert dialog.db is None  # nothing to open yet: set up next
    assert "is empty. Set up a new crmdesk database in it?" in asked[0]
