"""Reading import files: encodings, presets, vCards, header rows; guessing the mapping."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.mapping import ColumnMapping, guess_mapping
from crmdesk.exchange.sources import open_source

CHINESE_HEADERS = ["客户名称", "手机号码", "电子邮箱", "公司", "地址", "所属行业", "备注"]
CHINESE_ROW = ["张三", "13812345678", "zhangsan@example.com", "华为科技有限公司",
               "北京市海淀区中关村大街1号", "信息技术", "老客户"]


def write_csv(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8", "utf-16"])
def test_chinese_csv_in_every_common_encoding(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "客户.csv", [CHINESE_HEADERS, CHINESE_ROW],
                     encoding, "\t" if encoding == "utf-16" else ",")
    if encoding in ("gbk", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")  # really not UTF-8
    source = open_source(path)
    assert source.headers == CHINESE_HEADERS
    assert source.sample() == [(2, CHINESE_ROW)]
    mapping = guess_mapping("customer", source.headers)
    assert mapping.columns == {"客户名称": "name", "手机号码": "mobile", "电子邮箱": "email",
                               "公司": "company", "地址": "address", "所属行业": "industry",
                               "备注": "notes"}


def test_encoding_can_be_forced_and_bad_names_are_explained(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [CHINESE_HEADERS, CHINESE_ROW], "gbk")
    assert open_source(path, encoding="gbk").headers == CHINESE_HEADERS
    with pytest.raises(ExchangeError, match="not utf-8 text"):
        list(open_source(path, encoding="utf-8").rows())
    with pytest.raises(ExchangeError, match="not a known text encoding"):
        open_source(path, encoding="klingon")


def test_semicolons_blank_lines_and_a_title_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "b.csv", [["2024 年客户名单"], [], ["姓名", "电话", "城市"],
                                          ["李四", "010-62345678", "北京"], [],
                                          ["王五", "13900001111", "上海"]], "utf-8", ";")
    source = open_source(path)
    assert source.headers == ["姓名", "电话", "城市"]
    assert [n for n, _ in source.rows()] == [4, 6]
    assert guess_mapping("customer", source.headers).columns == {
        "姓名": "name", "电话": "any_phone", "城市": "city"}


def test_english_headers_and_labels(tmp_path: Path) -> None:
    headers = ["Full Name", "Mobile", "E-mail", "Company", "Job Title", "Owner", "Tags",
               "Lead source", "Postal code", "Something else"]
    mapping = guess_mapping("customer", headers)
    assert mapping.columns == {"Full Name": "name", "Mobile": "mobile", "E-mail": "email",
                               "Company": "company", "Job Title": "job_title",
                               "Owner": "owner_id", "Tags": "tags", "Lead source": "source",
                               "Postal code": "postal_code"}


def test_each_field_is_filled_by_one_column() -> None:
    mapping = guess_mapping("customer", ["客户名称", "联系人", "手机", "手机号码"])
    assert mapping.columns["客户名称"] == "name"
    assert "联系人" not in mapping.columns  # the customer name wins
    assert list(mapping.columns.values()).count("mobile") == 1
    contact = guess_mapping("contact", ["公司名称", "联系人", "手机"])
    assert contact.columns == {"公司名称": "customer_id", "联系人": "name", "手机": "mobile"}


def test_mapping_saved_and_loaded(tmp_path: Path) -> None:
    mapping = ColumnMapping("customer", {"客户名称": "name", "手机号码": "mobile"}, name="月报")
    mapping.save(tmp_path / "m.json")
    loaded = ColumnMapping.load(tmp_path / "m.json")
    assert loaded == mapping
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    with pytest.raises(ExchangeError, match="not a saved column mapping"):
        ColumnMapping.load(tmp_path / "bad.json")
    with pytest.raises(ExchangeError, match="both fill"):
        ColumnMapping("customer", {"a": "name", "b": "name"}).check("customer")
    with pytest.raises(ExchangeError, match="do not have"):
        ColumnMapping("customer", {"a": "shoe_size"}).check("customer")


GOOGLE_HEADERS = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
    "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
    "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country", "Address 1 - Extended Address", "Website 1 - Label",
    "Website 1 - Value"]


def google_csv(path: Path) -> Path:
    def row(**values: str) -> list[str]:
        return [values.get(h, "") for h in GOOGLE_HEADERS]

    rows = [GOOGLE_HEADERS,
            row(**{"First Name": "三", "Last Name": "张", "Organization Name": "华为科技有限公司",
                   "Organization Title": "采购经理", "Birthday": "1985-03-12",
                   "Labels": "* myContacts ::: 客户", "E-mail 1 - Label": "* Work",
                   "E-mail 1 - Value": "zhangsan@example.com", "Phone 1 - Label": "Mobile",
                   "Phone 1 - Value": "+86 138 1234 5678", "Phone 2 - Label": "Work",
                   "Phone 2 - Value": "010-62345678", "Address 1 - Street": "中关村大街1号",
                   "Address 1 - City": "北京市", "Address 1 - Region": "北京市",
                   "Address 1 - Postal Code": "100080", "Notes": "展会认识"}),
            row(**{"First Name": "Lei", "Last Name": "Li", "E-mail 1 - Value":
                   "lilei@example.com ::: lei.li@example.org", "Phone 1 - Label": "",
                   "Phone 1 - Value": "13900001111", "Website 1 - Value": "www.lilei.cn"})]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_google_contacts_csv(tmp_path: Path) -> None:
    source = open_source(google_csv(tmp_path / "contacts.csv"))
    assert source.preset == "google"
    mapping = guess_mapping("customer", source.headers, hints=source.hints)
    rows = [dict(zip(source.headers, values, strict=True)) for _, values in source.rows()]
    by_target = [{mapping.target_of(h): v for h, v in row.items() if v is not None
                  and mapping.target_of(h)} for row in rows]
    assert by_target[0] == {
        "name": "张三", "mobile": "+86 138 1234 5678", "phone": "010-62345678",
        "email": "zhangsan@example.com", "company": "华为科技有限公司", "job_title": "采购经理",
        "address": "中关村大街1号", "city": "北京市", "province": "北京市",
        "postal_code": "100080", "birthday": "1985-03-12", "notes": "展会认识", "tags": "客户"}
    assert by_target[1] == {"name": "Lei Li", "any_phone": "13900001111",
                            "email": "lilei@example.com", "website": "www.lilei.cn"}


def test_outlook_csv_english_and_chinese(tmp_path: Path) -> None:
    english = ["First Name", "Middle Name", "Last Name", "Company", "Department", "Job Title",
               "Business Street", "Business City", "Business State", "Business Postal Code",
               "Business Phone", "Mobile Phone", "E-mail Address", "Birthday", "Notes",
               "Categories"]
    path = write_csv(tmp_path / "outlook.csv", [english, [
        "Wei", "", "Wang", "Acme Ltd", "Sales", "Manager", "1 Main St", "Shanghai", "Shanghai",
        "200000", "021-61234567", "13700002222", "wei@acme.example", "0/0/00", "VIP customer",
        "Key;Partner"]], "utf-8")
    source = open_source(path)
    assert source.preset == "outlook"
    values = dict(zip(source.headers, source.sample()[0][1], strict=True))
    mapping = guess_mapping("customer", source.headers, hints=source.hints)
    mapped = {mapping.target_of(h): v for h, v in values.items()
              if v is not None and mapping.target_of(h)}
    assert mapped == {"name": "Wei Wang", "company": "Acme Ltd", "job_title": "Manager",
                      "address": "1 Main St", "city": "Shanghai", "province": "Shanghai",
                      "postal_code": "200000", "phone": "021-61234567", "mobile": "13700002222",
                      "email": "wei@acme.example", "notes": "VIP customer",
                      "tags": "Key,Partner"}
    chinese = write_csv(tmp_path / "outlook-zh.csv", [["名", "姓", "单位", "移动电话",
                                                       "电子邮件地址"],
                                                      ["小明", "王", "示范公司", "13600003333",
                                                       "xm@example.com"]], "gbk")
    source = open_source(chinese)
    assert source.preset == "outlook"
    assert source.sample()[0][1][:2] == ["王小明", "13600003333"]


VCARDS = """BEGIN:VCARD\r
VERSION:3.0\r
N:张;三;;;\r
FN:张三\r
ORG:华为科技有限公司;研发部\r
TITLE:工程师\r
TEL;TYPE=CELL:138 1234 5678\r
TEL;TYPE=WORK,VOICE:010-62345678\r
EMAIL;TYPE=INTERNET:zhangsan@example.com\r
ADR;TYPE=WORK:;;中关村大街1号;北京市;北京市;100080;中国\r
BDAY:1990-05-01\r
NOTE:老客户\r
CATEGORIES:VIP,合作伙伴\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
FN:Li Lei\r
N:Li;Lei;;;\r
TEL;VALUE=uri;TYPE=cell:tel:+86-139-0000-1111\r
EMAIL:lilei@example.com\r
BDAY:--0501\r
URL:https://lilei.example.com\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:2.1\r
N:王;五\r
TEL;CELL:13700002222\r
END:VCARD\r
"""


def test_vcards_of_several_versions(tmp_path: Path) -> None:
    path = tmp_path / "people.vcf"
    path.write_text(VCARDS, "utf-8")
    source = open_source(path)
    assert source.format == "vcard" and source.total == 3
    mapping = guess_mapping("customer", source.headers, hints=source.hints)
    rows = [{mapping.target_of(h): v for h, v in zip(source.headers, values, strict=True)
             if v is not None and mapping.target_of(h)} for _, values in source.rows()]
    assert rows[0] == {"name": "张三", "mobile": "138 1234 5678", "phone": "010-62345678",
                       "email": "zhangsan@example.com", "company": "华为科技有限公司",
                       "job_title": "工程师", "address": "中关村大街1号", "city": "北京市",
                       "province": "北京市", "postal_code": "100080", "birthday": "1990-05-01",
                       "notes": "老客户", "tags": "VIP,合作伙伴"}
    assert rows[1] == {"name": "Li Lei", "mobile": "+86-139-0000-1111",
                       "email": "lilei@example.com", "website": "https://lilei.example.com"}
    assert rows[2] == {"name": "王五", "mobile": "13700002222"}


def test_workbook_sheets_title_rows_and_types(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "说明"
    sheet.append(["这是说明页"])
    data = book.create_sheet("客户")
    data.append(["客户名单（内部）"])
    data.append(["姓名", "手机", "生日", "创建时间", "金额"])
    data.append(["张三", 13812345678, date(1990, 5, 1), datetime(2024, 5, 1, 9, 30), 1234.5])
    data.append([None, None, None, None, None])
    data.append(["李四", "13900001111", None, None, None])
    book.save(tmp_path / "book.xlsx")
    source = open_source(tmp_path / "book.xlsx", sheet="客户")
    assert source.sheets == ["说明", "客户"]
    assert source.headers == ["姓名", "手机", "生日", "创建时间", "金额"]
    rows = list(source.rows())
    assert [n for n, _ in rows] == [3, 5]
    assert rows[0][1][:4] == ["张三", 13812345678.0, date(1990, 5, 1),
                              datetime(2024, 5, 1, 9, 30)]
    with pytest.raises(ExchangeError, match="no sheet called"):
        open_source(tmp_path / "book.xlsx", sheet="订单")


def test_unreadable_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_text("not a zip", "utf-8")
    with pytest.raises(ExchangeError, match="cannot be read as a workbook"):
        open_source(tmp_path / "x.xlsx")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(ExchangeError, match="cannot be imported"):
        open_source(tmp_path / "x.pdf")
    (tmp_path / "empty.csv").write_text("", "utf-8")
    with pytest.raises(ExchangeError, match="is empty"):
        open_source(tmp_path / "empty.csv")
    with pytest.raises(ExchangeError, match="does not exist"):
        open_source(tmp_path / "missing.csv")
