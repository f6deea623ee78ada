"""The demo's stock and money (issue 16): warehouses, suppliers, purchase orders and the
stock they bring, and a bounded number of orders taken through the whole chain.

Everything goes through the services (validation, stock ledger, numbering, audit), so
the demo shows what the program makes; the work is bounded (:data:`ORDERS` orders
whatever the number of customers), so a demo of a million customers takes about as
long as before.  Runs after the bulk load, once the indexes are back.

* products: hardware and software are stocked (cost about 55-70 % of the price, a
  low-stock level), services and subscriptions are not;
* two warehouses (主仓库, 华南仓), four suppliers, purchase orders received in full or in
  part, one still on order (its expected date in the calendar), one draft;
* recent orders over 150 days with channels: most shipped (a delivery note), most of
  those invoiced on the shipping day, paid in full, in part or not at all, so the
  receivables spread over every aging bucket; a few wait in the delivery plan;
* quotes (one accepted into an order), bank statement lines to match, opening balances.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import local_day_start
from crmdesk.core.models import Customer, Product, StockMovement
from crmdesk.core.permissions import Actor
from crmdesk.errors import KnownError

#: orders taken through delivery, invoice and payment, whatever the demo's size
ORDERS = 48
STOCKED = ("软件", "硬件")
CHANNELS = ("门店", "网店", "电话", "微信", "代理商", "直销")
SUPPLIERS = (
    ("深圳华信电子有限公司", "陈经理", "0755-26881234", 30),
    ("上海博远软件有限公司", "刘女士", "021-62345678", 45),
    ("广州易通办公设备有限公司", "黄先生", "020-38765432", 30),
    ("北京云启科技有限公司", "赵经理", "010-82345678", 60),
)


@dataclass
class _Made:
    counts: dict[str, int]

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _yuan(cents: int) -> str:
    return f"{cents / 100:.2f}"


def populate(session: Session, admin: Actor, *, customers: int, seed: int,
             today: date | None = None) -> dict[str, int]:
    """Fill the stock and money part of a demo whose customers are ids 1..*customers*."""
    from crmdesk.core.services.sales import products

    rng = random.Random(seed + 16)
    day = today or date.today()
    made = _Made({})
    stocked: list[tuple[int, str, int, int]] = []  # id, name, price, cost
    others: list[tuple[int, str, int]] = []
    for pid, category, price in session.execute(select(
            Product.id, Product.category, Product.price_cents).order_by(Product.id)).all():
        tracks = category in STOCKED
        cost = int(price * rng.uniform(0.55, 0.7)) // 100 * 100
        products.update(session, admin, pid, {
            "tracks_stock": tracks, "cost_cents": _yuan(cost),
            "low_stock_level": 5 if tracks else None})
        name = session.get(Product, pid).name  # type: ignore[union-attr]
        if tracks:
            stocked.append((pid, name, int(price), cost))
        else:
            others.append((pid, name, int(price)))
    main, south = _warehouses(session, admin)
    _purchasing(session, admin, rng, day, stocked, main, south, made)
    made.add("warehouses", 2)
    if customers <= 0:  # a demo of users and settings only: nobody to sell to
        return made.counts
    open_invoices = _sales(session, admin, rng, day, customers, stocked, others, made)
    _quotes(session, admin, rng, day, customers, stocked, others, made)
    _bank_and_openings(session, admin, rng, day, customers, open_invoices, made)
    return made.counts


def _backdate(session: Session, day: date, *where: Any) -> None:
    """The ledger's movements of a document dated on the demo's day it happened (the
    services stamp them now): turnover, slow movers and the journal read the dates."""
    session.execute(update(StockMovement).where(*where)
                    .values(moved_at=local_day_start(day) + timedelta(hours=10))
                    .execution_options(synchronize_session=False))


def _warehouses(session: Session, admin: Actor) -> tuple[int, int]:
    """The main warehouse (made by the administrator: ``stock.default_warehouse_id`` would
    make it as the system, an unsigned entry in the signed log) and the south's."""
    from crmdesk.core.services.warehouses import warehouses

    main = warehouses.create(session, admin, {"name": "主仓库",
                                              "address": "上海市浦东新区金桥路 1200 号",
                                              "manager_id": admin.user_id})
    south = warehouses.create(session, admin, {"name": "华南仓",
                                               "address": "广州市白云区太和镇物流园 8 号"})
    return int(main.id), int(south.id)


def _purchasing(session: Session, admin: Actor, rng: random.Random, day: date,
                stocked: list[tuple[int, str, int, int]], main: int, south: int,
                made: _Made) -> None:
    from crmdesk.core.services.purchasing import (
        PurchaseLineInput,
        purchase_orders,
        suppliers,
    )

    supplier_ids = []
    for name, contact, phone, terms in SUPPLIERS:
        supplier_ids.append(suppliers.create(session, admin, {
            "name": name, "contact_name": contact, "phone": phone,
            "payment_terms_days": terms, "owner_id": admin.user_id}).id)
    made.add("suppliers", len(supplier_ids))
    # every stocked product is bought twice (main) and once for the south; the last
    # two orders stay open (one ordered and expected, one draft)
    plan: list[tuple[int, int, list[tuple[int, int, int]], str]] = []
    for n, (pid, _name, _price, cost) in enumerate(stocked):
        supplier = supplier_ids[n % len(supplier_ids)]
        plan.append((supplier, main, [(pid, rng.randint(40, 70), cost)], "received"))
    for n in range(0, len(stocked), 3):
        lines = [(pid, rng.randint(8, 20), cost) for pid, _n, _p, cost in stocked[n:n + 3]]
        plan.append((supplier_ids[(n + 1) % len(supplier_ids)], south, lines, "partial"))
    first = stocked[0]
    plan.append((supplier_ids[0], main, [(first[0], 30, first[3])], "ordered"))
    plan.append((supplier_ids[1], main, [(stocked[-1][0], 12, stocked[-1][3])], "draft"))
    for n, (supplier, warehouse, lines, state) in enumerate(plan):
        ordered = day - timedelta(days=max(1, 170 - n * 6)) if state != "ordered" else \
            day - timedelta(days=3)
        po = purchase_orders.create_with_lines(session, admin, {
            "supplier_id": supplier, "warehouse_id": warehouse, "order_date": ordered,
            "expected_date": ordered + timedelta(days=10), "owner_id": admin.user_id},
            [PurchaseLineInput(product_id=pid, quantity=qty, unit_cost=_yuan(cost))
             for pid, qty, cost in lines])
        made.add("purchase_orders")
        if state == "draft":
            continue
        purchase_orders.mark_ordered(session, admin, po.id)
        if state == "received":
            purchase_orders.receive_all(session, admin, po.id, reference=f"入库单 {n + 1:03d}")
        elif state == "partial":
            open_lines = purchase_orders.open_lines(session, admin, po.id)
            purchase_orders.receive(session, admin, po.id, {
                line.id: max(1, line.quantity // 2) for line in open_lines},
                reference=f"入库单 {n + 1:03d}")
        if state in ("received", "partial"):
            _backdate(session, min(day, ordered + timedelta(days=10)),
                      StockMovement.purchase_order_id == po.id)


def _sales(session: Session, admin: Actor, rng: random.Random, day: date, customers: int,
           stocked: list[tuple[int, str, int, int]], others: list[tuple[int, str, int]],
           made: _Made) -> list[tuple[int, str, int, str]]:
    """Orders through the chain; returns open invoices (id, number, open, customer)."""
    from crmdesk.core.services.deliveries import plan_delivery, ship_order
    from crmdesk.core.services.invoices import invoices
    from crmdesk.core.services.payments import payments
    from crmdesk.core.services.sales import LineInput, orders

    open_invoices: list[tuple[int, str, int, str]] = []
    count = min(ORDERS, max(4, customers // 4))
    for n in range(count):
        cid = rng.randint(1, customers)
        customer = session.get(Customer, cid)
        if customer is None or customer.deleted_at is not None:
            continue
        age = 150 - n * 150 // count  # oldest first: stock arrives before it ships
        ordered = day - timedelta(days=age)
        lines = [LineInput(product_id=pid, description=name, quantity=rng.choice((1, 1, 2, 3)),
                           unit_price=_yuan(price))
                 for pid, name, price, _c in rng.sample(stocked, rng.choice((1, 1, 2)))]
        if rng.random() < 0.4:
            pid, name, price = rng.choice(others)
            lines.append(LineInput(product_id=pid, description=name, quantity=1,
                                   unit_price=_yuan(price)))
        order = orders.create_with_lines(session, admin, {
            "customer_id": cid, "order_date": ordered, "status": "confirmed",
            "owner_id": customer.owner_id, "channel": rng.choice(CHANNELS),
            "delivery_date": ordered + timedelta(days=rng.randint(2, 10))}, lines)
        made.add("orders")
        if age < 8:  # the newest wait in the delivery plan
            plan_delivery(session, admin, order.id, planned_date=day + timedelta(
                days=rng.randint(1, 10)))
            made.add("deliveries")
            continue
        shipped = ordered + timedelta(days=rng.randint(1, 5))
        try:
            ship_order(session, admin, order.id, shipped_on=shipped, planned_date=shipped)
        except KnownError:  # not enough stock: it stays confirmed (a backorder)
            continue
        _backdate(session, shipped, StockMovement.order_id == order.id,
                  StockMovement.kind == "issue")
        made.add("deliveries")
        if rng.random() < 0.1:  # shipped, not invoiced yet
            continue
        invoice = invoices.issue(session, admin, order.id, issue_date=shipped,
                                 due_date=shipped + timedelta(days=30))
        made.add("invoices")
        roll = rng.random()
        paid_on = shipped + timedelta(days=rng.randint(10, 50))
        if roll < 0.55 and paid_on <= day:
            amount = invoice.total_cents
        elif roll < 0.75 and paid_on <= day:
            amount = invoice.total_cents * rng.choice((30, 50)) // 100
        else:
            open_invoices.append((invoice.id, invoice.number, invoice.total_cents,
                                  customer.name))
            continue
        payments.create(session, admin, {
            "customer_id": cid, "amount_cents": _yuan(amount), "received_on": paid_on,
            "method": rng.choice(("transfer", "transfer", "wechat", "alipay")),
            "reference": f"{invoice.number} 货款"}, invoice_ids=[invoice.id])
        made.add("payments")
        if amount < invoice.total_cents:
            open_invoices.append((invoice.id, invoice.number, invoice.total_cents - amount,
                                  customer.name))
    return open_invoices


def _quotes(session: Session, admin: Actor, rng: random.Random, day: date, customers: int,
            stocked: list[tuple[int, str, int, int]], others: list[tuple[int, str, int]],
            made: _Made) -> None:
    from crmdesk.core.services.quotes import quotes
    from crmdesk.core.services.sales import LineInput

    for n in range(6):
        cid = rng.randint(1, customers)
        owner = session.execute(select(Customer.owner_id).where(Customer.id == cid)
                                ).scalar_one_or_none()
        pid, name, price, _cost = rng.choice(stocked)
        spid, sname, sprice = rng.choice(others)
        quote = quotes.create_with_lines(session, admin, {
            "customer_id": cid, "quote_date": day - timedelta(days=20 - n * 3),
            "valid_until": day + timedelta(days=10 + n * 3), "owner_id": owner,
            "status": "sent" if n else "draft"},
            [LineInput(product_id=pid, description=name, quantity=rng.randint(1, 3),
                       unit_price=_yuan(price)),
             LineInput(product_id=spid, description=sname, quantity=1,
                       unit_price=_yuan(sprice))])
        made.add("quotes")
        if n == 5:
            quotes.to_order(session, admin, quote.id)
            made.add("orders")


def _bank_and_openings(session: Session, admin: Actor, rng: random.Random, day: date,
                       customers: int, open_invoices: list[tuple[int, str, int, str]],
                       made: _Made) -> None:
    from crmdesk.core.services import bank, opening_balances
    from crmdesk.core.services.bank import StatementLine
    from crmdesk.core.services.opening_balances import OpeningBalance

    lines = []
    for n, (_iid, number, open_cents, name) in enumerate(open_invoices[-5:]):
        lines.append(StatementLine(day - timedelta(days=n), open_cents, name,
                                   number if n % 2 == 0 else None,
                                   "货款" if n % 2 else f"付 {number}", "6222 0210 0012 3456"))
    lines.append(StatementLine(day - timedelta(days=2), -2500, "银行", None, "账户管理费",
                               "6222 0210 0012 3456"))
    lines.append(StatementLine(day - timedelta(days=1), 1830, "银行", None, "结息",
                               "6222 0210 0012 3456"))
    if lines:
        bank.import_lines(session, admin, lines, source="demo")
        made.add("bank_lines", len(lines))
    rows = []
    for n in range(3):
        cid = rng.randint(1, customers)
        code = session.execute(select(Customer.code).where(Customer.id == cid)).scalar_one()
        start = day - timedelta(days=200 + n * 40)
        rows.append(OpeningBalance(n + 2, code, rng.randint(50, 400) * 100_00 // 10, start,
                                   start + timedelta(days=30), f"旧系统 AR-{1001 + n}"))
    opening_balances.import_balances(session, admin, rows, source="demo")
    made.add("opening_balances", len(rows))


def summary(counts: dict[str, Any]) -> str:
    """A short line for the demo's report."""
    keys = ("warehouses", "suppliers", "purchase_orders", "orders", "deliveries",
            "invoices", "payments", "quotes", "bank_lines", "opening_balances")
    return ", ".join(f"{k}={counts.get(k, 0)}" for k in keys)
