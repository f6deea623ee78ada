"""Recurring tasks (issue 13, item 3): the rules, their summaries, completing one
occurrence makes the next, and "this one" versus "all future" edits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crmdesk.core import recurrence
from crmdesk.core.recurrence import Repeat
from crmdesk.core.services.tasks import tasks
from crmdesk.errors import ValidationError

#: Monday 6 January 2031, 09:00 local (in the future: completing never skips to today)
MONDAY = datetime(2031, 1, 6, 9, 0).astimezone()


def local(moment: datetime | None) -> tuple[int, int, int, int, int]:
    assert moment is not None
    m = moment.astimezone()
    return m.year, m.month, m.day, m.hour, m.minute


def test_rules_are_rfc_5545_and_read_back() -> None:
    weekly = Repeat("weekly", weekdays=(2, 0), count=10)
    assert weekly.to_rule() == "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"
    assert recurrence.parse("RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10") == Repeat(
        "weekly", weekdays=(0, 2), count=10)
    last_friday = Repeat("monthly", nth_weekday=(-1, 4), until=date(2031, 12, 31))
    assert last_friday.to_rule() == "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20311231T235959"
    assert recurrence.parse(last_friday.to_rule()) == last_friday
    assert Repeat("daily", interval=3).to_rule() == "FREQ=DAILY;INTERVAL=3"
    assert Repeat("monthly", month_day=15).to_rule() == "FREQ=MONTHLY;BYMONTHDAY=15"
    for bad in ("FREQ=HOURLY", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;BYSETPOS=1", "weekly",
                "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;COUNT=3;UNTIL=20310101"):
        with pytest.raises(recurrence.RuleProblem):
            recurrence.parse(bad)


def test_summaries_in_english() -> None:
    assert recurrence.summary("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10") == \
        "Every Monday and Wednesday, 10 times"
    assert recurrence.summary("FREQ=MONTHLY;BYDAY=-1FR") == "Every month on the last Friday"
    assert recurrence.summary("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR;UNTIL=20311231T235959") \
        == "Every 2 weeks on Monday, Wednesday and Friday, until 2031-12-31"
    assert recurrence.summary("FREQ=DAILY") == "Every day"
    assert recurrence.summary("FREQ=WEEKLY", MONDAY) == "Every Monday"


def test_weekly_on_monday_and_wednesday_with_a_count() -> None:
    rule = "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4"
    found = recurrence.occurrences(rule, MONDAY, MONDAY, MONDAY + timedelta(days=60))
    assert [local(m)[:3] for m in found] == [(2031, 1, 6), (2031, 1, 8), (2031, 1, 13),
                                             (2031, 1, 15)]
    assert recurrence.next_after(rule, MONDAY, found[-1]) is None  # 4 times: ended


def test_monthly_on_the_last_friday_until_a_date() -> None:
    rule = "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20310430T235959"
    found = recurrence.occurrences(rule, MONDAY, MONDAY, MONDAY + timedelta(days=400))
    assert [local(m)[:3] for m in found] == [(2031, 1, 31), (2031, 2, 28), (2031, 3, 28),
                                             (2031, 4, 25)]
    assert all(local(m)[3:] == (9, 0) for m in found)


def test_completing_an_occurrence_makes_the_next(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        first = tasks.create(s, users.staff1, {
            "title": "周例会", "due_at": MONDAY, "remind_at": MONDAY - timedelta(minutes=30),
            "recurrence": "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3"})
        assert first.series_id == first.id
    ids = []
    with db.transaction() as s:
        for _ in range(3):
            open_task = s.execute(_open_tasks(users)).scalars().one()
            ids.append(open_task.id)
            tasks.complete(s, users.staff1, open_task.id)
    with db.session() as s:
        made = [tasks.get(s, users.staff1, i) for i in ids]
        assert [local(t.due_at)[:4] for t in made] == [(2031, 1, 6, 9), (2031, 1, 8, 9),
                                                       (2031, 1, 13, 9)]
        # the reminder moves with it: half an hour before
        assert all(t.due_at - t.remind_at == timedelta(minutes=30) for t in made)  # type: ignore[operator]
        assert {t.series_id for t in made} == {first.id}
        # three times: completing the third makes none
        assert s.execute(_open_tasks(users)).scalars().all() == []


def test_completing_twice_makes_one_next(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        task = tasks.create(s, users.staff1, {"title": "日报", "due_at": MONDAY,
                                              "recurrence": "FREQ=DAILY"})
        tasks.complete(s, users.staff1, task.id)
        tasks.complete(s, users.staff1, task.id, done=False)
        tasks.complete(s, users.staff1, task.id)
        assert len(s.execute(_open_tasks(users)).scalars().all()) == 1


def test_edit_this_one_keeps_the_series(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        task = tasks.create(s, users.staff1, {
            "title": "周例会", "due_at": MONDAY, "remind_at": MONDAY - timedelta(minutes=15),
            "recurrence": "FREQ=WEEKLY;BYDAY=MO"})
        # this week only: on Tuesday at 14:00, another title, no reminder
        tasks.update(s, users.staff1, task.id, {
            "title": "周例会（改到周二）", "due_at": MONDAY + timedelta(days=1, hours=5),
            "remind_at": None}, scope="this")
        tasks.complete(s, users.staff1, task.id)
        following = s.execute(_open_tasks(users)).scalars().one()
        assert local(following.due_at) == (2031, 1, 13, 9, 0)  # Monday again, at 09:00
        assert following.title == "周例会"
        assert following.due_at - following.remind_at == timedelta(minutes=15)  # type: ignore[operator]


def test_edit_all_future_moves_the_series(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        task = tasks.create(s, users.staff1, {"title": "周例会", "due_at": MONDAY,
                                              "recurrence": "FREQ=WEEKLY;COUNT=5"})
        tasks.complete(s, users.staff1, task.id)
        second = s.execute(_open_tasks(users)).scalars().one()
        # from the second on: at 10:30, another title
        tasks.update(s, users.staff1, second.id, {
            "title": "周例会（新时间）", "due_at": second.due_at + timedelta(minutes=90)},
            scope="future")
        assert second.recurrence == "FREQ=WEEKLY;COUNT=4"  # the rest of the five
        assert second.series_id == second.id
        tasks.complete(s, users.staff1, second.id)
        third = s.execute(_open_tasks(users)).scalars().one()
        assert local(third.due_at) == (2031, 1, 20, 10, 30)
        assert third.title == "周例会（新时间）"
        assert third.series_id == second.id


def test_a_changed_rule_applies_from_here(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        task = tasks.create(s, users.staff1, {"title": "巡检", "due_at": MONDAY,
                                              "recurrence": "FREQ=WEEKLY"})
        tasks.update(s, users.staff1, task.id, {"recurrence": "FREQ=MONTHLY;BYDAY=-1FR"},
                     scope="this")  # a new rule is a change of the series all the same
        tasks.complete(s, users.staff1, task.id)
        following = s.execute(_open_tasks(users)).scalars().one()
        assert local(following.due_at)[:3] == (2031, 1, 31)


def test_repeat_needs_a_valid_rule_and_a_due_time(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        with pytest.raises(ValidationError, match="Repeat") as caught:
            tasks.create(s, users.staff1, {"title": "x", "recurrence": "FREQ=WEEKLY"})
        assert "due time" in caught.value.message
        with pytest.raises(ValidationError, match="FREQ=WEEKLY;BYDAY=MO,WE"):
            tasks.create(s, users.staff1, {"title": "x", "due_at": MONDAY,
                                           "recurrence": "every monday"})
        with pytest.raises(ValidationError, match="end date"):
            tasks.create(s, users.staff1, {"title": "x", "due_at": MONDAY,
                                           "recurrence": "FREQ=DAILY;UNTIL=20301231T235959"})


def _open_tasks(users):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from crmdesk.core.models import Task

    return select(Task).where(Task.assignee_id == users.staff1.user_id,
                              Task.done.is_(False), Task.deleted_at.is_(None)).order_by(Task.id)


def test_summaries_compose_in_chinese() -> None:
    """The summary's pieces are translated one by one; with the zh_CN catalogue's
    wording they read "每周一、三，共 10 次"."""
    from crmdesk import i18n

    zh = {"Monday": "一", "Wednesday": "三", "Friday": "五", "last": "最后一个", ", ": "、",
          "{list} and {last}": "{list}、{last}", "Every {days}": "每周{days}",
          ", {n} times": "，共 {n} 次", "Every month on the {nth} {day}": "每月{nth}周{day}",
          ", until {date}": "，直到 {date}"}
    i18n.install_translator(lambda context, text: zh.get(text, text)
                            if context == "Recurrence" else text)
    try:
        assert recurrence.summary("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10") == "每周一、三，共 10 次"
        assert recurrence.summary("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20311231T235959") == \
            "每月最后一个周五，直到 2031-12-31"
    finally:
        i18n.install_translator(None)


def test_a_bad_rule_is_named_on_one_line() -> None:
    """Found by tests/unit/test_fuzz_services.py: a rule typed over two lines was echoed
    as two lines (a command-line error is one)."""
    with pytest.raises(recurrence.RuleProblem) as caught:
        recurrence.parse("0\n0")
    assert "\n" not in caught.value.render("Repeat")
