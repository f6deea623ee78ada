"""File > Connect to server never freezes the window (issue 18, item 2): the connection
test runs off the GUI thread with "Connecting to host…" shown, Cancel gives the fields
back at once, an abandoned attempt's answer is ignored; and setting up an empty server
database from the window is all or nothing."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox

from crmdesk.storage import servers
from crmdesk.storage.servers import ServerAddress
from crmdesk.ui.dialogs import connect
from crmdesk.ui.dialogs.connect import (
    ConnectAttempt,
    ConnectDialog,
    try_connection,
    wait_for_attempts,
)
from tests.conftest import PASSWORD, PG_URL, _reset_postgres, needs_driver
from tests.unit.test_servers import MemoryKeyring

needs_server = pytest.mark.skipif(not PG_URL,
                                  reason="needs a PostgreSQL server (CRMDESK_TEST_PG_URL)")


class SilentServer:
    """A port on 127.0.0.1 that takes the connection and never answers (a server that
    hangs, or a firewall that swallows the packets): the client waits for its timeout,
    or until :meth:`close` (then what waits fails at once)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port: int = self.sock.getsockname()[1]

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()
    assert wait_for_attempts(20000)


def finish_attempts(qtbot: Any) -> None:
    """Every attempt's thread done and its answer delivered on the GUI thread."""
    assert wait_for_attempts(20000)
    qtbot.waitUntil(lambda: not connect._RUNNING, timeout=5000)


def silent_dialog(window: Any, qtbot: Any, server: SilentServer) -> ConnectDialog:
    dialog = ConnectDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(server.port)
    dialog.database.setText("shop")
    dialog.user.setText("crm")
    dialog.password.setText("pw")
    return dialog


def ok_button(dialog: ConnectDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def assert_editable(dialog: ConnectDialog) -> None:
    assert not dialog.connecting and dialog.busy.isHidden()
    assert ok_button(dialog).isEnabled()
    for field in (dialog.host, dialog.port, dialog.database, dialog.user, dialog.password):
        assert field.isEnabled()


@needs_driver
def test_connecting_shows_its_state_keeps_the_window_responsive_and_cancels(
        window: Any, qtbot: Any, memory_keyring: MemoryKeyring,
        silent_server: SilentServer) -> None:
    dialog = silent_dialog(window, qtbot, silent_server)
    started = time.monotonic()
    ok_button(dialog).click()
    assert time.monotonic() - started < 1.0  # the click returns at once
    assert dialog.connecting and not dialog.busy.isHidden()
    assert dialog.busy_label.text() == "Connecting to 127.0.0.1…"
    assert not ok_button(dialog).isEnabled()
    assert not dialog.host.isEnabled() and not dialog.password.isEnabled()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.isEnabled()

    ticks: list[int] = []  # the event loop runs while the server says nothing
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=3000)
    timer.stop()
    assert dialog.connecting  # still waiting for the server

    cancel.click()  # back to the fields at once; the dialog stays
    assert_editable(dialog)
    assert dialog.isVisible() and dialog.result() != ConnectDialog.DialogCode.Accepted
    assert dialog.message.isHidden()

    # typing works again, and a new attempt does not wait for the abandoned one
    dialog.port.setValue(1)  # nothing listens there: refused at once
    ok_button(dialog).click()
    assert dialog.connecting
    qtbot.waitUntil(lambda: not dialog.connecting, timeout=15000)
    assert "Cannot reach the database server 127.0.0.1 (port 1)" in dialog.message.text()


def test_an_abandoned_attempts_answer_is_ignored(
        window: Any, qtbot: Any, memory_keyring: MemoryKeyring,
        silent_server: SilentServer) -> None:
    dialog = silent_dialog(window, qtbot, silent_server)
    dialog.connect_to_server()
    attempt = dialog._attempt
    assert attempt is not None
    dialog.reject()  # Esc while connecting: stops connecting, the dialog stays
    assert_editable(dialog)
    assert dialog.isVisible() and attempt.abandoned
    silent_server.close()  # now the abandoned attempt fails ...
    finish_attempts(qtbot)
    assert dialog.message.isHidden()  # ... and nobody is told
    assert_editable(dialog)
    assert dialog.isVisible() and dialog.result() != ConnectDialog.DialogCode.Accepted


@needs_driver
def test_a_server_that_never_answers_fails_with_the_usual_message(
        window: Any, qtbot: Any, memory_keyring: MemoryKeyring,
        silent_server: SilentServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(servers, "CONNECT_TIMEOUT", 2)  # libpq's shortest
    dialog = silent_dialog(window, qtbot, silent_server)
    dialog.remember.setChecked(True)
    started = time.monotonic()
    dialog.connect_to_server()
    assert dialog.connecting
    qtbot.waitUntil(lambda: not dialog.connecting, timeout=15000)
    assert time.monotonic() - started >= 1.5  # it did wait for the server
    assert dialog.message.text().startswith(
        f"Cannot reach the database server 127.0.0.1 (port {silent_server.port}): ")
    assert "pw@" not in dialog.message.text()
    assert_editable(dialog)
    assert dialog.result() != ConnectDialog.DialogCode.Accepted
    assert memory_keyring.passwords == {}  # nothing kept for a connection that failed


def test_closing_the_dialog_while_connecting_is_safe(
        window: Any, qtbot: Any, memory_keyring: MemoryKeyring,
        silent_server: SilentServer) -> None:
    dialog = silent_dialog(window, qtbot, silent_server)
    dialog.connect_to_server()
    attempt = dialog._attempt
    assert attempt is not None
    dialog.done(0)  # closed while connecting
    assert attempt.abandoned and not dialog.connecting
    other = silent_dialog(window, qtbot, silent_server)
    other.connect_to_server()
    shiboken6.delete(other)  # deleted outright (its window went away) while connecting
    qtbot.wait(20)
    silent_server.close()  # both attempts fail now: nobody is told, nothing breaks
    finish_attempts(qtbot)
    assert dialog.message.isHidden()


@needs_server
def test_a_database_opened_by_an_abandoned_attempt_is_closed(
        window: Any, qtbot: Any, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.engine import make_url

    from tests.conftest import fresh_server_database

    url = fresh_server_database()
    opening = threading.Event()
    go_on = threading.Event()
    opened: list[Any] = []
    real_open = connect.open_database

    def slow_open(target: str) -> Any:
        opening.set()
        go_on.wait(10)
        db = real_open(target)
        opened.append(db)
        return db

    monkeypatch.setattr(connect, "open_database", slow_open)
    parsed = make_url(url)
    dialog = ConnectDialog(window, ServerAddress(parsed.host or "localhost",
                                                 parsed.database or "",
                                                 parsed.username or "", parsed.port or 5432))
    qtbot.addWidget(dialog)
    dialog.password.setText(parsed.password or "")
    dialog.connect_to_server()
    assert opening.wait(10)  # probed; now opening the crmdesk database
    dialog.cancel_connecting()
    assert_editable(dialog)
    go_on.set()
    assert wait_for_attempts(15000)
    qtbot.waitUntil(lambda: not connect._RUNNING, timeout=5000)
    assert len(opened) == 1 and opened[0].closed  # nobody waited for it: closed
    assert dialog.db is None and dialog.result() != ConnectDialog.DialogCode.Accepted


@needs_driver
def test_attempts_run_beside_each_other(qtbot: Any, silent_server: SilentServer,
                                        memory_keyring: MemoryKeyring) -> None:
    """An abandoned attempt still waiting does not hold up the next one."""
    stuck_url = ServerAddress("127.0.0.1", "x", "u", silent_server.port).url("p")
    stuck = ConnectAttempt.start(lambda job: try_connection(stuck_url, job),
                                 None, lambda _f: None, lambda _e: None)
    stuck.abandon()
    failures: list[BaseException] = []
    refused_url = ServerAddress("127.0.0.1", "x", "u", 1).url("p")
    ConnectAttempt.start(lambda job: try_connection(refused_url, job), None,
                         lambda _f: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=15000)
    assert isinstance(failures[0], servers.ServerUnreachableError)


# ---------------------------------------------------------------------------
# Setting up an empty server database: all or nothing
# ---------------------------------------------------------------------------

def server_tables(url: str) -> list[str]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()")).scalars())
    finally:
        engine.dispose()


@pytest.fixture
def empty_server() -> Iterator[str]:
    assert PG_URL is not None
    _reset_postgres(PG_URL)
    yield PG_URL
    _reset_postgres(PG_URL)


@needs_server
def test_a_failed_setup_on_the_server_leaves_it_empty_and_can_be_retried(
        window: Any, qtbot: Any, memory_keyring: MemoryKeyring,
        monkeypatch: pytest.MonkeyPatch, empty_server: str) -> None:
    from crmdesk.core.services import templates
    from crmdesk.errors import KnownError
    from crmdesk.ui.dialogs.account import NewDatabaseDialog

    def new_database_exec(dialog: NewDatabaseDialog) -> int:
        dialog.username.setText("boss")
        dialog.password.setText(PASSWORD)
        dialog.repeat.setText(PASSWORD)
        dialog.company.setText("Acme")
        dialog.template.select("insurance")  # record types: tables of their own
        dialog.submit()
        return dialog.result()

    def broken_apply(*_a: Any, **_k: Any) -> Any:
        raise KnownError("The template cannot be applied (test).")

    monkeypatch.setattr(NewDatabaseDialog, "exec", new_database_exec)
    monkeypatch.setattr(templates, "apply", broken_apply)
    address = ServerAddress.from_url(empty_server)
    assert address is not None
    from crmdesk.ui.errors import ErrorReporter

    assert not connect.create_on_server(window, address, empty_server)
    assert window.workspace is None
    message = ErrorReporter.shown[-1]
    assert message.startswith("Setting up the new database failed: The template cannot be "
                              "applied (test). Nothing was kept: the database ")
    assert "was left empty, and can be set up again." in message
    assert server_tables(empty_server) == []  # no table of ours, no alembic_version
    assert servers.probe(empty_server) == servers.EMPTY

    monkeypatch.undo()
    monkeypatch.setattr(NewDatabaseDialog, "exec", new_database_exec)
    from crmdesk.core.services import database_setup

    threads: list[bool] = []
    real_set_up = database_setup.set_up_database

    def set_up(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return real_set_up(*args, **kwargs)

    monkeypatch.setattr(database_setup, "set_up_database", set_up)
    assert connect.create_on_server(window, address, empty_server)
    assert threads == [False]  # off the GUI thread
    assert window.workspace is not None and window.workspace.actor.username == "boss"
    assert servers.probe(empty_server) == servers.CRMDESK


def test_a_failed_new_file_leaves_no_file(window: Any, tmp_path: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from crmdesk.core.services import templates
    from crmdesk.errors import KnownError
    from crmdesk.ui.errors import ErrorReporter

    def broken_apply(*_a: Any, **_k: Any) -> Any:
        raise KnownError("The template cannot be applied (test).")

    monkeypatch.setattr(templates, "apply", broken_apply)
    path = tmp_path / "shop.crmdb"
    assert not window.create_database(str(path), "boss", PASSWORD, None, "Acme", "insurance")
    assert ErrorReporter.shown[-1] == (
        "Setting up the new database failed: The template cannot be applied (test). "
        "Nothing was kept: no file was made.")
    assert not any(p.name.startswith("shop.crmdb") for p in tmp_path.iterdir())
    assert window.workspace is None


def test_waiting_work_runs_off_the_gui_thread_with_a_note(window: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QProgressDialog

    from crmdesk.errors import KnownError

    seen: list[str] = []

    def look() -> None:
        seen.extend(d.labelText() for d in window.findChildren(QProgressDialog)
                    if d.isVisible())

    def work(_job: Any) -> str:
        time.sleep(0.3)
        return threading.current_thread().name

    timer = QTimer()  # the GUI thread's events run while the work waits
    timer.timeout.connect(look)
    timer.start(20)
    assert connect.run_waiting(window, "Setting up …", work) != \
        threading.main_thread().name
    timer.stop()
    assert seen and set(seen) == {"Setting up …"}
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]

    def broken(_job: Any) -> None:
        raise KnownError("It broke (test).")

    with pytest.raises(KnownError, match="It broke"):
        connect.run_waiting(window, "Setting up …", broken)
