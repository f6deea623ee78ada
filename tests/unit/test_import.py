"""Importing: the services' rules per row, both modes, duplicates, one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select, text

from crmdesk.core import search
from crmdesk.core.models import AuditEntry, Contact, Customer, Interaction, Order, OrderLine
from crmdesk.core.services import audit, custom_fields
from crmdesk.core.services.customers import customers
from crmdesk.core.validation import id_check_digit
from crmdesk.exchange import importer
from crmdesk.exchange.error_report import write_error_report
from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.import_customers import CustomerEngine
from crmdesk.exchange.mapping import ColumnMapping, guess_mapping
from crmdesk.exchange.sources import open_source
from crmdesk.jobs import Cancelled, Job

HEADERS = ["客户名称", "手机", "邮箱", "身份证号", "城市", "负责人", "会员等级"]


def id_number(n: int) -> str:
    first17 = f"11010519{80 + n % 20:02d}0101{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def sheet(tmp_path: Path, rows: list[list[Any]], headers: list[str] = HEADERS,
          name: str = "客户.xlsx") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def people(count: int) -> list[list[Any]]:
    return [[f"客户{n:02d}", f"1380000{n:04d}", f"user{n}@example.com", id_number(n), "北京市",
             None, None] for n in range(1, count + 1)]


def run(db, actor, path: Path, entity: str = "customer", **options: Any):  # type: ignore[no-untyped-def]
    source = open_source(path)
    with db.session() as s:
        defs = custom_fields.definitions(s, entity)
    mapping = guess_mapping(entity, source.headers, defs, source.hints)
    return importer.run_import(db, actor, source, mapping, importer.ImportOptions(**options))


def count(db, model: Any = Customer) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return int(s.execute(select(func.count(model.id))).scalar_one())


def test_bad_rows_in_all_or_nothing_and_valid_rows_modes(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = people(14)  # sheet rows 2..15
    rows[5][2] = "wang@"  # sheet row 7: a bad e-mail
    rows[10][3] = "110105198001010011"  # sheet row 12: the check digit is wrong
    path = sheet(tmp_path, rows)
    result = run(db, users.staff1, path, mode="all-or-nothing")
    assert result.refused and not result.committed
    assert [(p.row, p.column) for p in result.problems] == [(7, "邮箱"), (12, "身份证号")]
    assert "e-mail" in result.problems[0].reason and "check digit" in result.problems[1].reason
    assert result.problems[0].value == "wang@"
    assert count(db) == 0
    with db.session() as s:  # nothing at all was written, not even an audit entry
        assert s.execute(select(AuditEntry).where(AuditEntry.action == "import")).first() is None

    report = write_error_report(tmp_path / "errors.xlsx", result.problems, source=path.name)
    lines = list(openpyxl.load_workbook(report).active.iter_rows(values_only=True))
    assert lines[0] == ("Row", "Column", "Value", "Problem")
    assert [line[:3] for line in lines[1:]] == [(7, "邮箱", "wang@"),
                                                (12, "身份证号", "110105198001010011")]

    result = run(db, users.staff1, path, mode="valid-rows")
    assert result.committed and result.created == 12 and result.invalid == 2
    with db.session() as s:
        names = set(s.execute(select(Customer.name)).scalars())
    assert len(names) == 12 and "客户06" not in names and "客户11" not in names


def test_imported_customers_are_like_created_ones(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip_level", "会员等级",
                                        "choice", choices=["普通", "金卡"])
        customers.create(s, users.staff1, {"name": "已有客户"})
    rows = people(3)
    rows[0][6] = "金卡"
    rows[1][4] = None
    result = run(db, users.staff1, sheet(tmp_path, rows), mode="all-or-nothing")
    assert result.committed and result.created == 3
    with db.session() as s:
        imported = list(s.execute(select(Customer).where(Customer.name.like("客户%"))
                                  .order_by(Customer.id)).scalars())
        assert [c.code for c in imported] == ["C000002", "C000003", "C000004"]
        first = imported[0]
        assert first.mobile == "+8613800000001" and first.email == "user1@example.com"
        assert first.owner_id == users.staff1.user_id and first.status == "potential"
        assert first.kind == "individual" and first.created_by_id == users.staff1.user_id
        assert customers.plaintext(users.staff1, first, "id_number") == id_number(1)
        assert id_number(1).encode() not in (first.id_number_enc or b"")
        assert customers.find_by_sensitive(s, users.staff1, "id_number", id_number(1)) == [first]
        assert custom_fields.values(s, users.staff1, "customer", first.id)["vip_level"] == "金卡"
        assert [h.ref_id for h in search.search(s, users.staff1, "客户02")] == [imported[1].id]
        assert [h.ref_id for h in search.search(s, users.staff1, "13800000003")] == [
            imported[2].id]
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "import")).scalar_one()
        assert entry.username == "staff1" and "3 new" in entry.summary
        assert audit.verify_chain(s).ok
    with db.transaction() as s:  # the counter moved on: the next code follows
        assert customers.create(s, users.staff1, {"name": "之后"}).code == "C000005"


def test_the_same_checks_as_the_services(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    headers = ["名称", "手机", "类型", "状态", "负责人", "下次跟进", "意向"]
    rows = [["A", "123", "个人", "潜在", None, "2024-02-30", "H"],
            ["B", "13800000001", "外星人", None, "张伟", None, "Z"],
            [None, None, None, None, None, None, None],
            ["", "13800000002", None, None, None, None, None],
            ["C", 110105198001010011.0, None, None, "nobody", None, None]]
    result = run(db, users.staff1, sheet(tmp_path, rows, headers), mode="valid-rows")
    problems = {(p.row, p.column): p.reason for p in result.problems}
    assert "valid mobile" in problems[(2, "手机")]
    assert "date" in problems[(2, "下次跟进")]
    assert "must be one of" in problems[(3, "类型")]
    assert "must be one of" in problems[(3, "意向")]
    assert "only choose yourself" in problems[(3, "负责人")]  # staff own their customers
    assert "required" in problems[(5, "名称")]
    assert "no user nobody" in problems[(6, "负责人")]
    assert "lost its last digits" in problems[(6, "手机")]
    assert result.created == 0 and result.rows == 4  # the empty row is not a row
    # a manager may give customers to a member of the team
    ok = run(db, users.manager, sheet(tmp_path, [["D", None, None, None, "张伟", None, None]],
                                      headers, "b.xlsx"))
    assert ok.created == 1
    with db.session() as s:
        assert s.execute(select(Customer.owner_id).where(Customer.name == "D")).scalar_one() \
            == users.staff2.user_id


def test_duplicates_skip_update_merge_or_create(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        existing = customers.create(s, users.staff1, {
            "name": "张三", "mobile": "13812345678", "city": "上海市", "tags": "VIP"})
        at_company = customers.create(s, users.staff1, {
            "name": "李 雷", "company": "华为科技有限公司"})
    headers = ["姓名", "手机", "城市", "行业", "标签", "公司", "邮箱"]
    rows = [["张三丰", "138 1234 5678", "北京市", "制造业", "老客户", None, None],
            ["李雷", None, "深圳市", None, None, "北京华为科技有限公司", None],
            ["王五", None, None, None, None, None, "wang@example.com"],
            ["王五五", None, None, None, None, None, "WANG@example.com"]]
    path = sheet(tmp_path, rows, headers)

    preview = importer.preview(db, users.staff1, open_source(path), guess_mapping(
        "customer", headers), importer.ImportOptions(duplicates="skip"))
    dups = {o.row: o.duplicate for o in preview.outcomes}
    assert dups[2] is not None and dups[2].record_id == existing.id and dups[2].reason == "phone"
    assert dups[3] is not None and dups[3].record_id == at_company.id
    assert dups[3].reason == "name" and dups[3].score >= 85
    assert dups[4] is None
    assert dups[5] is not None and dups[5].row == 4 and dups[5].reason == "email"
    assert [o.action for o in preview.outcomes] == ["skip", "skip", "create", "skip"]
    assert count(db) == 2  # a preview writes nothing
    first = importer.preview(db, users.staff1, open_source(path), guess_mapping(
        "customer", headers), rows=2)
    assert first.rows == 2 and [o.row for o in first.outcomes] == [2, 3]

    skipped = run(db, users.staff1, path, duplicates="skip")
    assert (skipped.created, skipped.skipped) == (1, 3)
    with db.session() as s:
        assert s.get(Customer, existing.id).city == "上海市"  # type: ignore[union-attr]

    merged = run(db, users.staff1, path, duplicates="merge")
    assert merged.merged == 4  # 王五 exists now: rows 4 and 5 merge into it
    with db.session() as s:
        c = s.get(Customer, existing.id)
        assert c is not None
        assert (c.name, c.city, c.industry, c.tags) == ("张三", "上海市", "制造业", "VIP,老客户")

    updated = run(db, users.staff1, path, duplicates="update")
    assert updated.updated == 4
    with db.session() as s:
        c = s.get(Customer, existing.id)
        assert c is not None and (c.name, c.city) == ("张三丰", "北京市")
        assert s.get(Customer, at_company.id).city == "深圳市"  # type: ignore[union-attr]
        history = customers.history(s, users.staff1, existing.id)
        assert [h.action for h in history] == ["create", "update", "update"]

    source = open_source(path)
    created = importer.run_import(db, users.staff1, source, guess_mapping("customer", headers),
                                  importer.ImportOptions(duplicates="skip",
                                                         row_actions={3: "create"}))
    assert (created.created, created.skipped) == (1, 3)
    assert count(db) == 4


def test_same_id_number_is_never_created_twice(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customers.create(s, users.staff2, {"name": "别人的客户", "id_number": id_number(7)})
    rows = people(2)
    rows[0][3] = id_number(7)  # belongs to a customer staff1 cannot see
    rows[1][3] = id_number(7)
    result = run(db, users.staff1, sheet(tmp_path, rows), mode="valid-rows",
                 duplicates="create")
    assert result.created == 0 and result.invalid == 2
    assert all("already belongs to" in p.reason for p in result.problems)
    # the customer staff1 may not see is not named (its code would tell whose number it is)
    assert "one you cannot see" in result.problems[0].reason
    with db.session() as s:
        other = customers.find_by_sensitive(s, users.admin, "id_number", id_number(7))[0]
    assert all(other.code not in p.reason for p in result.problems)
    assert all(o.duplicate is None or o.duplicate.code is None for o in result.outcomes)


def test_cancel_and_failure_leave_the_database_as_it_was(db, users, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "CHUNK", 5)
    path = sheet(tmp_path, people(20))
    with db.session() as s:
        before = s.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    def progress(stage: str, done: int, total: int | None) -> None:
        if done >= 10:
            control.cancel()

    control = Job(progress)
    with pytest.raises(Cancelled, match="nothing was changed"):
        importer.run_import(db, users.staff1, open_source(path),
                            guess_mapping("customer", HEADERS), importer.ImportOptions(),
                            control)
    assert count(db) == 0
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == before
        assert s.execute(text("SELECT count(*) FROM search_docs")).scalar_one() == 0
        assert s.execute(text("SELECT coalesce(max(value), 0) FROM counters "
                              "WHERE name = 'customer'")).scalar_one() == 0

    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(CustomerEngine, "finish", explode)
    with pytest.raises(RuntimeError):
        run(db, users.staff1, path)
    assert count(db) == 0


def test_excel_dates_and_created_time(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    headers = ["名称", "生日", "创建时间", "下次跟进"]
    path = sheet(tmp_path, [["张三", 32874, 45413.5, date(2024, 6, 1)]], headers)
    result = run(db, users.admin, path)
    assert result.created == 1
    with db.session() as s:
        c = s.execute(select(Customer)).scalar_one()
        assert c.birthday == date(1990, 1, 1)
        assert c.next_follow_up == date(2024, 6, 1)
        assert c.created_at.astimezone().replace(tzinfo=None) == datetime(2024, 5, 1, 12, 0)
        assert c.updated_at > datetime(2025, 1, 1, tzinfo=UTC)


def test_contacts_interactions_and_orders(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        company = customers.create(s, users.staff1, {"name": "华为科技有限公司",
                                                     "kind": "company"})
        person = customers.create(s, users.staff1, {"name": "个人客户"})
    contacts_path = sheet(tmp_path, [["华为科技有限公司", "李雷", "13900001111", "是"],
                                     [company.code, "韩梅梅", "13900002222", None],
                                     ["个人客户", "某人", None, None],
                                     ["不存在的公司", "某人", None, None]],
                          ["公司名称", "联系人", "手机", "主要联系人"], "contacts.xlsx")
    result = run(db, users.staff1, contacts_path, "contact", mode="valid-rows")
    assert result.created == 2
    assert [(p.row, p.column) for p in result.problems] == [(4, "公司名称"), (5, "公司名称")]
    assert "individual" in result.problems[0].reason
    assert "no customer 不存在的公司" in result.problems[1].reason
    with db.session() as s:
        names = sorted(s.execute(select(Contact.name).where(
            Contact.customer_id == company.id)).scalars())
        assert names == ["李雷", "韩梅梅"]
    again = run(db, users.staff1, contacts_path, "contact", mode="valid-rows")
    assert again.skipped == 2 and again.created == 0

    calls = sheet(tmp_path, [[company.code, "电话", "2024-05-01 10:00", "电话沟通报价", "李雷"],
                             ["个人客户", "拜访", "2024-05-02 15:30", "上门拜访", None]],
                  ["客户", "类型", "跟进时间", "跟进内容", "联系人"], "calls.xlsx")
    result = run(db, users.staff1, calls, "interaction")
    assert result.created == 2, result.problems
    with db.session() as s:
        kinds = sorted(s.execute(select(Interaction.kind)).scalars())
        assert kinds == ["call", "visit"]
        assert s.get(Customer, person.id).last_contact_at is not None  # type: ignore[union-attr]
    assert run(db, users.staff1, calls, "interaction").skipped == 2

    orders = sheet(tmp_path, [[company.code, "2024-05-03", "P1", 2, None],
                              ["个人客户", "2024-05-04", None, None, None]],
                   ["客户", "订单日期", "产品", "数量", "单价"], "orders.xlsx")
    result = run(db, users.staff1, orders, "order")
    assert result.created == 2, result.problems
    with db.session() as s:
        lines = list(s.execute(select(OrderLine)).scalars())
        assert [(line.quantity, line.unit_price_cents) for line in lines] == [(2, 98000)]
        totals = sorted(s.execute(select(Order.total_cents)).scalars())
        assert totals == [0, 196000]


def test_required_column_and_mapping_problems_are_refused_up_front(db, users,  # type: ignore[no-untyped-def]
                                                                  tmp_path: Path) -> None:
    path = sheet(tmp_path, [["13800000001"]], ["手机"])
    with pytest.raises(ExchangeError, match="No column fills Name"):
        run(db, users.staff1, path)
    two = sheet(tmp_path, [["a", "13800000001", "13800000002"]], ["名称", "手机", "电话"],
                "two.xlsx")
    with pytest.raises(ExchangeError, match="both fill"):
        importer.run_import(db, users.staff1, open_source(two), ColumnMapping(
            "customer", {"名称": "name", "手机": "mobile", "电话": "mobile"}),
            importer.ImportOptions())
    with pytest.raises(ExchangeError, match="not a way to handle duplicates"):
        run(db, users.staff1, sheet(tmp_path, [["a"]], ["名称"], "c.xlsx"), duplicates="keep")


def test_dry_run_checks_everything_and_writes_nothing(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = people(5)
    rows[2][1] = "12"
    result = run(db, users.staff1, sheet(tmp_path, rows), dry_run=True)
    assert result.dry_run and not result.committed
    assert (result.created, result.invalid) == (4, 1)
    assert count(db) == 0


def test_rows_get_the_messages_the_form_would_show(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.fields import label
    from crmdesk.errors import ValidationError

    cases = [{"name": "", "mobile": "123"}, {"name": "A", "email": "x@"},
             {"name": "B", "id_number": "110105198001010011"},
             {"name": "C", "birthday": "2024-02-30", "next_follow_up": "tomorrow"},
             {"name": "D", "intent_level": "Z", "kind": "alien", "gender": "?"},
             {"name": "E", "website": "x" * 201}, {"name": "F", "bank_account": "12"},
             {"name": "G", "owner_id": users.staff2.user_id},
             {"name": "H", "phone": "010-123"}]
    keys = sorted({k for case in cases for k in case})
    expected = []
    for case in cases:
        try:
            with db.transaction() as s:
                customers.create(s, users.staff1, case)
            expected.append(set())
        except ValidationError as exc:
            expected.append({(e.field, e.message) for e in exc.errors})
    headers = [label("customer", k) for k in keys]
    rows = [[case.get(k) if k != "owner_id" or k not in case else "张伟" for k in keys]
            for case in cases]
    result = importer.preview(db, users.staff1, open_source(sheet(tmp_path, rows, headers)),
                              guess_mapping("customer", headers))
    by_header = dict(zip(headers, keys, strict=True))
    got: list[set[tuple[str, str]]] = [set() for _ in cases]
    for problem in result.problems:
        got[problem.row - 2].add((by_header[problem.column], problem.reason))
    assert got == expected
    assert all(expected)


def test_google_csv_and_vcards_end_up_in_the_right_fields(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.test_import_sources import VCARDS, google_csv

    result = run(db, users.staff1, google_csv(tmp_path / "google.csv"))
    assert result.created == 2, result.problems
    with db.session() as s:
        people = {c.name: c for c in s.execute(select(Customer)).scalars()}
    zhang = people["张三"]
    assert (zhang.mobile, zhang.phone, zhang.email) == ("+8613812345678", "+861062345678",
                                                        "zhangsan@example.com")
    assert (zhang.company, zhang.job_title, zhang.city, zhang.postal_code) == (
        "华为科技有限公司", "采购经理", "北京市", "100080")
    assert zhang.birthday == date(1985, 3, 12) and zhang.tags == "客户"
    assert people["Lei Li"].mobile == "+8613900001111"  # an unlabelled mobile number

    cards = tmp_path / "cards.vcf"
    cards.write_text(VCARDS, "utf-8")
    result = run(db, users.staff1, cards, duplicates="create")  # the same people again
    assert result.created == 3 and result.duplicate_rows == 2, result.problems
    with db.session() as s:
        imported = {c.name: c for c in s.execute(select(Customer).where(
            Customer.id > max(p.id for p in people.values()))).scalars()}
    card = imported["张三"]
    assert (card.mobile, card.phone, card.job_title, card.address) == (
        "+8613812345678", "+861062345678", "工程师", "中关村大街1号")
    assert card.birthday == date(1990, 5, 1) and card.tags == "VIP,合作伙伴"
    assert imported["Li Lei"].website == "https://lilei.example.com"
    assert imported["Li Lei"].mobile == "+8613900001111"
    assert imported["王五"].mobile == "+8613700002222"
