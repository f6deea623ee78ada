"""Work plans with review (issue 13, item 4): one plan per person and period, planned
visits and calls as ordinary tasks, who sees whose plans, the audited review, plan vs
done, the follow-up analysis's figure, and the command line.  SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from crmdesk.core import analytics
from crmdesk.core.models import AuditEntry
from crmdesk.core.services import work_plans
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tasks import agenda, tasks
from crmdesk.errors import KnownError, NotFound, PermissionDenied, ValidationError

MONDAY = date(2031, 3, 3)  # a Monday


def local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour)).astimezone()


def _plan(db, actor, day: date = MONDAY, goals: str = "拜访五家新客户") -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return work_plans.create(s, actor, "week", day, goals).id


def test_a_plan_is_made_for_the_week_holding_the_day_and_only_once(db, users) -> None:  # type: ignore[no-untyped-def]
    plan_id = _plan(db, users.staff1, MONDAY + timedelta(days=3))
    with db.session() as s:
        plan = work_plans.summary(s, users.staff1, plan_id)
    assert (plan.period_start, plan.period_end, plan.status) == (
        MONDAY, MONDAY + timedelta(days=6), "draft")
    assert plan.mine and not plan.may_review
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        work_plans.create(s, users.staff1, "week", MONDAY + timedelta(days=6))
    assert caught.value.errors[0].field == "period_start"
    assert str(plan_id) in caught.value.message
    # a month plan for the same days is another plan; another person's week too
    with db.transaction() as s:
        month = work_plans.create(s, users.staff1, "month", MONDAY)
        assert month.period_start == date(2031, 3, 1)
        work_plans.create(s, users.staff2, "week", MONDAY)


def test_bad_input_names_the_field(db, users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        work_plans.create(s, users.staff1, "fortnight", MONDAY)
    assert caught.value.errors[0].field == "period"
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        work_plans.create(s, users.staff1, "week", MONDAY, "x" * 5000)
    assert caught.value.errors[0].field == "goals"
    plan_id = _plan(db, users.staff1)
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        work_plans.add_item(s, users.staff1, plan_id, "visit", "拜访",
                            local(MONDAY + timedelta(days=8), 10))
    assert caught.value.errors[0].field == "due_at"
    assert "2031-03-09" in caught.value.message
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        work_plans.add_item(s, users.staff1, plan_id, "lunch", "", None)
    assert {e.field for e in caught.value.errors} == {"kind", "due_at"}
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        work_plans.add_item(s, users.staff1, plan_id, "call", "", local(MONDAY, 10))
    assert caught.value.errors[0].field == "title"  # the tasks service's own rule
    with pytest.raises(NotFound), db.session() as s:
        work_plans.summary(s, users.staff1, 9999)


def test_planned_calls_are_ordinary_tasks_in_today_and_the_agenda(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "李氏贸易"})
    plan_id = _plan(db, users.staff1)
    with db.transaction() as s:
        call = work_plans.add_item(s, users.staff1, plan_id, "call", "回访李总",
                                   local(MONDAY, 10), customer_id=customer.id)
        work_plans.add_item(s, users.staff1, plan_id, "visit", "上门拜访",
                            local(MONDAY + timedelta(days=2), 14))
    with db.session() as s:
        task = tasks.get(s, users.staff1, call.id)
        assert task.assignee_id == users.staff1.user_id
        entries = work_plans.items(s, users.staff1, plan_id)
        assert [(e.kind, e.title, e.customer_name) for e in entries] == [
            ("call", "回访李总", "李氏贸易"), ("visit", "上门拜访", "")]
        due = agenda(s, users.staff1, MONDAY)
        assert [i.title for i in due] == ["回访李总"]
        assert work_plans.summary(s, users.staff1, plan_id).progress == work_plans.Progress(2)


def test_staff_see_their_own_plans_managers_their_teams_admins_all(db, users) -> None:  # type: ignore[no-untyped-def]
    mine = _plan(db, users.staff1)
    colleague = _plan(db, users.staff2)
    west = _plan(db, users.staff3)
    with db.session() as s:
        def ids(actor, **kw) -> set[int]:  # type: ignore[no-untyped-def]
            return {p.id for p in work_plans.list_plans(s, actor, **kw)}

        assert ids(users.staff1) == {mine}
        assert ids(users.manager) == {mine, colleague}
        assert ids(users.manager2) == {west}
        assert ids(users.admin) == {mine, colleague, west}
        assert ids(users.manager, person_id=users.staff2.user_id) == {colleague}
        assert ids(users.manager, day=MONDAY + timedelta(days=7)) == set()
        assert ids(users.manager, period="week", day=MONDAY) == {mine, colleague}
        with pytest.raises(NotFound):
            work_plans.get(s, users.staff1, colleague)
        with pytest.raises(NotFound):
            work_plans.items(s, users.manager, west)
        with pytest.raises(PermissionDenied):
            work_plans.list_plans(s, users.staff1, person_id=users.staff2.user_id)
        with pytest.raises(PermissionDenied):
            work_plans.list_plans(s, users.manager, person_id=users.staff3.user_id)


def test_only_the_owner_changes_and_submits_a_plan(db, users) -> None:  # type: ignore[no-untyped-def]
    plan_id = _plan(db, users.staff1)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        work_plans.set_goals(s, users.manager, plan_id, "经理改的")
    with pytest.raises(PermissionDenied), db.transaction() as s:
        work_plans.add_item(s, users.manager, plan_id, "call", "电话", local(MONDAY, 9))
    with pytest.raises(PermissionDenied), db.transaction() as s:
        work_plans.submit(s, users.manager, plan_id)
    with db.transaction() as s:
        assert work_plans.set_goals(s, users.staff1, plan_id, "新目标").goals == "新目标"
        assert work_plans.submit(s, users.staff1, plan_id).status == "submitted"
    with pytest.raises(KnownError, match="submitted already"), db.transaction() as s:
        work_plans.submit(s, users.staff1, plan_id)


def test_an_empty_plan_cannot_be_submitted(db, users) -> None:  # type: ignore[no-untyped-def]
    plan_id = _plan(db, users.staff1, goals="")
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        work_plans.submit(s, users.staff1, plan_id)
    assert caught.value.errors[0].field == "goals"


def test_the_manager_reviews_a_submitted_plan_audited(db, users) -> None:  # type: ignore[no-untyped-def]
    plan_id = _plan(db, users.staff1)
    with db.transaction() as s:
        work_plans.add_item(s, users.staff1, plan_id, "call", "电话", local(MONDAY, 9))
    with pytest.raises(KnownError, match="not submitted"), db.transaction() as s:
        work_plans.review(s, users.manager, plan_id, "好")
    with db.transaction() as s:
        work_plans.submit(s, users.staff1, plan_id)
    with db.session() as s:
        assert work_plans.summary(s, users.manager, plan_id).may_review
    with pytest.raises(PermissionDenied), db.transaction() as s:
        work_plans.review(s, users.staff2, plan_id, "同事的意见")  # staff may not review
    with pytest.raises(NotFound), db.transaction() as s:
        work_plans.review(s, users.manager2, plan_id, "别组经理")  # not their team
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        work_plans.review(s, users.manager, plan_id, "   ")
    assert caught.value.errors[0].field == "comment"
    with db.transaction() as s:
        plan = work_plans.review(s, users.manager, plan_id, "计划清楚，注意回访质量")
        assert (plan.status, plan.reviewer_id) == ("reviewed", users.manager.user_id)
    with db.session() as s:
        entry = s.execute(select(AuditEntry).where(
            AuditEntry.action == "review", AuditEntry.entity == "work_plan",
            AuditEntry.entity_id == plan_id)).scalar_one()
        assert entry.user_id == users.manager.user_id
        assert "计划清楚" in entry.summary and "李娜" in entry.summary
        assert "2031-03-03" in entry.summary
        shown = work_plans.summary(s, users.staff1, plan_id)
        assert (shown.reviewer_name, shown.review_comment) == ("王经理", "计划清楚，注意回访质量")
    # a reviewed plan is closed to its owner; the admin may review it again
    with pytest.raises(KnownError, match="reviewed"), db.transaction() as s:
        work_plans.set_goals(s, users.staff1, plan_id, "改")
    with db.transaction() as s:
        work_plans.review(s, users.admin, plan_id, "同意")
    with db.session() as s:
        assert work_plans.summary(s, users.staff1, plan_id).review_comment == "同意"


def test_a_manager_does_not_review_their_own_plan(db, users) -> None:  # type: ignore[no-untyped-def]
    plan_id = _plan(db, users.manager)
    with db.transaction() as s:
        work_plans.submit(s, users.manager, plan_id)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        work_plans.review(s, users.manager, plan_id, "自己")
    with db.transaction() as s:
        work_plans.review(s, users.admin, plan_id, "好")


def _done(db, actor, task_id: int, at: datetime) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.models import Task

    with db.transaction() as s:
        tasks.complete(s, actor, task_id)
        s.get(Task, task_id).done_at = at  # as if done then


def test_plan_vs_done_per_plan_person_and_team(db, users) -> None:  # type: ignore[no-untyped-def]
    first = _plan(db, users.staff1)
    second = _plan(db, users.staff2)
    with db.transaction() as s:
        a = work_plans.add_item(s, users.staff1, first, "call", "电话一", local(MONDAY, 9))
        b = work_plans.add_item(s, users.staff1, first, "visit", "拜访一",
                                local(MONDAY + timedelta(days=1), 9))
        work_plans.add_item(s, users.staff1, first, "visit", "拜访二",
                            local(MONDAY + timedelta(days=2), 9))
        gone = work_plans.add_item(s, users.staff1, first, "call", "删掉的",
                                   local(MONDAY + timedelta(days=2), 9))
        c = work_plans.add_item(s, users.staff2, second, "call", "电话二", local(MONDAY, 9))
        tasks.create(s, users.staff1, {"title": "计划外", "due_at": local(MONDAY, 9)})
    _done(db, users.staff1, a.id, local(MONDAY, 8))  # on time
    _done(db, users.staff1, b.id, local(MONDAY + timedelta(days=3), 8))  # late
    _done(db, users.staff2, c.id, local(MONDAY, 8))
    with db.transaction() as s:
        tasks.delete(s, users.staff1, gone.id)
    with db.session() as s:
        plans = {p.owner_id: p for p in work_plans.list_plans(s, users.manager, day=MONDAY)}
        mine = plans[users.staff1.user_id].progress
        assert (mine.planned, mine.done, mine.on_time) == (3, 2, 1)
        assert mine.percent == pytest.approx(2 / 3)
        assert work_plans.team_progress(plans.values()) == work_plans.Progress(4, 3, 2)
        per_person = work_plans.progress_by_assignee(s, users.manager, MONDAY,
                                                     MONDAY + timedelta(days=6))
        assert per_person[users.staff1.user_id] == work_plans.Progress(3, 2, 1)
        assert work_plans.progress_by_assignee(s, users.staff2, MONDAY, MONDAY) == {
            users.staff2.user_id: work_plans.Progress(1, 1, 1)}
        # the follow-up analysis carries the figure, per assignee
        table = analytics.table(s, users.manager, "follow-up", analytics.Criteria(
            MONDAY, MONDAY + timedelta(days=6), as_of=MONDAY + timedelta(days=7)))
        keys = [c.key for c in table.columns]
        rows = {r[0]: dict(zip(keys, r, strict=True)) for r in table.rows}
        assert (rows["李娜"]["planned"], rows["李娜"]["planned_done"]) == (3, 2)
        assert rows["李娜"]["plan_rate"] == pytest.approx(2 / 3)
        assert rows["张伟"]["planned"] == 1


def test_the_command_line_lists_shows_and_reviews(db, db_path, users, run) -> None:  # type: ignore[no-untyped-def]
    plan_id = _plan(db, users.staff1, date.today())
    with db.transaction() as s:
        work_plans.add_item(s, users.staff1, plan_id, "call", "回访王总",
                            datetime.combine(work_plans.period_start("week", date.today()),
                                             time(10)).astimezone())
        work_plans.submit(s, users.staff1, plan_id)
    db.close()
    code, out, err = run("plan", "list", str(db_path), "--user", "manager", "--week")
    assert code == 0, err
    assert out.splitlines()[0].split("\t")[:5] == [
        str(plan_id), "李娜", "week", work_plans.period_start("week", date.today()).isoformat(),
        "submitted"]
    code, out, err = run("plan", "list", str(db_path), "--user", "staff2")
    assert (code, out) == (0, "")
    code, out, err = run("plan", "list", str(db_path), "--user", "staff2", "--person", "staff1")
    assert code == 2 and "your own work plans" in err and "Traceback" not in err
    code, out, err = run("plan", "show", str(db_path), str(plan_id), "--user", "staff1")
    assert code == 0, err
    assert "拜访五家新客户" in out and "回访王总" in out
    code, out, err = run("plan", "review", str(db_path), str(plan_id), "--user", "staff2",
                         "--comment", "好")
    assert code == 2 and err.count("\n") == 1
    code, out, err = run("plan", "review", str(db_path), str(plan_id), "--comment",
                         "很好", "--user", "manager")
    assert code == 0, err
    code, out, err = run("plan", "show", str(db_path), str(plan_id), "--user", "staff1")
    assert "很好" in out and "王经理" in out
    code, out, err = run("plan", "list", str(db_path), "--user", "manager", "--period",
                         "2031-02-30")
    assert code == 2 and "--period" in err


def test_a_planned_task_purged_for_good_leaves_the_plan(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "将被清除的客户"})
    plan_id = _plan(db, users.staff1)
    with db.transaction() as s:
        kept = work_plans.add_item(s, users.staff1, plan_id, "call", "保留", local(MONDAY, 9))
        purged = work_plans.add_item(s, users.staff1, plan_id, "visit", "清除",
                                     local(MONDAY, 10))
        work_plans.add_item(s, users.staff1, plan_id, "visit", "随客户清除", local(MONDAY, 11),
                            customer_id=customer.id)
    with db.transaction() as s:
        tasks.delete(s, users.admin, purged.id, hard=True)
        customers.delete(s, users.admin, customer.id, hard=True)
    with db.session() as s:
        assert [e.task_id for e in work_plans.items(s, users.staff1, plan_id)] == [kept.id]
        assert work_plans.summary(s, users.staff1, plan_id).progress == work_plans.Progress(1)
