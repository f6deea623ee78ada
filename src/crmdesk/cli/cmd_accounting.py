"""Receivables and the accountant: statement, accounting (export, opening), bank (import,
lines, match, accept, ignore)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crmdesk.cli.cmd_reports import _cli_date
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


def _customer_id(s: Any, actor: Any, ref: str) -> int:
    from crmdesk.core.services.customers import customers

    return int(ref) if ref.isdigit() else int(customers.by_code(s, actor, ref).id)


def _period(args: argparse.Namespace) -> tuple[Any, Any]:
    start = _cli_date(args.date_from, "--from")
    end = _cli_date(args.date_to, "--to")
    if start and end and start > end:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--from {start} is after --to {end}: swap them."), start=start, end=end)
    return start, end


# ---------------------------------------------------------------------------
# statement
# ---------------------------------------------------------------------------

def cmd_statement(args: argparse.Namespace) -> int:
    from crmdesk.core.analytics import statement as statements

    start, end = _period(args)
    with logged_in(args) as (db, actor):
        if args.out:
            from crmdesk.reports.receivables import write_statement

            with db.session() as s:
                customer_id = _customer_id(s, actor, args.customer)
            path, pages = write_statement(db, actor, customer_id, args.out, start=start,
                                          end=end)
            print(tr(QT_TRANSLATE_NOOP("Cli", "Wrote {file}: {pages} pages."), file=path,
                     pages=pages))
            return EXIT_OK
        with db.transaction() as s:
            result = statements.export(s, actor, _customer_id(s, actor, args.customer),
                                       start=start, end=end)
    print("\t".join(("date", "type", "number", "description", "debit", "credit", "balance")))
    rows = [["", "opening", "", "", "", "", analytics_cell("money", result.opening_cents)]]
    rows += [[line.day.isoformat(), line.kind, line.number, line.description,
              analytics_cell("money", line.debit_cents) if line.debit_cents else "",
              analytics_cell("money", line.credit_cents) if line.credit_cents else "",
              analytics_cell("money", line.balance_cents)] for line in result.lines]
    rows.append([result.end.isoformat(), "closing", "", "",
                 analytics_cell("money", result.debit_cents),
                 analytics_cell("money", result.credit_cents),
                 analytics_cell("money", result.closing_cents)])
    print_table(rows)
    return EXIT_OK


# ---------------------------------------------------------------------------
# accounting export / opening
# ---------------------------------------------------------------------------

def cmd_accounting(args: argparse.Namespace) -> int:
    if args.action == "export":
        from crmdesk.exchange import accounting as writer

        if not args.out:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "Say where to write: add --out FILE.xlsx (or FILE.csv)."))
        start, end = _period(args)
        with logged_in(args) as (db, actor):
            handoff = writer.export(db, actor, args.out, start=start, end=end,
                                    what=args.what, encoding=args.encoding)
        print(tr(QT_TRANSLATE_NOOP(
            "Cli", "Wrote {file}: {invoices} invoices, {payments} payments, {lines} journal "
                   "lines."), file=args.out, invoices=len(handoff.invoices),
            payments=len(handoff.payments), lines=len(handoff.journal)))
        return EXIT_OK
    if not args.source:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Name the file of opening balances: crmdesk accounting opening FILE "
                   "BALANCES.csv --user NAME."))
    return import_opening(args, args.source, args.source_encoding)


def import_opening(args: argparse.Namespace, source: str, encoding: str | None) -> int:
    """Opening balances from *source* (also ``crmdesk import FILE SOURCE --kind
    opening_balance``)."""
    from crmdesk.core.services import opening_balances
    from crmdesk.exchange.bank import read_opening_balances

    rows = read_opening_balances(source, encoding=encoding)
    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            result = opening_balances.import_balances(s, actor, rows,
                                                      source=Path(source).name)
    print(tr(QT_TRANSLATE_NOOP(
        "Cli", "Imported {added} opening balances ({total}); {skipped} were there already."),
        added=result.added, total=analytics_cell("money", result.total_cents),
        skipped=result.skipped))
    return EXIT_OK


# ---------------------------------------------------------------------------
# bank
# ---------------------------------------------------------------------------

def _print_proposals(proposals: list[Any]) -> None:
    print("\t".join(("line", "date", "amount", "counterparty", "reference", "customer",
                     "invoices", "open", "score", "reasons")))
    print_table([[p.line_id, p.booked_on.isoformat(), analytics_cell("money", p.amount_cents),
                  p.counterparty, p.reference, p.customer_code, ",".join(p.invoice_numbers),
                  analytics_cell("money", p.open_cents), p.score, ",".join(p.reasons)]
                 for p in proposals])


def cmd_bank(args: argparse.Namespace) -> int:
    from crmdesk.core.services import bank

    if args.action == "import":
        from crmdesk.exchange.bank import read_statement

        if not args.arg:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "Name the statement: crmdesk bank import FILE STATEMENT.csv --user "
                       "NAME."))
        statement_lines = read_statement(args.arg, encoding=args.source_encoding)
        with logged_in(args) as (db, actor):
            with db.transaction() as s:
                result = bank.import_lines(s, actor, statement_lines,
                                           source=Path(args.arg).name)
        print(tr(QT_TRANSLATE_NOOP(
            "Cli", "Imported {added} bank lines; {skipped} were there already."),
            added=result.added, skipped=result.skipped))
        return EXIT_OK
    with logged_in(args) as (db, actor):
        if args.action == "lines":
            with db.session() as s:
                found = bank.lines(s, actor, open_only=not args.all)
                print("\t".join(("line", "date", "amount", "counterparty", "reference",
                                 "description", "payment", "ignored")))
                print_table([[x.id, x.booked_on.isoformat(),
                              analytics_cell("money", x.amount_cents), x.counterparty or "",
                              x.reference or "", x.description or "", x.payment_id or "",
                              "yes" if x.ignored else ""] for x in found])
            return EXIT_OK
        if args.action == "match":
            with db.transaction() as s:
                proposals = bank.proposals(s, actor)
                if args.accept:
                    booked = [bank.accept_proposal(s, actor, p)
                              for p in proposals if p.confident]
            _print_proposals(proposals)
            if args.accept:
                print(tr(QT_TRANSLATE_NOOP("Cli", "Booked {n} payments: {numbers}."),
                         n=len(booked), numbers=", ".join(p.number for p in booked) or "-"))
            return EXIT_OK
        if not args.arg or not args.arg.isdigit():
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "Name the bank line by its number (crmdesk bank lines FILE lists "
                       "them)."))
        line_id = int(args.arg)
        with db.transaction() as s:
            bank.get_line(s, actor, line_id)
            if args.action == "ignore":
                bank.set_ignored(s, actor, line_id, not args.undo)
                return EXIT_OK
            # accept
            from crmdesk.core.services.invoices import invoices

            invoice_ids = [int(invoices.by_code(s, actor, n).id) for n in args.invoice]
            if args.customer:
                customer_id = _customer_id(s, actor, args.customer)
            elif invoice_ids:
                customer_id = invoices.get(s, actor, invoice_ids[0]).customer_id
            else:
                chosen = bank.proposals(s, actor, [line_id])
                if not chosen:
                    raise CliError(QT_TRANSLATE_NOOP(
                        "Cli", "Bank line {line} matches no open invoice: say whose payment "
                               "it is with --customer CODE (and --invoice NUMBER)."),
                        line=line_id)
                payment = bank.accept_proposal(s, actor, chosen[0])
                print(tr(QT_TRANSLATE_NOOP("Cli", "Booked payment {number}."),
                         number=payment.number))
                return EXIT_OK
            payment = bank.accept(s, actor, line_id, customer_id, invoice_ids or None)
            print(tr(QT_TRANSLATE_NOOP("Cli", "Booked payment {number}."),
                     number=payment.number))
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("statement", help="a customer's statement of account (invoices, "
                                         "payments, running balance), as text or PDF")
    p.add_argument("file")
    p.add_argument("customer", metavar="CUSTOMER", help="the customer's code")
    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help="first day (earlier entries make the opening balance)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day (default today)")
    p.add_argument("--out", "-o", metavar="OUT.pdf", help="write a PDF instead of text")
    with_login(p)
    p.set_defaults(func=cmd_statement)

    p = sub.add_parser(
        "accounting", help="the accountant: export (invoices, payments, journal to xlsx or "
                           "csv), opening (import customers' opening balances)",
        description="crmdesk accounting export FILE --out journal.xlsx [--from D --to D] "
                    "writes the sheets Journal, Invoices, Payments and Accounts (codes from "
                    "the settings accounting.account_*); with --out X.csv one of them "
                    "(--what journal|invoices|payments). crmdesk accounting opening FILE "
                    "BALANCES.csv imports opening balances (columns customer, amount, date, "
                    "due_date, reference).")
    p.add_argument("action", choices=("export", "opening"))
    p.add_argument("file")
    p.add_argument("source", nargs="?", metavar="BALANCES",
                   help="opening: the file of balances (.csv or .xlsx)")
    p.add_argument("--out", "-o", metavar="OUT", help="export: the .xlsx or .csv to write")
    p.add_argument("--what", default="journal", choices=("journal", "invoices", "payments"),
                   help="export to .csv: which table (default journal)")
    p.add_argument("--encoding", default="utf-8-sig",
                   choices=("utf-8-sig", "utf-8", "gb18030"), help="export to .csv: encoding")
    p.add_argument("--source-encoding", metavar="ENC",
                   help="opening: the encoding of a CSV file (default: detected)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day")
    with_login(p)
    p.set_defaults(func=cmd_accounting)

    p = sub.add_parser(
        "bank", help="bank statements: import, lines, match (proposals; --accept books the "
                     "confident ones), accept, ignore",
        description="crmdesk bank import FILE STATEMENT.csv stores the statement's lines (a "
                    "second import adds nothing). crmdesk bank match FILE proposes matches "
                    "with open invoices; --accept books those scoring 60 or more as "
                    "payments. crmdesk bank accept FILE LINE [--customer CODE] [--invoice "
                    "NUMBER ...] books one line; crmdesk bank ignore FILE LINE sets it "
                    "aside (--undo brings it back).")
    p.add_argument("action", choices=("import", "lines", "match", "accept", "ignore"))
    p.add_argument("file")
    p.add_argument("arg", nargs="?", metavar="STATEMENT|LINE")
    p.add_argument("--accept", action="store_true", help="match: book confident proposals")
    p.add_argument("--all", action="store_true", help="lines: also booked and set aside")
    p.add_argument("--customer", metavar="CODE", help="accept: whose payment it is")
    p.add_argument("--invoice", action="append", default=[], metavar="NUMBER",
                   help="accept: an invoice it pays (repeat for more)")
    p.add_argument("--undo", action="store_true", help="ignore: bring the line back")
    p.add_argument("--source-encoding", metavar="ENC",
                   help="import: the statement's encoding (default: detected)")
    with_login(p)
    p.set_defaults(func=cmd_bank)
