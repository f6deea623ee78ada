"""CSV text files: reading with encoding and separator detection, and writing.

Encodings met in practice: UTF-8 with a BOM (Excel's "CSV UTF-8"), UTF-8 without
one (Google, most tools), GBK/GB18030 (a sheet saved as CSV by Chinese Excel or
WPS), UTF-16 (Excel's "Unicode text", tab separated).  A file that is valid
UTF-8 is read as UTF-8; otherwise as GB18030, which contains GBK.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.sources import (
    HEADER_SEARCH,
    RowIter,
    Source,
    find_header,
    fit,
    unique_headers,
)
from crmdesk.i18n import QT_TRANSLATE_NOOP

DELIMITERS = ",;\t|"
SNIFF_BYTES = 64 * 1024
CHUNK = 1 << 20


def detect_encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := fh.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "gb18030"
    return "utf-8"


def check_encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{encoding} is not a known text encoding: use utf-8, gbk, gb18030 or "
                        "utf-16."), encoding=name) from None


def _sniff(text: str) -> str:
    """The separator: the one appearing most often in most of the first lines (a title
    line above the table has none)."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may end in the middle of a line
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        counts = sorted(line.count(delimiter) for line in lines)
        score = counts[len(counts) // 2] if counts else 0
        if score > best_score:
            best, best_score = delimiter, score
    if best_score == 0:
        try:
            return csv.Sniffer().sniff(text, delimiters=DELIMITERS).delimiter
        except csv.Error:
            return ","
    return best


def open_csv(path: Path, *, encoding: str | None = None, delimiter: str | None = None) -> Source:
    encoding = check_encoding(encoding) if encoding else detect_encoding(path)
    if encoding in ("utf-8", "utf_8") and path.read_bytes()[:3] == codecs.BOM_UTF8:
        encoding = "utf-8-sig"
    try:
        with path.open("r", encoding=encoding, newline="") as fh:
            sample = fh.read(SNIFF_BYTES)
    except UnicodeDecodeError as exc:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{name} is not {encoding} text (byte {position} does not fit): choose "
                        "the right encoding, e.g. gbk for files saved by Chinese Excel."),
            name=path.name, encoding=encoding, position=exc.start) from exc
    if not sample.strip():
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{name} is empty: the first line should hold the column names, the "
                        "lines below it the records."), name=path.name)
    delimiter = delimiter or _sniff(sample)
    top: list[list[str]] = []
    # newline="": lines end in \n, \r\n or a bare \r (old Mac files), as in _rows
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            top.append(row)
            if len(top) >= HEADER_SEARCH:
                break
    except csv.Error as exc:
        raise _malformed(path, reader.line_num, exc) from exc
    if not top:
        top = [[]]
    header_index = find_header(top)
    headers = unique_headers(top[header_index])
    width = len(headers)
    newlines = crs = 0
    with path.open("rb") as raw:
        for chunk in iter(lambda: raw.read(CHUNK), b""):
            newlines += chunk.count(b"\n")
            crs += chunk.count(b"\r")
    total = max(0, max(newlines, crs) - header_index - 1)

    def rows() -> RowIter:
        return _rows(path, encoding, delimiter, header_index, width)

    return Source(path=path, format="csv", headers=headers, open_rows=rows, total=total,
                  encoding=encoding, delimiter=delimiter)


def _rows(path: Path, encoding: str, delimiter: str, header_index: int,
          width: int) -> Iterator[tuple[int, list[object]]]:
    with path.open("r", encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for index, values in enumerate(reader):
                if index <= header_index:
                    continue
                row = fit(values, width)
                if all(v is None for v in row):
                    continue
                yield index + 1, row
        except UnicodeDecodeError as exc:
            raise ExchangeError(QT_TRANSLATE_NOOP(
                "Exchange", "{name} is not {encoding} text (byte {position} does not fit): "
                            "choose the right encoding, e.g. gbk for files saved by Chinese "
                            "Excel."), name=path.name, encoding=encoding,
                position=exc.start) from exc
        except csv.Error as exc:
            raise _malformed(path, reader.line_num, exc) from exc


def _malformed(path: Path, line: int, exc: csv.Error) -> ExchangeError:
    return ExchangeError(QT_TRANSLATE_NOOP(
        "Exchange", "{name} is not a well-formed CSV file near line {line}: {reason}."),
        name=path.name, line=line, reason=str(exc))
