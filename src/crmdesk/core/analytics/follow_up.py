"""Follow-up compliance: per assignee, tasks done on time or late, and what is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func
from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import (
    Criteria,
    Drill,
    UserNames,
    local_day_start,
    owner_filter,
    ratio,
    value_filter,
)
from crmdesk.core.analytics.tables import Analysis, cell
from crmdesk.core.models import Customer, Task
from crmdesk.core.permissions import Actor
from crmdesk.core.services import cadence, work_plans
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.tasks import tasks
from crmdesk.i18n import QT_TRANSLATE_NOOP


@dataclass
class ComplianceRow:
    """One assignee's follow-ups: tasks due in the period and what is overdue now."""

    owner_id: int | None
    label: str
    open_tasks: int
    overdue_tasks: int
    due_tasks: int  # due in the period before the reference day
    done_on_time: int
    done_late: int
    overdue_customers: int  # customers whose next follow-up date has passed
    drill: Drill  # the overdue tasks
    customers_drill: Drill
    #: plan vs done: tasks of work plans due in the period, done, done on time
    planned: int = 0
    planned_done: int = 0
    planned_on_time: int = 0
    #: customers whose last contact is older than their cadence (core/services/cadence.py)
    past_cadence: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return ratio(self.done_on_time, self.due_tasks)

    @property
    def plan_rate(self) -> float | None:
        return ratio(self.planned_done, self.planned)


def follow_up_compliance(session: Session, actor: Actor,
                         criteria: Criteria) -> list[ComplianceRow]:
    """Per assignee: open and overdue tasks, tasks due in the period done on time or late,
    and customers whose planned follow-up date has passed.

    A task is overdue when it is not done and was due before the reference day;
    it was done on time when it was marked done no later than its due time.
    """
    reference = criteria.overdue_day()
    cutoff = local_day_start(reference)
    owner = owner_filter("assignee_id", criteria)
    due_conditions: list[ColumnElement[bool]] = [Task.due_at.is_not(None), Task.due_at < cutoff]
    if criteria.start is not None:
        due_conditions.append(Task.due_at >= local_day_start(criteria.start))
    if criteria.end is not None:
        due_conditions.append(Task.due_at < local_day_start(criteria.end + timedelta(days=1)))
    in_period = and_(*due_conditions)

    def count_if(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = tasks.list_select(session, actor, ListQuery(list(owner)), [
        Task.assignee_id,
        count_if(Task.done.is_(False)),
        count_if(and_(Task.done.is_(False), Task.due_at < cutoff)),
        count_if(in_period),
        count_if(and_(in_period, Task.done.is_(True), Task.done_at <= Task.due_at)),
        count_if(and_(in_period, Task.done.is_(True), Task.done_at > Task.due_at)),
    ]).group_by(Task.assignee_id)
    found = {row[0]: [int(v) for v in row[1:]] for row in session.execute(stmt)}
    customer_filters = [Filter("next_follow_up", "lt", reference),
                        *owner_filter("owner_id", criteria)]
    late_customers = {owner_id: int(n) for owner_id, n in session.execute(
        customers.list_select(session, actor, ListQuery(customer_filters),
                              [Customer.owner_id, func.count(Customer.id)])
        .group_by(Customer.owner_id))}
    planned = work_plans.progress_by_assignee(session, actor, criteria.start, criteria.end,
                                              criteria.owner_id)
    past = cadence.past_cadence_counts(session, actor, reference, owner_id=criteria.owner_id)
    names = UserNames(session)
    rows = []
    for owner_id in {*found, *late_customers, *planned, *past}:
        open_n, overdue, due, on_time, late = found.get(owner_id, [0, 0, 0, 0, 0])
        if not (open_n or due or late_customers.get(owner_id) or owner_id in planned
                or past.get(owner_id)):
            continue
        task_drill = Drill("task", ListQuery(filters=[
            Filter("done", "eq", False), Filter("due_at", "lt", cutoff),
            value_filter("assignee_id", owner_id)]))
        customer_drill = Drill("customer", ListQuery(filters=[
            Filter("next_follow_up", "lt", reference), value_filter("owner_id", owner_id)]))
        plan = planned.get(owner_id, work_plans.Progress())
        rows.append(ComplianceRow(owner_id, names(owner_id), open_n, overdue, due, on_time,
                                  late, late_customers.get(owner_id, 0), task_drill,
                                  customer_drill, plan.planned, plan.done, plan.on_time,
                                  past_cadence=past.get(owner_id, 0)))
    rows.sort(key=lambda r: (-r.overdue_tasks, -r.overdue_customers, r.label))
    return rows


TABLES: tuple[Analysis, ...] = (
    Analysis("follow-up", QT_TRANSLATE_NOOP("Analytics", "Follow-up compliance per assignee"),
             follow_up_compliance, (
                 cell("owner", QT_TRANSLATE_NOOP("Analytics", "Assignee"), source="label"),
                 cell("open", QT_TRANSLATE_NOOP("Analytics", "Open tasks"), "int", "open_tasks"),
                 cell("overdue", QT_TRANSLATE_NOOP("Analytics", "Overdue tasks"), "int",
                      "overdue_tasks"),
                 cell("due", QT_TRANSLATE_NOOP("Analytics", "Due in period"), "int",
                      "due_tasks"),
                 cell("on_time", QT_TRANSLATE_NOOP("Analytics", "Done on time"), "int",
                      "done_on_time"),
                 cell("late", QT_TRANSLATE_NOOP("Analytics", "Done late"), "int", "done_late"),
                 cell("on_time_rate", QT_TRANSLATE_NOOP("Analytics", "On-time rate"),
                      "percent"),
                 cell("customers",
                      QT_TRANSLATE_NOOP("Analytics", "Customers overdue for follow-up"),
                      "int", "overdue_customers"),
                 # plan vs done (work plans, core/services/work_plans.py)
                 cell("planned", QT_TRANSLATE_NOOP("Analytics", "Planned"), "int"),
                 cell("planned_done", QT_TRANSLATE_NOOP("Analytics", "Planned done"), "int"),
                 cell("plan_rate", QT_TRANSLATE_NOOP("Analytics", "Plan done"), "percent"),
                 cell("past_cadence", QT_TRANSLATE_NOOP("Analytics", "Customers past cadence"),
                      "int"))),
)
