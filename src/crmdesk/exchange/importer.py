"""Importing rows into customers, contacts, interactions, orders ...

Every row is checked with the services' own rules: ``validate`` with the field
declarations, the record service's defaults (``prepare``), its reference checks
(who may own a customer), its record rules (one ID number per customer) and
the custom fields.  Then each row is matched against the records the user can
see (and the rows before it): the same code, ID number, phone or e-mail, or a
similar name at the same company (:mod:`crmdesk.core.matching`).  A matched row
is skipped, updates the existing record (the file's non-empty values win),
merges into it (only the existing record's empty fields are filled), or is
created anyway, as the user chose (globally, or per row from the preview).

Modes: *all-or-nothing* imports nothing when any row has a problem (the report
names every one); *valid-rows* imports the others.  Either way everything
happens in one transaction: a cancelled or failed import changes nothing.

Customers, the big case, are written through a bulk path (codes from the
counter, ciphertext for sensitive fields, search documents, custom values, one
audit entry for the import); updates of existing records and the other record
types go through the record services one by one (each audited).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, and_, func, or_, select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages, presentation, search
from crmdesk.core.fields import field_spec, fields_of
from crmdesk.core.matching import Candidate, NameBlock, email_key, match_key, sound
from crmdesk.core.models import (
    Contact,
    Customer,
    CustomFieldValue,
    Interaction,
    OpportunityStage,
    Product,
    TicketStatus,
    User,
    utcnow,
)
from crmdesk.core.permissions import Actor, customer_scope, require
from crmdesk.core.services import accounts, audit, custom_fields, sensitive
from crmdesk.core.services.customers import SENSITIVE, customer_doc, customers
from crmdesk.core.services.records import RecordService, format_code, reserve_numbers
from crmdesk.core.services.registry import service_for
from crmdesk.core.validation import (
    FieldProblem,
    clean_datetime,
    clean_phone,
    validate,
)
from crmdesk.errors import FieldError, KnownError, ValidationError
from crmdesk.exchange import pipeline
from crmdesk.exchange.jobs import ExchangeError, JobControl, control_of
from crmdesk.exchange.mapping import (
    ANY_PHONE,
    IMPORT_ENTITIES,
    LINE_TARGETS,
    ColumnMapping,
    code_target,
    target_label,
)
from crmdesk.exchange.sources import Source
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage.backends import backend_of, prepare_rows

log = logging.getLogger("crmdesk.exchange")

MODES = ("all-or-nothing", "valid-rows")
ACTIONS = ("skip", "update", "merge", "create")
CHUNK = 2000
# rows of a preview kept in full besides those with problems or duplicates
PREVIEW_ROWS = 200
# problems and duplicates kept for a preview (the counts are always complete)
PREVIEW_LIMIT = 20_000

REASONS = {
    "code": QT_TRANSLATE_NOOP("Exchange", "same code"),
    "id_number": QT_TRANSLATE_NOOP("Exchange", "same ID number"),
    "phone": QT_TRANSLATE_NOOP("Exchange", "same phone number"),
    "email": QT_TRANSLATE_NOOP("Exchange", "same e-mail address"),
    "name": QT_TRANSLATE_NOOP("Exchange", "similar name at the same company"),
    "company": QT_TRANSLATE_NOOP("Exchange", "same company name"),
    "same": QT_TRANSLATE_NOOP("Exchange", "same record"),
}


# ---------------------------------------------------------------------------
# What an import reports
# ---------------------------------------------------------------------------

@dataclass
class ImportOptions:
    mode: str = "all-or-nothing"
    # what to do with a row that matches an existing record (or an earlier row)
    duplicates: str = "skip"
    # row number -> action, overriding *duplicates* for that row (from the preview)
    row_actions: dict[int, str] = field(default_factory=dict)
    dry_run: bool = False

    def check(self) -> None:
        if self.mode not in MODES:
            raise ExchangeError(QT_TRANSLATE_NOOP(
                "Exchange", "Import mode {mode} does not exist: use all-or-nothing or "
                            "valid-rows."), mode=self.mode)
        for action in (self.duplicates, *self.row_actions.values()):
            if action not in ACTIONS:
                raise ExchangeError(QT_TRANSLATE_NOOP(
                    "Exchange", "{action} is not a way to handle duplicates: use skip, update, "
                                "merge or create."), action=action)


@dataclass
class RowProblem:
    """One line of the error report."""

    row: int
    column: str
    value: Any
    reason: str


@dataclass
class DuplicateMatch:
    """What a row duplicates: an existing record, or an earlier row of the file."""

    reason: str  # a key of REASONS
    score: int
    record_id: int | None = None
    code: str | None = None
    name: str | None = None
    row: int | None = None  # the earlier row of this file
    visible: bool = True

    @property
    def label(self) -> str:
        return render("Exchange", REASONS[self.reason])

    def describe(self) -> str:
        if self.row is not None:
            return render("Exchange", QT_TRANSLATE_NOOP("Exchange", "row {row} ({reason})"),
                          row=self.row, reason=self.label)
        return render("Exchange", QT_TRANSLATE_NOOP("Exchange", "{code} {name} ({reason})"),
                      code=self.code or f"#{self.record_id}", name=self.name or "",
                      reason=self.label)


@dataclass
class RowOutcome:
    """A row as the preview shows it."""

    row: int
    values: dict[str, Any]  # target -> value in the file
    problems: list[RowProblem] = field(default_factory=list)
    duplicate: DuplicateMatch | None = None
    action: str = "create"  # create, update, merge, skip, or "invalid"
    record_id: int | None = None


@dataclass
class ImportResult:
    entity: str
    source: str
    mode: str
    duplicates: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    merged: int = 0
    skipped: int = 0
    invalid: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    duplicate_rows: int = 0
    committed: bool = False
    seconds: float = 0.0

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.merged

    @property
    def refused(self) -> bool:
        """All-or-nothing and something was wrong: nothing was imported."""
        return self.mode == "all-or-nothing" and self.invalid > 0


class _Rollback(Exception):  # noqa: N818 - internal signal, not an error
    pass


# ---------------------------------------------------------------------------
# Looking up what rows refer to
# ---------------------------------------------------------------------------

def excel_serial_date(value: float, kind: str) -> Any:
    """A spreadsheet date shown as a number (45413 is 2024-05-01): Excel counts days
    from 1899-12-30.  Numbers outside the years 1900-9999 are left as they are."""
    if not 1 <= value < 2_958_466:
        return value
    moment = _EXCEL_EPOCH + timedelta(days=float(value))
    if kind == "date":
        return moment.date()
    return moment.replace(microsecond=0) if moment.microsecond < 500_000 else \
        (moment + timedelta(seconds=1)).replace(microsecond=0)


_EXCEL_EPOCH = datetime(1899, 12, 30)


def _labelled(label: str, problem: str) -> str:
    return render("Exchange", QT_TRANSLATE_NOOP("Exchange", "{label}: {problem}"), label=label,
                  problem=problem)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _References:
    """Users, customers, products ... by what people write, memoized for one import."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor
        self._users: dict[str, list[int]] | None = None
        self._user_ids: set[int] = set()
        self.memo: dict[tuple[str, str], tuple[int | None, str | None]] = {}

    def _problem(self, text: str, **params: object) -> tuple[int | None, str | None]:
        return None, render("Exchange", text, **params)

    def user(self, value: Any) -> tuple[int | None, str | None]:
        key = ("user", _text(value))
        if key in self.memo:
            return self.memo[key]
        if self._users is None:
            self._users = {}
            for user in self.session.execute(select(User)).scalars():
                self._user_ids.add(user.id)
                for name in {user.username.lower(), user.display_name}:
                    self._users.setdefault(name, []).append(user.id)
        text = key[1]
        found = self._users.get(text) or self._users.get(text.lower())
        if not found and text.isdigit() and int(text) in self._user_ids:
            found = [int(text)]
        if not found:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "There is no user {name}: write a login name or display name from "
                            "the user list."), name=text)
        elif len(set(found)) > 1:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "Several users are called {name}: write the login name instead."),
                name=text)
        else:
            result = (found[0], None)
        self.memo[key] = result
        return result

    def customer(self, value: Any) -> tuple[int | None, str | None]:
        key = ("customer", _text(value))
        if key in self.memo:
            return self.memo[key]
        text = key[1]
        visible = (Customer.deleted_at.is_(None), customer_scope(self.actor))
        ids = list(self.session.execute(select(Customer.id).where(
            Customer.code == text, *visible)).scalars())
        if not ids:
            ids = list(self.session.execute(select(Customer.id).where(
                Customer.name == text, *visible).limit(3)).scalars())
        if not ids:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "There is no customer {name} that you can see: write the customer's "
                            "code (e.g. C000123) or exact name."), name=text)
        elif len(ids) > 1:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "Several customers are called {name}: write the customer's code "
                            "instead."), name=text)
        else:
            result = (ids[0], None)
        self.memo[key] = result
        return result

    def contact(self, value: Any, customer_id: int | None) -> tuple[int | None, str | None]:
        text = _text(value)
        conds = [Contact.name == text, Contact.deleted_at.is_(None)]
        if customer_id is not None:
            conds.append(Contact.customer_id == customer_id)
        ids = list(self.session.execute(select(Contact.id).where(*conds).limit(3)).scalars())
        if len(ids) == 1:
            return ids[0], None
        return self._problem(QT_TRANSLATE_NOOP(
            "Exchange", "{name} is not a contact of this customer: write the exact name of one "
                        "of its contacts."), name=text)

    def product(self, value: Any) -> tuple[int | None, str | None]:
        key = ("product", _text(value))
        if key in self.memo:
            return self.memo[key]
        text = key[1]
        live = Product.deleted_at.is_(None)
        ids = list(self.session.execute(select(Product.id).where(
            Product.code == text, live)).scalars()) or list(self.session.execute(
                select(Product.id).where(Product.name == text, live).limit(3)).scalars())
        if len(ids) == 1:
            result: tuple[int | None, str | None] = (ids[0], None)
        else:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "There is no product {name}: write a product code or exact name from "
                            "the product list."), name=text)
        self.memo[key] = result
        return result

    def status(self, value: Any) -> tuple[int | None, str | None]:
        text = _text(value)
        entries = [(st.id, st.key, st.name) for st in self.session.execute(
            select(TicketStatus).order_by(TicketStatus.position)).scalars()]
        found = presentation.choice_from_text("ticket_status", text, entries)
        if found is not None:
            return found, None
        return self._problem(QT_TRANSLATE_NOOP(
            "Exchange", "There is no ticket status {name}: write one from the status list."),
            name=text)

    def stage(self, value: Any) -> tuple[str | None, str | None]:
        text = _text(value)
        entries = [(st.key, st.key, st.name) for st in self.session.execute(
            select(OpportunityStage).order_by(OpportunityStage.position)).scalars()]
        found = presentation.choice_from_text("stage", text, entries)
        if found is not None:
            return found, None
        return None, render("Exchange", QT_TRANSLATE_NOOP(
            "Exchange", "There is no pipeline stage {name}: write one from the stage list."),
            name=text)


# ---------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------

def _chunks(rows: Iterable[tuple[int, list[Any]]], size: int
            ) -> Iterator[list[tuple[int, list[Any]]]]:
    chunk: list[tuple[int, list[Any]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class _Row:
    """One row on its way: mapped, cleaned, matched."""

    number: int
    values: dict[str, Any]  # target -> raw value
    columns: dict[str, str]  # field key -> the header its value came from
    errors: list[RowProblem] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)
    custom: dict[int, Any] = field(default_factory=dict)  # custom field def id -> value
    given: set[str] = field(default_factory=set)  # fields the file gave (not defaults)
    keys: dict[str, list[str]] = field(default_factory=dict)  # match keys
    duplicate: DuplicateMatch | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class _Engine:
    """Runs one import (or its preview) inside the caller's session."""

    def __init__(self, session: Session, actor: Actor, source: Source, mapping: ColumnMapping,
                 options: ImportOptions, control: JobControl, *, write: bool,
                 keep: int) -> None:
        self.session = session
        self.actor = actor
        self.source = source
        self.mapping = mapping
        self.options = options
        self.control = control
        self.write = write
        self.keep = keep
        self.entity = mapping.entity
        self.service: RecordService[Any] = service_for(self.entity)
        self.refs = _References(session, actor)
        self.defs = custom_fields.definitions(session, self.entity) if self.entity in (
            "customer", "contact", "opportunity", "order", "ticket", "product") else []
        self.defs_by_id = {d.id: d for d in self.defs}
        self.result = ImportResult(self.entity, source.path.name, options.mode,
                                   options.duplicates, dry_run=not write)
        self.positions = [(i, mapping.target_of(h), h) for i, h in enumerate(source.headers)]
        self.positions = [(i, t, h) for i, t, h in self.positions if t]
        # date targets: a number there is a spreadsheet date without date format
        self.date_targets = {s.key: s.kind for s in fields_of(self.entity)
                             if s.kind in ("date", "datetime")}
        self.date_targets["created_at"] = "datetime"
        self.date_targets.update({"cf." + d.key: "date" for d in self.defs
                                  if d.kind == "date"})
        self.failed = False  # all-or-nothing: stop writing after the first bad row
        self.limit: int | None = None  # a preview of the first rows only

    # -- per row -------------------------------------------------------------
    def map_row(self, number: int, values: Sequence[Any]) -> _Row:
        mapped: dict[str, Any] = {}
        columns: dict[str, str] = {}
        for index, target, header in self.positions:
            value = values[index]
            if value is None:
                continue
            assert target is not None
            if target in self.date_targets and isinstance(value, (int, float)) \
                    and not isinstance(value, bool):
                value = excel_serial_date(value, self.date_targets[target])
            mapped[target] = value
            columns[target] = header
        return _Row(number, mapped, columns)

    def problem(self, row: _Row, key: str, message: str, value: Any = None) -> None:
        column = row.columns.get(key) or self.mapping.header_of(key) or target_label(
            self.entity, key, self._custom_labels())
        if value is None:
            value = row.values.get(key)
        row.errors.append(RowProblem(row.number, column, value, message))

    def field_errors(self, row: _Row, errors: Iterable[FieldError]) -> None:
        for error in errors:
            self.problem(row, error.field, error.message)

    def _custom_labels(self) -> dict[str, str]:
        return {d.key: d.label for d in self.defs}

    def split_custom(self, row: _Row) -> dict[str, Any]:
        custom = {}
        for key in list(row.values):
            if key.startswith("cf."):
                custom[key[3:]] = row.values[key]
                row.columns.setdefault("cf." + key[3:], row.columns.get(key, key))
        return custom

    def clean_custom(self, row: _Row, raw: Mapping[str, Any], *, creating: bool) -> None:
        try:
            cleaned = custom_fields.clean_values(
                self.session, self.actor, self.entity, raw, creating=creating, defs=self.defs)
        except ValidationError as exc:
            self.field_errors(row, exc.errors)
            return
        row.custom = {def_id: value for def_id, (_definition, value) in cleaned.items()}

    def number_problem(self, row: _Row, key: str, value: Any) -> bool:
        """Excel keeps 15 digits of a number: an ID or account number typed as a number
        has lost its last digits."""
        if isinstance(value, float) and abs(value) >= 1e15:
            self.problem(row, key, render("Exchange", QT_TRANSLATE_NOOP(
                "Exchange", "{label}: the spreadsheet stored this as a number and lost its last "
                            "digits. Format the column as text and type the numbers again."),
                label=target_label(self.entity, key)))
            return True
        return False

    # -- bookkeeping -----------------------------------------------------------
    def outcome(self, row: _Row, action: str, record_id: int | None = None) -> None:
        result = self.result
        result.rows += 1
        if row.errors:
            action = "invalid"
            result.invalid += 1
            result.problems.extend(row.errors)
            if self.options.mode == "all-or-nothing":
                self.failed = True
        elif action == "create":
            result.created += 1
        elif action == "update":
            result.updated += 1
        elif action == "merge":
            result.merged += 1
        elif action == "skip":
            result.skipped += 1
        if row.duplicate is not None:
            result.duplicate_rows += 1
        interesting = bool(row.errors) or row.duplicate is not None
        if (interesting and len(result.outcomes) < PREVIEW_LIMIT) or result.rows <= self.keep:
            if self.keep:
                result.outcomes.append(RowOutcome(row.number, dict(row.values), list(row.errors),
                                                  row.duplicate, action, record_id))

    def action_for(self, row: _Row) -> str:
        if row.duplicate is None:
            return "create"
        return self.options.row_actions.get(row.number, self.options.duplicates)

    @property
    def writing(self) -> bool:
        return self.write and not self.failed

    # -- the run ---------------------------------------------------------------
    def run(self, checked: Iterable[list[_Row]] | None = None) -> ImportResult:
        """Import every row; *checked*: the rows mapped and checked elsewhere (a second
        process reading the file), in chunks."""
        started = time.perf_counter()
        total = self.source.total
        done = 0
        stage = "check" if not self.write else "import"
        self.control.report(stage, 0, total)
        source_rows: Iterable[tuple[int, list[Any]]] = self.source.rows()
        if self.limit is not None:
            source_rows = islice(source_rows, self.limit)
            total = self.limit if total is None else min(total, self.limit)
        chunks = checked if checked is not None else (
            self.check_rows(chunk) for chunk in _chunks(source_rows, CHUNK))
        for rows in chunks:
            self.control.check()
            self.process(rows)
            done += len(rows)
            self.control.report(stage, done, total)
        self.control.check()
        self.finish()
        self.result.seconds = time.perf_counter() - started
        return self.result

    def check_rows(self, chunk: list[tuple[int, list[Any]]]) -> list[_Row]:
        """Map and check a chunk of rows: what needs the file, not the decisions."""
        rows = [self.map_row(number, values) for number, values in chunk]
        for row in rows:
            self.clean(row)
        return rows

    def clean(self, row: _Row) -> None:
        """Check one row with the service's rules (problems go on the row)."""

    def process(self, rows: list[_Row]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Write what is pending."""

    # -- updating an existing record through its service ----------------------------
    def apply_to_existing(self, row: _Row, record_id: int, action: str,
                          changes: dict[str, Any], custom: dict[str, Any]) -> bool:
        if not self.writing:
            return True
        try:
            with self.session.begin_nested():
                self.service.update(self.session, self.actor, record_id, changes,
                                    custom=custom)
        except ValidationError as exc:
            self.field_errors(row, exc.errors)
            return False
        except KnownError as exc:
            self.problem(row, "name" if "name" in row.values else next(iter(row.values), ""),
                         exc.message)
            return False
        return True


# ---------------------------------------------------------------------------
# Customers: validated per row, written in bulk
# ---------------------------------------------------------------------------

_PHONE_FIELDS = ("mobile", "phone")


class _CustomerEngine(_Engine):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner_spec = field_spec("customer", "owner_id")
        self.owner_ok: dict[int, list[FieldError]] = {}
        self.seen: dict[str, tuple[int, int | None]] = {}  # key -> (row, new id)
        self.pending: list[dict[str, Any]] = []
        self.pending_keys: list[str | None] = []  # pinyin keys of the pending customers
        self.pending_custom: list[tuple[int, dict[int, Any]]] = []
        self.pending_rows: dict[int, int] = {}  # new id -> row number
        self.blocks: dict[str, NameBlock[tuple[int, int | None]]] = {}
        self.next_id = int(self.session.execute(
            select(func.coalesce(func.max(Customer.id), 0))).scalar_one()) + 1
        self.first_new_id = self.next_id
        # Nothing to match against (a first import into a new file): no lookups needed.
        # (Not only the visible ones: an ID number is unique among all customers.)
        self.has_existing = self.session.execute(select(Customer.id).where(
            Customer.deleted_at.is_(None)).limit(1)).first() is not None
        self.table = cast(Table, Customer.__table__)
        self.columns = [c.name for c in self.table.columns]
        self.now = utcnow()
        self.dialect = backend_of(self.session).name

    # -- checking ------------------------------------------------------------
    def clean(self, row: _Row) -> None:
        data: dict[str, Any] = {}
        custom_raw = self.split_custom(row)
        for key, value in row.values.items():
            if key.startswith("cf.") or key in ("code", "created_at", ANY_PHONE):
                continue
            if key == "owner_id":
                owner, problem = self.refs.user(value)
                if problem:
                    self.problem(row, key, _labelled(self.owner_spec.translated, problem))
                    continue
                value = owner
            elif key in ("id_number", "bank_account") + _PHONE_FIELDS and \
                    self.number_problem(row, key, value):
                continue
            data[key] = value
        if ANY_PHONE in row.values:
            value = row.values[ANY_PHONE]
            try:
                is_mobile = clean_phone(value, mobile=True) is not None
            except FieldProblem:
                is_mobile = False
            target = "mobile" if is_mobile and "mobile" not in data else "phone"
            if target not in data:
                data[target] = value
                row.columns[target] = row.columns[ANY_PHONE]
                row.values.setdefault(target, value)
        if "created_at" in row.values:
            try:
                row.extra["created_at"] = clean_datetime(row.values["created_at"])
            except FieldProblem as problem:
                label = field_spec("customer", "created_at").translated
                self.problem(row, "created_at", problem.render(label))
        row.given = {k for k, v in data.items() if v is not None}
        # RecordService.clean for a new record: defaults, then the field rules
        if data.get("owner_id") in (None, ""):
            data["owner_id"] = self.actor.user_id
        customers.prepare(self.session, self.actor, data, None)
        try:
            row.cleaned = validate("customer", data, partial=False)
        except ValidationError as exc:
            self.field_errors(row, exc.errors)
        owner = data.get("owner_id")
        if isinstance(owner, int):  # who may own it: RecordService.check_references
            if owner not in self.owner_ok:
                self.owner_ok[owner] = customers.check_references(
                    self.session, self.actor, {"owner_id": owner}, None)
            self.field_errors(row, self.owner_ok[owner])
        self.clean_custom(row, custom_raw, creating=True)
        if row.errors:
            return
        keys: dict[str, list[str]] = {}
        c = row.cleaned
        if row.values.get("code") is not None:
            keys["code"] = [_text(row.values["code"])]
        if c.get("id_number"):
            keys["id_number"] = [sensitive.blind_index(
                self.actor, SENSITIVE["id_number"], c["id_number"]).hex()]
        phones = [c[k] for k in _PHONE_FIELDS if c.get(k)]
        if phones:
            keys["phone"] = phones
        if c.get("email"):
            keys["email"] = [email_key(c["email"]) or ""]
        name_key = match_key(c.get("kind"), c.get("name"), c.get("company"))
        if name_key:
            keys["name"] = [name_key]
        row.keys = keys
        # the costly part of the search entry (pinyin), done with the checks
        row.extra["pinyin"] = search.DocInput("customer", 0, None, None, "", None, (),
                                              pinyin_of=(c.get("name"), c.get("company"))).keys()
        if name_key and c.get("kind") != "company":
            row.extra["sound"] = sound(c.get("name"))  # same pinyin: cached by now

    # -- matching --------------------------------------------------------------
    def lookup(self, rows: list[_Row]) -> tuple[dict[str, dict[str, list[Any]]],
                                                  dict[str, NameBlock[Any]]]:
        """Existing records sharing a key with these rows (one query per key kind)."""
        if not self.has_existing:
            return {}, {}
        wanted: dict[str, set[str]] = {}
        for row in rows:
            for kind, values in row.keys.items():
                wanted.setdefault(kind, set()).update(values)
        visible = customer_scope(self.actor)
        # Records this import created are matched in memory (self.seen, self.blocks).
        live = and_(Customer.deleted_at.is_(None), Customer.id < self.first_new_id)
        found: dict[str, dict[str, list[Any]]] = {k: {} for k in wanted}
        cols = (Customer.id, Customer.code, Customer.name, Customer.kind, Customer.company)

        def collect(kind: str, key_of: Any, stmt: Any) -> None:
            for rec in self.session.execute(stmt):
                for key in key_of(rec):
                    if key is not None and key in wanted[kind]:
                        found[kind].setdefault(key, []).append(rec)

        for part in _parts(wanted.get("code", ())):
            collect("code", lambda r: [r.code], select(*cols).where(
                Customer.code.in_(part), live, visible))
        for part in _parts(wanted.get("id_number", ())):
            # one ID number per customer, whoever owns it (RecordService.check_record)
            bidx = [bytes.fromhex(k) for k in part]
            collect("id_number", lambda r: [r.id_number_bidx.hex()], select(
                *cols, Customer.id_number_bidx, visible.label("visible")).where(
                Customer.id_number_bidx.in_(bidx), live))
        for part in _parts(wanted.get("phone", ())):
            collect("phone", lambda r: [r.mobile, r.phone], select(
                *cols, Customer.mobile, Customer.phone).where(
                or_(Customer.mobile.in_(part), Customer.phone.in_(part)), live, visible))
        typed = {r.cleaned["email"] for r in rows if r.cleaned.get("email")}
        for part in _parts(wanted.get("email", set()) | typed):
            variants = set(part)
            collect("email", lambda r: [email_key(r.email)], select(*cols, Customer.email).where(
                Customer.email.in_(variants), live, visible))
        blocks: dict[str, NameBlock[Any]] = {}
        for part in _parts(wanted.get("name", ())):
            for rec in self.session.execute(select(*cols, Customer.match_key).where(
                    Customer.match_key.in_(part), live, visible).order_by(Customer.id)):
                blocks.setdefault(rec.match_key, NameBlock()).add(
                    Candidate(rec.kind, rec.name, rec.company), rec)
        return found, blocks

    def best_match(self, row: _Row, found: dict[str, dict[str, list[Any]]],
                   blocks: dict[str, NameBlock[Any]]) -> DuplicateMatch | None:
        """The strongest match: exact keys first (existing records before earlier rows),
        then a similar name in the same block."""
        for kind in ("code", "id_number", "phone", "email"):
            for key in row.keys.get(kind, ()):
                existing = found.get(kind, {}).get(key)
                if existing:
                    rec = existing[0]
                    return DuplicateMatch(kind, 100, record_id=rec.id, code=rec.code,
                                          name=rec.name,
                                          visible=bool(getattr(rec, "visible", True)))
                earlier = self.seen.get(f"{kind}:{key}")
                if earlier is not None:
                    return DuplicateMatch(kind, 100, row=earlier[0], record_id=earlier[1])
        c = row.cleaned
        me = Candidate(c.get("kind"), c.get("name"), c.get("company"), row.extra.get("sound"))
        reason = "company" if me.kind == "company" else "name"
        for key in row.keys.get("name", ()):
            block = blocks.get(key)
            hit = block.find(me) if block is not None else None
            if hit is not None:
                rec, score = hit
                return DuplicateMatch(reason, score, record_id=rec.id, code=rec.code,
                                      name=rec.name)
            mine = self.blocks.get(key)
            earlier_hit = mine.find(me) if mine is not None else None
            if earlier_hit is not None:
                (number, new_id), score = earlier_hit
                return DuplicateMatch(reason, score, row=number, record_id=new_id)
        return None

    def remember(self, row: _Row, new_id: int | None) -> None:
        c = row.cleaned
        for kind, values in row.keys.items():
            for key in values:
                if kind == "name":
                    self.blocks.setdefault(key, NameBlock()).add(
                        Candidate(c.get("kind"), c.get("name"), c.get("company"),
                                  row.extra.get("sound")), (row.number, new_id))
                else:
                    self.seen.setdefault(f"{kind}:{key}", (row.number, new_id))

    # -- deciding and writing ----------------------------------------------------
    def process(self, rows: list[_Row]) -> None:
        found, blocks = self.lookup([r for r in rows if not r.errors])
        for row in rows:
            if row.errors:
                self.outcome(row, "invalid")
                continue
            row.duplicate = self.best_match(row, found, blocks)
            action = self.action_for(row)
            dup = row.duplicate
            if dup is not None and dup.reason == "id_number" and (
                    action == "create" or (action != "skip" and not dup.visible)):
                self.id_number_taken(row, dup)  # one ID number per customer
            if row.errors:
                self.outcome(row, "invalid")
                continue
            if action == "create":
                new_id = self.create(row)
                self.remember(row, new_id)
                self.outcome(row, "create", new_id)
            elif action == "skip":
                self.outcome(row, "skip", dup.record_id if dup else None)
            else:
                assert dup is not None
                target = dup.record_id
                if target is None or (self.write and target in self.pending_rows):
                    self.flush()
                if target is None:  # an earlier row of the file (preview: nothing to update)
                    self.outcome(row, action)
                    continue
                ok = self.update_existing(row, target, action)
                self.outcome(row, action if ok else "invalid", target)
        if self.writing:
            self.flush()

    def id_number_taken(self, row: _Row, dup: DuplicateMatch) -> None:
        shown = target_label("customer", "id_number")
        where = dup.code if dup.row is None else render(
            "Exchange", QT_TRANSLATE_NOOP("Exchange", "row {row}"), row=dup.row)
        self.problem(row, "id_number", render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label} already belongs to customer {code}: check the number, "
                          "or open that customer."), label=shown, code=where))

    def create(self, row: _Row) -> int | None:
        if not self.writing:
            return None
        new_id = self.next_id
        self.next_id += 1
        record: dict[str, Any] = dict.fromkeys(self.columns)
        for key, value in row.cleaned.items():
            if key in SENSITIVE:
                enc, bidx = sensitive.encrypt(self.actor, SENSITIVE[key], value)
                record[key + "_enc"], record[key + "_bidx"] = enc, bidx
            else:
                record[key] = value
        created = row.extra.get("created_at") or self.now
        record.update(id=new_id, created_at=created, updated_at=self.now,
                      created_by_id=self.actor.user_id or None,
                      updated_by_id=self.actor.user_id or None, version=1,
                      match_key=row.keys["name"][0] if row.keys.get("name") else None)
        self.pending.append(record)
        self.pending_keys.append(row.extra.get("pinyin"))
        self.pending_rows[new_id] = row.number
        if row.custom:
            self.pending_custom.append((new_id, row.custom))
        return new_id

    def flush(self) -> None:
        """Insert the pending new customers, their custom values and search entries."""
        if not self.pending or not self.writing:
            return
        first = reserve_numbers(self.session, "customer", len(self.pending))
        for i, record in enumerate(self.pending):
            record["code"] = format_code(customers.code_prefix, first + i, customers.code_width)
        backend = backend_of(self.session)
        backend.insert_prepared(self.session, self.table,
                                prepare_rows(self.dialect, self.table, self.pending))
        values = []
        for entity_id, custom in self.pending_custom:
            for def_id, value in custom.items():
                if value is None:
                    continue
                values.append({"def_id": def_id, "entity_id": entity_id,
                               **custom_fields.stored_columns(
                                   self.actor, self.defs_by_id[def_id], value)})
        if values:
            table = cast(Table, CustomFieldValue.__table__)
            backend.insert_prepared(self.session, table, prepare_rows(self.dialect, table,
                                                                       values))
        docs = [_KeyedDoc.of(customer_doc(cast(Customer, SimpleNamespace(**r))), keys)
                for r, keys in zip(self.pending, self.pending_keys, strict=True)]
        search.write_prepared(self.session, search.prepare(docs))
        self.pending.clear()
        self.pending_keys.clear()
        self.pending_custom.clear()
        self.pending_rows.clear()

    def update_existing(self, row: _Row, record_id: int, action: str) -> bool:
        if not self.write:
            return True
        if not self.writing:
            return True
        current = customers.get(self.session, self.actor, record_id)
        changes: dict[str, Any] = {}
        for key in row.given:
            value = row.cleaned.get(key)
            if value is None:
                continue
            if key in SENSITIVE:
                empty = getattr(current, key + "_enc") is None
            else:
                empty = getattr(current, key) in (None, "")
            if action == "update" or empty:
                changes[key] = value
            elif key == "tags":
                united = dict.fromkeys([*(current.tags or "").split(","), *value.split(",")])
                changes[key] = ",".join(t for t in united if t)
        custom: dict[str, Any] = {}
        have = custom_fields.values(self.session, self.actor, "customer", record_id)
        for def_id, value in row.custom.items():
            definition = self.defs_by_id[def_id]
            if value is not None and (action == "update" or have.get(definition.key) in
                                      (None, "")):
                custom[definition.key] = value
        return self.apply_to_existing(row, record_id, action, changes, custom)


@dataclass
class _KeyedDoc(search.DocInput):
    """A search document whose pinyin keys were computed already."""

    known_keys: str | None = None

    @classmethod
    def of(cls, doc: search.DocInput, keys: str | None) -> search.DocInput:
        return cls(**vars(doc), known_keys=keys) if keys is not None else doc

    def keys(self) -> str:
        return self.known_keys if self.known_keys is not None else super().keys()


def _parts(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start:start + size]


# ---------------------------------------------------------------------------
# Other record types: through their services, row by row
# ---------------------------------------------------------------------------

_REFERENCE_KINDS = ("customer", "contact", "product", "user", "status", "stage")


class _RecordEngine(_Engine):
    def service_input(self, row: _Row) -> dict[str, Any]:
        """The service input for a row (references resolved); problems on *row*."""
        data: dict[str, Any] = {}
        custom_raw = self.split_custom(row)
        specs = {s.key: s for s in fields_of(self.entity)}
        code = code_target(self.entity)
        for key, value in list(row.values.items()):
            if key.startswith("cf.") or key in LINE_TARGETS or (key == code and (
                    key not in specs or not specs[key].editable)):
                continue
            if key == ANY_PHONE:
                try:
                    is_mobile = clean_phone(value, mobile=True) is not None
                except FieldProblem:
                    is_mobile = False
                key = "mobile" if is_mobile and "mobile" not in row.values else "phone"
                row.columns[key] = row.columns[ANY_PHONE]
                row.values.setdefault(key, value)
                if key in data:
                    continue
            spec = specs.get(key)
            if spec is not None and spec.kind in _REFERENCE_KINDS:
                value = self.reference(row, spec, value, data)
                if value is None:
                    continue
            data[key] = value
        row.given = {k for k, v in data.items() if v is not None}
        self.clean_custom(row, custom_raw, creating=True)
        return data

    def reference(self, row: _Row, spec: Any, value: Any, data: dict[str, Any]) -> Any:
        kind = spec.kind
        if kind == "user":
            found, problem = self.refs.user(value)
        elif kind == "customer":
            found, problem = self.refs.customer(value)
        elif kind == "contact":
            customer_value = row.values.get("customer_id")
            customer_id = self.refs.customer(customer_value)[0] if customer_value else None
            found, problem = self.refs.contact(value, customer_id)
        elif kind == "product":
            found, problem = self.refs.product(value)
        elif kind == "status":
            found, problem = self.refs.status(value)
        else:
            stage, problem = self.refs.stage(value)
            found = stage  # type: ignore[assignment]
        if problem:
            self.problem(row, spec.key, _labelled(spec.translated, problem))
            return None
        return found

    def lines(self, row: _Row) -> list[dict[str, Any]]:
        if not any(k in row.values for k in LINE_TARGETS):
            return []
        product_id = None
        if "line.product" in row.values:
            product_id, problem = self.refs.product(row.values["line.product"])
            if problem:
                self.problem(row, "line.product", problem)
                return []
        return [{"product_id": product_id,
                 "description": row.values.get("line.description"),
                 "quantity": row.values.get("line.quantity", 1),
                 "unit_price": row.values.get("line.unit_price")}]

    def find_existing(self, row: _Row, data: dict[str, Any]) -> DuplicateMatch | None:
        model = self.service.model
        scope = (model.deleted_at.is_(None), self.service.scope(self.actor))
        code = code_target(self.entity)
        if code and row.values.get(code) is not None:
            text = _text(row.values[code])
            rec = self.session.execute(select(model).where(
                getattr(model, code) == text, *scope)).scalars().first()
            if rec is not None:
                return DuplicateMatch("code", 100, record_id=rec.id, code=text,
                                      name=self.service.describe(rec))
        if self.entity == "contact" and data.get("customer_id"):
            conds = []
            for key in ("mobile", "email"):
                if data.get(key):
                    try:
                        value = validate("contact", {key: data[key]}, partial=True).get(key)
                    except ValidationError:
                        continue
                    conds.append(getattr(Contact, key) == value)
            if data.get("name"):
                conds.append(Contact.name == _text(data["name"]))
            if conds:
                rec = self.session.execute(select(Contact).where(
                    Contact.customer_id == data["customer_id"], or_(*conds), *scope)
                ).scalars().first()
                if rec is not None:
                    return DuplicateMatch("same", 100, record_id=rec.id, name=rec.name)
        if self.entity == "interaction" and data.get("customer_id") and data.get("summary"):
            try:
                when = clean_datetime(data.get("occurred_at"))
            except FieldProblem:
                when = None
            if when is not None:
                rec = self.session.execute(select(Interaction).where(
                    Interaction.customer_id == data["customer_id"],
                    Interaction.occurred_at == when,
                    Interaction.summary == _text(data["summary"]), *scope)).scalars().first()
                if rec is not None:
                    return DuplicateMatch("same", 100, record_id=rec.id, name=rec.summary)
        return None

    def clean(self, row: _Row) -> None:
        row.extra["data"] = self.service_input(row)
        row.extra["lines"] = self.lines(row) if self.entity == "order" else []

    def process(self, rows: list[_Row]) -> None:
        for row in rows:
            data: dict[str, Any] = row.extra["data"]
            lines: list[dict[str, Any]] = row.extra["lines"]
            if not row.errors:
                row.duplicate = self.find_existing(row, data)
            action = self.action_for(row)
            if row.errors:
                self.outcome(row, "invalid")
                continue
            if action == "skip":
                self.outcome(row, "skip", row.duplicate.record_id if row.duplicate else None)
                continue
            custom = {self.defs_by_id[i].key: v for i, v in row.custom.items()}
            if action in ("update", "merge") and row.duplicate is not None \
                    and row.duplicate.record_id is not None:
                record_id = row.duplicate.record_id
                changes = {k: v for k, v in data.items() if k in row.given}
                if action == "merge":
                    current = self.service.get(self.session, self.actor, record_id)
                    changes = {k: v for k, v in changes.items()
                               if getattr(current, k, None) in (None, "")}
                if self.writing:
                    ok = self.apply_to_existing(row, record_id, action, changes, custom)
                else:
                    ok = self.check_only(row, data, lines, record_id)
                self.outcome(row, action if ok else "invalid", record_id)
                continue
            if self.writing:
                new_id = self.create(row, data, custom, lines)
            else:
                self.check_only(row, data, lines, None)
                new_id = None
            self.outcome(row, "create", new_id)

    def check_only(self, row: _Row, data: dict[str, Any], lines: list[dict[str, Any]],
                   record_id: int | None) -> bool:
        """The service's checks without writing (preview, or all-or-nothing after a failure)."""
        obj = self.service.get(self.session, self.actor, record_id) if record_id else None
        try:
            self.service.clean(self.session, self.actor, data if obj is None else {
                k: v for k, v in data.items() if k in row.given}, obj)
            if lines:
                from crmdesk.core.services.sales import orders

                orders.clean_lines(self.session, lines)
        except ValidationError as exc:
            self.field_errors(row, exc.errors)
        except KnownError as exc:
            self.problem(row, next(iter(row.values), ""), exc.message)
        return not row.errors

    def create(self, row: _Row, data: dict[str, Any], custom: dict[str, Any],
               lines: list[dict[str, Any]]) -> int | None:
        try:
            with self.session.begin_nested():
                if self.entity == "order":
                    from crmdesk.core.services.sales import orders

                    obj = orders.create_with_lines(self.session, self.actor, data, lines) \
                        if lines else orders.create(self.session, self.actor, data,
                                                    custom=custom)
                    if lines and custom:
                        custom_fields.save_values(self.session, self.actor, "order", obj.id,
                                                  custom_fields.clean_values(
                                                      self.session, self.actor, "order", custom,
                                                      creating=False, defs=self.defs))
                else:
                    obj = self.service.create(self.session, self.actor, data, custom=custom)
        except ValidationError as exc:
            self.field_errors(row, exc.errors)
            return None
        except KnownError as exc:
            self.problem(row, next(iter(row.values), ""), exc.message)
            return None
        return int(obj.id)


# ---------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------

def check_entity(entity: str) -> str:
    """*entity* if records of that type can be imported, else a clear error."""
    if entity not in IMPORT_ENTITIES:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{entity} records cannot be imported: choose one of {entities}."),
            entity=entity, entities=", ".join(IMPORT_ENTITIES))
    return entity


def _prepare(session: Session, actor: Actor, source: Source, mapping: ColumnMapping,
             options: ImportOptions) -> None:
    options.check()
    check_entity(mapping.entity)
    accounts.ensure_active(session, actor)
    if mapping.entity == "product":
        require(actor, "products.manage")
    defs = custom_fields.definitions(session, mapping.entity) if mapping.entity != "interaction" \
        and mapping.entity != "task" else []
    mapping.check(mapping.entity, defs, source.headers)
    mapped = {mapping.target_of(h) for h in source.headers} - {None}
    if not mapped:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "No column of {name} is mapped to a field: choose at least the "
                        "columns holding the names."), name=source.path.name)
    needed = [s for s in fields_of(mapping.entity) if s.required and s.editable
              and s.key not in mapped and not _has_default(mapping.entity, s.key)]
    if needed:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "No column fills {fields}, which every {entity} needs: map a column "
                        "to it."), fields=", ".join(s.translated for s in needed),
            entity=render("Entity", _entity_source(mapping.entity)))


def _has_default(entity: str, key: str) -> bool:
    """Required fields the service fills itself when left empty."""
    return (entity, key) in {("interaction", "kind"), ("interaction", "occurred_at"),
                             ("order", "order_date"), ("opportunity", "stage")}


def _entity_source(entity: str) -> str:
    from crmdesk.core.fields import ENTITY_LABELS

    return ENTITY_LABELS[entity]


def _engine(session: Session, actor: Actor, source: Source, mapping: ColumnMapping,
            options: ImportOptions, control: JobControl, *, write: bool, keep: int) -> _Engine:
    cls = _CustomerEngine if mapping.entity == "customer" else _RecordEngine
    return cls(session, actor, source, mapping, options, control, write=write, keep=keep)


def preview(db: Any, actor: Actor, source: Source, mapping: ColumnMapping,
            options: ImportOptions | None = None, control: JobControl | None = None, *,
            keep: int = PREVIEW_ROWS, rows: int | None = None) -> ImportResult:
    """Check every row (or the first *rows*) without writing: problems, duplicates and
    planned actions.

    ``result.outcomes`` holds the first *keep* rows and every row with a problem or
    a duplicate (up to ``PREVIEW_LIMIT``); the counts cover the rows checked.  A
    window can check the first rows at once while the mapping is edited, and the
    whole file before importing.
    """
    options = options or ImportOptions()
    with db.session() as session:
        _prepare(session, actor, source, mapping, options)
        engine = _engine(session, actor, source, mapping, options, control_of(control),
                         write=False, keep=keep)
        engine.limit = rows
        return engine.run()


def run_import(db: Any, actor: Actor, source: Source, mapping: ColumnMapping,
               options: ImportOptions | None = None,
               control: JobControl | None = None) -> ImportResult:
    """Import *source* (see the module docstring).  ``options.dry_run``: check only."""
    options = options or ImportOptions()
    if options.dry_run:
        return preview(db, actor, source, mapping, options, control, keep=0)
    control = control_of(control)
    outcome: ImportResult | None = None
    try:
        with db.transaction() as session:
            _prepare(session, actor, source, mapping, options)
            engine = _engine(session, actor, source, mapping, options, control, write=True,
                             keep=0)
            if pipeline.usable(db, source.total, mapping.entity):
                job = pipeline.job_for(db, actor, source, mapping, options, CHUNK)
                outcome = engine.run(pipeline.checked_rows(job, control))
            else:
                outcome = engine.run()
            if outcome.refused:
                raise _Rollback
            _audit(session, actor, outcome, mapping)
            outcome.committed = True
    except _Rollback:
        assert outcome is not None
        log.info("import of %s refused: %d rows with problems", source.path, outcome.invalid)
    assert outcome is not None
    return outcome


def _audit(session: Session, actor: Actor, result: ImportResult,
           mapping: ColumnMapping) -> None:
    audit.record(session, actor, "import", entity=result.entity,
                 message=QT_TRANSLATE_NOOP(
                     "Audit", "Imported {n} {entity} records from {file} ({new} new, {updated} "
                              "updated, {merged} merged, {skipped} duplicates skipped, "
                              "{invalid} rows not imported)"),
                 params={"n": result.imported, "entity": audit_messages.entity(result.entity),
                         "file": result.source, "new": result.created,
                         "updated": result.updated, "merged": result.merged,
                         "skipped": result.skipped, "invalid": result.invalid},
                 after={"source": result.source, "mode": result.mode,
                        "duplicates": result.duplicates, "rows": result.rows,
                        "created": result.created, "updated": result.updated,
                        "merged": result.merged, "skipped": result.skipped,
                        "invalid": result.invalid, "columns": mapping.columns})
