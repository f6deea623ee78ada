"""References to catalogue records: suppliers and warehouses (issue 16).

A catalogue record has a ``code`` and a ``name``, is visible to everyone (changing
it needs a permission) and may be marked inactive.  A field of kind ``supplier`` or
``warehouse`` (``core/fields.py``, ``CATALOGUE_KINDS``) refers to one by id; the
generic machinery (reference checks, datasheet names, filters, the command line's
``FIELD=VALUE``, imports, form pickers) asks this module, so every screen and
command reads and resolves these references the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from crmdesk.core.fields import CATALOGUE_KINDS
from crmdesk.core.lookup import fits_id, fits_text
from crmdesk.core.models import Supplier, Warehouse
from crmdesk.core.validation import FieldProblem
from crmdesk.i18n import QT_TRANSLATE_NOOP

_MODELS: dict[str, Any] = {"supplier": Supplier, "warehouse": Warehouse}


def is_catalogue(kind: str) -> bool:
    return kind in CATALOGUE_KINDS


def model_of(kind: str) -> Any:
    return _MODELS[kind]


def names(session: Session, kind: str, ids: Iterable[int | None]) -> dict[int, str]:
    """``{id: name}`` of the records of *kind* with these ids (any state)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    model = model_of(kind)
    return {int(i): str(n) for i, n in session.execute(
        select(model.id, model.name).where(model.id.in_(wanted)))}


def name_expression(kind: str, column: Any) -> Any:
    """A scalar subquery giving the name of the record *column* refers to (sorting)."""
    model = model_of(kind)
    return select(model.name).where(model.id == column).scalar_subquery()


def problem(session: Session, kind: str, value: Any, *, changing: bool = True
            ) -> FieldProblem | None:
    """What is wrong with referring to record *value* of *kind*: it must exist, not be
    in the recycle bin, and (for a new choice) be active."""
    model = model_of(kind)
    obj = session.get(model, value)
    if obj is None or obj.deleted_at is not None:
        return FieldProblem(_MISSING[kind])
    if changing and not obj.active:
        return FieldProblem(_INACTIVE[kind])
    return None


_MISSING = {
    "supplier": QT_TRANSLATE_NOOP("Validation", "{label}: choose an existing supplier."),
    "warehouse": QT_TRANSLATE_NOOP("Validation", "{label}: choose an existing warehouse."),
}
_INACTIVE = {
    "supplier": QT_TRANSLATE_NOOP(
        "Validation", "{label}: this supplier is inactive; choose an active one, or make it "
                      "active again on its form."),
    "warehouse": QT_TRANSLATE_NOOP(
        "Validation", "{label}: this warehouse is inactive; choose an active one, or make it "
                      "active again on its form."),
}

#: what to write when a reference given as text matches nothing (import, command line,
#: filters); ``{name}`` is the text
NOT_FOUND = {
    "supplier": QT_TRANSLATE_NOOP(
        "Exchange", "There is no supplier {name}: write the supplier's code (e.g. SUP0001) or "
                    "exact name."),
    "warehouse": QT_TRANSLATE_NOOP(
        "Exchange", "There is no warehouse {name}: write the warehouse's code (e.g. WH0001) "
                    "or exact name."),
}
AMBIGUOUS = QT_TRANSLATE_NOOP(
    "Exchange", "Several records are called {name}: write the code instead.")


def lookup(session: Session, kind: str, text: str) -> list[int]:
    """Ids of the live records of *kind* written as *text*: the code (any case), else
    the exact name, else the record number."""
    model = model_of(kind)
    live = model.deleted_at.is_(None)
    text = text.strip()
    if not fits_text(text):
        return []
    found = list(session.execute(select(model.id).where(
        func.upper(model.code) == text.upper(), live)).scalars())
    if not found:
        found = list(session.execute(select(model.id).where(
            model.name == text, live).limit(3)).scalars())
    if not found and text.isdigit() and len(text) <= 18 and fits_id(int(text)):
        found = list(session.execute(select(model.id).where(
            model.id == int(text), live)).scalars())
    return found


def choices(session: Session, kind: str, *, keep: int | None = None) -> list[tuple[int, str]]:
    """``(id, "name (code)")`` of the active live records of *kind* for a picker, by
    code; *keep*: a record already chosen, offered even when inactive."""
    model = model_of(kind)
    cond = model.deleted_at.is_(None) & model.active.is_(True)
    if keep is not None:
        cond = or_(cond, model.id == keep)
    return [(int(i), f"{n} ({c})") for i, c, n in session.execute(
        select(model.id, model.code, model.name).where(cond).order_by(model.code))]
