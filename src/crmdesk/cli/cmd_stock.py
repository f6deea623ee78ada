"""Stock (issue 16): ``stock``, ``low-stock``, ``stocktake`` and ``locations``.

``crmdesk stock FILE [--warehouse CODE] [--text WORDS] [--all]``: stock per product and
warehouse, one line each: product code, product, warehouse, location, on hand,
reserved, available, average cost, value; a last line with the total value.  Levels
that are all zero are left out unless ``--all``.

``crmdesk low-stock FILE``: the stocked products whose available stock (all warehouses)
is below their low-stock level: code, product, available, level, who is responsible.

``crmdesk stocktake FILE --warehouse CODE --out SHEET.xlsx|SHEET.pdf``: the warehouse's
stocktake sheet (expected quantities; the workbook has a Counted column to fill in).
``crmdesk stocktake FILE --import FILLED.xlsx [--dry-run]``: the counts brought back:
each difference from what is on hand becomes an adjustment (one audit entry); prints
them.  Any unreadable row or unknown product refuses the whole sheet (exit 2).

``crmdesk locations FILE WAREHOUSE [--add CODE [--name NAME]]``: a warehouse's
locations (bins, shelves); ``--add`` makes one.

Movements and levels are also records: ``crmdesk add FILE stock_movement kind=receipt
product_id=P1 quantity=10 unit_cost_cents=12.50``, ``crmdesk list FILE stock_level``,
``crmdesk import FILE opening.xlsx --kind stock_level`` (opening stock), ``--kind
stock_movement``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crmdesk.cli.common import (
    EXIT_OK,
    CliError,
    analytics_cell,
    logged_in,
    print_table,
    tr,
    with_login,
)
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _warehouse_id(s: Any, ref: str | None) -> int | None:
    if ref is None:
        return None
    from crmdesk.core.services import stocktake

    return int(stocktake.find_warehouse(s, ref).id)


def cmd_stock(args: argparse.Namespace) -> int:
    from crmdesk.core.services import warehouses

    with logged_in(args) as (db, actor):
        with db.session() as s:
            found = warehouses.levels(s, actor, warehouse_id=_warehouse_id(s, args.warehouse),
                                      text=args.text, nonzero=not args.all)
    rows: list[list[Any]] = [[r.product_code, r.product_name, r.warehouse_code, r.location or "",
                              r.on_hand, r.reserved, r.available,
                              analytics_cell("money", r.cost_cents),
                              analytics_cell("money", r.value_cents)] for r in found]
    print_table(rows)
    print(tr(QT_TRANSLATE_NOOP("Cli", "{n} stock levels, worth {value} in all."), n=len(found),
             value=analytics_cell("money", sum(r.value_cents for r in found))))
    return EXIT_OK


def cmd_low_stock(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts, warehouses

    with logged_in(args) as (db, actor):
        with db.session() as s:
            found = warehouses.low_stock(s)
            names = accounts.user_names(s)
    print_table([[r.code, r.name, r.available, r.low_stock_level,
                  ", ".join(names.get(u, str(u)) for u in r.responsible_ids)] for r in found])
    return EXIT_OK


def cmd_stocktake(args: argparse.Namespace) -> int:
    if bool(args.out) == bool(args.import_file):
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Say what to do: --out SHEET.xlsx (or .pdf) prints a stocktake sheet, "
                   "--import FILLED.xlsx posts the counts of a filled-in one."))
    if args.out:
        return _print_sheet(args)
    from crmdesk.exchange.stocktake_sheet import import_counts

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            code, found = import_counts(s, actor, args.import_file)
            if args.dry_run:
                s.rollback()
    print_table([[d.code, d.name, d.on_hand, d.counted, f"{d.difference:+d}"] for d in found])
    message = (QT_TRANSLATE_NOOP("Cli", "Stocktake of {warehouse}: {n} differences found; "
                                        "nothing was changed (--dry-run).") if args.dry_run
               else QT_TRANSLATE_NOOP("Cli", "Stocktake of {warehouse}: {n} differences "
                                             "posted as adjustments."))
    print(tr(message, warehouse=code, n=len(found)))
    return EXIT_OK


def _print_sheet(args: argparse.Namespace) -> int:
    from crmdesk.core.services import stocktake

    target = Path(args.out)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{file}: a stocktake sheet is written as .xlsx (to fill in) or .pdf (to "
                   "print)."), file=args.out)
    with logged_in(args) as (db, actor):
        if suffix == ".pdf":
            from crmdesk.reports.engine import ReportRequest, build_report

            build_report(db, actor, ReportRequest("stocktake", record=args.warehouse), target)
            with db.session() as s:
                code = stocktake.find_warehouse(s, args.warehouse, actor).code
        else:
            from crmdesk.exchange.stocktake_sheet import write_xlsx

            with db.session() as s:
                warehouse = stocktake.find_warehouse(s, args.warehouse, actor)
                code = warehouse.code
                write_xlsx(target, warehouse.code, warehouse.name,
                           stocktake.sheet(s, warehouse.id))
    print(tr(QT_TRANSLATE_NOOP("Cli", "Wrote the stocktake sheet of {warehouse} to {file}."),
             warehouse=code, file=args.out))
    return EXIT_OK


def cmd_locations(args: argparse.Namespace) -> int:
    from crmdesk.core.services import warehouses

    with logged_in(args) as (db, actor):
        if args.add:
            with db.transaction() as s:
                warehouse_id = _warehouse_id(s, args.warehouse)
                assert warehouse_id is not None
                warehouses.add_location(s, actor, warehouse_id, args.add, args.name)
        with db.session() as s:
            warehouse_id = _warehouse_id(s, args.warehouse)
            assert warehouse_id is not None
            rows = [[loc.code, loc.name or ""] for loc in warehouses.locations(s, warehouse_id)]
    print_table(rows)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("stock", help="stock per product and warehouse, with its value")
    p.add_argument("file")
    p.add_argument("--warehouse", metavar="CODE", help="one warehouse (code or name)")
    p.add_argument("--text", help="words in the product's code, name or category")
    p.add_argument("--all", action="store_true", help="also levels that are all zero")
    with_login(p)
    p.set_defaults(func=cmd_stock)

    p = sub.add_parser("low-stock", help="products below their low-stock level")
    p.add_argument("file")
    with_login(p)
    p.set_defaults(func=cmd_low_stock)

    p = sub.add_parser("stocktake", help="print a stocktake sheet, or import the counts")
    p.add_argument("file")
    p.add_argument("--warehouse", metavar="CODE",
                   help="the warehouse counted (default: the default warehouse)")
    p.add_argument("--out", metavar="SHEET.xlsx|SHEET.pdf", help="write the sheet")
    p.add_argument("--import", dest="import_file", metavar="FILLED.xlsx",
                   help="post the counts of a filled-in sheet")
    p.add_argument("--dry-run", action="store_true", help="show the differences only")
    with_login(p)
    p.set_defaults(func=cmd_stocktake)

    p = sub.add_parser("locations", help="a warehouse's locations (bins, shelves)")
    p.add_argument("file")
    p.add_argument("warehouse", metavar="WAREHOUSE", help="its code or name")
    p.add_argument("--add", metavar="CODE", help="add a location, e.g. A-01-03")
    p.add_argument("--name", help="the new location's name")
    with_login(p)
    p.set_defaults(func=cmd_locations)
