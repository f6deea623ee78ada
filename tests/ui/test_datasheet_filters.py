"""A datasheet column filter reads typed text as the command line does (crmdesk.core.filters)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from crmdesk.ui.views.datasheet import ColumnFilterDialog, DatasheetView
from tests.ui.conftest import seed_customers


def typing_into_filter(monkeypatch: Any, op: str, text: str, seen: list[str]) -> None:
    """The next column filter dialog gets *op* and *text*, then OK is pressed."""

    def run(dialog: ColumnFilterDialog) -> int:
        dialog.op.setCurrentIndex(dialog.op.findData(op))
        dialog.value.setText(text)  # type: ignore[attr-defined]
        dialog.accept()
        seen.append(dialog.error.text() if dialog.error.isVisibleTo(dialog) else "")
        return int(dialog.result())

    monkeypatch.setattr(ColumnFilterDialog, "exec", run)


def test_typed_filter_values_read_as_on_the_command_line(login, db_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [{"name": "王芳"}, {"name": "李娜的客户"}])
    window = login("manager")
    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView)
    keys = [s.key for s in sheet.all_specs]
    assert sheet.model.rowCount() == 2
    seen: list[str] = []

    # a user as people write them: display name or login
    typing_into_filter(monkeypatch, "eq", "张伟", seen)
    sheet.filter_column(keys.index("owner_id"))
    assert seen[-1] == "" and sheet.model.rowCount() == 0
    typing_into_filter(monkeypatch, "eq", "staff1", seen)
    sheet.filter_column(keys.index("owner_id"))
    assert sheet.model.rowCount() == 2
    assert "staff1" in sheet.filter_label.text()  # shown as typed, not as an id

    # a user that does not exist: said under the value, the dialog stays open
    typing_into_filter(monkeypatch, "eq", "nobody", seen)
    sheet.filter_column(keys.index("owner_id"))
    assert "no user nobody" in seen[-1]
    assert sheet.model.rowCount() == 2  # the filter before is kept

    # a day on a timestamp column: the whole local day, as with --filter
    today = date.today()
    typing_into_filter(monkeypatch, "eq", today.isoformat(), seen)
    sheet.filter_column(keys.index("created_at"))
    assert seen[-1] == "" and sheet.model.rowCount() == 2
    typing_into_filter(monkeypatch, "ge", (today + timedelta(days=1)).isoformat(), seen)
    sheet.filter_column(keys.index("created_at"))
    assert sheet.model.rowCount() == 0
    typing_into_filter(monkeypatch, "ge", "yesterday", seen)
    sheet.filter_column(keys.index("created_at"))
    assert "YYYY-MM-DD" in seen[-1]
    sheet.clear_filters()
    assert sheet.model.rowCount() == 2 and sheet.filter_label.text() == ""
