"""Analyses against known answers and independent SQL over a dataset built for them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select, text

from crmdesk.core import analytics
from crmdesk.core.analytics import Criteria
from crmdesk.core.models import AccessEvent, AuditEntry
from crmdesk.core.services.customers import customers
from crmdesk.core.services.sales import opportunities, orders
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import ValidationError
from tests.unit import known_sales
from tests.unit.known_sales import AS_OF

pytestmark = pytest.mark.sqlite_only(
    "the checks' own independent SQL is SQLite's (strftime, julianday); not yet "
    "written for PostgreSQL")


LIVE_SALES = ("o.deleted_at IS NULL AND o.status != 'cancelled' "
              "AND o.customer_id IN (SELECT id FROM customers WHERE deleted_at IS NULL)")


@pytest.fixture
def known(db, users):  # type: ignore[no-untyped-def]
    return known_sales.build(db, users)


def codes(db, known):  # type: ignore[no-untyped-def]
    return {cid: letter for letter, cid in known.ids.items()}


def test_rfm_segments_are_known_by_construction(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        result = analytics.rfm(s, users.admin, Criteria(as_of=AS_OF))
        sql = {row[0]: row[1:] for row in s.execute(text(
            f"SELECT o.customer_id, MAX(o.order_date), COUNT(*), SUM(o.total_cents) "
            f"FROM orders o WHERE {LIVE_SALES} AND o.order_date <= :as_of "
            f"GROUP BY o.customer_id"), {"as_of": AS_OF.isoformat()})}
    letter = codes(db, known)
    segments = {letter[v.customer_id]: v.segment for v in result.customers}
    assert segments == {"A": "important_value", "B": "important_retain", "D": "general_value",
                        "E": "general_retain", "F": "general_retain"}
    for v in result.customers:  # each measure equals the independent SQL aggregate
        last, n, total = sql[v.customer_id]
        assert v.recency_days == (AS_OF - date.fromisoformat(last)).days
        assert (v.frequency, v.monetary_cents) == (n, total)
    assert result.average_recency_days == pytest.approx(102.2)
    assert result.average_frequency == pytest.approx(1.6)
    assert result.average_monetary_cents == 2_010_000
    by_key = {r.key: r for r in result.segments}
    assert [r.key for r in result.segments][:4] == ["important_value", "important_develop",
                                                      "important_keep", "important_retain"]
    assert by_key["general_retain"].customers == 2
    assert by_key["general_retain"].total_cents == 850_000
    assert sum(r.customers for r in result.segments) == 5
    assert sum(r.share or 0 for r in result.segments) == pytest.approx(1.0)


def test_rfm_sees_only_the_users_customers(db, users, known) -> None:  # type: ignore[no-untyped-def]
    letter = codes(db, known)
    with db.session() as s:
        staff1 = analytics.rfm(s, users.staff1, Criteria(as_of=AS_OF))
        staff3 = analytics.rfm(s, users.staff3, Criteria(as_of=AS_OF))
        owner_filter = analytics.rfm(s, users.admin, Criteria(as_of=AS_OF,
                                                              owner_id=users.staff2.user_id))
    # averages over A and B only: A is better than average on every measure, B on none
    assert {letter[v.customer_id]: v.segment for v in staff1.customers} == {
        "A": "important_value", "B": "general_retain"}
    assert [letter[v.customer_id] for v in staff3.customers] == ["F"]
    assert {letter[v.customer_id] for v in owner_filter.customers} == {"D", "E"}


def test_rfm_period_limits_the_orders(db, users, known) -> None:  # type: ignore[no-untyped-def]
    letter = codes(db, known)
    with db.session() as s:
        result = analytics.rfm(s, users.admin, Criteria(date(2024, 5, 1), date(2024, 6, 30)))
    assert {letter[v.customer_id]: (v.frequency, v.monetary_cents)
            for v in result.customers} == {"A": (2, 3_000_000), "D": (2, 200_000)}


def test_abc_tiers(db, users, known) -> None:  # type: ignore[no-untyped-def]
    letter = codes(db, known)
    with db.session() as s:
        result = analytics.abc(s, users.admin, Criteria(as_of=AS_OF))
        grand = s.execute(text(f"SELECT SUM(total_cents) FROM orders o WHERE {LIVE_SALES}")
                          ).scalar_one()
    assert result.total_cents == grand == 10_050_000
    assert [(letter[v.customer_id], v.tier) for v in result.customers] == [
        ("A", "A"), ("B", "A"), ("F", "B"), ("D", "C"), ("E", "C")]
    tiers = {t.key: (t.customers, t.total_cents) for t in result.tiers}
    assert tiers == {"A": (2, 9_000_000), "B": (1, 800_000), "C": (2, 250_000)}
    assert result.customers[-1].cumulative_share == pytest.approx(1.0)


@pytest.mark.parametrize("dimension, group_sql", [
    ("industry", "NULLIF(c.industry, '')"),
    ("province", "NULLIF(c.province, '')"),
    ("owner", "o.owner_id"),
    ("month", "strftime('%Y-%m', o.order_date)"),
])
def test_sales_by_dimension_match_sql(db, users, known, dimension, group_sql) -> None:  # type: ignore[no-untyped-def]
    criteria = Criteria(date(2024, 1, 1), date(2024, 6, 30))
    with db.session() as s:
        rows = analytics.sales_by(s, users.admin, criteria, dimension)
        sql = {key: (n, customers_n, total) for key, n, customers_n, total in s.execute(text(
            f"SELECT {group_sql}, COUNT(*), COUNT(DISTINCT o.customer_id), SUM(o.total_cents) "
            f"FROM orders o JOIN customers c ON c.id = o.customer_id "
            f"WHERE {LIVE_SALES} AND o.order_date BETWEEN '2024-01-01' AND '2024-06-30' "
            f"GROUP BY 1"))}
    got = {r.key: (r.orders, r.customers, r.total_cents) for r in rows if r.orders}
    assert got == sql
    if dimension == "month":
        assert [r.key for r in rows] == [f"2024-0{m}" for m in range(1, 7)]  # empty Feb too
        assert rows[1].total_cents == 0
    else:
        assert [r.total_cents for r in rows] == sorted((r.total_cents for r in rows),
                                                       reverse=True)
    assert sum(r.share or 0 for r in rows) == pytest.approx(1.0)
    if dimension == "industry":
        manufacturing = next(r for r in rows if r.key == "制造业")
        assert (manufacturing.orders, manufacturing.total_cents) == (4, 6_800_000)
        assert manufacturing.average_order_cents == 1_700_000


def test_sales_respect_scope_and_owner(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        staff2 = analytics.sales_by(s, users.staff2, Criteria(), "owner")
        manager = analytics.sales_by(s, users.manager, Criteria(), "owner")
        only_staff1 = analytics.sales_by(s, users.admin,
                                         Criteria(owner_id=users.staff1.user_id), "industry")
    assert [(r.label, r.total_cents) for r in staff2] == [("张伟", 250_000)]
    assert {r.label for r in manager} == {"李娜", "张伟"}  # the east team, not 陈静 (west)
    assert {r.key: r.total_cents for r in only_staff1} == {"制造业": 6_000_000,
                                                          "信息技术": 3_000_000}


def test_funnel_and_weighted_forecast_match_sql(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        stages = analytics.funnel(s, users.admin, Criteria())
        months = analytics.forecast(s, users.admin, Criteria())
        sql = {key: (n, amount, weighted) for key, n, amount, weighted in s.execute(text(
            "SELECT strftime('%Y-%m', p.expected_close), COUNT(*), SUM(p.amount_cents), "
            "(SUM(p.amount_cents * st.probability) + 50) / 100 "
            "FROM opportunities p JOIN opportunity_stages st ON st.key = p.stage "
            "WHERE p.deleted_at IS NULL AND st.is_won = 0 AND st.is_lost = 0 GROUP BY 1"))}
    assert {r.key: (r.count, r.amount_cents) for r in stages} == {
        "potential": (1, 33_335), "intent": (1, 5_000_000), "negotiation": (1, 10_000_000),
        "won": (1, 2_000_000), "lost": (1, 1_000_000)}
    assert {r.key: r.weighted_cents for r in stages}["negotiation"] == 6_000_000
    got = {r.key: (r.open_count, r.open_cents, r.weighted_cents) for r in months}
    assert got == sql
    july = months[0]
    assert (july.key, july.weighted_cents, july.won_cents) == ("2024-07", 7_500_000, 2_000_000)
    assert july.forecast_cents == 9_500_000
    assert months[1].weighted_cents == 3_334  # 333.35 yuan at 10 %: 33.335 rounds up


def test_conversion_by_source_and_intent(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        by_source = analytics.conversion_by(s, users.admin, Criteria(), "source")
        by_intent = analytics.conversion_by(s, users.admin, Criteria(), "intent_level")
        sql = {key: (n, converted) for key, n, converted in s.execute(text(
            "SELECT c.source, COUNT(*), SUM(EXISTS (SELECT 1 FROM orders o WHERE "
            "o.customer_id = c.id AND o.deleted_at IS NULL AND o.status != 'cancelled')) "
            "FROM customers c WHERE c.deleted_at IS NULL GROUP BY 1"))}
    assert {r.key: (r.leads, r.converted) for r in by_source} == sql == {
        "网站": (3, 2), "展会": (2, 2), "客户介绍": (1, 1)}
    assert {r.key: (r.leads, r.converted) for r in by_intent} == {
        "H": (2, 2), "A": (1, 1), "B": (1, 0), "C": (1, 1), None: (1, 1)}
    assert [r.key for r in by_intent] == ["H", "A", "B", "C", None]
    assert next(r for r in by_source if r.key == "网站").rate == pytest.approx(2 / 3)


def test_follow_up_compliance(db, users, known) -> None:  # type: ignore[no-untyped-def]
    cutoff = datetime.combine(known.today, time.min).astimezone().astimezone(UTC)
    with db.session() as s:
        rows = {r.owner_id: r for r in analytics.follow_up_compliance(s, users.admin,
                                                                      Criteria())}
        sql = {owner: (open_n, overdue) for owner, open_n, overdue in s.execute(text(
            "SELECT assignee_id, SUM(done = 0), SUM(done = 0 AND due_at < :cutoff) FROM tasks "
            "WHERE deleted_at IS NULL GROUP BY 1"),
            {"cutoff": cutoff.strftime("%Y-%m-%d %H:%M:%S")})}
    staff1, staff2 = rows[users.staff1.user_id], rows[users.staff2.user_id]
    assert (staff1.open_tasks, staff1.overdue_tasks, staff1.due_tasks, staff1.done_on_time,
            staff1.done_late, staff1.overdue_customers) == (2, 1, 2, 0, 1, 1)
    assert (staff2.open_tasks, staff2.overdue_tasks, staff2.due_tasks, staff2.done_on_time,
            staff2.done_late, staff2.overdue_customers) == (1, 1, 2, 1, 0, 1)
    assert staff2.on_time_rate == pytest.approx(0.5)
    for owner, row in rows.items():
        assert (row.open_tasks, row.overdue_tasks) == sql[owner]


def test_service_statistics(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        stats = analytics.service_stats(s, users.admin, Criteria())
        sql = {p: hours for p, hours in s.execute(text(
            "SELECT priority, AVG((julianday(resolved_at) - julianday(created_at)) * 24) "
            "FROM tickets WHERE deleted_at IS NULL AND resolved_at IS NOT NULL GROUP BY 1"))}
        staff2 = analytics.service_stats(s, users.staff2, Criteria())
    assert {r.label: r.count for r in stats.by_status} == {
        "New": 1, "In progress": 0, "Waiting for customer": 0, "Resolved": 1, "Closed": 2}
    assert (stats.total, stats.open) == (4, 1)
    assert {r.key: (r.count, r.open) for r in stats.by_priority} == {
        "low": (0, 0), "normal": (2, 1), "high": (1, 0), "urgent": (1, 0)}
    hours = {r.key: r.average_hours for r in stats.resolution if r.resolved}
    assert hours == pytest.approx({"high": 12.0, "normal": 48.0, "urgent": 6.0, None: 22.0})
    assert hours[None] == pytest.approx(sum(sql.values()) / 3)
    for key, value in sql.items():
        assert hours[key] == pytest.approx(value)
    assert stats.median_hours == pytest.approx(12.0)
    assert (staff2.total, staff2.average_hours) == (1, pytest.approx(6.0))


def test_key_figures(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        figures = {f.key: f.value for f in analytics.key_figures(
            s, users.admin, Criteria(date(2024, 1, 1), date(2024, 12, 31)))}
        sales = s.execute(text(f"SELECT SUM(total_cents), COUNT(*) FROM orders o WHERE "
                               f"{LIVE_SALES} AND order_date >= '2024-01-01'")).one()
    assert (figures["sales"], figures["orders"]) == tuple(sales) == (10_000_000, 7)
    assert figures["average_order"] == 1_428_571  # 100,000.00 / 7, rounded to the cent
    assert figures["pipeline"] == 15_033_335
    assert figures["weighted"] == 6_000_000 + 1_500_000 + 3_334
    assert figures["overdue_tasks"] == 2
    assert figures["open_tickets"] == 1


def test_every_drill_counts_the_records_behind_its_figure(db, users, known) -> None:  # type: ignore[no-untyped-def]
    for actor in (users.admin, users.staff1, users.manager):
        with db.session() as s:
            criteria = Criteria(date(2024, 1, 1), date(2024, 12, 31), as_of=AS_OF)
            for dimension in analytics.SALES_DIMENSIONS:
                for r in analytics.sales_by(s, actor, criteria, dimension):
                    assert orders.count(s, actor, r.drill.query) == r.orders, (dimension, r)
            for r in analytics.funnel(s, actor, Criteria()):
                assert opportunities.count(s, actor, r.drill.query) == r.count
            for r in analytics.forecast(s, actor, Criteria()):
                assert opportunities.count(s, actor, r.drill.query) == r.open_count
            for dimension in analytics.CONVERSION_DIMENSIONS:
                for r in analytics.conversion_by(s, actor, Criteria(), dimension):
                    assert customers.count(s, actor, r.drill.query) == r.leads
            for r in analytics.rfm(s, actor, Criteria(as_of=AS_OF)).segments:
                assert customers.count(s, actor, r.drill.query) == r.customers
            for r in analytics.follow_up_compliance(s, actor, Criteria()):
                assert tasks.count(s, actor, r.drill.query) == r.overdue_tasks
                assert customers.count(s, actor, r.customers_drill.query) == r.overdue_customers
            stats = analytics.service_stats(s, actor, Criteria())
            for r in stats.by_status + stats.by_priority:
                assert tickets.count(s, actor, r.drill.query) == r.count
            for f in analytics.key_figures(s, actor, Criteria()):
                if f.drill is not None and f.kind == "count":
                    service = {"order": orders, "customer": customers, "task": tasks,
                               "ticket": tickets}[f.drill.entity]
                    assert service.count(s, actor, f.drill.query) == f.value, f.key


def test_every_analysis_table_runs_for_every_role(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        for name in analytics.ANALYSES:
            for actor in (users.admin, users.manager, users.staff3):
                table = analytics.table(s, actor, name, Criteria())
                assert table.name == name
                assert all(len(row) == len(table.columns) for row in table.rows), name
                assert len(table.drills) == len(table.rows)


def test_per_customer_tables_name_and_drill_to_their_customers(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        for name in ("rfm", "abc"):
            table = analytics.table(s, users.admin, name, Criteria(as_of=AS_OF))
            code = [c.key for c in table.columns].index("code")
            assert len(table.customer_ids) == len(table.rows) > 0
            for row, drill, customer_id in zip(table.rows, table.drills, table.customer_ids,
                                               strict=True):
                assert drill is not None and drill.entity == "customer"
                assert customers.count(s, users.admin, drill.query) == 1
                assert customers.get(s, users.admin, customer_id).code == row[code]
        for name in analytics.ANALYSES.keys() - {"rfm", "abc"}:
            assert analytics.table(s, users.admin, name, Criteria()).customer_ids == []


def test_export_table_counts_named_customers_and_audits(db, users, known) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        table = analytics.export_table(s, users.staff1, "rfm", Criteria(as_of=AS_OF))
        analytics.export_table(s, users.staff1, "funnel", Criteria())
    assert len(table.rows) == 2
    with db.session() as s:
        exported = s.execute(select(func.sum(AccessEvent.count)).where(
            AccessEvent.user_id == users.staff1.user_id, AccessEvent.kind == "export")
        ).scalar_one()
        entries = s.execute(select(AuditEntry.after, AuditEntry.summary).where(
            AuditEntry.action == "analytics")).all()
    assert exported == 2  # the two customers rfm printed; the funnel names none
    assert [json.loads(after)["analysis"] for after, _ in entries] == ["rfm", "funnel"]
    assert entries[0][1].startswith("RFM segment of each buying customer: ")


def test_cli_names_match_the_registries() -> None:
    from crmdesk import cli
    from crmdesk.reports import REPORTS

    assert tuple(analytics.ANALYSES) == cli.ANALYSIS_NAMES
    assert tuple(REPORTS) == cli.REPORT_NAMES


def test_plain_tables_write_nothing(db, users, known) -> None:  # type: ignore[no-untyped-def]
    """Only ``export_table`` audits and counts; the dashboard's reads leave no trace."""
    with db.session() as s:
        before = s.execute(select(func.count(AuditEntry.id))).scalar_one()
        for name in analytics.ANALYSES:
            analytics.table(s, users.staff1, name, Criteria())
    with db.session() as s:
        assert s.execute(select(func.count(AuditEntry.id))).scalar_one() == before
        assert s.execute(select(func.count(AccessEvent.id))).scalar_one() == 0


def test_filters_on_the_customer_of_a_record(db, users, known) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.records import Filter, ListQuery

    with db.session() as s:
        query = ListQuery([Filter("customer.industry", "eq", "制造业")])
        assert orders.count(s, users.admin, query) == 4  # A's three and F's one
        assert orders.count(s, users.staff1, query) == 3  # scope still applies
        assert orders.count(s, users.admin, ListQuery([Filter("customer.industry", "null")])) == 2
        with pytest.raises(ValidationError, match="no field customer.name"):
            customers.count(s, users.admin, ListQuery([Filter("customer.name", "eq", "x")]))
