"""An import cleans each distinct value once and lets go of its caches when it ends.

* :class:`validation.ValueMemo` (each distinct value of a field cleaned once, under
  :func:`validation.values_memoized`) gives exactly what :func:`validation.validate`
  gives without it: the same cleaned values, the same problems with the same
  messages, in the same order, however often a value comes again and whether or not
  its field has outgrown the memo;
* after an import, and after the check of one, the per-text caches it filled
  (pinyin, tokens, names, phone blocks, e-mail domains) are empty.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from crmdesk.core import validation
from crmdesk.core.validation import ValueMemo, validate, values_memoized
from crmdesk.errors import ValidationError
from crmdesk.exchange import import_caches, importer
from crmdesk.exchange.mapping import guess_mapping
from crmdesk.exchange.sources import open_source
from tests.conftest import fuzz_examples

# values people put in a customer sheet, good and bad, as a workbook gives them
_VALUES = st.one_of(
    st.none(), st.just(""), st.just("  "),
    st.sampled_from(["张三", "Acme Ltd", "北京市", " 上海市 ", "x" * 300, "a\x00b", "\x01"]),
    st.sampled_from(["Individual", "Company", "个人", "企业", "nonsense", "Active", "Churned",
                     "A - high", "客户介绍", "老客户复购"]),
    st.sampled_from(["13812345678", "138 1234 5678", "+8613812345678", "010-62345678",
                     "12345", "1381234567x", "19909310060"]),
    st.sampled_from(["zs@qq.com", "ZS@QQ.COM", "postmaster@Example.COM", "wang@", "a@b",
                     "张@例子.中国", "x@localhost"]),
    st.sampled_from([1.0, 2, 0, -1, 13812345678.0, 1e16, 3.5, True, False]),
    st.sampled_from(["1", "2", "12", "1,000", "-3", "x"]),
    st.sampled_from([Decimal("1.5"), datetime(2024, 1, 2, 3, 4)]),
    st.text(max_size=6),
)
_KEYS = ["name", "kind", "mobile", "phone", "email", "company", "city", "province",
         "industry", "source", "level", "status", "owner_id", "tags", "address", "notes",
         "bank_account", "birthday", "id_number"]
_RECORDS = st.lists(st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=10),
                    min_size=1, max_size=8)


def _outcome(entity: str, data: dict[str, Any], partial: bool) -> Any:
    try:
        return "ok", validate(entity, data, partial=partial)
    except ValidationError as exc:
        return "problems", [(e.field, e.label, e.message) for e in exc.errors]


def _same_with_memo(records: list[dict[str, Any]], limit: int) -> None:
    memo = ValueMemo()
    memo.LIMIT = limit
    for data in records * 2:  # every value again: from the memo the second time
        for partial in (False, True):
            expected = _outcome("customer", data, partial)
            with values_memoized(memo):
                got = _outcome("customer", data, partial)
            assert got == expected, data
            assert type(got[1]) is type(expected[1])


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(records=_RECORDS, limit=st.sampled_from([1, 3, 4096]))
def test_memoized_validation_equals_plain_validation(records: list[dict[str, Any]],
                                                     limit: int) -> None:
    _same_with_memo(records, limit)


def test_memoized_validation_on_typical_rows() -> None:
    rows = [{"name": "张三", "kind": "个人", "mobile": "13812345678", "city": "北京市",
             "status": "Active", "email": "zs@qq.com"},
            {"name": "李四", "kind": "个人", "mobile": "12345", "city": "北京市",
             "status": "nonsense", "email": "wang@"},
            {"name": "", "kind": "企业", "mobile": 13812345679.0, "city": "北京市",
             "status": "Active"}]
    _same_with_memo(rows, 4096)
    _same_with_memo(rows, 1)  # fields outgrow the memo at once: cleaned value by value


def test_a_memoized_problem_is_raised_afresh_each_time() -> None:
    spec = next(s for s in validation.fields_of("customer") if s.key == "email")
    memo = ValueMemo()
    raised = []
    for _ in range(3):
        try:
            memo.clean(spec, "wang@")
        except validation.FieldProblem as problem:
            raised.append(problem)
    assert len(raised) == 3 and len({id(p) for p in raised}) == 3
    assert {p.render("E-mail") for p in raised} == {raised[0].render("E-mail")}
    assert memo.clean(spec, " zs@qq.com ") == "zs@qq.com" == memo.clean(spec, " zs@qq.com ")


def _workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["客户名称", "手机", "邮箱", "公司", "城市"])
    for n in range(40):
        ws.append([f"王{'丽娟建国'[n % 4]}{n}", f"1380000{n:04d}", f"user{n}@example{n % 3}.com",
                   "北京华为科技有限公司" if n % 2 else None, "北京市"])
    path = tmp_path / "客户.xlsx"
    book.save(path)
    return path


def _filled() -> dict[str, int]:
    return {k: v for k, v in import_caches.cached_entries().items() if v}


def test_the_caches_an_import_fills_are_empty_after_it(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _workbook(tmp_path)
    source = open_source(path)
    mapping = guess_mapping("customer", source.headers)
    options = importer.ImportOptions(mode="valid-rows", duplicates="create")
    # (what checking the rows fills, without the release: the test sees something)
    from crmdesk.core.search import pinyin_keys

    pinyin_keys("王丽娟")
    assert _filled()
    checked = importer.preview(db, users.admin, source, mapping, options)
    assert checked.rows == 40 and checked.invalid == 0
    assert _filled() == {}
    pinyin_keys("王丽娟")
    imported = importer.run_import(db, users.admin, source, mapping, options)
    assert imported.committed and imported.created == 40
    assert _filled() == {}
    # the import found its rows all the same: by name, pinyin and phone
    from crmdesk.core import search

    with db.session() as s:
        assert search.search(s, users.admin, "wangli")
        assert search.search(s, users.admin, "13800000007")


_NAMES = st.one_of(st.none(), st.sampled_from(["张三", "单雄信", "Acme", "北京华为科技有限公司", ""]),
                   st.text(max_size=8))


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(name=_NAMES, company=_NAMES, others=st.dictionaries(
    st.sampled_from(["city", "email", "mobile", "kind", "notes"]), _NAMES, max_size=4))
def test_the_pinyin_of_a_new_customer_follows_from_its_name_and_company(
        name: str | None, company: str | None, others: dict[str, Any]) -> None:
    """The import computes it once per (name, company): nothing else goes into it."""
    from crmdesk.core.services.bulk import pinyin_keys

    assert pinyin_keys({**others, "name": name, "company": company}) == pinyin_keys(
        {"name": name, "company": company})


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(addresses=st.lists(st.one_of(
    st.sampled_from(["zs@qq.com", "a.b@Company3.CN", "x@localhost", "y@example.invalid",
                     "z@xn--fiqs8s.cn", "w@例子.中国", "v@-bad.com", "u@a..b"]),
    st.emails().map(str)), min_size=1, max_size=6))
def test_e_mail_domains_remembered_give_the_same_addresses(addresses: list[str]) -> None:
    def cleaned(address: str) -> Any:
        try:
            return validation.clean_email(address)
        except validation.FieldProblem as problem:
            return problem.text

    validation.clear_caches()
    cold = []
    for address in addresses:
        cold.append(cleaned(address))
        validation.clear_caches()
    warm = [cleaned(a) for a in addresses + addresses]  # every domain seen before
    assert warm == cold + cold


def test_custom_values_cleaned_once_per_distinct_set_give_the_same_rows(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Engine.clean_custom remembers each distinct set of custom values: every row still
    gets what custom_fields.clean_values gives it, problems and all."""
    from crmdesk.core.services import custom_fields
    from crmdesk.exchange.import_customers import CustomerEngine
    from crmdesk.exchange.import_types import Row
    from crmdesk.jobs import Job

    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip", "会员等级", "choice",
                                        choices=["普通", "金卡"])
        custom_fields.create_definition(s, users.admin, "customer", "score", "评分", "number",
                                        required=True)
    source = open_source(_workbook(tmp_path))
    mapping = guess_mapping("customer", source.headers)
    given = [{"vip": "金卡", "score": 3}, {"vip": "钻石", "score": 3}, {"score": "x"},
             {"vip": "普通"}, {"vip": "金卡", "score": 3.0}, {"vip": " 金卡 ", "score": "3"},
             {"vip": ["金卡"], "score": 1}, {}]
    with db.session() as s:
        engine = CustomerEngine(s, users.admin, source, mapping, importer.ImportOptions(),
                                Job(), write=False, keep=0)
        for creating in (True, False):
            for raw in given * 3:
                row = Row(1, {}, {})
                engine.clean_custom(row, raw, creating=creating)
                try:
                    expected = {i: v for i, (_d, v) in custom_fields.clean_values(
                        s, users.admin, "customer", raw, creating=creating,
                        defs=engine.defs).items()}
                    problems: list[Any] = []
                except ValidationError as exc:
                    expected, problems = {}, [(e.field, e.message) for e in exc.errors]
                assert row.custom == expected, raw
                assert [p.reason for p in row.errors] == [m for _f, m in problems], raw
