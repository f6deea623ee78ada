"""Alembic environment: crmdesk runs migrations itself, inside the caller's transaction."""

from __future__ import annotations

from alembic import context

from crmdesk.core.models import Base

config = context.config
target_metadata = Base.metadata

# FTS5 virtual tables and their shadow tables are managed by hand in migrations.
_UNMANAGED_PREFIXES = ("search_tri", "search_short")


def include_name(name, type_, parent_names):  # noqa: ANN001 - alembic hook signature
    if type_ == "table" and name and name.startswith(_UNMANAGED_PREFIXES):
        return False
    return True


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("crmdesk migrations run through crmdesk.storage.migrations")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
