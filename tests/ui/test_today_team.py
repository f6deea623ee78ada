"""Today for managers and administrators: the overdue and due work of the people they
lead (administrators: everyone's), grouped by person (issue 10, item 7)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from crmdesk.core.services import accounts
from crmdesk.core.services.tasks import agenda, tasks
from crmdesk.storage.database import open_database
from crmdesk.ui.views.today import TodayPanel
from tests.conftest import PASSWORD


def seed_overdue(db_path: Any) -> None:
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            late = datetime.now().astimezone() - timedelta(days=3)
            for username, titles in (("staff1", ["回访甲", "回访乙"]), ("staff2", ["报价丙"]),
                                     ("staff3", ["合同丁"])):
                actor = accounts.login(s, username, PASSWORD)
                for title in titles:
                    tasks.create(s, actor, {"title": title, "due_at": late})
    finally:
        db.close()


def groups(panel: TodayPanel) -> dict[str, list[str]]:
    tree = panel.tree
    return {tree.topLevelItem(i).text(0): [tree.topLevelItem(i).child(j).text(0)
                                           for j in range(tree.topLevelItem(i).childCount())]
            for i in range(tree.topLevelItemCount())}


def test_manager_sees_the_team_grouped_by_person(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    seed_overdue(db_path)
    window = login("manager")
    settle(window)
    today = window.current_document()
    assert isinstance(today, TodayPanel)
    shown = groups(today)
    assert shown == {"李娜: 2 overdue, 0 due today": ["回访甲", "回访乙"],
                     "张伟: 1 overdue, 0 due today": ["报价丙"]}
    assert "3 overdue, 0 due today" in today.subheading.text()


def test_admin_sees_everyone_and_staff_only_their_own(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    seed_overdue(db_path)
    window = login("admin")
    settle(window)
    today = window.current_document()
    assert isinstance(today, TodayPanel)
    assert sorted(groups(today)) == ["张伟: 1 overdue, 0 due today",
                                     "李娜: 2 overdue, 0 due today",
                                     "陈静: 1 overdue, 0 due today"]
    staff = login("staff2")
    settle(staff)
    mine = staff.current_document()
    assert groups(mine) == {"Overdue (1)": ["报价丙"], "Due today (0)": []}


def test_agenda_for_a_team(db, users) -> None:  # type: ignore[no-untyped-def]
    late = datetime.now().astimezone() - timedelta(days=1)
    with db.transaction() as s:
        tasks.create(s, users.staff1, {"title": "甲", "due_at": late})
        tasks.create(s, users.staff3, {"title": "丁", "due_at": late})
    with db.session() as s:
        assert [i.title for i in agenda(s, users.manager)] == []  # their own: nothing
        team = agenda(s, users.manager, team=True)
        assert [(i.title, i.person_name) for i in team] == [("甲", "李娜")]
        assert {i.title for i in agenda(s, users.admin, team=True)} == {"甲", "丁"}
        assert [i.title for i in agenda(s, users.staff3, team=True)] == ["丁"]


def test_agenda_lists_at_most_limit_of_each_kind(db, users) -> None:  # type: ignore[no-untyped-def]
    """Tickets are capped like tasks and customers (an administrator's Today at a
    million customers listed 38,000 overdue tickets, all filled into the tree)."""
    from datetime import date

    from crmdesk.core.services.customers import customers
    from crmdesk.core.services.tickets import tickets

    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "客户甲"})
        for n in range(4):
            tickets.create(s, users.staff1, {
                "subject": f"工单{n}", "customer_id": customer.id,
                "assignee_id": users.staff1.user_id,
                "due_date": date.today() - timedelta(days=10 - n)})
    with db.session() as s:
        shown = [i.title for i in agenda(s, users.staff1, limit=2) if i.kind == "ticket"]
        assert [title.split(" ", 1)[1] for title in shown] == ["工单0", "工单1"]  # oldest
        assert len([i for i in agenda(s, users.staff1) if i.kind == "ticket"]) == 4
