"""Files to import from: spreadsheets, CSV text and vCards, seen as one table.

``open_source(path)`` returns a :class:`Source`: its column headers, the rows as
``(row number, values)`` where the number is what the user sees (the sheet row,
the CSV line of the record, the card's position in a vCard file), and hints:
the columns a preset or a vCard produced know their field already.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crmdesk.exchange.errors import ExchangeError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
VCARD_SUFFIXES = (".vcf", ".vcard")
# rows looked at to find the header row (a title row may sit above it)
HEADER_SEARCH = 10

RowIter = Iterator[tuple[int, list[Any]]]


@dataclass
class Source:
    """An opened import file."""

    path: Path
    format: str  # "xlsx" (any spreadsheet), "csv" or "vcard"
    headers: list[str]
    open_rows: Callable[[], RowIter]
    total: int | None = None  # data rows, when known
    encoding: str | None = None  # text files
    delimiter: str | None = None  # CSV
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    preset: str | None = None  # "google" / "outlook" when one was applied
    # header -> target field, for columns whose meaning is known (presets, vCard)
    hints: dict[str, str] = field(default_factory=dict)

    def rows(self) -> RowIter:
        """``(row number, values aligned with headers)``; empty rows are skipped."""
        return self.open_rows()

    def sample(self, count: int = 20) -> list[tuple[int, list[Any]]]:
        result = []
        for item in self.rows():
            result.append(item)
            if len(result) >= count:
                break
        return result


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def unique_headers(raw: Sequence[Any]) -> list[str]:
    """Header texts, made unique ("电话", "电话 (2)") and never empty ("Column C")."""
    seen: dict[str, int] = {}
    result = []
    for i, value in enumerate(raw):
        text = "" if blank(value) else _cell_text(value)
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            text = render("Exchange", QT_TRANSLATE_NOOP("Exchange", "Column {letter}"),
                          letter=column_letter(i))
        count = seen.get(text, 0) + 1
        seen[text] = count
        result.append(text if count == 1 else f"{text} ({count})")
    return result


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def find_header(rows: Sequence[Sequence[Any]]) -> int:
    """Index of the header row among the first rows: the first one that is at least
    half full (a title row above the table has one cell)."""
    widths = [sum(1 for v in row if not blank(v)) for row in rows]
    if not widths:
        return 0
    widest = max(widths)
    for i, filled in enumerate(widths):
        if filled >= max(2, (widest + 1) // 2) or (widest == 1 and filled == 1):
            return i
    return 0


def fit(values: Sequence[Any], width: int) -> list[Any]:
    # (blank() inlined: a hundred thousand rows have a million and more cells)
    row = [None if v is None or (isinstance(v, str) and not v.strip()) else v
           for v in values[:width]]
    if len(row) < width:
        row.extend([None] * (width - len(row)))
    return row


def open_source(path: str | Path, *, encoding: str | None = None, sheet: str | None = None,
                delimiter: str | None = None, preset: str | None = None) -> Source:
    """Open *path* for import, by its suffix.  *preset*: ``google``/``outlook``/``none``
    (default: recognised from the headers of a CSV file)."""
    path = Path(path)
    if not path.exists():
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{path} does not exist: check the file name."), path=str(path))
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        from crmdesk.exchange.excel import open_workbook

        source = open_workbook(path, sheet=sheet)
    elif suffix in VCARD_SUFFIXES:
        from crmdesk.exchange.vcard import open_vcards

        return open_vcards(path, encoding=encoding)
    elif suffix in TEXT_SUFFIXES:
        from crmdesk.exchange.delimited import open_csv

        source = open_csv(path, encoding=encoding, delimiter=delimiter)
    else:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{name} cannot be imported: choose an Excel workbook (.xlsx, .xls), a "
                        "CSV file (.csv) or contact cards (.vcf)."), name=path.name)
    from crmdesk.exchange.presets import apply_preset

    return apply_preset(source, preset)
