"""Creating many customers at once (imports, demo data).

What :meth:`RecordService.create` does for one customer, done for thousands and
written with ``executemany`` in chunks; the same steps, from the same places:

* cleaning: :meth:`RecordService.clean` for a new record (defaults, the field
  rules, who may own it), with the reference checks memoized for the batch.  The
  record rules (one ID number per customer) are left to the caller, which checks
  them across the batch: an import matches thousands of ID numbers in one query;
* the stored columns: :func:`.customers.stored_columns` (a sensitive field as its
  ciphertext and blind index, made with the actor's keyring), the name's match key
  (:func:`crmdesk.core.matching.match_key`), version 1, who created it and when;
* codes from the customer counter (:func:`.records.reserve_numbers`, formatted by
  :meth:`RecordService.code_of`), reserved for a whole chunk at once;
* custom values (:func:`.custom_fields.stored_columns`) and search documents
  (:func:`.customers.customer_doc` through :mod:`crmdesk.core.search`).

A bulk create is audited by its caller, as one entry for the batch (the import
names its file and counts, the demo its size): an entry per row would add a
hash-chained audit row for each of a hundred thousand customers.

Two layers.  :class:`CustomerRows` builds the rows without a database, so another
process can do that CPU work (the demo generator does); :func:`write` inserts what
it prepared.  :class:`BulkCreate` joins them for one session: ids after the
highest in the table, codes from the counter, written chunk by chunk.

An import does more of the work where it checks the rows (a second process):
:meth:`CustomerRows.stage` turns a chunk of checked customers with ids chosen in
advance into their stored rows and search entries, all but the code, which only
the writer knows (it comes from the counter, in the order the customers are
created); :meth:`BulkCreate.add_staged` then writes them with their codes filled in
(:func:`crmdesk.core.search.with_code` puts the code into each search entry).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from crmdesk.core import search
from crmdesk.core.keys import owner_scope
from crmdesk.core.matching import match_key
from crmdesk.core.models import Customer, CustomFieldDef, CustomFieldValue, utcnow
from crmdesk.core.permissions import Actor
from crmdesk.core.services import custom_fields, sensitive
from crmdesk.core.services.customers import SENSITIVE, customer_doc, customers, stored_columns
from crmdesk.core.services.records import reserve_numbers
from crmdesk.core.validation import FieldProblem
from crmdesk.storage.backends import (
    PreparedRows,
    _sqlite_converter,  # what prepare_rows applies
    backend_of,
    prepare_rows,
)

#: new customers written per ``executemany``
CHUNK = 2000

CUSTOMERS = cast(Table, Customer.__table__)
CUSTOM_VALUES = cast(Table, CustomFieldValue.__table__)
COLUMNS = tuple(c.name for c in CUSTOMERS.columns)
_CODE = COLUMNS.index("code")
_OWNER = COLUMNS.index("owner_id")


@dataclass
class PreparedCustomers:
    """New customers ready to insert, in their stored form (picklable)."""

    ids: list[int]
    customers: PreparedRows
    custom_values: PreparedRows
    docs: list[search.PreparedDoc]


@dataclass
class _KeyedDoc(search.DocInput):
    """A search document whose pinyin keys were computed already (while checking)."""

    known_keys: str | None = None

    @classmethod
    def of(cls, doc: search.DocInput, keys: str | None) -> search.DocInput:
        return cls(**vars(doc), known_keys=keys) if keys is not None else doc

    def keys(self) -> str:
        return self.known_keys if self.known_keys is not None else super().keys()


def pinyin_keys(cleaned: Mapping[str, Any]) -> str:
    """The costly part of a new customer's search document (the pinyin of its name and
    company), to compute early, e.g. in the process that checks the rows."""
    return search.DocInput("customer", 0, None, None, "", None, (),
                           pinyin_of=(cleaned.get("name"), cleaned.get("company"))).keys()


class _DocView(NamedTuple):
    """What :func:`.customers.customer_doc` reads of a customer being staged."""

    id: int
    code: str | None
    name: str
    company: str | None
    mobile: str | None
    phone: str | None
    email: str | None
    wechat: str | None
    province: str | None
    city: str | None
    district: str | None
    address: str | None
    tags: str | None
    notes: str | None


@lru_cache(maxsize=1)
def _sqlite_converters() -> dict[str, Callable[[Any], Any]]:
    """The ``customers`` columns whose values SQLite stores converted, and how (what
    :func:`.backends.prepare_rows` applies)."""
    return {name: convert for name in COLUMNS
            if (convert := _sqlite_converter(CUSTOMERS.c[name].type)) is not None}


def _converted(values: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """*values* converted, each distinct one once (None stays None)."""
    seen: dict[Any, Any] = {}
    out: list[Any] = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        stored = seen.get(value, _MISSING)
        if stored is _MISSING:
            stored = seen[value] = convert(value)
        out.append(stored)
    return out


_MISSING = object()


class CustomerRows:
    """The stored rows of new customers, built without a database.

    :meth:`add` each customer (its cleaned values, its id), :meth:`number` the
    batch with the counter numbers reserved for it, then :meth:`prepare` it for
    :func:`write`.
    """

    def __init__(self, actor: Actor, *, defs: Sequence[CustomFieldDef] = (),
                 now: datetime | None = None) -> None:
        self.actor = actor
        self.defs = {d.id: d for d in defs}
        self.now = now or utcnow()
        self.records: list[dict[str, Any]] = []
        self.keys: list[str | None] = []
        self.values: list[dict[str, Any]] = []

    def __len__(self) -> int:
        return len(self.records)

    def add(self, new_id: int, cleaned: Mapping[str, Any], *,
            custom: Mapping[int, Any] | None = None, created_at: datetime | None = None,
            updated_at: datetime | None = None, created_by: int | None = None,
            keys: str | None = None) -> dict[str, Any]:
        """Add a customer: *cleaned* as :meth:`RecordService.clean` returns it, *custom*
        its cleaned custom values by definition id.  Who created it and when default
        to the actor and now; *keys*: its :func:`pinyin_keys`, if known."""
        record: dict[str, Any] = dict.fromkeys(COLUMNS)
        owner_id = cleaned.get("owner_id")
        record.update(stored_columns(self.actor, cleaned, row_id=new_id, owner_id=owner_id))
        by = self.actor.user_id or None if created_by is None else created_by
        record.update(id=new_id, code=None, created_at=created_at or self.now,
                      updated_at=updated_at or self.now, created_by_id=by, updated_by_id=by,
                      deleted_at=None, deleted_by_id=None, version=1,
                      match_key=match_key(cleaned.get("kind"), cleaned.get("name"),
                                          cleaned.get("company")))
        self.records.append(record)
        self.keys.append(keys)
        for def_id, value in (custom or {}).items():
            if value is not None:
                self.values.append({"def_id": def_id, "entity_id": new_id,
                                    **custom_fields.stored_columns(
                                        self.actor, self.defs[def_id], value, entity_id=new_id,
                                        scope=owner_scope(owner_id))})
        return record

    def stage(self, dialect: str, items: Sequence[tuple[int, Mapping[str, Any],
                                                         Mapping[int, Any], datetime | None,
                                                         str | None]]) -> StagedCustomers:
        """New customers ``(id, cleaned, custom, created_at, keys)`` in their stored form
        (see :meth:`add`), all but their codes: for :meth:`BulkCreate.add_staged`.

        Built column by column (an import stages a hundred thousand customers): each
        column of the chunk is made once, its values converted to their stored form once
        per distinct value, as :func:`add` and :func:`.backends.prepare_rows` give them
        row by row (``tests/unit/test_bulk_stage.py`` checks they are equal)."""
        assert not self.records, "stage() builds a batch of its own"
        if not items:
            return StagedCustomers([], [], [], [], [])
        actor = self.actor
        ids = [item[0] for item in items]
        cleaned = [item[1] for item in items]
        given: set[str] = set()
        for c in cleaned:
            given.update(c)
        # the columns holding cleaned values (stored_columns), the others empty
        none = [None] * len(items)
        columns: dict[str, list[Any]] = dict.fromkeys(COLUMNS, none)
        for key in given:
            if key in SENSITIVE:
                pairs = [sensitive.encrypt(actor, SENSITIVE[key], c[key],
                                           scope=owner_scope(c.get("owner_id")), row_id=i)
                         if key in c else (None, None) for i, c in zip(ids, cleaned, strict=True)]
                columns[key + "_enc"] = [p[0] for p in pairs]
                columns[key + "_bidx"] = [p[1] for p in pairs]
            elif key in columns:
                columns[key] = [c.get(key) for c in cleaned]
        by = actor.user_id or None
        now = [self.now] * len(items)
        columns.update(
            id=ids, code=none, created_at=[item[3] or self.now for item in items],
            updated_at=now, created_by_id=[by] * len(items), updated_by_id=[by] * len(items),
            deleted_at=none, deleted_by_id=none, version=[1] * len(items),
            match_key=[match_key(c.get("kind"), c.get("name"), c.get("company"))
                       for c in cleaned])
        # their search entries, all but the code (the first of the texts: still None here)
        docs = [search.prepare_codeless(customer_doc(cast(Customer, view)), item[4])
                for view, item in zip(map(_DocView._make, zip(*(
                    columns[f] for f in _DocView._fields), strict=True)), items,
                    strict=True)]
        if dialect == "sqlite":
            for name, convert in _sqlite_converters().items():
                column = columns[name]
                if column is not none:
                    columns[name] = _converted(column, convert)
        rows = list(zip(*(columns[name] for name in COLUMNS), strict=True))
        # custom values, as add() makes them
        values: list[dict[str, Any]] = []
        for new_id, c, item in zip(ids, cleaned, items, strict=True):
            for def_id, value in (item[2] or {}).items():
                if value is not None:
                    values.append({"def_id": def_id, "entity_id": new_id,
                                   **custom_fields.stored_columns(
                                       actor, self.defs[def_id], value, entity_id=new_id,
                                       scope=owner_scope(c.get("owner_id")))})
        custom_rows = prepare_rows(dialect, CUSTOM_VALUES, values)
        by_customer: dict[int, list[tuple[Any, ...]]] = {}
        if custom_rows.values:
            owner_at = custom_rows.columns.index("entity_id")
            for value in custom_rows.values:
                by_customer.setdefault(value[owner_at], []).append(value)
        return StagedCustomers(ids, rows, custom_rows.columns,
                               [by_customer.get(i, []) for i in ids], docs)

    def number(self, first: int) -> None:
        """Give the customers added so far their codes: counter numbers *first*, *first* + 1 ..."""
        for i, record in enumerate(self.records):
            record["code"] = customers.code_of(first + i)

    def prepare(self, dialect: str) -> PreparedCustomers:
        """The customers added so far, ready for :func:`write`; starts a new batch."""
        assert all(r["code"] for r in self.records), "number() the batch first"
        docs = [_KeyedDoc.of(customer_doc(cast(Customer, SimpleNamespace(**r))), keys)
                for r, keys in zip(self.records, self.keys, strict=True)]
        batch = PreparedCustomers(
            [r["id"] for r in self.records], prepare_rows(dialect, CUSTOMERS, self.records),
            prepare_rows(dialect, CUSTOM_VALUES, self.values), search.prepare(docs))
        self.records, self.keys, self.values = [], [], []
        return batch


@dataclass
class StagedCustomers:
    """A chunk of new customers in their stored form, made before their codes are known
    (see :meth:`CustomerRows.stage`; picklable).  Per customer: its id, its
    ``customers`` row (values in :data:`COLUMNS` order, the code left empty), its
    custom value rows and its search entry but the code (:func:`.search.with_code`
    completes it when the writer knows the code)."""

    ids: list[int]
    customers: list[tuple[Any, ...]]
    custom_columns: list[str]
    custom: list[list[tuple[Any, ...]]]
    docs: list[search.CodelessDoc]


def write(session: Session, batch: PreparedCustomers) -> None:
    """Insert a prepared batch: the customers, their custom values, their search entries."""
    backend = backend_of(session)
    backend.insert_prepared(session, CUSTOMERS, batch.customers)
    backend.insert_prepared(session, CUSTOM_VALUES, batch.custom_values)
    search.write_prepared(session, batch.docs)


class BulkCreate:
    """New customers in one session: :meth:`clean` and :meth:`add` each one; they are
    written every :data:`CHUNK` customers and on :meth:`flush`.

    Ids follow the highest in the table; codes come from the customer counter when
    written.  Callers check that the actor's account is active and audit the batch.
    """

    def __init__(self, session: Session, actor: Actor, *,
                 defs: Sequence[CustomFieldDef] | None = None, chunk: int = CHUNK) -> None:
        self.session = session
        self.actor = actor
        self.defs = list(custom_fields.definitions(session, "customer") if defs is None
                         else defs)
        self.chunk = chunk
        self.rows = CustomerRows(actor, defs=self.defs)
        #: the id of the first customer created here (ids below it existed before)
        self.first_id = int(session.execute(
            select(func.coalesce(func.max(Customer.id), 0))).scalar_one()) + 1
        self.next_id = self.first_id
        self._written_to = self.first_id
        self._references: dict[Any, FieldProblem | None] = {}
        self._staged: list[tuple[StagedCustomers, int]] = []
        #: seconds spent writing the customers and their search entries
        self.seconds: dict[str, float] = {"write": 0.0, "index": 0.0}

    def clean(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """:meth:`RecordService.clean` of a new customer, without the record rules (see the
        module docstring); ValidationError names every problem."""
        return customers.clean(self.session, self.actor, data, None,
                               references=self._references, record_rules=False)

    def clean_custom(self, raw: Mapping[str, Any]) -> dict[int, Any]:
        """The custom values of a new customer by key, cleaned: definition id -> value."""
        cleaned = custom_fields.clean_values(self.session, self.actor, "customer", raw,
                                             creating=True, defs=self.defs)
        return {def_id: value for def_id, (_definition, value) in cleaned.items()}

    def add(self, cleaned: Mapping[str, Any], *, custom: Mapping[int, Any] | None = None,
            created_at: datetime | None = None, keys: str | None = None) -> int:
        """Queue a cleaned customer (see :meth:`CustomerRows.add`); returns its id."""
        new_id = self.next_id
        self.next_id += 1
        self.rows.add(new_id, cleaned, custom=custom, created_at=created_at, keys=keys)
        if len(self.rows) >= self.chunk:
            self.flush()
        return new_id

    def add_staged(self, batch: StagedCustomers, index: int) -> int:
        """Queue customer *index* of a staged *batch* (ids above those queued before);
        returns its id."""
        new_id = batch.ids[index]
        assert new_id >= self.next_id, "staged ids come after the others"
        if len(self.rows):
            self.flush()
        self.next_id = new_id + 1
        self._staged.append((batch, index))
        if len(self._staged) >= self.chunk:
            self.flush()
        return new_id

    def pending(self, record_id: int) -> bool:
        """Whether customer *record_id* is queued here and not written yet."""
        return self._written_to <= record_id < self.next_id

    def flush(self) -> None:
        """Write the queued customers."""
        if self._staged:
            self._write_staged()
        if not len(self.rows):
            self._written_to = self.next_id
            return
        self.rows.number(reserve_numbers(self.session, customers.entity, len(self.rows)))
        write(self.session, self.rows.prepare(backend_of(self.session).name))
        self._written_to = self.next_id

    def _write_staged(self) -> None:
        started = time.perf_counter()
        staged, self._staged = self._staged, []
        first = reserve_numbers(self.session, customers.entity, len(staged))
        codes = [customers.code_of(first + n) for n in range(len(staged))]
        rows, custom = [], []
        for (batch, i), code in zip(staged, codes, strict=True):
            values = batch.customers[i]
            rows.append((*values[:_CODE], code, *values[_CODE + 1:]))
            custom.extend(batch.custom[i])
        backend = backend_of(self.session)
        backend.insert_prepared(self.session, CUSTOMERS, PreparedRows(list(COLUMNS), rows))
        if custom:
            backend.insert_prepared(self.session, CUSTOM_VALUES,
                                    PreparedRows(staged[0][0].custom_columns, custom))
        indexing = time.perf_counter()
        self.seconds["write"] += indexing - started
        search.write_coded(self.session, [batch.docs[i] for batch, i in staged], codes,
                           [row[_OWNER] for row in rows])
        self.seconds["index"] += time.perf_counter() - indexing
