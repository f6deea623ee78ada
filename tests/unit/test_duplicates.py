"""Finding likely duplicate customers: blocking keys, rapidfuzz within blocks, scope."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email

from crmdesk.core import matching, validation
from crmdesk.core.models import Customer
from crmdesk.core.services import audit
from crmdesk.core.services.customers import customers
from crmdesk.errors import KnownError, NotFound, PermissionDenied
from crmdesk.exchange.duplicates import compare, dismiss, find_duplicates, undismiss


def add(db, actor, **data):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return customers.create(s, actor, data).id


def test_groups_by_phone_email_id_number_and_name(db, users) -> None:  # type: ignore[no-untyped-def]
    s1 = users.staff1
    a = add(db, s1, name="张三", mobile="13812345678")
    b = add(db, s1, name="张三 (老)", phone="+86 138 1234 5678")  # same number as a mobile
    c = add(db, s1, name="Zhang San", email="ZS@Example.com")
    d = add(db, s1, name="张三", email="zs@example.com")  # e-mail case ignored
    e = add(db, s1, name="北京华为科技有限公司", kind="company")
    f = add(db, s1, name="华为科技（北京）有限公司", kind="company")
    g = add(db, s1, name="李雷", company="华为科技有限公司")
    h = add(db, s1, name="李 雷", company="华为科技 Co., Ltd.")
    i = add(db, s1, name="韩梅梅", company="华为科技有限公司")  # another person there
    j = add(db, s1, name="张伟")
    k = add(db, s1, name="张伟")  # same common name, nothing else: not flagged
    m = add(db, s1, name="王五", id_number="11010519491231002X")
    with db.transaction() as s:  # the same ID number can only come from old data
        n = customers.create(s, s1, {"name": "王 五"}).id
        s.get(Customer, n).id_number_bidx = s.get(Customer, m).id_number_bidx  # type: ignore[union-attr]
    with db.session() as s:
        groups = find_duplicates(s, users.admin)
    found = {tuple(g.ids): g for g in groups}
    assert set(found) == {(a, b), (c, d), (e, f), (g, h), (m, n)}
    assert found[(m, n)].reasons == ["id_number"]
    assert found[(a, b)].reasons == ["phone"]
    assert found[(c, d)].reasons == ["email"]
    assert found[(e, f)].reasons == ["company"]
    assert found[(g, h)].reasons == ["name"] and found[(g, h)].score == 100
    assert [tuple(g.ids) for g in groups][0] == (m, n)  # the strongest first
    assert i not in {x for ids in found for x in ids}
    assert j not in {x for ids in found for x in ids} and k not in {x for ids in found
                                                                   for x in ids}


def test_groups_join_and_stay_within_scope(db, users) -> None:  # type: ignore[no-untyped-def]
    a = add(db, users.staff1, name="甲", mobile="13800000001")
    b = add(db, users.staff1, name="乙", mobile="13800000001", email="x@example.com")
    c = add(db, users.staff1, name="丙", email="x@example.com")
    d = add(db, users.staff3, name="丁", mobile="13800000001")  # another team
    with db.session() as s:
        assert [g.ids for g in find_duplicates(s, users.admin)] == [[a, b, c, d]]
        assert [g.ids for g in find_duplicates(s, users.manager)] == [[a, b, c]]
        assert [g.ids for g in find_duplicates(s, users.staff3)] == []
        rows = compare(s, users.manager, [a, b, c])
    by_key = {r.key: r for r in rows}
    assert by_key["name"].values == ["甲", "乙", "丙"] and by_key["name"].differs
    assert by_key["mobile"].values == ["+8613800000001", "+8613800000001", None]
    assert not by_key["mobile"].differs
    assert by_key["owner_id"].values == ["李娜", "李娜", "李娜"]


def test_not_duplicates_is_remembered_and_can_be_taken_back(db, users) -> None:  # type: ignore[no-untyped-def]
    a = add(db, users.staff1, name="张三", mobile="13800000001")
    b = add(db, users.staff1, name="张三丰", mobile="13800000001")
    c = add(db, users.staff1, name="李四", email="li@example.com")
    d = add(db, users.staff1, name="李思", email="li@example.com")
    e = add(db, users.staff3, name="王五", email="li@example.com")  # another team
    with db.transaction() as s:
        with pytest.raises(PermissionDenied):
            dismiss(s, users.staff1, [a, b])
        with pytest.raises(NotFound):  # a customer the manager may not see
            dismiss(s, users.manager, [c, e])
        with pytest.raises(KnownError, match="at least two different customers"):
            dismiss(s, users.manager, [a, a])
    with db.transaction() as s:
        assert dismiss(s, users.manager, [a, b]) == 1
        assert dismiss(s, users.manager, [b, a]) == 0  # already marked: no second entry
    with db.session() as s:
        assert [g.ids for g in find_duplicates(s, users.admin)] == [[c, d, e]]
        assert [g.ids for g in find_duplicates(s, users.manager)] == [[c, d]]
        entries = audit.entries(s, users.admin, audit.AuditFilter(action="not_duplicates"))
        assert len(entries) == 1 and "张三" in entries[0].summary
    with db.transaction() as s:
        assert dismiss(s, users.manager, [c, d]) == 1
    with db.session() as s:  # e still links to both (the same e-mail): one group
        group = find_duplicates(s, users.admin)[0]
        assert group.ids == [c, d, e]
        assert {(link.a, link.b) for link in group.links} == {(c, e), (d, e)}
    with db.transaction() as s:
        assert dismiss(s, users.admin, [c, d, e]) == 2
    with db.session() as s:
        assert find_duplicates(s, users.admin) == []
    with db.transaction() as s:
        assert undismiss(s, users.manager, [a, b]) == 1
    with db.session() as s:
        assert [g.ids for g in find_duplicates(s, users.admin)] == [[a, b]]


def test_company_core_and_match_keys() -> None:
    core = matching.company_core
    assert core("北京华为科技有限公司") == core("华为科技（北京）有限公司") == "华为科技"
    assert core("华为科技 Co., Ltd.") == "华为科技"
    assert core("深圳市腾讯计算机系统有限公司") == "腾讯计算机系统"
    assert matching.match_key("company", "华为科技有限公司", None) == "c:华为科技"
    assert matching.match_key("individual", "李雷", "华为科技有限公司") == "i:华为科技"
    assert matching.match_key("individual", "李雷", None) is None
    assert matching.name_score("张三丰", "张三峰") == 95  # sounds the same
    assert matching.name_score("Zhang San", "san zhang") == 100
    assert matching.name_score("张伟", "李伟") < matching.NAME_THRESHOLD


def test_match_key_follows_edits(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = add(db, users.staff1, name="李雷", company="华为科技有限公司")
    with db.transaction() as s:
        customers.update(s, users.staff1, cid, {"company": "腾讯科技有限公司"})
    with db.session() as s:
        assert s.get(Customer, cid).match_key == "i:腾讯科技"  # type: ignore[union-attr]


def test_migration_fills_match_keys_of_existing_customers(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from crmdesk.storage import migrations

    path = tmp_path / "old.crmdb"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrations.upgrade(conn, "0001")
        conn.exec_driver_sql(
            "INSERT INTO customers (id, code, kind, name, company, status, version, created_at, "
            "updated_at) VALUES (1, 'C1', 'company', '北京华为科技有限公司', NULL, 'active', 1, "
            "'2024-01-01', '2024-01-01'), (2, 'C2', 'individual', '李雷', '华为科技有限公司', "
            "'active', 1, '2024-01-01', '2024-01-01'), (3, 'C3', 'individual', '张伟', NULL, "
            "'active', 1, '2024-01-01', '2024-01-01')")
    with engine.begin() as conn:
        migrations.upgrade(conn)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        keys = conn.execute("SELECT id, match_key FROM customers ORDER BY id").fetchall()
    assert keys == [(1, "c:华为科技"), (2, "i:华为科技"), (3, None)]


# -- the fast paths of the validation rules give what the libraries give ---------

def _reference_phone(value: str, mobile: bool) -> str | None:
    try:
        number = phonenumbers.parse(value.strip(), "CN")
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        return None
    if valid and mobile:
        valid = phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) \
        if valid else None


def test_fast_mobile_check_equals_phonenumbers() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        digits = "1" + str(rng.randrange(3, 10)) + "".join(str(rng.randrange(10))
                                                           for _ in range(9))
        value = rng.choice(["{}", "+86{}", "86{}", "+86 {}", "{} "]).format(digits)
        for mobile in (True, False):
            try:
                got = validation.clean_phone(value, mobile=mobile)
            except validation.FieldProblem:
                got = None
            assert got == _reference_phone(value, mobile), value


@pytest.mark.parametrize("value", [
    "a@b.com", "A.B@QQ.COM", "Postmaster@x.com", "a..b@x.com", ".a@x.com", "a.@x.com", "a@x",
    "a@-x.com", "a@x..com", "a@localhost", "x@中国.cn", "张三@qq.com", "a b@x.com", "a@x.123",
    "a@123.com", "a@x.invalid", "a" * 64 + "@x.com", "a" * 65 + "@x.com",
    "a@" + "b" * 64 + ".com", "x@xn--fiqs8s.cn", "info@Corp1.CN", "a+b@gmail.com", "a@x.test",
    "o'brien@example.ie", "a@x.onion", "user@[127.0.0.1]"])
def test_fast_email_check_equals_email_validator(value: str) -> None:
    try:
        want = validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        want = None
    try:
        got = validation.clean_email(value)
    except validation.FieldProblem:
        got = None
    assert got == want
