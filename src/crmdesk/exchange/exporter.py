"""Exporting a datasheet as it is shown, to ``.xlsx`` or ``.csv``.

An :class:`ExportRequest` is what the datasheet shows: the record type, its
``ListQuery`` (filters, quick filter, sort) and the visible columns in their
order.  Rows come from the record service's scoped query, so a user exports
only what they may see, streamed from the database in batches and written in
constant memory.

The workbook is one a manager is happy to open: a bold, frozen header row with
an autofilter, column widths from the field declarations, dates and times as
real dates, money as numbers with two decimals and a thousands separator,
phone numbers as text (no 1.38E+10), choices by their names.  A customer
export can add a sheet per related record type (contacts, interactions,
opportunities, orders, tickets, tasks) of the exported customers.

Rules (see also README, "Import and export"):

* managers and administrators (``export.bulk``) export any number of records;
  staff at most ``export.staff_max_rows`` (a database setting, default 100) per
  export - enough for a short list or one customer's card with its records;
* ID numbers and bank accounts are exported only when asked for, and only by
  administrators (``export.sensitive``); the audit entry says so;
* every export counts with the anti-scraping guard (customer records exported)
  and is audited (who, what, how many, which columns and filter, which file).

Writers were chosen by measurement (100,000 rows x 14 columns on this
project's machine): xlsxwriter in constant-memory mode takes about two thirds
of the time of openpyxl's write-only mode, with flat memory, so exports use
xlsxwriter; openpyxl writes the small, styled error reports.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages, presentation
from crmdesk.core.fields import FieldSpec, entity_label, fields_of
from crmdesk.core.models import (
    Contact,
    Customer,
    CustomFieldDef,
    CustomFieldValue,
    OpportunityStage,
    Product,
    TicketStatus,
)
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import accounts, audit, custom_fields, sensitive
from crmdesk.core.services import settings as settings_service
from crmdesk.core.services.customers import SENSITIVE
from crmdesk.core.services.records import ListQuery, RecordService
from crmdesk.core.services.registry import SERVICES, service_for
from crmdesk.core.validation import DEFAULT_REGION
from crmdesk.exchange.errors import ExchangeError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Job, job_or_new
from crmdesk.storage.database import Database
from crmdesk.storage.files import commit, temp_path

FORMATS = ("xlsx", "csv")
RELATED = ("contact", "interaction", "opportunity", "order", "ticket", "task")
BATCH = 2000
CSV_ENCODINGS = ("utf-8-sig", "utf-8", "gb18030", "gbk")


@dataclass
class ExportRequest:
    """What to export: a datasheet's query and columns."""

    entity: str
    query: ListQuery = field(default_factory=ListQuery)
    # field keys (``cf.<key>`` for custom fields) in order; None: the datasheet's
    # default columns; ``["all"]``: every field
    columns: list[str] | None = None
    # include ID numbers and bank accounts (administrators)
    sensitive: bool = False
    # customers only (xlsx): a sheet per related record type
    related: bool = False


@dataclass
class ExportResult:
    path: Path
    rows: int
    sheets: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# ---------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------

@dataclass
class Column:
    key: str
    header: str
    kind: str  # text, date, datetime, money, number, int
    width: float
    expr: Any  # SQL expression
    convert: Callable[..., Any] | None = None  # database value -> cell value
    #: a sensitive value is bound to its row: *convert* takes (value, row id), and the
    #: select carries the row id as its last column
    by_row: bool = False


def _with_row_id(columns: Sequence[Column], model: Any) -> list[Any]:
    """The trailing row id the select needs when a column decrypts (none otherwise)."""
    return [model.id] if any(c.by_row for c in columns) else []


def phone_text(e164: str | None, region: str = DEFAULT_REGION) -> str | None:
    """A stored number as people write it in a sheet: 13812345678, 010-62345678,
    +1 650-253-0000 (a number abroad)."""
    if not e164:
        return None
    import phonenumbers

    if region == "CN" and e164.startswith("+861") and len(e164) == 14:
        return e164[3:]
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) != region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.national_significant_number(number)
    area = phonenumbers.length_of_geographical_area_code(number)
    if area:
        return f"0{national[:area]}-{national[area:]}"
    return national


def _local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().replace(tzinfo=None, microsecond=0)


def _width(spec_width: int, header: str) -> float:
    header_chars = sum(2 if ord(ch) > 0x2E80 else 1 for ch in header) + 3
    return round(max(spec_width / 7.0, header_chars, 6), 1)


def _memo(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    cache: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value is None:
            return None
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = fn(value)
            return result

    return convert


def _field_column(session: Session, actor: Actor, service: RecordService[Any],
                  spec: FieldSpec, names: dict[str, dict[Any, str]]) -> Column:
    model = service.model
    header = spec.translated
    kind = spec.kind
    width = _width(spec.width, header)
    if spec.sensitive:
        purpose = SENSITIVE[spec.key]
        return Column(spec.key, header, "text", max(width, 22), getattr(model, spec.key + "_enc"),
                      lambda blob, row_id: sensitive.decrypt(actor, purpose, blob,
                                                             row_id=row_id), by_row=True)
    col = getattr(model, spec.key)
    if kind == "user":
        users = names.setdefault("user", accounts.user_names(session))
        return Column(spec.key, header, "text", width, col, lambda v: users.get(v))
    if kind in ("customer", "contact", "product", "supplier", "warehouse"):
        if kind in ("supplier", "warehouse"):  # fields.CATALOGUE_KINDS
            from crmdesk.core import catalogues

            target: Any = catalogues.model_of(kind)
        else:
            target = {"customer": Customer, "contact": Contact, "product": Product}[kind]
        expr = select(target.name).where(target.id == col).scalar_subquery()
        return Column(spec.key, header, "text", width, expr)
    if kind == "status":
        statuses = {s.id: presentation.status_name(s.key, s.name, s.name_zh)
                    for s in session.execute(select(TicketStatus)).scalars()}
        return Column(spec.key, header, "text", width, col, lambda v: statuses.get(v))
    if kind == "stage":
        stages = {s.key: presentation.stage_name(s.key, s.name, s.name_zh)
                  for s in session.execute(select(OpportunityStage)).scalars()}
        return Column(spec.key, header, "text", width, col,
                      lambda v: stages.get(v, presentation.stage_name(v)))
    if kind == "choice":
        assert spec.choices is not None
        choices = spec.choices
        return Column(spec.key, header, "text", width, col,
                      _memo(lambda v: presentation.choice_name(choices, v)))
    if kind in ("mobile", "phone"):
        return Column(spec.key, header, "text", max(width, 15), col, phone_text)
    if kind == "money":
        return Column(spec.key, header, "money", max(width, 12), col, presentation.yuan)
    if kind == "date":
        return Column(spec.key, header, "date", max(width, 11), col)
    if kind == "datetime":
        return Column(spec.key, header, "datetime", max(width, 16), col, _local)
    if kind == "bool":
        return Column(spec.key, header, "text", max(width, 6), col,
                      _memo(presentation.yes_no))
    if kind == "int":
        return Column(spec.key, header, "int", width, col)
    if kind == "vat_rate":  # basis points -> "13%"
        return Column(spec.key, header, "text", width, col,
                      _memo(lambda v: presentation.value_text("vat_rate", v)))
    return Column(spec.key, header, "text", width, col)


def _custom_column(actor: Actor, service: RecordService[Any], definition: CustomFieldDef,
                   with_sensitive: bool) -> Column | None:
    model = service.model
    value = CustomFieldValue
    where = (value.def_id == definition.id, value.entity_id == model.id)
    header = definition.label
    width = _width(110, header)
    if definition.sensitive:
        if not with_sensitive:
            return None
        purpose = custom_fields.purpose(definition)
        return Column("cf." + definition.key, header, "text", width,
                      select(value.value_enc).where(*where).scalar_subquery(),
                      lambda blob, row_id: sensitive.decrypt(actor, purpose, blob,
                                                             row_id=row_id), by_row=True)
    if definition.kind == "date":
        return Column("cf." + definition.key, header, "date", max(width, 11),
                      select(value.value_date).where(*where).scalar_subquery())
    expr = select(value.value_text).where(*where).scalar_subquery()
    if definition.kind == "number":
        return Column("cf." + definition.key, header, "number", width, expr,
                      lambda v: None if v is None else float(Decimal(v)))
    return Column("cf." + definition.key, header, "text", width, expr)


def available_columns(session: Session, entity: str) -> list[tuple[str, str]]:
    """Every column an export of *entity* can have: ``(key, header)`` in form order."""
    result = [(s.key, s.translated) for s in fields_of(entity)]
    result += [("cf." + d.key, d.label) for d in _custom_defs(session, entity)]
    return result


def _custom_defs(session: Session, entity: str) -> list[CustomFieldDef]:
    from crmdesk.core.models.custom_fields import CUSTOM_FIELD_ENTITIES

    return custom_fields.definitions(session, entity) if entity in CUSTOM_FIELD_ENTITIES else []


def columns_for(session: Session, actor: Actor, entity: str, keys: Sequence[str] | None, *,
                with_sensitive: bool = False) -> list[Column]:
    """The export columns for *keys* (None: the datasheet defaults, ``["all"]``: all)."""
    service = service_for(entity)
    specs = {s.key: s for s in fields_of(entity)}
    defs = {d.key: d for d in _custom_defs(session, entity)}
    if keys is None:  # the datasheet's default columns, its custom fields among them
        keys = [s.key for s in fields_of(entity) if s.in_list and not s.sensitive]
        keys += ["cf." + k for k, d in defs.items() if not d.sensitive]
    elif list(keys) == ["all"]:
        keys = [s.key for s in fields_of(entity) if with_sensitive or not s.sensitive]
        keys += ["cf." + k for k in defs]
    names: dict[str, dict[Any, str]] = {}
    columns = []
    for key in keys:
        if key.startswith("cf.") and key[3:] in defs:
            column = _custom_column(actor, service, defs[key[3:]], with_sensitive)
            if column is not None:
                columns.append(column)
            continue
        spec = specs.get(key)
        if spec is None:
            raise ExchangeError(QT_TRANSLATE_NOOP(
                "Exchange", "{entity} records have no column {column}; choose from: {columns}."),
                entity=entity_label(entity), column=key,
                columns=", ".join(k for k, _ in available_columns(session, entity)))
        if spec.sensitive and not with_sensitive:
            raise ExchangeError(QT_TRANSLATE_NOOP(
                "Exchange", "{column} is sensitive: an administrator exports it by asking "
                            "for ID numbers and bank accounts (--sensitive)."),
                column=spec.translated)
        columns.append(_field_column(session, actor, service, spec, names))
    if not columns:
        raise ExchangeError(QT_TRANSLATE_NOOP("Exchange", "Choose at least one column to "
                                                          "export."))
    return columns


# ---------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------

def _ordered(service: RecordService[Any], stmt: Any, query: ListQuery) -> Any:
    """The datasheet's order (``RecordService.ids``): sort keys, then id."""
    order = []
    for key, descending in query.sort:
        expr = service.sort_expression(key)
        order.append(expr.desc() if descending else expr.asc())
    model = service.model
    order.append(model.id.desc() if (query.sort and query.sort[-1][1]) else model.id.asc())
    return stmt.order_by(*order)


def _converted(raw_rows: Iterator[Sequence[Any]],
               converters: Sequence[Callable[..., Any] | None],
               by_row: Sequence[bool] = ()) -> Iterator[list[Any]]:
    """Rows with the cell value of each column (converters only where there are any).
    With a converter *by_row*, the last raw column is the row id (dropped)."""
    converting = [(i, conv, i < len(by_row) and by_row[i])
                  for i, conv in enumerate(converters) if conv is not None]
    trailing_id = any(by_row)
    for raw in raw_rows:
        row = list(raw)
        row_id = row.pop() if trailing_id else None
        for i, conv, with_id in converting:
            if row[i] is not None:
                row[i] = conv(row[i], row_id) if with_id else conv(row[i])
        yield row


def _rows(session: Session, stmt: Any, columns: Sequence[Column]) -> Iterator[list[Any]]:
    result = session.execute(stmt.execution_options(yield_per=BATCH))
    raw_rows = (raw for partition in result.partitions(BATCH) for raw in partition)
    return _converted(raw_rows, [c.convert for c in columns], [c.by_row for c in columns])


def _main_select(session: Session, actor: Actor, service: RecordService[Any], query: ListQuery,
                 columns: Sequence[Column]) -> Any:
    stmt = service.list_select(session, actor, query, [c.expr for c in columns]
                               + _with_row_id(columns, service.model))
    return _ordered(service, stmt, query)


def _related_select(session: Session, actor: Actor, entity: str, customer_ids: Any,
                    columns: Sequence[Column]) -> Any:
    service = service_for(entity)
    model = service.model
    code = select(Customer.code).where(Customer.id == model.customer_id).scalar_subquery()
    stmt = service.list_select(session, actor, ListQuery(), [code, *(c.expr for c in columns),
                                                             *_with_row_id(columns, model)])
    return stmt.where(model.customer_id.in_(customer_ids)).order_by(model.customer_id, model.id)


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------

def _too_many(limit: int, count: int) -> ExchangeError:
    return ExchangeError(QT_TRANSLATE_NOOP(
        "Exchange", "You may export at most {limit} records at a time, and this export has "
                    "{count}. Narrow the filter, or ask a manager to export it."),
        limit=limit, count=count)


def check_export(session: Session, actor: Actor, request: ExportRequest, *,
                 count: int | None = None) -> int:
    """Refuse what the actor may not export; returns the number of rows.

    *count*: the rows of the request when the caller already knows them (the export
    dialog's advice: the list's count, read once), so none is counted again; the export
    itself always counts."""
    if request.entity not in SERVICES:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{entity} records cannot be exported: choose one of {entities}."),
            entity=request.entity, entities=", ".join(SERVICES))
    accounts.ensure_active(session, actor)
    if request.sensitive:
        require(actor, "export.sensitive")
    service = service_for(request.entity)
    if count is None:
        count = service.count(session, actor, request.query)
    if not actor.can("export.bulk"):
        limit = int(settings_service.get(session, "export.staff_max_rows"))
        if count > limit:
            raise _too_many(limit, count)
    return count


def _customers_in(session: Session, actor: Actor, request: ExportRequest) -> list[int]:
    """The customers whose data the export discloses (for the anti-scraping guard)."""
    service = service_for(request.entity)
    column = service.model.id if request.entity == "customer" else \
        getattr(service.model, "customer_id", None)
    if column is None:
        return []
    stmt = service.list_select(session, actor, request.query, [column]).distinct()
    return [cid for cid in session.execute(stmt).scalars() if cid is not None]


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------

def sheet_title(text: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in text)[:31] or "Sheet"
    title, n = clean, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


class XlsxWriter:
    """A constant-memory workbook with one formatted sheet per record type."""

    def __init__(self, path: Path, author: str) -> None:
        import xlsxwriter

        self.book = xlsxwriter.Workbook(str(path), {
            "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False, "default_date_format": "yyyy-mm-dd"})
        self.book.set_properties({"author": author, "comments": "crmdesk"})
        self.header = self.book.add_format({
            "bold": True, "bg_color": "#DCE6F1", "bottom": 1, "valign": "vcenter",
            "text_wrap": False})
        self.formats = {
            "date": self.book.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "money": self.book.add_format({"num_format": "#,##0.00"}),
            "number": self.book.add_format({"num_format": "General"}),
            "int": self.book.add_format({"num_format": "0"}),
        }
        self.used: set[str] = set()

    def sheet(self, title: str, headers: Sequence[str], kinds: Sequence[str],
              widths: Sequence[float], rows: Iterator[Sequence[Any]],
              tick: Callable[[int], None]) -> int:
        sheet = self.book.add_worksheet(sheet_title(title, self.used))
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 0)
        sheet.set_row(0, 20)
        for c, header in enumerate(headers):
            sheet.write_string(0, c, header, self.header)
        writers = [self._writer(sheet, kind) for kind in kinds]
        write_string = sheet.write_string
        texts = [kind not in self.formats for kind in kinds]
        count = 0
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if texts[c]:
                    write_string(r, c, value if value.__class__ is str else str(value))
                else:
                    writers[c](r, c, value)
            count = r
            if r % 1000 == 0:
                tick(r)
        sheet.autofilter(0, 0, max(count, 1), len(headers) - 1)
        return count

    def _writer(self, sheet: Any, kind: str) -> Callable[[int, int, Any], Any]:
        if kind in ("date", "datetime"):
            fmt = self.formats[kind]
            return lambda r, c, v: sheet.write_datetime(r, c, v, fmt)
        if kind in ("money", "number", "int"):
            fmt = self.formats[kind]
            return lambda r, c, v: sheet.write_number(r, c, v, fmt)

        def text(r: int, c: int, v: Any) -> Any:
            return sheet.write_string(r, c, v if isinstance(v, str) else str(v))

        return text

    def close(self) -> None:
        self.book.close()


def _csv_value(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "money":
        return f"{Decimal(str(value)):.2f}"
    if kind == "datetime" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------------------
# The export
# ---------------------------------------------------------------------------

def _format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{name}: exports are .xlsx (Excel) or .csv files; choose one of those "
                        "endings."), name=path.name)
    return suffix


def export(db: Database, actor: Actor, request: ExportRequest, path: str | Path,
           job: Job | None = None, *, csv_encoding: str = "utf-8-sig") -> ExportResult:
    """Write the export to *path* (atomically: the file appears only when complete).

    A long job: it opens its own transactions on *db*; *job* shows the progress and
    may cancel (:class:`crmdesk.jobs.Cancelled`; no file is left behind).
    """
    started = time.perf_counter()
    path = Path(path)
    fmt = _format_of(path)
    job = job_or_new(job)
    stage = render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Writing the rows"))
    if request.related and (fmt != "xlsx" or request.entity != "customer"):
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "Related records go on extra sheets: export customers to an .xlsx "
                        "file to include them."))
    if fmt == "csv" and csv_encoding not in CSV_ENCODINGS:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "CSV files are written in utf-8-sig (Excel), utf-8 or gb18030, not "
                        "{encoding}."), encoding=csv_encoding)
    # The rules and the anti-scraping guard first, committed before any data leaves.
    with db.transaction() as session:
        count = check_export(session, actor, request)
        # the customers are named only when the guard counts them: an export of ten
        # million rows with counting off (an administrator's) reads no list of ids
        if accounts.guard_applies(session, actor):
            accounts.record_access(session, actor, "export",
                                   _customers_in(session, actor, request))
    job.check()
    tmp = temp_path(path, ".tmp" + path.suffix)  # the file appears only when complete
    sheets: dict[str, int] = {}
    try:
        with db.session() as session:
            columns = columns_for(session, actor, request.entity, request.columns,
                                  with_sensitive=request.sensitive)
            service = service_for(request.entity)
            stmt = _main_select(session, actor, service, request.query, columns)

            def tick(done: int) -> None:
                job.check()
                job.report(stage, done, count)

            if fmt == "csv":
                sheets[request.entity] = _write_csv(tmp, csv_encoding, columns,
                                                    _rows(session, stmt, columns), tick)
            else:
                writer = XlsxWriter(tmp, actor.display_name)
                try:
                    sheets[request.entity] = writer.sheet(
                        entity_label(request.entity), [c.header for c in columns],
                        [c.kind for c in columns], [c.width for c in columns],
                        _rows(session, stmt, columns), tick)
                    if request.related:
                        ids = service.list_select(session, actor, request.query).scalar_subquery()
                        for entity in RELATED:
                            sheets[entity] = _related_sheet(session, actor, writer, entity, ids,
                                                            job)
                finally:
                    writer.close()
            job.check()
        commit(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    job.report(stage, count, count)
    with db.transaction() as session:
        audit.record(session, actor, "export", entity=request.entity,
                     message=QT_TRANSLATE_NOOP(
                         "Audit", "Exported {n} {entity} records to {file}{sensitive}"),
                     params={"n": sheets[request.entity],
                             "entity": audit_messages.entity(request.entity), "file": path.name,
                             "sensitive": audit_messages.fragment(QT_TRANSLATE_NOOP(
                                 "Audit", ", with ID numbers and bank accounts"))
                             if request.sensitive else ""},
                     after={"file": path.name, "rows": sheets, "format": fmt,
                            "columns": [c.key for c in columns],
                            # which fields were filtered, never the typed values (an
                            # ID number in a quick filter must not sit in the log)
                            **audit_messages.query_facts(request.query),
                            "sort": request.query.sort,
                            "sensitive": request.sensitive})
    return ExportResult(path, sheets[request.entity], sheets, time.perf_counter() - started)


def _related_sheet(session: Session, actor: Actor, writer: XlsxWriter, entity: str,
                   customer_ids: Any, job: Job) -> int:
    columns = [c for c in columns_for(session, actor, entity, None) if c.key != "customer_id"]
    code_header = render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Customer code"))
    stmt = _related_select(session, actor, entity, customer_ids, columns)
    converters = [None, *(c.convert for c in columns)]
    by_row = [False, *(c.by_row for c in columns)]

    def rows() -> Iterator[list[Any]]:
        result = session.execute(stmt.execution_options(yield_per=BATCH))
        for partition in result.partitions(BATCH):
            job.check()
            yield from _converted(iter(partition), converters, by_row)

    return writer.sheet(entity_label(entity), [code_header, *(c.header for c in columns)],
                        ["text", *(c.kind for c in columns)],
                        [12.0, *(c.width for c in columns)], rows(), lambda n: job.check())


#: what makes a spreadsheet read a cell as a formula (OWASP "CSV injection")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def csv_cell(text: str) -> str:
    """*text* made safe for a spreadsheet: a cell starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return gets a leading ``'`` so that Excel shows it as
    text instead of running it (``=HYPERLINK(...)``), unless it is a plain number
    (``-12.50`` stays a number; ``+86 138 ...`` is text and is escaped)."""
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _write_csv(path: Path, encoding: str, columns: Sequence[Column],
               rows: Iterator[list[Any]], tick: Callable[[int], None]) -> int:
    kinds = [c.kind for c in columns]
    count = 0
    with path.open("w", encoding=encoding, newline="", errors="replace") as fh:
        out = csv.writer(fh)
        out.writerow([csv_cell(c.header) for c in columns])
        for count, row in enumerate(rows, start=1):
            out.writerow([csv_cell(_csv_value(k, v)) for k, v in zip(kinds, row, strict=True)])
            if count % 1000 == 0:
                tick(count)
    return count
