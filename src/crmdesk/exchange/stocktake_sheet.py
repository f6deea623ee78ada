"""The stocktake sheet as a workbook: written with the expected quantities, filled in
(the "Counted" column), and read back.

Layout (one sheet): row 1 the title, row 2 the warehouse's code (B2) and name (C2),
row 3 when it was printed, row 5 the headers, from row 6 one product a row: code,
name, unit, location, expected, counted, notes.  Reading takes the warehouse from B2
and the code (column A) and count (column F) of each row; the other cells are for
people.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from crmdesk.core.services.stocktake import SheetLine
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage.files import atomic_write

HEADER_ROW = 5
FIRST_ROW = 6
CODE_COLUMN = 1  # A
COUNT_COLUMN = 6  # F


class StocktakeFileError(KnownError):
    context = "Stock"


def _t(text: str, **params: object) -> str:
    return render("Stock", text, **params)


def headers() -> list[str]:
    return [_t(QT_TRANSLATE_NOOP("Stock", "Product code")),
            _t(QT_TRANSLATE_NOOP("Stock", "Product")),
            _t(QT_TRANSLATE_NOOP("Stock", "Unit")),
            _t(QT_TRANSLATE_NOOP("Stock", "Location")),
            _t(QT_TRANSLATE_NOOP("Stock", "Expected")),
            _t(QT_TRANSLATE_NOOP("Stock", "Counted")),
            _t(QT_TRANSLATE_NOOP("Stock", "Notes"))]


def write_xlsx(target: str | Path, warehouse_code: str, warehouse_name: str,
               lines: list[SheetLine], printed: datetime | None = None) -> Path:
    """Write the sheet to *target* (atomically)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = _t(QT_TRANSLATE_NOOP("Stock", "Stocktake"))[:31]
    ws.cell(1, 1, _t(QT_TRANSLATE_NOOP("Stock", "Stocktake sheet"))).font = Font(bold=True,
                                                                                 size=14)
    ws.cell(2, 1, _t(QT_TRANSLATE_NOOP("Stock", "Warehouse")))
    ws.cell(2, 2, warehouse_code)
    ws.cell(2, 3, warehouse_name)
    ws.cell(3, 1, _t(QT_TRANSLATE_NOOP("Stock", "Printed")))
    ws.cell(3, 2, (printed or datetime.now()).strftime("%Y-%m-%d %H:%M"))
    ws.cell(3, 3, _t(QT_TRANSLATE_NOOP(
        "Stock", "Fill in the Counted column; leave it blank for products not counted.")))
    fill = PatternFill("solid", fgColor="FFF2CC")
    for col, text in enumerate(headers(), start=1):
        ws.cell(HEADER_ROW, col, text).font = Font(bold=True)
    for n, line in enumerate(lines):
        row = FIRST_ROW + n
        ws.cell(row, 1, line.code)
        ws.cell(row, 2, line.name)
        ws.cell(row, 3, line.unit or "")
        ws.cell(row, 4, line.location or "")
        ws.cell(row, 5, line.expected)
        ws.cell(row, COUNT_COLUMN).fill = fill
    for letter, size in zip("ABCDEFG", (16, 32, 8, 12, 10, 10, 24), strict=True):
        ws.column_dimensions[letter].width = size
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    data = io.BytesIO()
    book.save(data)
    path = Path(target)
    atomic_write(path, data.getvalue())
    return path


@dataclass
class FilledSheet:
    warehouse: str
    #: product code -> counted (rows with a count)
    counts: dict[str, int] = field(default_factory=dict)
    #: (row, problem) of rows that could not be read
    problems: list[tuple[int, str]] = field(default_factory=list)


def _count(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        value = int(value)
    number = int(str(value).strip())
    if number < 0 or number >= 2**31:
        raise ValueError
    return number


def read_xlsx(source: str | Path) -> FilledSheet:
    """The warehouse and counts of a filled-in sheet (StocktakeFileError when it is
    not one)."""
    from openpyxl import load_workbook

    path = Path(source)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise StocktakeFileError(QT_TRANSLATE_NOOP(
            "Stock", "{file} does not exist: choose the filled-in stocktake workbook."),
            file=str(path)) from None
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise StocktakeFileError(QT_TRANSLATE_NOOP(
            "Stock", "{file} is not a workbook crmdesk can read: save the stocktake sheet "
                     "as .xlsx and try again."), file=path.name) from None
    try:
        ws = book.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
    finally:
        book.close()
    warehouse = str(rows[1][1] or "").strip() if len(rows) > 1 and len(rows[1]) > 1 else ""
    if not warehouse:
        raise StocktakeFileError(QT_TRANSLATE_NOOP(
            "Stock", "{file} is not a stocktake sheet: cell B2 must hold the warehouse's "
                     "code. Print a new sheet from crmdesk and fill that in."), file=path.name)
    sheet = FilledSheet(warehouse)
    for number, row in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
        if not row or len(row) < COUNT_COLUMN:
            continue
        code = str(row[CODE_COLUMN - 1] or "").strip()
        try:
            counted = _count(row[COUNT_COLUMN - 1])
        except ValueError:
            sheet.problems.append((number, _t(QT_TRANSLATE_NOOP(
                "Stock", "the count {value} is not a whole number of 0 or more"),
                value=row[COUNT_COLUMN - 1])))
            continue
        if counted is None:
            continue
        if not code:
            sheet.problems.append((number, _t(QT_TRANSLATE_NOOP(
                "Stock", "a count without a product code"))))
            continue
        if code in sheet.counts and sheet.counts[code] != counted:
            sheet.problems.append((number, _t(QT_TRANSLATE_NOOP(
                "Stock", "product {code} is counted twice"), code=code)))
            continue
        sheet.counts[code] = counted
    return sheet


def import_counts(session: Any, actor: Any, source: str | Path, *,
                  reference: str | None = None) -> tuple[str, list[Any]]:
    """Read a filled-in sheet and post its differences (see ``stocktake.apply``); every
    row must be readable and name a known product, else nothing is posted.  Returns
    the warehouse's code and the differences posted."""
    from crmdesk.core.services import stocktake

    filled = read_xlsx(source)
    warehouse = stocktake.find_warehouse(session, filled.warehouse)
    ids = stocktake.product_ids(session, list(filled.counts))
    problems = list(filled.problems)
    for code in filled.counts:
        if code not in ids:
            problems.append((0, _t(QT_TRANSLATE_NOOP(
                "Stock", "there is no product {code}"), code=code)))
    if problems:
        shown = "; ".join((_t(QT_TRANSLATE_NOOP("Stock", "row {row}: {problem}"), row=row,
                              problem=text) if row else text) for row, text in problems[:5])
        raise StocktakeFileError(QT_TRANSLATE_NOOP(
            "Stock", "Nothing was posted: {count} rows of {file} need fixing ({problems}). "
                     "Correct them and import the sheet again."),
            count=len(problems), file=Path(source).name, problems=shown)
    counts = {ids[code]: counted for code, counted in filled.counts.items()}
    found = stocktake.apply(session, actor, warehouse.id, counts,
                            reference=reference or Path(source).name[:100])
    return warehouse.code, found
