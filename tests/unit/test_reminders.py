"""Reminders that fire (issue 13, item 1): whose reminders are due, snooze and dismiss,
those missed while crmdesk was closed, and the permission rules.  SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crmdesk.core.services import reminders
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import KnownError, NotFound

#: a fixed "now": 10:30 local on a weekday well in the future (no real clock involved)
NOW = datetime(2031, 3, 12, 10, 30).astimezone()


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def keys(found: list[reminders.Reminder]) -> list[tuple[str, str]]:
    return [(r.kind, r.title) for r in found]


def test_each_user_gets_their_own_due_reminders(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        mine = customers.create(s, users.staff1, {"name": "李氏贸易",
                                                  "next_follow_up": NOW.date()})
        later = customers.create(s, users.staff1, {"name": "明日公司",
                                                   "next_follow_up": NOW.date() + timedelta(1)})
        theirs = customers.create(s, users.staff2, {"name": "张氏商行",
                                                    "next_follow_up": NOW.date()})
        tasks.create(s, users.staff1, {"title": "回电话", "due_at": at(-1)})
        tasks.create(s, users.staff1, {"title": "带提醒", "due_at": at(5), "remind_at": at(-0.5)})
        tasks.create(s, users.staff1, {"title": "以后再说", "due_at": at(2)})
        tasks.create(s, users.staff2, {"title": "别人的", "due_at": at(-1)})
        tasks.create(s, users.staff1, {"title": "已完成", "due_at": at(-1), "done": True})
        tickets.create(s, users.staff1, {"subject": "打印机坏了", "customer_id": mine.id,
                                         "assignee_id": users.staff1.user_id,
                                         "due_date": NOW.date() - timedelta(1)})
        tickets.create(s, users.staff2, {"subject": "别人的工单", "customer_id": theirs.id,
                                         "assignee_id": users.staff2.user_id,
                                         "due_date": NOW.date()})
    with db.session() as s:
        due = reminders.due(s, users.staff1, NOW)
        assert keys(due) == [("ticket", "打印机坏了"), ("follow_up", "李氏贸易"),
                             ("task", "回电话"), ("task", "带提醒")]
        follow_up = due[1]
        assert follow_up.at == datetime.combine(NOW.date(), reminders.DAY_TIME).astimezone()
        assert follow_up.code == mine.code and follow_up.record == ("customer", mine.id)
        # every one not dismissed, also those still to come
        upcoming = reminders.reminders(s, users.staff1, NOW, due_only=False)
        assert ("task", "以后再说") in keys(upcoming)
        assert ("follow_up", "明日公司") in keys(upcoming)
        assert later.id not in [r.ref_id for r in due if r.kind == "follow_up"]
        # a dated reminder fires at 09:00: at 08:00 today's follow-up is not due yet
        early = reminders.due(s, users.staff1, NOW.replace(hour=8))
        assert ("follow_up", "李氏贸易") not in keys(early)
        assert keys(reminders.due(s, users.staff2, NOW)) == [
            ("follow_up", "张氏商行"), ("ticket", "别人的工单"), ("task", "别人的")]
        # a limit keeps the earliest, whole (the customer's name read for those kept)
        assert reminders.due(s, users.staff1, NOW, limit=2) == due[:2]
        assert [r.customer_name for r in reminders.due(s, users.staff1, NOW, limit=1)] == [
            "李氏贸易"]


def test_an_interactions_follow_up_task_covers_the_customers_date(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "回访客户"})
        interactions.quick_log(s, users.staff1, customer.id, "call", "谈了报价",
                               next_follow_up=NOW.date())
    with db.session() as s:
        due = reminders.due(s, users.staff1, NOW)
    assert [r.kind for r in due] == ["task"]  # the task it made; not the date twice
    assert due[0].customer_name == "回访客户"


def test_snooze_and_dismiss(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        task = tasks.create(s, users.staff1, {"title": "报价", "due_at": at(-1)})
        other = tasks.create(s, users.staff1, {"title": "合同", "due_at": at(-2)})
    with db.transaction() as s:
        reminders.snooze(s, users.staff1, "task", task.id, at(1), now=NOW)
        reminders.dismiss(s, users.staff1, "task", other.id)
    with db.session() as s:
        assert reminders.due(s, users.staff1, NOW) == []
        back = reminders.due(s, users.staff1, at(1))
        assert keys(back) == [("task", "报价")] and back[0].snoozed_until == at(1)
        assert back[0].fires_at == at(1)
        # a dismissed reminder stays away later too, and is not among the pending ones
        assert ("task", "合同") not in keys(reminders.reminders(s, users.staff1, at(48),
                                                                 due_only=False))
    # moving the task to another time makes it remind again
    with db.transaction() as s:
        tasks.update(s, users.staff1, other.id, {"due_at": at(-0.25)})
    with db.session() as s:
        assert ("task", "合同") in keys(reminders.due(s, users.staff1, NOW))


def test_snooze_choices_and_bad_snoozes(db, users) -> None:  # type: ignore[no-untyped-def]
    assert reminders.snooze_until("10min", NOW) == NOW + timedelta(minutes=10)
    assert reminders.snooze_until("1h", NOW) == NOW + timedelta(hours=1)
    tomorrow = reminders.snooze_until("tomorrow", NOW)
    assert tomorrow.astimezone().date() == NOW.date() + timedelta(1)
    assert (tomorrow.astimezone().hour, tomorrow.astimezone().minute) == (9, 0)
    with db.transaction() as s:
        task = tasks.create(s, users.staff1, {"title": "报价", "due_at": at(-1)})
        other = tasks.create(s, users.staff2, {"title": "别人的", "due_at": at(-1)})
    with db.transaction() as s:
        with pytest.raises(KnownError, match="later time"):
            reminders.snooze(s, users.staff1, "task", task.id, at(-0.1), now=NOW)
        # another's reminder (even one a manager may see) is not the user's to snooze
        with pytest.raises(NotFound):
            reminders.dismiss(s, users.staff1, "task", other.id)
        with pytest.raises(NotFound):
            reminders.dismiss(s, users.manager, "task", other.id)


def test_reminders_missed_while_closed_show_at_login(db, users) -> None:  # type: ignore[no-untyped-def]
    """The window was closed from yesterday evening; this morning's login shows what
    came due meanwhile (and a snooze that ran out), not what was dismissed."""
    closed = NOW - timedelta(hours=15)
    with db.transaction() as s:
        night = tasks.create(s, users.staff1, {"title": "夜里到期", "due_at": closed + timedelta(hours=3)})
        tasks.create(s, users.staff1, {"title": "早上到期", "due_at": NOW - timedelta(minutes=20)})
        gone = tasks.create(s, users.staff1, {"title": "已忽略", "due_at": closed - timedelta(hours=1)})
        customers.create(s, users.staff1, {"name": "今日回访", "next_follow_up": NOW.date()})
    with db.transaction() as s:
        reminders.dismiss(s, users.staff1, "task", gone.id)
        reminders.snooze(s, users.staff1, "task", night.id, closed + timedelta(hours=4),
                         now=closed)
    with db.session() as s:
        shown = reminders.due(s, users.staff1, NOW)
    assert keys(shown) == [("task", "夜里到期"), ("follow_up", "今日回访"),
                           ("task", "早上到期")]
    assert all(r.fires_at < NOW for r in shown)


def test_reminders_follow_visibility(db, users) -> None:  # type: ignore[no-untyped-def]
    """A task assigned to staff1 for a customer of staff1 that moved to another team's
    staff: the task is still staff1's (assigned to them); the follow-up is not."""
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "移交客户",
                                                      "next_follow_up": NOW.date()})
        tasks.create(s, users.staff1, {"title": "跟进", "due_at": at(-1),
                                       "customer_id": customer.id})
        customers.delete(s, users.staff1, customer.id)
    with db.session() as s:
        due = reminders.due(s, users.staff1, NOW)
    # the customer is in the recycle bin: no follow-up; the task is still assigned
    assert keys(due) == [("task", "跟进")]


def test_a_closed_ticket_does_not_remind(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.tickets import statuses

    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "工单客户"})
        ticket = tickets.create(s, users.staff1, {
            "subject": "已解决", "customer_id": customer.id,
            "assignee_id": users.staff1.user_id, "due_date": date(2031, 3, 1)})
        closed = next(st for st in statuses(s) if st.is_closed)
        tickets.update(s, users.staff1, ticket.id, {"status_id": closed.id})
    with db.session() as s:
        assert reminders.due(s, users.staff1, NOW) == []


def test_every_reminder_is_a_record_its_user_may_see(db, users) -> None:  # type: ignore[no-untyped-def]
    """The reminders query leaves the services' scopes out (they hold every record whose
    person is the user); each reminder still opens for its user."""
    from crmdesk.core.services.registry import service_for

    with db.transaction() as s:
        for actor in (users.staff1, users.manager, users.admin):
            customer = customers.create(s, actor, {"name": f"客户{actor.username}",
                                                   "next_follow_up": NOW.date()})
            tasks.create(s, actor, {"title": "任务", "due_at": at(-1),
                                    "customer_id": customer.id})
            tickets.create(s, actor, {"subject": "工单", "customer_id": customer.id,
                                      "assignee_id": actor.user_id, "due_date": NOW.date()})
    with db.session() as s:
        for actor in (users.staff1, users.manager, users.admin):
            found = reminders.reminders(s, actor, NOW, due_only=False)
            assert {r.kind for r in found} == {"task", "ticket"}  # the task covers the date
            for reminder in found:
                entity, record_id = reminder.record
                assert service_for(entity).get(s, actor, record_id).id == record_id
