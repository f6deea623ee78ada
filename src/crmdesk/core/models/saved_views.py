"""Saved views of a datasheet (since schema 0009).

A view is a datasheet's filters, sort, quick filter text and columns (which are shown,
in what order, how wide) saved under a name by one user for one record type.  A
manager or administrator may share a view with their team (``shared_team_id``); the
team's members then see it, read-only.  The query is JSON (see
:mod:`crmdesk.core.services.saved_views` for its shape), so a view reaches every
member through the database, where the datasheet's own column state stays per user
on the computer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, UTCDateTime, utcnow


class SavedView(Base):
    __tablename__ = "saved_views"
    __table_args__ = (Index("ix_saved_views_owner", "owner_id", "entity"),
                      Index("ix_saved_views_team", "shared_team_id", "entity"))

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: the team that sees the view too (None: private to its owner)
    shared_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    #: filters, sort, quick text and columns, as JSON
    query: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
