"""Interaction records: visits, calls, e-mails, WeChat, meetings."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from crmdesk.core.models import Customer, Interaction, utcnow
from crmdesk.core.permissions import Actor, child_scope
from crmdesk.core.services import cadence
from crmdesk.core.services.records import RecordService


class InteractionService(RecordService[Interaction]):
    entity = "interaction"
    model = Interaction
    text_columns = ("summary", "details")
    default_to_actor = ("user_id",)
    due_fields = ("next_follow_up",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Interaction.customer_id, Interaction.user_id)

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Interaction | None) -> None:
        if obj is None:
            if not values.get("occurred_at"):
                values["occurred_at"] = utcnow()
            if not values.get("kind"):
                values["kind"] = "call"

    def after_write(self, session: Session, actor: Actor, obj: Interaction, *,
                    creating: bool) -> None:
        # the follow-up cadence (core/services/cadence.py): a date from the customer's
        # cadence when none is given, then the customer's one follow-up task moves there
        previous = cadence.interaction_plan(session, obj) if creating else None
        self.refresh_customer(session, obj.customer_id)
        if creating:
            cadence.after_interaction(session, actor, obj, previous)

    def after_delete(self, session: Session, actor: Actor, obj: Interaction) -> None:
        self.refresh_customer(session, obj.customer_id)

    def refresh_customer(self, session: Session, customer_id: int) -> None:
        """Keep the customer's last contact and next follow-up in step with its interactions."""
        live = (Interaction.customer_id == customer_id, Interaction.deleted_at.is_(None))
        last = session.execute(select(func.max(Interaction.occurred_at)).where(*live)
                               ).scalar_one()
        latest_plan = session.execute(
            select(Interaction.next_follow_up).where(*live)
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(1)
        ).scalar_one_or_none()
        customer = session.get(Customer, customer_id)
        if customer is None:
            return
        # Through the record, not a bare UPDATE: only a real change is written, and it
        # bumps the customer's version, so a form opened before is refreshed or refused
        # instead of saving its stale follow-up date over this one.
        if customer.last_contact_at != last:
            customer.last_contact_at = last
        if customer.next_follow_up != latest_plan:
            customer.next_follow_up = latest_plan
        session.flush()

    def quick_log(self, session: Session, actor: Actor, customer_id: int, kind: str,
                  summary: str, *, details: str | None = None,
                  next_follow_up: Any = None, contact_id: int | None = None) -> Interaction:
        """Log a call or visit now (the two-click path from a customer's story)."""
        return self.create(session, actor, {
            "customer_id": customer_id, "kind": kind, "summary": summary,
            "details": details, "next_follow_up": next_follow_up, "contact_id": contact_id,
            "occurred_at": utcnow()})


interactions = InteractionService()

