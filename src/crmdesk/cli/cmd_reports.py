"""Reports and analysis: report (PDF), analytics (tab-separated figures)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from crmdesk.cli.common import (
    EXIT_OK,
    KINDS,
    CliError,
    analytics_cell,
    check_kind,
    logged_in,
    print_table,
    tr,
    with_login,
)
from crmdesk.cli.filters import typed_filters
from crmdesk.cli.progress import verbose_job
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: crmdesk.reports.REPORTS and crmdesk.core.analytics.ANALYSES, named here so that
#: building the parser does not import them (a test keeps the lists equal)
REPORT_NAMES = ("customer-list", "list", "customer-card", "pipeline", "sales", "service",
                "follow-up", "receivables", "statement", "dealership", "insurance",
                "stocktake", "ticket-card", "quote-document", "order-document",
                "delivery-document", "invoice-document")


ANALYSIS_NAMES = ("kpi", "rfm", "rfm-segments", "abc", "abc-tiers", "sales-industry",
                  "sales-region", "sales-city", "sales-owner", "sales-month", "sales-channel",
                  "sales-source", "funnel", "forecast", "conversion-source",
                  "conversion-intent", "follow-up",
                  "tickets-status", "tickets-category", "tickets-priority", "resolution", "csat",
                  "sla", "articles", "receivables", "receivables-owner", "products",
                  "products-category", "slow-movers", "stock-turnover")


def _cli_date(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "{option} {value} is not a date: write it as YYYY-MM-DD, e.g. 2024-05-01."),
            option=option, value=text) from None


def _criteria(s: Any, args: argparse.Namespace) -> Any:
    from crmdesk.core.analytics import Criteria
    from crmdesk.core.services import accounts

    start = _cli_date(args.date_from, "--from")
    end = _cli_date(args.date_to, "--to")
    if start and end and start > end:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--from {start} is after --to {end}: swap them."), start=start, end=end)
    owner = accounts.user_by_name(s, args.owner).id if args.owner else None
    return Criteria(start, end, owner, _cli_date(args.as_of, "--as-of"))


def cmd_report(args: argparse.Namespace) -> int:
    from crmdesk.core.filters import ListQuery, list_column_keys, parse_sort
    from crmdesk.reports import ReportRequest, build_report

    if args.name in ("customer-list", "list") and (args.date_from or args.date_to
                                                   or args.owner):
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "--from, --to and --owner are for analysis reports: filter a list with "
                   "--filter, e.g. --filter created_at>=2024-01-01 --filter owner_id=wang."))
    with logged_in(args) as (db, actor):
        entity = "customer" if args.name == "customer-list" else check_kind(args.kind)
        with db.session() as s:
            query = ListQuery(filters=typed_filters(s, actor, entity, args.filter),
                              text=args.text, sort=parse_sort(entity, args.sort))
            columns = list_column_keys(s, entity, args.columns)
            criteria = _criteria(s, args)
        request = ReportRequest(args.name, entity=entity, query=query, columns=columns,
                                customer=args.customer, record=args.record or args.ticket,
                                criteria=criteria)
        result = build_report(db, actor, request, args.out, job=verbose_job(args))
    print(tr(QT_TRANSLATE_NOOP("Cli", "Wrote {file}: {pages} pages in {s:.1f} s."),
             file=result.path, pages=result.pages, s=result.seconds))
    return EXIT_OK


def cmd_analytics(args: argparse.Namespace) -> int:
    from crmdesk.core import analytics

    with logged_in(args) as (db, actor):
        with db.transaction() as s:
            if args.name not in ANALYSIS_NAMES:
                from crmdesk.core.services import templates

                declared = templates.declared_analyses(s)
                if args.name not in declared:
                    raise CliError(QT_TRANSLATE_NOOP(
                        "Cli", "There is no analysis {name}: choose one of {names}."),
                        name=args.name, names=", ".join([*ANALYSIS_NAMES, *declared]))
            result = analytics.export_table(s, actor, args.name, _criteria(s, args))
    keys = [c.key for c in result.columns]
    print("\t".join(keys))
    rows = []
    for row in result.rows:
        kinds = [str(row[keys.index("kind")]) if c.kind == "mixed" else c.kind
                 for c in result.columns]
        rows.append([analytics_cell(k, v) for k, v in zip(kinds, row, strict=True)])
    print_table(rows)
    return EXIT_OK


def _period_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help="first day of the period (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day of the period")
    p.add_argument("--owner", metavar="USER", help="only this user's records")
    p.add_argument("--as-of", dest="as_of", metavar="DATE",
                   help="judge recency and overdue on this day (default: today)")
    p.add_argument("--lang", default=argparse.SUPPRESS, help="zh_CN or en")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("report", help="write a PDF report: " + ", ".join(REPORT_NAMES))
    p.add_argument("file")
    p.add_argument("name", metavar="NAME",
                   help="a report (" + ", ".join(REPORT_NAMES) + ") or an applied "
                        "template's statistics (crmdesk template list FILE)")
    p.add_argument("--out", "-o", required=True, metavar="OUT.pdf")
    p.add_argument("--kind", default="customer", metavar="KIND",
                   help="record type of the 'list' report (default customer): "
                        + ", ".join(KINDS) + " or a designed type's key")
    p.add_argument("--filter", action="append", default=[],
                   help="FIELD=VALUE (or ~ != > >= < <=); customer.FIELD on other records")
    p.add_argument("--text", help="quick filter text (as in the datasheet)")
    p.add_argument("--sort", action="append", help="FIELD, or -FIELD for descending")
    p.add_argument("--columns", help="comma-separated fields of a list (default: the list's)")
    p.add_argument("--customer", metavar="CODE", help="the customer of a customer-card")
    p.add_argument("--ticket", metavar="CODE", help="the ticket of a ticket-card")
    p.add_argument("--record", metavar="NUMBER",
                   help="the record of a document: quote-document QT..., order-document "
                        "SO..., delivery-document DN..., invoice-document INV...")
    _period_options(p)
    with_login(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("analytics", help="figures as tab-separated text: "
                       + ", ".join(ANALYSIS_NAMES) + ", or an analysis of an applied "
                       "template (crmdesk template list FILE names them)")
    p.add_argument("file")
    p.add_argument("name", metavar="NAME")
    _period_options(p)
    with_login(p)
    p.set_defaults(func=cmd_analytics)
