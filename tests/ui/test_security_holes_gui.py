"""Issue 19's smaller holes in the window: the read-only login locks out, a reset password
is changed before the workspace opens, a damaged file is found after opening."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from crmdesk.core.services import accounts
from crmdesk.storage.database import open_database
from crmdesk.ui.dialogs.login import LoginDialog, NewPasswordDialog
from tests.child_process import held_open
from tests.conftest import PASSWORD
from tests.ui.conftest import window_on


def _try(dialog: LoginDialog, name: str, password: str) -> None:
    dialog.username.setText(name)
    dialog.password.setText(password)
    dialog.try_login()


def test_read_only_login_dialog_locks_out(app, qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Before: in a read-only window, 30 wrong guesses and then the right password."""
    with held_open(db_path, "rw"):
        db = open_database(db_path, read_only=True)
        try:
            dialog = LoginDialog(db)
            qtbot.addWidget(dialog)
            for _ in range(5):
                _try(dialog, "staff1", "wrong-guess")
            assert "locked" in dialog.message.text()
            _try(dialog, "staff1", PASSWORD)
            assert dialog.actor is None and "locked" in dialog.message.text()
        finally:
            db.close()


def test_reset_password_is_changed_before_the_workspace(app, qtbot, db_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch) -> None:
    db = open_database(db_path)
    with db.transaction() as s:
        admin = accounts.login(s, "admin", PASSWORD)
        accounts.reset_password(s, admin, accounts.user_by_name(s, "staff1").id, "temp-pass1")
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    # the user closes the change dialog: not logged in
    monkeypatch.setattr(NewPasswordDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    _try(dialog, "staff1", "temp-pass1")
    assert dialog.actor is None and "own password" in dialog.message.text()

    def choose(self: NewPasswordDialog) -> Any:
        self.new.setText("my-own-pass1")
        self.repeat.setText("my-own-pass1")
        self.submit()
        return self.result()

    monkeypatch.setattr(NewPasswordDialog, "exec", choose)
    _try(dialog, "staff1", "temp-pass1")
    assert dialog.actor is not None
    with db.session() as s:
        assert not accounts.must_change_password(s, dialog.actor.user_id)
    with db.transaction() as s:
        assert accounts.login(s, "staff1", "my-own-pass1").keyring is not None
    db.close()


def _window_as_admin(qtbot: Any, db_path: Path) -> Any:
    """A window on the file at *db_path*, the administrator logged in."""
    return window_on(qtbot, db_path, "admin")


@pytest.mark.sqlite_only("damages a page of the .crmdb file")
def test_damage_found_after_opening_is_told_and_stops_writes(app, qtbot, db_path: Path,  # type: ignore[no-untyped-def]
                                                              monkeypatch) -> None:
    from tests.unit.test_security_holes import _damage_an_index

    _damage_an_index(db_path, "ticket_events")  # a table neither login nor lists read
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: (
        shown.append(text), QMessageBox.StandardButton.No)[1])
    window = _window_as_admin(qtbot, db_path)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "is damaged" in shown[0] and "will not write" in shown[0]
    assert window.workspace is not None and window.workspace.db.damage
    window.close_database()


def _held_check(monkeypatch: Any) -> tuple[Any, list[BaseException | str | None]]:
    """The check after opening, made to run until it is cancelled (or 20 s): the event
    set when it starts, and what it ended with."""
    import threading
    import time

    from crmdesk.storage import database as database_module

    started, real = threading.Event(), database_module.quick_check_file
    finished: list[BaseException | str | None] = []
    begun = time.monotonic()

    def slow(path: Path, *, full: bool = False, job: Any = None) -> str | None:
        started.set()
        while not job.wait(0.05):  # a long check: until cancelled (or 20 s)
            if time.monotonic() - begun > 20:
                break
        try:
            result = real(path, full=full, job=job)
        except BaseException as exc:
            finished.append(exc)
            raise
        finished.append(result)
        return result

    monkeypatch.setattr(database_module, "quick_check_file", slow)
    return started, finished


@pytest.mark.sqlite_only("SQLite's PRAGMA integrity_check of the .crmdb file")
def test_closing_the_file_stops_its_check_at_once(app, qtbot, db_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    """The check after opening reads the whole file (half an hour at ten million
    customers): closing the file cancels it instead of waiting for it."""
    import time

    started, finished = _held_check(monkeypatch)
    window = _window_as_admin(qtbot, db_path)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    db = window.workspace.db
    closing = time.monotonic()
    window.close_database()
    assert time.monotonic() - closing < 5  # not the 20 s the check would still take
    assert [type(f).__name__ for f in finished] == ["Cancelled"]
    assert db.damage is None  # a check stopped is no finding


@pytest.mark.sqlite_only("SQLite's PRAGMA integrity_check of the .crmdb file")
def test_the_check_leaves_both_reader_threads_to_the_screens(  # type: ignore[no-untyped-def]
        app, qtbot, db_path: Path, monkeypatch) -> None:
    """While the whole file is checked (minutes on a big file) two screens can still read
    at the same time: the check has a thread of its own."""
    import threading

    started, finished = _held_check(monkeypatch)
    window = _window_as_admin(qtbot, db_path)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    workspace = window.workspace
    both = threading.Barrier(2, timeout=5)  # passes only when two reads run at once
    shown: list[object] = []
    for _ in range(2):
        workspace.read_later(window, both.wait, shown.append)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
    assert not any(isinstance(s, Exception) for s in shown)  # no BrokenBarrierError
    assert finished == []  # the check still runs
    window.close_database()
    assert [type(f).__name__ for f in finished] == ["Cancelled"]


@pytest.mark.sqlite_only("SQLite's PRAGMA integrity_check of the .crmdb file")
def test_quieting_the_readers_stops_the_check_and_allows_new_ones(  # type: ignore[no-untyped-def]
        app, qtbot, db_path: Path, monkeypatch) -> None:
    """A restore waits until nothing reads the file (Workspace.quiet): the running check
    stops at once rather than being waited for, and later long reads are not cancelled."""
    import time

    started, finished = _held_check(monkeypatch)
    window = _window_as_admin(qtbot, db_path)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    workspace = window.workspace
    stopped = workspace.reading
    quieting = time.monotonic()
    workspace.quiet()
    assert time.monotonic() - quieting < 5
    assert [type(f).__name__ for f in finished] == ["Cancelled"]
    assert stopped.cancelled and not workspace.reading.cancelled
    assert workspace.db.damage is None
    window.close_database()
