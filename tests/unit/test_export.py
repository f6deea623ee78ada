"""Exporting datasheets: what is shown, formatted, within the user's rights, audited."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from crmdesk.core.models import AccessEvent, AuditEntry
from crmdesk.core.services import custom_fields, settings
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.sales import orders
from crmdesk.errors import AccountFrozen, PermissionDenied
from crmdesk.exchange import exporter
from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.exporter import ExportRequest, export, phone_text
from crmdesk.jobs import Cancelled, Job


@pytest.fixture
def shop(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip_level", "会员等级",
                                        "choice", choices=["普通", "金卡"])
        a = customers.create(s, users.staff1, {
            "name": "张三", "mobile": "13812345678", "phone": "010-62345678",
            "email": "zs@example.com", "city": "北京市", "birthday": "1990-05-01",
            "status": "active", "intent_level": "A", "id_number": "11010519491231002X"},
            custom={"vip_level": "金卡"})
        b = customers.create(s, users.staff1, {"name": "李四", "city": "上海市",
                                               "kind": "company"})
        c = customers.create(s, users.staff2, {"name": "王五", "city": "北京市"})
        contacts.create(s, users.staff1, {"customer_id": b.id, "name": "韩梅梅"})
        interactions.create(s, users.staff1, {"customer_id": a.id, "kind": "call",
                                              "summary": "电话沟通"})
        orders.create_with_lines(s, users.staff1, {"customer_id": a.id,
                                                   "order_date": "2024-05-03"},
                                 [{"description": "软件", "unit_price": "12345.6",
                                   "quantity": 2}])
    return a, b, c


def rows_of(path: Path, sheet: int = 0) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path)
    return list(book.worksheets[sheet].iter_rows(values_only=True))


def test_a_workbook_a_manager_is_happy_to_open(db, users, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "客户.xlsx"
    request = ExportRequest("customer", columns=["code", "name", "mobile", "phone", "birthday",
                                                 "status", "intent_level", "owner_id",
                                                 "cf.vip_level", "created_at"],
                            query=ListQuery(sort=[("code", True)]))
    result = export(db, users.manager, request, path)
    assert result.rows == 3
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet.title == "Customer"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J4"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["B"].width >= 15
    header = [c.value for c in sheet[1]]
    assert header == ["Code", "Name", "Mobile", "Telephone", "Birthday", "Status",
                      "Intent level", "Owner", "会员等级", "Created"]
    zhang = [c for c in sheet[4]]  # sorted by code, descending: C000001 last
    assert [c.value for c in zhang[:4]] == ["C000001", "张三", "13812345678", "010-62345678"]
    assert zhang[4].value == datetime(1990, 5, 1) and zhang[4].number_format == "yyyy-mm-dd"
    assert [c.value for c in zhang[5:9]] == ["Active", "A - high", "李娜", "金卡"]
    assert isinstance(zhang[9].value, datetime) and zhang[9].number_format == "yyyy-mm-dd hh:mm"
    assert [c.value for c in sheet["B"][1:]] == ["王五", "李四", "张三"]

    money = tmp_path / "orders.xlsx"
    export(db, users.manager, ExportRequest("order"), money)
    cells = openpyxl.load_workbook(money).active
    total = next(c for c in cells[2] if isinstance(c.value, float))
    assert total.value == 24691.2 and total.number_format == "#,##0.00"
    assert cells[2][2].value == datetime(2024, 5, 3)  # order date as a date


def test_export_is_the_datasheet_as_shown(db, users, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bj.xlsx"
    query = ListQuery(filters=[Filter("city", "eq", "北京市")], sort=[("name", True)])
    export(db, users.manager, ExportRequest("customer", query, ["city", "name"]), path)
    assert rows_of(path) == [("City", "Name"), ("北京市", "王五"), ("北京市", "张三")]
    export(db, users.staff2, ExportRequest("customer", columns=["name"]), path)
    assert rows_of(path) == [("Name",), ("王五",)]  # staff2 sees only their own
    with pytest.raises(ExchangeError, match="no column shoe_size"):
        export(db, users.manager, ExportRequest("customer", columns=["shoe_size"]), path)


def test_staff_export_limit_and_anti_scraping(db, users, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        settings.set_value(s, users.admin, "export.staff_max_rows", 1)
    path = tmp_path / "mine.csv"
    with pytest.raises(ExchangeError, match="at most 1 records"):
        export(db, users.staff1, ExportRequest("customer"), path)
    assert not path.exists()
    one = ListQuery(filters=[Filter("name", "eq", "张三")])
    assert export(db, users.staff1, ExportRequest("customer", one), path).rows == 1
    with db.session() as s:
        events = s.execute(select(AccessEvent.kind, AccessEvent.count).where(
            AccessEvent.user_id == users.staff1.user_id)).all()
        assert [tuple(e) for e in events] == [("export", 1)]
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "export")).scalar_one()
        assert entry.username == "staff1" and "mine.csv" in entry.summary
        # which field was filtered, not the value typed (issue 19)
        assert '"filtered_fields": ["name"]' in (entry.after or "")
        assert "张三" not in (entry.after or "")
    # the anti-scraping guard counts exported customers like opened ones
    with db.transaction() as s:
        settings.set_value(s, users.admin, "export.staff_max_rows", 1000)
        settings.set_value(s, users.admin, "security.scrape_limit", 10)
        from crmdesk.core.models import User
        s.add(AccessEvent(user_id=users.staff1.user_id, kind="open", count=9))
        assert s.get(User, users.staff1.user_id) is not None
    with pytest.raises(AccountFrozen):
        export(db, users.staff1, ExportRequest("customer"), tmp_path / "all.csv")
    assert not (tmp_path / "all.csv").exists()


def test_sensitive_fields_only_for_administrators(db, users, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ids.xlsx"
    request = ExportRequest("customer", ListQuery(filters=[Filter("name", "eq", "张三")]),
                            ["name", "id_number"], sensitive=True)
    with pytest.raises(PermissionDenied):
        export(db, users.manager, request, path)
    plain = ExportRequest("customer", request.query, ["name", "id_number"])
    with pytest.raises(ExchangeError, match="ID number is sensitive"):
        export(db, users.manager, plain, path)  # named without asking: refused, not dropped
    export(db, users.manager, ExportRequest("customer", request.query, ["name"]), path)
    assert rows_of(path) == [("Name",), ("张三",)]
    export(db, users.admin, request, path)
    assert rows_of(path) == [("Name", "ID number"), ("张三", "11010519491231002X")]
    with db.session() as s:
        summaries = list(s.execute(select(AuditEntry.summary).where(
            AuditEntry.action == "export").order_by(AuditEntry.id)).scalars())
        assert "with ID numbers and bank accounts" in summaries[-1]
        assert "including" not in summaries[0]


def test_a_customers_card_with_its_records(db, users, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "card.xlsx"
    query = ListQuery(filters=[Filter("name", "in", ["张三", "李四"])])
    result = export(db, users.staff1, ExportRequest("customer", query, related=True), path)
    # the task: the follow-up its interaction planned from the customer's cadence
    assert result.sheets == {"customer": 2, "contact": 1, "interaction": 1, "opportunity": 0,
                             "order": 1, "ticket": 0, "task": 1}
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Customer", "Contact", "Interaction", "Opportunity", "Order",
                               "Ticket", "Task"]
    contact_rows = list(book["Contact"].iter_rows(values_only=True))
    assert contact_rows[0][0] == "Customer code" and contact_rows[1][:2] == ("C000002",
                                                                             "韩梅梅")
    with pytest.raises(ExchangeError, match="extra sheets"):
        export(db, users.staff1, ExportRequest("customer", query, related=True),
               tmp_path / "card.csv")


def test_csv_for_excel_and_for_old_chinese_excel(db, users, shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.csv"
    columns = ["name", "birthday", "mobile", "created_at"]
    export(db, users.manager, ExportRequest("customer", columns=columns), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    lines = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
    assert lines[0] == ["Name", "Birthday", "Mobile", "Created"]
    assert lines[1][:3] == ["张三", "1990-05-01", "13812345678"]
    assert datetime.strptime(lines[1][3], "%Y-%m-%d %H:%M:%S")
    export(db, users.manager, ExportRequest("customer", columns=columns), path,
           csv_encoding="gb18030")
    assert path.read_bytes().decode("gb18030").splitlines()[1].startswith("张三,1990-05-01")
    money = tmp_path / "o.csv"
    export(db, users.manager, ExportRequest("order", columns=["number", "total_cents"]), money)
    assert list(csv.reader(money.read_text("utf-8-sig").splitlines()))[1] == ["SO000001",
                                                                              "24691.20"]


def test_cancelled_export_leaves_no_file(db, users, shop, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "x.xlsx"
    path.write_bytes(b"old")
    control = Job()
    original = exporter._rows

    def rows_then_cancel(*args, **kwargs):  # type: ignore[no-untyped-def]
        for row in original(*args, **kwargs):
            control.cancel()
            yield row

    monkeypatch.setattr(exporter, "_rows", rows_then_cancel)
    with pytest.raises(Cancelled):
        export(db, users.manager, ExportRequest("customer"), path, control)
    assert path.read_bytes() == b"old"  # the old file is untouched
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.xlsx"]  # no temporary left over
    with db.session() as s:
        assert s.execute(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "export")).scalar_one() == 0


def test_phone_numbers_as_people_write_them() -> None:
    assert phone_text("+8613812345678") == "13812345678"
    assert phone_text("+861062345678") == "010-62345678"
    assert phone_text("+8675586001234") == "0755-86001234"
    assert phone_text("+16502530000") == "+1 650-253-0000"
    assert phone_text(None) is None
