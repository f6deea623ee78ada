"""Lists the screens show in pickers (users, stages, statuses ...), read from the services."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from crmdesk.core import presentation, search
from crmdesk.core.services import accounts
from crmdesk.core.services import settings as db_settings
from crmdesk.core.services.customers import customers
from crmdesk.core.services.sales import products, stages
from crmdesk.core.services.tickets import statuses
from crmdesk.core.session import Session
from crmdesk.ui.widgets.field_editors import FieldContext
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate


def stage_name(key: str, stored: str, stored_zh: str | None = None) -> str:
    """A stage's name: what the admin typed, or the default stage's in the user's language."""
    return presentation.stage_name(key, stored, stored_zh)


def status_name(key: str, stored: str, stored_zh: str | None = None) -> str:
    """A ticket status's name, as every screen shows it (an admin's own name wins)."""
    return presentation.status_name(key, stored, stored_zh)


def field_context(workspace: Workspace, entity: str, record_id: int | None,
                  customer_id: int | None = None) -> FieldContext:
    actor = workspace.actor
    ctx = FieldContext()

    def load(session: Session) -> None:
        ctx.user_names = {u.id: u.display_name
                          for u in accounts.account_summaries(session, actor)}
        if entity in ("task", "ticket"):
            # work can be handed to any colleague
            chosen = accounts.account_summaries(session, actor, include_disabled=False)
        else:
            chosen = accounts.assignable_summaries(session, actor)
        ctx.users = [(u.id, u.display_name) for u in chosen]
        every_stage = stages(session)
        # a retired stage is offered for no new move; a record already in it shows its name
        ctx.stages = [(st.key, stage_name(st.key, st.name, st.name_zh))
                      for st in every_stage if not st.retired]
        ctx.stage_names = {st.key: stage_name(st.key, st.name, st.name_zh)
                           for st in every_stage}
        # a ticket is offered the statuses its user may move it to (see TicketForm)
        ctx.statuses = [(st.id, status_name(st.key, st.name, st.name_zh))
                        for st in statuses(session, active_only=True)]
        ctx.products = [(p.id, f"{p.name} ({p.code})")
                        for p in products.records(session, actor, products.ids(session, actor))]
        from crmdesk.core import catalogues
        from crmdesk.core.fields import fields_of

        for spec in fields_of(entity):
            if catalogues.is_catalogue(spec.kind):
                keep = None
                if record_id is not None:  # an inactive choice already made stays shown
                    from crmdesk.core.services.registry import service_for

                    keep = getattr(service_for(entity).get(session, actor, record_id,
                                                           deleted=None), spec.key, None)
                ctx.catalogues[spec.kind] = catalogues.choices(session, spec.kind, keep=keep)
        ctx.suggestions = {"industry": db_settings.get(session, "lists.industry"),
                           "source": db_settings.get(session, "lists.source")}
        if entity == "product":  # the VAT rates offered (issue 16)
            from crmdesk.core.services import vat

            ctx.vat_rates = vat.rates(session) or ctx.vat_rates
            if record_id is not None:  # a rate no longer offered stays shown (and kept)
                current = products.get(session, actor, record_id, deleted=None).vat_rate
                if current is not None and current not in ctx.vat_rates:
                    ctx.vat_rates = [*ctx.vat_rates, int(current)]
        cid = customer_id
        if cid is None and record_id is not None and entity not in ("customer", "product",
                                                                     "campaign"):
            from crmdesk.core.services.registry import service_for

            obj = service_for(entity).get(session, actor, record_id, deleted=None)
            cid = getattr(obj, "customer_id", None)
        if cid:
            ctx.contacts = customers.contact_choices(session, actor, cid)

    workspace.read(load)

    def search_customers(text: str) -> list[tuple[int, str]]:
        if not text.strip():
            return []
        hits = workspace.read(lambda s: search.search(s, actor, text, limit=15,
                                                      kinds=("customer",)))
        return [(h.ref_id, f"{h.title} · {h.code}" if h.code else h.title) for h in hits]

    def customer_name(cid: int) -> str:
        """``name · code`` of a customer the user may see; its number otherwise."""
        return workspace.read(lambda s: customers.label(s, actor, cid)) or str(cid)

    ctx.search_customers = search_customers
    ctx.customer_name = customer_name
    return ctx
