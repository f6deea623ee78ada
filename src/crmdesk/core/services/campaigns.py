"""Marketing campaigns and their members."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    true,
)
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.fields import CHOICES
from crmdesk.core.filters import ListQuery
from crmdesk.core.models import Campaign, CampaignMember, Customer, UTCDateTime, utcnow
from crmdesk.core.permissions import Actor, customer_scope, require
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.records import RecordService
from crmdesk.errors import FieldError, KnownError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: customers may join a campaign that is planned or running (not one completed or cancelled)
JOINABLE_STATUSES = ("planned", "active")

#: customer ids an "Added {n} members" audit entry lists at most (the first added)
AUDIT_IDS = 1000


@dataclass(frozen=True)
class CampaignChoice:
    """A campaign customers may join, as a picker lists it."""

    id: int
    name: str
    code: str
    status: str


@dataclass(frozen=True)
class MemberRow:
    """A campaign member the actor may see, with what the members table shows."""

    customer_id: int
    name: str
    code: str
    status: str
    added_at: datetime | None
    responded_at: datetime | None


@dataclass(frozen=True)
class CampaignHeading:
    id: int
    name: str
    code: str


class CampaignService(RecordService[Campaign]):
    entity = "campaign"
    model = Campaign
    code_attr = "code"
    code_prefix = "MC"
    code_width = 4
    text_columns = ("code", "name", "description")
    default_to_actor = ("owner_id",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return true()  # everyone sees the company's campaigns; members are scoped

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Campaign | None) -> None:
        require(actor, "campaigns.manage")
        if obj is None:
            values["kind"] = values.get("kind") or "other"
            values["status"] = values.get("status") or "planned"
            if values.get("budget_cents") in (None, ""):
                values["budget_cents"] = 0

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Campaign | None) -> list[FieldError]:
        start = cleaned.get("start_date", obj.start_date if obj else None)
        end = cleaned.get("end_date", obj.end_date if obj else None)
        if start and end and end < start:
            shown = render("Field", QT_TRANSLATE_NOOP("Field", "End date"))
            return [FieldError("end_date", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} is before the start date: choose a later date."),
                label=shown))]
        return []

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        require(actor, "campaigns.manage")
        super().delete(session, actor, record_id, hard=hard)

    def purge_dependents(self, session: Session, actor: Actor, obj: Campaign) -> None:
        session.execute(delete(CampaignMember).where(CampaignMember.campaign_id == obj.id))

    # -- members -----------------------------------------------------------------
    def heading(self, session: Session, actor: Actor, campaign_id: int) -> CampaignHeading:
        campaign = self.get(session, actor, campaign_id)
        return CampaignHeading(campaign.id, campaign.name, campaign.code)

    def joinable(self, session: Session, actor: Actor) -> list[CampaignChoice]:
        """Campaigns customers may join now, the latest start first."""
        rows = session.execute(
            select(Campaign).where(Campaign.deleted_at.is_(None), self.scope(actor),
                                   Campaign.status.in_(JOINABLE_STATUSES))
            .order_by(Campaign.start_date.desc(), Campaign.id.desc())).scalars()
        return [CampaignChoice(c.id, c.name, c.code, c.status) for c in rows]

    def _joinable_campaign(self, session: Session, actor: Actor, campaign_id: int) -> Campaign:
        accounts.ensure_active(session, actor)
        campaign = self.get(session, actor, campaign_id)
        if campaign.status not in JOINABLE_STATUSES:
            raise KnownError(QT_TRANSLATE_NOOP(
                "Errors", "Campaign {record} is completed or cancelled: customers can join only "
                          "a planned or running campaign."), record=self.describe(campaign))
        return campaign

    def _audit_added(self, session: Session, actor: Actor, campaign: Campaign, n: int,
                     first_ids: Sequence[int]) -> None:
        audit.record(session, actor, "campaign_members", entity="campaign",
                     entity_id=campaign.id,
                     message=QT_TRANSLATE_NOOP("Audit", "Added {n} members to {record}"),
                     params={"n": n, "record": self.describe(campaign)},
                     after={"customer_ids": list(first_ids[:AUDIT_IDS])})

    def add_members(self, session: Session, actor: Actor, campaign_id: int,
                    customer_ids: Sequence[int]) -> int:
        """Add customers the actor may see; already-present members are skipped.

        For the selected rows of a list (bounded by the selection); a whole list is
        :meth:`add_shown`, which never reads its ids."""
        campaign = self._joinable_campaign(session, actor, campaign_id)
        wanted = list(dict.fromkeys(customer_ids))
        visible: set[int] = set()
        for start in range(0, len(wanted), 500):  # bounded SQL parameter lists
            visible.update(session.execute(select(Customer.id).where(
                Customer.id.in_(wanted[start:start + 500]), Customer.deleted_at.is_(None),
                customer_scope(actor))).scalars())
        present = set(session.execute(select(CampaignMember.customer_id).where(
            CampaignMember.campaign_id == campaign_id)).scalars())
        added = [cid for cid in wanted if cid in visible and cid not in present]
        for cid in added:
            session.add(CampaignMember(campaign_id=campaign_id, customer_id=cid))
        session.flush()
        if added:
            self._audit_added(session, actor, campaign, len(added), added)
        return len(added)

    def add_shown(self, session: Session, actor: Actor, campaign_id: int,
                  query: ListQuery) -> int:
        """Add every customer a customer list shows (its filters, quick filter and the
        actor's scope; never deleted ones) that is not a member yet, in **one**
        ``INSERT ... SELECT``: the ids of ten million customers never come to Python.
        Returns how many joined; audited as :meth:`add_members` is (the first
        :data:`AUDIT_IDS` customers added are listed)."""
        from crmdesk.core.services.registry import service_for

        campaign = self._joinable_campaign(session, actor, campaign_id)
        live = ListQuery(filters=list(query.filters), text=query.text)  # no sort, not the bin
        now = utcnow()
        source = service_for("customer").list_select(
            session, actor, live, [literal(campaign.id), Customer.id, literal("invited"),
                                   literal(now, UTCDateTime)]).where(~exists().where(
                CampaignMember.campaign_id == campaign.id,
                CampaignMember.customer_id == Customer.id))
        before = session.execute(select(func.max(CampaignMember.id))).scalar() or 0
        session.execute(insert(CampaignMember).from_select(
            ["campaign_id", "customer_id", "status", "added_at"], source))
        # counted, not the statement's rowcount: PostgreSQL's driver gives -1 for this
        # ORM insert (one writer at a time, so the new rows are those past *before*)
        added = session.execute(select(func.count()).select_from(CampaignMember).where(
            CampaignMember.campaign_id == campaign.id, CampaignMember.id > before)).scalar_one()
        if added:
            first = list(session.execute(
                select(CampaignMember.customer_id).where(
                    CampaignMember.campaign_id == campaign.id, CampaignMember.id > before)
                .order_by(CampaignMember.id).limit(AUDIT_IDS)).scalars())
            self._audit_added(session, actor, campaign, int(added), first)
        return int(added)

    def remove_member(self, session: Session, actor: Actor, campaign_id: int,
                      customer_id: int) -> None:
        self.get(session, actor, campaign_id)
        member = self._member(session, actor, campaign_id, customer_id)
        session.delete(member)
        session.flush()
        audit.record(session, actor, "campaign_members", entity="campaign",
                     entity_id=campaign_id,
                     message=QT_TRANSLATE_NOOP("Audit", "Removed customer #{id}"),
                     params={"id": customer_id},
                     before={"customer_id": customer_id})

    def set_member_status(self, session: Session, actor: Actor, campaign_id: int,
                          customer_id: int, status: str) -> CampaignMember:
        if status not in CHOICES["member_status"]:
            shown = render("Field", QT_TRANSLATE_NOOP("Field", "Status"))
            raise ValidationError([FieldError("status", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} must be one of: {choices}."), label=shown,
                choices=", ".join(CHOICES["member_status"])))])
        member = self._member(session, actor, campaign_id, customer_id)
        old = member.status
        member.status = status
        if status in ("responded", "converted") and member.responded_at is None:
            member.responded_at = utcnow()
        session.flush()
        audit.record(session, actor, "campaign_members", entity="campaign",
                     entity_id=campaign_id,
                     message=QT_TRANSLATE_NOOP("Audit", "Member #{id}: {old} → {new}"),
                     params={"id": customer_id,
                             "old": audit_messages.choice("member_status", old),
                             "new": audit_messages.choice("member_status", status)},
                     before={"status": old}, after={"status": status})
        return member

    def _member(self, session: Session, actor: Actor, campaign_id: int,
                customer_id: int) -> CampaignMember:
        member = session.execute(select(CampaignMember).join(
            Customer, Customer.id == CampaignMember.customer_id).where(
            CampaignMember.campaign_id == campaign_id, CampaignMember.customer_id == customer_id,
            customer_scope(actor))).scalar_one_or_none()
        if member is None:
            raise self.not_found(customer_id)
        return member

    def members(self, session: Session, actor: Actor, campaign_id: int) -> list[MemberRow]:
        """Members the actor may see, with their customer's name and code."""
        self.get(session, actor, campaign_id)
        rows = session.execute(
            select(CampaignMember, Customer).join(Customer, Customer.id == CampaignMember.customer_id)
            .where(CampaignMember.campaign_id == campaign_id, Customer.deleted_at.is_(None),
                   customer_scope(actor)).order_by(Customer.name))
        return [MemberRow(customer.id, customer.name, customer.code, member.status,
                          member.added_at, member.responded_at) for member, customer in rows]

    def stats(self, session: Session, actor: Actor, campaign_id: int) -> dict[str, int]:
        self.get(session, actor, campaign_id)
        rows = session.execute(
            select(CampaignMember.status, func.count(CampaignMember.id))
            .join(Customer, Customer.id == CampaignMember.customer_id)
            .where(CampaignMember.campaign_id == campaign_id, customer_scope(actor))
            .group_by(CampaignMember.status))
        return {status: int(n) for status, n in rows}


campaigns = CampaignService()
