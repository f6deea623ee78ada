"""Purchase orders beyond list/show/add/edit (issue 16): ``crmdesk purchase ACTION``.

* ``crmdesk purchase line FILE PO000001 --product P1 --quantity 10 [--cost YUAN]
  [--description TEXT]`` adds a line (unit cost default: the product's average cost);
  ``purchase lines FILE PO...`` lists them (number, product, description, quantity,
  received, open, unit cost, amount);
* ``purchase order FILE PO...`` marks a draft as ordered (sent to the supplier);
* ``purchase receive FILE PO... [--line N=QTY ...] [--reference TEXT]`` books the goods
  that came in into the order's warehouse (no ``--line``: everything still open; N is the
  line's number from 1 or its product code); prints each line received (product,
  quantity, unit cost, stock movement) and the order's new status;
* ``purchase cancel FILE PO...`` cancels an order nothing was received on;
* ``purchase history FILE SUP0001`` lists a supplier's purchase orders.

The order itself is made with ``crmdesk add FILE purchase_order supplier_id=SUP0001
expected_date=2025-07-01`` (warehouse default: ``stock.default_warehouse``); suppliers
with ``add FILE supplier name=...`` or ``import FILE suppliers.xlsx --kind supplier``.
Lines are tab-separated; money in yuan, ungrouped.
"""

from __future__ import annotations

import argparse
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


def _yuan(cents: int) -> str:
    return analytics_cell("money", cents)


def _product_id(s: Any, actor: Any, text: str | None) -> int:
    from crmdesk.exchange.references import References

    if not text:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Say which product: add --product CODE, e.g. --product P1."))
    found, problem = References(s, actor).product(text)
    if problem or found is None:
        raise CliError(QT_TRANSLATE_NOOP("Cli", "--product: {problem}"), problem=problem)
    return found


def _line_quantities(lines: list[Any], texts: list[str], product_codes: dict[int, str]
                     ) -> dict[int, int]:
    """``--line N=QTY`` (N: the line's number from 1, or its product code)."""
    result: dict[int, int] = {}
    for text in texts:
        ref, sep, qty = text.partition("=")
        ref = ref.strip()
        line = None
        if sep and ref.isdigit() and 1 <= int(ref) <= len(lines):
            line = lines[int(ref) - 1]
        elif sep:
            matching = [x for x in lines if product_codes.get(x.product_id, "").upper()
                        == ref.upper()]
            line = matching[0] if len(matching) == 1 else None
        if line is None or not qty.strip().isdigit():
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "--line {item} is not valid: write LINE=QUANTITY, LINE being the line's "
                       "number on the order (from 1) or its product code, e.g. 1=5."),
                item=text)
        result[line.id] = int(qty)
    return result


def _codes(s: Any, actor: Any, lines: list[Any]) -> dict[int, str]:
    from crmdesk.core.services.sales import products

    return {p.id: p.code for p in products.records(
        s, actor, sorted({line.product_id for line in lines}))}


def cmd_purchase(args: argparse.Namespace) -> int:
    from crmdesk.core.services.purchasing import PurchaseLineInput, purchase_orders, suppliers

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.action == "history":
                supplier_id = resolve_record_id(suppliers, s, actor, args.ref)
                history = suppliers.purchases(s, actor, supplier_id)
                rows = [(o.number, o.order_date.isoformat(),
                         o.expected_date.isoformat() if o.expected_date else "",
                         _status(o.status), _yuan(o.total_cents), _yuan(o.received_cents))
                        for o in history.orders]
                print_table(rows)
                return EXIT_OK
            order_id = resolve_record_id(purchase_orders, s, actor, args.ref)
            result: list[tuple[str, ...]]
            if args.action == "line":
                lines = purchase_orders.lines(s, actor, order_id)
                inputs = [PurchaseLineInput(x.product_id, x.quantity,
                                            _yuan(x.unit_cost_cents), x.description, x.id)
                          for x in lines]
                inputs.append(PurchaseLineInput(_product_id(s, actor, args.product),
                                                args.quantity, args.cost, args.description))
                order = purchase_orders.set_lines(s, actor, order_id, inputs)
                result = [(order.number, _yuan(order.total_cents))]
            elif args.action == "lines":
                lines = purchase_orders.lines(s, actor, order_id)
                codes = _codes(s, actor, lines)
                result = [(str(n), codes.get(x.product_id, ""), x.description, str(x.quantity),
                           str(x.received_qty), str(x.quantity - x.received_qty),
                           _yuan(x.unit_cost_cents), _yuan(x.amount_cents))
                          for n, x in enumerate(lines, start=1)]
            elif args.action == "order":
                order = purchase_orders.mark_ordered(s, actor, order_id)
                result = [(order.number, _status(order.status))]
            elif args.action == "cancel":
                order = purchase_orders.cancel(s, actor, order_id)
                result = [(order.number, _status(order.status))]
            else:  # receive
                if args.line:
                    lines = purchase_orders.lines(s, actor, order_id)
                    receipt = purchase_orders.receive(
                        s, actor, order_id, _line_quantities(lines, args.line,
                                                             _codes(s, actor, lines)),
                        reference=args.reference)
                else:
                    receipt = purchase_orders.receive_all(s, actor, order_id,
                                                          reference=args.reference)
                result = [(r.product, str(r.quantity), _yuan(r.unit_cost_cents), r.movement)
                          for r in receipt.lines]
                result.append((tr(QT_TRANSLATE_NOOP("Cli", "Status")), _status(receipt.status),
                               receipt.warehouse, ""))
    print_table(result)  # after the commit
    return EXIT_OK


def _status(status: str) -> str:
    from crmdesk.core import presentation

    return presentation.choice_name("purchase_order_status", status)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "purchase", help="a purchase order's lines, ordering, receiving goods into stock, "
                         "cancelling; a supplier's purchase history",
        usage="crmdesk purchase line FILE PO --product CODE [--quantity N] [--cost YUAN] "
              "[--description TEXT]\n"
              "       crmdesk purchase lines|order|cancel FILE PO\n"
              "       crmdesk purchase receive FILE PO [--line N=QTY ...] [--reference TEXT]\n"
              "       crmdesk purchase history FILE SUPPLIER")
    p.add_argument("action", choices=("line", "lines", "order", "receive", "cancel", "history"))
    p.add_argument("file")
    p.add_argument("ref", metavar="PO|SUPPLIER",
                   help="the purchase order's number (PO000001) or id; history: the "
                        "supplier's code (SUP0001) or id")
    p.add_argument("--product", metavar="CODE", help="line: the product (code or name)")
    p.add_argument("--quantity", default="1", metavar="N", help="line: how many (default 1)")
    p.add_argument("--cost", metavar="YUAN",
                   help="line: unit cost (default: the product's average cost)")
    p.add_argument("--description", help="line: the text (default: the product's name)")
    p.add_argument("--line", action="append", default=[], metavar="N=QTY",
                   help="receive: line N (from 1, or its product code) came in QTY times; "
                        "repeat for several lines (default: everything still open)")
    p.add_argument("--reference", help="receive: the supplier's delivery note number")
    with_login(p)
    p.set_defaults(func=cmd_purchase)
