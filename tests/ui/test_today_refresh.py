"""Today after a change: its lists are read on a reader thread, never on the GUI thread
(at a million customers they take seconds), once for a burst of changes, and only
while it is shown (a hidden Today reads when it is shown again)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from crmdesk.ui.views import today as today_view
from crmdesk.ui.views.today import TodayPanel
from tests.ui.conftest import count_reads


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each of Today's queries as it runs: (which, on the GUI thread)."""
    return count_reads(monkeypatch, [
        ("agenda", today_view, "agenda"),
        ("past_cadence", today_view.past_cadence.cadence, "past_cadence"),
        ("breach_flags", today_view.sl, "breach_flags")])


def _today(window: Any) -> TodayPanel:
    panel = window.current_document()
    assert isinstance(panel, TodayPanel)
    return panel


def _save_task(window: Any, title: str) -> None:
    from crmdesk.core.services.tasks import tasks

    actor = window.workspace.actor
    due = datetime.now().astimezone() - timedelta(days=1)
    window.workspace.op(None, lambda s, _job: tasks.create(
        s, actor, {"title": title, "due_at": due}), changes=("task",)).run()


def test_a_change_is_read_off_the_gui_thread_and_shown(login, settle, reads) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    settle(window)
    panel = _today(window)
    assert reads and not any(on_gui for _name, on_gui in reads)  # the first read too
    reads.clear()
    _save_task(window, "回访新客户")
    settle(window)
    assert {name for name, _ in reads} == {"agenda", "breach_flags"}  # the past list kept
    assert not any(on_gui for _name, on_gui in reads)
    assert "回访新客户" in [panel.tree.topLevelItem(0).child(i).text(0)
                          for i in range(panel.tree.topLevelItem(0).childCount())]
    assert "1 overdue, 0 due today" in panel.subheading.text()
    reads.clear()
    window.workspace.notify_changed("customer")  # a customer saved: the past list too
    settle(window)
    assert sorted(name for name, _ in reads) == ["agenda", "breach_flags", "past_cadence"]
    assert not any(on_gui for _name, on_gui in reads)


def test_many_changes_give_one_refresh(login, settle, reads, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = login("manager")
    settle(window)
    panel = _today(window)
    before = panel.reader.reads
    reads.clear()
    with qtbot.waitSignal(panel.refreshed, timeout=5000):
        for n in range(200):  # an import announcing its chunks, a merge ...
            window.workspace.notify_changed(("customer", "task", "interaction", "ticket")[n % 4])
    settle(window)
    assert panel.reader.reads == before + 1
    assert sorted(name for name, _ in reads) == ["agenda", "breach_flags", "past_cadence"]


def test_a_change_during_a_read_gives_one_more_read(login, settle, reads) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    settle(window)
    panel = _today(window)
    before = panel.reader.reads
    panel.refresh()  # a read runs ...
    panel.refresh()  # ... and two more requests meanwhile: one more read after it
    panel.refresh()
    settle(window)
    assert panel.reader.reads == before + 2
    assert not panel.reader.refreshing


def test_hidden_today_reads_when_shown_again(login, settle, reads) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    settle(window)
    panel = _today(window)
    window.open_entry("customers")  # another tab in front: Today is hidden
    settle(window)
    assert not panel.isVisible()
    reads.clear()
    _save_task(window, "隐藏时新建")
    for _ in range(20):
        window.workspace.notify_changed("customer")
    settle(window)
    assert reads == []  # nothing read for a screen nobody sees
    window.tabs.setCurrentWidget(panel)
    settle(window)
    assert sorted(name for name, _ in reads) == ["agenda", "breach_flags", "past_cadence"]
    assert not any(on_gui for _name, on_gui in reads)
    assert "隐藏时新建" in [panel.tree.topLevelItem(0).child(i).text(0)
                         for i in range(panel.tree.topLevelItem(0).childCount())]
