"""Diary and memo: a user's own dated notes (schema 0012).

A note belongs to its author and to nobody else: every read here is scoped to
``author_id == actor``, whatever the actor's role, so neither another staff member
nor a manager lists, opens or finds it.  The one exception is the customer's
timeline: a note linked to a customer is shown there to its author and to
administrators (:func:`for_customer`), never to managers.

Search (:func:`list_notes` with *text*) uses the customers' search rules (the same
:func:`crmdesk.core.search.plan`: full-width folded, lower case, phone-like digits,
one or two Chinese characters, pinyin full and initials of the title) over the
author's own notes only.  The notes are *not* put in the shared search index
(``search_docs``): its documents are scoped by customer owner, so a note linked to a
customer would reach the owner's team and an administrator's global search.

Notes are stored in clear, like attachments (architecture section 9): encrypting
them under the author's ``owner:<id>`` key would also give them to the managers of
the author's team (who hold that key), and a change of team replaces that key while
:func:`crmdesk.core.keys.rotate_pending` knows only customers' and custom values, so
the author would lose their notes.  Writes are audited without their text (only the
note's number and date), so the audit log does not spread what the author wrote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core import search
from crmdesk.core.lookup import fits_id, fits_text, row_limit, shown_text
from crmdesk.core.models import Customer, DiaryNote, User, utcnow
from crmdesk.core.permissions import Actor
from crmdesk.core.services import accounts, audit
from crmdesk.errors import ConflictError, FieldError, NotFound, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

KINDS = ("diary", "memo")
KIND_NAMES = {"diary": QT_TRANSLATE_NOOP("Diary", "Diary"),
              "memo": QT_TRANSLATE_NOOP("Diary", "Memo")}
TITLE_LENGTH = 200
#: characters of the text a title is made of when none is given
TITLE_FROM_TEXT = 60
LIMIT = 5000

FIELD_LABELS = {
    "note_date": QT_TRANSLATE_NOOP("Diary", "Date"),
    "kind": QT_TRANSLATE_NOOP("Diary", "Kind"),
    "title": QT_TRANSLATE_NOOP("Diary", "Title"),
    "body": QT_TRANSLATE_NOOP("Diary", "Text"),
    "customer_id": QT_TRANSLATE_NOOP("Diary", "Customer"),
}


class NoteNotFound(NotFound):
    """A note that is not the actor's own (or a customer not theirs to link)."""

    context = "Diary"


class NoteConflict(ConflictError):
    context = "Diary"


@dataclass(frozen=True)
class NoteSummary:
    id: int
    note_date: date
    kind: str
    title: str
    body: str
    customer_id: int | None
    #: ``name · code`` of the linked customer ("" when none or not visible)
    customer: str
    author_id: int
    author: str
    version: int

    @property
    def kind_text(self) -> str:
        return kind_text(self.kind)


def kind_text(kind: str) -> str:
    return render("Diary", KIND_NAMES.get(kind, kind))


def _label(key: str) -> str:
    return render("Diary", FIELD_LABELS[key])


def _problem(key: str, text: str, **params: object) -> FieldError:
    label = _label(key)
    return FieldError(key, label, render("Diary", text, label=label, **params))


def _not_found(note_id: int) -> NoteNotFound:
    return NoteNotFound(QT_TRANSLATE_NOOP(
        "Diary", "Note {id} does not exist, was deleted, or is not yours: a diary is "
                 "private to its author."), id=note_id)


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

def _clean(session: Session, actor: Actor, values: Mapping[str, Any],
           note: DiaryNote | None) -> dict[str, Any]:
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    if "note_date" in values or note is None:
        day = values.get("note_date") or (note.note_date if note else date.today())
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day.strip())
            except ValueError:
                errors.append(_problem("note_date", QT_TRANSLATE_NOOP(
                    "Diary", "{label} is not a date: write YYYY-MM-DD, e.g. 2026-12-05.")))
        cleaned["note_date"] = day
    if "kind" in values or note is None:
        kind = values.get("kind") or "diary"
        if kind not in KINDS:
            errors.append(_problem("kind", QT_TRANSLATE_NOOP(
                "Diary", "{label} must be diary or memo.")))
        cleaned["kind"] = kind
    body = values["body"] if "body" in values else (note.body if note else None)
    body = (body or "").strip() or None
    title = values["title"] if "title" in values else (note.title if note else "")
    title = " ".join((title or "").split())
    if not title and body:
        title = " ".join(body.split())[:TITLE_FROM_TEXT]
    if not title:
        errors.append(_problem("title", QT_TRANSLATE_NOOP(
            "Diary", "{label}: write a title or some text for the note.")))
    elif len(title) > TITLE_LENGTH:
        errors.append(_problem("title", QT_TRANSLATE_NOOP(
            "Diary", "{label}: at most {n} characters."), n=TITLE_LENGTH))
    cleaned["title"], cleaned["body"] = title, body
    if "customer_id" in values:
        customer_id = values["customer_id"]
        if customer_id is not None:
            from crmdesk.core.services.customers import customers

            if not customers.is_visible(session, actor, int(customer_id)):
                errors.append(_problem("customer_id", QT_TRANSLATE_NOOP(
                    "Diary", "{label}: customer {id} does not exist or is not yours to see; "
                             "choose one of your customers, or none."), id=customer_id))
            customer_id = int(customer_id)
        cleaned["customer_id"] = customer_id
    if errors:
        raise ValidationError(errors)
    return cleaned


# ---------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------

def create(session: Session, actor: Actor, values: Mapping[str, Any]) -> DiaryNote:
    """A new note of the actor's: ``note_date`` (default today), ``kind`` (diary or
    memo), ``title`` (default: the start of the text), ``body``, ``customer_id``."""
    accounts.ensure_active(session, actor)
    cleaned = _clean(session, actor, values, None)
    note = DiaryNote(author_id=actor.user_id, created_by_id=actor.user_id or None,
                     updated_by_id=actor.user_id or None, **cleaned)
    session.add(note)
    session.flush()
    _audit(session, actor, "create", note, QT_TRANSLATE_NOOP(
        "Audit", "Wrote diary note {id} of {date}"))
    return note


def update(session: Session, actor: Actor, note_id: int, values: Mapping[str, Any], *,
           expected_version: int | None = None) -> DiaryNote:
    accounts.ensure_active(session, actor)
    note = get(session, actor, note_id)
    if expected_version is not None and note.version != expected_version:
        raise NoteConflict(QT_TRANSLATE_NOOP(
            "Diary", "Note {id} was changed elsewhere since you opened it: open it again."),
            id=note_id)
    cleaned = _clean(session, actor, values, note)
    for key, value in cleaned.items():
        setattr(note, key, value)
    note.updated_by_id = actor.user_id or None
    session.flush()
    _audit(session, actor, "update", note, QT_TRANSLATE_NOOP(
        "Audit", "Changed diary note {id} of {date}"))
    return note


def delete(session: Session, actor: Actor, note_id: int) -> None:
    """Delete one's note (kept in the table, marked deleted, as other records)."""
    accounts.ensure_active(session, actor)
    note = get(session, actor, note_id)
    note.deleted_at = utcnow()
    note.deleted_by_id = actor.user_id or None
    session.flush()
    _audit(session, actor, "delete", note, QT_TRANSLATE_NOOP(
        "Audit", "Deleted diary note {id} of {date}"))


def _audit(session: Session, actor: Actor, action: str, note: DiaryNote, message: str) -> None:
    # never the title or text: the log is the administrators' to read
    audit.record(session, actor, action, entity="diary_note", entity_id=note.id,
                 message=message, params={"id": note.id, "date": note.note_date.isoformat()})


# ---------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------

def get(session: Session, actor: Actor, note_id: int) -> DiaryNote:
    """One of the actor's own live notes (NotFound for anyone else's, admins' too)."""
    note = session.execute(select(DiaryNote).where(
        DiaryNote.id == note_id, DiaryNote.author_id == actor.user_id,
        DiaryNote.deleted_at.is_(None))).scalar_one_or_none() if fits_id(note_id) else None
    if note is None:
        raise _not_found(note_id)
    return note


def summary(session: Session, actor: Actor, note_id: int) -> NoteSummary:
    return _summaries(session, actor, [get(session, actor, note_id)])[0]


def matches(raw: str, note: DiaryNote | NoteSummary) -> bool:
    """Does the note match the search text, by the customers' search rules?"""
    plan = search.plan(raw)
    if plan is None:
        return True
    haystack = " ".join((search.normalize(f"{note.title} {note.body or ''}"),
                         search.pinyin_keys(note.title)))
    return plan.query in haystack


def list_notes(session: Session, actor: Actor, *, first: date | None = None,
               last: date | None = None, text: str | None = None,
               kind: str | None = None, limit: int = LIMIT) -> list[NoteSummary]:
    """The actor's own live notes, newest date first; *first*..*last* (days, both
    included), *text* (searched as customers are), *kind* narrow them."""
    stmt = select(DiaryNote).where(DiaryNote.author_id == actor.user_id,
                                   DiaryNote.deleted_at.is_(None))
    if first is not None:
        stmt = stmt.where(DiaryNote.note_date >= first)
    if last is not None:
        stmt = stmt.where(DiaryNote.note_date <= last)
    if kind:
        stmt = stmt.where(DiaryNote.kind == kind)
    stmt = stmt.order_by(DiaryNote.note_date.desc(), DiaryNote.id.desc())
    if text and text.strip():
        notes = [n for n in session.execute(stmt).scalars() if matches(text, n)][:limit]
    else:
        notes = list(session.execute(stmt.limit(row_limit(limit))).scalars())
    return _summaries(session, actor, notes)


def for_customer(session: Session, actor: Actor, customer_id: int) -> list[NoteSummary]:
    """The notes linked to a customer the actor may see, for its timeline: the actor's
    own; an administrator's view holds every author's (managers see only their own)."""
    from crmdesk.core.services.customers import customers

    customers.get(session, actor, customer_id)  # NotFound unless visible
    stmt = select(DiaryNote).where(DiaryNote.customer_id == customer_id,
                                   DiaryNote.deleted_at.is_(None))
    if not actor.is_admin:
        stmt = stmt.where(DiaryNote.author_id == actor.user_id)
    notes = session.execute(stmt.order_by(DiaryNote.note_date.desc(), DiaryNote.id.desc())
                            .limit(LIMIT)).scalars().all()
    return _summaries(session, actor, notes)


def _summaries(session: Session, actor: Actor, notes: Sequence[DiaryNote]) -> list[NoteSummary]:
    from crmdesk.core.services.customers import customers

    authors = {n.author_id for n in notes}
    names = dict(session.execute(select(User.id, User.display_name).where(
        User.id.in_(authors))).all()) if authors else {}
    labels: dict[int, str] = {}
    for cid in {n.customer_id for n in notes if n.customer_id is not None}:
        labels[cid] = customers.label(session, actor, cid) or ""
    return [NoteSummary(n.id, n.note_date, n.kind, n.title, n.body or "", n.customer_id,
                        labels.get(n.customer_id, "") if n.customer_id else "", n.author_id,
                        str(names.get(n.author_id) or ""), n.version) for n in notes]


def customer_choices(session: Session, actor: Actor, text: str,
                     limit: int = 30) -> list[tuple[int, str]]:
    """Customers the actor may link a note to, matching *text* (name, code, pinyin ...)."""
    hits = search.search(session, actor, text, limit=limit, kinds=("customer",))
    return [(h.ref_id, f"{h.title} · {h.code}" if h.code else h.title) for h in hits]


def customer_by_code(session: Session, actor: Actor, code: str) -> int:
    """The id of a visible customer by its code (NotFound naming the code otherwise)."""
    from crmdesk.core.services.customers import customers

    row = session.execute(customers.select_visible(actor).where(
        Customer.code == code.strip()).with_only_columns(Customer.id)).first() \
        if fits_text(code) else None
    if row is None:
        raise NoteNotFound(QT_TRANSLATE_NOOP(
            "Diary", "Customer {code} does not exist or is not yours to see: check the "
                     "code (crmdesk search FILE WORDS finds it)."), code=shown_text(code))
    return int(row[0])
