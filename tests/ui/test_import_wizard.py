"""The import wizard driven as a user would: file, columns, check, import."""

from __future__ import annotations

import csv
import threading
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog
from sqlalchemy import func, select

from crmdesk.core.models import AuditEntry, Customer
from crmdesk.core.validation import id_check_digit
from crmdesk.exchange import importer
from crmdesk.storage.database import open_database
from crmdesk.ui.dialogs.import_preview import PreviewModel
from crmdesk.ui.dialogs.import_wizard import ImportWizard, mappings_dir, open_import_wizard
from crmdesk.ui.operations import WindowJob
from crmdesk.ui.views.datasheet import DatasheetView
from tests.ui.conftest import seed_customers

HEADERS = ["客户名称", "手机", "邮箱", "身份证号", "城市"]


def id_number(n: int) -> str:
    first17 = f"11010519{80 + n % 20:02d}0101{n % 1000:03d}"
    return first17 + id_check_digit(first17)


def workbook(path: Path, rows: list[list[Any]], headers: list[str] = HEADERS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def people(count: int) -> list[list[Any]]:
    return [[f"客户{n:02d}", f"1380000{n:04d}", f"user{n}@example.com", id_number(n), "北京市"]
            for n in range(1, count + 1)]


def customer_names(db_path: Path) -> list[str]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            return sorted(s.execute(select(Customer.name).where(
                Customer.deleted_at.is_(None))).scalars())
    finally:
        db.close()


def import_entries(db_path: Path) -> int:
    db = open_database(db_path)
    try:
        with db.session() as s:
            return int(s.execute(select(func.count(AuditEntry.id)).where(
                AuditEntry.action == "import")).scalar_one())
    finally:
        db.close()


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(path), "Files to import"))


def open_from_menu(window: Any) -> ImportWizard:
    action = next(a for a in window.file_menu.actions() if a.text() == "&Import ...")
    assert action.isEnabled()
    action.trigger()
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    return wizard


def to_check_page(wizard: ImportWizard, window: Any, settle: Any) -> None:
    wizard.next_button.click()  # -> columns
    assert wizard.step() == wizard.MAPPING
    wizard.next_button.click()  # -> check, in the worker
    assert wizard.step() == wizard.CHECK
    settle(window)
    assert wizard.checked is not None


def proxy_row(wizard: ImportWizard, row_number: int) -> int:
    proxy = wizard.rows_filter
    for r in range(proxy.rowCount()):
        if proxy.data(proxy.index(r, PreviewModel.ROW), Qt.ItemDataRole.UserRole) == row_number:
            return r
    raise AssertionError(f"row {row_number} not shown")


def test_gbk_csv_with_chinese_headers(login, db_path, tmp_path, monkeypatch, settle) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "名单.csv"
    with path.open("w", encoding="gbk", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["姓名", "手机号码", "电子邮箱", "所在城市", "备注"])
        writer.writerow(["张三丰", "13812345678", "zsf@example.com", "北京市", "展会"])
        writer.writerow(["李四", "13912345678", "", "上海市", "老客户介绍"])
        writer.writerow(["王五", "", "wangwu@example.com", "杭州市", ""])
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView) and sheet.model.rowCount() == 0
    assert sheet.import_button is not None and sheet.export_button is not None

    wizard = open_from_menu(window)
    assert wizard.file_page.entity_key() == "customer"  # the datasheet's record type
    choose_file(monkeypatch, path)
    wizard.file_page.browse.click()
    settle(window)
    source = wizard.source
    assert source is not None and source.encoding == "gb18030"
    assert source.headers == ["姓名", "手机号码", "电子邮箱", "所在城市", "备注"]
    assert "GB18030" in wizard.file_page.info.text()
    assert wizard.file_page.sample.item(0, 0).text() == "张三丰"  # read right, shown right

    wizard.next_button.click()
    page = wizard.mapping_page
    assert page.columns() == {"姓名": "name", "手机号码": "mobile", "电子邮箱": "email",
                              "所在城市": "city", "备注": "notes"}
    assert "张三丰" in page.table.item(0, page.SAMPLE).text()
    page.set_target("备注", "")  # the user leaves the notes out
    assert "备注" not in page.columns()

    wizard.next_button.click()
    assert wizard.running == "check"  # the check runs in the worker
    settle(window)
    check = wizard.check_page
    assert check.rows_count.text() == "3" and check.valid_count.text() == "3"
    assert check.invalid_count.text() == "0"
    assert wizard.next_button.text() == "Import" and wizard.next_button.isEnabled()

    wizard.next_button.click()
    settle(window)
    result = wizard.import_result
    assert result is not None and result.committed and result.created == 3
    assert wizard.import_page.counts["created"].text() == "3"
    assert wizard.cancel_button.text() == "Close" and not wizard.back_button.isEnabled()
    assert customer_names(db_path) == sorted(["张三丰", "李四", "王五"])
    assert sheet.model.rowCount() == 3  # the open datasheet refreshed
    wizard.cancel_button.click()
    assert not wizard.isVisible()


def test_bad_rows_error_report_and_both_modes(login, db_path, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                              settle) -> None:
    rows = people(14)  # sheet rows 2..15
    rows[5][2] = "wang@"  # sheet row 7: a bad e-mail
    rows[10][3] = "110105198001010011"  # sheet row 12: the check digit is wrong
    path = workbook(tmp_path / "客户.xlsx", rows)
    window = login("staff1")
    wizard = open_import_wizard(window.workspace, window, "customer", str(path))
    settle(window)
    to_check_page(wizard, window, settle)
    check = wizard.check_page
    assert check.rows_count.text() == "14" and check.invalid_count.text() == "2"
    assert check.valid_count.text() == "12"
    assert check.mode_note.isVisibleTo(check)  # all or nothing: nothing would be imported

    # the bad cells are marked and say what to fix
    proxy, model = wizard.rows_filter, wizard.model
    email_column = 2 + [c[0] for c in model.columns].index("邮箱")
    cell = proxy.index(proxy_row(wizard, 7), email_column)
    assert cell.data() == "wang@"
    assert "e-mail" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None  # not colour alone
    id_column = 2 + [c[0] for c in model.columns].index("身份证号")
    assert "check digit" in proxy.index(proxy_row(wizard, 12), id_column).data(
        Qt.ItemDataRole.ToolTipRole)
    assert proxy.index(proxy_row(wizard, 12), PreviewModel.ACTION).data() == "Problem"
    assert proxy.index(proxy_row(wizard, 2), email_column).data(
        Qt.ItemDataRole.ToolTipRole) is None
    check.show_combo.setCurrentIndex(check.show_combo.findData("problems"))
    assert proxy.rowCount() == 2

    # the error report, saved and read back
    report = tmp_path / "问题.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(report), ""))
    check.report_button.click()
    settle(window)
    lines = list(openpyxl.load_workbook(report).active.iter_rows(values_only=True))
    assert lines[0] == ("Row", "Column", "Value", "Problem")
    assert [line[:3] for line in lines[1:]] == [(7, "邮箱", "wang@"),
                                                (12, "身份证号", "110105198001010011")]
    assert str(report) in check.message.text()

    # all or nothing: nothing is imported
    wizard.next_button.click()
    settle(window)
    result = wizard.import_result
    assert result is not None and result.refused and not result.committed
    assert wizard.import_page.headline.text() == "Nothing was imported"
    assert customer_names(db_path) == [] and import_entries(db_path) == 0

    # back, the rows without problems: the other twelve are imported
    assert wizard.back_button.isEnabled()
    wizard.back_button.click()
    assert wizard.step() == wizard.CHECK
    check.mode_valid.setChecked(True)
    assert not check.mode_note.isVisibleTo(check)
    wizard.next_button.click()
    settle(window)
    result = wizard.import_result
    assert result is not None and result.committed
    assert (result.created, result.invalid) == (12, 2)
    names = customer_names(db_path)
    assert len(names) == 12 and "客户06" not in names and "客户11" not in names
    assert wizard.import_page.counts["invalid"].text() == "2"
    assert import_entries(db_path) == 1


def test_cancel_during_the_import_changes_nothing(login, db_path, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                  qtbot, settle) -> None:
    monkeypatch.setattr(importer, "CHUNK", 5)  # the import reports every five rows
    path = workbook(tmp_path / "客户.xlsx", people(30))
    window = login("staff1")
    wizard = open_import_wizard(window.workspace, window, "customer", str(path))
    settle(window)
    to_check_page(wizard, window, settle)

    # hold the worker after ten rows were written (inside the transaction)
    reached, go = threading.Event(), threading.Event()
    report = WindowJob.report

    def held(job: WindowJob, stage: str, done: int, total: int | None = None) -> None:
        report(job, stage, done, total)
        if stage == "Importing the rows" and done >= 10 and not reached.is_set():
            reached.set()
            go.wait(10)

    monkeypatch.setattr(WindowJob, "report", held)
    wizard.next_button.click()
    qtbot.waitUntil(reached.is_set, timeout=5000)
    assert wizard.running == "import" and not wizard.back_button.isEnabled()
    wizard.import_page.progress.cancel.click()
    go.set()
    settle(window)
    assert wizard.import_result is None
    assert wizard.import_page.headline.text() == "Import cancelled"
    assert customer_names(db_path) == [] and import_entries(db_path) == 0
    # the user may go back and import after all
    wizard.back_button.click()
    wizard.next_button.click()
    settle(window)
    assert wizard.import_result is not None and wizard.import_result.created == 30


def test_closing_the_wizard_while_checking_stops_the_check(login, tmp_path, qtbot,  # type: ignore[no-untyped-def]
                                                            settle) -> None:
    path = workbook(tmp_path / "客户.xlsx", people(5))
    window = login("staff1")
    wizard = open_import_wizard(window.workspace, window, "customer", str(path))
    settle(window)
    wizard.next_button.click()
    wizard.next_button.click()
    assert wizard.running == "check"
    assert wizard.operation is not None
    job = wizard.operation.job
    wizard.reject()  # Cancel while the check runs: it is stopped, then the wizard goes
    assert not wizard.isVisible() and job.cancelled
    settle(window)
    qtbot.waitUntil(lambda: not shiboken6.isValid(wizard), timeout=2000)


def test_duplicate_rows_per_row_action(login, db_path, tmp_path, settle) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [{"name": "张三", "mobile": "13812345678",
                                        "city": "上海市"},
                                       {"name": "李四", "mobile": "13912345678",
                                        "city": "上海市"}])
    path = workbook(tmp_path / "客户.xlsx", [["张三", "13812345678", None, None, "北京市"],
                                             ["李四", "13912345678", None, None, "广州市"],
                                             ["王五", "13712345678", None, None, "杭州市"]])
    window = login("staff1")
    wizard = open_import_wizard(window.workspace, window, "customer", str(path))
    settle(window)
    to_check_page(wizard, window, settle)
    check = wizard.check_page
    assert check.duplicate_count.text() == "2"
    proxy = wizard.rows_filter
    first = proxy.index(proxy_row(wizard, 2), PreviewModel.ACTION)
    assert first.data() == "Skip"  # the default for duplicates
    matches = proxy.index(proxy_row(wizard, 2), wizard.model.columnCount() - 1)
    assert "张三" in matches.data() and "same phone number" in matches.data()
    assert first.flags() & Qt.ItemFlag.ItemIsEditable
    # row 2 alone: update the existing record with the file's values
    assert proxy.setData(first, "update", Qt.ItemDataRole.EditRole)
    assert first.data() == "Update" and wizard.row_actions == {2: "update"}
    assert "1 updated" in check.plan.text() and "1 skipped" in check.plan.text()
    wizard.next_button.click()
    settle(window)
    result = wizard.import_result
    assert result is not None and (result.created, result.updated, result.skipped) == (1, 1, 1)
    db = open_database(db_path)
    try:
        with db.session() as s:
            cities = dict(s.execute(select(Customer.name, Customer.city)).all())
    finally:
        db.close()
    assert cities == {"张三": "北京市", "李四": "上海市", "王五": "杭州市"}


def test_named_mapping_saved_and_loaded(login, tmp_path, monkeypatch, settle) -> None:  # type: ignore[no-untyped-def]
    path = workbook(tmp_path / "月报.xlsx", people(2), ["名字", "电话1", "邮件地址", "证件", "城市"])
    window = login("staff1")
    wizard = open_import_wizard(window.workspace, window, "customer", str(path))
    settle(window)
    wizard.next_button.click()
    page = wizard.mapping_page
    page.set_target("电话1", "mobile")
    page.set_target("证件", "id_number")
    page.set_target("名字", "name")
    # a field is filled by one column: choosing it for another lets the first one go
    page.set_target("城市", "name")
    assert "名字" not in page.columns() and "城市" in page.note.text()
    page.set_target("名字", "name")
    page.set_target("城市", "city")
    wanted = page.columns()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("月报", True))
    wizard.save_named_mapping()
    saved = mappings_dir() / "月报.json"
    assert saved.exists() and "Mapping: 月报" in page.mapping_name.text()

    page.set_target("电话1", "")
    assert page.columns() != wanted
    wizard.load_mapping(saved)
    assert page.columns() == wanted
    assert "sets 5 of the file's 5 columns" in page.note.text()
    # the load menu lists it
    wizard._fill_load_menu()
    assert "月报" in [a.text() for a in page.load_menu.actions()]
    # and to a file of one's own
    target = tmp_path / "mine.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    wizard.save_mapping_file()
    assert '"电话1": "mobile"' in target.read_text("utf-8")


def test_a_file_that_cannot_be_read_says_why(login, tmp_path, settle) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.docx"
    path.write_bytes(b"not a table")
    window = login("staff1")
    wizard = open_import_wizard(window.workspace, window, "customer", str(path))
    settle(window)
    assert wizard.source is None and not wizard.next_button.isEnabled()
    assert "cannot be imported" in wizard.file_page.error.text()
    assert wizard.file_page.error.isVisibleTo(wizard)


def test_a_missing_required_column_is_named(login, tmp_path, settle) -> None:  # type: ignore[no-untyped-def]
    path = workbook(tmp_path / "客户.xlsx", people(2))
    window = login("staff1")
    wizard = open_import_wizard(window.workspace, window, "customer", str(path))
    settle(window)
    wizard.next_button.click()
    wizard.mapping_page.set_target("客户名称", "")
    wizard.next_button.click()
    settle(window)
    assert wizard.step() == wizard.MAPPING  # back where it can be fixed
    assert "Name" in wizard.mapping_page.error.text()
