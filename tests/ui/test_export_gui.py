"""Exporting a datasheet as it is shown: filter, sort, visible columns in their order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog
from sqlalchemy import select

from crmdesk.core.models import AuditEntry
from crmdesk.core.services import settings
from crmdesk.core.services.records import Filter
from crmdesk.storage.database import open_database
from crmdesk.ui.dialogs.export_dialog import ExportDialog, default_file_name, export_datasheet
from crmdesk.ui.errors import ErrorReporter
from crmdesk.ui.views.datasheet import DatasheetView
from tests.ui.conftest import seed_customers

ROWS = [{"name": "王芳", "city": "北京市", "mobile": "13800000001", "industry": "制造业"},
        {"name": "李娜", "city": "上海市", "mobile": "13800000002"},
        {"name": "张伟", "city": "北京市", "mobile": "13800000003", "email": "zw@example.com"},
        {"name": "赵敏", "city": "北京市", "mobile": "13800000004"},
        {"name": "陈静", "city": "杭州市"},
        {"name": "周杰", "city": "北京市", "email": "zj@example.com"}]


@pytest.fixture(autouse=True)
def fresh_columns() -> Any:
    """Column order and visibility are remembered per user: start and end with none."""
    from crmdesk.config import AppSettings

    AppSettings().qsettings().remove("ui/datasheet/customer/header")
    yield
    AppSettings().qsettings().remove("ui/datasheet/customer/header")


def accept_with(monkeypatch: pytest.MonkeyPatch, choose: Any = None) -> list[ExportDialog]:
    """ExportDialog.exec answers OK (after *choose* set the options); the dialogs seen."""
    seen: list[ExportDialog] = []

    def exec_(dialog: ExportDialog) -> int:
        seen.append(dialog)
        if choose is not None:
            choose(dialog)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    return seen


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    suggested: list[str] = []

    def ask(_parent: Any, _title: str, default: str, _filter: str) -> tuple[str, str]:
        suggested.append(default)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    return suggested


def shown_names(sheet: DatasheetView) -> list[str]:
    column = [s.key for s in sheet.all_specs].index("name")
    return [sheet.model.data(sheet.model.index(r, column)) for r in range(sheet.model.rowCount())]


def filtered_sorted_sheet(window: Any) -> DatasheetView:
    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView)
    keys = [s.key for s in sheet.all_specs]
    sheet.model.add_filter(Filter("city", "eq", "北京市"))
    sheet.table.sortByColumn(keys.index("name"), Qt.SortOrder.DescendingOrder)
    for key in ("kind", "company", "province", "industry", "source", "intent_level"):
        sheet.set_column_visible(keys.index(key), False)
    # the user dragged E-mail in front of Name
    header = sheet.table.horizontalHeader()
    header.moveSection(header.visualIndex(keys.index("email")),
                       header.visualIndex(keys.index("code")) + 1)
    return sheet


def test_export_a_filtered_sorted_datasheet_with_hidden_columns(login, db_path, tmp_path,  # type: ignore[no-untyped-def]
                                                                monkeypatch, settle) -> None:
    seed_customers(db_path, "staff1", ROWS)
    window = login("staff1")
    sheet = filtered_sorted_sheet(window)
    names = shown_names(sheet)
    assert sorted(names) == sorted(["王芳", "张伟", "赵敏", "周杰"]) and len(names) == 4
    visible = sheet.visible_columns()
    assert [s.key for s in visible][:3] == ["code", "email", "name"]

    seen = accept_with(monkeypatch)
    out = tmp_path / "export.xlsx"
    suggested = save_as(monkeypatch, out)
    sheet.export_button.click()
    settle(window)
    dialog = seen[0]
    assert dialog.count == 4 and "4 customers" in dialog.summary.text()
    assert not dialog.may_reveal  # staff never export ID numbers
    assert Path(suggested[0]).name == default_file_name("Customers", "xlsx")

    book = openpyxl.load_workbook(out)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == [spec.translated for spec in visible]
    assert [r[2] for r in rows[1:]] == names  # same rows, same order
    by_name = {r[2]: r for r in rows[1:]}
    assert by_name["张伟"][1] == "zw@example.com" and by_name["赵敏"][1] is None
    assert by_name["王芳"][[s.key for s in visible].index("mobile")] == "13800000001"
    assert any("Exported 4 customers" in text for text in ErrorReporter.shown)

    db = open_database(db_path)
    try:
        with db.session() as s:
            entry = s.execute(select(AuditEntry).where(AuditEntry.action == "export")
                              ).scalar_one()
            assert entry.username == "staff1" and "4" in entry.summary
    finally:
        db.close()


def test_csv_in_gb18030_from_the_file_menu(login, db_path, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                           settle) -> None:
    seed_customers(db_path, "staff1", ROWS)
    window = login("staff1")
    sheet = filtered_sorted_sheet(window)
    names = shown_names(sheet)

    def choose(dialog: ExportDialog) -> None:
        dialog.csv.setChecked(True)
        assert dialog.encoding.isEnabled() and not dialog.related.isEnabled()
        dialog.encoding.setCurrentIndex(dialog.encoding.findData("gb18030"))

    accept_with(monkeypatch, choose)
    out = tmp_path / "客户.csv"
    save_as(monkeypatch, tmp_path / "客户")  # no suffix typed: it is added
    action = next(a for a in window.file_menu.actions() if a.text() == "&Export ...")
    action.trigger()
    settle(window)
    text = out.read_bytes().decode("gb18030")
    lines = text.splitlines()
    assert lines[0].split(",")[:3] == ["Code", "E-mail", "Name"]
    assert [line.split(",")[2] for line in lines[1:]] == names


def test_the_staff_limit_is_explained_before_exporting(login, db_path, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                       settle, qtbot) -> None:
    seed_customers(db_path, "staff1", ROWS)
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            from crmdesk.core.services import accounts
            from tests.conftest import PASSWORD

            admin = accounts.login(s, "admin", PASSWORD)
            settings.set_value(s, admin, "export.staff_max_rows", 3)
    finally:
        db.close()
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    dialog = ExportDialog(window.workspace, "customer", sheet.model.query(),
                          sheet.visible_columns(), "Customers", window)
    # no count given: counted in the background, Export waits for it
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert "Counting the customers" in dialog.summary.text() and not ok.isEnabled()
    qtbot.waitUntil(lambda: dialog.total is not None, timeout=5000)
    # the count, the limit, and what can be exported instead (never "all - customers")
    text = dialog.summary.text()
    assert "6 customers" in text and "at most 3" in text and " - " not in text
    assert dialog.narrow_box.isVisibleTo(dialog) and dialog.first.isChecked()
    assert "first 3" in dialog.first.text() and not dialog.selection.isVisibleTo(dialog)
    assert dialog.count == 3 and not dialog.error.isVisibleTo(dialog)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    # a narrower filter is within the limit
    sheet.model.add_filter(Filter("city", "eq", "上海市"))
    dialog = ExportDialog(window.workspace, "customer", sheet.model.query(),
                          sheet.visible_columns(), "Customers", window,
                          total=sheet.known_count())
    assert dialog.count == 1 and not dialog.error.isVisibleTo(dialog)


def test_administrators_may_add_sensitive_fields_and_related_sheets(login, db_path, tmp_path,  # type: ignore[no-untyped-def]
                                                                    monkeypatch, settle) -> None:
    seed_customers(db_path, "staff1", [{"name": "王五", "id_number": "11010519491231002X"}])
    window = login("admin")
    window.open_entry("customers")
    sheet = window.current_document()

    def choose(dialog: ExportDialog) -> None:
        assert dialog.may_reveal
        dialog.sensitive.setChecked(True)
        dialog.related.setChecked(True)
        assert "ID number" in dialog.columns_label.text()

    accept_with(monkeypatch, choose)
    out = tmp_path / "card.xlsx"
    save_as(monkeypatch, out)
    sheet.export_records()
    settle(window)
    book = openpyxl.load_workbook(out)
    assert len(book.worksheets) > 1  # contacts, interactions ... sheets
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    column = list(rows[0]).index("ID number")
    assert rows[1][column] == "11010519491231002X"


def test_cancel_in_the_save_dialog_writes_nothing(login, db_path, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                  settle) -> None:
    seed_customers(db_path, "staff1", ROWS[:2])
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    accept_with(monkeypatch)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert export_datasheet(sheet) is None
    assert not window.workspace.executor.busy
    db = open_database(db_path)
    try:
        with db.session() as s:
            assert s.execute(select(AuditEntry).where(AuditEntry.action == "export")).first() \
                is None
    finally:
        db.close()


def test_over_the_limit_staff_export_the_first_rows_or_the_selection(
        login, db_path, tmp_path, monkeypatch, settle) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", ROWS)
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            from crmdesk.core.services import accounts
            from tests.conftest import PASSWORD

            admin = accounts.login(s, "admin", PASSWORD)
            settings.set_value(s, admin, "export.staff_max_rows", 3)
    finally:
        db.close()
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    keys = [s.key for s in sheet.all_specs]
    sheet.table.sortByColumn(keys.index("name"), Qt.SortOrder.AscendingOrder)
    settle(window)
    names = shown_names(sheet)

    accept_with(monkeypatch)  # the first rows (the default)
    first = tmp_path / "first.xlsx"
    save_as(monkeypatch, first)
    sheet.export_button.click()
    settle(window)
    rows = list(openpyxl.load_workbook(first).worksheets[0].iter_rows(values_only=True))
    name_col = [s.key for s in sheet.visible_columns()].index("name")
    assert [r[name_col] for r in rows[1:]] == names[:3]

    sheet.table.selectRow(4)
    sheet.table.selectionModel().select(sheet.model.index(5, 0), sheet.table.selectionModel()
                                        .SelectionFlag.Select | sheet.table.selectionModel()
                                        .SelectionFlag.Rows)
    seen = accept_with(monkeypatch, lambda dialog: dialog.selection.setChecked(True))
    chosen = tmp_path / "selected.xlsx"
    save_as(monkeypatch, chosen)
    sheet.export_button.click()
    settle(window)
    assert seen[0].selection.isChecked() and "2 selected" in seen[0].selection.text()
    rows = list(openpyxl.load_workbook(chosen).worksheets[0].iter_rows(values_only=True))
    assert [r[name_col] for r in rows[1:]] == names[4:6]
