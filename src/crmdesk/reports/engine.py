"""Building a report: gather, count, audit, render, write — with progress and cancel.

:func:`build_report` is what the command line and the GUI's worker thread call.
It is a long job: it takes the :class:`~crmdesk.storage.database.Database` and
opens its own sessions, so it may run in any thread, and a
:class:`crmdesk.jobs.Job` that shows its progress (stage: a line saying what is
done now; done/total: percent of 100) and cancels it (:class:`crmdesk.jobs.Cancelled`).
In order:

1. **gather** (a read session): the report's builder reads what it will print,
   through the services (the actor's scope applies to every row and figure);
2. **count and audit** (one write transaction): the customers the report names
   count for the anti-scraping guard (``accounts.record_access(..., "export",
   customer_ids)``: each distinct customer once per window, whatever read it; a
   customer card is one ``customers.open``), and one audit entry records
   the report, its filters and that count.  A guard that freezes the account
   stops here: nothing is rendered or written;
3. **render** the PDF into a temporary file beside the target;
4. **write**: fsync and ``os.replace`` onto the target, so a failed or cancelled
   build never leaves a half-written file.

The rule for the guard: *a report counts as exporting every distinct customer
whose identity it prints* (name or code), because a printed report is a way to
walk away with them.  A customer list of N rows counts N; lists of other records
count the distinct customers they name; analyses count the customers named in
their detail tables (top customers, largest opportunities, overdue follow-ups),
and pure aggregates count nothing.  The count is taken before rendering, so a
build cancelled after step 2 has still been counted and audited (the data left the
database for that user).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages, presentation
from crmdesk.core.analytics import Criteria
from crmdesk.core.fields import entity_label, field_spec
from crmdesk.core.models import OpportunityStage, TicketStatus, User, utcnow
from crmdesk.core.permissions import ADMIN, MANAGER, Actor
from crmdesk.core.services import accounts, audit, settings
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Cancelled, Job
from crmdesk.reports import formatting
from crmdesk.reports.layout import PageInfo, ReportDocument
from crmdesk.storage.database import Database
from crmdesk.storage.files import atomic_file


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


class ReportError(KnownError):
    """A report cannot be built as asked (unknown name, missing option ...)."""

    context = "Reports"


def find_record(session: Any, actor: Any, service: Any, ref: int | str | None,
                missing: str) -> Any:
    """The record a one-record report prints, by id or code (through *service*, so
    only one the actor may see); *missing*: the message when none was named."""
    if ref is None or str(ref).strip() == "":
        raise ReportError(missing)
    text = str(ref).strip()
    if text.isdigit():
        return service.get(session, actor, int(text))
    return service.by_code(session, actor, text)


@dataclass
class ReportRequest:
    """What to print.

    * ``name``: one of :data:`REPORTS` (``customer-list``, ``list``, ``customer-card``,
      ``pipeline``, ``sales``, ``service``, ``follow-up``);
    * ``entity``, ``query``, ``columns``: for lists, the datasheet's record type,
      filters/quick filter/sort and visible columns (default: the list columns);
    * ``customer``: for a customer card, the customer's id or code;
    * ``record``: for a ticket card (``ticket-card``), the ticket's id or code;
    * ``criteria``: for analyses, the period, owner and "as of" day.
    """

    name: str
    entity: str = "customer"
    query: ListQuery = field(default_factory=ListQuery)
    columns: list[str] | None = None
    customer: int | str | None = None
    record: int | str | None = None  # ticket-card: the ticket's id or code
    criteria: Criteria = field(default_factory=Criteria)
    language: str | None = None  # "zh_CN" / "en" for number style; None: from the translator


@dataclass
class ReportResult:
    path: Path
    pages: int
    customers_counted: int
    seconds: float


@dataclass
class Prepared:
    """What a report's builder gathered, before anything is counted or rendered."""

    title: str
    facts: list[tuple[str, str]]  # the filters used, as (label, value)
    story: Callable[[ReportDocument], list[Flowable]]
    customer_ids: set[int] = field(default_factory=set)  # customers the report names
    opened_customer: int | None = None  # a customer card: counted as one "open"
    audit_entity: str | None = None
    audit_id: int | None = None
    #: what the report holds, for the audit log: a message (``Audit`` context) and its
    #: parameters (see ``core.audit_messages``)
    summary: str = ""
    summary_params: dict[str, Any] = field(default_factory=dict)
    wide: bool = False
    #: what the audit log keeps of the filters, when :attr:`facts` hold values a user
    #: typed (a list's filters and quick filter): see ``audit_messages.query_facts``
    audit_facts: dict[str, Any] | None = None


class BuildProgress:
    """A build's progress in percent, reported to its :class:`~crmdesk.jobs.Job`."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last = -1

    def check(self) -> None:
        if self.job.cancelled:
            raise Cancelled(QT_TRANSLATE_NOOP("Reports", "The report was cancelled."), "Reports")

    def report(self, percent: float, what: str) -> None:
        """*percent* of the build is done, *what* (translated) is being done now."""
        self.check()
        value = max(self._last, 0, min(100, int(percent)))  # never goes back
        if value != self._last:
            self._last = value
            self.job.report(what, value, 100)


Builder = Callable[[Session, Actor, ReportRequest, BuildProgress], Prepared]


@dataclass(frozen=True)
class ReportKind:
    name: str
    title: str  # English source (context Reports)
    builder: Callable[[], Builder]


def _builder(module: str, function: str = "prepare") -> Callable[[], Builder]:
    def load() -> Builder:
        import importlib

        found: Builder = getattr(importlib.import_module(f"crmdesk.reports.{module}"), function)
        return found
    return load


REPORTS: dict[str, ReportKind] = {k.name: k for k in (
    ReportKind("customer-list", QT_TRANSLATE_NOOP("Reports", "Customer list"),
               _builder("record_list", "prepare_customers")),
    ReportKind("list", QT_TRANSLATE_NOOP("Reports", "Record list"), _builder("record_list")),
    ReportKind("customer-card", QT_TRANSLATE_NOOP("Reports", "Customer card"),
               _builder("customer_card")),
    ReportKind("pipeline", QT_TRANSLATE_NOOP("Reports", "Pipeline and forecast"),
               _builder("pipeline")),
    ReportKind("sales", QT_TRANSLATE_NOOP("Reports", "Sales analysis"), _builder("sales")),
    ReportKind("service", QT_TRANSLATE_NOOP("Reports", "Service report"), _builder("tickets")),
    ReportKind("follow-up", QT_TRANSLATE_NOOP("Reports", "Follow-up report"),
               _builder("follow_up")),
    ReportKind("receivables", QT_TRANSLATE_NOOP("Reports", "Receivables and products"),
               _builder("receivables")),
    ReportKind("statement", QT_TRANSLATE_NOOP("Reports", "Statement of account"),
               _builder("receivables", "prepare_statement")),
    # the analyses of an applied template (reports/template_analyses.py)
    ReportKind("dealership", QT_TRANSLATE_NOOP("Reports", "Dealership statistics"),
               _builder("template_analyses")),
    ReportKind("insurance", QT_TRANSLATE_NOOP("Reports", "Insurance statistics"),
               _builder("template_analyses")),
    # a warehouse's stocktake sheet (reports/stocktake.py): --record WAREHOUSE
    ReportKind("stocktake", QT_TRANSLATE_NOOP("Reports", "Stocktake sheet"),
               _builder("stocktake")),
    # printed from its form (Ctrl+P); not offered in the reports view
    ReportKind("ticket-card", QT_TRANSLATE_NOOP("Reports", "Ticket"), _builder("ticket_card")),
    # business documents (reports/documents.py), printed from their forms (Ctrl+P)
    ReportKind("quote-document", QT_TRANSLATE_NOOP("Reports", "Quotation"),
               _builder("documents", "prepare_quote")),
    ReportKind("order-document", QT_TRANSLATE_NOOP("Reports", "Sales order"),
               _builder("documents", "prepare_order")),
    ReportKind("delivery-document", QT_TRANSLATE_NOOP("Reports", "Delivery note"),
               _builder("documents", "prepare_delivery")),
    ReportKind("invoice-document", QT_TRANSLATE_NOOP("Reports", "Invoice"),
               _builder("documents", "prepare_invoice")),
)}


def report_title(name: str, session: Session | None = None) -> str:
    """A report's title in the reader's language; a business's own template (not one of
    :data:`REPORTS`) is named as the template is, which needs *session*."""
    if name in REPORTS or session is None:
        return _t(REPORTS[name].title)
    from crmdesk.core.services import templates

    zh, en = templates.report_names(session)[name]
    return zh if formatting.language_is_chinese() else en


def kind_of(session: Session, name: str) -> ReportKind | None:
    """The report *name*: one of :data:`REPORTS`, or the statistics of an applied
    template (one a business wrote itself too)."""
    kind = REPORTS.get(name)
    if kind is not None:
        return kind
    from crmdesk.core.services import templates

    if name in templates.report_names(session):
        return ReportKind(name, name, _builder("template_analyses"))
    return None


def build_report(db: Database, actor: Actor, request: ReportRequest, out: str | Path, *,
                 job: Job | None = None) -> ReportResult:
    """Build the report *request* into the PDF file *out* (see the module docstring)."""
    started = time.perf_counter()
    with db.session() as session:
        kind = kind_of(session, request.name)
        if kind is None:
            from crmdesk.core.services import templates

            raise ReportError(QT_TRANSLATE_NOOP(
                "Reports", "There is no report named {name}. Choose one of: {names}."),
                name=request.name, names=", ".join([*REPORTS, *(
                    n for n in templates.report_names(session) if n not in REPORTS)]))
    target = Path(out)
    progress = BuildProgress(job if job is not None else Job())
    chinese = formatting.language_is_chinese(request.language)
    with formatting.language(chinese):
        progress.report(0, _t(QT_TRANSLATE_NOOP("Reports", "Reading the data…")))
        with db.session() as session:
            accounts.ensure_active(session, actor)
            company = str(settings.get(session, "company_name") or "")
            prepared = kind.builder()(session, actor, request, progress)
            generated = _generated_line(session, actor)
        progress.report(30, _t(QT_TRANSLATE_NOOP("Reports", "Checking access…")))
        counted = _count_and_audit(db, actor, request, prepared)
        pages = _render(prepared, company, generated, target, progress)
    progress.report(100, _t(QT_TRANSLATE_NOOP("Reports", "Done.")))
    return ReportResult(target, pages, counted, time.perf_counter() - started)


def _generated_line(session: Session, actor: Actor) -> str:
    user = session.get(User, actor.user_id)
    name = user.display_name if user is not None else actor.username
    return _t(QT_TRANSLATE_NOOP("Reports", "Generated {time} by {user}"),
              time=formatting.moment(utcnow()), user=name)


def _count_and_audit(db: Database, actor: Actor, request: ReportRequest, prepared: Prepared) -> int:
    from crmdesk.core.services.customers import customers

    named = set(prepared.customer_ids)
    with db.transaction() as session:
        accounts.ensure_active(session, actor)
        if prepared.opened_customer is not None:
            customers.open(session, actor, prepared.opened_customer)
            named.discard(prepared.opened_customer)
        accounts.record_access(session, actor, "export", named)
        counted = len(named) + (prepared.opened_customer is not None)
        audit.record(session, actor, "report", entity=prepared.audit_entity,
                     entity_id=prepared.audit_id,
                     message=QT_TRANSLATE_NOOP("Audit", "{report}: {summary}")
                     if prepared.summary else QT_TRANSLATE_NOOP("Audit", "{report}"),
                     params={"report": audit_messages.translated("Reports",
                                                                 REPORTS[request.name].title)
                             if request.name in REPORTS else prepared.title,
                             "summary": audit_messages.fragment(prepared.summary,
                                                                **prepared.summary_params)},
                     after={"report": request.name, "title": prepared.title,
                            "filters": dict(prepared.facts) if prepared.audit_facts is None
                            else prepared.audit_facts, "customers": counted})
    return counted


def _render(prepared: Prepared, company: str, generated: str, target: Path,
            progress: BuildProgress) -> int:
    rendering = _t(QT_TRANSLATE_NOOP("Reports", "Laying out pages…"))

    def step(done: float) -> None:
        progress.report(35 + 60 * done, rendering)

    info = PageInfo(company, prepared.title, generated,
                    lambda page, pages: _t(QT_TRANSLATE_NOOP("Reports", "Page {page} / {pages}"),
                                           page=page, pages=pages))
    with atomic_file(target) as stream:
        doc = ReportDocument(stream, info, wide=prepared.wide, step=step)
        story = prepared.story(doc)
        progress.report(35, rendering)
        doc.render(story)
        progress.report(97, _t(QT_TRANSLATE_NOOP("Reports", "Writing the file…")))
    return int(doc.page)


# ---------------------------------------------------------------------------
# Describing what a report shows (the "filters used" block)
# ---------------------------------------------------------------------------

OPERATORS: dict[str, str] = {
    "eq": "=", "ne": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤",
    "contains": QT_TRANSLATE_NOOP("Reports", "contains"),
    "startswith": QT_TRANSLATE_NOOP("Reports", "starts with"),
    "in": QT_TRANSLATE_NOOP("Reports", "is one of"),
    "null": QT_TRANSLATE_NOOP("Reports", "is empty"),
    "notnull": QT_TRANSLATE_NOOP("Reports", "is not empty"),
}
WORD_OPERATORS = frozenset({"contains", "startswith", "in", "null", "notnull"})


def filter_text(session: Session, entity: str, flt: Filter, actor: Actor | None = None) -> str:
    """``城市 = 北京市``: one datasheet filter in words.

    With *actor*, a customer, contact or product is named when the actor may see it.
    """
    key, owner_entity = flt.field, entity
    prefix = ""
    if key.startswith("customer."):
        key, owner_entity = key.removeprefix("customer."), "customer"
        prefix = entity_label("customer") + " · "
    try:
        spec = field_spec(owner_entity, key)
        shown = prefix + spec.translated
    except KeyError:
        spec, shown = None, prefix + key
    op = OPERATORS.get(flt.op, flt.op)
    op_text = _t(op) if flt.op in WORD_OPERATORS else op
    if flt.op in ("null", "notnull"):
        return f"{shown} {op_text}"
    values = flt.value if isinstance(flt.value, list | tuple | set) else [flt.value]
    texts = [_value_text(session, spec, v, actor) for v in values]
    if len(texts) > 8:
        texts = [*texts[:8], _t(QT_TRANSLATE_NOOP("Reports", "… ({n} in all)"), n=len(texts))]
    return f"{shown} {op_text} {'、'.join(texts)}"


def _value_text(session: Session, spec: Any, value: Any, actor: Actor | None = None) -> str:
    if spec is None or value is None:
        return "" if value is None else str(value)
    if spec.kind in ("customer", "contact", "product") and actor is not None:
        from crmdesk.core.services.registry import service_for
        from crmdesk.errors import NotFound

        try:
            return str(service_for(spec.kind).get(session, actor, int(value)).name)
        except (NotFound, ValueError, TypeError):
            return str(value)
    if spec.kind == "user":
        user = session.get(User, int(value))
        return user.display_name if user is not None else str(value)
    if spec.kind == "stage":
        stage = session.get(OpportunityStage, str(value))
        return formatting.stage_name(str(value), stage.name if stage is not None else None,
                                     stage.name_zh if stage is not None else None)
    if spec.kind == "status":
        try:
            status = session.get(TicketStatus, int(value))
        except (TypeError, ValueError):
            status = None
        return (formatting.status_name(status.name, status.key, status.name_zh)
                if status is not None
                else str(value))
    if spec.kind == "money" and isinstance(value, int):
        return formatting.money(value)
    if spec.kind in ("choice", "bool", "date", "datetime"):
        return presentation.value_text(spec.kind, value, choices=spec.choices)
    return str(value)


def scope_text(actor: Actor) -> str:
    """Whose records the report covers (the actor's scope)."""
    if actor.role == ADMIN:
        return _t(QT_TRANSLATE_NOOP("Reports", "All records"))
    if actor.role == MANAGER and actor.team_id is not None:
        return _t(QT_TRANSLATE_NOOP("Reports", "Your team's records"))
    return _t(QT_TRANSLATE_NOOP("Reports", "Your own records"))


def criteria_facts(session: Session, actor: Actor, criteria: Criteria, *,
                   as_of: bool = False) -> list[tuple[str, str]]:
    """The period, owner and scope lines of an analysis report."""
    if criteria.start or criteria.end:
        period = "{} – {}".format(formatting.day(criteria.start) or "…",
                                  formatting.day(criteria.end) or "…")
    else:
        period = _t(QT_TRANSLATE_NOOP("Reports", "All time"))
    owner = _t(QT_TRANSLATE_NOOP("Reports", "Everyone"))
    if criteria.owner_id is not None:
        user = session.get(User, criteria.owner_id)
        owner = user.display_name if user is not None else f"#{criteria.owner_id}"
    facts = [(_t(QT_TRANSLATE_NOOP("Reports", "Period")), period),
             (_t(QT_TRANSLATE_NOOP("Reports", "Owner")), owner),
             (_t(QT_TRANSLATE_NOOP("Reports", "Records")), scope_text(actor))]
    if as_of:
        facts.append((_t(QT_TRANSLATE_NOOP("Reports", "Overdue as of")),
                      formatting.day(criteria.overdue_day())))
    return facts

