"""Knowledge base articles and which article was used for which ticket (schema 0015)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, RecordMixin, UTCDateTime, utcnow

#: an article's states: a draft is seen by writers only, a published article by everyone
ARTICLE_STATES = ("draft", "published")


class Article(RecordMixin, Base):
    """A knowledge base article.  ``body`` is Markdown (rendered sanitised, raw HTML
    dropped); ``tags`` are comma-separated; ``deleted_at`` set: retired (recycle bin)."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str | None] = mapped_column(String(60))
    tags: Mapped[str | None] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(10), default="draft", server_default="draft")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TicketArticle(Base):
    """An article used to answer a ticket: by whom and when (one row per pair)."""

    __tablename__ = "ticket_articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"),
                                           index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("ticket_id", "article_id",
                                       name="uq_ticket_articles_pair"),)
