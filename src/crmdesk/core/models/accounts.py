"""Users, teams and roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, UTCDateTime, utcnow


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'manager', 'staff')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(32))
    # Password: one scrypt derivation gives a verifier and the key that wraps the data key.
    kdf_params: Mapped[str] = mapped_column(String(100))
    kdf_salt: Mapped[bytes] = mapped_column(LargeBinary(32))
    password_verifier: Mapped[bytes] = mapped_column(LargeBinary(32))
    # before schema 0005 the one data key, wrapped by the password; emptied (b"") when
    # the keys are split (see core/keys.py), and empty for users made since
    wrapped_data_key: Mapped[bytes] = mapped_column(LargeBinary(128), default=b"")
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    frozen_reason: Mapped[str | None] = mapped_column(String(300))
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AccessEvent(Base):
    """Customer records a user opened or exported: the anti-scraping guard's memory."""

    __tablename__ = "access_events"

    __table_args__ = (Index("ix_access_events_user_customer", "user_id", "customer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # open | export | reveal
    count: Mapped[int] = mapped_column(Integer, default=1)
    # since schema 0005: one row per distinct customer taken away (count 1), so the
    # guard counts distinct customers; older rows have no customer and count *count*
    customer_id: Mapped[int | None] = mapped_column(Integer)
