"""Declarative base, column types and mixins shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
)
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (what every timestamp stores)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and returned timezone-aware (UTC).

    Naive values given to it are taken to be UTC already.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # raw SQLite text (e.g. from a Core bulk path)
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    """Who created and last changed a record, and when (UTC)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class SoftDeleteMixin:
    """Deleted records stay in their table until an admin purges them (the recycle bin)."""

    # No index: almost every row is NULL here, and the recycle bin is rarely opened.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class VersionMixin:
    """Optimistic locking: a save based on an old version is refused."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy directive
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class RecordMixin(TimestampMixin, SoftDeleteMixin, VersionMixin):
    """The usual trio for a business record."""


def touch(obj: Any) -> None:
    """Mark a record as changed although none of its own columns did (its custom values,
    its order lines): the next flush writes ``updated_at`` and so bumps its version, and a
    form opened on the older version is refused instead of overwriting the change."""
    obj.updated_at = utcnow()


def _versioned_tables() -> dict[str, str]:
    """Table name -> version column name, for every model with ``version_id_col``."""
    found: dict[str, str] = {}
    for mapper in Base.registry.mappers:
        column = mapper.version_id_col
        if column is not None:
            found[str(getattr(mapper.local_table, "name", ""))] = str(column.name)
    return found


_VERSIONED: dict[str, str] = {}


def _key_name(key: Any) -> str:
    return str(getattr(key, "key", None) or getattr(key, "name", None) or key)


@event.listens_for(Session, "do_orm_execute")
def _bump_versions_of_bulk_updates(state: ORMExecuteState) -> None:
    """Every ``UPDATE`` statement run through a session on a versioned table (a bulk
    ``session.execute(update(Customer)...)``, which the ORM's own version counter does not
    see) also sets ``version = version + 1``: no service can forget it, and it costs
    nothing on a bulk path.  A statement that sets the version itself is left alone."""
    if not state.is_update or isinstance(state.parameters, list):
        return  # (an executemany "bulk UPDATE by primary key" passes its own values)
    statement: Any = state.statement
    table = getattr(statement, "table", None)
    if not _VERSIONED:
        _VERSIONED.update(_versioned_tables())
    column_name = _VERSIONED.get(str(getattr(table, "name", "")))
    if column_name is None or table is None:
        return
    if getattr(statement, "_ordered_values", None):
        return  # ordered_values cannot be extended (no service uses them)
    given = {_key_name(key) for key in (getattr(statement, "_values", None) or {})}
    if column_name not in given:
        state.statement = statement.values({column_name: table.c[column_name] + 1})


WRITTEN_KEY = "crmdesk.written_tables"


def written_tables(session: Session) -> set[str]:
    """Names of the tables this session wrote to (flushes and bulk statements), so the
    caller can tell every screen showing them - whatever service did the writing."""
    return set(session.info.get(WRITTEN_KEY, ()))


@event.listens_for(Session, "after_flush")
def _note_flushed_tables(session: Session, _context: Any) -> None:
    written = session.info.setdefault(WRITTEN_KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        name = getattr(type(obj), "__tablename__", None)
        if name:
            written.add(name)


@event.listens_for(Session, "do_orm_execute")
def _note_statement_tables(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete:
        name = getattr(getattr(state.statement, "table", None), "name", None)
        if name:
            state.session.info.setdefault(WRITTEN_KEY, set()).add(str(name))
