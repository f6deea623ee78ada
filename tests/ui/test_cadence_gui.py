"""Follow-up cadence in the window (issue 13, item 6): the settings tab an administrator
edits, and Today's "Past cadence" group."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSpinBox, QTabWidget

from crmdesk.core.services import accounts, cadence
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.storage.database import open_database
from crmdesk.ui.views.admin.settings import SettingsView
from crmdesk.ui.views.today import TodayPanel
from tests.conftest import PASSWORD


def test_admin_edits_the_cadence_in_the_settings(login, db_path, settle, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    window.open_entry("settings")
    view = window.current_document()
    assert isinstance(view, SettingsView)
    tabs = view.findChild(QTabWidget)
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Follow-up cadence")
    tabs.setCurrentIndex(index)
    page = tabs.widget(index)
    level_h = page.findChild(QSpinBox, "cadence_H")
    lost = page.findChild(QSpinBox, "cadence_status_lost")
    assert level_h.value() == 2 and page.findChild(QSpinBox, "cadence_C").value() == 30
    assert lost.text() == "By intent level"
    level_h.selectAll()
    qtbot.keyClicks(level_h, "3")
    lost.setFocus()
    lost.selectAll()
    qtbot.keyClicks(lost, "60")
    level_h.setFocus()
    save = next(b for b in view.findChildren(QPushButton) if b.text() == "Save settings")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    settle(window)
    assert view.message.text() == "Settings saved."
    db = open_database(db_path)
    try:
        with db.session() as s:
            found = cadence.read(s)
    finally:
        db.close()
    assert found.levels["H"] == 3 and found.levels["A"] == 7
    assert found.statuses["lost"] == 60 and found.statuses["active"] == 0


def seed_past_cadence(db_path: Any) -> int:
    """A hot (H) customer of staff1 last called five days ago: 3 days past its cadence."""
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            actor = accounts.login(s, "staff1", PASSWORD)
            customer = customers.create(s, actor, {"name": "急需回访", "intent_level": "H"})
            when = datetime.combine(date.today() - timedelta(days=5), time(10)).astimezone()
            interactions.create(s, actor, {"customer_id": customer.id, "kind": "call",
                                           "summary": "报价", "occurred_at": when})
            return int(customer.id)
    finally:
        db.close()


def test_today_shows_a_customer_past_cadence(login, db_path, settle, qtbot) -> None:  # type: ignore[no-untyped-def]
    customer_id = seed_past_cadence(db_path)
    window = login("staff1")
    settle(window)
    today = window.current_document()
    assert isinstance(today, TodayPanel)
    tree = today.tree
    heads = {tree.topLevelItem(i).text(0): tree.topLevelItem(i)
             for i in range(tree.topLevelItemCount())}
    group = heads["Past cadence (1)"]
    row = group.child(0)
    contact = (date.today() - timedelta(days=5)).isoformat()
    assert row.text(0) == f"急需回访: last contact {contact} · H - hot"
    assert row.text(1) == "急需回访"
    assert row.text(3) == "Past cadence: 3 days over"
    # double-click opens the customer
    tree.scrollToItem(row)
    tree.itemDoubleClicked.emit(row, 0)
    settle(window)
    opened = window.current_document()
    assert opened is not today
    assert customer_id in (getattr(opened, "customer_id", None), getattr(opened, "record_id", None))
    # a call logged now takes it off the list (the list is read again after the change)
    actor = window.workspace.actor
    window.workspace.op(today, lambda s, _p: interactions.quick_log(
        s, actor, customer_id, "call", "已回访"), changes=("interaction", "task", "customer")).run()
    settle(window)
    window.tabs.setCurrentWidget(today)  # back on Today (hidden meanwhile: read when shown)
    settle(window)
    assert not any(tree.topLevelItem(i).text(0).startswith("Past cadence")
                   for i in range(tree.topLevelItemCount()))
    # another staff member does not see it
    other = login("staff2")
    settle(other)
    theirs = other.current_document()
    assert not any(theirs.tree.topLevelItem(i).text(0).startswith("Past cadence")
                   for i in range(theirs.tree.topLevelItemCount()))
