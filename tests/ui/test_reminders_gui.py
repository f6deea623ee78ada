"""Reminders and recurring tasks in the window (issue 13, items 1 and 3): a reminder
fires with a fake clock and is snoozed; those missed while closed show at login; the
reminders list; the repeat editor builds the rule; "this one or all future"; a weekly
task completed in Today makes the next one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from crmdesk.core.services import accounts, reminders
from crmdesk.core.services.tasks import tasks
from crmdesk.storage.database import open_database
from crmdesk.ui.views import reminders as reminders_ui
from crmdesk.ui.views.reminders import RemindersView
from crmdesk.ui.views.task_form import TaskForm
from crmdesk.ui.widgets.repeat_editor import RepeatWidget
from tests.conftest import PASSWORD

NOW = datetime(2031, 3, 12, 10, 30).astimezone()


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock(monkeypatch) -> Clock:  # type: ignore[no-untyped-def]
    fake = Clock(NOW)
    monkeypatch.setattr(reminders_ui, "clock", fake)
    # no system tray here (offscreen): the in-window banner is the notice
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    return fake


def seed(db_path: Any, username: str, rows: list[dict[str, Any]]) -> list[int]:
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, username, PASSWORD)
            return [tasks.create(s, actor, row).id for row in rows]
    finally:
        db.close()


def state(db_path: Any, username: str, moment: datetime) -> list[reminders.Reminder]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            return reminders.due(s, accounts.login(s, username, PASSWORD), moment)
    finally:
        db.close()


def test_a_due_reminder_shows_the_banner_and_snooze_hides_it(login, db_path, settle, clock,  # type: ignore[no-untyped-def]
                                                             qtbot) -> None:
    seed(db_path, "staff1", [{"title": "给王总回电话", "due_at": NOW + timedelta(minutes=5)}])
    window = login("staff1")
    settle(window)
    watcher = window.reminder_watch
    assert not watcher.dock.isVisible()  # not due yet
    clock.moment = NOW + timedelta(minutes=6)
    watcher.timer.timeout.emit()  # the minute's check (read on a reader thread)
    settle(window)
    assert watcher.dock.isVisible()
    assert "给王总回电话" in watcher.banner.text.text()
    qtbot.mouseClick(watcher.banner.snooze_button, _left())  # Snooze: 10 minutes
    settle(window)
    assert not watcher.dock.isVisible()
    assert state(db_path, "staff1", clock.moment) == []
    clock.moment += timedelta(minutes=11)
    watcher.timer.timeout.emit()
    settle(window)
    assert watcher.dock.isVisible()  # the snooze ran out
    qtbot.mouseClick(watcher.banner.dismiss_button, _left())
    settle(window)
    assert not watcher.dock.isVisible()
    assert state(db_path, "staff1", clock.moment + timedelta(days=3)) == []


def test_reminders_missed_while_closed_show_at_login(login, db_path, settle, clock) -> None:  # type: ignore[no-untyped-def]
    seed(db_path, "staff1", [{"title": "昨晚到期", "due_at": NOW - timedelta(hours=14)},
                             {"title": "今早到期", "due_at": NOW - timedelta(hours=2)}])
    seed(db_path, "staff2", [{"title": "别人的", "due_at": NOW - timedelta(hours=1)}])
    window = login("staff1")
    settle(window)
    banner = window.reminder_watch.banner
    assert window.reminder_watch.dock.isVisible()
    assert banner.text.text().startswith("While crmdesk was closed: Task: 昨晚到期")
    assert "and 1 more" in banner.text.text()
    # logging out leaves nothing of the session on screen
    window.close_database()
    assert window.reminder_watch is None
    assert not any(d.isVisible() for d in window.findChildren(type(banner.parent())))


@pytest.fixture
def due_reads(monkeypatch) -> list[bool]:  # type: ignore[no-untyped-def]
    """Each read of the due reminders as it runs: on the GUI thread or not."""
    import threading

    seen: list[bool] = []
    original = reminders.due

    def counted(*args: Any, **kwargs: Any) -> list[reminders.Reminder]:
        seen.append(threading.current_thread() is threading.main_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(reminders, "due", counted)
    return seen


def _save_task(window: Any, title: str, due_at: datetime) -> None:
    actor = window.workspace.actor
    window.workspace.op(None, lambda s, _job: tasks.create(
        s, actor, {"title": title, "due_at": due_at}), changes=("task",)).run()


def test_the_banner_reads_off_the_gui_thread_once_for_many_changes(  # type: ignore[no-untyped-def]
        login, db_path, settle, clock, due_reads, qtbot) -> None:
    """A save while the banner shows is read on a reader thread (1.8 s on the GUI thread
    for a staff member at a million customers, before), a burst of changes gives one
    read, and the same reminders leave the banner as it is."""
    seed(db_path, "staff1", [{"title": "报价跟进", "due_at": NOW - timedelta(hours=1)}])
    window = login("staff1")
    settle(window)
    watcher = window.reminder_watch
    assert watcher.dock.isVisible() and "报价跟进" in watcher.banner.text.text()
    assert due_reads == [False]  # the login check too
    due_reads.clear()
    _save_task(window, "新的回电", NOW - timedelta(minutes=30))  # a save: due now too
    settle(window)
    assert due_reads == [False]  # one read, on a reader thread
    assert "and 1 more" in watcher.banner.text.text()
    shown: list[int] = []
    original = watcher.banner.show_reminders
    watcher.banner.show_reminders = lambda due, missed: (shown.append(len(due)),  # type: ignore[method-assign]
                                                         original(due, missed))
    before, text = watcher.reads, watcher.banner.text.text()
    due_reads.clear()
    with qtbot.waitSignal(watcher.checked, timeout=5000):
        for n in range(200):  # an import announcing its chunks, a merge ...
            window.workspace.notify_changed(("customer", "task", "interaction", "ticket")[n % 4])
    settle(window)
    assert watcher.reads == before + 1 and due_reads == [False]
    assert shown == []  # the same reminders: the banner is left as it is
    assert watcher.dock.isVisible() and watcher.banner.text.text() == text
    # asked while a read runs: exactly one more read after it
    before = watcher.reads
    watcher.check()
    watcher.check()
    watcher.check()
    settle(window)
    assert watcher.reads == before + 2 and not any(due_reads)


def test_the_reminders_list_opens_snoozes_and_dismisses(login, db_path, settle, clock,  # type: ignore[no-untyped-def]
                                                        monkeypatch) -> None:
    late, coming = seed(db_path, "staff1", [
        {"title": "报价单", "due_at": NOW - timedelta(hours=1)},
        {"title": "下周拜访", "due_at": NOW + timedelta(days=2)}])
    window = login("staff1")
    view = _open_list(window, settle)
    due_group, coming_group = view.tree.topLevelItem(0), view.tree.topLevelItem(1)
    assert due_group.text(0) == "Due now (1)" and due_group.child(0).text(1) == "报价单"
    assert coming_group.child(0).text(1) == "下周拜访"
    due_group.child(0).setSelected(True)
    view.open_selected()  # opens the task's form
    settle(window)
    assert isinstance(window.current_document(), TaskForm)
    window.tabs.setCurrentWidget(view)
    view.tree.topLevelItem(0).child(0).setSelected(True)
    view.dismiss_selected()
    settle(window)
    assert view.tree.topLevelItem(0).text(0) == "Due now (0)"
    assert [r.ref_id for r in view.coming] == [coming]
    assert late not in [r.ref_id for r in view.due]


@pytest.fixture
def list_reads(monkeypatch) -> list[tuple[bool, bool]]:  # type: ignore[no-untyped-def]
    """Each read of the reminders as it runs: (the due ones only - the banner's, on the
    GUI thread)."""
    import threading

    seen: list[tuple[bool, bool]] = []
    original = reminders.reminders

    def counted(*args: Any, **kwargs: Any) -> list[reminders.Reminder]:
        seen.append((kwargs.get("due_only", True),
                     threading.current_thread() is threading.main_thread()))
        return original(*args, **kwargs)

    monkeypatch.setattr(reminders, "reminders", counted)
    return seen


def _open_list(window: Any, settle: Any) -> RemindersView:
    """The Reminders tab, opened and read (on a reader thread)."""
    settle(window)
    window.open_entry("reminders")
    view = window.current_document()
    assert isinstance(view, RemindersView)
    settle(window)
    return view


def _list_rows(view: RemindersView) -> list[list[str]]:
    return [[group.child(i).text(1) for i in range(group.childCount())]
            for group in (view.tree.topLevelItem(0), view.tree.topLevelItem(1))]


def test_the_list_reads_off_the_gui_thread_once_for_many_changes(  # type: ignore[no-untyped-def]
        login, db_path, settle, clock, list_reads, qtbot) -> None:
    """The Reminders tab reads on a reader thread (0.8 s on the GUI thread for a staff
    member at a million customers, before): a save is shown with the selection kept, a
    burst of changes gives one read, and the same reminders leave the tree as it is."""
    seed(db_path, "staff1", [{"title": "报价单", "due_at": NOW - timedelta(hours=1)},
                             {"title": "下周拜访", "due_at": NOW + timedelta(days=2)}])
    window = login("staff1")
    view = _open_list(window, settle)
    assert _list_rows(view) == [["报价单"], ["下周拜访"]]
    assert not any(on_gui for _due, on_gui in list_reads)  # the first read too
    coming = view.tree.topLevelItem(1).child(0)
    view.tree.setCurrentItem(coming)  # the user picks the coming visit
    list_reads.clear()
    _save_task(window, "新的回电", NOW - timedelta(minutes=30))  # a save: due now too
    settle(window)
    assert [due for due, _ in list_reads].count(False) == 1  # the list: one read
    assert not any(on_gui for _due, on_gui in list_reads)  # nor the banner's on the GUI
    assert _list_rows(view) == [["报价单", "新的回电"], ["下周拜访"]]
    assert [r.title for r in view.selected()] == ["下周拜访"]  # still selected
    assert view.tree.currentItem().text(1) == "下周拜访"
    before, group = view.reader.reads, view.tree.topLevelItem(0)
    list_reads.clear()
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        for n in range(200):  # an import announcing its chunks, a merge ...
            window.workspace.notify_changed(
                ("customer", "task", "interaction", "ticket", "reminder")[n % 5])
    settle(window)
    assert view.reader.reads == before + 1
    assert [due for due, _ in list_reads].count(False) == 1
    assert not any(on_gui for _due, on_gui in list_reads)
    assert view.tree.topLevelItem(0) is group  # the same reminders: the tree as it was
    assert _list_rows(view) == [["报价单", "新的回电"], ["下周拜访"]]
    assert [r.title for r in view.selected()] == ["下周拜访"]


def test_a_hidden_reminders_tab_reads_when_shown(  # type: ignore[no-untyped-def]
        login, db_path, settle, clock, list_reads) -> None:
    seed(db_path, "staff1", [{"title": "报价单", "due_at": NOW - timedelta(hours=1)}])
    window = login("staff1")
    view = _open_list(window, settle)
    window.open_entry("customers")  # another tab in front: the reminders are hidden
    settle(window)
    assert not view.isVisible()
    list_reads.clear()
    _save_task(window, "隐藏时新建", NOW + timedelta(days=1))
    for _ in range(20):
        window.workspace.notify_changed("customer")
    settle(window)
    assert [due for due, _ in list_reads].count(False) == 0  # nobody sees the list
    window.tabs.setCurrentWidget(view)
    settle(window)
    assert [due for due, _ in list_reads].count(False) == 1
    assert not any(on_gui for _due, on_gui in list_reads)
    assert _list_rows(view) == [["报价单"], ["隐藏时新建"]]


def test_the_today_view_leads_to_the_reminders(login, settle, clock) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    settle(window)
    from PySide6.QtWidgets import QPushButton

    today = window.current_document()
    reminders_button = next(b for b in today.findChildren(QPushButton) if b.text() == "Reminders")
    reminders_button.click()
    settle(window)
    assert isinstance(window.current_document(), RemindersView)


def test_the_repeat_editor_builds_the_rule(qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = RepeatWidget()
    qtbot.addWidget(editor)
    editor.set_start(datetime(2031, 1, 6, 9, 0).astimezone())  # a Monday
    assert editor.rule() is None
    editor.freq.setCurrentIndex(editor.freq.findData("weekly"))
    assert editor.days[0].isChecked()  # the due day's weekday to start with
    editor.days[2].click()  # and Wednesday
    editor.end.setCurrentIndex(editor.end.findData("count"))
    editor.count.setValue(10)
    assert editor.rule() == "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"
    assert editor.summary.text() == "Every Monday and Wednesday, 10 times"
    editor.freq.setCurrentIndex(editor.freq.findData("monthly"))
    editor.monthly.setCurrentIndex(editor.monthly.findData("weekday"))
    editor.nth.setCurrentIndex(editor.nth.findData(-1))
    editor.weekday.setCurrentIndex(4)
    editor.end.setCurrentIndex(editor.end.findData("until"))
    editor.until.setDate(QDate(2031, 12, 31))
    assert editor.rule() == "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20311231T235959"
    assert editor.summary.text() == "Every month on the last Friday, until 2031-12-31"
    editor.interval.setValue(2)
    editor.freq.setCurrentIndex(editor.freq.findData("daily"))
    editor.end.setCurrentIndex(editor.end.findData("never"))
    assert editor.rule() == "FREQ=DAILY;INTERVAL=2"
    editor.set_rule("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3")  # shows a stored rule again
    assert [b.isChecked() for b in editor.days] == [False, True, False, True, False, False,
                                                    False]
    assert editor.rule() == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3"


def test_a_new_task_with_a_repeat_saves_its_rule(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    settle(window)
    form = window.open_document("new", ("task", {"title": "周例会",
                                                 "due_at": datetime(2031, 1, 6, 9, 0)}))
    assert isinstance(form, TaskForm)
    repeat = form.repeat_editor.repeat
    repeat.freq.setCurrentIndex(repeat.freq.findData("weekly"))
    repeat.days[2].click()
    form.save()
    settle(window)
    assert form.record_id is not None
    assert window.workspace.read(lambda s: tasks.get(s, window.workspace.actor, form.record_id)
                                 .recurrence) == "FREQ=WEEKLY;BYDAY=MO,WE"


def test_editing_an_occurrence_asks_this_one_or_all_future(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    monday = datetime(2031, 1, 6, 9, 0).astimezone()
    (task_id,) = seed(db_path, "staff1", [{"title": "周例会", "due_at": monday,
                                           "recurrence": "FREQ=WEEKLY"}])
    window = login("staff1")
    settle(window)
    form = window.open_document("record", ("task", task_id))
    settle(window)
    assert isinstance(form, TaskForm)
    assert form.repeat_editor.repeat.summary.text() == "Every Monday"
    form.editors["title"].edit.setText("周例会（本周改期）")
    form.editors["title"].changed.emit()
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Only this one").click()

    QTimer.singleShot(0, answer)
    form.save()
    settle(window)
    assert asked and "repeats" in asked[0]
    actor = window.workspace.actor
    with window.workspace.db.transaction() as s:
        tasks.complete(s, actor, task_id)
    with window.workspace.db.session() as s:
        made = [t for t in _open(s, actor) if t.id != task_id]
    assert [t.title for t in made] == ["周例会"]  # the series' title again


def test_a_weekly_task_completed_in_today_makes_the_next(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    due = datetime.combine(date.today() - timedelta(days=1), datetime.min.time()
                           ).replace(hour=9).astimezone()
    (task_id,) = seed(db_path, "staff1", [{"title": "每周报表", "due_at": due,
                                           "recurrence": "FREQ=WEEKLY"}])
    window = login("staff1")
    settle(window)
    today = window.current_document()
    row = today.tree.topLevelItem(0).child(0)
    assert row.text(0) == "每周报表"
    row.setCheckState(0, Qt.CheckState.Checked)
    settle(window)
    actor = window.workspace.actor
    with window.workspace.db.session() as s:
        following = [t for t in _open(s, actor)]
    assert len(following) == 1 and following[0].id != task_id
    assert following[0].due_at.astimezone().date() == due.date() + timedelta(days=7)


def _open(s: Any, actor: Any) -> list[Any]:
    from crmdesk.core.filters import ListQuery

    ids = tasks.ids(s, actor, ListQuery())
    return [t for t in (tasks.get(s, actor, i) for i in ids) if not t.done]


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
