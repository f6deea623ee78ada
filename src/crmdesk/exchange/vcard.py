"""Contact cards (vCard 2.1, 3.0 and 4.0, read with vobject), one row per card.

A card becomes the same columns as a Google or Outlook export (see
:mod:`.presets`): the formatted name (or family + given name), a mobile number
(``TEL;TYPE=CELL``), another phone, the first e-mail, organisation and title,
the first address, birthday, website, note and categories.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

from crmdesk.exchange.delimited import check_encoding
from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.presets import CONTACT_COLUMNS, contact_headers, person_name, route_phones
from crmdesk.exchange.sources import RowIter, Source, blank
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _read_text(path: Path, encoding: str | None) -> tuple[str, str]:
    data = path.read_bytes()
    if encoding:
        encoding = check_encoding(encoding)
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise ExchangeError(QT_TRANSLATE_NOOP(
                "Exchange", "{name} is not {encoding} text (byte {position} does not fit): "
                            "choose the right encoding, e.g. gbk for files saved by Chinese "
                            "Excel."), name=path.name, encoding=encoding,
                position=exc.start) from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Outlook's "Unicode"
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), "gb18030"


def _value(component: Any, name: str) -> Any:
    items = component.contents.get(name)
    if not items:
        return None
    value = items[0].value
    if isinstance(value, list):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) else value


def _phone(value: str) -> str:
    text = value.strip()
    return text[4:] if text.lower().startswith("tel:") else text


def card_row(card: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    name = _value(card, "fn")
    if blank(name) and "n" in card.contents:
        n = card.contents["n"][0].value
        name = person_name(getattr(n, "family", None), getattr(n, "given", None),
                           getattr(n, "additional", None))
    out["name"] = name
    phones = []
    for tel in card.contents.get("tel", []):
        types = [str(t).lower() for t in tel.params.get("TYPE", [])]
        # vCard 2.1 writes types as bare parameters: TEL;CELL:...
        types += [str(k).lower() for k in tel.params if k != "TYPE"]
        types += [str(k).lower() for k in getattr(tel, "singletonparams", [])]
        label = "mobile" if "cell" in types else ("work" if types and set(types) - {
            "voice", "pref", "value", "uri"} else "")
        phones.append((label, _phone(str(tel.value))))
    route_phones(out, phones)
    out["email"] = _value(card, "email")
    org = card.contents.get("org")
    if org:
        parts = org[0].value if isinstance(org[0].value, list) else [org[0].value]
        out["company"] = parts[0].strip() if parts and parts[0] else None
        out["department"] = parts[1].strip() if len(parts) > 1 and parts[1] else None
    out["job_title"] = _value(card, "title")
    adr = card.contents.get("adr")
    if adr:
        a = adr[0].value
        street = " ".join(p for p in (getattr(a, "street", ""), getattr(a, "extended", ""))
                          if isinstance(p, str) and p.strip())
        out["address"] = street or None
        out["city"] = getattr(a, "city", None) or None
        out["province"] = getattr(a, "region", None) or None
        out["postal_code"] = getattr(a, "code", None) or None
    birthday = _value(card, "bday")
    if isinstance(birthday, str) and birthday.startswith("--"):
        birthday = None  # month and day without a year: not a date we can store
    out["birthday"] = birthday
    out["website"] = _value(card, "url")
    out["notes"] = _value(card, "note")
    categories = card.contents.get("categories")
    if categories:
        values = categories[0].value
        out["tags"] = ",".join(values) if isinstance(values, list) else values
    return out


def open_vcards(path: Path, *, encoding: str | None = None) -> Source:
    import vobject

    text, used = _read_text(path, encoding)
    if "BEGIN:VCARD" not in text.upper():
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "{name} holds no contact cards (BEGIN:VCARD ... END:VCARD)."),
            name=path.name)
    total = text.upper().count("BEGIN:VCARD")
    headers = contact_headers()

    def rows() -> RowIter:
        try:
            for number, card in enumerate(vobject.readComponents(text, ignoreUnreadable=True),
                                          start=1):
                if card.name.upper() != "VCARD":
                    continue
                out = card_row(card)
                yield number, [None if blank(out.get(k)) else out.get(k)
                               for k in CONTACT_COLUMNS]
        except Exception as exc:  # noqa: BLE001 - vobject raises several error types
            raise ExchangeError(QT_TRANSLATE_NOOP(
                "Exchange", "{name} has a card that cannot be read ({reason})."),
                name=path.name, reason=str(exc)) from exc

    return Source(path=path, format="vcard", headers=headers, open_rows=rows, total=total,
                  encoding=used, hints=dict(zip(headers, CONTACT_COLUMNS, strict=True)))

