"""The demo's row generator: one batch of customers and their related records, built
straight into the stored rows (value lists in column order, dates and times already in
the form the database stores) from the pools of :mod:`crmdesk.core.demo_rows`.

Every customer row holds what the services' bulk path would store for the same cleaned
values (sensitive fields encrypted by :func:`.services.customers.stored_columns` for
the owner's scope, the match key, custom values by
:func:`.services.custom_fields.stored_columns`, codes from the counter), and every
search document what :func:`crmdesk.core.search.prepare` makes of the services'
documents (:mod:`crmdesk.core.demo_docs`); ``tests/unit/test_demo_rows.py`` checks both
against the services.  Without a dictionary per row, and with the pinyin, normalised
texts and tokens of the pools' parts computed once, a batch costs about half what it
did.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from crmdesk.core import search
from crmdesk.core.demo_docs import DocMaker, NameKeys
from crmdesk.core.demo_rows import (
    BANKS,
    CATEGORIES,
    DEPARTMENTS,
    INDUSTRIES,
    INTERACTION_SUMMARIES,
    JOB_TITLES,
    MAIL_DOMAINS,
    MOBILE_PREFIXES,
    NOTES,
    NUMBERED,
    ORDER_CHANNELS,
    SOURCES,
    TAGS,
    TASK_TITLES,
    TICKET_SUBJECTS,
    VIP_LEVELS,
    W_INTERACTION,
    W_ORDER_STATUS,
    W_PLACE,
    W_PRIORITY,
    W_STAGE,
    W_STATUS,
    W_TICKET_STATUS,
    Counts,
    Plan,
    Prepared,
    Weighted,
)
from crmdesk.core.keys import owner_scope
from crmdesk.core.matching import match_key
from crmdesk.core.models import CustomFieldDef
from crmdesk.core.permissions import Actor
from crmdesk.core.services import bulk, custom_fields
from crmdesk.core.services.customers import customers as customer_service
from crmdesk.core.services.customers import stored_columns
from crmdesk.core.services.sales import opportunities, orders
from crmdesk.core.services.tickets import tickets
from crmdesk.core.validation import id_check_digit, phone_digits
from crmdesk.storage.backends import PreparedRows
from crmdesk.storage.crypto import Keyring

_BASE = ["created_by_id", "updated_by_id", "deleted_at", "deleted_by_id", "version"]
#: the columns of each related table, in the order its rows hold them
COLUMNS: dict[str, list[str]] = {
    "contacts": ["id", "customer_id", "name", "gender", "job_title", "department", "mobile",
                 "phone", "email", "wechat", "birthday", "is_primary", "notes", "created_at",
                 "updated_at", *_BASE],
    "interactions": ["id", "customer_id", "contact_id", "kind", "occurred_at", "summary",
                     "details", "user_id", "next_follow_up", "created_at", "updated_at",
                     *_BASE],
    "opportunities": ["id", "code", "customer_id", "title", "product_id", "amount_cents",
                      "stage", "expected_close", "owner_id", "source", "notes", "closed_at",
                      "lost_reason", "created_at", "updated_at", *_BASE],
    "orders": ["id", "number", "customer_id", "order_date", "status", "channel",
               "total_cents", "owner_id", "opportunity_id", "notes", "created_at",
               "updated_at", *_BASE],
    "order_lines": ["id", "order_id", "product_id", "description", "quantity",
                    "unit_price_cents", "amount_cents", "shipped_qty", "invoiced_qty"],
    "tickets": ["id", "code", "customer_id", "contact_id", "subject", "description",
                "priority", "status_id", "assignee_id", "due_date", "resolved_at",
                "created_at", "updated_at", *_BASE],
    "ticket_events": ["ticket_id", "at", "user_id", "kind", "field", "old_value", "new_value",
                      "comment"],
    "tasks": ["id", "title", "notes", "due_at", "remind_at", "assignee_id", "customer_id",
              "opportunity_id", "ticket_id", "priority", "done", "done_at", "created_at",
              "updated_at", *_BASE],
}
#: the tables of the related records, in the order they are written (parents first)
TABLES = tuple(COLUMNS)
CUSTOM_COLUMNS = ["def_id", "entity_id", "value_text", "value_number", "value_date",
                  "value_enc", "value_bidx"]
_C = {name: i for i, name in enumerate(bulk.COLUMNS)}
TICKET_TEXT = "客户来电反映问题，需尽快处理。"

Row = list[Any]


@dataclass
class Draft:
    k: int
    names: dict[int, str]  # the customers' names by id (for the related documents)
    related: dict[str, list[Row]]  # by table, numbered from 0 in the batch
    contact_keys: list[str]  # the pinyin keys of each contact's name
    counts: Counts


class Generator:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.pools = plan.pools
        self.with_related = plan.related
        self.today = plan.today
        self.now = plan.now
        self.utc_offset = plan.utc_offset
        self.w_owner = Weighted(plan.owners, plan.owner_weights)
        self.products = plan.products
        self.statuses = plan.statuses
        self.actor = Actor(*plan.user, keyring=Keyring.from_state(plan.keyring_state))
        self.vip = CustomFieldDef(**plan.vip_def)
        self.rnd = random.Random().random
        self.next_ids: Counts = dict.fromkeys(NUMBERED, 0)
        self.name_keys = NameKeys()
        self.docs = DocMaker()
        self._match: dict[tuple[str, str | None], str | None] = {}
        self._rows: list[Row] = []
        self._custom: list[tuple[Any, ...]] = []
        self._keys: list[str] = []
        now = self.now
        #: microseconds since midnight now, and the dates of the days before today
        self._today_us = ((now.hour * 60 + now.minute) * 60 + now.second) * 1_000_000 \
            + now.microsecond
        self._days: dict[int, tuple[int, int, int, str]] = {}
        self._seconds = f"{now.second:02d}.{now.microsecond:06d}"
        sqlite = plan.dialect == "sqlite"
        offset = self.utc_offset
        whole = offset.total_seconds() % 3600 == 0 and abs(offset) < timedelta(hours=24)
        #: local hour - UTC hour, when :meth:`_moment` may write the stored text itself
        self._hour_shift = int(offset.total_seconds()) // 3600 if sqlite and whole else None
        # a naive local time as stored (UTC; SQLite: its text), a date as stored, a flag
        if sqlite and not offset:
            self.stamp: Callable[[datetime], Any] = \
                lambda dt: dt.isoformat(" ", "microseconds")
            self.day: Callable[[date], Any] = date.isoformat
            self.flag: Callable[[bool], Any] = int
        elif sqlite:
            self.stamp = lambda dt: (dt - offset).isoformat(" ", "microseconds")
            self.day = date.isoformat
            self.flag = int
        else:
            self.stamp = lambda dt: dt - offset
            self.day = lambda d: d
            self.flag = bool

    # -- drawing ------------------------------------------------------------

    def _pick(self, seq: Any) -> Any:
        return seq[int(self.rnd() * len(seq))]

    def _below(self, n: int) -> int:
        return int(self.rnd() * n)

    def _between(self, low: int, high: int) -> int:
        """An integer in [low, high) (``randrange(low, high)``)."""
        return low + int(self.rnd() * (high - low))

    def _id(self, kind: str) -> int:
        value = self.next_ids[kind]
        self.next_ids[kind] = value + 1
        return value

    def _day(self, back: int) -> tuple[int, int, int, str]:
        """Year, month, day and ISO text of the day *back* days before today."""
        found = self._days.get(back)
        if found is None:
            day = self.now.date() - timedelta(days=back)
            found = self._days[back] = (day.year, day.month, day.day, day.isoformat())
        return found

    def _moment(self, days_back: int) -> tuple[datetime, Any]:
        """A time of day between 8:00 and 18:59 on the day *days_back* days and up to ten
        hours before now (with now's seconds), and that time as stored."""
        rnd = self.rnd
        minutes = int(rnd() * 600)
        back = days_back + (minutes * 60_000_000 > self._today_us)  # before midnight
        hour, minute = 8 + int(rnd() * 11), int(rnd() * 60)
        y, m, d, _iso = self._day(back)
        dt = datetime(y, m, d, hour, minute, self.now.second, self.now.microsecond)
        shift = self._hour_shift
        if shift is None:
            return dt, self.stamp(dt)
        # SQLite's text of the UTC time, made from the parts (the offset is whole hours)
        hour -= shift
        if hour < 0:
            hour, back = hour + 24, back + 1
        elif hour >= 24:
            hour, back = hour - 24, back - 1
        return dt, f"{self._day(back)[3]} {hour:02d}:{minute:02d}:{self._seconds}"

    def _person(self) -> tuple[str, str]:
        """A person's name and its pinyin keys."""
        rnd, pools = self.rnd, self.pools
        surname = pools.surnames[int(rnd() * len(pools.surnames))]
        given = pools.given[int(rnd() * len(pools.given))]
        return surname + given, self.name_keys(surname, given)

    def _mobile(self) -> str:
        rnd = self.rnd
        return f"+86{MOBILE_PREFIXES[int(rnd() * len(MOBILE_PREFIXES))]}" \
               f"{int(rnd() * 10**8):08d}"

    def _landline(self, area: str) -> str:
        # Eight-digit numbers, except where the city has seven (Xiamen); none starting
        # 800 (not a landline): numbers the validation rules accept, so that exported
        # demo data imports again.
        digits = 7 if area == "0592" else 8
        first: str = self._pick("2345678")
        rest = f"{self._below(10 ** (digits - 1)):0{digits - 1}d}"
        if first == "8" and rest.startswith("00"):
            first = "6"
        return "+86" + area[1:] + first + rest

    def _email(self, keys: str) -> str:
        local = keys.split(" ", 1)[0] or "user"
        return f"{local}{self._between(1, 9999)}@{self._pick(MAIL_DOMAINS)}"

    def _street(self) -> str:
        rnd = self.rnd
        streets = self.pools.streets
        street = f"{streets[int(rnd() * len(streets))]}{1 + int(rnd() * 399)}号"
        if rnd() < 0.5:
            street += f"{1 + int(rnd() * 29)}栋{1 + int(rnd() * 29)}0{1 + int(rnd() * 8)}室"
        return street

    def _id_number(self, region: str, born: date, female: bool) -> str:
        seq = self._below(50) * 2 + (0 if female else 1)
        first17 = f"{region}{self._between(1, 30):02d}{born:%Y%m%d}{self._below(10):1d}{seq:02d}"
        return first17 + id_check_digit(first17)

    def _tags(self) -> str | None:
        """None, one or two different tags."""
        n = self._below(3)
        if not n:
            return None
        first = self._below(len(TAGS))
        if n == 1:
            return TAGS[first]
        second = self._below(len(TAGS) - 1)
        return f"{TAGS[first]},{TAGS[second + (second >= first)]}"

    def _bank_account(self) -> str:
        return "62" + "".join(str(self._below(10)) for _ in range(self._pick((14, 17))))

    def _match_key(self, company: bool, name: str, employer: str | None) -> str | None:
        key = (name, None) if company else ("", employer)
        if key not in self._match:
            self._match[key] = match_key("company" if company else "individual", name,
                                         employer)
        return self._match[key]

    # -- a batch --------------------------------------------------------------

    def draft(self, k: int) -> Draft:
        """Draw batch *k*: its customers (kept for :meth:`prepare_customers`) and their
        related records."""
        plan = self.plan
        self.rnd = rnd = random.Random(plan.seed * 1_000_003 + k).random
        self.next_ids = dict.fromkeys(NUMBERED, 0)
        pick, between = self._pick, self._between
        day = self.day
        start, n = plan.batch_range(k)
        related: dict[str, list[Row]] = {table: [] for table in TABLES}
        contact_keys: list[str] = []
        names: dict[int, str] = {}
        rows: list[Row] = []
        custom: list[tuple[Any, ...]] = []
        keys_of: list[str] = []
        companies = self.pools.companies
        width = len(bulk.COLUMNS)
        vip = self.vip
        for i in range(start, start + n):
            cid = plan.first_id + i
            company = rnd() < 0.3
            place = W_PLACE(rnd)
            district = pick(place[2])
            street = self._street()
            owner = self.w_owner(rnd)
            created, created_at = self._moment(int(rnd() * 730))
            female = rnd() < 0.5
            if company:
                name = companies[int(rnd() * len(companies))]
                keys = search.pinyin_keys(name)
            else:
                name, keys = self._person()
            born = date(between(1955, 2003), between(1, 13), between(1, 29))
            row: Row = [None] * width
            row[_C["id"]] = cid
            row[_C["code"]] = customer_service.code_of(plan.first_number + i)
            row[_C["kind"]] = "company" if company else "individual"
            row[_C["name"]] = name
            row[_C["gender"]] = None if company else ("female" if female else "male")
            birthday = None if company or rnd() < 0.6 else born
            row[_C["mobile"]] = None if company and rnd() < 0.5 else self._mobile()
            row[_C["phone"]] = self._landline(place[3]) \
                if company or rnd() < 0.15 else None
            row[_C["province"]], row[_C["city"]] = place[0], place[1]
            row[_C["district"]], row[_C["address"]] = district, street
            row[_C["industry"]] = pick(INDUSTRIES) if company or rnd() < 0.5 else None
            row[_C["source"]] = pick(SOURCES)
            row[_C["intent_level"]] = pick("HABCC")
            row[_C["category"]] = pick(CATEGORIES) if company else None
            row[_C["tags"]] = self._tags()
            row[_C["status"]] = W_STATUS(rnd)
            row[_C["owner_id"]] = owner
            secret: dict[str, str] = {}
            employer = email = wechat = None
            if not company:
                if rnd() < 0.6:
                    email = self._email(keys)
                if rnd() < 0.5:
                    wechat = f"wx_{between(10**6, 10**9)}"
                if rnd() < 0.3:
                    employer = companies[int(rnd() * len(companies))]
                    row[_C["job_title"]] = pick(JOB_TITLES)
                if rnd() < 0.25:
                    birthday = born
                    secret["id_number"] = self._id_number(place[4], born, female)
            else:
                email = f"info{between(1, 999)}@{pick(('company', 'corp', 'group'))}{cid}.cn"
                row[_C["website"]] = f"www.example{cid}.cn"
            row[_C["email"]], row[_C["wechat"]], row[_C["company"]] = email, wechat, employer
            row[_C["birthday"]] = None if birthday is None else day(birthday)
            if rnd() < 0.12:
                secret["bank_account"] = self._bank_account()
                row[_C["bank_name"]] = pick(BANKS)
            if rnd() < 0.15:
                row[_C["notes"]] = pick(NOTES)
            if secret:
                for column, value in stored_columns(self.actor, secret, row_id=cid,
                                                    owner_id=owner).items():
                    row[_C[column]] = value
            if rnd() < 0.3:
                values = custom_fields.stored_columns(
                    self.actor, vip, pick(VIP_LEVELS), entity_id=cid,
                    scope=owner_scope(owner))
                custom.append((vip.id, cid, *(values[c] for c in CUSTOM_COLUMNS[2:])))
            row[_C["created_at"]] = row[_C["updated_at"]] = created_at
            if self.with_related:
                self._related(row, related, contact_keys, company, created)
            row[_C["match_key"]] = self._match_key(company, name, employer)
            row[_C["created_by_id"]] = row[_C["updated_by_id"]] = owner
            row[_C["version"]] = 1
            names[cid] = name
            employer_keys = search.pinyin_keys(employer) if employer else ""
            keys_of.append(f"{keys} {employer_keys}" if keys and employer_keys
                           else keys or employer_keys)
            rows.append(row)
        self._rows, self._custom, self._keys = rows, custom, keys_of
        return Draft(k, names, related, contact_keys, dict(self.next_ids))

    def prepare_customers(self) -> bulk.PreparedCustomers:
        """The customers drafted last, ready to insert (needs no ids of other batches:
        done while the writer works out where the related records go)."""
        rows, custom, keys_of = self._rows, self._custom, self._keys
        self._rows, self._custom, self._keys = [], [], []
        doc = self.docs.doc
        c = _C
        docs = []
        for row, keys in zip(rows, keys_of, strict=True):
            mobile, phone = phone_digits(row[c["mobile"]]), phone_digits(row[c["phone"]])
            email = row[c["email"]]
            docs.append(doc("customer", row[0], row[0], row[c["code"]], row[c["name"]],
                            mobile or phone or email,
                            (row[c["name"]], row[c["code"]], row[c["company"]], mobile, phone,
                             email, row[c["wechat"]], row[c["province"]], row[c["city"]],
                             row[c["district"]], row[c["address"]], row[c["tags"]]),
                            keys, row[c["notes"]]))
        return bulk.PreparedCustomers(
            [row[0] for row in rows], PreparedRows(list(bulk.COLUMNS), self._values(rows)),
            PreparedRows(list(CUSTOM_COLUMNS) if custom else [], custom), docs)

    def finish(self, draft: Draft, customers: bulk.PreparedCustomers,
               base: Counts) -> Prepared:
        """The batch ready to insert, its related records numbered from *base*."""
        rel = draft.related
        contact, ticket, order = base["contact"], base["ticket"], base["order"]
        for row in rel["contacts"]:
            row[0] += contact
        for row in rel["interactions"]:
            row[0] += base["interaction"]
            if row[2] is not None:
                row[2] += contact
        code_of = opportunities.code_of
        for row in rel["opportunities"]:
            row[0] += base["opportunity"]
            row[1] = code_of(row[0])
        code_of = orders.code_of
        for row in rel["orders"]:
            row[0] += order
            row[1] = code_of(row[0])
        for row in rel["order_lines"]:
            row[0] += base["order_line"]
            row[1] += order
        code_of = tickets.code_of
        for row in rel["tickets"]:
            row[0] += ticket
            row[1] = code_of(row[0])
            if row[3] is not None:
                row[3] += contact
        for row in rel["ticket_events"]:
            row[0] += ticket
        for row in rel["tasks"]:
            row[0] += base["task"]
        tables = [(table, PreparedRows(list(COLUMNS[table]) if rows else [], self._values(rows)))
                  for table, rows in rel.items()]
        return Prepared(customers, tables, self._related_docs(draft))

    def _values(self, rows: list[Row]) -> list[tuple[Any, ...]]:
        """The rows as :class:`PreparedRows` values: for a staging file the value lists
        themselves (``sqlite3``'s ``executemany`` takes them as it takes tuples), else
        tuples (SQLAlchemy wants them)."""
        if self.plan.stage_dir is not None:
            return cast(list[tuple[Any, ...]], rows)
        return list(map(tuple, rows))

    def _related_docs(self, draft: Draft) -> list[search.PreparedDoc]:
        """The search documents of the related records: what ``contact_doc``,
        ``opportunity_doc``, ``ticket_doc`` and ``task_doc`` give (see :mod:`crmdesk.core.demo_docs`)."""
        doc, names, rel = self.docs.doc, draft.names, draft.related
        docs = []
        for row, keys in zip(rel["contacts"], draft.contact_keys, strict=True):
            customer = names.get(row[1])
            phone = phone_digits(row[6]) or phone_digits(row[7])
            subtitle = " · ".join(p for p in (customer, phone) if p)
            docs.append(doc("contact", row[0], row[1], None, row[2], subtitle or None,
                            (row[2], phone_digits(row[6]), phone_digits(row[7]), row[8],
                             row[9], row[5], row[4]), keys, row[12]))
        for row in rel["opportunities"]:
            docs.append(doc("opportunity", row[0], row[2], row[1], row[3], names.get(row[2]),
                            (row[3], row[1]), search.pinyin_keys(row[3]),
                            personal_id=row[8]))
        for row in rel["tickets"]:
            docs.append(doc("ticket", row[0], row[2], row[1], row[4], names.get(row[2]),
                            (row[4], row[1]), "", row[5], personal_id=row[8]))
        for row in rel["tasks"]:
            docs.append(doc("task", row[0], row[6], None, row[1], names.get(row[6]),
                            (row[1],), "", row[2], personal_id=row[5]))
        return docs

    def _related(self, c: Row, related: dict[str, list[Row]], contact_keys: list[str],
                 company: bool, created: datetime) -> None:
        rnd, pick, between = self.rnd, self._pick, self._between
        stamp, day, flag = self.stamp, self.day, self.flag
        cid, owner = c[_C["id"]], c[_C["owner_id"]]
        age_days = max(1, (self.now - created).days)
        base = [owner, owner, None, None, 1]
        contacts: list[int] = []
        if company:
            at = c[_C["created_at"]]
            out = related["contacts"]
            for k in range(pick((1, 1, 2, 2, 3))):
                contact_id = self._id("contact")
                contacts.append(contact_id)
                name, keys = self._person()
                contact_keys.append(keys)
                out.append([contact_id, cid, name, pick(("male", "female")), pick(JOB_TITLES),
                            pick(DEPARTMENTS), self._mobile(), None,
                            self._email(keys) if rnd() < 0.7 else None, None, None,
                            flag(k == 0), None, at, at, *base])
        last_contact: datetime | None = None
        last_at: Any = None
        plan: date | None = None
        out = related["interactions"]
        stale = self.today - timedelta(days=3)
        for _ in range(pick((0, 1, 1, 2, 2, 3, 4))):
            kind = W_INTERACTION(rnd)
            when, at = self._moment(int(rnd() * age_days))
            follow: date | None = when.date() + timedelta(days=between(2, 30))
            # an old plan was followed up long ago: only recent ones are still open
            if rnd() >= 0.4 or (follow and follow < stale):
                follow = None
            summaries = INTERACTION_SUMMARIES[kind]
            out.append([self._id("interaction"), cid, pick(contacts) if contacts else None,
                        kind, at, summaries[int(rnd() * len(summaries))], None, owner,
                        None if follow is None else day(follow), at, at, *base])
            if last_contact is None or when > last_contact:
                last_contact, last_at, plan = when, at, follow
        if last_contact is not None:
            c[_C["last_contact_at"]] = last_at
            c[_C["next_follow_up"]] = None if plan is None else day(plan)
        if rnd() < 0.3:
            self._opportunity(c, related, base, age_days)
        if c[_C["status"]] in ("active", "dormant", "lost") or rnd() < 0.1:
            for _ in range(pick((1, 1, 1, 2, 3))):
                self._order(c, related, base, age_days)
        if rnd() < 0.1:
            self._ticket(c, related, base, contacts, age_days)
        if rnd() < 0.2:
            due_days = between(-10, 20)
            due = datetime.combine(self.today + timedelta(days=due_days), time(between(9, 18)))
            done = due_days < 0 and rnd() < 0.85
            at = stamp(self.now - timedelta(days=max(0, -due_days) + 1))
            due_at = stamp(due)
            related["tasks"].append([
                self._id("task"), f"{pick(TASK_TITLES)} · {c[_C['name']]}"[:200], None, due_at,
                None, owner, cid, None, None, pick(("low", "normal", "normal", "high")),
                flag(done), due_at if done else None, at, at, *base])

    def _opportunity(self, c: Row, related: dict[str, list[Row]], base: list[Any],
                     age_days: int) -> None:
        rnd, between, stamp = self.rnd, self._between, self.stamp
        product = self._pick(self.products)
        stage = W_STAGE(rnd)
        opened, at = self._moment(int(rnd() * age_days))
        close = opened.date() + timedelta(days=between(15, 180))
        closed_at = stamp(opened + timedelta(days=between(5, 90))) \
            if stage in ("won", "lost") else None
        related["opportunities"].append([
            self._id("opportunity"), None, c[_C["id"]], f"{product[1]} 采购项目", product[0],
            product[2] * between(1, 12), stage, self.day(close), c[_C["owner_id"]],
            c[_C["source"]], None, closed_at,
            self._pick(("价格偏高", "选择了竞争对手", "预算取消")) if stage == "lost" else None,
            at, at, *base])

    def _order(self, c: Row, related: dict[str, list[Row]], base: list[Any],
               age_days: int) -> None:
        pick, rnd = self._pick, self.rnd
        order_id = self._id("order")
        when, at = self._moment(int(rnd() * age_days))
        total = 0
        lines = []
        for _ in range(pick((1, 1, 2, 3))):
            product = pick(self.products)
            qty = pick((1, 1, 2, 3, 5, 10))
            total += product[2] * qty
            lines.append([self._id("order_line"), order_id, product[0], product[1], qty,
                          product[2], product[2] * qty, 0, 0])
        status = W_ORDER_STATUS(rnd)
        if status in ("shipped", "completed"):
            # as migration 0017 does for old files: shipped (completed: and invoiced)
            # orders have no delivery note to ship them and no invoice to bill them again
            for line in lines:
                line[7] = line[4]
                if status == "completed":
                    line[8] = line[4]
        related["order_lines"].extend(lines)
        related["orders"].append([
            order_id, None, c[_C["id"]], self.day(when.date()), status,
            # a channel from the order's id (no draw)
            ORDER_CHANNELS[order_id * 2654435761 % len(ORDER_CHANNELS)],
            total, c[_C["owner_id"]], None, None, at, at, *base])

    def _ticket(self, c: Row, related: dict[str, list[Row]], base: list[Any],
                contacts: list[int], age_days: int) -> None:
        rnd, between, stamp = self.rnd, self._between, self.stamp
        tid = self._id("ticket")
        opened, at = self._moment(int(rnd() * min(age_days, 365)))
        key = W_TICKET_STATUS(rnd)
        resolved = stamp(opened + timedelta(hours=between(2, 24 * 14))) \
            if key in ("resolved", "closed") else None
        owner = c[_C["owner_id"]]
        related["tickets"].append([
            tid, None, c[_C["id"]], self._pick(contacts) if contacts else None,
            self._pick(TICKET_SUBJECTS), TICKET_TEXT, W_PRIORITY(rnd), self.statuses[key],
            owner, self.day(opened.date() + timedelta(days=between(1, 10))), resolved, at, at,
            *base])
        related["ticket_events"].append([tid, at, owner, "created", None, None, None, None])
