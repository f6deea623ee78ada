"""The append-only, hash-chained audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(30), index=True)
    entity: Mapped[str | None] = mapped_column(String(30), index=True)
    entity_id: Mapped[int | None] = mapped_column(index=True)
    # the English text (for search and tools that read the table); an entry written
    # since schema 0003 also has the message it was made from and its parameters
    summary: Mapped[str] = mapped_column(String(500))
    message: Mapped[str | None] = mapped_column(String(300))  # English source text: the key
    params: Mapped[str | None] = mapped_column(Text)  # JSON object
    before: Mapped[str | None] = mapped_column(Text)   # JSON
    after: Mapped[str | None] = mapped_column(Text)    # JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # since schema 0005: entries of format 2 are hashed with their signer's public key
    # and signed (Ed25519) by the acting user's key; NULL format: unsigned history
    format: Mapped[int | None] = mapped_column(Integer)
    signer_key_id: Mapped[int | None] = mapped_column(Integer)  # user_keys.id
    signature: Mapped[bytes | None] = mapped_column(LargeBinary(64))
