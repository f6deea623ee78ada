"""Demo data for an industry template: the ordinary demo (:mod:`crmdesk.core.demo`), the
template applied through its service, then the template's record types filled with
realistic Chinese records over the demo's customers.

*dealership*: showroom visits over the last eight weeks (sources 展厅/电话/网络/车展,
intent levels, test drives about 40 %), an A card for about a third of the visitors
(more of the H and A levels), a test-drive record per test drive.  *insurance*:
policies with the four big insurers (premiums, sums insured, some ending within 30
days), claims in every status.

The records are written the way the bulk customer path writes customers: values
already valid, codes from the type's counter, sensitive values encrypted under the
customer's owner's key with their blind index, search documents prepared in bulk, rows
inserted with ``executemany``; one audit entry covers the batch.
"""

from __future__ import annotations

import random
import time as clock
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from crmdesk.core import keys, search
from crmdesk.core.demo import DEFAULT_PASSWORD, DemoResult, build_demo
from crmdesk.core.models import Customer, Product, User
from crmdesk.core.permissions import Actor
from crmdesk.core.record_types import kinds, runtime
from crmdesk.core.record_types.service import TEXT_KINDS, RecordTypeService, purpose
from crmdesk.core.services import accounts, audit, sensitive, templates
from crmdesk.core.services.records import reserve_numbers
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.storage.database import open_database

Progress = Callable[[str, int, int], None]

SOURCES = (("showroom", 45), ("phone", 20), ("web", 25), ("autoshow", 10))
LEVELS = (("H", 12), ("A", 25), ("B", 35), ("C", 28))
INSURERS = ("chinalife", "pingan", "cpic", "picc")
FREQUENCIES = (("year", 60), ("month", 15), ("quarter", 10), ("half", 5), ("single", 10))
CLAIM_STATUSES = ("reported", "documents", "assessing", "approved", "rejected", "paid")
CLAIM_TYPES = ("medical", "accident", "illness", "property", "death")
NEEDS = ("家用代步，周末带孩子出游", "上下班通勤，油耗要低", "换一台空间更大的 SUV",
         "公司用车，接待客户", "第一台车，预算有限", "想要新能源，家里能装充电桩")
OBJECTIONS = ("价格比竞品高", "等下个月活动", "担心保值率", "家人还没看过车", "纠结配置",
              "贷款利率想再低一些")
TRADE_INS = ("2016 款朗逸", "2014 款福克斯", "2018 款哈弗 H6", "2015 款卡罗拉", "2017 款轩逸")
REMARKS = ("客户对外观满意，关注油耗", "带家人一起看车，比较了竞品", "询问了金融方案",
           "对内饰和空间比较满意", "只是先了解一下，暂不着急", "要求报最低价")
RELATIONS = ("本人", "配偶", "子女", "父母")


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _id_number(rng: random.Random, birth: date) -> str:
    """An 18-digit resident ID number with a correct check digit."""
    area = rng.choice(("110105", "310104", "440305", "330106", "510107", "320102"))
    body = f"{area}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


class _Writer:
    """Bulk writes of one designed type's records (valid values only)."""

    def __init__(self, session: Session, actor: Actor, type_key: str) -> None:
        self.session = session
        self.actor = actor
        self.service: RecordTypeService = runtime.service(type_key)
        self.typedef = self.service.typedef
        self.rows: list[dict[str, Any]] = []
        self.next_id = int(session.execute(select(func.coalesce(
            func.max(self.service.model.id), 0))).scalar_one()) + 1

    def add(self, customer_id: int, owner_id: int | None, values: dict[str, Any]) -> int:
        row_id = self.next_id
        self.next_id += 1
        row: dict[str, Any] = {"id": row_id, "customer_id": customer_id, "_owner": owner_id}
        if self.typedef.statuses:
            row["status"] = values.pop("status", self.typedef.statuses[0].key)
        row.update(values)
        self.rows.append(row)
        return row_id

    def flush(self) -> int:
        if not self.rows:
            return 0
        session, typedef, service = self.session, self.typedef, self.service
        first = reserve_numbers(session, service.entity, len(self.rows))
        now = datetime.now(UTC)
        user = self.actor.user_id or None
        docs: list[search.DocInput] = []
        table = service.model.__table__
        stored: list[dict[str, Any]] = []
        for n, row in enumerate(self.rows):
            owner = row.pop("_owner")
            out: dict[str, Any] = {"id": row["id"], "customer_id": row["customer_id"],
                                   "created_at": row.pop("_created", now), "updated_at": now,
                                   "created_by_id": user, "updated_by_id": user,
                                   "version": 1, "deleted_at": None, "deleted_by_id": None}
            if typedef.code_prefix:
                out["code"] = service.code_of(first + n)
            if "status" in row:
                out["status"] = row["status"]
            texts: list[str] = []
            for field in typedef.fields:
                value = row.get(field.key)
                if field.sensitive:
                    enc, bidx = sensitive.encrypt(
                        self.actor, purpose(typedef.key, field.key), value,
                        scope=keys.owner_scope(owner), row_id=row["id"])
                    out[field.key + "_enc"], out[field.key + "_bidx"] = enc, bidx
                    continue
                out[field.key] = value
                if value is not None and field.kind in TEXT_KINDS:
                    texts.append(str(value))
                elif value is not None and field.kind in ("choice", "multichoice"):
                    texts.append(kinds.as_text(field, value))
            stored.append(out)
            title_field = service.title_field()
            title = str(row.get(title_field.key) or "") if title_field else ""
            docs.append(search.DocInput(kind=typedef.key, ref_id=row["id"],
                                        customer_id=row["customer_id"],
                                        code=out.get("code"), title=title or out.get("code", ""),
                                        subtitle=typedef.name_zh, texts=texts))
        connection = session.connection()
        for start in range(0, len(stored), 2000):
            connection.execute(table.insert(), stored[start:start + 2000])
        if connection.dialect.name == "postgresql":  # rows came with their ids
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT max(id) FROM {table.name}))"))
        search.write_prepared(session, search.prepare(docs))
        count = len(self.rows)
        self.rows = []
        return count


def _customers(session: Session) -> list[tuple[int, str, str | None, int | None]]:
    return [tuple(r) for r in session.execute(select(  # type: ignore[misc]
        Customer.id, Customer.name, Customer.mobile, Customer.owner_id).where(
        Customer.deleted_at.is_(None)).order_by(Customer.id))]


def _sales_people(session: Session) -> list[int]:
    return list(session.execute(select(User.id).where(
        User.role.in_(("staff", "manager"))).order_by(User.id)).scalars())


def _local(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute)).astimezone().astimezone(UTC)


def fill_dealership(session: Session, actor: Actor, rng: random.Random, today: date) -> dict[
        str, int]:
    models = list(session.execute(select(Product.id).where(
        Product.code.like("LY-%"))).scalars())
    visits, cards, drives = (_Writer(session, actor, k) for k in ("visit", "acard",
                                                                   "test_drive"))
    card_no = int(session.execute(select(func.count()).select_from(
        cards.service.model)).scalar_one())
    for customer_id, name, mobile, owner in _customers(session):
        if rng.random() > 0.6:
            continue
        consultant = owner
        model = rng.choice(models)
        level = _weighted(rng, LEVELS)
        days_ago = sorted(rng.sample(range(0, 56), rng.choice((1, 1, 1, 2, 2, 3))),
                          reverse=True)
        visit_days = [today - timedelta(days=d) for d in days_ago]
        drove = False
        for n, day in enumerate(visit_days):
            arrived = _local(day, rng.randint(9, 19), rng.choice((0, 10, 20, 30, 40, 50)))
            test_drive = rng.random() < 0.4
            drove = drove or test_drive
            visit_id = visits.add(customer_id, owner, {
                "visitor": name, "phone": mobile, "companions": rng.choice((0, 0, 1, 1, 2, 3)),
                "arrived_at": arrived, "left_at": arrived + timedelta(minutes=rng.randint(20, 150)),
                "source": _weighted(rng, SOURCES) if n == 0 else "showroom",
                "consultant": consultant, "model": model, "test_drive": test_drive,
                "intent": level, "notes": rng.choice(REMARKS), "_created": arrived})
            if test_drive:
                drives.add(customer_id, owner, {
                    "model": model, "scheduled_at": arrived + timedelta(minutes=15),
                    "consultant": consultant, "route": rng.choice(("city", "highway", "mixed")),
                    "visit": visit_id, "status": "done",
                    "feedback": rng.choice(("动力够用，隔音不错", "底盘偏硬", "空间比预期大",
                                            "辅助驾驶很好用")), "_created": arrived})
        chance = {"H": 0.8, "A": 0.55, "B": 0.25, "C": 0.08}[level]
        if rng.random() < chance:
            card_no += 1
            status = rng.choices(("following", "ordered", "lost"), (70, 18, 12))[0]
            trade_in = rng.random() < 0.3
            cards.add(customer_id, owner, {
                "card_no": f"A{today:%y}{card_no:05d}", "consultant": consultant,
                "intent": level, "model": model, "needs": rng.choice(NEEDS),
                "budget": rng.choice((10, 12, 15, 18, 20, 25, 30)) * 1_000_000,
                "payment": rng.choice(("full", "loan", "loan", "lease")),
                "trade_in": trade_in, "trade_in_car": rng.choice(TRADE_INS) if trade_in else None,
                "time_frame": {"H": "week", "A": "month", "B": "quarter", "C": "later"}[level],
                "objections": rng.choice(OBJECTIONS), "first_visit": visit_days[0],
                "last_visit": visit_days[-1], "visit_count": len(visit_days),
                "next_follow_up": today + timedelta(days=rng.randint(0, 14))
                if status == "following" else None,
                "status": status, "_created": _local(visit_days[0], 18, 0)})
        if drove is False and rng.random() < 0.05:  # booked for later
            drives.add(customer_id, owner, {
                "model": model, "consultant": consultant, "status": "booked",
                "scheduled_at": _local(today + timedelta(days=rng.randint(1, 7)), 10, 0)})
    return {"visit": visits.flush(), "acard": cards.flush(), "test_drive": drives.flush()}


def fill_insurance(session: Session, actor: Actor, rng: random.Random, today: date) -> dict[
        str, int]:
    products = [(pid, price) for pid, price in session.execute(select(
        Product.id, Product.price_cents).where(Product.code.like("BX-%")))]
    policies, claims = _Writer(session, actor, "policy"), _Writer(session, actor, "claim")
    number = int(session.execute(select(func.count()).select_from(
        policies.service.model)).scalar_one())
    claim_no = int(session.execute(select(func.count()).select_from(
        claims.service.model)).scalar_one())
    claim_rows: list[tuple[int, int | None, int, date, int]] = []
    for customer_id, name, _mobile, owner in _customers(session):
        if rng.random() > 0.7:
            continue
        for _ in range(rng.choice((1, 1, 1, 2))):
            number += 1
            product_id, price = rng.choice(products)
            premium = int(price * rng.choice((1, 1, 1.5, 2, 3)))
            years = rng.choice((1, 1, 1, 2, 3))
            if rng.random() < 0.04:  # ends within the next 30 days: renewals
                end = today + timedelta(days=rng.randint(0, 30))
            else:  # started within the last two years (or ended up to 200 days ago)
                end = today + timedelta(days=rng.randint(-200, 365 * years - 1))
            start = end - timedelta(days=365 * years)
            status = "active" if end >= today else rng.choice(("expired", "lapsed"))
            if end >= today and rng.random() < 0.03:
                status = "surrendered"
            relation = rng.choice(RELATIONS)
            insured = name if relation == "本人" else name[0] + rng.choice(
                ("小明", "丽", "建国", "秀英", "子涵", "欣怡"))
            birth = date(rng.randint(1955, 2015), rng.randint(1, 12), rng.randint(1, 28))
            policy_id = policies.add(customer_id, owner, {
                "number": f"{rng.choice(('P', 'L', 'C'))}{start:%Y}{number:08d}",
                "product": product_id, "insurer": rng.choice(INSURERS), "agent": owner,
                "insured": insured, "insured_id": _id_number(rng, birth),
                "beneficiary": "法定" if rng.random() < 0.6 else name,
                "sum_insured": premium * rng.choice((20, 50, 100)), "premium": premium,
                "frequency": _weighted(rng, FREQUENCIES), "start_date": start, "end_date": end,
                "status": status, "_created": _local(start, 10, 0)})
            if rng.random() < 0.18:
                loss = start + timedelta(days=rng.randint(1, max(1, (min(end, today)
                                                                      - start).days)))
                claim_rows.append((customer_id, owner, policy_id, min(loss, today), premium))
    for n, (customer_id, owner, policy_id, loss, premium) in enumerate(claim_rows):
        claim_no += 1
        status = CLAIM_STATUSES[n % len(CLAIM_STATUSES)]
        claimed = int(premium * rng.uniform(0.3, 4))
        paid_on = min(today, loss + timedelta(days=rng.randint(10, 40)))
        claims.add(customer_id, owner, {
            "number": f"LP{loss:%Y%m}{claim_no:05d}", "policy": policy_id,
            "claim_type": rng.choice(CLAIM_TYPES), "loss_date": loss,
            "reported_on": min(today, loss + timedelta(days=rng.randint(0, 5))),
            "amount_claimed": claimed,
            "amount_paid": int(claimed * rng.uniform(0.6, 1)) if status == "paid" else None,
            "paid_on": paid_on if status == "paid" else None, "status": status,
            "notes": "资料齐全" if status in ("approved", "paid") else None})
    return {"policy": policies.flush(), "claim": claims.flush()}


FILLERS = {"dealership": fill_dealership, "insurance": fill_insurance}


def populate_template(session: Session, actor: Actor, template: str, *, seed: int = 42,
                      today: date | None = None) -> dict[str, int]:
    """Apply *template* and fill its types over the file's customers (one audit entry)."""
    templates.apply(session, actor, template)
    runtime.activate(session)
    counts = FILLERS[template](session, actor, random.Random(seed), today or date.today())
    audit.record(session, actor, "demo",
                 message=QT_TRANSLATE_NOOP("Audit", "Demo data: template {template}"),
                 params={"template": template}, after=counts)
    return counts


def build_template_demo(path: str | Path, template: str, *, customers: int = 2000,
                        seed: int = 42, password: str = DEFAULT_PASSWORD,
                        progress: Progress | None = None) -> DemoResult:
    """The ordinary demo at *path*, then *template* applied and filled."""
    started = clock.perf_counter()
    result = build_demo(path, customers=customers, seed=seed, password=password,
                        progress=progress)
    db = open_database(path)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "admin", password)
        with db.transaction() as s:
            counts = populate_template(s, admin, template, seed=seed)
        if progress is not None:
            progress(template, sum(counts.values()), sum(counts.values()))
    finally:
        runtime.deactivate()
        db.close()
    result.counts.update(counts)
    result.seconds = clock.perf_counter() - started
    return result
