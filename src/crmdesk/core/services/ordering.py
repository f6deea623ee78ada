"""Lists an administrator orders by hand (pipeline stages, ticket statuses): the rules
both keep, in one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.orm import Session

from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

POSITION_LABEL = QT_TRANSLATE_NOOP("Field", "Position")


class Positioned(Protocol):
    position: int


def clean_position(position: object, count: int) -> int:
    """A place in a list of *count* entries: a whole number from 1 to *count*, or a
    ValidationError naming the Position field and the range."""
    try:
        value = int(str(position).strip())
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= count:
        label = render("Field", POSITION_LABEL)
        raise ValidationError([FieldError("position", label, render(
            "Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} must be a whole number from 1 to {n}."),
            label=label, n=count))])
    return value


def renumber(session: Session, ordered: Sequence[Positioned]) -> None:
    """Positions 1, 2, 3 ... in the order given (only the entries that moved change)."""
    for n, entry in enumerate(ordered, start=1):
        if entry.position != n:
            entry.position = n
    session.flush()
