"""What a typed id, name or code must be before it is looked up in the database.

PostgreSQL refuses a query that compares an INTEGER column with a whole number beyond
its 32 bits ("integer out of range") and any text holding a NUL character, where SQLite
simply finds nothing.  A value that cannot be stored cannot name a stored row either, so
every lookup of something a user typed (an id on the command line, a user name, a
code) asks these first and answers "not found" as for any unknown value.
"""

from __future__ import annotations

from typing import Any, TypeVar

from crmdesk.core.session import Session
from crmdesk.core.validation import MAX_INT, MIN_INT

M = TypeVar("M")


def fits_id(value: object) -> bool:
    """Whether *value* is a whole number an id (any INTEGER column) can hold on every
    backend; False for anything else (a bool, a float, text)."""
    return isinstance(value, int) and not isinstance(value, bool) \
        and MIN_INT <= value <= MAX_INT


def fits_text(value: object) -> bool:
    """Whether *value* is text a name or code column can hold (no NUL character)."""
    return isinstance(value, str) and "\x00" not in value


def row_limit(count: int) -> int:
    """*count* as a LIMIT or OFFSET every backend takes: 0 to the INTEGER maximum
    (PostgreSQL refuses a negative one or one beyond 64 bits)."""
    return max(0, min(count, MAX_INT))


def get_row(session: Session, model: type[M], row_id: Any) -> M | None:
    """``session.get(model, row_id)``, or None for an id no row can have."""
    return session.get(model, row_id) if fits_id(row_id) else None


def shown_text(value: str, limit: int = 64) -> str:
    """*value* as a message or the audit log may show it: cut to *limit* characters,
    a NUL replaced by U+FFFD (PostgreSQL would refuse to store it)."""
    return value[:limit].replace("\x00", "\ufffd")
