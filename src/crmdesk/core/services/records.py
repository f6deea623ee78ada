"""What every business record shares: scoped reads, validated and audited writes,
soft delete, restore and purge, and the id lists and rows behind the datasheets.

Each area (customers, contacts, ...) is a :class:`RecordService` subclass that
declares its model and rules and adds its own operations.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from typing import Any, ClassVar, Generic, TypeVar, cast

from sqlalchemy import ColumnElement, Select, and_, bindparam, func, or_, select, true, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crmdesk.core import changes as changes  # noqa: F401 - tells other windows (NOTIFY)
from crmdesk.core import filters, presentation
from crmdesk.core.fields import CATALOGUE_KINDS, FieldSpec, entity_label, fields_of
from crmdesk.core.filters import OPS as OPS  # re-exported: older callers import them here
from crmdesk.core.filters import Filter as Filter
from crmdesk.core.filters import ListQuery as ListQuery
from crmdesk.core.filters import QuickMatch
from crmdesk.core.lookup import fits_id, fits_text, shown_text
from crmdesk.core.models import (
    Contact,
    Counter,
    Customer,
    OpportunityStage,
    Product,
    TicketStatus,
    User,
    utcnow,
)
from crmdesk.core.models.base import touch, written_tables
from crmdesk.core.permissions import (
    MANAGER,
    STAFF,
    Actor,
    customer_scope,
    for_lists,
    require,
)
from crmdesk.core.services import accounts, audit, custom_fields
from crmdesk.core.validation import FieldProblem, validate
from crmdesk.errors import ConflictError, FieldError, NotFound, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.jobs import Job

#: The audit summary of a record's create, update, delete, restore and purge: the record's
#: code and name (the action and record type columns of the log say the rest).
RECORD = QT_TRANSLATE_NOOP("Audit", "{record}")

M = TypeVar("M")

# "in" lists of integers longer than this are written into the SQL as literals: a
# drill-through to an RFM segment can name tens of thousands of ids, more than SQLite's
# default limit of 32,766 bound parameters (and literals are faster to run, too)
IN_LITERAL_LIMIT = 500


# ---------------------------------------------------------------------------
# Codes (C000001 ...)
# ---------------------------------------------------------------------------

def reserve_numbers(session: Session, name: str, count: int = 1) -> int:
    """Reserve *count* consecutive numbers of counter *name*; returns the first."""
    new_value = session.execute(
        update(Counter).where(Counter.name == name).values(value=Counter.value + count)
        .returning(Counter.value)).scalar_one_or_none()
    if new_value is None:
        session.add(Counter(name=name, value=count))
        session.flush()
        new_value = count
    return int(new_value) - count + 1


def format_code(prefix: str, number: int, width: int = 6) -> str:
    return f"{prefix}{number:0{width}d}"


# ---------------------------------------------------------------------------
# JSON snapshots for the audit log
# ---------------------------------------------------------------------------

def plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def written_entities(session: Session) -> set[str]:
    """The record types (``"customer"`` ...) this session changed, by any service: what
    the window tells its open screens about after an operation."""
    from crmdesk.core.services.registry import SERVICES

    tables = written_tables(session)
    return {entity for entity, service in SERVICES.items()
            if service.model.__tablename__ in tables}


ID_SLICE = 20_000  # ids converted per slice (see RecordService.ids)
#: records read, moved to the recycle bin and audited at a time (RecordService.delete_many)
DELETE_CHUNK = 500

#: the field kinds that refer to other records (see RecordService.check_references)
REFERENCE_KINDS = frozenset(("user", "customer", "contact", "product", "status", "stage",
                             *CATALOGUE_KINDS))


@cache
def _reference_fields(entity: str) -> tuple[FieldSpec, ...]:
    return tuple(s for s in fields_of(entity) if s.kind in REFERENCE_KINDS)


def is_past(value: date | datetime | None, today: date | None = None) -> bool:
    """A due date (or time, on its local day) before today."""
    if value is None:
        return False
    if isinstance(value, datetime):
        value = value.astimezone().date()
    return value < (today or date.today())


class RecordService(Generic[M]):
    entity: ClassVar[str]
    model: ClassVar[type[Any]]
    code_attr: ClassVar[str | None] = None
    code_prefix: ClassVar[str] = ""
    code_width: ClassVar[int] = 6
    #: columns searched by the quick filter when the entity is not in the search index
    text_columns: ClassVar[tuple[str, ...]] = ()
    #: in the search index (quick filter uses it)
    indexed: ClassVar[bool] = False
    #: user columns that make a record visible to that user (and a manager's team)
    #: besides its customer: its owner, assignee ... (:func:`permissions.child_scope`)
    personal_columns: ClassVar[tuple[str, ...]] = ()
    #: (field, role-permission) - changing this field needs the permission
    guarded_fields: ClassVar[dict[str, str]] = {}
    #: user fields a new record gives to the actor when left empty
    default_to_actor: ClassVar[tuple[str, ...]] = ()
    #: date fields that are due dates: overdue once passed while the record is open
    due_fields: ClassVar[tuple[str, ...]] = ()

    # -- scope -----------------------------------------------------------------
    def scope(self, actor: Actor) -> ColumnElement[bool]:
        raise NotImplementedError

    def personal(self) -> list[Any]:
        """The model's :attr:`personal_columns`."""
        return [getattr(self.model, c) for c in self.personal_columns]

    @classmethod
    def personal_user(cls, obj: Any) -> int | None:
        """The user *obj* belongs to besides its customer (its first personal column),
        which its search document holds as an owner word too."""
        return getattr(obj, cls.personal_columns[0]) if cls.personal_columns else None

    def not_found(self, record_id: int) -> NotFound:
        return NotFound(QT_TRANSLATE_NOOP(
            "Errors", "{entity} {id} does not exist, was deleted, or is not yours to see."),
            entity=entity_label(self.entity), id=record_id)

    def select_visible(self, actor: Actor, *, deleted: bool = False) -> Select[Any]:
        m = self.model
        stmt = select(m).where(self.scope(actor))
        return stmt.where(m.deleted_at.is_not(None) if deleted else m.deleted_at.is_(None))

    # -- reads -----------------------------------------------------------------
    def get(self, session: Session, actor: Actor, record_id: int, *,
            deleted: bool | None = False) -> M:
        """One record the actor may see (``deleted=None``: live or in the recycle bin)."""
        if not fits_id(record_id):  # no such id (PostgreSQL refuses it)
            raise self.not_found(record_id)
        m = self.model
        stmt = select(m).where(m.id == record_id, self.scope(actor))
        if deleted is not None:
            stmt = stmt.where(m.deleted_at.is_not(None) if deleted else m.deleted_at.is_(None))
        obj = session.execute(stmt).scalar_one_or_none()
        if obj is None:
            raise self.not_found(record_id)
        return obj  # type: ignore[no-any-return]

    def by_code(self, session: Session, actor: Actor, code: str) -> M:
        assert self.code_attr is not None
        m = self.model
        obj = session.execute(self.select_visible(actor).where(
            getattr(m, self.code_attr) == code)).scalar_one_or_none() \
            if fits_text(code) else None
        if obj is None:
            raise NotFound(QT_TRANSLATE_NOOP(
                "Errors", "{entity} {id} does not exist, was deleted, or is not yours to see."),
                entity=entity_label(self.entity), id=shown_text(code))
        return obj  # type: ignore[no-any-return]

    def history(self, session: Session, actor: Actor, record_id: int) -> list[Any]:
        self.get(session, actor, record_id, deleted=None)
        return audit.history(session, self.entity, record_id)

    # -- list queries ------------------------------------------------------------
    def column(self, key: str) -> Any:
        """The SQL column of a field lists may filter or sort by (ValidationError for
        anything else: an attribute that is no declared field, a sensitive one)."""
        filters.filter_field(self.entity, key, related=False)
        return getattr(self.model, key)

    def sort_expression(self, key: str) -> Any:
        spec = filters.sort_field(self.entity, key)
        col = getattr(self.model, key)
        if spec.kind == "user":
            return select(User.display_name).where(User.id == col).scalar_subquery()
        if spec.kind == "customer":
            return select(Customer.name).where(Customer.id == col).scalar_subquery()
        if spec.kind in CATALOGUE_KINDS:
            from crmdesk.core import catalogues

            return catalogues.name_expression(spec.kind, col)
        return col

    def spec(self, key: str) -> FieldSpec | None:
        for spec in fields_of(self.entity):
            if spec.key == key:
                return spec
        return None

    def filter_condition(self, flt: Filter) -> ColumnElement[bool]:
        """The SQL condition of a typed filter (see :func:`filters.typed_filter`).

        A date compared with a timestamp field means the whole local day.
        """
        if flt.op not in OPS:
            raise ValueError(f"unknown filter operator {flt.op}")
        if flt.field.startswith("customer."):
            return self.customer_condition(flt)
        col = self.column(flt.field)
        spec = filters.filter_field(self.entity, flt.field, related=False)
        value = flt.value
        if flt.op == "null":
            return col.is_(None) | (col == "") if self._is_text(flt.field) else col.is_(None)  # type: ignore[no-any-return]
        if flt.op == "notnull":
            return (col.is_not(None) & (col != "") if self._is_text(flt.field)  # type: ignore[no-any-return]
                    else col.is_not(None))
        if flt.op in ("in", "notin"):
            values = list(value)
            present = [v for v in values if v is not None]
            if len(present) > IN_LITERAL_LIMIT and all(
                    type(v) is int for v in present):  # ints only (not bools, not text)
                cond = col.in_(bindparam("in_values", present, expanding=True,
                                         literal_execute=True, unique=True))
            else:
                cond = col.in_(present)
            if flt.op == "notin":
                if None in values:
                    return and_(~cond, col.is_not(None))
                return or_(~cond, col.is_(None))
            if None in values:
                cond = or_(cond, col.is_(None))
            return cond  # type: ignore[no-any-return]
        if flt.op == "contains":
            return col.contains(str(value), autoescape=True)  # type: ignore[no-any-return]
        if flt.op == "startswith":
            return col.startswith(str(value), autoescape=True)  # type: ignore[no-any-return]
        if value is None and flt.op in ("eq", "ne"):
            return col.is_(None) if flt.op == "eq" else col.is_not(None)  # type: ignore[no-any-return]
        if spec.kind == "datetime" and isinstance(value, date) and not isinstance(
                value, datetime):  # a local calendar day
            start, end = filters.day_start(value), filters.day_end(value)
            day_ops: dict[str, Any] = {
                "eq": lambda: and_(col >= start, col < end),
                "ne": lambda: or_(col < start, col >= end, col.is_(None)),
                "gt": lambda: col >= end, "ge": lambda: col >= start,
                "lt": lambda: col < start, "le": lambda: col < end}
            return day_ops[flt.op]()  # type: ignore[no-any-return]
        if flt.op == "ne":
            return or_(col != value, col.is_(None))
        ops = {"eq": col.__eq__, "gt": col.__gt__, "ge": col.__ge__, "lt": col.__lt__,
               "le": col.__le__}
        return ops[flt.op](value)  # type: ignore[no-any-return]

    def customer_condition(self, flt: Filter) -> ColumnElement[bool]:
        """``customer.FIELD``: a condition on the record's customer (orders of an industry ...).

        Dashboards drill from figures grouped by a customer attribute into the
        records behind them with these filters.
        """
        filters.filter_field(self.entity, flt.field)  # a declared field of the customer
        customer_column = self.model.customer_id
        from crmdesk.core.services.registry import service_for

        inner = service_for("customer").filter_condition(
            Filter(flt.field.removeprefix("customer."), flt.op, flt.value))
        return customer_column.in_(select(Customer.id).where(inner))  # type: ignore[no-any-return]

    def _is_text(self, key: str) -> bool:
        spec = self.spec(key)
        return spec is not None and spec.kind in ("text", "longtext", "suggest", "email",
                                                  "mobile", "phone", "tags")

    def quick_filter(self, session: Session, actor: Actor, text_query: str) -> ColumnElement[bool]:
        return self.quick_filter_plan(session, actor, text_query).condition

    def quick_filter_plan(self, session: Session, actor: Actor, text_query: str) -> QuickMatch:
        """The quick filter's condition, and whether the list should start from it."""
        if self.indexed:
            from crmdesk.core import search

            return search.matching_plan(
                session, self.entity, text_query, actor, self.model.id)
        return QuickMatch(self._words_condition(text_query))

    def _words_condition(self, text_query: str) -> ColumnElement[bool]:
        words = [w for w in text_query.split() if w]
        conditions = []
        for word in words:
            conditions.append(or_(*(self.column(c).contains(word, autoescape=True)
                                    for c in self.text_columns)))
        return and_(true(), *conditions)

    def list_select(self, session: Session, actor: Actor, query: ListQuery,
                    columns: Sequence[Any] | None = None) -> Select[Any]:
        m = self.model
        stmt = select(*(columns or [m.id]))
        # the scope in the form that runs fastest for how many customers the actor sees
        scoped = for_lists(session, actor)
        if query.text and query.text.strip():
            # first: SQLite checks a row's conditions in this order, and where the list
            # reads rows in its own order (a word many records hold) most rows fail the
            # text test, so they need no scope test (contacts as an admin: 49 -> 31 ms)
            found = self.quick_filter_plan(session, scoped, query.text.strip())
            stmt = stmt.where(found.condition)
            if found.leads:  # a few matches by id: the scope is checked on each
                scoped = replace(scoped, scope_leads=False)
        stmt = stmt.where(self.scope(scoped))
        stmt = stmt.where(m.deleted_at.is_not(None) if query.deleted else m.deleted_at.is_(None))
        for flt in filters.typed_filters(session, actor, self.entity, query.filters):
            stmt = stmt.where(self.filter_condition(flt))
        return stmt

    def ids(self, session: Session, actor: Actor, query: ListQuery | None = None, *,
            limit: int | None = None) -> list[int]:
        """Ids of the matching records in display order (what a datasheet holds).

        A million ids come back in well under a second: the rows are read straight
        from the driver, without building a SQLAlchemy row for each.
        """
        stmt = self._ordered_ids(session, actor, query or ListQuery())
        if limit is not None:
            stmt = stmt.limit(limit)
            return list(session.execute(stmt).scalars())
        ids: list[int] = []
        self._read_ids(session, stmt, ids)
        return ids

    def id_array(self, session: Session, actor: Actor,
                 query: ListQuery | None = None, *,
                 stop: Callable[[], bool] | None = None) -> array[int]:
        """:meth:`ids` as a compact ``array('q')``: 8 bytes an id (80 MB for ten million
        records, where a list of Python ints takes 360 MB), filled slice by slice.

        *stop* is asked before each slice of :data:`ID_SLICE` ids: once it says yes the
        read ends there and the ids read so far come back (a datasheet whose query
        changed meanwhile has no use for the rest of ten million ids).
        """
        ids: array[int] = array("q")
        self._read_ids(session, self._ordered_ids(session, actor, query or ListQuery()), ids,
                       stop)
        return ids

    def _ordered_ids(self, session: Session, actor: Actor, query: ListQuery) -> Select[Any]:
        stmt = self.list_select(session, actor, query)
        order = []
        for key, descending in query.sort:
            expr = self.sort_expression(key)
            order.append(expr.desc() if descending else expr.asc())
        if not any(key == "id" for key, _ in query.sort):
            order.append(self.model.id.desc() if (query.sort and query.sort[-1][1]) else
                         self.model.id.asc())
        return stmt.order_by(*order)

    @staticmethod
    def _read_ids(session: Session, stmt: Select[Any], ids: list[int] | array[int],
                  stop: Callable[[], bool] | None = None) -> None:
        # Straight from the driver's cursor, in slices: SQLAlchemy's compiled row
        # processing holds the GIL for a third of a second over a million rows, which
        # froze the window while a datasheet read its ids in the background.
        session.flush()  # as session.execute would (autoflush): pending writes count
        result = session.connection().execute(stmt)  # Core: a CursorResult
        try:
            cursor = cast(Any, result).cursor
            while not (stop is not None and stop()) and (part := cursor.fetchmany(ID_SLICE)):
                ids.extend(row[0] for row in part)
        finally:
            result.close()

    def count(self, session: Session, actor: Actor, query: ListQuery | None = None) -> int:
        stmt = self.list_select(session, actor, query or ListQuery(),
                                [func.count(self.model.id)])
        return int(session.execute(stmt).scalar_one())

    def records(self, session: Session, actor: Actor, record_ids: Sequence[int]) -> list[M]:
        """The records with these ids (visible ones only), in the order given."""
        record_ids = [i for i in record_ids if fits_id(i)]  # others name no record
        if not record_ids:
            return []
        m = self.model
        # a page of ids: each row's customer looked up (sees_many), never the
        # actor's whole customer list
        page_actor = replace(actor, sees_many=True)
        found = {o.id: o for o in session.execute(
            select(m).where(m.id.in_(list(record_ids)), self.scope(page_actor))).scalars()}
        return [found[i] for i in record_ids if i in found]

    def rows(self, session: Session, actor: Actor, record_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Display rows for a datasheet page: field values plus names of referenced records."""
        objs = self.records(session, actor, record_ids)
        specs = [s for s in fields_of(self.entity) if not s.sensitive]
        names = _RefNames(session)
        for spec in specs:
            if spec.kind in ("customer", "contact", "product", *CATALOGUE_KINDS):
                names.want(spec.kind, (getattr(o, spec.key) for o in objs))
        custom = custom_fields.page_values(session, self.entity,
                                           [int(o.id) for o in objs])  # type: ignore[attr-defined]
        result = []
        for obj in objs:
            row: dict[str, Any] = {"id": obj.id, "version": getattr(obj, "version", None)}  # type: ignore[attr-defined]
            row.update(custom.get(row["id"], {}))  # cf.KEY: custom values (not sensitive ones)
            for spec in specs:
                value = getattr(obj, spec.key, None)
                row[spec.key] = value
                if spec.kind in REFERENCE_KINDS:
                    row[spec.key + ":name"] = names.name(spec.kind, value)
            self.extend_row(session, obj, row)
            if self.due_fields:
                row["__overdue"] = self.overdue_fields(session, obj)
            result.append(row)
        return result

    def overdue_fields(self, session: Session, obj: M, today: date | None = None
                       ) -> tuple[str, ...]:
        """The due dates of *obj* that have passed while it is still open (what every
        screen shows as overdue; a closed ticket or a done task is never overdue)."""
        if not self.is_open(session, obj):
            return ()
        return tuple(key for key in self.due_fields
                     if is_past(getattr(obj, key, None), today))

    def is_open(self, session: Session, obj: M) -> bool:
        """Whether the record still waits for something (its due dates can be overdue)."""
        return True

    def extend_row(self, session: Session, obj: M, row: dict[str, Any]) -> None:
        """Add entity-specific display values to a datasheet row."""

    # -- writes ------------------------------------------------------------------
    def snapshot(self, obj: M) -> dict[str, Any]:
        snap: dict[str, Any] = {}
        for spec in fields_of(self.entity):
            if spec.sensitive:
                snap[spec.key] = "<set>" if self.sensitive_is_set(obj, spec.key) else None
            elif spec.editable:
                snap[spec.key] = plain(getattr(obj, spec.key, None))
        return snap

    def sensitive_is_set(self, obj: M, key: str) -> bool:
        return getattr(obj, key + "_enc", None) is not None

    def new_defaults(self) -> dict[str, Any]:
        """What a new record's form starts with beyond the fixed defaults (a designed
        type's field defaults), as the form's editors take them."""
        return {}

    def describe(self, obj: M) -> str:
        """Short, language-neutral text naming a record (code and name), e.g. in the
        audit log, whose action and record type columns say the rest."""
        code = getattr(obj, self.code_attr, None) if self.code_attr else None
        name = getattr(obj, "name", None) or getattr(obj, "title", None) or getattr(
            obj, "subject", None) or getattr(obj, "summary", None) or ""
        return " ".join(str(p) for p in (code or f"#{obj.id}", name) if p)  # type: ignore[attr-defined]

    def check_references(self, session: Session, actor: Actor, values: dict[str, Any],
                         obj: M | None, memo: dict[Any, FieldProblem | None] | None = None
                         ) -> list[FieldError]:
        """Referenced users, customers, contacts, products ... exist and may be used.

        *memo*: the answers for new records of one batch (a value other than a contact
        gets the same answer for every new record of the same actor).
        """
        errors: list[FieldError] = []
        for spec in _reference_fields(self.entity):
            if spec.key not in values or values[spec.key] is None:
                continue
            if memo is not None and obj is None and spec.kind != "contact":
                key = (spec.key, values[spec.key])
                if key not in memo:
                    memo[key] = self._reference_problem(session, actor, spec, values[spec.key],
                                                        values, obj)
                problem = memo[key]
            else:
                problem = self._reference_problem(session, actor, spec, values[spec.key],
                                                  values, obj)
            if problem is not None:
                errors.append(FieldError(spec.key, spec.translated,
                                         problem.render(spec.translated)))
        return errors

    def _reference_problem(self, session: Session, actor: Actor, spec: FieldSpec, value: Any,
                           values: Mapping[str, Any], obj: M | None) -> FieldProblem | None:
        if spec.kind == "user":
            user = session.get(User, value)
            if user is None or user.disabled:
                return FieldProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose an active user from the list."))
            changing = obj is None or getattr(obj, spec.key) != value
            if changing and spec.key == "owner_id" and value != actor.user_id:
                if actor.role == STAFF:
                    return FieldProblem(QT_TRANSLATE_NOOP(
                        "Validation", "{label}: you can only choose yourself; a manager can "
                                      "give the record to someone else."))
                if actor.role == MANAGER and user.team_id != actor.team_id:
                    return FieldProblem(QT_TRANSLATE_NOOP(
                        "Validation", "{label}: choose a member of your team."))
        elif spec.kind == "customer":
            found = session.execute(select(Customer.id).where(
                Customer.id == value, Customer.deleted_at.is_(None),
                customer_scope(actor))).first()
            if found is None:
                return FieldProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose an existing customer that you can see."))
        elif spec.kind == "contact":
            customer_id = values.get("customer_id", getattr(obj, "customer_id", None))
            contact = session.get(Contact, value)
            if contact is None or contact.deleted_at is not None or (
                    customer_id is not None and contact.customer_id != customer_id):
                return FieldProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose a contact of this customer."))
        elif spec.kind == "product":
            product = session.get(Product, value)
            if product is None or product.deleted_at is not None:
                return FieldProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose an existing product."))
        elif spec.kind == "status":
            status = session.get(TicketStatus, value)
            if status is None or not status.active:
                return FieldProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose a status from the list."))
        elif spec.kind == "stage":
            if session.get(OpportunityStage, value) is None:
                return FieldProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose a stage from the list."))
        elif spec.kind in CATALOGUE_KINDS:  # a supplier, a warehouse
            from crmdesk.core import catalogues

            return catalogues.problem(session, spec.kind, value, changing=(
                obj is None or getattr(obj, spec.key) != value))
        return None

    def clean(self, session: Session, actor: Actor, data: Mapping[str, Any],
              obj: M | None, *, references: dict[Any, FieldProblem | None] | None = None,
              record_rules: bool = True) -> dict[str, Any]:
        """Validate and normalise *data* (all problems at once, or ValidationError).

        For many new records at once (:mod:`.bulk`): *references* memoizes the reference
        checks, and ``record_rules=False`` leaves :meth:`check_record` to the caller,
        which checks those rules across the whole batch.
        """
        creating = obj is None
        values = dict(data)
        if creating:
            for key in self.default_to_actor:
                if values.get(key) in (None, ""):
                    values[key] = actor.user_id
        self.prepare(session, actor, values, obj)
        errors: list[FieldError] = []
        try:
            cleaned = validate(self.entity, values, partial=not creating)
        except ValidationError as exc:
            errors.extend(exc.errors)
            cleaned = {}
            # keep what did validate so reference checks still run on it
            for spec in fields_of(self.entity):
                if spec.key in values and not any(e.field == spec.key for e in errors):
                    try:
                        cleaned[spec.key] = validate(self.entity, {spec.key: values[spec.key]},
                                                     partial=True).get(spec.key)
                    except ValidationError:
                        pass
        if obj is not None:
            for key, permission in self.guarded_fields.items():
                if key in cleaned and cleaned[key] != getattr(obj, key):
                    require(actor, permission)
        errors.extend(self.check_references(session, actor, cleaned, obj, references))
        if record_rules:
            errors.extend(self.check_record(session, actor, cleaned, obj))
        if errors:
            raise ValidationError(errors)
        return cleaned

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: M | None) -> None:
        """Adjust raw input before validation (defaults, derived values)."""

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: M | None) -> list[FieldError]:
        """Rules across fields; return problems."""
        return []

    def apply(self, session: Session, actor: Actor, obj: M, cleaned: dict[str, Any]) -> None:
        """Copy cleaned values onto the record (sensitive fields handled by subclasses)."""
        for key, value in cleaned.items():
            setattr(obj, key, value)

    def code_of(self, number: int) -> str:
        """The code of the record with counter number *number* (C000123 ...)."""
        return format_code(self.code_prefix, number, self.code_width)

    def create(self, session: Session, actor: Actor, data: Mapping[str, Any], *,
               custom: Mapping[str, Any] | None = None) -> M:
        accounts.ensure_active(session, actor)
        cleaned = self.clean(session, actor, data, None)
        custom_clean = custom_fields.clean_values(session, actor, self.entity, custom or {},
                                                  creating=True)
        obj = self.model()
        self.apply(session, actor, obj, cleaned)
        if self.code_attr and not getattr(obj, self.code_attr, None):
            setattr(obj, self.code_attr, self.code_of(reserve_numbers(session, self.entity)))
        obj.created_by_id = actor.user_id or None
        obj.updated_by_id = actor.user_id or None
        session.add(obj)
        session.flush()
        custom_fields.save_values(session, actor, self.entity, obj.id, custom_clean)
        self.after_write(session, actor, obj, creating=True)
        snap = self.snapshot(obj)
        snap.update(custom_fields.snapshot(session, self.entity, obj.id))
        audit.record(session, actor, "create", entity=self.entity, entity_id=obj.id,
                     message=RECORD, params={"record": self.describe(obj)}, after=snap)
        return obj  # type: ignore[no-any-return]

    def update(self, session: Session, actor: Actor, record_id: int, data: Mapping[str, Any],
               *, expected_version: int | None = None,
               custom: Mapping[str, Any] | None = None) -> M:
        accounts.ensure_active(session, actor)
        obj = self.get(session, actor, record_id)
        self.check_version(obj, expected_version)
        version_before = obj.version  # type: ignore[attr-defined]
        before = self.snapshot(obj)
        before.update(custom_fields.snapshot(session, self.entity, record_id))
        cleaned = self.clean(session, actor, data, obj)
        custom_clean = custom_fields.clean_values(session, actor, self.entity, custom or {},
                                                  creating=False)
        self.apply(session, actor, obj, cleaned)
        obj.updated_by_id = actor.user_id or None  # type: ignore[attr-defined]
        try:
            session.flush()
        except StaleDataError as exc:
            session.rollback()
            raise self.conflict(session, actor, record_id) from exc
        custom_fields.save_values(session, actor, self.entity, record_id, custom_clean)
        self.follow_keys(session, actor, obj, before)
        after = self.snapshot(obj)
        after.update(custom_fields.snapshot(session, self.entity, record_id))
        old, new = audit.diff(before, after)
        if new and obj.version == version_before:  # type: ignore[attr-defined]
            touch(obj)  # only its custom values changed: still a new version
            try:
                session.flush()
            except StaleDataError as exc:
                session.rollback()
                raise self.conflict(session, actor, record_id) from exc
        if new:
            self.after_write(session, actor, obj, creating=False)
            audit.record(session, actor, "update", entity=self.entity, entity_id=record_id,
                         message=RECORD, params={"record": self.describe(obj)},
                         before=old, after=new)
        return obj

    #: the columns that decide whose key a record's sensitive custom values are under
    KEY_HOLDERS = ("customer_id", "assignee_id")

    def follow_keys(self, session: Session, actor: Actor, obj: M,
                    before: Mapping[str, Any]) -> None:
        """After an edit: when the record changed customer (or, for a task of no
        customer, assignee), its sensitive custom values move to the new scope's key."""
        if any(key in before and before[key] != getattr(obj, key, None)
               for key in self.KEY_HOLDERS):
            from crmdesk.core import keys

            keys.follow_record(session, actor.keyring, self.entity, obj.id)  # type: ignore[attr-defined]

    def check_version(self, obj: M, expected_version: int | None) -> None:
        if expected_version is not None and obj.version != expected_version:  # type: ignore[attr-defined]
            raise ConflictError(QT_TRANSLATE_NOOP(
                "Errors", "Someone else saved this {entity} after you opened it. Compare both "
                          "versions and save again."), entity=entity_label(self.entity),
                current=self.snapshot(obj))

    def conflict(self, session: Session, actor: Actor, record_id: int) -> ConflictError:
        current = self.get(session, actor, record_id, deleted=None)
        return ConflictError(QT_TRANSLATE_NOOP(
            "Errors", "Someone else saved this {entity} after you opened it. Compare both "
                      "versions and save again."), entity=entity_label(self.entity),
            current=self.snapshot(current))

    def after_write(self, session: Session, actor: Actor, obj: M, *, creating: bool) -> None:
        """Keep derived data (search index ...) in step."""

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        """Move a record to the recycle bin (``hard``: delete for good, admins only)."""
        accounts.ensure_active(session, actor)
        if hard:
            require(actor, "records.hard_delete")
            self.purge(session, actor, record_id)
            return
        obj = self.get(session, actor, record_id)
        obj.deleted_at = utcnow()  # type: ignore[attr-defined]
        obj.deleted_by_id = actor.user_id or None  # type: ignore[attr-defined]
        session.flush()
        self.after_delete_many(session, actor, [obj])
        audit.record(session, actor, "delete", entity=self.entity, entity_id=record_id,
                     message=RECORD, params={"record": self.describe(obj)},
                     before=self.snapshot(obj))

    def after_delete(self, session: Session, actor: Actor, obj: M) -> None:
        """Hide derived data of a deleted record (search index ...)."""

    def after_delete_many(self, session: Session, actor: Actor, objs: Sequence[M]) -> None:
        """:meth:`after_delete` of each record (a service may do it for all at once: the
        search entries of a selection)."""
        for obj in objs:
            self.after_delete(session, actor, obj)

    def delete_many(self, session: Session, actor: Actor, record_ids: Sequence[int], *,
                    job: Job | None = None) -> int:
        """Move many records to the recycle bin (a datasheet's selection): what
        :meth:`delete` does to each, an audit entry each, but read, moved and audited
        :data:`DELETE_CHUNK` at a time.  A record the actor may not delete, or that is
        gone, raises as :meth:`delete` does (the caller's transaction then keeps
        nothing).  A service whose own ``delete`` does more (stock, invoices) deletes one
        at a time.  *job*: cancel between chunks, progress per chunk.  Returns how many."""
        ids = list(dict.fromkeys(record_ids))
        if type(self).delete is not RecordService.delete:
            for n, record_id in enumerate(ids):
                if job is not None:
                    job.check()
                self.delete(session, actor, record_id)
                if job is not None:
                    job.report("", n + 1, len(ids))
            return len(ids)
        accounts.ensure_active(session, actor)
        m = self.model
        for start in range(0, len(ids), DELETE_CHUNK):
            if job is not None:
                job.check()
            chunk = [i for i in ids[start:start + DELETE_CHUNK] if fits_id(i)]
            found = {o.id: o for o in session.execute(select(m).where(
                m.id.in_(chunk), m.deleted_at.is_(None),
                self.scope(replace(actor, sees_many=True)))).scalars()}
            for record_id in ids[start:start + DELETE_CHUNK]:
                if record_id not in found:
                    raise self.not_found(record_id)
            objs = [found[i] for i in chunk]
            now = utcnow()
            for obj in objs:
                obj.deleted_at = now
                obj.deleted_by_id = actor.user_id or None
            session.flush()
            self.after_delete_many(session, actor, objs)
            audit.record_many(session, actor, "delete", self.entity, [
                audit.Item(obj.id, RECORD, {"record": self.describe(obj)},
                           before=self.snapshot(obj)) for obj in objs])
            if job is not None:
                job.report("", min(start + DELETE_CHUNK, len(ids)), len(ids))
        return len(ids)

    def restore(self, session: Session, actor: Actor, record_id: int) -> M:
        """Bring a record back from the recycle bin (admins)."""
        require(actor, "recycle.manage")
        obj = self.get(session, actor, record_id, deleted=True)
        obj.deleted_at = None  # type: ignore[attr-defined]
        obj.deleted_by_id = None  # type: ignore[attr-defined]
        session.flush()
        self.after_write(session, actor, obj, creating=False)
        audit.record(session, actor, "restore", entity=self.entity, entity_id=record_id,
                     message=RECORD, params={"record": self.describe(obj)})
        return obj

    def purge(self, session: Session, actor: Actor, record_id: int) -> None:
        """Delete a record and what depends on it for good (admins; audited)."""
        require(actor, "recycle.manage")
        obj = self.get(session, actor, record_id, deleted=None)
        snap = self.snapshot(obj)
        description = self.describe(obj)
        self.after_delete_many(session, actor, [obj])
        self.purge_dependents(session, actor, obj)
        custom_fields.delete_values(session, self.entity, [record_id])
        session.delete(obj)
        session.flush()
        audit.record(session, actor, "purge", entity=self.entity, entity_id=record_id,
                     message=RECORD, params={"record": description},
                     before=snap)

    def purge_dependents(self, session: Session, actor: Actor, obj: M) -> None:
        """Delete rows that reference *obj* before it is purged."""


class _RefNames:
    """Looks up display names of referenced records for a page of rows."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[str, dict[Any, str]] = {}

    def want(self, kind: str, ids: Iterable[int | None]) -> None:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return
        if kind in CATALOGUE_KINDS:
            from crmdesk.core import catalogues

            self.cache.setdefault(kind, {}).update(catalogues.names(self.session, kind, wanted))
            return
        model: Any = {"customer": Customer, "contact": Contact, "product": Product}[kind]
        rows = self.session.execute(select(model.id, model.name).where(model.id.in_(wanted)))
        self.cache.setdefault(kind, {}).update({r[0]: r[1] for r in rows})

    def name(self, kind: str, value: int | str | None) -> str:
        if value is None:
            return ""
        if kind == "user":
            if "user" not in self.cache:
                self.cache["user"] = accounts.user_names(self.session)
        elif kind == "status" and "status" not in self.cache:
            # the name as shown (a Chinese name for Chinese readers); status_name
            # shows it unchanged
            self.cache["status"] = {s.id: presentation.status_name(s.key, s.name, s.name_zh)
                                    for s in self.session.execute(select(TicketStatus)).scalars()}
        elif kind == "stage" and "stage" not in self.cache:
            self.cache["stage"] = {key: presentation.stage_name(key, name, name_zh)
                                   for key, name, name_zh in self.session.execute(
                select(OpportunityStage.key, OpportunityStage.name, OpportunityStage.name_zh))}
        return self.cache.get(kind, {}).get(value, "")

