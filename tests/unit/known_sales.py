"""A small sales dataset whose analysis results are known by construction.

As of 2024-06-30 (orders all dated; everything else relative to today where the
services stamp the time themselves):

======  =========  =========  ======  ========  =====================================
code    customer   owner      orders  sales     RFM segment / ABC tier
======  =========  =========  ======  ========  =====================================
A       王大伟     staff1     3       60000.00  important_value   / A
B       李小红     staff1     1       30000.00  important_retain  / A
C       赵铁柱     staff1     0       -         (no orders)
D       钱多多     staff2     2        2000.00  general_value     / C
E       孙悟空     staff2     1          500.00 general_retain    / C  (+1 cancelled)
F       周芷若     staff3     1        8000.00  general_retain    / B
======  =========  =========  ======  ========  =====================================

Averages over the five buyers: recency 102.2 days, 1.6 orders, ¥20,100.00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import update

from crmdesk.core.models import Task, Ticket
from crmdesk.core.services.customers import customers
from crmdesk.core.services.sales import LineInput, opportunities, orders
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import statuses, tickets

AS_OF = date(2024, 6, 30)


@dataclass
class Known:
    ids: dict[str, int]  # letter -> customer id
    today: date


def _order(s, actor, customer_id: int, day: date, yuan: str, status: str = "completed") -> None:  # type: ignore[no-untyped-def]
    orders.create_with_lines(s, actor, {"customer_id": customer_id, "order_date": day,
                                        "status": status},
                             [LineInput(description="货品", quantity=1, unit_price=yuan)])


def build(db, users) -> Known:  # type: ignore[no-untyped-def]
    today = date.today()
    ids: dict[str, int] = {}
    people = {
        "A": (users.staff1, {"name": "王大伟", "industry": "制造业", "province": "北京市",
                             "city": "北京市", "source": "网站", "intent_level": "H",
                             "next_follow_up": today - timedelta(days=1)}),
        "B": (users.staff1, {"name": "李小红", "industry": "信息技术", "province": "上海市",
                             "city": "上海市", "source": "展会", "intent_level": "A"}),
        "C": (users.staff1, {"name": "赵铁柱", "industry": "制造业", "province": "北京市",
                             "city": "北京市", "source": "网站", "intent_level": "B"}),
        "D": (users.staff2, {"name": "钱多多", "industry": "金融保险", "province": "广东省",
                             "city": "深圳市", "source": "展会", "intent_level": "H",
                             "kind": "company",
                             "next_follow_up": today - timedelta(days=3)}),
        "E": (users.staff2, {"name": "孙悟空", "province": "广东省", "city": "广州市",
                             "source": "客户介绍", "intent_level": "C"}),
        "F": (users.staff3, {"name": "周芷若", "industry": "制造业", "province": "四川省",
                             "city": "成都市", "source": "网站"}),
    }
    with db.transaction() as s:
        for letter, (actor, data) in people.items():
            ids[letter] = customers.create(s, actor, data).id
        a, b, d, e, f = (ids[k] for k in "ABDEF")
        _order(s, users.staff1, a, date(2024, 6, 20), "10000")
        _order(s, users.staff1, a, date(2024, 5, 10), "20000")
        _order(s, users.staff1, a, date(2024, 4, 1), "30000")
        _order(s, users.staff1, b, date(2024, 1, 5), "30000")
        _order(s, users.staff2, d, date(2024, 6, 25), "1000")
        _order(s, users.staff2, d, date(2024, 6, 1), "1000")
        _order(s, users.staff2, e, date(2023, 12, 1), "500")
        _order(s, users.staff2, e, date(2024, 6, 28), "90000", status="cancelled")
        _order(s, users.staff3, f, date(2024, 3, 15), "8000")
        for actor, cid, title, yuan, stage, close in (
                (users.staff1, a, "扩产项目", "100000", "negotiation", date(2024, 7, 15)),
                (users.staff1, b, "系统升级", "50000", "intent", date(2024, 7, 20)),
                (users.staff2, d, "年度采购", "20000", "won", date(2024, 7, 1)),
                (users.staff2, d, "增购", "10000", "lost", date(2024, 8, 1)),
                (users.staff3, f, "试用", "333.35", "potential", date(2024, 8, 10))):
            opportunities.create(s, actor, {"customer_id": cid, "title": title,
                                            "amount_cents": yuan, "stage": stage,
                                            "expected_close": close})
        # follow-up tasks, due relative to today (9:00 local)
        def due(days: int) -> datetime:
            return datetime.combine(today + timedelta(days=days), time(9, 0)).astimezone()

        t1 = tasks.create(s, users.staff1, {"title": "回访王大伟", "customer_id": a,
                                             "due_at": due(-1)})
        t2 = tasks.create(s, users.staff1, {"title": "发报价给李小红", "customer_id": b,
                                             "due_at": due(-3)})
        tasks.create(s, users.staff1, {"title": "拜访赵铁柱", "customer_id": ids["C"],
                                        "due_at": due(1)})
        t4 = tasks.create(s, users.staff2, {"title": "催款钱多多", "customer_id": d,
                                             "due_at": due(-2)})
        tasks.create(s, users.staff2, {"title": "回访孙悟空", "customer_id": e,
                                        "due_at": due(-5)})
        tasks.complete(s, users.staff1, t2.id)  # done now: after its due time (late)
        tasks.complete(s, users.staff2, t4.id)
        s.execute(update(Task).where(Task.id == t4.id)  # done an hour before it was due
                  .values(done_at=due(-2) - timedelta(hours=1)))
        del t1
        # tickets with controlled times: 12 h (high), 48 h (normal), open (normal), 6 h (urgent)
        by_key = {st.key: st.id for st in statuses(s)}
        specs = [(users.staff1, a, "设备异响", "high", "resolved",
                  datetime(2024, 6, 1, 8, tzinfo=UTC), timedelta(hours=12)),
                 (users.staff1, b, "无法登录", "normal", "closed",
                  datetime(2024, 6, 2, tzinfo=UTC), timedelta(hours=48)),
                 (users.staff1, a, "发票抬头", "normal", "new",
                  datetime(2024, 6, 3, tzinfo=UTC), None),
                 (users.staff2, d, "数据丢失", "urgent", "closed",
                  datetime(2024, 6, 4, tzinfo=UTC), timedelta(hours=6))]
        for actor, cid, subject, priority, status, created, took in specs:
            ticket = tickets.create(s, actor, {"customer_id": cid, "subject": subject,
                                               "priority": priority,
                                               "status_id": by_key[status]})
            s.execute(update(Ticket).where(Ticket.id == ticket.id).values(
                created_at=created, resolved_at=created + took if took else None))
    return Known(ids, today)
