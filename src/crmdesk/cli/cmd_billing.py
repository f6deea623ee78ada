"""Quotes, invoices and payments beyond list/show/add/edit (issue 16):

* ``crmdesk quote line FILE QT000001 --product P1 --quantity 2 [--price YUAN]
  [--description TEXT]`` adds a line; ``quote lines FILE QT...`` lists them;
  ``quote order FILE QT...`` turns the quote into an order (prints its number);
* ``crmdesk invoice issue FILE SO000001 [--date D] [--due D]`` invoices what the order
  delivered and has not invoiced (prints the number and total); ``invoice lines``;
  ``invoice void FILE INV... --reason TEXT``;
* ``crmdesk payment record FILE CUSTOMER --amount YUAN [--date D] [--method M]
  [--reference TEXT] [--invoice INV...]`` records a payment and allocates it (oldest
  invoice first, or the invoices named); ``payment allocate FILE PM... [--invoice INV...]``
  uses what a payment still holds as credit.

Lines are tab-separated; money in yuan, ungrouped.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from crmdesk.cli.common import (
    EXIT_OK,
    CliError,
    analytics_cell,
    logged_in,
    print_table,
    resolve_record_id,
    tr,
    with_login,
)
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{option} {value} is not a date: write YYYY-MM-DD, e.g. 2026-12-05."),
            option=option, value=text) from None


def _yuan(cents: int) -> str:
    return str(analytics_cell("money", cents))


def _invoice_ids(s: Any, actor: Any, refs: list[str] | None) -> list[int] | None:
    from crmdesk.core.services.invoices import invoices

    if not refs:
        return None
    return [resolve_record_id(invoices, s, actor, ref) for ref in refs]


def _product(s: Any, actor: Any, text: str) -> int:
    from crmdesk.exchange.references import References

    found, problem = References(s, actor).product(text)
    if problem:
        raise CliError(QT_TRANSLATE_NOOP("Cli", "--product: {problem}"), problem=problem)
    assert found is not None
    return int(found)


# -- quote -------------------------------------------------------------------------------------

def cmd_quote(args: argparse.Namespace) -> int:
    from crmdesk.core.services.quotes import quotes
    from crmdesk.core.services.sales import LineInput

    out: list[str] = []
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            quote_id = resolve_record_id(quotes, s, actor, args.ref)
            if args.action == "line":
                if not args.product and not args.description:
                    raise CliError(QT_TRANSLATE_NOOP(
                        "Cli", "Say what the line is: --product CODE and/or --description "
                               "TEXT (with --quantity N and --price YUAN)."))
                quote = quotes.add_line(s, actor, quote_id, LineInput(
                    description=args.description, quantity=args.quantity,
                    unit_price=args.price,
                    product_id=_product(s, actor, args.product) if args.product else None))
                out.append(f"{quote.number}\t{_yuan(quote.net_cents)}\t"
                           f"{_yuan(quote.tax_cents)}\t{_yuan(quote.total_cents)}")
            elif args.action == "lines":
                _print_lines(quotes.lines(s, actor, quote_id))
            else:  # order
                order = quotes.to_order(s, actor, quote_id, order_date=_day(args.date, "--date"))
                out.append(f"{order.number}\t{_yuan(order.total_cents)}")
    for line in out:  # after the commit
        print(line)
    return EXIT_OK


def _print_lines(lines: list[Any]) -> None:
    from crmdesk.core.services import vat

    print("description\tquantity\tunit_price\tnet\tvat_rate\tvat")
    rows = []
    for x in lines:
        net = getattr(x, "net_cents", None)
        net = x.unit_price_cents * x.quantity if net is None else net
        tax = getattr(x, "tax_cents", None)
        tax = vat.tax(net, x.vat_rate) if tax is None else tax
        rows.append((x.description, x.quantity, _yuan(x.unit_price_cents), _yuan(net),
                     vat.bp_text(x.vat_rate), _yuan(tax)))
    print_table(rows)


# -- invoice -----------------------------------------------------------------------------------

def _quantities(s: Any, actor: Any, order_id: int, texts: list[str] | None
                ) -> dict[int, int] | None:
    """``--line N=QTY`` (N: the order's line, from 1) -> order line id -> quantity."""
    from crmdesk.core.services.sales import orders

    if not texts:
        return None
    lines = orders.lines(s, actor, order_id)
    result: dict[int, int] = {}
    for text in texts:
        n, sep, qty = text.partition("=")
        if not sep or not n.strip().isdigit() or not qty.strip().isdigit() \
                or not 1 <= int(n) <= len(lines):
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "--line {value}: write LINE=QUANTITY with the order's line from 1 to "
                       "{count}, e.g. --line 1=2."), value=text, count=len(lines))
        result[lines[int(n) - 1].id] = int(qty)
    return result


def cmd_invoice(args: argparse.Namespace) -> int:
    from crmdesk.core.services.invoices import invoices
    from crmdesk.core.services.sales import orders

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "issue":
                order_id = resolve_record_id(orders, s, actor, args.ref)
                invoice = invoices.issue(s, actor, order_id, issue_date=_day(args.date, "--date"),
                                         due_date=_day(args.due, "--due"),
                                         quantities=_quantities(s, actor, order_id, args.line))
                out = (f"{invoice.number}\t{_yuan(invoice.net_cents)}\t"
                       f"{_yuan(invoice.tax_cents)}\t{_yuan(invoice.total_cents)}\t"
                       f"{invoice.due_date.isoformat()}")
            else:
                invoice_id = resolve_record_id(invoices, s, actor, args.ref)
                if args.action == "lines":
                    _print_lines(invoices.lines(s, actor, invoice_id))
                    return EXIT_OK
                if not args.reason:  # void
                    raise CliError(QT_TRANSLATE_NOOP(
                        "Cli", "Say why the invoice is voided: add --reason TEXT."))
                invoice = invoices.void(s, actor, invoice_id, args.reason)
                out = tr(QT_TRANSLATE_NOOP("Cli", "Voided {number}."), number=invoice.number)
    print(out)  # after the commit
    return EXIT_OK


# -- payment -----------------------------------------------------------------------------------

def cmd_payment(args: argparse.Namespace) -> int:
    from crmdesk.core.services.payments import payments

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "record":
                from crmdesk.exchange.references import References

                customer_id, problem = References(s, actor).customer(args.ref)
                if problem:
                    raise CliError(QT_TRANSLATE_NOOP("Cli", "{field}: {problem}"),
                                   field="CUSTOMER", problem=problem)
                if not args.amount:
                    raise CliError(QT_TRANSLATE_NOOP(
                        "Cli", "Say how much was paid: add --amount YUAN, e.g. --amount "
                               "1130.00."))
                data: dict[str, Any] = {"customer_id": customer_id,
                                        "amount_cents": args.amount,
                                        "received_on": _day(args.date, "--date"),
                                        "method": args.method, "reference": args.reference}
                payment = payments.create(s, actor, {k: v for k, v in data.items()
                                                     if v is not None},
                                          invoice_ids=_invoice_ids(s, actor, args.invoice))
                made = payments.allocations(s, actor, payment.id)
            else:  # allocate
                payment = payments.get(s, actor, resolve_record_id(payments, s, actor,
                                                                   args.ref))
                made = payments.allocate(s, actor, payment.id,
                                         _invoice_ids(s, actor, args.invoice))
            number, left = payment.number, payment.unallocated_cents
    print(f"{number}\t{_yuan(left)}")  # after the commit
    print_table([(a.invoice_number, _yuan(a.amount_cents), a.invoice_status) for a in made])
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("quote", help="a quote's lines, and turning it into an order",
                       usage="crmdesk quote line FILE QUOTE [--product CODE] [--quantity N] "
                             "[--price YUAN] [--description TEXT]\n"
                             "       crmdesk quote lines FILE QUOTE\n"
                             "       crmdesk quote order FILE QUOTE [--date D]")
    p.add_argument("action", choices=("line", "lines", "order"))
    p.add_argument("file")
    p.add_argument("ref", metavar="QUOTE", help="the quote's number (QT000001) or id")
    p.add_argument("--product", metavar="CODE", help="line: the product (code or name)")
    p.add_argument("--description", help="line: the text (default: the product's name)")
    p.add_argument("--quantity", default="1", metavar="N", help="line: how many (default 1)")
    p.add_argument("--price", metavar="YUAN", help="line: unit price (default: the product's)")
    p.add_argument("--date", metavar="D", help="order: the order's date (default today)")
    with_login(p)
    p.set_defaults(func=cmd_quote)

    p = sub.add_parser("invoice", help="issue an invoice for an order's deliveries, list its "
                                       "lines, void it",
                       usage="crmdesk invoice issue FILE ORDER [--date D] [--due D] "
                             "[--line N=QTY]\n"
                             "       crmdesk invoice lines FILE INVOICE\n"
                             "       crmdesk invoice void FILE INVOICE --reason TEXT")
    p.add_argument("action", choices=("issue", "lines", "void"))
    p.add_argument("file")
    p.add_argument("ref", metavar="ORDER|INVOICE",
                   help="issue: the order (SO000001); lines, void: the invoice (INV000001)")
    p.add_argument("--date", metavar="D", help="issue: the invoice date (default today)")
    p.add_argument("--due", metavar="D",
                   help="issue: the due date (default: invoice.payment_days later)")
    p.add_argument("--line", action="append", metavar="N=QTY",
                   help="issue: invoice only QTY of the order's line N (from 1); repeat for "
                        "several (default: everything delivered and not invoiced)")
    p.add_argument("--reason", help="void: why (kept with the invoice)")
    with_login(p)
    p.set_defaults(func=cmd_invoice)

    p = sub.add_parser("payment", help="record a payment and allocate it to invoices",
                       usage="crmdesk payment record FILE CUSTOMER --amount YUAN [--date D] "
                             "[--method M] [--reference TEXT] [--invoice INV ...]\n"
                             "       crmdesk payment allocate FILE PAYMENT [--invoice INV]")
    p.add_argument("action", choices=("record", "allocate"))
    p.add_argument("file")
    p.add_argument("ref", metavar="CUSTOMER|PAYMENT",
                   help="record: the customer (code or name); allocate: the payment (PM...)")
    p.add_argument("--amount", metavar="YUAN", help="record: the amount received")
    p.add_argument("--date", metavar="D", help="record: the day received (default today)")
    p.add_argument("--method", help="record: transfer, cash, wechat, alipay, card, other "
                                    "(or 转账, 现金, 微信 ...)")
    p.add_argument("--reference", help="record: the bank's reference or a receipt number")
    p.add_argument("--invoice", action="append", metavar="INV",
                   help="the invoice to pay (repeat for several, in order); default: the "
                        "customer's open invoices, oldest due first")
    with_login(p)
    p.set_defaults(func=cmd_payment)
