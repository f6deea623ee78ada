"""Follow-up cadence by intent level (issue 13, item 6): the settings, the rule that
logging an interaction or changing the level plans the next follow-up and its task,
and the past-cadence list per role.  SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from crmdesk.core.models import Task
from crmdesk.core.services import cadence
from crmdesk.core.services import settings as db_settings
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.errors import KnownError, PermissionDenied

TODAY = date.today()


def days_ago(n: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=n), datetime.min.time().replace(hour=10)
                            ).astimezone()


def open_tasks(s, customer_id: int) -> list[Task]:  # type: ignore[no-untyped-def]
    return list(s.execute(select(Task).where(
        Task.customer_id == customer_id, Task.done.is_(False),
        Task.deleted_at.is_(None)).order_by(Task.id)).scalars())


def test_defaults(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        found = cadence.read(s)
    assert dict(found.levels) == {"H": 2, "A": 7, "B": 15, "C": 30}
    assert set(found.statuses.values()) == {0}
    assert found.days("H", "potential") == 2
    assert found.days(None, "potential") is None


def test_settings_are_validated_and_for_administrators(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        result = cadence.update(s, users.admin, {"H": "3", "a": 10, "lost": 60})
        assert result.levels["H"] == 3 and result.levels["A"] == 10
        assert result.statuses["lost"] == 60
    for bad in ("0", "366", "2.5", "soon"):
        with db.transaction() as s, pytest.raises(KnownError) as caught:
            cadence.update(s, users.admin, {"B": bad, "C": 20})
        assert "intent level B" in caught.value.message and "1 to 365" in caught.value.message
    with db.transaction() as s, pytest.raises(KnownError) as caught:
        cadence.update(s, users.admin, {"dormant": -1})
    assert "status dormant" in caught.value.message
    with db.transaction() as s, pytest.raises(KnownError) as caught:
        cadence.update(s, users.admin, {"X": 3})
    assert "H, A, B, C" in caught.value.message
    with db.transaction() as s, pytest.raises(PermissionDenied):
        cadence.update(s, users.manager, {"H": 4})
    # the generic setting path refuses out-of-range values too, naming the level
    with db.transaction() as s, pytest.raises(KnownError) as caught:
        db_settings.set_value(s, users.admin, "cadence.C", 0)
    assert "intent level C" in caught.value.message
    with db.session() as s:  # nothing of a refused change was written
        assert cadence.read(s).levels == {"H": 3, "A": 10, "B": 15, "C": 30}


def test_interaction_sets_next_follow_up_and_one_task(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "热客户", "intent_level": "H"})
        interactions.quick_log(s, users.staff1, customer.id, "call", "问了价格")
        assert customer.next_follow_up == TODAY + timedelta(days=2)
        [task] = open_tasks(s, customer.id)
        assert task.due_at is not None
        assert task.due_at.astimezone().date() == TODAY + timedelta(days=2)
        assert task.assignee_id == users.staff1.user_id
        assert "问了价格" in task.title
        # the next contact moves the same task instead of adding one
        interactions.create(s, users.staff1, {
            "customer_id": customer.id, "kind": "visit", "summary": "到店看车",
            "occurred_at": datetime.now().astimezone() + timedelta(minutes=1)})
        assert [t.id for t in open_tasks(s, customer.id)] == [task.id]
        assert "到店看车" in task.title
        # an older interaction does not move the plan of a newer one
        interactions.create(s, users.staff1, {
            "customer_id": customer.id, "kind": "call", "summary": "上周的电话",
            "occurred_at": days_ago(7)})
        assert customer.next_follow_up == TODAY + timedelta(days=2)
        assert len(open_tasks(s, customer.id)) == 1


def test_task_goes_to_the_owner(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.manager, {
            "name": "团队客户", "intent_level": "A", "owner_id": users.staff2.user_id})
        interactions.quick_log(s, users.manager, customer.id, "call", "经理代打")
        [task] = open_tasks(s, customer.id)
        assert task.assignee_id == users.staff2.user_id
        assert customer.next_follow_up == TODAY + timedelta(days=7)


def test_explicit_date_wins(db, users) -> None:  # type: ignore[no-untyped-def]
    planned = TODAY + timedelta(days=20)
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "自定日期", "intent_level": "H"})
        interactions.quick_log(s, users.staff1, customer.id, "call", "下月再联系",
                               next_follow_up=planned)
        assert customer.next_follow_up == planned
        [task] = open_tasks(s, customer.id)
        assert task.due_at is not None and task.due_at.astimezone().date() == planned
        # a level change with a date of its own in the same edit: that date wins
        other = TODAY + timedelta(days=9)
        customers.update(s, users.staff1, customer.id, {"intent_level": "C",
                                                        "next_follow_up": other})
        assert customer.next_follow_up == other
        assert [t.due_at.astimezone().date() for t in open_tasks(s, customer.id)
                if t.due_at] == [other]


def test_level_change_moves_the_task(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "升温客户", "intent_level": "C"})
        interactions.quick_log(s, users.staff1, customer.id, "call", "随便问问")
        assert customer.next_follow_up == TODAY + timedelta(days=30)
        [task] = open_tasks(s, customer.id)
        version = customer.version
        # the window's form sends every field: the unchanged date is not "explicit"
        customers.update(s, users.staff1, customer.id, {
            "intent_level": "H", "next_follow_up": customer.next_follow_up},
            expected_version=version)
        assert customer.next_follow_up == TODAY + timedelta(days=2)
        assert [t.id for t in open_tasks(s, customer.id)] == [task.id]
        assert task.due_at is not None
        assert task.due_at.astimezone().date() == TODAY + timedelta(days=2)
        # a customer without a task gets one on a level change
        fresh = customers.create(s, users.staff1, {"name": "新客户"})
        customers.update(s, users.staff1, fresh.id, {"intent_level": "B"})
        assert fresh.next_follow_up == TODAY + timedelta(days=15)
        assert len(open_tasks(s, fresh.id)) == 1
        # other edits leave the plan alone
        customers.update(s, users.staff1, fresh.id, {"city": "杭州市"})
        assert fresh.next_follow_up == TODAY + timedelta(days=15)


def test_status_overrides_the_level(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        cadence.update(s, users.admin, {"active": 60})
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "老客户", "intent_level": "H",
                                                      "status": "active"})
        interactions.quick_log(s, users.staff1, customer.id, "call", "回访")
        assert customer.next_follow_up == TODAY + timedelta(days=60)
        # becoming potential again: the level's cadence applies
        customers.update(s, users.staff1, customer.id, {"status": "potential"})
        assert customer.next_follow_up == TODAY + timedelta(days=2)
        # no level, but a status with its own cadence
        bare = customers.create(s, users.staff1, {"name": "无等级", "status": "active"})
        interactions.quick_log(s, users.staff1, bare.id, "call", "问候")
        assert bare.next_follow_up == TODAY + timedelta(days=60)


def test_no_cadence_without_level(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "未分级"})
        interactions.quick_log(s, users.staff1, customer.id, "call", "第一次电话")
        assert customer.next_follow_up is None
        assert open_tasks(s, customer.id) == []


def test_dates_only_makes_no_task(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "导入客户", "intent_level": "A"})
        with cadence.dates_only(s):
            interactions.create(s, users.staff1, {"customer_id": customer.id, "kind": "call",
                                                  "summary": "历史记录",
                                                  "occurred_at": days_ago(3)})
        assert customer.next_follow_up == TODAY + timedelta(days=4)
        assert open_tasks(s, customer.id) == []


def _seed_past(db, users) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Customers of three staff members, some past their cadence."""
    made: dict[str, int] = {}
    with db.transaction() as s:
        for actor, name, level, ago in (
                (users.staff1, "甲-过期H", "H", 5),      # 2-day cadence: 3 days over
                (users.staff1, "甲-正常C", "C", 5),      # 30 days: fine
                (users.staff1, "甲-过期A", "A", 10),     # 7 days: 3 days over
                (users.staff1, "甲-无等级", None, 100),  # no cadence
                (users.staff2, "乙-过期B", "B", 40),     # 15 days: 25 over
                (users.staff3, "丙-过期C", "C", 31)):    # 30 days: 1 over
            customer = customers.create(s, actor, {"name": name, "intent_level": level})
            interactions.create(s, actor, {"customer_id": customer.id, "kind": "call",
                                           "summary": "联系", "occurred_at": days_ago(ago)})
            made[name] = customer.id
    return made


def test_past_cadence_per_role(db, users) -> None:  # type: ignore[no-untyped-def]
    made = _seed_past(db, users)
    with db.session() as s:
        mine = cadence.past_cadence(s, users.staff1, TODAY)
        assert mine.total == 2
        assert [(r.name, r.days_over, r.cadence_days) for r in mine.rows] == [
            ("甲-过期H", 3, 2), ("甲-过期A", 3, 7)]
        assert mine.rows[0].last_contact is not None
        team = cadence.past_cadence(s, users.manager, TODAY)
        assert [r.name for r in team.rows] == ["乙-过期B", "甲-过期H", "甲-过期A"]
        assert team.rows[0].days_over == 25 and team.rows[0].owner_name == "张伟"
        everyone = cadence.past_cadence(s, users.admin, TODAY)
        assert everyone.total == 4
        assert {r.customer_id for r in everyone.rows} == {
            made["甲-过期H"], made["甲-过期A"], made["乙-过期B"], made["丙-过期C"]}
        assert cadence.past_cadence(s, users.staff3, TODAY).total == 1
        # the manager's per-owner counts (the follow-up analysis)
        assert cadence.past_cadence_counts(s, users.manager, TODAY) == {
            users.staff1.user_id: 2, users.staff2.user_id: 1}
        # one owner within the actor's scope only
        assert cadence.past_cadence(s, users.manager, TODAY,
                                    owner_id=users.staff3.user_id).total == 0
        limited = cadence.past_cadence(s, users.admin, TODAY, limit=1)
        assert limited.total == 4 and [r.name for r in limited.rows] == ["乙-过期B"]


def test_past_cadence_follows_the_settings(db, users) -> None:  # type: ignore[no-untyped-def]
    _seed_past(db, users)
    with db.transaction() as s:
        cadence.update(s, users.admin, {"H": 10, "potential": 0})
    with db.session() as s:
        assert [r.name for r in cadence.past_cadence(s, users.staff1, TODAY).rows] == [
            "甲-过期A"]


@pytest.mark.sqlite_only("reads SQLite's query plan (EXPLAIN QUERY PLAN)")
def test_past_cadence_reads_the_cadence_index(db, users) -> None:  # type: ignore[no-untyped-def]
    """Staff and managers: a search of the cadence index by owner; an administrator: a
    scan of that index, never of the customers' table (it holds every column read)."""
    with db.session() as s:
        for actor in (users.staff1, users.manager, users.admin):
            condition, last, days = cadence.past_cadence_select(s, actor, TODAY)
            key = cadence._in_days(s, last) + days
            for stmt in (select(func.count()).select_from(cadence.Customer).where(condition),
                         select(cadence.Customer.id, days).where(condition)
                         .order_by(key, cadence.Customer.id).limit(200)):
                compiled = stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
                plan = " ".join(str(row[-1]) for row in s.execute(
                    text(f"EXPLAIN QUERY PLAN {compiled}")))
                how = "SCAN" if actor is users.admin else "SEARCH"
                assert plan.startswith(
                    f"{how} customers USING COVERING INDEX ix_customers_live_cadence"), plan
                if actor is not users.admin:
                    assert "(owner_id=?" in plan, plan


def _reference(s, actor, today: date) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """The rule in Python over every live customer the actor sees: (id, cadence days,
    days over), longest over first."""
    from crmdesk.core.models import Customer
    from crmdesk.core.permissions import visible_owner_ids

    rule = cadence.read(s)
    owners = visible_owner_ids(s, actor)
    found = []
    for c in s.execute(select(Customer).where(Customer.deleted_at.is_(None))).scalars():
        if owners is not None and c.owner_id not in owners:
            continue
        days = rule.days(c.intent_level, c.status)
        if not days:
            continue
        over = (today - (c.last_contact_at or c.created_at).astimezone().date()).days - days
        if over > 0:
            found.append((c.id, days, over))
    return sorted(found, key=lambda row: (-row[2], row[0]))


def test_past_cadence_equals_the_rule_for_every_role(db, users) -> None:  # type: ignore[no-untyped-def]
    """Many customers of every level and status, some never contacted, one deleted, and
    a status with its own cadence: each role's list and total are the rule's."""
    from crmdesk.core.models import Customer

    levels = ("H", "A", "B", "C", None)
    statuses = ("potential", "active", "dormant", "lost")
    owners = (users.staff1, users.staff2, users.staff3, users.manager)
    with db.transaction() as s:
        cadence.update(s, users.admin, {"lost": 20})
        for n in range(80):
            actor = owners[n % len(owners)]
            customer = customers.create(s, actor, {
                "name": f"客户{n}", "intent_level": levels[n % 5],
                "status": statuses[(n // 5) % 4]})
            if n % 7:  # the rest were never contacted: counted from their creation
                interactions.create(s, actor, {"customer_id": customer.id, "kind": "call",
                                               "summary": "联系",
                                               "occurred_at": days_ago(n % 45)})
            else:
                s.get(Customer, customer.id).created_at = days_ago(n % 50)
        customers.delete(s, users.admin, customer.id)
    with db.session() as s:
        for actor in (users.admin, users.manager, users.staff1, users.staff3):
            expected = _reference(s, actor, TODAY)
            assert expected, actor
            whole = cadence.past_cadence(s, actor, TODAY, limit=1000)
            assert whole.total == len(expected)
            assert [(r.customer_id, r.cadence_days, r.days_over) for r in whole.rows] == expected
            first = cadence.past_cadence(s, actor, TODAY, limit=5)
            assert first.total == len(expected)
            assert [r.customer_id for r in first.rows] == [row[0] for row in expected[:5]]
            assert cadence.past_cadence(s, actor, TODAY, limit=0).total == len(expected)


def test_follow_up_analysis_and_report_flag_past_cadence(db, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    from crmdesk.core import analytics
    from crmdesk.core.analytics import Criteria
    from crmdesk.reports import ReportRequest, build_report

    _seed_past(db, users)
    with db.session() as s:
        rows = {r.owner_id: r for r in analytics.follow_up_compliance(
            s, users.manager, Criteria(as_of=TODAY))}
        assert rows[users.staff1.user_id].past_cadence == 2
        assert rows[users.staff2.user_id].past_cadence == 1
        assert users.staff3.user_id not in rows  # not the manager's team
        table = analytics.table(s, users.manager, "follow-up", Criteria(as_of=TODAY))
        assert "Customers past cadence" in [c.header for c in table.columns]
    out = tmp_path / "follow-up.pdf"
    build_report(db, users.manager, ReportRequest("follow-up", criteria=Criteria(as_of=TODAY),
                                                  language="en"), out)
    if shutil.which("pdftotext") is None:
        return
    found = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True,
                           capture_output=True, text=True).stdout
    assert "Customers past their cadence (2)" in found
    assert "乙-过期B" in found and "丙-过期C" not in found


def test_importing_interactions_sets_dates_but_makes_no_tasks(db, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    from crmdesk.core.services import custom_fields
    from crmdesk.exchange import importer
    from crmdesk.exchange.mapping import guess_mapping
    from crmdesk.exchange.sources import open_source

    with db.transaction() as s:
        hot = customers.create(s, users.staff1, {"name": "导入H", "intent_level": "H"})
        cold = customers.create(s, users.staff1, {"name": "导入C", "intent_level": "C"})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户", "类型", "跟进时间", "跟进内容"])
    sheet.append([hot.code, "电话", f"{TODAY - timedelta(days=1)} 10:00", "昨天的电话"])
    sheet.append([cold.code, "拜访", f"{TODAY - timedelta(days=40)} 15:30", "很久以前"])
    path = tmp_path / "calls.xlsx"
    book.save(path)
    source = open_source(path)
    with db.session() as s:
        defs = custom_fields.definitions(s, "interaction")
    mapping = guess_mapping("interaction", source.headers, defs, source.hints)
    result = importer.run_import(db, users.staff1, source, mapping, importer.ImportOptions())
    assert result.created == 2, result.problems
    with db.session() as s:
        assert s.get(cadence.Customer, hot.id).next_follow_up == TODAY + timedelta(days=1)
        assert s.get(cadence.Customer, cold.id).next_follow_up == TODAY - timedelta(days=10)
        assert open_tasks(s, hot.id) == [] and open_tasks(s, cold.id) == []
        assert [r.name for r in cadence.past_cadence(s, users.staff1, TODAY).rows] == ["导入C"]
