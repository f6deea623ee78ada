"""The calendar (issue 13, item 2): whose dated work appears for staff, managers and
administrators, local-day boundaries, recurring tasks' later occurrences, and moving an
item through its service (audited, permission- and version-checked).  SQLite and
PostgreSQL."""

from __future__ import annotations

import os
import time as time_module
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from crmdesk.core.models import AuditEntry
from crmdesk.core.services import calendar
from crmdesk.core.services.campaigns import campaigns
from crmdesk.core.services.customers import customers
from crmdesk.core.services.registry import service_for
from crmdesk.core.services.sales import opportunities
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import ConflictError, KnownError, PermissionDenied

FIRST, LAST = date(2031, 3, 1), date(2031, 3, 31)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time().replace(hour=hour,
                                                             minute=minute)).astimezone()


def shown(found: list[calendar.CalendarItem]) -> list[tuple[str, str]]:
    return [(i.kind, i.title) for i in found]


def _seed(db, users) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        mine = customers.create(s, users.staff1, {"name": "李氏贸易",
                                                  "next_follow_up": date(2031, 3, 10)})
        covered = customers.create(s, users.staff1, {"name": "有任务的客户",
                                                     "next_follow_up": date(2031, 3, 11)})
        theirs = customers.create(s, users.staff2, {"name": "张氏商行",
                                                    "next_follow_up": date(2031, 3, 10)})
        west = customers.create(s, users.staff3, {"name": "西部客户",
                                                  "next_follow_up": date(2031, 3, 10)})
        customers.create(s, users.staff1, {"name": "四月客户",
                                           "next_follow_up": date(2031, 4, 1)})
        task = tasks.create(s, users.staff1, {"title": "回电话", "due_at": local(FIRST, 10)})
        tasks.create(s, users.staff1, {"title": "已完成", "due_at": local(FIRST, 11),
                                       "done": True})
        tasks.create(s, users.staff1, {"title": "拜访", "due_at": local(date(2031, 3, 11), 14),
                                       "customer_id": covered.id})
        tasks.create(s, users.staff2, {"title": "别人的任务", "due_at": local(FIRST, 10)})
        tasks.create(s, users.staff3, {"title": "西部任务", "due_at": local(FIRST, 10)})
        tickets.create(s, users.staff1, {"subject": "打印机坏了", "customer_id": mine.id,
                                         "assignee_id": users.staff1.user_id,
                                         "due_date": date(2031, 3, 5)})
        opp = opportunities.create(s, users.staff1, {"customer_id": mine.id, "title": "软件采购",
                                                     "expected_close": date(2031, 3, 20)})
        opportunities.create(s, users.staff2, {"customer_id": theirs.id, "title": "别人的商机",
                                               "expected_close": date(2031, 3, 20)})
        opportunities.create(s, users.staff3, {"customer_id": west.id, "title": "西部商机",
                                               "expected_close": date(2031, 3, 20)})
        campaign = campaigns.create(s, users.manager, {
            "name": "春季活动", "start_date": date(2031, 2, 25), "end_date": date(2031, 3, 2)})
        return {"task": task.id, "customer": mine.id, "opportunity": opp.id,
                "campaign": campaign.id}


def test_a_staff_member_sees_their_own_dated_work(db, users) -> None:  # type: ignore[no-untyped-def]
    _seed(db, users)
    with db.session() as s:
        found = calendar.items(s, users.staff1, FIRST, LAST)
    assert shown(found) == [("task", "回电话"), ("task", "已完成"),
                            ("ticket", "打印机坏了"), ("follow_up", "李氏贸易"),
                            ("task", "拜访"),  # its customer's follow-up is not shown twice
                            ("opportunity", "软件采购")]
    assert [i.done for i in found[:2]] == [False, True]
    assert found[2].all_day and found[2].day == date(2031, 3, 5)
    assert found[0].start_text == local(FIRST, 10).strftime("%Y-%m-%d %H:%M")
    with db.session() as s:  # every item is one the user's services show
        for item in found:
            service_for(item.record[0]).get(s, users.staff1, item.ref_id)
        # another person's calendar: refused for staff
        with pytest.raises(PermissionDenied):
            calendar.items(s, users.staff1, FIRST, LAST, person=users.staff2.user_id)


def test_managers_see_a_member_or_the_team_and_admins_everyone(db, users) -> None:  # type: ignore[no-untyped-def]
    _seed(db, users)
    with db.session() as s:
        own = calendar.items(s, users.manager, FIRST, LAST)
        assert shown(own) == [("campaign", "春季活动")]
        assert own[0].day == date(2031, 2, 25) and own[0].last_day == date(2031, 3, 2)
        assert own[0].on(FIRST) and not own[0].on(date(2031, 3, 3))
        member = calendar.items(s, users.manager, FIRST, LAST, person=users.staff2.user_id)
        assert shown(member) == [("task", "别人的任务"), ("follow_up", "张氏商行"),
                                 ("opportunity", "别人的商机")]
        team = calendar.items(s, users.manager, FIRST, LAST, team=True)
        titles = {i.title for i in team}
        assert {"回电话", "别人的任务", "李氏贸易", "张氏商行", "春季活动"} <= titles
        assert not titles & {"西部任务", "西部客户", "西部商机"}
        assert {i.person_name for i in team if i.title == "别人的任务"} == {"张伟"}
        for item in team:
            service_for(item.record[0]).get(s, users.manager, item.ref_id)
        with pytest.raises(PermissionDenied):  # another team's member
            calendar.items(s, users.manager, FIRST, LAST, person=users.staff3.user_id)
        everyone = {i.title for i in calendar.items(s, users.admin, FIRST, LAST, team=True)}
        assert {"西部任务", "西部客户", "回电话", "春季活动"} <= everyone
        assert [p.name for p in calendar.people(s, users.manager)][0] == "王经理"
        assert {p.name for p in calendar.people(s, users.manager)} == {"王经理", "李娜", "张伟"}


def test_a_range_ending_before_it_starts_is_refused(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s, pytest.raises(KnownError, match="before it starts"):
        calendar.items(s, users.staff1, LAST, FIRST)


@pytest.fixture
def shanghai() -> Iterator[None]:
    """The local time zone is UTC+8 (days start 8 hours before UTC's)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time_module.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time_module.tzset()


def test_days_are_local_days(db, users, shanghai) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        # 23:30 on 31 March in Shanghai is 15:30 UTC; 00:10 on 1 April is still 31 March UTC
        tasks.create(s, users.staff1, {"title": "月底", "due_at": local(LAST, 23, 30)})
        tasks.create(s, users.staff1, {"title": "月初", "due_at": local(date(2031, 4, 1), 0, 10)})
        tasks.create(s, users.staff1, {"title": "三月一日零点", "due_at": local(FIRST, 0, 0)})
    with db.session() as s:
        march = calendar.items(s, users.staff1, FIRST, LAST)
        april = calendar.items(s, users.staff1, date(2031, 4, 1), date(2031, 4, 30))
    assert shown(march) == [("task", "三月一日零点"), ("task", "月底")]
    assert shown(april) == [("task", "月初")]
    assert march[1].day == LAST and march[1].start_text == "2031-03-31 23:30"


def test_a_recurring_tasks_later_occurrences_are_shown(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        weekly = tasks.create(s, users.staff1, {"title": "周例会", "due_at": local(FIRST, 9),
                                                "recurrence": "FREQ=WEEKLY;COUNT=3"})
    with db.session() as s:
        found = calendar.items(s, users.staff1, FIRST, LAST)
    assert [(i.day, i.occurrence) for i in found] == [
        (FIRST, False), (FIRST + timedelta(7), True), (FIRST + timedelta(14), True)]
    assert {i.ref_id for i in found} == {weekly.id}
    assert len({i.uid for i in found}) == 3


def test_moving_updates_the_record_through_its_service(db, users) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(db, users)
    with db.transaction() as s:
        task = tasks.get(s, users.staff1, ids["task"])
        tasks.update(s, users.staff1, task.id, {"remind_at": local(FIRST, 9, 30)})
        version = tasks.get(s, users.staff1, ids["task"]).version
    with db.transaction() as s:
        calendar.move(s, users.staff1, "task", ids["task"], date(2031, 3, 15),
                      expected_version=version)
        calendar.move(s, users.staff1, "follow_up", ids["customer"], date(2031, 3, 12))
        calendar.move(s, users.staff1, "opportunity", ids["opportunity"], date(2031, 3, 28))
    with db.session() as s:
        task = tasks.get(s, users.staff1, ids["task"])
        assert task.due_at == local(date(2031, 3, 15), 10)  # the time of day kept
        assert task.remind_at == local(date(2031, 3, 15), 9, 30)  # as long before
        assert task.version == version + 1
        assert customers.get(s, users.staff1, ids["customer"]).next_follow_up == date(2031, 3, 12)
        assert opportunities.get(s, users.staff1, ids["opportunity"]).expected_close == \
            date(2031, 3, 28)
        audited = {(a.entity, a.entity_id) for a in s.execute(
            select(AuditEntry).where(AuditEntry.action == "update")).scalars()}
        assert {("task", ids["task"]), ("customer", ids["customer"]),
                ("opportunity", ids["opportunity"])} <= audited
        moved = calendar.items(s, users.staff1, date(2031, 3, 15), date(2031, 3, 15))
        assert shown(moved) == [("task", "回电话")]
    with db.transaction() as s, pytest.raises(ConflictError):  # a stale version
        calendar.move(s, users.staff1, "task", ids["task"], date(2031, 3, 16),
                      expected_version=version)
    with db.transaction() as s:  # a time in the day view
        calendar.move(s, users.staff1, "task", ids["task"], local(date(2031, 3, 16), 15))
    with db.session() as s:
        assert tasks.get(s, users.staff1, ids["task"]).due_at == local(date(2031, 3, 16), 15)


def test_moving_a_campaign_needs_its_permission_and_keeps_its_length(db, users) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(db, users)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        calendar.move(s, users.staff1, "campaign", ids["campaign"], date(2031, 3, 9))
    with db.transaction() as s, pytest.raises(KnownError):  # not theirs to see
        calendar.move(s, users.staff3, "follow_up", ids["customer"], date(2031, 3, 9))
    with db.transaction() as s:
        calendar.move(s, users.manager, "campaign", ids["campaign"], date(2031, 3, 9))
    with db.session() as s:
        campaign = campaigns.get(s, users.manager, ids["campaign"])
        assert (campaign.start_date, campaign.end_date) == (date(2031, 3, 9), date(2031, 3, 14))
