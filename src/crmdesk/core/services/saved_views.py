"""Saved views: a datasheet's filters, sort, quick filter and columns under a name.

Each user saves views of their own (private).  A manager or an administrator may
share one of theirs with their team: every member then finds it in the navigation
pane, read-only (only its owner renames, changes, unshares or deletes it).

The stored query is JSON::

    {"filters": [{"field": "city", "op": "eq", "value": "上海市", "text": "上海"}],
     "sort": [["created_at", true]], "text": "quick filter words",
     "columns": [{"key": "name", "width": 160}, ...]}

Filter values are the typed values of :class:`crmdesk.core.filters.Filter` (dates and
times tagged, ``{"date": "2026-01-01"}``); ``text`` is what the user typed, shown
again in the filter dialog.  A view is checked when saved and again whenever it is
opened (the one filter parser, :func:`crmdesk.core.filters.typed_filters`), so a view
that names a field since retired is refused with that field's name, never silently
emptied.  ``columns`` lists the visible columns in the order shown; grouping is not
saved (the datasheet has none).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crmdesk.core import filters
from crmdesk.core.filters import Filter, ListQuery
from crmdesk.core.models import SavedView, User, utcnow
from crmdesk.core.permissions import ADMIN, MANAGER, Actor
from crmdesk.errors import FieldError, NotFound, PermissionDenied, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

NAME_LENGTH = 100
#: the record types that have datasheets (and so views)
ENTITIES = ("customer", "contact", "interaction", "opportunity", "product", "order", "ticket",
            "task", "campaign")


@dataclass
class ViewQuery:
    """What a view restores: filters (typed), what the user typed for them, sort, the
    quick filter text and the visible columns in order with their widths."""

    filters: list[Filter] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    sort: list[tuple[str, bool]] = field(default_factory=list)
    text: str = ""
    columns: list[tuple[str, int | None]] = field(default_factory=list)

    def list_query(self) -> ListQuery:
        return ListQuery(filters=list(self.filters), text=self.text or None,
                         sort=list(self.sort))


@dataclass(frozen=True)
class ViewSummary:
    id: int
    entity: str
    name: str
    owner_id: int
    owner_name: str
    shared: bool
    #: the actor's own view (may rename, change, share, delete it)
    mine: bool


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------

def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "datetime" in value:
            return datetime.fromisoformat(str(value["datetime"]))
        if "date" in value:
            return date.fromisoformat(str(value["date"]))
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def to_json(query: ViewQuery) -> str:
    return json.dumps({
        "filters": [{"field": f.field, "op": f.op, "value": _encode(f.value),
                     **({"text": query.texts[f.field]} if f.field in query.texts else {})}
                    for f in query.filters],
        "sort": [[key, bool(desc)] for key, desc in query.sort],
        "text": query.text or "",
        "columns": [{"key": key, "width": width} for key, width in query.columns],
    }, ensure_ascii=False)


def from_json(text: str) -> ViewQuery:
    data = json.loads(text or "{}")
    query = ViewQuery(text=str(data.get("text") or ""))
    for item in data.get("filters") or []:
        query.filters.append(Filter(str(item["field"]), str(item["op"]),
                                    _decode(item.get("value"))))
        if "text" in item:
            query.texts[str(item["field"])] = str(item["text"])
    query.sort = [(str(key), bool(desc)) for key, desc in data.get("sort") or []]
    query.columns = [(str(c["key"]), int(c["width"]) if c.get("width") else None)
                     for c in data.get("columns") or []]
    return query


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

def _name_error(text: str, **params: object) -> ValidationError:
    label = render("Views", QT_TRANSLATE_NOOP("Views", "View name"))
    return ValidationError([FieldError("name", label, render("Views", text, label=label,
                                                                **params))])


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise _name_error(QT_TRANSLATE_NOOP("Views", "{label}: type a name for the view."))
    if len(name) > NAME_LENGTH:
        raise _name_error(QT_TRANSLATE_NOOP(
            "Views", "{label}: at most {n} characters."), n=NAME_LENGTH)
    return name


def _check_entity(entity: str) -> None:
    if entity not in ENTITIES:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no record type {entity}; "
                                                   "choose one of {entities}."),
                       entity=entity, entities=", ".join(ENTITIES))


def check_query(session: Session, actor: Actor, entity: str, query: ViewQuery) -> ViewQuery:
    """The query with its filters typed again and its sort checked (ValidationError
    naming the field otherwise): what a view is when saved, and when opened."""
    typed = filters.typed_filters(session, actor, entity, query.filters)
    for key, _desc in query.sort:
        filters.sort_field(entity, key)
    return ViewQuery(filters=typed, texts=dict(query.texts), sort=list(query.sort),
                     text=query.text, columns=list(query.columns))


def _may_share(actor: Actor) -> None:
    if actor.role not in (ADMIN, MANAGER) or actor.team_id is None:
        raise PermissionDenied(QT_TRANSLATE_NOOP(
            "Errors", "Only a manager or an administrator of a team may share a view with "
                      "the team; keep it private, or ask your manager to share one."))


def _visible(actor: Actor) -> Any:
    own = SavedView.owner_id == actor.user_id
    if actor.team_id is None:
        return own
    return or_(own, SavedView.shared_team_id == actor.team_id)


# ---------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------

def get(session: Session, actor: Actor, view_id: int) -> SavedView:
    """A view the actor may open (own, or shared with the actor's team)."""
    view = session.execute(select(SavedView).where(SavedView.id == view_id,
                                                   _visible(actor))).scalar_one_or_none()
    if view is None:
        raise NotFound(QT_TRANSLATE_NOOP(
            "Views", "View {id} does not exist or is not shared with you."), "Views",
            id=view_id)
    return view


def _own(session: Session, actor: Actor, view_id: int) -> SavedView:
    view = get(session, actor, view_id)
    if view.owner_id != actor.user_id:
        raise PermissionDenied(QT_TRANSLATE_NOOP(
            "Errors", "The view {name} is shared with you by its owner: only they may "
                      "change it. Save a copy under a name of your own."), name=view.name)
    return view


def save(session: Session, actor: Actor, entity: str, name: str, query: ViewQuery, *,
         shared: bool = False) -> SavedView:
    """Save *query* as the actor's view *name* of *entity* (replacing the actor's view of
    that name, if any); *shared*: visible to the actor's team (managers, admins)."""
    _check_entity(entity)
    name = _clean_name(name)
    if shared:
        _may_share(actor)
    checked = check_query(session, actor, entity, query)
    view = session.execute(select(SavedView).where(
        SavedView.owner_id == actor.user_id, SavedView.entity == entity,
        SavedView.name == name)).scalar_one_or_none()
    if view is None:
        view = SavedView(entity=entity, name=name, owner_id=actor.user_id)
        session.add(view)
    view.query = to_json(checked)
    view.shared_team_id = actor.team_id if shared else None
    view.updated_at = utcnow()
    session.flush()
    return view


def rename(session: Session, actor: Actor, view_id: int, name: str) -> SavedView:
    view = _own(session, actor, view_id)
    name = _clean_name(name)
    clash = session.execute(select(SavedView.id).where(
        SavedView.owner_id == actor.user_id, SavedView.entity == view.entity,
        SavedView.name == name, SavedView.id != view.id)).first()
    if clash is not None:
        raise _name_error(QT_TRANSLATE_NOOP(
            "Views", "{label}: you have a view named {name} already; choose another name."),
            name=name)
    view.name = name
    view.updated_at = utcnow()
    session.flush()
    return view


def share(session: Session, actor: Actor, view_id: int, shared: bool) -> SavedView:
    """Share one's view with one's team, or make it private again."""
    view = _own(session, actor, view_id)
    if shared:
        _may_share(actor)
    view.shared_team_id = actor.team_id if shared else None
    view.updated_at = utcnow()
    session.flush()
    return view


def delete(session: Session, actor: Actor, view_id: int) -> None:
    session.delete(_own(session, actor, view_id))
    session.flush()


def query_of(session: Session, actor: Actor, view_id: int) -> tuple[SavedView, ViewQuery]:
    """A view and its query, checked again (the fields it names may have changed)."""
    view = get(session, actor, view_id)
    return view, check_query(session, actor, view.entity, from_json(view.query))


def list_views(session: Session, actor: Actor, entity: str | None = None
               ) -> list[ViewSummary]:
    """The actor's own views and those shared with the actor's team, by type and name."""
    stmt = (select(SavedView, User.display_name).join(User, User.id == SavedView.owner_id)
            .where(_visible(actor)))
    if entity is not None:
        stmt = stmt.where(SavedView.entity == entity)
    rows = session.execute(stmt.order_by(SavedView.entity, SavedView.name, SavedView.id))
    return [ViewSummary(v.id, v.entity, v.name, v.owner_id, owner, v.shared_team_id is not None,
                        v.owner_id == actor.user_id) for v, owner in rows]


def view_query(filters_: Sequence[Filter], texts: Mapping[str, str],
               sort: Sequence[tuple[str, bool]], text: str | None,
               columns: Sequence[tuple[str, int | None]]) -> ViewQuery:
    """A :class:`ViewQuery` from a datasheet's state (texts only of its filters)."""
    keys = {f.field for f in filters_}
    return ViewQuery(filters=list(filters_), texts={k: v for k, v in texts.items() if k in keys},
                     sort=list(sort), text=(text or "").strip(), columns=list(columns))
