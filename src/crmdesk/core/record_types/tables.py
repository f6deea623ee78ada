"""The table of each designed record type: built at runtime from its definition, on a
``MetaData`` of its own (never ``Base.metadata``), mapped to a class of its own, and
created or altered by controlled DDL in the caller's transaction.

Every table has the columns of a built-in record (id, code, created/updated by and
when, deleted by and when, version), ``customer_id`` (a foreign key that removes the
records with a purged customer) or ``owner_id``, and one column per field (two for a
sensitive field: the ciphertext and the blind index, ``<column>_bidx``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    inspect,
    text,
)
from sqlalchemy.orm import Session, registry
from sqlalchemy.schema import CreateIndex, CreateTable

from crmdesk.core.models import Customer, User
from crmdesk.core.models.base import NAMING_CONVENTION, UTCDateTime, utcnow
from crmdesk.core.record_types import kinds
from crmdesk.core.record_types.definitions import FieldDef, TypeDef


def table_name(type_key: str) -> str:
    return f"rt_{type_key}"


def index_name(table: str, column: str) -> str:
    return f"ix_{table}_{column}"


def field_columns(field: FieldDef) -> list[Column[Any]]:
    """The columns of one field; the mapped attribute is the field's key (sensitive
    fields: ``KEY_enc`` and ``KEY_bidx``, as the customers' ID numbers)."""
    if field.sensitive:
        return [Column(field.column, LargeBinary(), key=field.key + "_enc"),
                Column(field.column + "_bidx", LargeBinary(16), key=field.key + "_bidx")]
    return [Column(field.column, kinds.column_type(field.kind), key=field.key)]


def indexed_column(field: FieldDef) -> str | None:
    """The column of *field* an index is kept on (None: none)."""
    if field.sensitive:
        return field.column + "_bidx"  # exact lookup and uniqueness, through the blind index
    return field.column if field.has_index else None


def build_table(metadata: MetaData, typedef: TypeDef) -> Table:
    name = typedef.table or table_name(typedef.key)
    columns: list[Any] = [Column("id", Integer, primary_key=True),
                          Column("code", String(40), nullable=True)]
    if typedef.belongs_to == "customer":
        columns.append(Column("customer_id", Integer,
                              ForeignKey(Customer.__table__.c.id, ondelete="CASCADE"), nullable=False))
    else:
        columns.append(Column("owner_id", Integer, ForeignKey(User.__table__.c.id), nullable=True))
    if typedef.statuses or typedef.has_status_column:
        columns.append(Column("status", String(40), nullable=True))
    columns += [
        Column("created_at", UTCDateTime(), nullable=False, default=utcnow),
        Column("updated_at", UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow),
        Column("created_by_id", Integer, nullable=True),
        Column("updated_by_id", Integer, nullable=True),
        Column("deleted_at", UTCDateTime(), nullable=True),
        Column("deleted_by_id", Integer, nullable=True),
        Column("version", Integer, nullable=False, default=1),
    ]
    for field in typedef.fields:
        columns += field_columns(field)
    table = Table(name, metadata, *columns)
    Index(f"ix_{name}_code", table.c.code, unique=True)
    holder = "customer_id" if typedef.belongs_to == "customer" else "owner_id"
    Index(f"ix_{name}_{holder}", table.c[holder])
    if "status" in table.c:
        Index(f"ix_{name}_status", table.c.status)
    for field in typedef.fields:
        column = indexed_column(field)
        if column is not None:
            Index(index_name(name, column), *(c for c in table.columns if c.name == column))
    return table


# ---------------------------------------------------------------------------
# Mapped classes, one per table shape (the same class serves every file with it)
# ---------------------------------------------------------------------------

_CLASSES: dict[tuple[Any, ...], type[Any]] = {}


def _shape(typedef: TypeDef) -> tuple[Any, ...]:
    return (typedef.table or table_name(typedef.key), typedef.belongs_to,
            bool(typedef.statuses or typedef.has_status_column),
            tuple((f.key, f.column, f.kind) for f in typedef.fields))


def model_for(typedef: TypeDef) -> type[Any]:
    """The ORM class over *typedef*'s table (attributes: the fixed columns and each
    field's key)."""
    shape = _shape(typedef)
    found = _CLASSES.get(shape)
    if found is not None:
        return found
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    table = build_table(metadata, typedef)
    cls: type[Any] = type(f"Record_{typedef.key}", (), {
        "__doc__": f"A record of the designed type {typedef.key}.",
        "__tablename__": table.name, "__table__": table})
    registry(metadata=metadata).map_imperatively(cls, table,
                                                 version_id_col=table.c.version)
    _CLASSES[shape] = cls
    return cls


# ---------------------------------------------------------------------------
# Controlled DDL (in the caller's transaction: SQLite and PostgreSQL roll it back)
# ---------------------------------------------------------------------------

def _quote(session: Session, name: str) -> str:
    return str(session.get_bind().dialect.identifier_preparer.quote(name))


def create(session: Session, typedef: TypeDef) -> None:
    table = build_table(MetaData(naming_convention=NAMING_CONVENTION), typedef)
    connection = session.connection()
    connection.execute(CreateTable(table))
    for index in table.indexes:
        connection.execute(CreateIndex(index))


def exists(session: Session, name: str) -> bool:
    return bool(inspect(session.connection()).has_table(name))


def add_field(session: Session, typedef: TypeDef, field: FieldDef) -> None:
    """Add *field*'s columns (and its index) to the type's table."""
    connection = session.connection()
    dialect = connection.dialect
    table = _quote(session, typedef.table)
    for column in field_columns(field):
        kind = column.type.compile(dialect=dialect)
        connection.execute(text(
            f"ALTER TABLE {table} ADD COLUMN {_quote(session, column.name)} {kind}"))
    add_index(session, typedef, field)


def add_status(session: Session, typedef: TypeDef, first: str) -> None:
    """Give the type's table its status column (statuses were added to the type); the
    records it has start in status *first*."""
    table = _quote(session, typedef.table)
    connection = session.connection()
    connection.execute(text(f"ALTER TABLE {table} ADD COLUMN status VARCHAR(40)"))
    connection.execute(text(f"UPDATE {table} SET status = :first"), {"first": first})
    connection.execute(text(
        f"CREATE INDEX IF NOT EXISTS {_quote(session, f'ix_{typedef.table}_status')} "
        f"ON {table} (status)"))


def add_index(session: Session, typedef: TypeDef, field: FieldDef) -> None:
    column = indexed_column(field)
    if column is None:
        return
    session.connection().execute(text(
        f"CREATE INDEX IF NOT EXISTS {_quote(session, index_name(typedef.table, column))} "
        f"ON {_quote(session, typedef.table)} ({_quote(session, column)})"))


def drop_index(session: Session, typedef: TypeDef, column: str) -> None:
    session.connection().execute(text(
        f"DROP INDEX IF EXISTS {_quote(session, index_name(typedef.table, column))}"))


def drop_column(session: Session, typedef: TypeDef, column: str) -> None:
    """Remove a column no field uses any more (its index first: SQLite refuses to
    drop an indexed column)."""
    drop_index(session, typedef, column)
    session.connection().execute(text(
        f"ALTER TABLE {_quote(session, typedef.table)} DROP COLUMN {_quote(session, column)}"))


def free_column(typedef: TypeDef, key: str) -> str:
    """A column name no field of *typedef* has used: ``c_KEY``, then ``c_KEY_2`` ..."""
    used = {f.column for f in typedef.fields} | {f.column + "_bidx" for f in typedef.fields}
    name, n = f"c_{key}", 1
    while name in used or name + "_bidx" in used:
        n += 1
        name = f"c_{key}_{n}"
    return name
