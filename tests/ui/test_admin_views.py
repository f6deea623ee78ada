"""The administration and campaign screens show what the services work out: an account's
state, the campaigns customers may join, a customer's name only where the user may see it."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtGui import QColor

from crmdesk.core.services import accounts
from crmdesk.core.services.campaigns import campaigns
from crmdesk.storage.database import open_database
from crmdesk.ui import theme
from crmdesk.ui.views.admin import UsersView
from tests.conftest import PASSWORD
from tests.ui.conftest import seed_customers


def test_the_users_screen_shows_each_accounts_state(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.models import User, utcnow

    db = open_database(db_path)
    with db.transaction() as s:
        admin = accounts.login(s, "admin", PASSWORD)
        accounts.set_disabled(s, admin, accounts.user_by_name(s, "staff1").id, True)
        s.get(User, accounts.user_by_name(s, "staff2").id).frozen_at = utcnow()
        s.get(User, accounts.user_by_name(s, "staff3").id).locked_until = (
            utcnow() + timedelta(minutes=5))
    db.close()
    window = login("admin")
    window.open_entry("users")
    view = window.current_document()
    assert isinstance(view, UsersView)
    states = {view.table.item(r, 0).text(): view.table.item(r, 4) for r in
              range(view.table.rowCount())}
    assert states["staff1"].text() == "Disabled"
    assert states["staff2"].text().startswith("Frozen since ")
    assert states["staff3"].text().startswith("Locked until ")
    assert states["manager"].text() == "Active"
    red = QColor(theme.ERROR)
    assert states["staff1"].foreground().color() == red
    assert states["staff2"].foreground().color() == red
    assert states["manager"].foreground().color() != red
    row = next(r for r in range(view.table.rowCount())
               if view.table.item(r, 0).text() == "staff1")
    view.table.selectRow(row)
    assert view.toggle.text() == "Enable"
    view.toggle_disabled()
    settle(window)
    shown = {view.table.item(r, 0).text(): view.table.item(r, 4).text() for r in
             range(view.table.rowCount())}
    assert shown["staff1"] == "Active"  # the screen refreshed after enabling


def test_add_to_campaign_lists_only_campaigns_customers_may_join(login, db_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.views.campaign_detail import AddToCampaignDialog

    db = open_database(db_path)
    with db.transaction() as s:
        manager = accounts.login(s, "manager", PASSWORD)
        for name, status in (("春季活动", "planned"), ("夏季活动", "active"),
                             ("去年活动", "completed"), ("取消的活动", "cancelled")):
            campaigns.create(s, manager, {"name": name, "status": status})
    db.close()
    window = login("staff1")
    dialog = AddToCampaignDialog(window.workspace, 3, window)
    qtbot.addWidget(dialog)
    shown = [dialog.list.item(i).text().split("  ·  ")[0] for i in range(dialog.list.count())]
    assert sorted(shown) == sorted(["春季活动", "夏季活动"])


def test_a_customer_picker_names_only_customers_the_user_may_see(login, db_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.customers import customers
    from crmdesk.ui.lookups import field_context

    [theirs] = seed_customers(db_path, "staff3", [{"name": "陈老板"}])
    mine, gone = seed_customers(db_path, "staff1", [{"name": "张三"}, {"name": "已删除"}])
    db = open_database(db_path)
    with db.transaction() as s:
        customers.delete(s, accounts.login(s, "staff1", PASSWORD), gone)
    db.close()
    window = login("staff1")
    ctx = field_context(window.workspace, "task", None)
    assert ctx.customer_name(mine).startswith("张三 · ")
    assert ctx.customer_name(theirs) == str(theirs)  # another team's customer
    assert ctx.customer_name(gone) == str(gone)  # in the recycle bin
