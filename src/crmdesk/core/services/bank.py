"""Bank statement lines: import (a second import of the same lines adds nothing), match
proposals against open invoices, and booking an accepted match as a payment.

* **Import**: each line's fingerprint is a SHA-256 of account, date, amount, reference,
  counterparty, description and how many identical lines came before it in the same
  statement (two equal transfers on one day are two lines; the same statement imported
  again gives the same fingerprints, and ``bank_lines.fingerprint`` is unique).
* **Proposals** for each incoming line (amount > 0) not booked nor set aside, scored:
  the reference or description names an open invoice's number (+60), the amount is what
  the invoice still waits for (+30), the counterparty is the invoice's customer by name
  (+20; a counterparty that names a customer with open invoices but no invoice of the
  right amount proposes a payment for that customer, oldest invoices first, score 40).
  A proposal of 60 or more is *confident* (``crmdesk bank match --accept`` books those).
* **Booking** goes through the payments service (``payments.create``: validation,
  permissions, allocation, audit); the line keeps the payment's id by one conditional
  ``UPDATE`` (``... WHERE payment_id IS NULL``), so a line is never booked twice.

Bank lines belong to no customer: reading and changing them needs ``accounting.export``;
the invoices proposed are those the actor may see.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crmdesk.core.lookup import get_row
from crmdesk.core.models import BankLine, Customer, Invoice, Payment
from crmdesk.core.permissions import Actor, child_scope, for_lists, require
from crmdesk.core.services import accounts, audit
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP

OPEN_STATES = ("issued", "partial")
CONFIDENT = 60


class BankError(KnownError):
    """A bank line cannot be imported or booked as asked."""


@dataclass(frozen=True)
class StatementLine:
    """One line as read from a statement (before it is stored)."""

    booked_on: date
    amount_cents: int  # + money in, - money out
    counterparty: str | None = None
    reference: str | None = None
    description: str | None = None
    account: str | None = None


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # already imported before


def _key(line: StatementLine) -> str:
    return "\x1f".join((line.account or "", line.booked_on.isoformat(),
                        str(line.amount_cents), (line.reference or "").strip(),
                        (line.counterparty or "").strip(), (line.description or "").strip()))


def fingerprints(lines: Sequence[StatementLine]) -> list[str]:
    seen: Counter[str] = Counter()
    result = []
    for line in lines:
        key = _key(line)
        seen[key] += 1
        result.append(hashlib.sha256(f"{key}\x1e{seen[key]}".encode()).hexdigest())
    return result


def import_lines(session: Session, actor: Actor, lines: Sequence[StatementLine], *,
                 source: str = "") -> ImportResult:
    """Store the statement's lines that are not stored yet (audited as one import)."""
    accounts.ensure_active(session, actor)
    require(actor, "accounting.export")
    prints = fingerprints(lines)
    known: set[str] = set()
    for start in range(0, len(prints), 500):
        known.update(session.execute(select(BankLine.fingerprint).where(
            BankLine.fingerprint.in_(prints[start:start + 500]))).scalars())
    added = 0
    for line, fingerprint in zip(lines, prints, strict=True):
        if fingerprint in known:
            continue
        known.add(fingerprint)
        session.add(BankLine(account=_cut(line.account, 60), booked_on=line.booked_on,
                             amount_cents=line.amount_cents,
                             counterparty=_cut(line.counterparty, 200),
                             reference=_cut(line.reference, 200),
                             description=_cut(line.description, 400),
                             fingerprint=fingerprint, imported_by_id=actor.user_id or None,
                             ignored=False))
        added += 1
    try:
        session.flush()
    except IntegrityError:  # someone imported the same statement at the same moment
        raise BankError(QT_TRANSLATE_NOOP(
            "Errors", "Someone imported these bank lines at the same moment: import the "
                      "statement again (lines already there are skipped).")) from None
    result = ImportResult(added, len(lines) - added)
    audit.record(session, actor, "import", entity="bank_line",
                 message=QT_TRANSLATE_NOOP(
                     "Audit", "Imported bank statement {file}: {added} new lines, {skipped} "
                              "already there"),
                 params={"file": source, "added": added, "skipped": result.skipped},
                 after={"file": source, "added": added, "skipped": result.skipped})
    return result


def _cut(text: str | None, size: int) -> str | None:
    text = (text or "").strip()
    return text[:size] or None


def lines(session: Session, actor: Actor, *, open_only: bool = True,
          limit: int | None = None) -> list[BankLine]:
    """Stored lines, newest first (``open_only``: incoming, not booked, not set aside)."""
    require(actor, "accounting.export")
    stmt = select(BankLine).order_by(BankLine.booked_on.desc(), BankLine.id.desc())
    if open_only:
        stmt = stmt.where(BankLine.payment_id.is_(None), BankLine.ignored.is_(False),
                          BankLine.amount_cents > 0)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt).scalars())


# ---------------------------------------------------------------------------
# Proposals
# ---------------------------------------------------------------------------

@dataclass
class Proposal:
    line_id: int
    booked_on: date
    amount_cents: int
    counterparty: str
    reference: str
    customer_id: int
    customer_code: str
    customer: str
    invoice_ids: list[int] = field(default_factory=list)
    invoice_numbers: list[str] = field(default_factory=list)
    open_cents: int = 0  # what the proposed invoices wait for
    score: int = 0
    reasons: list[str] = field(default_factory=list)  # number, amount, name, customer

    @property
    def confident(self) -> bool:
        return self.score >= CONFIDENT


@dataclass(frozen=True)
class _Open:
    id: int
    number: str
    customer_id: int
    code: str
    name: str
    open_cents: int
    due_date: date


_PUNCT = re.compile(r"[\s\-_.,，。()（）·:：/\\]+")
_NUMBER_TOKEN = re.compile(r"[A-Za-z]{1,6}-?\d+")


def normalize_name(text: str | None) -> str:
    return _PUNCT.sub("", (text or "").lower())


def _open_invoices(session: Session, actor: Actor) -> list[_Open]:
    stmt = (select(Invoice.id, Invoice.number, Invoice.customer_id, Customer.code,
                   Customer.name, Invoice.total_cents - Invoice.paid_cents, Invoice.due_date)
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(child_scope(for_lists(session, actor), Invoice.customer_id,
                               Invoice.owner_id),
                   Invoice.deleted_at.is_(None), Customer.deleted_at.is_(None),
                   Invoice.status.in_(OPEN_STATES))
            .order_by(Invoice.due_date, Invoice.id))
    return [_Open(i, n, c, code, name, int(o), d)
            for i, n, c, code, name, o, d in session.execute(stmt) if o > 0]


def _propose(line: BankLine, invoices: list[_Open], by_number: dict[str, _Open],
             by_name: dict[str, list[_Open]]) -> Proposal | None:
    text = f"{line.reference or ''} {line.description or ''}"
    named = normalize_name(line.counterparty)
    hits: list[_Open] = []
    for token in _NUMBER_TOKEN.findall(text):
        hit = by_number.get(token.replace("-", "").upper())
        if hit is not None and hit not in hits:
            hits.append(hit)
    hits = [h for h in hits if h.customer_id == hits[0].customer_id] if hits else []
    reasons: list[str] = []
    score = 0
    if hits:
        score, reasons = 60, ["number"]
        if line.amount_cents == sum(h.open_cents for h in hits):
            score, reasons = score + 30, [*reasons, "amount"]
    else:
        customers = by_name.get(named, []) if named else []
        exact = [i for i in customers if i.open_cents == line.amount_cents]
        if exact:
            hits, score, reasons = exact[:1], 60, ["name", "amount"]
        elif customers:
            first = customers[0]
            return Proposal(line.id, line.booked_on, line.amount_cents, line.counterparty or "",
                            line.reference or "", first.customer_id, first.code, first.name,
                            [i.id for i in customers], [i.number for i in customers],
                            sum(i.open_cents for i in customers), 40, ["name", "customer"])
        else:
            same = [i for i in invoices if i.open_cents == line.amount_cents]
            if len(same) != 1:
                return None
            hits, score, reasons = same, 30, ["amount"]
    first = hits[0]
    if "name" not in reasons and named and normalize_name(first.name) == named:
        score, reasons = score + 20, [*reasons, "name"]
    return Proposal(line.id, line.booked_on, line.amount_cents, line.counterparty or "",
                    line.reference or "", first.customer_id, first.code, first.name,
                    [h.id for h in hits], [h.number for h in hits],
                    sum(h.open_cents for h in hits), score, reasons)


def proposals(session: Session, actor: Actor,
              line_ids: Iterable[int] | None = None) -> list[Proposal]:
    """A proposal for each open incoming line that matches something (best first)."""
    wanted = lines(session, actor)
    if line_ids is not None:
        chosen = set(line_ids)
        wanted = [x for x in wanted if x.id in chosen]
    invoices = _open_invoices(session, actor)
    by_number = {i.number.upper(): i for i in invoices}
    by_name: dict[str, list[_Open]] = {}
    for invoice in invoices:
        by_name.setdefault(normalize_name(invoice.name), []).append(invoice)
    found = [p for p in (_propose(x, invoices, by_number, by_name) for x in wanted) if p]
    return sorted(found, key=lambda p: (-p.score, p.booked_on, p.line_id))


# ---------------------------------------------------------------------------
# Booking and setting aside
# ---------------------------------------------------------------------------

def get_line(session: Session, actor: Actor, line_id: int) -> BankLine:
    require(actor, "accounting.export")
    line = get_row(session, BankLine, line_id)
    if line is None:
        raise BankError(QT_TRANSLATE_NOOP(
            "Errors", "There is no bank line {id}: list them with crmdesk bank lines FILE."),
            id=line_id)
    return line


def accept(session: Session, actor: Actor, line_id: int, customer_id: int,
           invoice_ids: Sequence[int] | None = None, *, method: str = "transfer") -> Payment:
    """Book the line as a payment of *customer_id*, allocated to *invoice_ids* (in order;
    None: the customer's open invoices oldest first); the rest stays as credit."""
    from crmdesk.core.services.payments import payments

    accounts.ensure_active(session, actor)
    line = get_line(session, actor, line_id)
    if line.payment_id is not None:
        booked = session.get(Payment, line.payment_id)
        raise BankError(QT_TRANSLATE_NOOP(
            "Errors", "Bank line {id} is booked already (payment {number})."),
            id=line.id, number=booked.number if booked else line.payment_id)
    if line.amount_cents <= 0:
        raise BankError(QT_TRANSLATE_NOOP(
            "Errors", "Bank line {id} is money paid out, not received: only incoming lines "
                      "become customer payments."), id=line.id)
    reference = (line.reference or line.description or "").strip()[:100] or None
    payment = payments.create(session, actor, {
        "customer_id": customer_id, "amount_cents": f"{line.amount_cents / 100:.2f}",
        "received_on": line.booked_on, "method": method, "reference": reference,
        "notes": " / ".join(x for x in (line.counterparty, line.description) if x) or None},
        invoice_ids=list(invoice_ids) if invoice_ids else None)
    result = session.execute(update(BankLine).where(BankLine.id == line.id,
                                                    BankLine.payment_id.is_(None))
                             .values(payment_id=payment.id)
                             .execution_options(synchronize_session=False))
    if cast(CursorResult[Any], result).rowcount != 1:
        raise BankError(QT_TRANSLATE_NOOP(
            "Errors", "Bank line {id} was booked by someone else just now."), id=line.id)
    session.refresh(line)
    return payment


def accept_proposal(session: Session, actor: Actor, proposal: Proposal) -> Payment:
    return accept(session, actor, proposal.line_id, proposal.customer_id,
                  proposal.invoice_ids if "customer" not in proposal.reasons else None)


def set_ignored(session: Session, actor: Actor, line_id: int, ignored: bool = True) -> None:
    """Set a line aside (not a customer's payment) or bring it back to matching."""
    accounts.ensure_active(session, actor)
    line = get_line(session, actor, line_id)
    if line.payment_id is not None:
        raise BankError(QT_TRANSLATE_NOOP(
            "Errors", "Bank line {id} is booked already (payment {number})."),
            id=line.id, number=line.payment_id)
    line.ignored = ignored
    session.flush()
    audit.record(session, actor, "update", entity="bank_line", entity_id=line.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Set bank line {id} aside")
                 if ignored else QT_TRANSLATE_NOOP("Audit", "Brought bank line {id} back to "
                                                            "matching"),
                 params={"id": line.id}, after={"ignored": ignored})
