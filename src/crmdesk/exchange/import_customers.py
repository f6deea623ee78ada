"""Importing customers: each row checked as the customer service checks a new
customer, matched against the customers the user can see and the rows before it,
and new customers written in bulk (:mod:`crmdesk.core.services.bulk`).

Matching runs one query per kind of key (code, ID number, phone, e-mail, name
block) for a whole chunk of rows; records this import created are matched in
memory.  Updates and merges of existing customers go through the customer service
one by one (each audited).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import and_, or_, select

from crmdesk.core.fields import field_spec
from crmdesk.core.matching import Candidate, NameBlock, email_key, match_key, sound
from crmdesk.core.models import Customer
from crmdesk.core.permissions import customer_scope
from crmdesk.core.services import custom_fields, sensitive
from crmdesk.core.services.bulk import BulkCreate, CustomerRows, pinyin_keys
from crmdesk.core.services.customers import ID_NUMBER_HIDDEN, SENSITIVE, customers
from crmdesk.core.validation import FieldProblem, clean_datetime, clean_phone
from crmdesk.errors import ValidationError
from crmdesk.exchange.import_engine import Engine
from crmdesk.exchange.import_types import DuplicateMatch, Row, chunks
from crmdesk.exchange.mapping import ANY_PHONE, target_label
from crmdesk.exchange.references import as_text, labelled
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage.backends import backend_of

_PHONE_FIELDS = ("mobile", "phone")
#: fields a spreadsheet may have stored as a number that lost its last digits
_LONG_NUMBERS = frozenset(("id_number", "bank_account", *_PHONE_FIELDS))
#: what a row's own cleaning skips (matched or stored by the import itself)
_NOT_CLEANED = frozenset(("code", "created_at", ANY_PHONE))
#: the exact keys a row is matched by, strongest first (then similar names)
_EXACT = ("code", "id_number", "phone", "email")


class CustomerEngine(Engine):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner_spec = field_spec("customer", "owner_id")
        # (name, company) -> their pinyin keys (see clean)
        self.pinyin_of: dict[tuple[Any, Any], str] = {}
        # kind -> key -> (row, new id) of the rows before (exact keys)
        self.seen: dict[str, dict[str, tuple[int, int | None]]] = {k: {} for k in _EXACT}
        self.blocks: dict[str, NameBlock[tuple[int, int | None]]] = {}
        # new customers are cleaned and written as every bulk create is
        self.bulk = BulkCreate(self.session, self.actor, defs=self.defs)
        self.first_new_id = self.bulk.first_id
        # An import stages its new customers while checking them (maybe in the helper
        # process): each valid row gets the next id from here, whether it is created
        # or not (a skipped duplicate leaves a gap in the ids, never in the codes).
        self.stage_from: int | None = self.first_new_id if self.write else None
        self.stager = CustomerRows(self.actor, defs=self.defs)
        self.dialect = backend_of(self.session).name
        # Nothing to match against (a first import into a new file): no lookups needed.
        # (Not only the visible ones: an ID number is unique among all customers.)
        self.has_existing = self.session.execute(select(Customer.id).where(
            Customer.deleted_at.is_(None)).limit(1)).first() is not None

    # -- checking ------------------------------------------------------------
    def check_rows(self, chunk: list[tuple[int, list[Any]]]) -> list[Row]:
        rows = super().check_rows(chunk)
        if self.stage_from is not None:
            valid = [r for r in rows if not r.errors]
            first = self.stage_from
            self.stage_from += len(valid)
            batch = self.stager.stage(self.dialect, [
                (first + n, r.cleaned, r.custom, r.extra.get("created_at"),
                 r.extra.get("pinyin")) for n, r in enumerate(valid)])
            for n, row in enumerate(valid):
                row.staged = (batch, n)
                row.extra.pop("pinyin", None)  # in the staged search entry now
                row.extra.pop("created_at", None)  # and in the staged row
        return rows

    def chunk_checker(self, source_rows: Iterable[tuple[int, list[Any]]],
                      first_id: int) -> Callable[[int], list[Row] | None]:
        """A function checking and staging chunk *j* of *source_rows* here (chunks asked
        for in increasing order; those between are read and passed over), or None when
        there is no chunk *j*.  Chunk *j*'s valid rows get the ids from
        ``first_id + j * chunk`` (others check the chunks between: gaps allowed).  Read
        and validate are timed."""
        parts = chunks(source_rows, self.chunk)
        at = 0  # the chunk parts gives next
        done = False

        def check(j: int) -> list[Row] | None:
            nonlocal at, done
            reading = time.perf_counter()
            part = None
            while not done and at <= j:
                part = next(parts, None)
                done = part is None
                at += 1
            checking = time.perf_counter()
            self.result.timed("read", checking - reading)
            if done or part is None:
                return None
            self.stage_from = first_id + j * self.chunk
            rows = self.check_rows(part)
            self.result.timed("validate", time.perf_counter() - checking)
            return rows

        return check

    def clean(self, row: Row) -> None:
        data: dict[str, Any] = {}
        custom_raw = self.split_custom(row)
        for key, value in row.values.items():
            if key in _NOT_CLEANED or key.startswith("cf."):
                continue
            if key == "owner_id":
                owner, problem = self.refs.user(value)
                if problem:
                    self.problem(row, key, labelled(self.owner_spec.translated, problem))
                    continue
                value = owner
            elif key in _LONG_NUMBERS and self.number_problem(row, key, value):
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
        try:  # RecordService.clean: defaults, field rules, who may own it
            row.cleaned = self.bulk.clean(data)
        except ValidationError as exc:
            self.field_errors(row, exc.errors)
        self.clean_custom(row, custom_raw, creating=True)
        if row.errors:
            return
        keys: dict[str, list[str]] = {}
        c = row.cleaned
        if row.values.get("code") is not None:
            keys["code"] = [as_text(row.values["code"])]
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
        # the costly part of the search entry (pinyin), done with the checks: once per
        # name and company (the same ones come again and again)
        named = (c.get("name"), c.get("company"))
        keys_of_name = self.pinyin_of.get(named)
        if keys_of_name is None:
            keys_of_name = self.pinyin_of[named] = pinyin_keys(c)
        row.extra["pinyin"] = keys_of_name
        if name_key and c.get("kind") != "company":
            row.extra["sound"] = sound(c.get("name"))  # same pinyin: cached by now

    # -- matching --------------------------------------------------------------
    def lookup(self, rows: list[Row]) -> tuple[dict[str, dict[str, list[Any]]],
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

    def best_match(self, row: Row, found: dict[str, dict[str, list[Any]]],
                   blocks: dict[str, NameBlock[Any]]) -> DuplicateMatch | None:
        """The strongest match: exact keys first (existing records before earlier rows),
        then a similar name in the same block."""
        keys = row.keys
        for kind in _EXACT:
            values = keys.get(kind)
            if not values:
                continue
            existing_of = found.get(kind)
            seen = self.seen[kind]
            for key in values:
                existing = existing_of.get(key) if existing_of else None
                if existing:
                    rec = existing[0]
                    if not getattr(rec, "visible", True):  # an ID number held out of sight:
                        return DuplicateMatch(kind, 100, visible=False)  # name nobody
                    return DuplicateMatch(kind, 100, record_id=rec.id, code=rec.code,
                                          name=rec.name)
                earlier = seen.get(key)
                if earlier is not None:
                    return DuplicateMatch(kind, 100, row=earlier[0], record_id=earlier[1])
        if not keys.get("name"):
            return None
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

    def remember(self, row: Row, new_id: int | None) -> None:
        c = row.cleaned
        ref = (row.number, new_id)
        for kind, values in row.keys.items():
            if kind == "name":
                me = Candidate(c.get("kind"), c.get("name"), c.get("company"),
                               row.extra.get("sound"))
                for key in values:
                    block = self.blocks.get(key)
                    if block is None:
                        block = self.blocks[key] = NameBlock()
                    block.add(me, ref)
            else:
                seen = self.seen[kind]
                for key in values:
                    seen.setdefault(key, ref)

    # -- deciding and writing ----------------------------------------------------
    def process(self, rows: list[Row]) -> None:
        started = time.perf_counter()
        writing = sum(self.bulk.seconds.values())
        self.decide(rows)
        written = sum(self.bulk.seconds.values()) - writing
        self.result.timed("match", time.perf_counter() - started - written)

    def finish(self) -> None:
        for stage, seconds in self.bulk.seconds.items():
            self.result.timed(stage, seconds)

    def decide(self, rows: list[Row]) -> None:
        """Match each row, decide what to do with it and do it."""
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
                if target is None or (self.write and self.bulk.pending(target)):
                    self.flush()
                if target is None:  # an earlier row of the file (preview: nothing to update)
                    self.outcome(row, action)
                    continue
                ok = self.update_existing(row, target, action)
                self.outcome(row, action if ok else "invalid", target)
        if self.writing:
            self.flush()

    def id_number_taken(self, row: Row, dup: DuplicateMatch) -> None:
        shown = target_label("customer", "id_number")
        if not dup.visible:
            self.problem(row, "id_number", render("Validation", ID_NUMBER_HIDDEN, label=shown))
            return
        where = dup.code if dup.row is None else render(
            "Exchange", QT_TRANSLATE_NOOP("Exchange", "row {row}"), row=dup.row)
        self.problem(row, "id_number", render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label} already belongs to customer {code}: check the number, "
                          "or open that customer."), label=shown, code=where))

    def create(self, row: Row) -> int | None:
        if not self.writing:
            return None
        if row.staged is not None:
            return self.bulk.add_staged(*row.staged)
        return self.bulk.add(row.cleaned, custom=row.custom,
                             created_at=row.extra.get("created_at"),
                             keys=row.extra.get("pinyin"))

    def flush(self) -> None:
        """Write the pending new customers, their custom values and search entries."""
        if self.writing:
            self.bulk.flush()

    def update_existing(self, row: Row, record_id: int, action: str) -> bool:
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


def _parts(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start:start + size]
