"""Import, export, duplicates (exchange)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crmdesk.cli.common import (
    EXIT_OK,
    EXIT_USER,
    CliError,
    check_kind,
    logged_in,
    print_table,
    resolve_record_id,
    tr,
    with_login,
)
from crmdesk.cli.filters import split_filters
from crmdesk.cli.progress import verbose_job
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _entity(name: str) -> str:
    from crmdesk.exchange.mapping import ENTITY_NAMES

    return ENTITY_NAMES.get(name, name)


def cmd_import(args: argparse.Namespace) -> int:
    from crmdesk.core.services import custom_fields
    from crmdesk.exchange import importer
    from crmdesk.exchange.error_report import write_error_report
    from crmdesk.exchange.mapping import ColumnMapping, guess_mapping, target_label
    from crmdesk.exchange.sources import open_source

    if args.kind == "opening_balance":  # customers' opening receivables (cmd_accounting)
        from crmdesk.cli.cmd_accounting import import_opening

        return import_opening(args, args.source, args.encoding)
    entity = _entity(args.kind)
    source = open_source(args.source, encoding=args.encoding, sheet=args.sheet,
                         preset=args.preset)
    options = importer.ImportOptions(mode=args.mode, duplicates=args.duplicates,
                                     dry_run=args.dry_run)
    with logged_in(args) as (db, actor):
        importer.check_entity(entity)  # after logging in: the file's designed types count
        with db.session() as s:
            defs = custom_fields.definition_summaries(s, entity)
        if args.mapping:
            mapping = ColumnMapping.load(args.mapping)
            mapping.entity = entity
        else:
            mapping = guess_mapping(entity, source.headers, defs, source.hints)
        if args.save_mapping:
            mapping.save(args.save_mapping)
        labels = {d.key: d.label for d in defs}
        if args.verbose or args.dry_run:
            for header in source.headers:
                target = mapping.target_of(header)
                shown = target_label(entity, target, labels) if target else "-"
                print(tr(QT_TRANSLATE_NOOP("Cli", "column {column} -> {target}"),
                         column=header, target=shown), file=sys.stderr)
        result = importer.run_import(db, actor, source, mapping, options, verbose_job(args))
    for problem in result.problems[:args.show]:
        print(tr(QT_TRANSLATE_NOOP("Cli", "row {row}, {column} ({value}): {reason}"),
                 row=problem.row, column=problem.column,
                 value="" if problem.value is None else problem.value,
                 reason=problem.reason), file=sys.stderr)
    if len(result.problems) > args.show:
        print(tr(QT_TRANSLATE_NOOP("Cli", "... and {n} more problems."),
                 n=len(result.problems) - args.show), file=sys.stderr)
    if args.report and result.problems:
        write_error_report(args.report, result.problems, source=source.path.name)
        print(tr(QT_TRANSLATE_NOOP("Cli", "The problems are listed in {file}."),
                 file=args.report), file=sys.stderr)
    if result.dry_run:
        print(tr(QT_TRANSLATE_NOOP(
            "Cli", "Checked {rows} rows: {ok} can be imported ({created} new, {updated} "
                   "updated, {merged} merged, {skipped} duplicates skipped), {invalid} have "
                   "problems. Nothing was changed."), rows=result.rows,
            ok=result.rows - result.invalid, created=result.created, updated=result.updated,
            merged=result.merged, skipped=result.skipped, invalid=result.invalid))
        return EXIT_OK if not result.invalid else EXIT_USER
    if result.refused:
        print(tr(QT_TRANSLATE_NOOP(
            "Cli", "Nothing was imported: {invalid} of {rows} rows have problems. Fix them, or "
                   "use --mode valid-rows to import the other rows."), invalid=result.invalid,
            rows=result.rows), file=sys.stderr)
        return EXIT_USER
    print(tr(QT_TRANSLATE_NOOP(
        "Cli", "Imported {n} of {rows} rows from {file}: {created} new, {updated} updated, "
               "{merged} merged; {skipped} duplicates skipped, {invalid} rows with problems "
               "not imported."), n=result.imported, rows=result.rows, file=source.path.name,
        created=result.created, updated=result.updated, merged=result.merged,
        skipped=result.skipped, invalid=result.invalid))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from crmdesk.core.filters import ListQuery, parse_sort
    from crmdesk.exchange import exporter

    entity = _entity(args.kind)
    columns = None
    if args.columns:
        columns = [c.strip() for c in args.columns.split(",") if c.strip()]
    with logged_in(args) as (db, actor):
        check_kind(entity)  # after logging in: the file's designed types count too
        sort = parse_sort(entity, args.sort)
        request = exporter.ExportRequest(
            entity, ListQuery(filters=split_filters(args.filter), text=args.text, sort=sort),
            columns=columns, sensitive=args.sensitive, related=args.related)
        try:
            result = exporter.export(db, actor, request, args.out, verbose_job(args),
                                     csv_encoding=args.encoding)
        except KeyError as exc:
            raise CliError(QT_TRANSLATE_NOOP("Cli", "{kind} has no field {field}."),
                           kind=entity, field=str(exc).strip("'")) from None
    extra = ", ".join(f"{k}: {v}" for k, v in result.sheets.items() if k != entity)
    print(tr(QT_TRANSLATE_NOOP("Cli", "Exported {n} records to {file}."), n=result.rows,
             file=args.out) + (f" ({extra})" if extra else ""))
    return EXIT_OK


def cmd_duplicates(args: argparse.Namespace) -> int:
    from crmdesk.core.services import accounts, merging
    from crmdesk.core.services.customers import customers
    from crmdesk.exchange.duplicates import find_duplicates

    with logged_in(args) as (db, actor):
        if args.undo is not None:
            with db.transaction() as s:
                code = merging.undo_merges(s, actor, [args.undo])[0]
            print(tr(QT_TRANSLATE_NOOP("Cli", "Merge {id} undone: {code} is back."),
                     id=args.undo, code=code))
            return EXIT_OK
        if args.not_duplicates or args.maybe_duplicates:
            from crmdesk.exchange.duplicates import dismiss, undismiss

            apart = bool(args.not_duplicates)
            refs = args.not_duplicates or args.maybe_duplicates
            if len(refs) < 2:
                raise CliError(QT_TRANSLATE_NOOP(
                    "Cli", "Name at least two customers, e.g. C000012 C000345."))
            with db.transaction() as s:
                ids = [resolve_record_id(customers, s, actor, ref) for ref in refs]
                (dismiss if apart else undismiss)(s, actor, ids)
            print(tr(QT_TRANSLATE_NOOP("Cli", "{codes}: marked as not duplicates.") if apart
                     else QT_TRANSLATE_NOOP("Cli", "{codes}: listed as possible duplicates "
                                                   "again."), codes=", ".join(refs)))
            return EXIT_OK
        if args.merge:
            from crmdesk.core.permissions import require

            require(actor, "customers.merge")  # before the codes are looked up
            with db.transaction() as s:
                ids = [resolve_record_id(customers, s, actor, ref) for ref in args.merge]
                choose: dict[str, int] = {}
                for item in args.keep:
                    key, _, ref = item.partition("=")
                    if not ref:
                        raise CliError(QT_TRANSLATE_NOOP(
                            "Cli", "{item} is not valid: write FIELD=CODE, e.g. "
                                   "mobile=C000012."), item=item)
                    choose[key.strip()] = resolve_record_id(customers, s, actor, ref.strip())
                done = merging.merge_group(s, actor, ids[0], ids[1:], choose=choose)
            print(tr(QT_TRANSLATE_NOOP(
                "Cli", "Merged {n} customers into {code} (merge {ids}; undo with --undo ID)."),
                n=len(done.merge_ids), code=done.survivor_code,
                ids=", ".join(map(str, done.merge_ids))))
            return EXIT_OK
        with db.transaction() as s:  # the customers found count before anything is printed
            groups = find_duplicates(s, actor, job=verbose_job(args), limit=args.limit)
            rows: list[tuple[int, str, str]] = []
            shown: list[int] = []
            for n, group in enumerate(groups, start=1):
                people = merging.candidates(s, actor, group.ids)
                shown.extend(c.id for c in people)
                rows.append((n, group.describe(), " | ".join(
                    f"{c.code} {c.name}" for c in people)))
            accounts.record_access(s, actor, "duplicates", shown)
    print_table(rows)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("import", help="import customers, contacts ... from .xlsx, .csv or .vcf")
    p.add_argument("file")
    p.add_argument("source", help="the file to import (.xlsx, .xls, .csv, .vcf)")
    p.add_argument("--kind", default="customer",
                   help="customer (default), contact, interaction, opportunity, order, "
                        "ticket, task, product, supplier or opening_balance")
    p.add_argument("--sheet", help="the workbook's sheet (default: the first)")
    p.add_argument("--mapping", help="a saved column mapping (JSON) instead of guessing")
    p.add_argument("--save-mapping", metavar="FILE", help="save the mapping used as JSON")
    p.add_argument("--preset", choices=["google", "outlook", "none"],
                   help="Google Contacts or Outlook CSV (default: recognised by the headers)")
    p.add_argument("--encoding", help="text encoding of a CSV file (default: detected)")
    p.add_argument("--mode", choices=["all-or-nothing", "valid-rows"], default="all-or-nothing")
    p.add_argument("--duplicates", choices=["skip", "update", "merge", "create"],
                   default="skip", help="rows matching an existing record (default: skip)")
    p.add_argument("--report", metavar="ERRORS.xlsx", help="save the problems as a workbook")
    p.add_argument("--dry-run", action="store_true", help="check every row, change nothing")
    p.add_argument("--show", type=int, default=20, help="problems printed (default 20)")
    with_login(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export records to .xlsx or .csv")
    p.add_argument("file")
    p.add_argument("out", help="the file to write (.xlsx or .csv)")
    p.add_argument("--kind", default="customer", help="customers (default), contacts ...")
    p.add_argument("--filter", action="append", default=[], help="FIELD=VALUE (or ~ != > <)")
    p.add_argument("--text", help="quick filter text")
    p.add_argument("--sort", help="FIELD,-FIELD ... (- for descending)")
    p.add_argument("--columns", help="FIELD,FIELD,cf.KEY ... in order, or all")
    p.add_argument("--related", action="store_true",
                   help="customers to .xlsx: a sheet per related record type")
    p.add_argument("--sensitive", action="store_true",
                   help="include ID numbers and bank accounts (administrators; audited)")
    p.add_argument("--encoding", default="utf-8-sig",
                   help="CSV encoding: utf-8-sig (default, Excel), utf-8 or gb18030")
    with_login(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("duplicates", help="find likely duplicate customers, merge them")
    p.add_argument("file")
    p.add_argument("--limit", type=int, default=50, help="groups listed (default 50)")
    p.add_argument("--merge", nargs="+", metavar="CODE",
                   help="merge these customers into the first one")
    p.add_argument("--keep", action="append", default=[], metavar="FIELD=CODE",
                   help="with --merge: take FIELD from that customer")
    p.add_argument("--undo", type=int, metavar="MERGE_ID", help="undo a merge")
    p.add_argument("--not-duplicates", nargs="+", metavar="CODE",
                   help="these customers are different people: never list them together")
    p.add_argument("--maybe-duplicates", nargs="+", metavar="CODE",
                   help="take back --not-duplicates for these customers")
    with_login(p)
    p.set_defaults(func=cmd_duplicates)
