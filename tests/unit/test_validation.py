"""Field rules: normalised values, and messages that name the field and the fix."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crmdesk.core import validation as v
from crmdesk.errors import ValidationError


def problem(fn, *args, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(v.FieldProblem) as info:
        fn(*args, **kw)
    return info.value.render("字段")


def test_mobile_normalised_to_e164() -> None:
    assert v.clean_phone("138 1234 5678", mobile=True) == "+8613812345678"
    assert v.clean_phone("+86-138-1234-5678", mobile=True) == "+8613812345678"
    assert v.clean_phone(13812345678.0, mobile=True) == "+8613812345678"  # an Excel number
    assert v.display_phone("+8613812345678") == "138 1234 5678"
    assert v.phone_digits("+8613812345678") == "13812345678"


def test_bad_mobile_says_how_to_fix() -> None:
    message = problem(v.clean_phone, "1381234567", mobile=True)
    assert "字段" in message and "11 digits" in message and "13812345678" in message
    assert "area code" in problem(v.clean_phone, "12345")


def test_landline_with_area_code() -> None:
    assert v.clean_phone("010-62345678") == "+861062345678"
    assert v.display_phone("+861062345678").replace(" ", "") == "01062345678"


def test_email() -> None:
    assert v.clean_email(" Wang.Li@Example.COM ") == "Wang.Li@example.com"
    assert "name@example.com" in problem(v.clean_email, "wang@")


@pytest.mark.parametrize("good", ["11010519491231002X", "11010519491231002x",
                                  "44030819900101123" + v.id_check_digit("44030819900101123")])
def test_id_number_valid(good: str) -> None:
    cleaned = v.clean_id_number(good)
    assert cleaned == good.upper()
    assert cleaned[-1] == v.id_check_digit(cleaned[:17])


def test_id_number_errors() -> None:
    assert "18 characters" in problem(v.clean_id_number, "1101051949123100")
    assert "check digit" in problem(v.clean_id_number, "110105194912310021")
    assert "birth date" in problem(v.clean_id_number, "110105194913310020")
    assert "province" in problem(v.clean_id_number, "990105194912310020")


def test_dates() -> None:
    assert v.clean_date("2024-05-01") == date(2024, 5, 1)
    assert v.clean_date("2024/5/1") == date(2024, 5, 1)
    assert v.clean_date("2024年5月1日") == date(2024, 5, 1)
    assert v.clean_date("20240501") == date(2024, 5, 1)
    assert "YYYY-MM-DD" in problem(v.clean_date, "2024-02-30")
    assert "YYYY-MM-DD" in problem(v.clean_date, "next week")


def test_money_to_cents() -> None:
    assert v.clean_money("¥1,234.5") == 123450
    assert v.clean_money(Decimal("0.01")) == 1
    assert v.clean_money(12) == 1200
    assert v.clean_money("") is None
    assert "at most two" in problem(v.clean_money, "1.234")
    assert "negative" in problem(v.clean_money, "-5")
    assert "1234.50" in problem(v.clean_money, "abc")


def test_choices_accept_chinese_and_labels() -> None:
    assert v.clean_choice("男", "gender") == "male"
    assert v.clean_choice("Female", "gender") == "female"
    assert v.clean_choice("公司", "customer_kind") == "company"
    assert "one of" in problem(v.clean_choice, "maybe", "gender")


def test_tags_deduplicated() -> None:
    assert v.clean_tags("VIP，老客户, VIP;重点") == "VIP,老客户,重点"


def test_validate_collects_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        v.validate("customer", {"name": "", "email": "bad", "mobile": "123"})
    fields = {e.field for e in info.value.errors}
    assert fields == {"name", "email", "mobile"}
    assert info.value.for_field("name").message.startswith("Name is required")


def test_validate_partial_checks_only_given_fields() -> None:
    assert v.validate("customer", {"email": "a@b.cn"}, partial=True) == {"email": "a@b.cn"}


def test_a_chinese_mobile_numbers_validity_follows_from_its_first_five_digits() -> None:
    """clean_phone keeps phonenumbers' answer per five-digit prefix: for every prefix,
    numbers with very different endings get the same answer from phonenumbers."""
    import random

    import phonenumbers

    from crmdesk.core import validation

    rng = random.Random(5)
    differ = []
    for prefix in range(13000, 20000):
        answers = {validation._phone_facts(phonenumbers.PhoneNumber(
            country_code=86, national_number=int(f"{prefix}{suffix}")))
            for suffix in ("000000", "999999", f"{rng.randrange(10**6):06d}")}
        if len(answers) > 1:
            differ.append(prefix)
    assert validation.CN_PREFIX == 5 and not differ, differ[:10]
    validation._CN_BLOCKS.clear()
    assert v.clean_phone("17405123456", mobile=True) == "+8617405123456"
    with pytest.raises(v.FieldProblem):
        v.clean_phone("17406123456", mobile=True)  # 1740[0-5] only
