"""Values as people read them, written once (Qt-free).

Every screen, report, export and command-line listing turns stored values into
text here, so a value reads the same everywhere:

* a choice, a pipeline stage or a ticket status by its name in the reader's
  language, or by the name an administrator gave it (:func:`choice_name`,
  :func:`stage_name`, :func:`status_name`), and back from any of those names
  to its key (:func:`choice_from_text`);
* money (integer cents) in yuan: ``¥1,234.50``, ``1,234.50`` or ``1234.50``
  as the caller needs (:func:`money`);
* dates as ``2024-05-01`` and timestamps (stored in UTC) in local time
  (:func:`date_text`, :func:`datetime_text`);
* yes/no, phone numbers, tags, and referenced records (users, customers,
  contacts, products) by name (:func:`field_text` for a datasheet row).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, overload

from crmdesk.core.fields import CHOICE_ALIASES, CHOICES, ENTITY_LABELS, FieldSpec, choice_label
from crmdesk.i18n import QT_TRANSLATE_NOOP, render, translator_token

K = TypeVar("K")

#: Kinds whose datasheet row carries the referenced record's name as ``<key>:name``.
NAMED_KINDS = ("user", "customer", "contact", "product", "status", "stage", "supplier",
               "warehouse")

YES = QT_TRANSLATE_NOOP("Value", "Yes")
NO = QT_TRANSLATE_NOOP("Value", "No")
#: Joins the parts of a list (tags, names) in running text.
LIST_SEPARATOR = QT_TRANSLATE_NOOP("Value", ", ")


# ---------------------------------------------------------------------------
# Names of choices, stages and statuses
# ---------------------------------------------------------------------------

def choice_name(choices: str, key: str | None) -> str:
    """The name of *key* in the closed list *choices* (``CHOICES``), translated."""
    return choice_label(choices, key)


def _configured_name(choices: str, key: str | None, stored: str | None) -> str:
    """A configurable entry (stage, status): an administrator's own name wins.

    The built-in entries are stored under their English source name; while an
    entry still has it, it reads in the user's language.  A name the
    administrator typed is shown exactly as typed, on every screen.
    """
    builtin = CHOICES[choices]
    if stored is None or stored == "":
        return choice_name(choices, key) if key is not None else ""
    if key is not None and builtin.get(key) == stored:
        return render("Choice", stored)
    if key is None:  # only the stored name is known: a built-in name is translated
        for source in builtin.values():
            if source == stored:
                return render("Choice", source)
    return stored


def reads_chinese() -> bool:
    """Whether text is shown in Chinese now: the one catalogue besides the English
    source (``translation.SUPPORTED``) is installed, so a shipped word reads
    differently from its source."""
    return render("Value", YES) != YES


def stage_name(key: str | None, stored: str | None = None, stored_zh: str | None = None) -> str:
    """A pipeline stage's name: *stored* is its ``OpportunityStage.name`` (English, or
    the one name an administrator gave), *stored_zh* its ``name_zh`` (Chinese).

    Chinese readers get *stored_zh* when there is one; otherwise (and for English
    readers) a built-in name reads in the user's language and an administrator's
    name as typed.
    """
    if stored_zh and reads_chinese():
        return stored_zh
    return _configured_name("stage", key, stored)


def stage_entries(rows: Iterable[tuple[str, str, str | None]]
                  ) -> list[tuple[str, str, str | None]]:
    """``(key, name, name_zh)`` of stages as :func:`choice_from_text` entries, so that a
    stage is found by either of its names (an import, a filter, a command)."""
    entries: list[tuple[str, str, str | None]] = []
    for key, name, name_zh in rows:
        if name_zh and reads_chinese():
            entries.append((key, key, name_zh))
        entries.append((key, key, name))
        if name_zh and not reads_chinese():
            entries.append((key, key, name_zh))
    return entries


def status_name(key: str | None, stored: str | None, stored_zh: str | None = None) -> str:
    """A ticket status's name, the one function every screen, report, export and
    command uses: *stored* is its ``TicketStatus.name`` (English, or the one name an
    administrator gave), *stored_zh* its ``name_zh`` (Chinese); *key* may be None
    when only the name is at hand.  As for stages: Chinese readers get *stored_zh*
    when there is one; otherwise a built-in name reads in the user's language and an
    administrator's name as typed."""
    if stored_zh and reads_chinese():
        return stored_zh
    return _configured_name("ticket_status", key, stored)


def status_entries(rows: Iterable[tuple[Any, str, str, str | None]]
                   ) -> list[tuple[Any, str, str | None]]:
    """``(id, key, name, name_zh)`` of statuses as :func:`choice_from_text` entries, so
    that a status is found by either of its names (an import, a filter, a command)."""
    entries: list[tuple[Any, str, str | None]] = []
    for value, key, name, name_zh in rows:
        if name_zh and reads_chinese():
            entries.append((value, key, name_zh))
        entries.append((value, key, name))
        if name_zh and not reads_chinese():
            entries.append((value, key, name_zh))
    return entries


def entity_name(entity: str | None) -> str:
    """A record type (``customer``) in the reader's language."""
    if not entity:
        return ""
    source = ENTITY_LABELS.get(entity)
    return render("Entity", source) if source is not None else entity


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@functools.cache
def shipped_translations(context: str) -> dict[str, tuple[str, ...]]:
    """Every shipped translation of the strings of *context*: {source: (text, ...)}.

    Read from the translation sources (``resources/i18n/*.ts``, Qt-free), so that a
    name shown in any language is understood whatever language runs now.
    """
    import xml.etree.ElementTree as ET

    from crmdesk.resources import translations_dir

    found: dict[str, list[str]] = {}
    for path in sorted(translations_dir().glob("*.ts")):
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError):
            continue
        for ctx in root.iter("context"):
            if ctx.findtext("name") != context:
                continue
            for message in ctx.iter("message"):
                source, translation = message.findtext("source"), message.findtext(
                    "translation")
                if source and translation:
                    found.setdefault(source, []).append(translation)
    return {source: tuple(texts) for source, texts in found.items()}


@functools.lru_cache(maxsize=256)
def _closed_names(choices: str, _language: int) -> dict[str, str]:
    """Every name of the closed list *choices* -> its key, in the order of precedence of
    :func:`choice_from_text` (a later, stronger name overwrites a weaker one)."""
    builtin = CHOICES.get(choices, {})
    names: dict[str, str] = {}
    for alias, key in CHOICE_ALIASES.get(choices, {}).items():
        if key in builtin:
            names[_fold(alias)] = key
    shipped = shipped_translations("Choice")
    for key, source in builtin.items():
        for name in (source, render("Choice", source), *shipped.get(source, ())):
            names[_fold(name)] = key
    for key in builtin:
        names[_fold(key)] = key
    for key in builtin:
        names[_fold(choice_name(choices, key))] = key
    return names


@overload
def choice_from_text(choices: str, text: Any, entries: None = None) -> str | None: ...
@overload
def choice_from_text(choices: str, text: Any,
                     entries: Iterable[tuple[K, str, str | None]]) -> K | None: ...
def choice_from_text(choices: str, text: Any,
                     entries: Iterable[tuple[Any, str, str | None]] | None = None) -> Any:
    """The value named by *text*, or None when nothing has that name.

    Accepts every name a user can have seen or typed: the name shown on screen
    (an administrator's own name, or the built-in one in the user's language),
    the key, the English name, and the usual aliases (``CHOICE_ALIASES``).
    *entries* are ``(value, key, stored name)`` of a configurable list (ticket
    statuses: value is the id; stages: value is the key); without them the
    closed list ``CHOICES[choices]`` is used.
    """
    if text is None:
        return None
    wanted = _fold(str(text))
    if not wanted:
        return None
    if entries is None:  # a closed list: one dictionary per list and language
        return _closed_names(choices, translator_token()).get(wanted)
    builtin = CHOICES.get(choices, {})
    listed: list[tuple[Any, str, str | None]] = (
        list(entries) if entries is not None
        else [(key, key, source) for key, source in builtin.items()])
    # 1. the name shown today (wins over everything else)
    for value, key, stored in listed:
        if _fold(_configured_name(choices, key, stored) if entries is not None
                 else choice_name(choices, key)) == wanted:
            return value
    # 2. the key, or the stored name
    for value, key, stored in listed:
        if wanted in (_fold(key), _fold(stored or "")):
            return value
    by_key = {key: value for value, key, _stored in listed}
    # 3. a built-in entry's name in English or in the user's language
    for key, source in builtin.items():
        names = (source, render("Choice", source), *shipped_translations("Choice").get(source, ()))
        if key in by_key and any(_fold(name) == wanted for name in names):
            return by_key[key]
    # 4. the aliases people write (成交, 紧急, phone ...)
    for alias, key in CHOICE_ALIASES.get(choices, {}).items():
        if _fold(alias) == wanted and key in by_key:
            return by_key[key]
    return None


def choice_names(choices: str, entries: Iterable[tuple[Any, str, str | None]] | None = None
                 ) -> list[str]:
    """The names shown for a list, for "must be one of: ..." messages."""
    if entries is None:
        return [choice_name(choices, key) for key in CHOICES.get(choices, {})]
    return [_configured_name(choices, key, stored) for _value, key, stored in entries]


# ---------------------------------------------------------------------------
# Numbers, money, dates, yes/no
# ---------------------------------------------------------------------------

def yuan(cents: int | None) -> Decimal | None:
    """Cents as an exact amount of yuan (``Decimal('1234.50')``)."""
    if cents is None:
        return None
    return Decimal(int(cents)).scaleb(-2)


def money(cents: int | None, *, symbol: bool = True, grouped: bool = True,
          empty: str = "") -> str:
    """``¥1,234.50``; ``1,234.50`` without the symbol; ``1234.50`` also ungrouped.

    Exact: integer arithmetic on cents, whatever the amount.
    """
    if cents is None:
        return empty
    sign = "-" if cents < 0 else ""
    whole, fen = divmod(abs(int(cents)), 100)
    digits = f"{whole:,}" if grouped else str(whole)
    return f"{sign}{'¥' if symbol else ''}{digits}.{fen:02d}"


def number(value: int | float | None, digits: int = 0, *, empty: str = "") -> str:
    if value is None:
        return empty
    return f"{value:,.{digits}f}"


def date_text(value: date | datetime | None) -> str:
    """``2024-05-01``; a timestamp's date in local time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d")
    return value.isoformat()


def _local(value: datetime) -> datetime:
    try:
        return value.astimezone()
    except (OverflowError, ValueError, OSError):  # at the edge of the calendar
        return value


def datetime_text(value: datetime | None, *, seconds: bool = False) -> str:
    """A timestamp (stored in UTC) in local time: ``2024-05-01 14:30``."""
    if value is None:
        return ""
    return _local(value).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def yes_no(value: Any) -> str:
    if value is None:
        return ""
    return render("Value", YES) if value else render("Value", NO)


def phone(e164: str | None) -> str:
    """A stored (E.164) number as people write it: ``138 1234 5678``, ``010 6234 5678``."""
    if not e164:
        return ""
    if len(e164) == 14 and e164.startswith("+861") and e164[1:].isdigit():
        return f"{e164[3:6]} {e164[6:10]} {e164[10:]}"  # a Chinese mobile, without parsing
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, "CN")
    except phonenumbers.NumberParseException:
        return e164
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL
           if phonenumbers.region_code_for_number(parsed) == "CN"
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, fmt)


def tags(value: Any) -> str:
    parts = [t.strip() for t in str(value).replace("，", ",").split(",") if t.strip()]
    return render("Value", LIST_SEPARATOR).join(parts)


def joined(parts: Iterable[Any]) -> str:
    """Names in running text: ``张三、李四`` / ``Zhang, Li``."""
    return render("Value", LIST_SEPARATOR).join(str(p) for p in parts)


# ---------------------------------------------------------------------------
# A field's value
# ---------------------------------------------------------------------------

def value_text(kind: str, value: Any, *, choices: str | None = None, name: str | None = None,
               money_symbol: bool = True, money_grouped: bool = True) -> str:
    """A value of field kind *kind* as text.

    *name* is the referenced record's name (users, customers, contacts,
    products), a status's or stage's stored name.
    """
    if kind in ("user", "customer", "contact", "product", "record",  # record: a designed type
                "supplier", "warehouse"):
        return name or ""
    if kind == "status":
        return status_name(None, name) if name else ""
    if kind == "stage":
        return stage_name(value, name) if value is not None else ""
    if value is None or value == "":
        return ""
    if kind == "choice":
        return choice_name(choices, value) if choices else str(value)
    if kind == "vat_rate":  # basis points: 1300 -> 13%
        return f"{int(value) / 100:g}%"
    if kind == "money":
        return money(int(value), symbol=money_symbol, grouped=money_grouped)
    if kind == "date" and isinstance(value, date):
        return date_text(value)
    if kind == "datetime" and isinstance(value, datetime):
        return datetime_text(value)
    if isinstance(value, datetime):
        return datetime_text(value)
    if isinstance(value, date):
        return date_text(value)
    if kind == "bool":
        return yes_no(value)
    if kind in ("mobile", "phone"):
        return phone(str(value))
    if kind == "tags":
        return tags(value)
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return str(value)


def field_text(spec: FieldSpec, row: Mapping[str, Any], *, money_symbol: bool = True,
               money_grouped: bool = True) -> str:
    """A datasheet row's value of *spec* (rows from ``RecordService.rows``)."""
    return value_text(spec.kind, row.get(spec.key), choices=spec.choices,
                      name=row.get(spec.key + ":name"), money_symbol=money_symbol,
                      money_grouped=money_grouped)


def size_text(size: int) -> str:
    """A file size for people: ``1.2 MB``."""
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


#: Why a backup was made (the manifest's ``reason``), as the backup list names it.
BACKUP_REASONS = {
    "manual": QT_TRANSLATE_NOOP("BackupTable", "By hand"),
    "interval": QT_TRANSLATE_NOOP("BackupTable", "Every few hours"),
    "daily": QT_TRANSLATE_NOOP("BackupTable", "Daily"),
    "close": QT_TRANSLATE_NOOP("BackupTable", "On closing"),
    "cli": QT_TRANSLATE_NOOP("BackupTable", "Command line"),
    "before-restore": QT_TRANSLATE_NOOP("BackupTable", "Before a restore"),
}


def backup_reason(reason: str) -> str:
    source = BACKUP_REASONS.get(reason)
    return render("BackupTable", source) if source is not None else reason
