"""Records: search, list, show, add, edit, delete (text or --json)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from crmdesk.cli.common import (
    EXIT_OK,
    EXIT_USER,
    KINDS,
    CliError,
    analytics_cell,
    check_kind,
    json_value,
    logged_in,
    print_json,
    print_table,
    resolve_record_id,
    tr,
    with_login,
)
from crmdesk.cli.filters import typed_filters
from crmdesk.i18n import QT_TRANSLATE_NOOP


def cmd_search(args: argparse.Namespace) -> int:
    from crmdesk.core import search
    from crmdesk.core.services import accounts
    from crmdesk.core.validation import display_phone

    with logged_in(args) as (db, actor):
        with db.transaction() as s:  # the customers found count before anything is printed
            hits = search.search(s, actor, args.query, limit=args.limit)
            accounts.record_access(s, actor, "search", [h.customer_id for h in hits])
    if args.json:
        print_json({"query": args.query, "hits": [
            {"kind": h.kind, "id": h.ref_id, "customer_id": h.customer_id, "code": h.code,
             "title": h.title, "subtitle": h.subtitle} for h in hits]})
        return EXIT_OK if hits else EXIT_USER
    rows = []
    for h in hits:
        phone = h.subtitle or ""
        if phone.isdigit():
            phone = display_phone("+86" + phone) if len(phone) == 11 else phone
        rows.append((h.kind, h.code or "", h.title, phone))
    print_table(rows)
    return EXIT_OK if hits else EXIT_USER


def cmd_list(args: argparse.Namespace) -> int:
    from crmdesk.core.fields import fields_of
    from crmdesk.core.filters import ListQuery, parse_sort
    from crmdesk.core.services import accounts
    from crmdesk.core.services.registry import service_for

    with logged_in(args) as (db, actor):
        service = service_for(check_kind(args.kind))
        specs = [f for f in fields_of(args.kind) if f.in_list and not f.sensitive]
        with db.transaction() as s:
            try:
                query = ListQuery(filters=typed_filters(s, actor, args.kind, args.filter),
                                  text=args.text, sort=parse_sort(args.kind, args.sort))
                ids = service.ids(s, actor, query)
            except KeyError as exc:
                raise CliError(QT_TRANSLATE_NOOP("Cli", "{kind} has no field {field}."),
                                 kind=args.kind, field=str(exc).strip("'")) from None
            rows = service.rows(s, actor, ids[: args.limit])
            # the customers of the rows count before anything is printed (a freeze ends here)
            accounts.record_read(s, actor, args.kind, [row["id"] for row in rows])
    if args.json:
        print_json({"kind": args.kind, "total": len(ids),
                     "records": [_json_record(args.kind, row, specs) for row in rows]})
        return EXIT_OK
    print("\t".join(f.key for f in specs))
    print_table([[_shown(row, f) for f in specs] for row in rows])
    return EXIT_OK


def _cell(row: dict[str, Any], spec: Any) -> Any:
    """A field's value as the window names it (choices, statuses and stages in the
    chosen language, references by name, dates local); money in yuan, ungrouped."""
    from crmdesk.core import presentation

    return presentation.field_text(spec, row, money_symbol=False, money_grouped=False)


def cmd_show(args: argparse.Namespace) -> int:
    from crmdesk.core.fields import fields_of
    from crmdesk.core.services import accounts, custom_fields
    from crmdesk.core.services.customers import customers
    from crmdesk.core.services.registry import service_for

    with logged_in(args) as (db, actor):
        service = service_for(check_kind(args.kind))
        # a designed type shows its own sensitive fields (masked, or revealed: audited)
        holder: Any = service if hasattr(service, "reveal") else customers
        with db.transaction() as s:
            record_id = resolve_record_id(service, s, actor, args.ref)
            if args.kind == "customer":
                obj = customers.open(s, actor, record_id)
            else:  # another record shows its customer: counted as opening that customer
                obj = service.get(s, actor, record_id)
                accounts.record_read(s, actor, args.kind, [record_id], kind="open")
            row = service.rows(s, actor, [record_id])[0]
            specs = fields_of(args.kind)
            lines: list[tuple[str, Any]] = [("version", row.get("version"))]
            secrets: dict[str, Any] = {}
            for spec in specs:
                if spec.sensitive:
                    value = (holder.reveal(s, actor, record_id, spec.key) if args.reveal
                             else holder.masked(actor, obj, spec.key))
                    secrets[spec.key] = value
                else:
                    value = _shown(row, spec)
                lines.append((spec.key, value))
            custom = custom_fields.values(s, actor, args.kind, record_id)
            for key, value in custom.items():
                lines.append((f"cf.{key}", value))
    if args.json:
        record = _json_record(args.kind, row, [f for f in specs if not f.sensitive])
        for key, value in secrets.items():
            record["fields"][key] = record["raw"][key] = json_value(value)
        record["custom"] = {key: json_value(value) for key, value in custom.items()}
        print_json(record)
        return EXIT_OK
    print_table(lines)
    return EXIT_OK


def _assignments(texts: Sequence[str]) -> list[tuple[str, str]]:
    pairs = []
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "{item} is not valid: write FIELD=VALUE, e.g. name=张三 or "
                       "owner_id=wang."), item=text)
        pairs.append((key.strip(), value.strip()))
    return pairs


#: field kinds whose FIELD=VALUE names another record (exactly one match, as an import
#: resolves it: crmdesk.exchange.references)
REFERENCE_KINDS = ("user", "customer", "contact", "product", "status", "stage", "supplier",
                   "warehouse")


def record_input(s: Any, actor: Any, entity: str, texts: Sequence[str], *,
                 customer_id: int | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """FIELD=VALUE pairs as people write them -> (service data, custom values).

    References are resolved as an import resolves them (a user's login or display
    name, a customer's code or exact name, a product's code or name, a status or
    stage by its name); everything else is cleaned by the service's own validation
    (yes/no, choices by label, money in yuan, dates). ``cf.KEY`` sets a custom field.
    A contact is looked for among the contacts of the customer given with it, else of
    *customer_id* (the edited record's customer).
    """
    from crmdesk.core.fields import fields_of
    from crmdesk.core.services import custom_fields
    from crmdesk.exchange.references import References

    specs = {spec.key: spec for spec in fields_of(entity)}
    refs = References(s, actor)
    data: dict[str, Any] = {}
    custom: dict[str, Any] = {}
    pairs = _assignments(texts)
    given = dict(pairs)
    for key, value in pairs:
        if key.startswith("cf."):
            defs = {d.key for d in custom_fields.definition_summaries(s, entity)}
            if key[3:] not in defs:
                raise CliError(QT_TRANSLATE_NOOP(
                    "Cli", "{kind} has no custom field {field}; custom fields: {fields}."),
                    kind=entity, field=key, fields=", ".join(
                        "cf." + k for k in sorted(defs)) or "-")
            custom[key[3:]] = value
            continue
        spec = specs.get(key)
        if key == "status" and spec is not None and not spec.editable \
                and entity in STATUS_COMMANDS:  # issue 16: say which command moves it
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "{kind}: the status follows from what is done with it: use {how}."),
                kind=entity, how=STATUS_COMMANDS[entity])
        if spec is None or not spec.editable:
            raise CliError(QT_TRANSLATE_NOOP(
                "Cli", "{kind} has no field {field} that can be set; fields: {fields}."),
                kind=entity, field=key, fields=", ".join(
                    k for k, f in specs.items() if f.editable))
        if value and spec.kind == "record":  # a record of a designed type: code or id
            from crmdesk.core.record_types.runtime import reference_target
            from crmdesk.core.services.registry import service_for

            target = service_for(reference_target(entity, key))
            data[key] = resolve_record_id(target, s, actor, value)
            continue
        if value == "" or spec.kind not in REFERENCE_KINDS:
            data[key] = value or None
            continue
        found: Any
        if spec.kind == "contact":
            owner = given.get("customer_id")
            found, problem = refs.contact(value, refs.customer(owner)[0] if owner
                                          else customer_id)
        elif spec.kind in ("supplier", "warehouse"):  # fields.CATALOGUE_KINDS
            found, problem = refs.catalogue(spec.kind, value)
        else:
            found, problem = getattr(refs, spec.kind)(value)
        if problem:
            raise CliError(QT_TRANSLATE_NOOP("Cli", "{field}: {problem}"),
                           field=spec.translated, problem=problem)
        data[key] = found
    return data, custom


#: kinds whose status moves only through a command (issue 16), and the command
STATUS_COMMANDS = {
    "invoice": "crmdesk payment record FILE CUSTOMER --amount YUAN --invoice INVOICE, "
               "or crmdesk invoice void FILE INVOICE --reason TEXT",
    "purchase_order": "crmdesk purchase order|receive|cancel FILE PO",
}


def _code_of(service: Any, obj: Any) -> str:
    code = getattr(obj, service.code_attr, None) if service.code_attr else None
    return str(code or obj.id)


def cmd_add(args: argparse.Namespace) -> int:
    from crmdesk.core.services.registry import service_for

    with logged_in(args) as (db, actor):
        service = service_for(check_kind(args.kind))
        with db.transaction() as s:
            if getattr(service, "refuses_add", False):  # its own "do this instead" first
                service.create(s, actor, {})
            data, custom = record_input(s, actor, args.kind, args.values)
            obj = service.create(s, actor, data, custom=custom)
            code = _code_of(service, obj)
    print(code)
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    from crmdesk.core.services.registry import service_for

    if not args.values:
        raise CliError(QT_TRANSLATE_NOOP(
            "Cli", "Say what to change: add FIELD=VALUE, e.g. city=上海市."))
    with logged_in(args) as (db, actor):
        service = service_for(check_kind(args.kind))
        with db.transaction() as s:
            record_id = resolve_record_id(service, s, actor, args.ref)
            record = service.get(s, actor, record_id)
            data, custom = record_input(s, actor, args.kind, args.values,
                                        customer_id=getattr(record, "customer_id", None))
            obj = service.update(s, actor, record_id, data, custom=custom,
                                 expected_version=args.if_version)
            version = obj.version
    print(tr(QT_TRANSLATE_NOOP("Cli", "Saved {code} (version {version})."),
             code=args.ref, version=version))
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from crmdesk.core.services.registry import service_for

    with logged_in(args) as (db, actor):
        service = service_for(check_kind(args.kind))
        with db.transaction() as s:
            record_id = resolve_record_id(service, s, actor, args.ref)
            service.delete(s, actor, record_id)
    print(tr(QT_TRANSLATE_NOOP(
        "Cli", "Moved {code} to the recycle bin (crmdesk recycle restore {file} {kind} {id} "
               "--user NAME brings it back)."),
        code=args.ref, file=args.file, kind=args.kind, id=record_id))
    return EXIT_OK


def _shown(row: dict[str, Any], spec: Any) -> Any:
    """A field's value as the window shows it (money in yuan, names of references)."""
    if spec.kind == "money":
        return analytics_cell("money", row.get(spec.key))
    return _cell(row, spec)


def _json_record(entity: str, row: dict[str, Any], specs: Sequence[Any]) -> dict[str, Any]:
    return {"kind": entity, "id": row.get("id"), "version": row.get("version"),
            "fields": {spec.key: json_value(_shown(row, spec)) for spec in specs},
            "raw": {spec.key: json_value(row.get(spec.key)) for spec in specs}}


#: the record types a command takes: the built-in ones and the file's designed types
KIND_HELP = ", ".join(KINDS) + ", or the key of a record type (crmdesk types FILE)"


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("search", help="find customers, contacts, opportunities, tickets")
    p.add_argument("file")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    with_login(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("list", help="list records as tab-separated text")
    p.add_argument("file")
    p.add_argument("kind", metavar="KIND", help=KIND_HELP)
    p.add_argument("--filter", action="append", default=[], help="FIELD=VALUE (or ~ != > <)")
    p.add_argument("--text", help="quick filter text")
    p.add_argument("--sort", help="FIELD, or -FIELD for descending")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    with_login(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show one record (counts as opening it)")
    p.add_argument("file")
    p.add_argument("kind", metavar="KIND", help=KIND_HELP)
    p.add_argument("ref", help="id or code")
    p.add_argument("--reveal", action="store_true", help="show sensitive fields (audited)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    with_login(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("add", help="add a record; prints its code",
                       description="Values as people write them: users by login or name, "
                                   "customers by code or name, yes/no, choices by name, money "
                                   "in yuan; cf.KEY=VALUE for a custom field.")
    p.add_argument("file")
    p.add_argument("kind", metavar="KIND", help=KIND_HELP)
    p.add_argument("values", nargs="*", metavar="FIELD=VALUE")
    with_login(p)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("edit", help="change fields of a record")
    p.add_argument("file")
    p.add_argument("kind", metavar="KIND", help=KIND_HELP)
    p.add_argument("ref", help="id or code")
    p.add_argument("values", nargs="*", metavar="FIELD=VALUE")
    p.add_argument("--if-version", type=int, metavar="N",
                   help="refuse (exit 2) when the record changed since version N")
    with_login(p)
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("delete", help="move a record to the recycle bin")
    p.add_argument("file")
    p.add_argument("kind", metavar="KIND", help=KIND_HELP)
    p.add_argument("ref", help="id or code")
    with_login(p)
    p.set_defaults(func=cmd_delete)
