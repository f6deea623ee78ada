"""Finding groups of likely duplicate customers in the whole database.

Never compares every customer with every other.  Candidates come from blocks:

* exact keys, grouped in SQL (indexed columns): the same phone number (mobile or
  landline), e-mail address (case ignored) or ID number (blind index);
* name keys (``Customer.match_key``, see :mod:`crmdesk.core.matching`): within a
  block, companies with the same core name match, and individuals at the same
  company match by name with rapidfuzz (or by the same pinyin).

Matches are joined into groups (a customer with the same phone as a second and
the same e-mail as a third makes one group of three).  Only customers the user
may see take part.  Merging a group is :func:`crmdesk.core.services.merging.merge`.
Customers the user marked "not duplicates" (:func:`dismiss`) are never linked
again; :func:`undismiss` takes that back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from crmdesk.core.fields import fields_of
from crmdesk.core.matching import Candidate, NameBlock
from crmdesk.core.models import Customer, Setting
from crmdesk.core.permissions import Actor, customer_scope, require
from crmdesk.core.services import audit, custom_fields
from crmdesk.core.services.customers import customers
from crmdesk.core.services.merging import merge_fields
from crmdesk.errors import KnownError
from crmdesk.exchange.importer import REASONS
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Job, job_or_new

# strongest first
REASON_ORDER = ("id_number", "phone", "email", "company", "name")


@dataclass
class Link:
    a: int
    b: int
    reason: str  # a key of REASONS
    score: int


@dataclass
class DuplicateGroup:
    ids: list[int]  # oldest first: the usual survivor
    links: list[Link] = field(default_factory=list)

    @property
    def score(self) -> int:
        return max((link.score for link in self.links), default=0)

    @property
    def reasons(self) -> list[str]:
        found = {link.reason for link in self.links}
        return [r for r in REASON_ORDER if r in found]

    def describe(self) -> str:
        return ", ".join(render("Exchange", REASONS[r]) for r in self.reasons)


class _Groups:
    """Union-find over customer ids."""

    def __init__(self, apart: set[tuple[int, int]] | None = None) -> None:
        self.parent: dict[int, int] = {}
        self.links: list[Link] = []
        self.apart = apart or set()  # pairs marked "not duplicates"
        self.apart_ids = {i for pair in self.apart for i in pair}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def link(self, a: int, b: int, reason: str, score: int) -> bool:
        """Join a and b (False: the same customer, or marked "not duplicates")."""
        if a == b or (min(a, b), max(a, b)) in self.apart:
            return False
        self.links.append(Link(min(a, b), max(a, b), reason, score))
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.parent.setdefault(min(ra, rb), min(ra, rb))
        return True

    def groups(self) -> list[DuplicateGroup]:
        members: dict[int, set[int]] = {}
        for link in self.links:
            root = self.find(link.a)
            members.setdefault(root, set()).update((link.a, link.b))
        by_root: dict[int, DuplicateGroup] = {
            root: DuplicateGroup(sorted(ids)) for root, ids in members.items()}
        seen: set[tuple[int, int, str]] = set()
        for link in self.links:
            key = (link.a, link.b, link.reason)
            if key not in seen:
                seen.add(key)
                by_root[self.find(link.a)].links.append(link)
        return list(by_root.values())


def _exact(session: Session, groups: _Groups, reason: str, keyed: Any) -> None:
    """Link customers sharing a key (*keyed*: a subquery with columns id, k)."""
    repeated = (select(keyed.c.k).group_by(keyed.c.k)
                .having(func.count(func.distinct(keyed.c.id)) > 1))
    stmt = (select(keyed.c.k, keyed.c.id).where(keyed.c.k.in_(repeated))
            .order_by(keyed.c.k, keyed.c.id))
    earlier: dict[Any, list[int]] = {}
    marked: set[Any] = set()  # keys shared by a customer marked "not duplicates"
    for key, customer_id in session.execute(stmt):
        members = earlier.setdefault(key, [])
        if customer_id in groups.apart_ids:
            marked.add(key)
        if key not in marked:
            if members:
                groups.link(members[0], customer_id, reason, 100)  # one link joins the group
        else:  # every earlier customer it may still be joined to
            for other in members:
                if groups.find(other) != groups.find(customer_id):
                    groups.link(other, customer_id, reason, 100)
        members.append(customer_id)


def find_duplicates(session: Session, actor: Actor, *, job: Job | None = None,
                    limit: int | None = None) -> list[DuplicateGroup]:
    """Groups of likely duplicates among the customers *actor* may see, strongest and
    largest first; *job* shows the progress and may cancel the search."""
    job = job_or_new(job)
    stage = render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Looking for duplicates"))
    live = (Customer.deleted_at.is_(None), customer_scope(actor))
    groups = _Groups(dismissed_pairs(session))
    steps = 5
    job.report(stage, 0, steps)

    tel = union_all(
        select(Customer.id.label("id"), Customer.mobile.label("k")).where(
            Customer.mobile.is_not(None), *live),
        select(Customer.id.label("id"), Customer.phone.label("k")).where(
            Customer.phone.is_not(None), *live)).subquery()
    _exact(session, groups, "phone", tel)
    job.check()
    job.report(stage, 1, steps)
    mail = select(Customer.id.label("id"), func.lower(Customer.email).label("k")).where(
        Customer.email.is_not(None), *live).subquery()
    _exact(session, groups, "email", mail)
    job.check()
    job.report(stage, 2, steps)
    idn = select(Customer.id.label("id"), Customer.id_number_bidx.label("k")).where(
        Customer.id_number_bidx.is_not(None), *live).subquery()
    _exact(session, groups, "id_number", idn)
    job.check()
    job.report(stage, 3, steps)

    keyed = select(Customer.match_key.label("k"), Customer.id.label("id")).where(
        Customer.match_key.is_not(None), *live).subquery()
    repeated = (select(keyed.c.k).group_by(keyed.c.k).having(func.count() > 1))
    stmt = (select(Customer.match_key, Customer.id, Customer.kind, Customer.name,
                   Customer.company)
            .where(Customer.match_key.in_(repeated), *live)
            .order_by(Customer.match_key, Customer.id))
    block: NameBlock[int] = NameBlock()
    current: str | None = None
    for n, (key, customer_id, kind, name, company) in enumerate(
            session.execute(stmt.execution_options(yield_per=5000))):
        if key != current:
            block, current = NameBlock(), key
        me = Candidate(kind, name, company)
        hit = block.find(me)
        if hit is not None:
            groups.link(hit[0], customer_id, "company" if kind == "company" else "name",
                        hit[1])
        block.add(me, customer_id)
        if n % 5000 == 0:
            job.check()
    job.report(stage, 4, steps)

    found = groups.groups()
    found.sort(key=lambda g: (REASON_ORDER.index(g.reasons[0]) if g.reasons else 9,
                              -g.score, -len(g.ids), g.ids[0]))
    job.report(stage, steps, steps)
    return found[:limit] if limit is not None else found


DISMISSED_KEY = "duplicates.dismissed"


def dismissed_pairs(session: Session) -> set[tuple[int, int]]:
    """Pairs of customer ids marked "not duplicates" (smaller id first)."""
    row = session.get(Setting, DISMISSED_KEY)
    if row is None:
        return set()
    try:
        return {(int(a), int(b)) for a, b in json.loads(row.value)}
    except (ValueError, TypeError):
        return set()


def _store_pairs(session: Session, pairs: set[tuple[int, int]]) -> None:
    text = json.dumps(sorted([a, b] for a, b in pairs))
    row = session.get(Setting, DISMISSED_KEY)
    if row is None:
        session.add(Setting(key=DISMISSED_KEY, value=text))
    else:
        row.value = text
    session.flush()


def _group_pairs(session: Session, actor: Actor, ids: Sequence[int]) -> list[Customer]:
    require(actor, "customers.merge")
    unique = sorted(set(ids))
    if len(unique) < 2:
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "Choose at least two different customers."))
    return [customers.get(session, actor, i) for i in unique]  # NotFound when not visible


def dismiss(session: Session, actor: Actor, ids: Sequence[int]) -> int:
    """Mark the customers *ids* as not duplicates of each other (managers and admins;
    audited): :func:`find_duplicates` no longer links any two of them.  Returns the
    number of pairs newly marked."""
    people = _group_pairs(session, actor, ids)
    pairs = dismissed_pairs(session)
    new = {(a.id, b.id) for a, b in combinations(people, 2)} - pairs
    if new:
        _store_pairs(session, pairs | new)
        audit.record(session, actor, "not_duplicates", entity="customer", entity_id=people[0].id,
                     message=QT_TRANSLATE_NOOP("Audit", "Not duplicates: {names}"),
                     params={"names": [customers.describe(c) for c in people]},
                     after={"ids": [c.id for c in people]})
    return len(new)


def undismiss(session: Session, actor: Actor, ids: Sequence[int]) -> int:
    """Take back :func:`dismiss` for the customers *ids* (audited); returns pairs freed."""
    people = _group_pairs(session, actor, ids)
    pairs = dismissed_pairs(session)
    gone = {(a.id, b.id) for a, b in combinations(people, 2)} & pairs
    if gone:
        _store_pairs(session, pairs - gone)
        audit.record(session, actor, "maybe_duplicates", entity="customer",
                     entity_id=people[0].id,
                     message=QT_TRANSLATE_NOOP("Audit", "Possible duplicates again: {names}"),
                     params={"names": [customers.describe(c) for c in people]},
                     before={"ids": [c.id for c in people]})
    return len(gone)


@dataclass
class ComparedField:
    key: str
    label: str
    values: list[Any]  # per customer, in the group's order (sensitive ones masked)

    @property
    def differs(self) -> bool:
        present = [v for v in self.values if v not in (None, "")]
        return len(set(map(str, present))) > 1


def compare(session: Session, actor: Actor, ids: Sequence[int]) -> list[ComparedField]:
    """The fields a merge chooses from, side by side, for the customers *ids*."""
    records = customers.records(session, actor, list(ids))
    rows = {r["id"]: r for r in customers.rows(session, actor, [r.id for r in records])}
    specs = {s.key: s for s in fields_of("customer")}
    result = []
    for key in merge_fields():
        spec = specs[key]
        if spec.sensitive:
            values = [customers.masked(actor, r, key) or None for r in records]
        elif spec.kind == "user":
            values = [rows[r.id].get(key + ":name") for r in records]
        else:
            values = [rows[r.id].get(key) for r in records]
        result.append(ComparedField(key, spec.translated, values))
    defs = custom_fields.definitions(session, "customer")
    if defs:
        custom = [custom_fields.values(session, actor, "customer", r.id) for r in records]
        for definition in defs:
            result.append(ComparedField("cf." + definition.key, definition.label,
                                        [c.get(definition.key) for c in custom]))
    return result
