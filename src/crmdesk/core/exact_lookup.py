"""Exact lookup of an ID number typed into the search box, through the blind index.

The ID numbers of designed record types (kind ``id_number``, e.g. a policy's insured)
are stored encrypted and never enter the search index.  When the whole query is a
valid ID number, :func:`exact_hits` asks each live designed type with such a field for
its visible records holding exactly that number (``RecordTypeService.
find_by_sensitive``: one keyed hash, compared on the ``c_<key>_bidx`` index); the value
itself is never searched for or stored.  :func:`crmdesk.core.search.search` puts these
hits first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from crmdesk.core.permissions import Actor
from crmdesk.core.validation import FieldProblem, clean_id_number

if TYPE_CHECKING:
    from crmdesk.core.search import Hit


def exact_hits(session: Session, actor: Actor, raw: str,
               kinds: Sequence[str] | None = None) -> list[Hit]:
    from crmdesk.core.record_types import runtime
    from crmdesk.core.search import Hit

    text = raw.strip()
    if not 15 <= len(text) <= 18:
        return []
    try:
        clean_id_number(text)
    except (FieldProblem, ValueError):
        return []
    hits: list[Hit] = []
    for typedef in runtime.active_types():
        if kinds is not None and typedef.key not in kinds:
            continue
        service = runtime.service(typedef.key)
        for field in typedef.live_fields:
            if field.kind != "id_number":
                continue
            for obj in service.find_by_sensitive(session, actor, field.key, text):
                hits.append(Hit(typedef.key, obj.id, getattr(obj, "customer_id", None),
                                getattr(obj, "code", None),
                                service.title_of(obj) or service.describe(obj),
                                service.type_name(), 0))
    return hits
