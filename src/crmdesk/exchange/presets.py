"""Contact exports of Google Contacts and Outlook, turned into plain columns.

Their CSV files spread one person over many columns (given and family name,
"Phone 1 - Label" / "Phone 1 - Value", "Business Street" ...).  A preset
combines them into the columns of a customer: name, mobile, telephone, e-mail,
company, job title, address, city, province, postal code, birthday, website,
notes and tags.  vCards (:mod:`.vcard`) produce the same columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.mapping import ANY_PHONE, target_label
from crmdesk.exchange.sources import RowIter, Source, blank
from crmdesk.i18n import QT_TRANSLATE_NOOP

PRESETS = ("google", "outlook")

# the columns a preset or a vCard produces (target keys, in this order)
CONTACT_COLUMNS = ("name", "mobile", "phone", ANY_PHONE, "email", "company", "department",
                   "job_title", "address", "city", "province", "postal_code", "birthday",
                   "website", "notes", "tags")

_CJK = re.compile(r"[\u3400-\u9fff]")
_MOBILE_WORDS = ("mobile", "cell", "手机", "移动")
_GOOGLE_SEPARATOR = " ::: "


def contact_headers() -> list[str]:
    """Column titles of the combined columns (field labels, in the user's language)."""
    return [target_label("contact" if key == "department" else "customer", key)
            for key in CONTACT_COLUMNS]


def person_name(family: Any, given: Any, middle: Any = None) -> str | None:
    parts = [str(p).strip() for p in (family, given, middle) if not blank(p)]
    if not parts:
        return None
    if any(_CJK.search(p) for p in parts):  # 张 + 三 -> 张三
        family_s = "" if blank(family) else str(family).strip()
        given_s = "" if blank(given) else str(given).strip()
        middle_s = "" if blank(middle) else str(middle).strip()
        return f"{family_s}{given_s}{middle_s}" or None
    ordered = [str(p).strip() for p in (given, middle, family) if not blank(p)]
    return " ".join(ordered) or None


def first_value(value: Any) -> Any:
    """Google puts several values in one cell separated by " ::: "."""
    if isinstance(value, str) and _GOOGLE_SEPARATOR in value:
        return value.split(_GOOGLE_SEPARATOR)[0].strip() or None
    return value


def _labelled(row: Mapping[str, Any], kind: str) -> list[tuple[str, Any]]:
    """Google's numbered columns: [(label, value)] for "Phone 1 - Label/Type", "Phone 1 - Value" ..."""
    found = []
    for n in range(1, 10):
        value = row.get(f"{kind} {n} - Value")
        if blank(value):
            continue
        label = row.get(f"{kind} {n} - Label") or row.get(f"{kind} {n} - Type") or ""
        for part in str(value).split(_GOOGLE_SEPARATOR):
            if part.strip():
                found.append((str(label).lower(), part.strip()))
    return found


def route_phones(out: dict[str, Any], phones: list[tuple[str, Any]]) -> None:
    """Labelled phones: a mobile label to mobile, others to telephone, the rest undecided."""
    for label, value in phones:
        if any(w in label for w in _MOBILE_WORDS):
            out.setdefault("mobile", value)
        elif label.strip() and label.strip() not in ("*", "other", "其他"):
            out.setdefault("phone", value)
        else:
            out.setdefault(ANY_PHONE, value)


def _google(row: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["name"] = (person_name(row.get("Last Name") or row.get("Family Name"),
                               row.get("First Name") or row.get("Given Name"),
                               row.get("Middle Name") or row.get("Additional Name"))
                   or first_value(row.get("Name")) or first_value(row.get("File As"))
                   or first_value(row.get("Nickname")))
    route_phones(out, _labelled(row, "Phone"))
    emails = _labelled(row, "E-mail")
    if emails:
        out["email"] = emails[0][1]
    out["company"] = first_value(row.get("Organization Name") or row.get("Organization 1 - Name"))
    out["job_title"] = first_value(row.get("Organization Title")
                                   or row.get("Organization 1 - Title"))
    out["department"] = first_value(row.get("Organization Department")
                                    or row.get("Organization 1 - Department"))
    street = first_value(row.get("Address 1 - Street"))
    out["address"] = street or first_value(row.get("Address 1 - Formatted"))
    out["city"] = first_value(row.get("Address 1 - City"))
    out["province"] = first_value(row.get("Address 1 - Region"))
    out["postal_code"] = first_value(row.get("Address 1 - Postal Code"))
    out["birthday"] = row.get("Birthday")
    sites = _labelled(row, "Website")
    out["website"] = sites[0][1] if sites else None
    out["notes"] = row.get("Notes")
    labels = row.get("Labels") or row.get("Group Membership")
    if not blank(labels):
        tags = [t.strip().lstrip("*").strip() for t in str(labels).split(_GOOGLE_SEPARATOR)]
        out["tags"] = ",".join(t for t in tags if t and t.lower() != "mycontacts") or None
    return out


_OUTLOOK_NAMES = {
    # English export / Chinese Outlook export
    "given": ("First Name", "名"), "middle": ("Middle Name", "中间名"),
    "family": ("Last Name", "姓"), "company": ("Company", "单位", "公司"),
    "department": ("Department", "部门"), "job_title": ("Job Title", "职务"),
    "email": ("E-mail Address", "电子邮件地址", "E-mail 2 Address", "电子邮件 2 地址"),
    "mobile": ("Mobile Phone", "移动电话"),
    "phone": ("Business Phone", "商务电话", "Primary Phone", "主要电话", "Company Main Phone",
              "公司代表电话", "Home Phone", "住宅电话", "Other Phone", "其他电话"),
    "street": ("Business Street", "商务地址 街道", "Home Street", "住宅地址 街道"),
    "city": ("Business City", "商务地址 市/县", "Home City", "住宅地址 市/县"),
    "province": ("Business State", "商务地址 省/市/自治区", "Home State",
                 "住宅地址 省/市/自治区"),
    "postal_code": ("Business Postal Code", "商务地址 邮政编码", "Home Postal Code",
                    "住宅地址 邮政编码"),
    "website": ("Web Page", "网页", "Personal Web Page", "个人网页"),
    "birthday": ("Birthday", "生日"), "notes": ("Notes", "附注", "备注"),
    "tags": ("Categories", "类别"),
}


def _pick(row: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = row.get(name)
        if not blank(value):
            return value
    return None


def _outlook(row: Mapping[str, Any]) -> dict[str, Any]:
    def get(key: str) -> Any:
        return _pick(row, _OUTLOOK_NAMES[key])

    out: dict[str, Any] = {
        "name": person_name(get("family"), get("given"), get("middle")),
        "company": get("company"), "department": get("department"),
        "job_title": get("job_title"), "email": get("email"), "mobile": get("mobile"),
        "phone": get("phone"), "address": get("street"), "city": get("city"),
        "province": get("province"), "postal_code": get("postal_code"),
        "website": get("website"), "notes": get("notes"),
    }
    birthday = get("birthday")
    out["birthday"] = None if str(birthday).strip() in ("0/0/00", "0/0/0000") else birthday
    tags = get("tags")
    if not blank(tags):
        out["tags"] = ",".join(t.strip() for t in re.split(r"[;,]", str(tags)) if t.strip())
    if not out["name"]:
        out["name"] = out["company"]
    return out


TRANSFORMS: dict[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "google": _google, "outlook": _outlook,
}


def detect_preset(headers: list[str]) -> str | None:
    names = set(headers)
    if ("Phone 1 - Value" in names or "E-mail 1 - Value" in names) and (
            {"Given Name", "Family Name", "First Name", "Last Name", "Name"} & names):
        return "google"
    if {"First Name", "Last Name"} <= names and (
            {"E-mail Address", "Mobile Phone", "Business Phone"} & names):
        return "outlook"
    if {"名", "姓"} <= names and ({"电子邮件地址", "移动电话", "商务电话"} & names):
        return "outlook"
    return None


def apply_preset(source: Source, preset: str | None) -> Source:
    """*source* seen through a preset (None: recognise one from the headers)."""
    if preset == "none" or source.format == "vcard":
        return source
    if preset is not None and preset not in PRESETS:
        raise ExchangeError(QT_TRANSLATE_NOOP(
            "Exchange", "There is no preset {preset}: use google or outlook."), preset=preset)
    name = preset or detect_preset(source.headers)
    if name is None:
        return source
    transform = TRANSFORMS[name]
    original = source.headers
    headers = contact_headers()

    def rows() -> RowIter:
        for number, values in source.rows():
            out = transform(dict(zip(original, values, strict=True)))
            yield number, [None if blank(out.get(k)) else out.get(k) for k in CONTACT_COLUMNS]

    return Source(path=source.path, format=source.format, headers=headers, open_rows=rows,
                  total=source.total, encoding=source.encoding, delimiter=source.delimiter,
                  sheet=source.sheet, sheets=source.sheets, preset=name,
                  hints=dict(zip(headers, CONTACT_COLUMNS, strict=True)))
