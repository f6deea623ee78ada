"""The per-row error report of an import, saved as ``.xlsx`` (openpyxl).

One line per problem: the row number as the file shows it, the column, the
value found there and what is wrong with it (the services' message, which says
how to fix it).  openpyxl's write-only mode keeps memory flat when a whole file
is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crmdesk.exchange.importer import RowProblem
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage.files import atomic_path


def headers() -> list[str]:
    return [render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Row")),
            render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Column")),
            render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Value")),
            render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Problem"))]


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, date, datetime)):
        return value
    return str(value)


def write_error_report(path: str | Path, problems: Sequence[RowProblem], *,
                       source: str = "") -> Path:
    """Save *problems* to *path* (written atomically); returns the path."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    path = Path(path)
    book = Workbook(write_only=True)
    title = render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Import problems"))
    sheet = book.create_sheet(title[:31])
    for letter, width in zip("ABCD", (8, 18, 28, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DCE6F1")
    wrap = Alignment(wrap_text=True, vertical="top")
    header_cells = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill = bold, fill
        header_cells.append(cell)
    sheet.append(header_cells)
    for problem in problems:
        reason = WriteOnlyCell(sheet, value=problem.reason)
        reason.alignment = wrap
        value = WriteOnlyCell(sheet, value=_cell_value(problem.value))
        if value.data_type == "f":  # openpyxl takes "=..." for a formula: keep it text
            value.data_type = "s"
        if isinstance(problem.value, datetime):
            value.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(problem.value, date):
            value.number_format = "yyyy-mm-dd"
        sheet.append([problem.row, problem.column, value, reason])
    sheet.auto_filter.ref = f"A1:D{max(len(problems) + 1, 2)}"
    if source:
        book.properties.title = render("Exchange", QT_TRANSLATE_NOOP(
            "Exchange", "Problems importing {name}"), name=source)
    with atomic_path(path, ".tmp.xlsx") as temp:
        book.save(temp)
    return path
