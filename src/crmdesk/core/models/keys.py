"""Keys that follow visibility (schema 0005).

* ``user_keys``: a user's X25519 key pair (to receive scope keys) and Ed25519 key pair
  (to sign audit entries).  The private halves are sealed under the key derived from
  the user's password; the public halves stay, even after the pair is retired (an
  administrator's password reset makes a new pair), to verify old audit entries.
* ``scope_keys``: one random key per scope: ``owner:<user id>`` for each user's
  customers (and what follows their visibility), ``unowned`` for customers with no
  owner, ``shared`` for records every user sees, ``index`` for the blind indexes.
  A key is replaced by a new generation when someone who held it must no longer.
* ``key_grants``: a scope key sealed to one user key (X25519 + HKDF + AES-GCM).
  Who holds a grant is who may decrypt: see ``core/keys.py`` and docs/architecture.md.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, UTCDateTime, utcnow


class UserKey(Base):
    __tablename__ = "user_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    box_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    sign_public: Mapped[bytes] = mapped_column(LargeBinary(32))
    #: AES-GCM under the password's key: X25519 private (32) + Ed25519 private (32)
    wrapped_private: Mapped[bytes] = mapped_column(LargeBinary(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ScopeKey(Base):
    __tablename__ = "scope_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40), index=True)
    generation: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: replaced by a newer generation: values still under it are being re-encrypted
    retiring: Mapped[bool] = mapped_column(Boolean, default=False)


class KeyGrant(Base):
    __tablename__ = "key_grants"
    __table_args__ = (UniqueConstraint("scope_key_id", "user_key_id", name="uq_key_grant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope_key_id: Mapped[int] = mapped_column(ForeignKey("scope_keys.id"), index=True)
    user_key_id: Mapped[int] = mapped_column(ForeignKey("user_keys.id"), index=True)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary(128))
