"""Writing the accountant export (:mod:`crmdesk.core.services.accounting`) to files.

* ``.xlsx``: four sheets, ``Journal``, ``Invoices``, ``Payments`` and ``Accounts`` (the
  account codes used, from the settings);
* ``.csv``: one of them (``what``: journal, invoices or payments), UTF-8 with a BOM
  (Excel) or GB18030, every cell escaped against formula injection (``csv_cell``).

Columns have fixed keys (the first header row is English keys, so an accounting
package's import mapping stays the same in either language; see README "Hand-off to
the accountant"); money is yuan with two decimals, dates ``YYYY-MM-DD``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from crmdesk.core.permissions import Actor
from crmdesk.core.services import accounting, accounts, audit
from crmdesk.core.services.accounting import Handoff
from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.exporter import XlsxWriter, csv_cell
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage.database import Database
from crmdesk.storage.files import commit, temp_path

WHAT = ("journal", "invoices", "payments")


@dataclass(frozen=True)
class Col:
    key: str
    kind: str  # text | date | money
    width: float
    value: Callable[[Any], Any]


def _yuan(cents: int) -> Decimal:
    return Decimal(cents) / 100


JOURNAL = (
    Col("date", "date", 11, lambda x: x.day),
    Col("voucher", "text", 14, lambda x: x.voucher),
    Col("type", "text", 10, lambda x: x.kind),
    Col("account", "text", 12, lambda x: x.account),
    Col("account_name", "text", 18, lambda x: x.account_name),
    Col("debit", "money", 12, lambda x: _yuan(x.debit_cents)),
    Col("credit", "money", 12, lambda x: _yuan(x.credit_cents)),
    Col("description", "text", 32, lambda x: x.description),
    Col("customer_code", "text", 12, lambda x: x.customer_code),
    Col("customer", "text", 24, lambda x: x.customer),
)
INVOICES = (
    Col("number", "text", 14, lambda x: x.number),
    Col("issue_date", "date", 11, lambda x: x.issue_date),
    Col("due_date", "date", 11, lambda x: x.due_date),
    Col("customer_code", "text", 12, lambda x: x.customer_code),
    Col("customer", "text", 24, lambda x: x.customer),
    Col("status", "text", 10, lambda x: x.status),
    Col("net", "money", 12, lambda x: _yuan(x.net_cents)),
    Col("tax", "money", 12, lambda x: _yuan(x.tax_cents)),
    Col("total", "money", 12, lambda x: _yuan(x.total_cents)),
    Col("paid", "money", 12, lambda x: _yuan(x.paid_cents)),
    Col("opening_balance", "text", 8, lambda x: "1" if x.opening_balance else "0"),
)
PAYMENTS = (
    Col("number", "text", 14, lambda x: x.number),
    Col("received_on", "date", 11, lambda x: x.received_on),
    Col("customer_code", "text", 12, lambda x: x.customer_code),
    Col("customer", "text", 24, lambda x: x.customer),
    Col("method", "text", 10, lambda x: x.method),
    Col("reference", "text", 20, lambda x: x.reference),
    Col("amount", "money", 12, lambda x: _yuan(x.amount_cents)),
    Col("unallocated", "money", 12, lambda x: _yuan(x.unallocated_cents)),
)
ACCOUNT_COLS = (
    Col("name", "text", 14, lambda x: x[0]),
    Col("account", "text", 12, lambda x: x[1]),
    Col("account_name", "text", 24, lambda x: x[2]),
)


def _tables(handoff: Handoff) -> dict[str, tuple[Sequence[Col], list[Any]]]:
    names = {k: render("Accounting", v) for k, v in accounting.ACCOUNTS.items()}
    return {
        "journal": (JOURNAL, handoff.journal),
        "invoices": (INVOICES, handoff.invoices),
        "payments": (PAYMENTS, handoff.payments),
        "accounts": (ACCOUNT_COLS, [(k, handoff.accounts[k], names[k])
                                    for k in accounting.ACCOUNTS]),
    }


def _csv_text(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "money":
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write(handoff: Handoff, path: Path, *, what: str = "journal",
          encoding: str = "utf-8-sig", author: str = "") -> int:
    """Write *handoff* to *path* (atomically); returns the rows of the main table."""
    suffix = path.suffix.lower()
    tables = _tables(handoff)
    if what not in WHAT:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{what} is not part of the accountant export: choose journal, "
                        "invoices or payments."), what=what)
    if suffix not in (".xlsx", ".csv"):
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{name}: exports are .xlsx (Excel) or .csv files; choose one of those "
                        "endings."), name=path.name)
    tmp = temp_path(path, ".tmp" + path.suffix)
    try:
        if suffix == ".csv":
            cols, rows = tables[what]
            with tmp.open("w", encoding=encoding, newline="", errors="replace") as fh:
                out = csv.writer(fh)
                out.writerow([c.key for c in cols])
                for row in rows:
                    out.writerow([csv_cell(_csv_text(c.kind, c.value(row))) for c in cols])
        else:
            writer = XlsxWriter(tmp, author)
            try:
                for name, (cols, rows) in tables.items():
                    writer.sheet(name.capitalize(), [c.key for c in cols],
                                 [c.kind for c in cols],
                                 [c.width for c in cols],
                                 iter([[_xlsx(c, row) for c in cols] for row in rows]),
                                 lambda n: None)
            finally:
                writer.close()
        commit(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(tables[what][1])


def _xlsx(col: Col, row: Any) -> Any:
    value = col.value(row)
    if col.kind == "money":
        return float(value)
    if col.kind == "date" and isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


def export(db: Database, actor: Actor, path: str | Path, *, start: date | None = None,
           end: date | None = None, what: str = "journal",
           encoding: str = "utf-8-sig") -> Handoff:
    """Build the hand-off, count its customers for the anti-scraping guard (committed
    before any data leaves), write the file, audit it."""
    path = Path(path)
    with db.transaction() as session:
        accounts.ensure_active(session, actor)
        handoff = accounting.build(session, actor, start, end)
        accounts.record_access(session, actor, "export", handoff.customer_ids)
    rows = write(handoff, path, what=what, encoding=encoding, author=actor.display_name)
    with db.transaction() as session:
        audit.record(session, actor, "export", entity="invoice",
                     message=QT_TRANSLATE_NOOP(
                         "Audit", "Accountant export to {file}: {invoices} invoices, "
                                  "{payments} payments, {lines} journal lines"),
                     params={"file": path.name, "invoices": len(handoff.invoices),
                             "payments": len(handoff.payments),
                             "lines": len(handoff.journal)},
                     after={"file": path.name, "start": start, "end": end, "what": what,
                            "rows": rows, "customers": len(handoff.customer_ids)})
    return handoff
