"""Generated bad input against every field rule: a clean value or a FieldProblem, fast.

Random text (every script, control characters, lone surrogates), numbers of any size
(inf, nan, 1e999999, ints of thousands of digits), dates and times across the whole
calendar and every offset.  A value that passes is one the database columns hold.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from crmdesk.core.fields import FIELDS, FieldSpec
from crmdesk.core.validation import (
    MAX_CENTS,
    MAX_DATE,
    MAX_INT,
    MIN_DATE,
    MIN_INT,
    FieldProblem,
    clean_value,
    validate,
)
from crmdesk.errors import ValidationError
from tests.conftest import fuzz_examples, generated_case

from hypothesis import settings  # isort: skip

SPECS: list[FieldSpec] = [spec for specs in FIELDS.values() for spec in specs]
KINDS = {spec.kind: spec for spec in SPECS}  # one spec per kind of field

_number_text = st.one_of(
    st.from_regex(r"[+-]?\d{0,40}(\.\d{0,12})?([eE][+-]?\d{1,9})?", fullmatch=True),
    st.sampled_from(["inf", "-inf", "nan", "Infinity", "1e999999", "1e9999999", "-1e30",
                     "9" * 5000, "1" + "0" * 4400, "0x10", "1_000", "¥1,234.50", "12元",
                     "１２３", "٣", "1e-999999", "--1", ".", "e5", "1.2.3"]),
)
_date_text = st.one_of(
    st.builds(lambda d, sep: d.isoformat().replace("-", sep), st.dates(), st.sampled_from(
        ["-", "/", ".", ""])),
    st.builds(lambda dt, tz: dt.replace(tzinfo=tz).isoformat(), st.datetimes(),
              st.sampled_from([None, UTC, timezone(timedelta(hours=14)),
                               timezone(timedelta(hours=-14)),
                               timezone(timedelta(hours=23, minutes=59))])),
    st.from_regex(r"\d{1,5}[-/.年]\d{1,3}[-/.月]\d{1,3}日?( \d\d:\d\d(:\d\d)?)?", fullmatch=True),
    st.sampled_from(["0001-01-01", "9999-12-31", "0001-01-01T00:00+14:00",
                     "9999-12-31T23:59:59-14:00", "2024-02-30", "00000000", "99991231"]),
)
_any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=30),
    st.text(alphabet=st.sampled_from("\x00\x01\x0b\x0c\x1b\x7f\r\n\t \u200b\ufeff\u3000"
                                     "é中文ا\U0001f600"), max_size=30),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(0, 20_000)),
)
BAD_VALUES: st.SearchStrategy[Any] = st.one_of(
    _any_text, _number_text, _date_text,
    st.none(), st.booleans(),
    st.integers(), st.integers(min_value=-(10**4000), max_value=10**4000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.dates(), st.datetimes(), st.datetimes(timezones=st.timezones()),
    st.lists(st.text(max_size=5), max_size=3),
)


def _check_cleaned(spec: FieldSpec, value: Any) -> None:
    """A value that passed is one its column holds."""
    if value is None:
        return
    if isinstance(value, str):
        assert not any(ch in value for ch in "\x00\x01\x1b\x7f"), repr(value)
        value.encode("utf-8")  # no lone surrogate
        if spec.max_len is not None and spec.kind not in ("mobile", "phone"):
            assert len(value) <= spec.max_len
    if spec.kind == "money":
        assert isinstance(value, int) and abs(value) < MAX_CENTS
    if spec.kind in ("int", "user", "customer", "product", "contact", "status"):
        assert isinstance(value, int) and MIN_INT <= value <= MAX_INT
    if spec.kind == "date":
        assert isinstance(value, date) and MIN_DATE <= value <= MAX_DATE
    if spec.kind == "datetime":
        assert isinstance(value, datetime) and value.tzinfo is not None
        assert MIN_DATE - timedelta(days=1) <= value.date() <= MAX_DATE + timedelta(days=1)
    if spec.kind == "bool":
        assert isinstance(value, bool)


@settings(max_examples=fuzz_examples(7000))
@given(spec=st.sampled_from(sorted(KINDS.values(), key=lambda s: s.kind)), value=BAD_VALUES)
def test_every_field_rule_cleans_or_explains(spec: FieldSpec, value: Any) -> None:
    generated_case()
    started = time.perf_counter()
    try:
        cleaned = clean_value(spec, value)
    except FieldProblem as problem:
        message = problem.render("Field")
        assert message and "\n" not in message
    else:
        _check_cleaned(spec, cleaned)
    assert time.perf_counter() - started < 2.0, "a field rule must not take long"


@st.composite
def _records(draw: st.DrawFn) -> tuple[str, dict[str, Any], bool]:
    entity = draw(st.sampled_from(sorted(FIELDS)))
    keys = [spec.key for spec in FIELDS[entity]]
    data = draw(st.dictionaries(st.sampled_from(keys), BAD_VALUES, max_size=len(keys)))
    return entity, data, draw(st.booleans())


@settings(max_examples=fuzz_examples(1000))
@given(record=_records())
def test_whole_records_validate_or_name_each_field(record: tuple[str, dict[str, Any], bool]
                                                    ) -> None:
    generated_case()
    entity, data, partial = record
    try:
        cleaned = validate(entity, data, partial=partial)
    except ValidationError as exc:
        assert exc.errors and all(e.field and e.message for e in exc.errors)
        assert "\n" not in exc.message
        return
    specs = {spec.key: spec for spec in FIELDS[entity]}
    for key, value in cleaned.items():
        _check_cleaned(specs[key], value)
        assert not (value is None and specs[key].required)


@settings(max_examples=fuzz_examples(700))
@given(text=_number_text, decimals=st.integers(0, 2))
def test_a_money_value_that_passes_round_trips(text: str, decimals: int) -> None:
    generated_case()
    spec = KINDS["money"]
    try:
        cents = clean_value(spec, text)
    except FieldProblem:
        return
    assert cents is None or Decimal(cents) / 100 == Decimal(
        text.replace(",", "").replace("¥", "").replace("元", "")) or "１" in text or "٣" in text
