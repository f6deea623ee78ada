"""The most used knowledge base articles (``crmdesk analytics FILE articles``): per
article, how many of the tickets the reader may see it answered in the period
(``owner_id``: the tickets assigned to that person)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import Criteria
from crmdesk.core.analytics.tables import Analysis, cell
from crmdesk.core.permissions import Actor
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _rows(session: Session, actor: Actor, criteria: Criteria) -> list[Any]:
    from crmdesk.core.services import knowledge

    return knowledge.most_used(session, actor, criteria.start, criteria.end, limit=50,
                               assignee_id=criteria.owner_id)


TABLES: tuple[Analysis, ...] = (
    Analysis("articles", QT_TRANSLATE_NOOP("Analytics", "Most used knowledge base articles"),
             _rows, (
                 cell("code", QT_TRANSLATE_NOOP("Analytics", "Article")),
                 cell("title", QT_TRANSLATE_NOOP("Analytics", "Title")),
                 cell("category", QT_TRANSLATE_NOOP("Analytics", "Category")),
                 cell("uses", QT_TRANSLATE_NOOP("Analytics", "Tickets"), "int"))),
)
