"""Screens follow ``Workspace.changed`` only while they live: a closed and deleted view is
not refreshed (no "Internal C++ object already deleted", no queries from a dead screen),
a live one still is."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject

from crmdesk.ui.views.admin.users import UsersView
from crmdesk.ui.views.diary import DiaryView
from crmdesk.ui.views.today import TodayPanel
from crmdesk.ui.views.work_plans import WorkPlansView
from crmdesk.ui.widgets.changes import on_changes

#: each view that refreshes on changes, with one kind it follows (Today, the reminders,
#: the pipeline board, the recycle bin, the calendar and the service levels read only
#: while shown and once for many changes: below, tests/ui/test_today_refresh.py,
#: test_reminders_gui.py and test_read_while_shown.py)
VIEWS = [(UsersView, "user"), (WorkPlansView, "work_plan"), (DiaryView, "diary")]


def _delete(widget: QObject) -> None:
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def _count_refreshes(monkeypatch: pytest.MonkeyPatch, cls: type) -> list[Any]:
    """Every call of ``cls.refresh`` with the view it ran on (patched on the class, so
    the bound method a view connects is the counting one)."""
    calls: list[Any] = []
    original = cls.refresh

    def refresh(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, "refresh", refresh)
    return calls


@pytest.mark.parametrize(("cls", "kind"), VIEWS, ids=[c.__name__ for c, _ in VIEWS])
def test_closed_view_is_not_refreshed_live_view_is(  # type: ignore[no-untyped-def]
        login, settle, qtbot, monkeypatch, cls, kind) -> None:
    window = login("admin")
    settle(window)
    calls = _count_refreshes(monkeypatch, cls)
    workspace = window.workspace
    dead = window.add_document(cls(workspace))
    live = cls(workspace)  # a second one, outside the tabs, stays open
    settle(window)
    window.close_tab(window.tabs.indexOf(dead))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # deleteLater
    QCoreApplication.processEvents()
    assert not shiboken6.isValid(dead)
    calls.clear()

    with qtbot.captureExceptions() as raised:
        workspace.notify_changed(kind)
        settle(window)
    assert raised == []  # no "Internal C++ object already deleted"
    assert dead not in calls
    assert calls and all(view is live for view in calls)

    calls.clear()
    workspace.notify_changed("no-such-kind")
    settle(window)
    assert calls == []
    _delete(live)


def test_today_deleted_by_a_second_open_is_not_refreshed(  # type: ignore[no-untyped-def]
        login, settle, monkeypatch) -> None:
    """Opening Today again makes a second panel and deletes it (the tab exists): that
    panel must not be refreshed afterwards, the one in the tab still is."""
    calls = _count_refreshes(monkeypatch, TodayPanel)
    window = login("staff1")  # opens Today
    settle(window)
    kept = next(d for d in window.documents() if isinstance(d, TodayPanel))
    window.open_document("today")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    assert [d for d in window.documents() if isinstance(d, TodayPanel)] == [kept]
    calls.clear()
    for kind in ("task", "ticket", "customer", "interaction"):
        window.workspace.notify_changed(kind)
    settle(window)
    assert calls == [kept]  # the four changes: one read
    assert all(shiboken6.isValid(view) for view in calls)


def test_on_changes_filters_kinds_and_ends_with_its_owner(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QLabel

    class Source(QObject):
        changed = Signal(str)

    source = Source()
    label = QLabel()
    seen: list[str] = []
    on_changes(source, label, ("task",), lambda: seen.append(label.text()))  # type: ignore[arg-type]
    label.setText("alive")
    source.changed.emit("ticket")
    source.changed.emit("task")
    assert seen == ["alive"]
    _delete(label)
    source.changed.emit("task")  # label.text() would raise on the deleted label
    assert seen == ["alive"]
