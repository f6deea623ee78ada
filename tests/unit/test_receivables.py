"""Receivables aging, statements and the product figures on data known by construction
(SQLite and PostgreSQL: no SQL of the tests' own)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from crmdesk.core import analytics
from crmdesk.core.analytics import Criteria
from crmdesk.core.analytics import receivables as aging
from crmdesk.core.analytics import statement as statements
from crmdesk.core.models import AccessEvent, AuditEntry
from crmdesk.errors import KnownError
from tests.unit import known_receivables
from tests.unit.known_receivables import AS_OF


@pytest.fixture
def known(db, users):  # type: ignore[no-untyped-def]
    return known_receivables.build(db, users)


def test_buckets_have_exact_edges() -> None:
    assert [aging.bucket_of(d) for d in (-5, 0, 1, 30, 31, 60, 61, 90, 91, 400)] == [
        "not_due", "not_due", "d1_30", "d1_30", "d31_60", "d31_60", "d61_90", "d61_90",
        "over_90", "over_90"]


def test_aging_per_customer_on_known_data(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        rows = aging.aging(s, users.admin, Criteria(as_of=AS_OF))
    by_name = {r.label: r for r in rows}
    a, b, c = by_name["王大伟"], by_name["李小红"], by_name["赵铁柱"]
    assert "钱多多" not in by_name  # TD1 was issued after the day
    assert a.buckets == {"not_due": 100000, "d1_30": 30000, "d31_60": 0, "d61_90": 80000,
                         "over_90": 0}
    assert (a.invoices, a.open_cents, a.overdue_cents, a.credit_cents, a.oldest_days) == (
        3, 210000, 110000, 0, 61)
    # TB1 is paid on 07-05: still open on 06-30
    assert b.buckets == {"not_due": 0, "d1_30": 0, "d31_60": 10000, "d61_90": 0,
                         "over_90": 200000}
    # the void invoice is not receivable; the unallocated payment is credit
    assert (c.invoices, c.open_cents, c.credit_cents, c.balance_cents) == (0, 0, 30000, -30000)
    # largest balance first (A and B tie at 2,100.00: by code)
    assert [r.label for r in rows] == ["王大伟", "李小红", "赵铁柱"]


def test_aging_moves_with_the_day(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        later = {r.label: r for r in aging.aging(s, users.admin,
                                                 Criteria(as_of=date(2024, 7, 10)))}
        early = {r.label: r for r in aging.aging(s, users.admin,
                                                 Criteria(as_of=date(2024, 4, 20)))}
    assert later["李小红"].buckets["over_90"] == 0  # paid on 07-05
    assert later["李小红"].open_cents == 10000
    assert later["王大伟"].buckets["d1_30"] == 100000  # TA1 9 days late now
    assert later["钱多多"].buckets["not_due"] == 90000
    # on 04-20 TA2 and TB2 did not exist, TA3 was not yet due, TB1 50 days late
    assert early["王大伟"].buckets["not_due"] == 80000 and early["王大伟"].invoices == 1
    assert early["李小红"].buckets["d31_60"] == 200000
    assert "赵铁柱" not in early  # the credit came in June


def test_staff_see_the_receivables_of_their_own_customers(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        staff1 = {r.label for r in aging.aging(s, users.staff1, Criteria(as_of=AS_OF))}
        staff2 = {r.label for r in aging.aging(s, users.staff2, Criteria(as_of=AS_OF))}
        manager = {r.label for r in aging.aging(s, users.manager, Criteria(as_of=AS_OF))}
        narrowed = {r.label for r in aging.aging(
            s, users.admin, Criteria(as_of=AS_OF, owner_id=users.staff2.user_id))}
    assert staff1 == {"王大伟"}
    assert staff2 == {"李小红"}
    assert manager == {"王大伟", "李小红"}  # the east team (staff3 is in the west)
    assert narrowed == {"李小红"}


def test_aging_per_owner_sums_the_customers(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        rows = {r.owner_id: r for r in aging.aging_by_owner(s, users.admin,
                                                            Criteria(as_of=AS_OF))}
        total = aging.totals(rows.values())
    assert rows[users.staff1.user_id].open_cents == 210000
    assert rows[users.staff2.user_id].open_cents == 210000
    assert rows[users.staff3.user_id].balance_cents == -30000
    assert (total.open_cents, total.credit_cents, total.customers) == (420000, 30000, 3)


def test_receivables_table_counts_customers_when_exported(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        table = analytics.export_table(s, users.staff1, "receivables", Criteria(as_of=AS_OF))
    keys = [c.key for c in table.columns]
    assert keys[:4] == ["code", "customer", "owner", "invoices"]
    assert table.rows[0][keys.index("d61_90")] == 80000
    assert table.customer_ids == [known.ids["A"]]
    with db.session() as s:
        assert s.execute(select(func.count(AccessEvent.id)).where(
            AccessEvent.user_id == users.staff1.user_id)).scalar_one() == 1
        assert s.execute(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "analytics")).scalar_one() == 1


def test_statement_has_running_balance_and_opening(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        full = statements.statement(s, users.staff1, known.ids["A"], end=AS_OF)
        part = statements.statement(s, users.staff1, known.ids["A"], start=date(2024, 5, 15),
                                    end=AS_OF)
    assert [(line.number, line.debit_cents, line.credit_cents, line.balance_cents)
            for line in full.lines] == [
        ("TA3", 80000, 0, 80000), ("TA2", 50000, 0, 130000), ("TA1", 100000, 0, 230000),
        ("PA1", 0, 20000, 210000)]
    assert full.closing_cents == 210000
    assert part.opening_cents == 130000
    assert [line.number for line in part.lines] == ["TA1", "PA1"]
    assert part.closing_cents == full.closing_cents


def test_statement_of_another_staffs_customer_is_refused(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s, pytest.raises(KnownError):
        statements.statement(s, users.staff2, known.ids["A"])


def test_statement_export_counts_and_audits(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        statements.export(s, users.staff1, known.ids["A"], end=AS_OF)
    with db.session() as s:
        assert s.execute(select(func.count(AccessEvent.id))).scalar_one() == 1
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "report")
                          .order_by(AuditEntry.id.desc())).scalars().first()
    assert entry is not None and entry.entity_id == known.ids["A"]


# -- products, channels and stock on known data ---------------------------------------------

def _products_known(db, users):  # type: ignore[no-untyped-def]
    """P1 (stocked, cost 500.00 after a receipt of 10): orders 3 (shipped) + 2 (not yet);
    P2 (a service, no cost) 1; P3 stocked, 4 on hand at 100.00, never issued."""
    from crmdesk.core.models import Product
    from crmdesk.core.services import stock
    from crmdesk.core.services.customers import customers
    from crmdesk.core.services.sales import LineInput, orders, products

    with db.transaction() as s:
        p1, p2 = (s.execute(select(Product.id).where(Product.code == c)).scalar_one()
                  for c in ("P1", "P2"))
        products.update(s, users.admin, p2, {"tracks_stock": False})
        p3 = products.create(s, users.admin, {"code": "P3", "name": "扫码枪",
                                              "category": "硬件", "price_cents": "260"}).id
        warehouse = stock.default_warehouse_id(s)
        stock.post(s, users.admin, "receipt", p1, warehouse, 10, unit_cost_cents=50000)
        stock.post(s, users.admin, "receipt", p3, warehouse, 4, unit_cost_cents=10000)
        cid = customers.create(s, users.staff1, {"name": "王大伟", "source": "网站"}).id
        first = orders.create_with_lines(s, users.staff1, {
            "customer_id": cid, "order_date": date(2024, 6, 1), "channel": "网店"},
            [LineInput(product_id=p1, quantity=3, unit_price="980"),
             LineInput(product_id=p2, quantity=1, unit_price="3600")])
        orders.create_with_lines(s, users.staff1, {
            "customer_id": cid, "order_date": date(2024, 6, 2)},
            [LineInput(product_id=p1, quantity=2, unit_price="980")])
        stock.post(s, users.admin, "issue", p1, warehouse, 3, order_id=first.id)
    return p1, p2, p3


def test_best_sellers_margin_and_channels_on_known_data(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.analytics import products

    p1, p2, _p3 = _products_known(db, users)
    with db.session() as s:
        rows = {r.key: r for r in products.best_sellers(s, users.staff1, Criteria())}
        categories = {r.label: r for r in products.by_category(s, users.admin, Criteria())}
        other = products.best_sellers(s, users.staff2, Criteria())
        channels = {r.label: r for r in analytics.sales_by(s, users.admin, Criteria(),
                                                          "channel")}
        sources = {r.label: r.total_cents for r in analytics.sales_by(
            s, users.admin, Criteria(), "source")}
    # 3 shipped at their issue cost 500.00, 2 not shipped at the average cost 500.00
    assert (rows[p1].quantity, rows[p1].amount_cents, rows[p1].cost_cents) == (
        5, 490000, 250000)
    assert rows[p1].margin_cents == 240000 and rows[p1].margin_rate == pytest.approx(0.4898,
                                                                                      abs=1e-4)
    assert (rows[p2].amount_cents, rows[p2].cost_cents, rows[p2].margin_cents) == (
        360000, 0, 360000)
    assert list(rows) == [p1, p2]  # the largest amount first
    assert sum(r.amount_cents for r in categories.values()) == 850000
    assert other == []  # staff2 sees none of staff1's orders
    assert channels["网店"].total_cents == 654000 and channels["网店"].orders == 1
    assert channels["(not set)"].total_cents == 196000
    assert sources == {"网站": 850000}


def test_slow_movers_and_turnover_on_known_data(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.analytics import products

    p1, _p2, p3 = _products_known(db, users)
    with db.session() as s:
        slow = products.slow_movers(s, users.staff1, Criteria())
        turnover = {r.product_id: r for r in products.turnover(s, users.staff1, Criteria())}
    assert [(r.product_id, r.on_hand, r.value_cents, r.last_issue) for r in slow] == [
        (p3, 4, 40000, None)]
    row = turnover[p1]
    assert (row.issued, row.issued_cost_cents, row.opening, row.closing) == (3, 150000, 0, 7)
    assert row.turnover == pytest.approx(3 / 3.5)
    assert row.days_of_stock == pytest.approx(90 * 3.5 / 3)
    assert turnover[p3].turnover == 0


def test_key_figures_show_the_receivables(db, users, known) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.customers import customers

    with db.session() as s:
        figures = {f.key: f for f in analytics.key_figures(s, users.admin,
                                                           Criteria(as_of=AS_OF))}
        mine = {f.key: f.value for f in analytics.key_figures(s, users.staff1,
                                                              Criteria(as_of=AS_OF))}
        overdue = figures["overdue_receivables"]
        assert overdue.drill is not None
        assert customers.count(s, users.admin, overdue.drill.query) == 2  # A and B
    assert (figures["receivables"].value, overdue.value) == (420000, 320000)
    assert (mine["receivables"], mine["overdue_receivables"]) == (210000, 110000)
