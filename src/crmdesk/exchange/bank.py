"""Reading bank statements (CSV, or a spreadsheet) and opening balances into rows.

Columns are found by their header, English or as Chinese banks name them (any order,
other columns ignored):

============  ==============================================================
line field    headers recognised
============  ==============================================================
date          date, booked_on, 日期, 交易日期, 记账日期, 入账日期, 交易时间
amount        amount, 金额, 交易金额, 发生额 (signed)
in / out      credit, 收入, 收入金额, 贷方金额, 贷方发生额 / debit, 支出, 支出金额,
              借方金额, 借方发生额 (two columns instead of a signed amount)
counterparty  counterparty, payer, name, 对方户名, 对方名称, 对方账户名称, 付款人, 付款方
reference     reference, ref, 参考号, 流水号, 交易流水号, 凭证号, 业务编号
description   description, memo, purpose, 摘要, 附言, 用途, 备注, 交易附言
account       account, 账号, 本方账号, 本方账户
============  ==============================================================

A line whose date or amount cannot be read is refused with its line number (nothing
is imported), as every import does.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crmdesk.core.services.bank import StatementLine
from crmdesk.core.services.opening_balances import OpeningBalance
from crmdesk.core.validation import parse_amount
from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.sources import blank, open_source
from crmdesk.i18n import QT_TRANSLATE_NOOP

BANK_HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("date", "booked_on", "booking date", "日期", "交易日期", "记账日期", "入账日期",
             "交易时间"),
    "amount": ("amount", "金额", "交易金额", "发生额"),
    "credit": ("credit", "in", "收入", "收入金额", "贷方金额", "贷方发生额"),
    "debit": ("debit", "out", "支出", "支出金额", "借方金额", "借方发生额"),
    "counterparty": ("counterparty", "payer", "name", "对方户名", "对方名称", "对方账户名称",
                     "付款人", "付款方", "对方单位"),
    "reference": ("reference", "ref", "参考号", "流水号", "交易流水号", "凭证号", "业务编号"),
    "description": ("description", "memo", "purpose", "摘要", "附言", "用途", "备注",
                    "交易附言"),
    "account": ("account", "账号", "本方账号", "本方账户"),
}

OPENING_HEADERS: dict[str, tuple[str, ...]] = {
    "customer": ("customer", "customer code", "code", "客户", "客户编号", "客户编码"),
    "amount": ("amount", "balance", "金额", "余额", "期初余额", "应收余额"),
    "date": ("date", "issue_date", "日期", "期初日期", "发生日期"),
    "due_date": ("due_date", "due", "到期日", "到期日期"),
    "reference": ("reference", "number", "原单号", "单号", "备注", "notes"),
}

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def read_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    found = _DATE.search(text)
    if found is None:
        return None
    try:
        return date(*(int(x) for x in found.groups()))
    except ValueError:
        return None


def read_cents(value: Any) -> int | None:
    if blank(value):
        return None
    try:
        amount = parse_amount(value)
    except Exception:  # InvalidOperation, ValueError, too large: not an amount
        return None
    cents = amount * 100
    if cents != cents.to_integral_value():
        return None
    return int(cents)


def _columns(headers: list[str], known: dict[str, tuple[str, ...]]) -> dict[str, int]:
    wanted = {alias.lower(): key for key, aliases in known.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = wanted.get(str(header or "").strip().lower())
        if key is not None and key not in found:
            found[key] = index
    return found


def _bad(path: Path, line: int, column: str, value: Any) -> ExchangeError:
    return ExchangeError(QT_TRANSLATE_NOOP(
        "Exchange", "{name} line {line}: {column} “{value}” cannot be read; write dates as "
                    "YYYY-MM-DD and amounts as numbers such as 1234.50."),
        name=path.name, line=line, column=column, value=str(value))


def read_statement(path: str | Path, *, encoding: str | None = None) -> list[StatementLine]:
    """The lines of a bank statement file."""
    path = Path(path)
    source = open_source(path, encoding=encoding, preset="none")
    columns = _columns(source.headers, BANK_HEADERS)
    if "date" not in columns or not ({"amount"} <= columns.keys()
                                     or {"credit", "debit"} & columns.keys()):
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{name} has no date and amount columns: name them date and amount "
                        "(or 交易日期 and 金额; 收入金额/支出金额 also work)."), name=path.name)

    def get(row: list[Any], key: str) -> Any:
        return row[columns[key]] if key in columns and columns[key] < len(row) else None

    result = []
    for number, row in source.rows():
        raw_date = get(row, "date")
        day = read_date(raw_date)
        if day is None:
            raise _bad(path, number, source.headers[columns["date"]], raw_date)
        if "amount" in columns:
            cents = read_cents(get(row, "amount"))
            if cents is None:
                raise _bad(path, number, source.headers[columns["amount"]], get(row, "amount"))
        else:
            cents = 0
            for key, sign in (("credit", 1), ("debit", -1)):
                raw = get(row, key)
                if blank(raw):
                    continue
                value = read_cents(raw)
                if value is None:
                    raise _bad(path, number, source.headers[columns[key]], raw)
                cents += sign * abs(value)
        text = {k: (str(get(row, k)).strip() if not blank(get(row, k)) else None)
                for k in ("counterparty", "reference", "description", "account")}
        result.append(StatementLine(day, cents, **text))
    return result


def read_opening_balances(path: str | Path, *,
                          encoding: str | None = None) -> list[OpeningBalance]:
    """The rows of an opening balances file: customer (code or name), amount, date,
    due date, reference."""
    path = Path(path)
    source = open_source(path, encoding=encoding, preset="none")
    columns = _columns(source.headers, OPENING_HEADERS)
    if not {"customer", "amount"} <= columns.keys():
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{name} has no customer and amount columns: name them customer and "
                        "amount (or 客户编号 and 期初余额)."), name=path.name)

    def get(row: list[Any], key: str) -> Any:
        return row[columns[key]] if key in columns and columns[key] < len(row) else None

    result = []
    for number, row in source.rows():
        cents = read_cents(get(row, "amount"))
        if cents is None:
            raise _bad(path, number, source.headers[columns["amount"]], get(row, "amount"))
        days = []
        for key in ("date", "due_date"):
            raw = get(row, key)
            day = None if blank(raw) else read_date(raw)
            if not blank(raw) and day is None:
                raise _bad(path, number, source.headers[columns[key]], raw)
            days.append(day)
        reference = get(row, "reference")
        result.append(OpeningBalance(number, str(get(row, "customer") or "").strip(), cents,
                                 days[0], days[1],
                                 None if blank(reference) else str(reference).strip()))
    return result
