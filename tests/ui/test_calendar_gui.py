"""The calendar view (issue 13, item 2), driven as a user would: the month view shows a
task, dragging it to another day moves it (through the service, audited) and it shows
there, double-clicking opens it, double-clicking an empty day starts a new task."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent


def _seed_task(db_path: Any, title: str, due: datetime) -> int:
    from crmdesk.core.services import accounts
    from crmdesk.core.services.tasks import tasks
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            return int(tasks.create(s, actor, {"title": title, "due_at": due}).id)
    finally:
        db.close()


def _titles(cell: Any) -> list[str]:
    return [cell.item(i).data(Qt.ItemDataRole.UserRole).title for i in range(cell.count())
            if cell.item(i).data(Qt.ItemDataRole.UserRole) is not None]


def _open_calendar(login: Any, settle: Any) -> tuple[Any, Any]:
    from crmdesk.ui.views.calendar import CalendarView

    window = login("staff1")
    window.open_entry("calendar")
    settle(window)  # the items are read on a reader thread
    view = window.current_document()
    assert isinstance(view, CalendarView)
    return window, view


def _this_month_days() -> tuple[date, date]:
    today = date.today()
    first = today.replace(day=10)
    return first, first + timedelta(days=5)


def test_drag_a_task_to_another_day_in_the_month_view(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts
    from crmdesk.core.services.tasks import tasks
    from crmdesk.storage.database import open_database
    from crmdesk.ui.views.calendar import MIME, CalendarView
    from tests.conftest import PASSWORD

    day, target_day = _this_month_days()
    due = datetime.combine(day, datetime.min.time().replace(hour=15)).astimezone()
    task_id = _seed_task(db_path, "拜访客户", due)
    window, view = _open_calendar(login, settle)
    assert isinstance(view, CalendarView) and view.mode == "month"
    assert _titles(view.cells[(day, None)]) == ["拜访客户"]
    assert "15:00 拜访客户" in view.cells[(day, None)].item(0).text()

    source = view.cells[(day, None)]
    data = source.mimeData([source.item(0)])
    assert data.hasFormat(MIME)
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.MoveAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.cells[(target_day, None)].dropEvent(event)
    settle(window)
    assert _titles(view.cells[(target_day, None)]) == ["拜访客户"]
    assert _titles(view.cells[(day, None)]) == []
    db = open_database(db_path)
    try:
        with db.session() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            assert tasks.get(s, actor, task_id).due_at == due + timedelta(days=5)
    finally:
        db.close()

    # a stale drop (the version it was dragged with is old) is refused with a message
    stale = QMimeData()
    stale.setData(MIME, QByteArray(f"task:{task_id}:1".encode()))
    view.cells[(day, None)].dropEvent(QDropEvent(
        QPointF(10, 10), Qt.DropAction.MoveAction, stale, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier))
    settle(window)
    assert view.message.text()
    assert _titles(view.cells[(target_day, None)]) == ["拜访客户"]


def test_double_click_opens_the_record_and_an_empty_slot_makes_a_task(login, db_path, settle, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.views.task_form import TaskForm

    day, empty_day = _this_month_days()
    due = datetime.combine(day, datetime.min.time().replace(hour=11)).astimezone()
    task_id = _seed_task(db_path, "发送报价", due)
    window, view = _open_calendar(login, settle)
    cell = view.cells[(day, None)]
    cell.itemDoubleClicked.emit(cell.item(0))
    settle(window)
    form = window.current_document()
    assert isinstance(form, TaskForm) and form.record_id == task_id

    window.open_entry("calendar")
    assert window.current_document() is view
    view.anchor = empty_day
    view.set_mode("day")
    settle(window)
    slot = view.cells[(empty_day, 14)]
    qtbot.mouseDClick(slot.viewport(), Qt.MouseButton.LeftButton)
    settle(window)
    new = window.current_document()
    assert isinstance(new, TaskForm) and new.record_id is None


def test_views_and_a_managers_team(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    day, _other = _this_month_days()
    _seed_task(db_path, "团队任务", datetime.combine(
        day, datetime.min.time().replace(hour=9)).astimezone())
    window = login("manager")
    window.open_entry("calendar")
    settle(window)  # the items are read on a reader thread
    view = window.current_document()
    view.anchor = day
    assert view.items == [] or all(i.person_id != 3 for i in view.items)
    view.person.setCurrentIndex(view.person.findData("team"))
    settle(window)
    assert [i.title for i in view.items] == ["团队任务"]
    assert view.items[0].person_name == "李娜"
    for mode in ("week", "day", "agenda"):
        view.set_mode(mode)
        settle(window)
        assert [i.title for i in view.items] == ["团队任务"]
    assert view.agenda_tree.topLevelItemCount() == 1



def test_items_are_sorted_into_days_on_the_reader_thread(login, db_path, settle,  # type: ignore[no-untyped-def]
                                                         monkeypatch) -> None:
    """A month of a big team holds 100,000 items: the read sorts them into days, the GUI
    thread only fills the boxes; an item lasting days is on each day shown."""
    import threading

    from crmdesk.core.services.calendar import CalendarItem
    from crmdesk.ui.views import calendar as view_module

    campaign = CalendarItem("campaign", 1, date(2027, 3, 30), date(2027, 4, 2), "CP1", "春促",
                            None, 1)
    task = CalendarItem("task", 2, date(2027, 4, 1), None, "T2", "回访", None, 1)
    days = view_module.by_day([campaign, task], date(2027, 3, 31), date(2027, 4, 30))
    assert days == {date(2027, 3, 31): [campaign], date(2027, 4, 1): [campaign, task],
                    date(2027, 4, 2): [campaign]}
    threads: list[int] = []
    real = view_module.by_day

    def spy(*args: Any) -> Any:
        threads.append(threading.get_ident())
        return real(*args)

    monkeypatch.setattr(view_module, "by_day", spy)
    day, _later = _this_month_days()
    _seed_task(db_path, "月中回访", datetime.combine(day, datetime.min.time().replace(
        hour=10)).astimezone())
    _window, view = _open_calendar(login, settle)
    assert threads and threading.get_ident() not in threads
    assert _titles(view.cells[(day, None)]) == ["月中回访"]


def test_the_agenda_lists_a_busy_day_in_part_and_opens_the_rest(login, db_path, settle,  # type: ignore[no-untyped-def]
                                                                 monkeypatch) -> None:
    """Four weeks of a big team hold 100,000 items: the agenda lists a day's first ones
    and "+N more", which opens that day (as a month's box does)."""
    from crmdesk.ui.views import calendar as view_module

    monkeypatch.setattr(view_module, "AGENDA_DAY_ITEMS", 2)
    day, _later = _this_month_days()
    for hour, title in ((9, "早会"), (10, "回访"), (11, "报价"), (15, "送货")):
        _seed_task(db_path, title, datetime.combine(day, datetime.min.time().replace(
            hour=hour)).astimezone())
    _window, view = _open_calendar(login, settle)
    view.anchor = day
    view.set_mode("agenda")
    settle(_window)
    tree = view.agenda_tree
    (head,) = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    rows = [head.child(i) for i in range(head.childCount())]
    assert [r.text(3) for r in rows] == ["早会", "回访", ""]
    assert rows[-1].text(0) == "+2 more: double-click to open the day"
    tree.itemDoubleClicked.emit(rows[-1], 0)
    settle(_window)
    assert view.mode == "day" and view.anchor == day
    assert _titles(view.cells[(day, 9)]) == ["早会"]
