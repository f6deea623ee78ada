"""The pipeline board, the recycle bin, the calendar and the service levels after a
change: read on a reader thread, never on the GUI thread (at a million customers each
read takes 0.1-1.5 s), once for a burst of changes, only while shown (a hidden one reads
when it is shown again), and never once closed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent

from crmdesk.core.services import calendar, recycle_bin, service_levels
from crmdesk.core.services.customers import customers
from crmdesk.core.services.sales import opportunities
from crmdesk.ui.views.admin.recycle_bin import RecycleBinView
from crmdesk.ui.views.calendar import CalendarView
from crmdesk.ui.views.pipeline import PipelineBoard
from crmdesk.ui.views.sla import SlaTicketsView
from tests.ui.conftest import count_reads, seed_customers

#: (navigation entry, view, the record type a change is of)
SCREENS = [("pipeline", PipelineBoard, "opportunity"), ("recycle", RecycleBinView, "customer"),
           ("calendar", CalendarView, "task"), ("sla", SlaTicketsView, "ticket")]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each read of the screens as it runs: (which, on the GUI thread)."""
    return count_reads(monkeypatch, [
        ("pipeline", opportunities, "board"), ("recycle", recycle_bin, "entries"),
        ("calendar", calendar, "items"), ("sla", service_levels, "tickets_in_state")])


def _open(window: Any, settle: Any, entry: str, cls: type) -> Any:
    window.open_entry(entry)
    settle(window)
    view = window.current_document()
    assert isinstance(view, cls)
    return view


def test_the_board_shows_a_new_opportunity_read_off_the_gui_thread(login, db_path, settle,  # type: ignore[no-untyped-def]
                                                                   reads) -> None:
    cid = seed_customers(db_path, "staff1", [{"name": "华为"}])[0]
    window = login("staff1")
    board = _open(window, settle, "pipeline", PipelineBoard)
    assert reads == [("pipeline", False)] and board.column("intent").count == 0
    actor = window.workspace.actor
    window.workspace.op(None, lambda s, _job: opportunities.create(s, actor, {
        "customer_id": cid, "title": "软件采购", "amount_cents": "100000",
        "stage": "intent"}), changes=("opportunity",)).run()
    settle(window)
    assert reads == [("pipeline", False)] * 2
    assert board.column("intent").count == 1 and board.frames["intent"].list.count() == 1
    assert board.column("intent").total_cents == 10_000_000


def test_the_bin_shows_a_deleted_customer_read_off_the_gui_thread(login, db_path, settle,  # type: ignore[no-untyped-def]
                                                                  reads) -> None:
    cid = seed_customers(db_path, "staff1", [{"name": "要删除的客户"}])[0]
    window = login("admin")
    view = _open(window, settle, "recycle", RecycleBinView)
    assert reads == [("recycle", False)] and view.entries == []
    actor = window.workspace.actor
    window.workspace.op(None, lambda s, _job: customers.delete(s, actor, cid),
                        changes=("customer",)).run()
    settle(window)
    assert reads == [("recycle", False)] * 2
    assert [(e.entity, e.id) for e in view.entries] == [("customer", cid)]
    assert view.table.rowCount() == 1 and "要删除的客户" in view.table.item(0, 1).text()


def test_the_calendar_shows_a_new_task_and_draws_only_what_was_read_for_its_view(  # type: ignore[no-untyped-def]
        login, settle, reads) -> None:
    from datetime import datetime

    from crmdesk.core.services.tasks import tasks

    window = login("staff1")
    view = _open(window, settle, "calendar", CalendarView)
    assert reads == [("calendar", False)] and view.mode == "month"
    actor = window.workspace.actor
    due = datetime.combine(date.today(), datetime.min.time().replace(hour=10)).astimezone()
    box = view.cells[(date.today(), None)]
    assert box.count() == 0
    window.workspace.op(None, lambda s, _job: tasks.create(s, actor, {
        "title": "日历里的任务", "due_at": due}), changes=("task",)).run()
    settle(window)
    assert reads == [("calendar", False)] * 2
    assert [i.title for i in view.items] == ["日历里的任务"]
    # the same month: the same boxes, filled again
    assert view.cells[(date.today(), None)] is box and "日历里的任务" in box.item(0).text()
    reads.clear()
    view.set_mode("week")  # a read runs for the week ...
    view.step(1)  # ... and the next week is chosen meanwhile: one more read after it
    settle(window)
    assert reads == [("calendar", False)] * 2
    assert view.items == []  # the next week's (the first read's items were not drawn)
    assert view.shown_key()[0] == "week"


@pytest.mark.parametrize(("entry", "cls", "kind"), SCREENS, ids=[e for e, _, _ in SCREENS])
def test_many_changes_give_one_read(login, settle, reads, entry, cls, kind) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    view = _open(window, settle, entry, cls)
    reads.clear()
    for _ in range(100):  # an import announcing its chunks, a merge ...
        window.workspace.notify_changed(kind)
    settle(window)
    assert reads == [(entry, False)] and not view.reader.refreshing


@pytest.mark.parametrize(("entry", "cls", "kind"), SCREENS, ids=[e for e, _, _ in SCREENS])
def test_a_hidden_screen_reads_when_shown_again(login, settle, reads, entry, cls, kind) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    view = _open(window, settle, entry, cls)
    window.open_entry("customers")  # another tab in front
    settle(window)
    assert not view.isVisible()
    reads.clear()
    for _ in range(20):
        window.workspace.notify_changed(kind)
    settle(window)
    assert reads == []  # nothing read for a screen nobody sees
    window.tabs.setCurrentWidget(view)
    settle(window)
    assert reads == [(entry, False)]


@pytest.mark.parametrize(("entry", "cls", "kind"), SCREENS, ids=[e for e, _, _ in SCREENS])
def test_a_closed_screen_is_not_read_again(login, settle, reads, qtbot, entry, cls, kind) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    view = _open(window, settle, entry, cls)
    with qtbot.captureExceptions() as raised:
        view.refresh()  # a read runs while the tab is closed: its result goes nowhere
        assert window.close_tab(window.tabs.indexOf(view))
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not shiboken6.isValid(view)
        window.workspace.readers.waitForDone()
        reads.clear()
        window.workspace.notify_changed(kind)
        settle(window)
    assert raised == [] and reads == []


@pytest.mark.parametrize(("entry", "cls", "kind"), SCREENS, ids=[e for e, _, _ in SCREENS])
def test_a_screen_says_it_is_reading_until_its_first_read_arrives(login, settle, entry, cls,  # type: ignore[no-untyped-def]
                                                                  kind) -> None:
    from crmdesk.ui.widgets.changes import reading_text

    window = login("admin")
    settle(window)
    window.open_entry(entry)
    view = window.current_document()
    assert view.status_text() == reading_text() == "Reading ..."
    settle(window)
    assert view.status_text() != reading_text()
