"""Invoices and payments whose aging is known by construction (as of 2024-06-30).

Written straight into the tables (the figures read the tables, whoever wrote them):

========  ========  ======  ==========  ==========  =========  ==========================
customer  owner     number  issued      due         total      paid by 06-30 -> bucket
========  ========  ======  ==========  ==========  =========  ==========================
A 王大伟  staff1    TA1     2024-06-01  2024-07-01  1,000.00   -      -> not due 1,000.00
A                   TA2     2024-05-01  2024-05-31    500.00   200.00 -> 1-30 (30 d) 300.00
A                   TA3     2024-04-01  2024-04-30    800.00   -      -> 61-90 (61 d) 800.00
B 李小红  staff2    TB1     2024-02-01  2024-03-01  2,000.00   (paid 07-05) -> over 90 2,000
B                   TB2     2024-04-16  2024-05-16    100.00   -      -> 31-60 (45 d) 100.00
C 赵铁柱  staff3    TC1     2024-03-01  2024-03-31    700.00   void   -> not receivable
C                   (payment PC1 300.00 on 06-15, unallocated: credit 300.00)
D 钱多多  staff1    TD1     2024-07-02  2024-08-01    900.00   issued after the day
========  ========  ======  ==========  ==========  =========  ==========================
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crmdesk.core.models import Invoice, Payment, PaymentAllocation
from crmdesk.core.services.customers import customers

AS_OF = date(2024, 6, 30)


@dataclass
class Known:
    ids: dict[str, int]
    invoices: dict[str, int]


def _invoice(s, number: str, customer_id: int, owner_id: int, issued: date, due: date,  # type: ignore[no-untyped-def]
             yuan: int, status: str = "issued", paid: int = 0) -> Invoice:
    invoice = Invoice(number=number, customer_id=customer_id, owner_id=owner_id,
                      issue_date=issued, due_date=due, status=status,
                      net_cents=yuan * 100, tax_cents=0, total_cents=yuan * 100,
                      paid_cents=paid * 100)
    s.add(invoice)
    s.flush()
    return invoice


def _payment(s, number: str, customer_id: int, owner_id: int, day: date, yuan: int,  # type: ignore[no-untyped-def]
             allocations: list[tuple[Invoice, int]]) -> Payment:
    allocated = sum(a for _, a in allocations)
    payment = Payment(number=number, customer_id=customer_id, owner_id=owner_id,
                      received_on=day, amount_cents=yuan * 100,
                      unallocated_cents=(yuan - allocated) * 100, method="transfer",
                      reference=f"REF-{number}")
    s.add(payment)
    s.flush()
    for invoice, amount in allocations:
        s.add(PaymentAllocation(payment_id=payment.id, invoice_id=invoice.id,
                                amount_cents=amount * 100))
    s.flush()
    return payment


def build(db, users) -> Known:  # type: ignore[no-untyped-def]
    ids: dict[str, int] = {}
    invoices: dict[str, int] = {}
    with db.transaction() as s:
        for letter, actor, name in (("A", users.staff1, "王大伟"), ("B", users.staff2, "李小红"),
                                    ("C", users.staff3, "赵铁柱"), ("D", users.staff1, "钱多多")):
            ids[letter] = customers.create(s, actor, {"name": name}).id
        s1, s2, s3 = users.staff1.user_id, users.staff2.user_id, users.staff3.user_id
        a, b, c, d = (ids[k] for k in "ABCD")
        ta1 = _invoice(s, "TA1", a, s1, date(2024, 6, 1), date(2024, 7, 1), 1000)
        ta2 = _invoice(s, "TA2", a, s1, date(2024, 5, 1), date(2024, 5, 31), 500, "partial", 200)
        ta3 = _invoice(s, "TA3", a, s1, date(2024, 4, 1), date(2024, 4, 30), 800)
        tb1 = _invoice(s, "TB1", b, s2, date(2024, 2, 1), date(2024, 3, 1), 2000, "paid", 2000)
        tb2 = _invoice(s, "TB2", b, s2, date(2024, 4, 16), date(2024, 5, 16), 100)
        tc1 = _invoice(s, "TC1", c, s3, date(2024, 3, 1), date(2024, 3, 31), 700, "void")
        td1 = _invoice(s, "TD1", d, s1, date(2024, 7, 2), date(2024, 8, 1), 900)
        _payment(s, "PA1", a, s1, date(2024, 6, 10), 200, [(ta2, 200)])
        _payment(s, "PB1", b, s2, date(2024, 7, 5), 2000, [(tb1, 2000)])
        _payment(s, "PC1", c, s3, date(2024, 6, 15), 300, [])
        for inv in (ta1, ta2, ta3, tb1, tb2, tc1, td1):
            invoices[inv.number] = inv.id
    return Known(ids, invoices)
