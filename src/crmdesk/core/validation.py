"""Field rules, with messages that name the field and say how to fix it.

Each ``clean_*`` function takes a raw value (as typed, imported or passed on the
command line) and returns the normalised value, or raises :class:`FieldProblem`.
:func:`validate` applies the declarations of :mod:`crmdesk.core.fields` to a
whole record and collects every problem into one ``ValidationError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation, localcontext
from functools import cache
from typing import Any

import phonenumbers
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES

from crmdesk.core.fields import FieldSpec, fields_of
from crmdesk.core.presentation import choice_from_text, choice_names
from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

DEFAULT_REGION = "CN"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_PROVINCES = {
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
}
MAX_CENTS = 10**15  # ten trillion yuan: anything above is a typo
# Whole numbers: what an INTEGER column holds on every backend (PostgreSQL's is 32-bit).
MAX_INT = 2**31 - 1
MIN_INT = -(2**31)
# Other numbers (custom fields are stored as text and as a float for sorting): below
# 10^15 a float still holds every digit of the whole part.
MAX_NUMBER = Decimal(10) ** 15
# A number as typed: sign, digits, point and a short exponent.  Anything longer is not
# a number a person means, and is refused *before* Decimal/int conversion: int() of
# "1e9999999" alone takes minutes.
MAX_NUMBER_CHARS = 40
_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Dates people keep in a CRM (birthdays, follow-ups, orders): a wider range is a typo
# (0224 for 2024) and would overflow date arithmetic and time-zone conversion at the
# ends of the calendar (year 1 and 9999).
MIN_DATE = date(1800, 1, 1)
MAX_DATE = date(2999, 12, 31)
# Characters no typed text holds (C0 controls other than tab and line breaks, DEL,
# lone surrogates): PostgreSQL refuses NUL, workbooks refuse control characters, and
# SQLite cannot encode a surrogate.  They are dropped from text values.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class FieldProblem(Exception):
    """A value is not valid; *text* is an English template with a ``{label}`` slot."""

    def __init__(self, text: str, **params: object) -> None:
        super().__init__(text)
        self.text = text
        self.params = params

    def render(self, label: str) -> str:
        return render("Validation", self.text, label=label, **self.params)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: Any, max_len: int | None = None) -> str | None:
    if _blank(value):
        return None
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():  # e.g. a number cell read as 1.0
        text = str(int(value))
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text).strip()
        if not text:
            return None
    if max_len is not None and len(text) > max_len:
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is too long: shorten it to at most {max} characters."),
            max=max_len)
    return text


# Chinese mobile numbers ("1" + 10 digits): whether one is valid, and its type,
# follows from its first five digits.  In libphonenumber's CN metadata only the
# mobile pattern can match eleven digits starting 13-19, and it decides by at most
# five of them ("1740[0-5]", "1610", the rest by three), then any digits.  Imports
# check hundreds of thousands of numbers, so phonenumbers' answer is kept per
# five-digit prefix (7,000 at most): the same result, ~40 times faster.
# tests/unit/test_validation.py checks the claim against phonenumbers itself, so a
# metadata update that looks further is caught.
_CN_MOBILE_LIKE = re.compile(r"(?:\+86|86)?(1[3-9]\d{9})")
CN_PREFIX = 5
_CN_BLOCKS: dict[str, tuple[bool, bool]] = {}  # prefix -> (valid, mobile type)


def _phone_facts(number: phonenumbers.PhoneNumber) -> tuple[bool, bool]:
    valid = phonenumbers.is_valid_number(number)
    kind = phonenumbers.number_type(number) if valid else None
    return valid, kind in (phonenumbers.PhoneNumberType.MOBILE,
                           phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def clean_phone(value: Any, *, mobile: bool = False, region: str = DEFAULT_REGION) -> str | None:
    """Normalise a phone number to E.164 (``+8613812345678``)."""
    if _blank(value):
        return None
    raw = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    raw = raw.strip()
    e164: str | None = None
    fast = _CN_MOBILE_LIKE.fullmatch(raw.replace(" ", "").replace("-", "")) \
        if region == "CN" else None
    if fast is not None:
        national = fast.group(1)
        facts = _CN_BLOCKS.get(national[:CN_PREFIX])
        if facts is None:
            facts = _phone_facts(phonenumbers.PhoneNumber(country_code=86,
                                                          national_number=int(national)))
            _CN_BLOCKS[national[:CN_PREFIX]] = facts
        valid, is_mobile = facts
        e164 = "+86" + national
    else:
        try:
            number = phonenumbers.parse(raw, region)
            valid, is_mobile = _phone_facts(number)
        except phonenumbers.NumberParseException:
            valid = is_mobile = False
    if valid and mobile:
        valid = is_mobile
    if not valid:
        if mobile:
            raise FieldProblem(QT_TRANSLATE_NOOP(
                "Validation",
                "{label} is not a valid mobile number: enter 11 digits, e.g. 13812345678."))
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation",
            "{label} is not a valid phone number: enter a mobile number (11 digits, "
            "e.g. 13812345678) or a landline with its area code (e.g. 010-62345678)."))
    if e164 is not None:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str | None, region: str = DEFAULT_REGION) -> str:
    """How a stored number is shown: national format at home, international abroad."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_digits(e164: str | None, region: str = DEFAULT_REGION) -> str:
    """The digits people type for a stored number (national significant number at home)."""
    if not e164:
        return ""
    if region == "CN" and e164.startswith("+86"):  # the common case, without parsing
        return e164[3:]
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", e164)
    national = phonenumbers.national_significant_number(number)
    if phonenumbers.region_code_for_number(number) == region:
        return national
    return f"{number.country_code}{national}"


# Plain addresses (ASCII dot-atom before the @, ASCII labels after) are checked by a
# pattern, and the domain once per import rather than once per address:
# email_validator gives these exactly this result, at a fifth of the cost.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_EMAIL = re.compile(rf"({_ATEXT}(?:\.{_ATEXT})*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_EMAIL_DOMAINS: dict[str, str | None] = {}  # domain as typed -> normalised (None: invalid)


# An ASCII domain of letters, digits and inner hyphens (labels of 1 to 63 characters,
# the last ending in a letter, no "--" anywhere: no Punycode, no reserved R-LDH label),
# short enough for any address, that is no special-use name: email_validator accepts
# it as its lower-case self.  Imports meet tens of thousands of distinct company
# domains; this answers them without the library's Unicode (UTS-46) pass.
# tests/unit/test_import_fastpaths.py checks the claim against email_validator.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SIMPLE_DOMAIN = re.compile(rf"(?:{_LABEL}\.)+(?:[A-Za-z0-9][A-Za-z0-9-]{{0,61}})?[A-Za-z]")
_SIMPLE_DOMAIN_MAX = 200


def simple_email_domain(domain: str) -> str | None:
    """*domain* normalised, when it is a plain one (see above); else None: ask
    email_validator."""
    if len(domain) > _SIMPLE_DOMAIN_MAX or "--" in domain \
            or _SIMPLE_DOMAIN.fullmatch(domain) is None:
        return None
    lowered = domain.lower()
    if any(lowered == d or lowered.endswith("." + d) for d in SPECIAL_USE_DOMAIN_NAMES):
        return None
    return lowered


def _email_domain(domain: str) -> str | None:
    if domain not in _EMAIL_DOMAINS:
        if len(_EMAIL_DOMAINS) > 50_000:
            _EMAIL_DOMAINS.clear()
        simple = simple_email_domain(domain)
        if simple is not None:  # (the same domains come again and again)
            _EMAIL_DOMAINS[domain] = simple
            return simple
        try:
            checked = validate_email("a@" + domain, check_deliverability=False)
            _EMAIL_DOMAINS[domain] = str(checked.domain)
        except EmailNotValidError:
            _EMAIL_DOMAINS[domain] = None
    return _EMAIL_DOMAINS[domain]


def clean_email(value: Any) -> str | None:
    if _blank(value):
        return None
    text = str(value).strip()
    plain = _PLAIN_EMAIL.fullmatch(text)
    if plain is not None and len(text) <= 254 and len(plain.group(1)) <= 64:
        local = plain.group(1)
        domain = _email_domain(plain.group(2))
        if domain is not None:
            if local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:
                local = local.lower()
            return f"{local}@{domain}"
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation",
            "{label} is not a valid e-mail address: use the form name@example.com.")) from exc
    return str(result.normalized)


def id_number_problem(text: str) -> FieldProblem | None:
    if not re.fullmatch(r"\d{17}[\dX]", text):
        return FieldProblem(QT_TRANSLATE_NOOP(
            "Validation",
            "{label} is not valid: a resident ID number has 18 characters, 17 digits and then "
            "a digit or X, e.g. 11010519491231002X."))
    if int(text[:2]) not in ID_PROVINCES:
        return FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is not valid: it must start with a province code "
                          "such as 11 (Beijing) or 44 (Guangdong)."))
    try:
        born = datetime.strptime(text[6:14], "%Y%m%d").date()
    except ValueError:
        born = None
    if born is None or born.year < 1880 or born > date.today():
        return FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is not valid: the birth date in it ({value}) does not exist."),
            value=text[6:14])
    total = sum(int(d) * w for d, w in zip(text[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != text[17]:
        return FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is not valid: the last character (check digit) does not "
                          "match the other 17; check the number again."))
    return None


def clean_id_number(value: Any) -> str | None:
    """A Chinese resident ID number (GB 11643-1999), upper-cased, without spaces."""
    if _blank(value):
        return None
    raw = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = re.sub(r"\s", "", raw).upper()
    problem = id_number_problem(text)
    if problem:
        raise problem
    return text


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def clean_bank_account(value: Any) -> str | None:
    if _blank(value):
        return None
    raw = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = re.sub(r"[\s-]", "", raw)
    if not re.fullmatch(r"\d{8,32}", text):
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is not valid: enter the account number as 8 to 32 digits "
                          "(spaces allowed), e.g. 6222 0212 3456 7890."))
    return text


_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


class _OutOfRange(FieldProblem):
    """A real date, outside ``MIN_DATE`` .. ``MAX_DATE``."""


def _date_range_problem() -> FieldProblem:
    return _OutOfRange(QT_TRANSLATE_NOOP(
        "Validation", "{label} is out of range: enter a date between {min} and {max}."),
        min=MIN_DATE.isoformat(), max=MAX_DATE.isoformat())


def _in_range(day: date) -> date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise _date_range_problem()
    return day


def clean_date(value: Any) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    text = str(value).strip()
    # "2024-05-01 00:00:00" from spreadsheets
    text = text.split(" ")[0].split("T")[0]
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
            return _in_range(day)
    raise FieldProblem(QT_TRANSLATE_NOOP(
        "Validation", "{label} is not a valid date: use YYYY-MM-DD, e.g. 2024-05-01."))


def _as_local(dt: datetime) -> datetime:
    """A naive time taken as this computer's local time."""
    try:
        return dt.astimezone()
    except (OverflowError, OSError, ValueError):  # e.g. before 1970 on Windows
        return dt.replace(tzinfo=datetime.now().astimezone().tzinfo)


def clean_datetime(value: Any, local_tz: Any = None) -> datetime | None:
    """A timestamp; naive input is local time (the user's) and is returned in UTC.

    The date (as given, before conversion) lies between ``MIN_DATE`` and ``MAX_DATE``,
    so converting to UTC never leaves the calendar.
    """
    if _blank(value):
        return None
    parsed: datetime | None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time(9, 0))
    else:
        text = str(value).strip().replace("/", "-")
        try:
            parsed = datetime.fromisoformat(text) if len(text) <= 64 else None
        except ValueError:
            parsed = None
        if parsed is None:
            try:
                parsed = datetime.combine(clean_date(text) or date.today(), time(9, 0))
            except _OutOfRange:
                raise
            except FieldProblem as exc:
                raise FieldProblem(QT_TRANSLATE_NOOP(
                    "Validation", "{label} is not a valid date and time: use "
                                  "YYYY-MM-DD HH:MM, e.g. 2024-05-01 14:30.")) from exc
    dt = parsed
    _in_range(dt.date())
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=local_tz) if local_tz is not None else _as_local(dt)
    try:
        return dt.astimezone(UTC)
    except (OverflowError, ValueError) as exc:  # a tzinfo object of the caller's
        raise _date_range_problem() from exc


class _TooLarge(Exception):
    """A number beyond every column (refused before any arithmetic on it)."""


# A typed number's magnitude: at most this power of ten (cents, counts, custom numbers
# all stay far below; each cleaner applies its own tighter bound after this one).
_MAX_EXPONENT = 30


def parse_amount(value: Any) -> Decimal:
    """A number as typed or read ("1,234.50", "￥12", 12.5) as a finite ``Decimal``.

    Raises ``InvalidOperation`` for what is not a number, and :class:`_TooLarge`
    (a subclass of nothing the caller catches by accident) for magnitudes of 10^30
    and more: those are checked on the text, before any conversion.
    """
    if isinstance(value, Decimal):
        number = value
        if number.is_finite() and len(number.as_tuple().digits) > 2 * MAX_NUMBER_CHARS:
            raise InvalidOperation
    elif isinstance(value, int):
        if value.bit_length() > 128:
            raise _TooLarge
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
        text = text.removeprefix("¥").removeprefix("￥").removeprefix("RMB").removesuffix("元")
        if len(text) > MAX_NUMBER_CHARS or not _NUMBER_TEXT.fullmatch(text):
            raise InvalidOperation
        number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation
    if number and number.adjusted() >= _MAX_EXPONENT:
        raise _TooLarge
    if number and number.adjusted() < -_MAX_EXPONENT:
        raise InvalidOperation  # 1e-999999: no amount anyone means (and it underflows)
    return number


def _too_large(**params: object) -> FieldProblem:
    return FieldProblem(QT_TRANSLATE_NOOP(
        "Validation", "{label} is too large: check the number of digits."), **params)


def clean_money(value: Any, *, min_value: int | None = 0) -> int | None:
    """Yuan (text or number) to integer cents."""
    if _blank(value):
        return None
    try:
        amount = parse_amount(value)
    except _TooLarge as exc:
        raise _too_large() from exc
    except (InvalidOperation, ValueError) as exc:
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is not a valid amount: enter a number with at most two "
                          "decimals, e.g. 1234.50.")) from exc
    with localcontext() as ctx:  # exact: at most 2 * MAX_NUMBER_CHARS digits
        ctx.prec = 4 * MAX_NUMBER_CHARS
        cents = amount * 100
        if cents != cents.to_integral_value():
            raise FieldProblem(QT_TRANSLATE_NOOP(
                "Validation", "{label} has too many decimals: use at most two, e.g. 1234.50."))
    if abs(cents) >= MAX_CENTS:
        raise _too_large()
    result = int(cents)
    if min_value is not None and result < min_value:
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} cannot be negative: enter 0 or more."))
    return result


def clean_int(value: Any, *, min_value: int | None = None,
              max_value: int | None = None) -> int | None:
    """A whole number within the range of an INTEGER column (or *min_value*..*max_value*)."""
    if _blank(value):
        return None
    try:
        number = parse_amount(value) if not isinstance(value, str) else \
            parse_amount(value.strip().replace(",", ""))
        if number != number.to_integral_value():
            raise InvalidOperation
    except _TooLarge:
        number = None
    except (InvalidOperation, ValueError) as exc:
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is not a whole number: enter digits only, e.g. 12.")) from exc
    low = MIN_INT if min_value is None else max(min_value, MIN_INT)
    high = MAX_INT if max_value is None else min(max_value, MAX_INT)
    if number is None or number > high:
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is too large: enter at most {max}."), max=high)
    if number < low:
        if min_value is not None and low == min_value:
            raise FieldProblem(QT_TRANSLATE_NOOP(
                "Validation", "{label} must be at least {min}."), min=min_value)
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is too small: enter at least {min}."), min=low)
    return int(number)


def clean_number(value: Any) -> Decimal | None:
    if _blank(value):
        return None
    try:
        number = parse_amount(value)
    except _TooLarge as exc:
        raise _too_large() from exc
    except (InvalidOperation, ValueError) as exc:
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} is not a number: enter digits, e.g. 12.5.")) from exc
    if abs(number) >= MAX_NUMBER:
        raise _too_large()
    return number


_TRUE = {"1", "true", "yes", "y", "是", "对", "√", "✓", "x"}
_FALSE = {"0", "false", "no", "n", "否", "不是", ""}


def clean_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldProblem(QT_TRANSLATE_NOOP("Validation", "{label} must be yes or no."))


def clean_choice(value: Any, choices: str) -> str | None:
    if _blank(value):
        return None
    key: str | None = choice_from_text(choices, value)
    if key is not None:
        return key
    raise FieldProblem(QT_TRANSLATE_NOOP("Validation", "{label} must be one of: {choices}."),
                       choices=", ".join(choice_names(choices)))


def clean_tags(value: Any, max_len: int | None = None) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, (list, tuple, set)):
        parts: Iterable[str] = (str(v) for v in value)
    else:
        parts = re.split(r"[,，;；、]", str(value))
    seen: dict[str, None] = {}
    for part in parts:
        tag = _CONTROL.sub("", part).strip()
        if tag:
            seen.setdefault(tag, None)
    return clean_text(",".join(seen), max_len)


def required_problem() -> FieldProblem:
    return FieldProblem(QT_TRANSLATE_NOOP("Validation", "{label} is required: please fill it in."))


def clean_value(spec: FieldSpec, value: Any) -> Any:
    """Clean one value according to its field declaration (``required`` not checked)."""
    kind = spec.kind
    if kind in ("text", "longtext", "suggest"):
        return clean_text(value, spec.max_len)
    if kind == "mobile":
        return clean_phone(value, mobile=True)
    if kind == "phone":
        return clean_phone(value)
    if kind == "email":
        return clean_email(value)
    if kind == "date":
        return clean_date(value)
    if kind == "datetime":
        return clean_datetime(value)
    if kind == "money":
        return clean_money(value, min_value=spec.min_value)
    if kind == "int":
        return clean_int(value, min_value=spec.min_value)
    if kind == "bool":
        return clean_bool(value)
    if kind == "choice":
        assert spec.choices is not None
        return clean_choice(value, spec.choices)
    if kind == "tags":
        return clean_tags(value, spec.max_len)
    if kind == "id_number":
        return clean_id_number(value)
    if kind == "bank_account":
        return clean_bank_account(value)
    if kind in ("user", "customer", "product", "contact", "status", "record",
                "supplier", "warehouse"):  # the last two: fields.CATALOGUE_KINDS
        return clean_int(value, min_value=1)
    if kind == "stage":
        return clean_text(value, 20)
    if kind == "vat_rate":
        return clean_vat_rate(value)
    raise ValueError(f"unknown field kind {kind}")


def clean_vat_rate(value: Any) -> int | None:
    """A VAT rate in basis points (1300 = 13 %): typed in percent ("13", "13%", 13),
    as a fraction (0.13, an Excel percentage cell) or in basis points (above 100)."""
    if _blank(value):
        return None
    text = str(value).strip().rstrip("%").strip()
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if isinstance(value, float) and 0 < number < 1:
        number *= 100
    if number > 100 and number.is_integer() and number <= 10_000:
        return int(number)
    if not 0 <= number <= 100:
        raise FieldProblem(QT_TRANSLATE_NOOP(
            "Validation", "{label} must be a percentage from 0 to 100, e.g. 13 or 13%."))
    return int(round(number * 100))


@cache
def _not_null_columns(entity: str) -> dict[str, bool]:
    """Columns of *entity*'s table that cannot hold NULL -> whether they have a default.

    A blank value for such a field is never written: on a new record the column's
    default applies (or, without one, the field is required); an edit cannot clear it.
    """
    from crmdesk.core.models import Base

    for mapper in Base.registry.mappers:
        if mapper.class_.__name__.lower() == entity.replace("_", ""):  # purchase_order
            return {c.key: c.default is not None or c.server_default is not None
                    for c in mapper.columns if not c.nullable and not c.primary_key}
    return {}


def validate(entity: str, data: Mapping[str, Any], *, partial: bool = False,
             extra_errors: list[FieldError] | None = None) -> dict[str, Any]:
    """Clean every declared field present in *data*.

    With ``partial=False`` required fields must be present and non-empty (a new
    record); with ``partial=True`` only the given fields are checked (an edit).
    Unknown keys are ignored.  Raises ``ValidationError`` listing every problem.
    A blank value (e.g. " ") for a column that cannot be empty is "required" on an
    edit, and on a new record leaves the column's default in place.
    """
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = list(extra_errors or [])
    not_null = _not_null_columns(entity)
    memo = _VALUE_MEMO.get()  # an import: each distinct value cleaned once
    clean = clean_value if memo is None else memo.clean
    for spec in fields_of(entity):
        # An absent field is never a problem unless required (no rule rejects an empty
        # value) and is not part of the result: skip it (imports check millions of them).
        if not spec.editable or (spec.key not in data and (partial or not spec.required)):
            continue
        try:
            value = clean(spec, data.get(spec.key))
            if value is None and spec.key in not_null and not spec.required:
                if partial or not not_null[spec.key]:
                    raise required_problem()
                continue  # a new record: the column's default
            if spec.required and (value is None or value == ""):
                raise required_problem()
        except FieldProblem as problem:
            errors.append(FieldError(spec.key, spec.translated, problem.render(spec.translated)))
            continue
        if spec.key in data or spec.required:
            cleaned[spec.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


# ---------------------------------------------------------------------------
# Imports: each distinct value of a field cleaned once
# ---------------------------------------------------------------------------

#: kinds whose rule depends on the value alone (not on today's date, the time zone or
#: the database): the same value always gives the same result or the same problem
_MEMO_KINDS = frozenset({"text", "longtext", "suggest", "mobile", "phone", "email", "money",
                         "int", "bool", "choice", "tags", "stage", "vat_rate", "user",
                         "customer", "product", "contact", "status", "record", "supplier",
                         "warehouse"})


class ValueMemo:
    """The cleaned value (or the problem) of each distinct value of each field, for an
    import: a city, a status, an owner, a source come again and again, and each is
    cleaned once (see :func:`values_memoized`).  A field with more than :attr:`LIMIT`
    distinct values (names, phone numbers, addresses) is cleaned value by value again:
    its repeats are too rare to pay for the memory."""

    LIMIT = 4096

    def __init__(self) -> None:
        # id(spec) -> (spec, value memo or None once the field has too many values)
        self._fields: dict[int, tuple[FieldSpec, dict[tuple[type, Any], Any] | None]] = {}

    def clean(self, spec: FieldSpec, value: Any) -> Any:
        """``clean_value(spec, value)``, from the memo when this value was seen before."""
        entry = self._fields.get(id(spec))
        if entry is None or entry[0] is not spec:
            entry = self._fields[id(spec)] = (spec, {} if spec.kind in _MEMO_KINDS else None)
        memo = entry[1]
        if memo is None or value is None:
            return clean_value(spec, value)
        try:
            key = (value.__class__, value)
            known = memo.get(key, _UNSEEN)
        except TypeError:  # an unhashable value (a list of tags)
            return clean_value(spec, value)
        if known is _UNSEEN:
            try:
                known = clean_value(spec, value)
            except FieldProblem as problem:
                known = _Problem(problem)
            if len(memo) >= self.LIMIT:
                self._fields[id(spec)] = (spec, None)
            else:
                memo[key] = known
        if known.__class__ is _Problem:
            raise known.fresh()
        return known


_UNSEEN = object()


class _Problem:
    """A remembered problem: raised as a new exception each time (an exception object
    raised again would keep every traceback)."""

    __slots__ = ("problem",)

    def __init__(self, problem: FieldProblem) -> None:
        self.problem = problem

    def fresh(self) -> FieldProblem:
        problem = self.problem
        copy = problem.__class__.__new__(problem.__class__)
        copy.args = problem.args
        copy.__dict__.update(problem.__dict__)
        return copy


_VALUE_MEMO: ContextVar[ValueMemo | None] = ContextVar("crmdesk_value_memo", default=None)


@contextmanager
def values_memoized(memo: ValueMemo) -> Iterator[ValueMemo]:
    """While the block runs (in this thread), :func:`validate` cleans each distinct value
    of a field once, through *memo* (an import keeps one for all its rows)."""
    token = _VALUE_MEMO.set(memo)
    try:
        yield memo
    finally:
        _VALUE_MEMO.reset(token)


def clear_caches() -> None:
    """Forget the phone number blocks and e-mail domains seen (an import fills them)."""
    _CN_BLOCKS.clear()
    _EMAIL_DOMAINS.clear()
