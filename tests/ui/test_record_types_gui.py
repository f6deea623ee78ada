"""Administration > Record types designs a type; its datasheet and form are reached from
the navigation pane; a record added in the form is found in the datasheet and search."""

from __future__ import annotations

import pytest

from crmdesk.core.record_types import deactivate
from crmdesk.ui.views.admin.record_types import RecordTypesView
from tests.ui.conftest import seed_customers, type_text


@pytest.fixture(autouse=True)
def _forget_types():  # type: ignore[no-untyped-def]
    yield
    deactivate()


def test_design_a_type_then_add_a_record_in_its_form(login, db_path, qtbot, settle,  # type: ignore[no-untyped-def]
                                                      monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", [{"name": "张三"}])
    window = login("admin")
    window.open_entry("record_types")
    view = window.current_document()
    assert isinstance(view, RecordTypesView)
    view.create_type({"key": "visit", "name_zh": "来店登记", "name_en": "Showroom visit",
                      "belongs_to": "owner", "code_prefix": "V"})
    settle(window)
    assert view.message.text() == ""
    view.add_field("visit", {"key": "visitor", "name_zh": "来访人", "name_en": "Visitor",
                             "kind": "text", "required": True})
    settle(window)
    view.add_field("visit", {"key": "companions", "name_zh": "同行人数",
                             "name_en": "Companions", "kind": "text"})
    settle(window)
    assert [view.grid.item(r, 0).text() for r in range(view.grid.rowCount())] == [
        "visitor", "companions"]
    view.grid.selectRow(1)
    view.move_selected(-1)
    settle(window)
    assert view.grid.item(0, 0).text() == "companions"
    view.rename("visit", "visitor", "客人", "Guest")
    settle(window)
    assert view.grid.item(1, 2).text() == "Guest"

    window.open_entry("rt:visit")  # the navigation pane offers the new type
    sheet = window.current_document()
    assert [s.key for s in sheet.all_specs][:3] == ["code", "companions", "visitor"]
    window.open_document("new", ("visit", {}))
    form = window.current_document()
    type_text(qtbot, form.editors["visitor"].edit, "刘先生")
    type_text(qtbot, form.editors["companions"].edit, "2")
    form.save()
    settle(window)
    assert form.record_id is not None, getattr(form, "errors", None)
    window.open_entry("rt:visit")
    sheet = window.current_document()
    settle(window)
    column = [s.key for s in sheet.all_specs].index("visitor")
    qtbot.waitUntil(lambda: sheet.model.rowCount() == 1)
    assert sheet.model.data(sheet.model.index(0, column)) == "刘先生"

    # found by the search box, and exported from its datasheet
    hits = window._search("刘先生")
    assert [(h.kind, h.code) for h in hits] == [("visit", "V000001")]
    from tests.ui.test_export_gui import accept_with, save_as

    accept_with(monkeypatch)
    out = tmp_path / "visits.xlsx"
    save_as(monkeypatch, out)
    sheet.export_button.click()
    settle(window)
    import openpyxl

    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2 and "刘先生" in rows[1]

    # the rules of a field: unique (its one value is unique), no longer required
    view.change_rules("visit", "companions", {"unique": True})
    settle(window)
    assert view.message.text() == ""
    view.change_rules("visit", "visitor", {"required": False, "help_zh": "客人的姓名"})
    settle(window)
    assert view.message.text() == ""
    assert view.grid.item(1, 4).text() == "No"

    # a kind change refused names the values that do not convert
    view.change_kind("visit", "visitor", "number")
    settle(window)
    assert "刘先生" in view.message.text()


def test_a_customer_type_is_a_tab_of_the_customers_story(login, db_path, qtbot,  # type: ignore[no-untyped-def]
                                                        settle, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts
    from crmdesk.core.services import record_types as designer
    from crmdesk.core.services.registry import service_for
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD
    from tests.unit.test_record_types import POLICY

    cid = seed_customers(db_path, "staff1", [{"name": "张三"}])[0]
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            designer.create_type(s, accounts.login(s, "admin", PASSWORD), POLICY)
            service_for("policy").create(s, accounts.login(s, "staff1", PASSWORD),
                                         {"customer_id": cid, "number": "P-88",
                                          "insured_id": "11010519491231002X"})
    finally:
        db.close()
    window = login("staff1")
    window.open_document("record", ("customer", cid))
    detail = window.current_document()
    texts = [detail.tabs.tabText(i) for i in range(detail.tabs.count())]
    assert "Policy" in texts
    sheet = detail.designed[0]
    settle(window)
    qtbot.waitUntil(lambda: sheet.model.rowCount() == 1)
    column = [s.key for s in sheet.all_specs].index("number")
    assert sheet.model.data(sheet.model.index(0, column)) == "P-88"

    # found by the search box, opened in its form
    type_text(qtbot, window.search_box, "P-88")
    window.search_box.run_search()
    hits = [h for h in window.search_box.last_hits if h.kind == "policy"]
    assert len(hits) == 1
    window._open_hit(hits[0])
    form = window.current_document()
    settle(window)
    assert form.entity == "policy"
    qtbot.waitUntil(lambda: form.editors["number"].edit.text() == "P-88")
    assert form.editors["insured_id"].edit.text() == "**************002X"  # masked

    # and exported as the datasheet's records are
    from crmdesk.core.filters import ListQuery
    from crmdesk.exchange import exporter

    out = tmp_path / "policies.xlsx"
    exporter.export(window.workspace.db, window.workspace.actor,
                    exporter.ExportRequest("policy", ListQuery()), out)
    from openpyxl import load_workbook

    values = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "P-88" in values
