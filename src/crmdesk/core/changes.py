"""What a committed transaction changed, told to every other window on the same server.

On PostgreSQL each transaction that wrote records sends, as it commits,
``NOTIFY crmdesk_changes`` with the record types it wrote (``customer``,
``ticket`` ...) and the id of the process that wrote them (so a window ignores
its own, which it already announced).  The window listens on a connection of its
own (:mod:`crmdesk.ui.change_listener`) and refreshes its open screens exactly as
after its own writes: a datasheet re-reads its rows, a form without unsaved edits
shows the new version, a form with unsaved edits says that someone else saved.
PostgreSQL delivers a notification only if the transaction commits, in commit
order, to every session listening at that moment.

The tables come from every flush and every ``INSERT``/``UPDATE``/``DELETE``
statement run through the session (bulk imports too).
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import ORMExecuteState, Session

CHANNEL = "crmdesk_changes"
#: this process, in every notification it sends
SENDER = f"{os.getpid()}-{secrets.token_hex(4)}"
_KEY = "crmdesk.changes.tables"

#: tables that belong to a record type of no record service, by the name screens use
EXTRA_ENTITIES = {
    "users": "user", "teams": "user", "diary_notes": "diary", "work_plans": "work_plan",
    "plan_items": "work_plan", "reminder_states": "reminder", "settings": "settings",
    "campaign_members": "campaign", "order_lines": "order", "ticket_events": "ticket",
}


def entities_of(tables: Iterable[str]) -> list[str]:
    """The record types (as ``Workspace.changed`` names them) behind these tables."""
    from crmdesk.core.services.registry import SERVICES

    by_table = {service.model.__tablename__: entity for entity, service in SERVICES.items()}
    found = {by_table.get(t) or EXTRA_ENTITIES.get(t) for t in tables}
    return sorted(e for e in found if e)


def payload(entities: Iterable[str]) -> str:
    return json.dumps({"from": SENDER, "entities": sorted(entities)}, separators=(",", ":"))


def parse(raw: str) -> tuple[str, list[str]] | None:
    """``(sender, entities)`` of a notification; None for one crmdesk did not send."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        return None
    return str(data.get("from", "")), [str(e) for e in data["entities"]]


def _tables(session: Session) -> set[str]:
    found: set[str] = session.info.setdefault(_KEY, set())
    return found


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    tables = _tables(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        name = getattr(type(obj), "__tablename__", None)
        if name:
            tables.add(name)


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        name = getattr(getattr(state.statement, "table", None), "name", None)
        if name:
            _tables(state.session).add(str(name))


@event.listens_for(Session, "before_commit")
def _announce(session: Session) -> None:
    tables = session.info.get(_KEY)
    if not tables:
        return
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    entities = entities_of(tables)
    if entities:  # delivered when (and only if) the transaction commits
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": payload(entities)})


#: write transactions this process committed (a file's watcher tells them from others')
local_commits = 0


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    global local_commits
    if session.info.pop(_KEY, None):
        local_commits += 1


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_KEY, None)
