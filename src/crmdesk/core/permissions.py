"""Roles, what each may do, and the SQL that scopes every query to what a user may see.

* **staff** see and edit the customers they own, and those customers' contacts,
  interactions, opportunities, orders, tickets and tasks (plus tasks and tickets
  assigned to them);
* **managers** see their team's customers (owned by any member of their team);
* **admins** see everything and administer users and settings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from crmdesk.core.models import Customer, User
from crmdesk.core.paging import PAGE
from crmdesk.errors import PermissionDenied
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage.backends import backend_of, pg_among
from crmdesk.storage.crypto import Keyring

ADMIN, MANAGER, STAFF = "admin", "manager", "staff"

#: permission -> roles that hold it
PERMISSIONS: dict[str, frozenset[str]] = {
    "users.manage": frozenset({ADMIN}),
    "settings.manage": frozenset({ADMIN}),
    "audit.view": frozenset({ADMIN}),
    "recycle.manage": frozenset({ADMIN}),
    "records.hard_delete": frozenset({ADMIN}),
    "backup.restore": frozenset({ADMIN}),
    "backup.run": frozenset({ADMIN, MANAGER}),
    "export.bulk": frozenset({ADMIN, MANAGER}),
    "export.sensitive": frozenset({ADMIN}),
    "customers.reassign": frozenset({ADMIN, MANAGER}),
    "customers.merge": frozenset({ADMIN, MANAGER}),
    "products.manage": frozenset({ADMIN, MANAGER}),
    "campaigns.manage": frozenset({ADMIN, MANAGER}),
    "team.reports": frozenset({ADMIN, MANAGER}),
    "knowledge.manage": frozenset({ADMIN, MANAGER}),
    "plans.review": frozenset({ADMIN, MANAGER}),
    # issue 16: stock and money (documents of a customer follow the customer's scope)
    "stock.manage": frozenset({ADMIN, MANAGER}),
    "stock.ship": frozenset({ADMIN, MANAGER, STAFF}),
    "purchasing.manage": frozenset({ADMIN, MANAGER}),
    "invoices.issue": frozenset({ADMIN, MANAGER, STAFF}),
    "invoices.void": frozenset({ADMIN, MANAGER}),
    "payments.record": frozenset({ADMIN, MANAGER, STAFF}),
    "accounting.export": frozenset({ADMIN, MANAGER}),
}

ACTION_NAMES: dict[str, str] = {
    "users.manage": QT_TRANSLATE_NOOP("Permissions", "administer users"),
    "settings.manage": QT_TRANSLATE_NOOP("Permissions", "change settings"),
    "audit.view": QT_TRANSLATE_NOOP("Permissions", "view the audit log"),
    "recycle.manage": QT_TRANSLATE_NOOP("Permissions", "restore or purge the recycle bin"),
    "records.hard_delete": QT_TRANSLATE_NOOP("Permissions", "delete records permanently"),
    "backup.restore": QT_TRANSLATE_NOOP("Permissions", "restore a backup"),
    "backup.run": QT_TRANSLATE_NOOP("Permissions", "make backups"),
    "export.bulk": QT_TRANSLATE_NOOP("Permissions", "export many records"),
    "export.sensitive": QT_TRANSLATE_NOOP("Permissions", "export ID numbers and bank accounts"),
    "customers.reassign": QT_TRANSLATE_NOOP("Permissions", "give customers to another owner"),
    "customers.merge": QT_TRANSLATE_NOOP("Permissions", "merge customers"),
    "products.manage": QT_TRANSLATE_NOOP("Permissions", "edit products"),
    "campaigns.manage": QT_TRANSLATE_NOOP("Permissions", "manage campaigns"),
    "team.reports": QT_TRANSLATE_NOOP("Permissions", "see team reports"),
    "knowledge.manage": QT_TRANSLATE_NOOP("Permissions", "write knowledge base articles"),
    "plans.review": QT_TRANSLATE_NOOP("Permissions", "review work plans"),
    "stock.manage": QT_TRANSLATE_NOOP("Permissions",
                                      "manage warehouses and move stock"),
    "stock.ship": QT_TRANSLATE_NOOP("Permissions", "ship orders"),
    "purchasing.manage": QT_TRANSLATE_NOOP("Permissions",
                                           "manage suppliers and purchase orders"),
    "invoices.issue": QT_TRANSLATE_NOOP("Permissions", "issue invoices"),
    "invoices.void": QT_TRANSLATE_NOOP("Permissions", "void invoices"),
    "payments.record": QT_TRANSLATE_NOOP("Permissions", "record payments"),
    "accounting.export": QT_TRANSLATE_NOOP("Permissions",
                                           "export to accounting and import bank statements"),
}

ROLE_NAMES: dict[str, str] = {
    ADMIN: QT_TRANSLATE_NOOP("Choice", "Administrator"),
    MANAGER: QT_TRANSLATE_NOOP("Choice", "Manager"),
    STAFF: QT_TRANSLATE_NOOP("Choice", "Staff"),
}


@dataclass(frozen=True)
class Actor:
    """The logged-in user on whose behalf a service call runs."""

    user_id: int
    username: str
    display_name: str
    role: str
    team_id: int | None
    keyring: Keyring | None = field(default=None, compare=False, repr=False)
    #: how list queries reach this actor's records (see :func:`for_lists`); a plan
    #: choice only: both forms of :func:`child_scope` select the same rows
    sees_many: bool | None = field(default=None, compare=False, repr=False)
    #: on a server, the ids of the few customers the actor sees, read by :func:`for_lists`
    #: for the one query it plans (never kept beyond it): passed to that query as one
    #: array planned for its value, so PostgreSQL knows how many there are and checks
    #: each row with a hash
    customer_ids: tuple[int, ...] | None = field(default=None, compare=False, repr=False)
    #: False when another condition of a list query leads (a quick filter's few
    #: matches, listed by id): the owner and customer columns of the scope are then
    #: compared through an expression, so SQLite starts from that condition.  Without
    #: statistics it takes ``owner_id = ?`` for a few rows and read a 5 % staff
    #: member's 500,000 customers at 10M to keep 5,800 matches (35-100 ms; 0.6 ms
    #: from the matches)
    scope_leads: bool = field(default=True, compare=False, repr=False)
    #: how many live customers the actor sees, where :func:`for_lists` counted them
    #: all (fewer than its threshold; ``None``: many, or not counted): a plan choice
    #: of the quick filter (``search.quick_threshold``)
    customers_seen: int | None = field(default=None, compare=False, repr=False)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER

    def can(self, permission: str) -> bool:
        return can(self, permission)


def can(actor: Actor, permission: str) -> bool:
    return actor.role in PERMISSIONS[permission]


def require(actor: Actor, permission: str) -> None:
    """Raise PermissionDenied (naming the action and who may do it) unless allowed."""
    if can(actor, permission):
        return
    roles = sorted(PERMISSIONS[permission], key=[ADMIN, MANAGER, STAFF].index)
    raise PermissionDenied(
        QT_TRANSLATE_NOOP("Errors", "You may not {action}: only {roles} may. "
                                    "Ask an administrator if you need this."),
        action=render("Permissions", ACTION_NAMES[permission]),
        roles=" / ".join(render("Choice", ROLE_NAMES[r]) for r in roles))


def owner_scope(actor: Actor, owner_column: Any) -> ColumnElement[bool]:
    """Condition on an owner/user column: rows owned by someone the actor may see."""
    if actor.is_admin:
        return true()
    if not actor.scope_leads:
        owner_column = owner_column + 0
    if actor.is_manager and actor.team_id is not None:
        team = select(User.id).where(User.team_id == actor.team_id).scalar_subquery()
        return or_(owner_column == actor.user_id, owner_column.in_(team))
    return owner_column == actor.user_id  # type: ignore[no-any-return]


def visible_owner_ids(session: Session, actor: Actor) -> list[int] | None:
    """The owners whose customers the actor may see (``None``: everyone's), as a list:
    the rule of :func:`owner_scope` for indexes that hold the owner (the search index)."""
    if actor.is_admin:
        return None
    if actor.is_manager and actor.team_id is not None:
        team = session.execute(select(User.id).where(User.team_id == actor.team_id)).scalars()
        return sorted({actor.user_id, *team})
    return [actor.user_id]


def customer_scope(actor: Actor) -> ColumnElement[bool]:
    """Condition on ``Customer``: the customers the actor may see."""
    return owner_scope(actor, Customer.owner_id)


#: customers from which a list is faster read newest rows first, each row's customer
#: looked up, than from the actor's customers' records: about where reading PAGE / s
#: rows (s: the share of all N customers the actor sees) costs as much as reading and
#: sorting all of the actor's n = s x N customers' records, i.e. n = sqrt(PAGE x N),
#: doubled for the quick filter, which keeps fewer rows: n = sqrt(MANY_SLOPE x N).
#: 14,000 on a million customers (1.4 %), 45,000 on ten million (0.45 %: a 1 % staff
#: member's interactions listed from their 100,000 customers read and sorted 186,000
#: rows, 650 ms; newest first, 20,000 rows with pages of 200)
MANY_SLOPE = 2 * PAGE
MANY_AT_LEAST = 2000  # customers: below this, the actor's own records are always few


def for_lists(session: Session, actor: Actor) -> Actor:
    """*actor* with the plan its list queries should take: whether it sees many
    customers, counted on the owner index (at most a threshold of entries read)."""
    if actor.sees_many is not None:
        return actor
    if actor.is_admin:
        return replace(actor, sees_many=True)
    total = session.execute(select(func.max(Customer.id))).scalar() or 0
    threshold = max(MANY_AT_LEAST, int(math.sqrt(MANY_SLOPE * total)))
    owners = visible_owner_ids(session, actor) or []
    theirs = select(Customer.id).where(Customer.deleted_at.is_(None),
                                       Customer.owner_id.in_(owners)).limit(threshold)
    if session.get_bind().dialect.name != "postgresql":
        seen = session.execute(select(func.count()).select_from(theirs.subquery())).scalar_one()
        return replace(actor, sees_many=seen >= threshold,
                       customers_seen=seen if seen < threshold else None)
    # PostgreSQL plans ``customer_id IN (subquery) OR user_id = …`` as if the subquery
    # held ten ids: it read a 1 % staff member's interactions newest first through all
    # 1.9 million rows (1.1 s).  The ids themselves, as one array planned for its
    # value, let it count them (as 10,000 constants: ~15 ms of Python per query).
    backend_of(session).plan_for_values(session)
    ids = tuple(session.execute(select(func.array(theirs.scalar_subquery()))).scalar_one())
    if len(ids) >= threshold:
        return replace(actor, sees_many=True, customer_ids=None)
    return replace(actor, sees_many=False, customer_ids=ids, customers_seen=len(ids))


def live_customer_ids(actor: Actor) -> Any:
    """Subquery: ids of the live (not deleted) customers the actor may see."""
    return select(Customer.id).where(Customer.deleted_at.is_(None),
                                     customer_scope(actor)).scalar_subquery()


#: the customer of a row, in the per-row form of :func:`child_scope`: an alias, since
#: the enclosing query may join Customer itself (the agenda does) and the subquery must
#: not correlate to that; one alias for all, since building one costs ~1 ms
_ROW_CUSTOMER = aliased(Customer, name="row_customer")


def child_scope(actor: Actor, customer_column: Any,
                *personal_columns: Any) -> ColumnElement[bool]:
    """Condition on a record that belongs to a customer (and maybe to a person).

    Visible when its customer is live and visible, or when one of
    *personal_columns* (owner, assignee ...) is the actor (or, for a manager,
    a member of the team).

    Two forms select the same rows.  For an actor who sees few customers
    (``sees_many`` false, see :func:`for_lists`), the records of the actor's
    customers are listed through the indexes (a 0.1 % staff member reads 0.1 %
    of the records).  For one who sees many (administrators, most managers), each
    row's customer is looked up, so a newest-first page reads a few hundred rows
    instead of materialising the ids of every visible customer.
    """
    many = actor.sees_many if actor.sees_many is not None else actor.role != STAFF
    if many:
        owner = _ROW_CUSTOMER
        live = select(owner.id).where(owner.id == customer_column, owner.deleted_at.is_(None))
        if actor.is_admin:
            return customer_column.is_(None) | exists(live)  # type: ignore[no-any-return]
        conditions: list[ColumnElement[bool]] = [
            exists(live.where(owner_scope(actor, owner.owner_id)))]
    else:
        led = customer_column if actor.scope_leads else customer_column + 0
        conditions = [led.in_(live_customer_ids(replace(actor, scope_leads=True)))
                      if actor.customer_ids is None else
                      pg_among(customer_column, actor.customer_ids, "visible_customers")]
    conditions.extend(owner_scope(actor, col) for col in personal_columns)
    return or_(*conditions)
