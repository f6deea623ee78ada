"""Orders and deliveries (issue 16): ``ship``, ``reserve`` and ``delivery-plan``.

``crmdesk ship FILE REF --user U``: REF an order number (``SO000123``) makes a delivery
note of everything still open on the order (or ``--line N=QTY``: line N of the order,
counted from 1, or a product code, ships QTY) and ships it now, or only plans it with
``--plan DATE``; REF a delivery note (``DN000001``) ships that planned note.  Prints the
note, the units and the order's new status.  Not enough stock refuses the whole note
(exit 2, one line naming the product, the warehouse and what is available).

``crmdesk reserve FILE ORDER``: reserves what the order's lines still need from what is
available now (after goods arrived, or for an order from before reservations) and
prints its backorders and a credit limit it goes over.

``crmdesk delivery-plan FILE [--from D] [--to D] [--warehouse CODE]``: what ships when,
one line each: date, note or order, order, customer, warehouse, items; planned notes
and open orders' delivery dates; overdue ones first (``--from`` defaults to today,
``--to`` to 14 days later).

The ordinary record commands work on notes too: ``crmdesk list FILE delivery``,
``show``, ``add FILE delivery order_number=SO000123 planned_date=2025-06-01``,
``edit FILE delivery DN000001 status=shipped|cancelled``.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any

from crmdesk.cli.common import EXIT_OK, CliError, logged_in, print_table, tr, with_login
from crmdesk.core.lookup import shown_text
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: the default length of the delivery plan
PLAN_DAYS = 14


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{option} {value}: not a date; write it as YYYY-MM-DD, e.g. 2024-01-31."),
            option=option, value=text) from None


def _warehouse_id(s: Any, text: str | None) -> int | None:
    if not text:
        return None
    from crmdesk.core.services.deliveries import warehouse_by_text

    found = warehouse_by_text(s, text)
    if found is None:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--warehouse {value}: no warehouse has that code or name (crmdesk list FILE "
                   "warehouse lists them)."), value=shown_text(text))
    return found


def _quantities(s: Any, order_id: int, texts: list[str]) -> dict[int, int] | None:
    """``--line N=QTY`` (line N of the order, from 1, or a product code) -> quantities
    per order line (lines not named ship nothing)."""
    if not texts:
        return None
    from crmdesk.core.services.deliveries import order_line_of

    result: dict[int, int] = {}
    for text in texts:
        ref, sep, qty = text.partition("=")
        line_id = order_line_of(s, order_id, ref.strip()) if sep else None
        if line_id is None or not qty.strip().isdigit():
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "--line {item} is not valid: write LINE=QUANTITY, LINE being the line's "
                       "number on the order (from 1) or its product code, e.g. 1=5."),
                item=text)
        result[line_id] = int(qty)
    return result


def cmd_ship(args: argparse.Namespace) -> int:
    from crmdesk.core import presentation
    from crmdesk.core.services import deliveries as flow
    from crmdesk.core.services.deliveries import deliveries
    from crmdesk.core.services.sales import orders

    shipped_on = _day(args.date, "--date")
    planned = _day(args.plan, "--plan")
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            fields: dict[str, Any] = {key: value for key, value in (
                ("carrier", args.carrier), ("tracking", args.tracking),
                ("warehouse_id", _warehouse_id(s, args.warehouse))) if value}
            if args.ref.upper().startswith(deliveries.code_prefix):
                note = deliveries.by_code(s, actor, args.ref)
                if fields:
                    deliveries.update(s, actor, note.id, fields)
                if args.line:
                    deliveries.set_lines(s, actor, note.id, _quantities(s, note.order_id,
                                                                        args.line) or {})
                if planned is None:
                    note = deliveries.ship(s, actor, note.id, shipped_on=shipped_on)
            else:
                order = orders.get(s, actor, int(args.ref)) if args.ref.isdigit() else \
                    orders.by_code(s, actor, args.ref)
                quantities = _quantities(s, order.id, args.line)
                if planned is not None:
                    note = flow.plan_delivery(s, actor, order.id, quantities,
                                              planned_date=planned, **fields)
                else:
                    note = flow.ship_order(s, actor, order.id, quantities,
                                           shipped_on=shipped_on, **fields)
            units = sum(line.quantity for line in deliveries.lines(s, actor, note.id))
            order_row = orders.get(s, actor, note.order_id)
            status = presentation.choice_name("order_status", order_row.status)
            number, order_number = note.number, order_row.number
            shipped = note.status == "shipped"
    if shipped:
        print(tr(QT_TRANSLATE_NOOP(
            "Cli", "Shipped {note}: {units} units of order {order}; the order is now "
                   "{status}."), note=number, units=units, order=order_number, status=status))
    else:
        print(tr(QT_TRANSLATE_NOOP(
            "Cli", "Planned {note} for {day}: {units} units of order {order}."),
            note=number, day=planned.isoformat() if planned else "", units=units,
            order=order_number))
    return EXIT_OK


def cmd_reserve(args: argparse.Namespace) -> int:
    from crmdesk.core import presentation
    from crmdesk.core.services import order_flow
    from crmdesk.core.services.sales import orders

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            order = orders.get(s, actor, int(args.order)) if args.order.isdigit() else \
                orders.by_code(s, actor, args.order)
            if order.status not in order_flow.OPEN:
                raise CliError(QT_TRANSLATE_NOOP(
                    "Cli", "Order {order} is {status}: only a confirmed or partly shipped "
                           "order reserves (crmdesk edit FILE order {order} "
                           "status=confirmed confirms a draft)."), order=order.number,
                    status=presentation.choice_name("order_status", order.status))
            order_flow.reserve(s, actor, order)
            reserved = sum(line.reserved_qty for line in order_flow.lines_of(s, order.id))
            notes = order_flow.order_notices(s, order)
            number = order.number
    print(tr(QT_TRANSLATE_NOOP("Cli", "Order {order} holds {units} units in stock."),
             order=number, units=reserved))
    for note in notes:
        print(note)
    return EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    from crmdesk.core import presentation
    from crmdesk.core.services import deliveries as flow

    first = _day(args.from_, "--from") or date.today()
    last = _day(args.to, "--to") or first + timedelta(days=PLAN_DAYS)
    if last < first:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--to {last} is before --from {first}: give a later end date."),
            first=first.isoformat(), last=last.isoformat())
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            rows = flow.plan(s, actor, first, last,
                             warehouse_id=_warehouse_id(s, args.warehouse))
    overdue = tr(QT_TRANSLATE_NOOP("Cli", "overdue"))
    print_table([(presentation.date_text(r.day) if r.day else "-",
                  f"{r.number}" + (f" ({overdue})" if r.overdue else ""),
                  r.order_number, r.customer_name, r.warehouse_name, r.items)
                 for r in rows])
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("ship", help="ship an order (or a planned delivery note)",
                       description="REF: an order number (makes a delivery note of what is "
                                   "open and ships it) or a delivery note number (ships it).")
    p.add_argument("file")
    p.add_argument("ref", help="order number (SO...) or delivery note number (DN...)")
    p.add_argument("--line", action="append", default=[], metavar="LINE=QTY",
                   help="ship QTY of order line LINE (its number from 1, or product code)")
    p.add_argument("--date", help="shipped on (YYYY-MM-DD, default today)")
    p.add_argument("--plan", metavar="DATE", help="only plan the note for DATE")
    p.add_argument("--warehouse", help="ship from this warehouse (code or name)")
    p.add_argument("--carrier")
    p.add_argument("--tracking")
    with_login(p)
    p.set_defaults(func=cmd_ship)

    p = sub.add_parser("reserve", help="reserve stock for an order's open lines")
    p.add_argument("file")
    p.add_argument("order", help="order number")
    with_login(p)
    p.set_defaults(func=cmd_reserve)

    p = sub.add_parser("delivery-plan", help="what ships when")
    p.add_argument("file")
    p.add_argument("--from", dest="from_", metavar="DATE", help="first day (default today)")
    p.add_argument("--to", metavar="DATE", help=f"last day (default {PLAN_DAYS} days on)")
    p.add_argument("--warehouse", help="one warehouse (code or name)")
    with_login(p)
    p.set_defaults(func=cmd_plan)
