"""GUI fixtures: the styled application, a main window logged in on a test database."""

from __future__ import annotations

import gc
import threading
from array import array
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from crmdesk.ui.errors import ErrorReporter


@pytest.fixture(autouse=True)
def application(qapp):  # type: ignore[no-untyped-def]
    """Every GUI test runs in the one QApplication of pytest-qt (tests/unit make none),
    with cyclic garbage collected on the GUI thread only, as in the program (see
    crmdesk.ui.collector: a collection in the executor's worker thread freed Qt objects
    there and crashed a later event loop: rare segmentation faults in full runs)."""
    from crmdesk.ui import collector

    collector.install(qapp)
    return qapp


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing may block on a modal dialog: questions are answered "Discard"/"No"
    (tests that care patch them themselves), messages are recorded."""
    from PySide6.QtWidgets import QMessageBox

    ErrorReporter.interactive = False
    ErrorReporter.shown = []

    def answer(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        ErrorReporter.shown.append(str(args[2]) if len(args) > 2 else "")
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "information",
                        lambda *a, **k: QMessageBox.StandardButton.Ok)
    yield
    ErrorReporter.interactive = True



@pytest.fixture(scope="session", autouse=True)
def _heap_left_by_earlier_tests() -> Iterator[None]:
    """``make test`` runs the unit tests first, in the same process.  They left 4.9
    million objects behind (1.2 GB: closed databases kept by SQLAlchemy's statement
    caches, now freed) and one full garbage collection took 3.8 s, long enough to
    turn a window's 5 s wait for its background work into a timeout (a different UI
    test failed in each of three runs).  What is left (~0.56 million, mostly pypinyin's
    and reportlab's data, 0.4 s to collect) is moved out of the collector's sight before
    the first UI test."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()

@pytest.fixture
def app(qapp):  # type: ignore[no-untyped-def]
    from crmdesk.ui.app import create_application

    return create_application(["crmdesk-test"], language="en")


def window_on(qtbot: Any, path: Any, username: str = "staff1") -> Any:
    """A MainWindow on the file (or server) at *path*, *username* logged in; not shown."""
    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database
    from crmdesk.ui.main_window import MainWindow
    from tests.conftest import PASSWORD

    window = MainWindow()
    qtbot.addWidget(window)
    db = open_database(path)
    with db.transaction() as s:
        actor = accounts.login(s, username, PASSWORD)
    window.start_workspace(db, actor)
    return window


@pytest.fixture
def login(app, qtbot, db_path):  # type: ignore[no-untyped-def]
    """``login("staff1")`` -> a MainWindow logged in as that user on the test database."""
    windows: list[Any] = []

    def make(username: str = "staff1") -> Any:
        window = window_on(qtbot, db_path, username)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.workspace is not None:
            for doc in window.documents():
                if hasattr(doc, "dirty"):
                    doc.dirty = False
            window.close_database()


@pytest.fixture
def settle(qtbot):  # type: ignore[no-untyped-def]
    """Wait until the window's background operations are done."""

    def wait(window: Any, timeout: int = 5000) -> None:
        workspace = window.workspace
        if workspace is not None:
            qtbot.waitUntil(lambda: not workspace.executor.busy, timeout=timeout)
            # screens that read on a reader thread after a change (Today, the reminders:
            # ReadWhileShown) have shown it
            qtbot.waitUntil(lambda: not any(
                getattr(getattr(doc, "reader", None), "refreshing", False)
                for doc in window.documents()), timeout=timeout)
            # and the reminders' check (read on a reader thread) has shown what it found
            watcher = getattr(window, "reminder_watch", None)
            qtbot.waitUntil(lambda: not getattr(watcher, "refreshing", False),
                            timeout=timeout)
        qtbot.wait(10)

    return wait


def answer_logins(monkeypatch: pytest.MonkeyPatch, username: str,
                  password: str | None = None) -> None:
    """Every login dialog is answered as *username* (the tests' password by default)."""
    from crmdesk.ui.dialogs.login import LoginDialog
    from tests.conftest import PASSWORD

    def exec_(dialog: LoginDialog) -> int:
        dialog.username.setText(username)
        dialog.password.setText(password or PASSWORD)
        dialog.try_login()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", exec_)


def seed_customers(db_path: Any, owner: str, rows: list[dict[str, Any]]) -> list[int]:
    from crmdesk.core.services import accounts
    from crmdesk.core.services.customers import customers
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    db = open_database(db_path)
    ids = []
    try:
        with db.transaction() as s:
            actor = accounts.login(s, owner, PASSWORD)
            for row in rows:
                ids.append(customers.create(s, actor, row).id)
    finally:
        db.close()
    return ids


Seeder = Callable[[str, list[dict[str, Any]]], list[int]]


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Type like a user: ASCII as key presses, Chinese as an input-method commit."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture(autouse=True)
def no_automatic_backups(monkeypatch: pytest.MonkeyPatch) -> None:
    """No automatic backups (every N hours, on closing) unless a test turns them on."""
    from crmdesk.ui.dialogs.backup_schedule import BackupScheduler

    monkeypatch.setattr(BackupScheduler, "automatic", False)


@pytest.fixture(autouse=True)
def fresh_window_settings() -> None:
    """Each GUI test starts with no remembered window state (column layouts, sort orders,
    recent files): a test that moved or sorted a datasheet's columns must not decide the
    order another test sees."""
    from crmdesk.config import AppSettings

    AppSettings().qsettings().clear()


@pytest.fixture
def window(app, qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A main window with no database open, for a user who never ran crmdesk."""
    from crmdesk.ui.main_window import MainWindow

    monkeypatch.setenv("CRMDESK_HOME", str(tmp_path / "home"))
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    yield w
    if w.workspace is not None:
        w.close_database()


class HeldReads:
    """Holds every full id read of a datasheet *model* until released; records how many
    ids each one returned.  *stoppable*: each read must have been given its way to stop
    (a newer query, the datasheet closed)."""

    def __init__(self, model: Any, monkeypatch: pytest.MonkeyPatch, *,
                 stoppable: bool = False) -> None:
        self.release = threading.Event()
        self.read: list[int] = []
        real = model.service.id_array

        def held(*args: Any, **kwargs: Any) -> array[int]:
            if stoppable:
                assert kwargs.get("stop") is not None
            self.release.wait(10)
            ids: array[int] = real(*args, **kwargs)
            self.read.append(len(ids))
            return ids

        monkeypatch.setattr(model.service, "id_array", held)


def count_reads(monkeypatch: pytest.MonkeyPatch,
                reads: list[tuple[str, Any, str]]) -> list[tuple[str, bool]]:
    """Every call of each function *reads* names (label, the module or object holding
    it, its name), as it runs: (label, whether it ran on the GUI thread)."""
    seen: list[tuple[str, bool]] = []

    def counted(name: str, fn: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            seen.append((name, threading.current_thread() is threading.main_thread()))
            return fn(*args, **kwargs)
        return call

    for label, holder, attribute in reads:
        monkeypatch.setattr(holder, attribute, counted(label, getattr(holder, attribute)))
    return seen
