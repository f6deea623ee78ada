"""What a database file holds: its schema version and the rows of every table.

``crmdesk info`` shows it; it needs no login (it reads no record, only counts),
which is why the functions take no actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core.models import Base
from crmdesk.storage import migrations


@dataclass(frozen=True)
class TableCount:
    """One table of the schema and how many rows it has."""

    name: str
    rows: int


@dataclass(frozen=True)
class DatabaseInfo:
    #: the schema's migration revision (None: a file without one)
    schema: str | None
    #: every table of the schema, by name
    tables: tuple[TableCount, ...]


def table_counts(session: Session) -> tuple[TableCount, ...]:
    """The rows of every table of the schema, by table name."""
    return tuple(
        TableCount(name, int(session.execute(select(func.count()).select_from(table))
                             .scalar_one()))
        for name, table in sorted(Base.metadata.tables.items()))


def database_info(session: Session) -> DatabaseInfo:
    """The schema revision and the row counts of the database *session* reads."""
    return DatabaseInfo(migrations.current_revision(session.connection()),
                        table_counts(session))
