"""Work plans with review (since schema 0011).

A salesperson's plan for a week or a month: goals (free text) and the planned visits
and calls, which are ordinary tasks (``plan_items`` links each to its plan and says
whether it is a visit, a call or other work), so they reach the to-do list, Today,
the calendar and the reminders when due.  The plan is submitted, and the owner's
manager (or an administrator) marks it reviewed with a comment.  See
:mod:`crmdesk.core.services.work_plans`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, TimestampMixin, UTCDateTime, VersionMixin


class WorkPlan(TimestampMixin, VersionMixin, Base):
    __tablename__ = "work_plans"
    __table_args__ = (
        # one plan per person and period
        UniqueConstraint("owner_id", "period", "period_start", name="uq_work_plans_period"),
        Index("ix_work_plans_start", "period_start", "owner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: "week" (starts on a Monday) or "month" (starts on the 1st)
    period: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    goals: Mapped[str | None] = mapped_column(Text)
    #: "draft", "submitted" or "reviewed"
    status: Mapped[str] = mapped_column(String(12), default="draft")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)


class PlanItem(Base):
    """A planned visit or call: the task that carries it, in its plan."""

    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("work_plans.id"), index=True)
    #: a task purged for good (the recycle bin, a customer's purge) leaves the plan
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"),
                                         unique=True)
    #: "visit", "call" or "other"
    kind: Mapped[str] = mapped_column(String(10), default="visit")
