"""File > Connect to server on a database holding an unfinished setup (issue 18, item 1):
the crmdesk schema with no users, customers or history, left by an older crmdesk whose
copy or set-up stopped half-way.  The dialog names it and offers to set it up anew
(in place, nothing deleted) to a server user who may create tables; anyone else is
told whom to ask.  Never offered for a database that holds users or customers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from crmdesk.storage import migrations, servers
from crmdesk.storage.servers import ServerAddress
from crmdesk.ui.dialogs import connect
from crmdesk.ui.dialogs.connect import ConnectDialog
from tests.conftest import PASSWORD, PG_URL, _reset_postgres
from tests.ui.test_connect_server import connect_and_wait, fill_dialog

pytestmark = pytest.mark.skipif(not PG_URL,
                                reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")


@pytest.fixture
def unfinished_server() -> Iterator[tuple[ServerAddress, str, str]]:
    """The test server's database holding only the crmdesk schema (an older version's
    stopped copy): address, password, URL."""
    assert PG_URL is not None
    _reset_postgres(PG_URL)
    engine = create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            migrations.upgrade(conn, "0017")  # an older crmdesk's
    finally:
        engine.dispose()
    url = make_url(PG_URL)
    address = ServerAddress(url.host or "localhost", url.database or "", url.username or "",
                            url.port or 5432)
    yield address, url.password or "", PG_URL
    _reset_postgres(PG_URL)  # the next test's `db` fixture rebuilds the template


def answer(monkeypatch: pytest.MonkeyPatch, button: Any) -> list[str]:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **_k: asked.append(a[2]) or button)
    return asked


def test_an_unfinished_setup_is_named_and_set_up_anew(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
        memory_keyring: Any, unfinished_server: tuple[ServerAddress, str, str]) -> None:
    from PySide6.QtWidgets import QMessageBox

    from crmdesk.ui.dialogs.account import NewDatabaseDialog

    address, password, url = unfinished_server
    assert servers.probe(url) == servers.UNFINISHED
    dialog = ConnectDialog(window)
    qtbot.addWidget(dialog)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    fill_dialog(dialog, address, password)
    connect_and_wait(qtbot, dialog)
    assert "holds an unfinished crmdesk setup" in asked[0] and "nothing is deleted" in asked[0]
    assert dialog.result() != ConnectDialog.DialogCode.Accepted  # Cancel: nothing done
    assert servers.probe(url) == servers.UNFINISHED

    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    connect_and_wait(qtbot, dialog)
    assert dialog.result() == ConnectDialog.DialogCode.Accepted
    assert dialog.outcome == "create" and dialog.db is None

    def new_database_exec(new: NewDatabaseDialog) -> int:
        new.username.setText("boss")
        new.password.setText(PASSWORD)
        new.repeat.setText(PASSWORD)
        new.company.setText("Acme")
        new.submit()
        return new.result()

    monkeypatch.setattr(NewDatabaseDialog, "exec", new_database_exec)
    assert connect.create_on_server(window, address, url)
    assert window.workspace is not None and window.workspace.actor.username == "boss"
    assert servers.probe(url) == servers.CRMDESK


def test_a_user_who_may_not_create_tables_is_told_whom_to_ask(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
        memory_keyring: Any, unfinished_server: tuple[ServerAddress, str, str]) -> None:
    from PySide6.QtWidgets import QMessageBox

    address, password, url = unfinished_server
    monkeypatch.setattr(servers, "may_create_tables", lambda _url: False)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog = ConnectDialog(window)
    qtbot.addWidget(dialog)
    fill_dialog(dialog, address, password)
    connect_and_wait(qtbot, dialog)
    assert asked == [] and dialog.result() != ConnectDialog.DialogCode.Accepted
    text = dialog.message.text()
    assert "holds an unfinished crmdesk setup" in text and "may not set it up" in text
    assert "Connect as the database's owner" in text
    assert servers.probe(url) == servers.UNFINISHED
