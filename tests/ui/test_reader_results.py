"""Reads on reader threads come back one way (``Workspace.read_later``): the result, or
the exception the read raised, reaches the screen on the GUI thread, never a screen
closed meanwhile; and the screen is never held by the reader thread."""

from __future__ import annotations

import threading
import weakref
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from sqlalchemy.exc import OperationalError

from crmdesk.ui.errors import ErrorReporter
from crmdesk.ui.models import datasheet as model_module
from crmdesk.ui.views.datasheet import DatasheetView
from tests.ui.conftest import seed_customers


class Shown:
    """Where a result goes: records it and the thread it arrived on."""

    def __init__(self) -> None:
        self.results: list[Any] = []
        self.threads: list[int] = []

    def __call__(self, result: Any) -> None:
        self.results.append(result)
        self.threads.append(threading.get_ident())


def test_the_result_reaches_the_gui_thread_and_the_reader_holds_nothing(login, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = login("staff1").workspace
    owner, shown, ran_on = QObject(), Shown(), []

    def work() -> int:
        ran_on.append(threading.get_ident())
        return 42

    watch = weakref.ref(shown)
    workspace.read_later(owner, work, shown)
    results, threads = shown.results, shown.threads
    del shown
    qtbot.waitUntil(lambda: results == [42], timeout=5_000)
    assert ran_on != [threading.get_ident()]  # read on another thread ...
    assert threads == [threading.get_ident()]  # ... shown on this one
    workspace.readers.waitForDone()
    assert watch() is None  # nothing keeps the receiver once it was told
    # (the window's own reads, the reminder watcher's, may still be on their way)
    assert all(o is not owner for o, _show in workspace._deliveries._waiting.values())


def test_an_exception_of_the_read_is_handed_to_the_screen(login, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = login("staff1").workspace
    owner, shown = QObject(), Shown()

    def work() -> int:
        raise ValueError("the disk went away")

    workspace.read_later(owner, work, shown)
    qtbot.waitUntil(lambda: bool(shown.results), timeout=5_000)
    assert isinstance(shown.results[0], ValueError)


def test_a_screen_closed_before_its_result_is_not_told(login, qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = login("staff1").workspace
    owner, shown, release = QObject(), Shown(), threading.Event()
    workspace.read_later(owner, lambda: release.wait(5), shown)
    owner.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    qtbot.waitUntil(lambda: not workspace._deliveries._waiting, timeout=5_000)
    assert shown.results == []


@pytest.fixture
def sheet(login, db_path, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(model_module, "PAGE", 10)
    seed_customers(db_path, "staff1", [{"name": f"客户{i:03d}"} for i in range(25)])
    window = login("staff1")
    window.open_entry("customers")
    view = window.current_document()
    assert isinstance(view, DatasheetView)
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)
    return view


def test_a_list_that_cannot_be_read_says_so_and_keeps_its_first_rows(sheet, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fails(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("SELECT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(sheet.model.service, "id_array", fails)
    ErrorReporter.shown = []
    sheet.model.reload()
    qtbot.waitUntil(lambda: not sheet.model.loading, timeout=10_000)
    assert sheet.model.rowCount() == 10  # the first page, read before the failed list
    assert len(ErrorReporter.shown) == 1  # and the user is told
