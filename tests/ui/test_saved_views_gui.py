"""Saved views and mass update in the window (issue 15, item 5): save a view, find it in
the navigation pane (also as a team member, when shared), open it with its filters,
sort and columns; set a field on three selected rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from crmdesk.core.filters import Filter
from crmdesk.ui.views.datasheet import DatasheetView
from tests.ui.conftest import seed_customers


def nav_items(window: Any) -> dict[str, Any]:
    """Navigation entries by text (their tree items)."""
    found = {}
    for top in range(window.nav.topLevelItemCount()):
        group = window.nav.topLevelItem(top)
        for row in range(group.childCount()):
            item = group.child(row)
            found[item.text(0).strip()] = item
    return found


def test_save_a_view_and_reopen_it_from_the_navigation_pane(login, db_path, qtbot,  # type: ignore[no-untyped-def]
                                                           settle) -> None:
    seed_customers(db_path, "staff1", [{"name": "北京甲", "city": "北京市"},
                                       {"name": "北京乙", "city": "北京市"},
                                       {"name": "上海丙", "city": "上海市"}])
    window = login("manager")
    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView)
    keys = [s.key for s in sheet.all_specs]
    sheet.model.add_filter(Filter("city", "eq", "北京市"))
    sheet.table.sortByColumn(keys.index("name"), Qt.SortOrder.DescendingOrder)
    sheet.set_column_visible(keys.index("city"), False)
    assert sheet.model.rowCount() == 2
    order = [sheet.model.row_data(r)["name"] for r in range(2)]

    dialog = sheet.save_view()
    assert dialog.shared.isVisibleTo(dialog)  # a manager may share
    dialog.name.setText("北京客户")
    dialog.shared.setChecked(True)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    settle(window)
    qtbot.waitUntil(lambda: "北京客户" in nav_items(window))

    # the plain sheet is cleared; the view brings its own state back
    sheet.clear_filters()
    assert sheet.model.rowCount() == 3
    window.nav.itemClicked.emit(nav_items(window)["北京客户"], 0)
    view = window.current_document()
    assert isinstance(view, DatasheetView) and view is not sheet
    assert view.title() == "北京客户"
    assert view.model.rowCount() == 2
    assert (view.model.sort_key, view.model.sort_desc) == ("name", True)
    assert [view.model.row_data(r)["name"] for r in range(2)] == order
    assert view.table.isColumnHidden(keys.index("city"))
    assert "北京市" in view.filter_label.text()

    # a member of the team finds it too, marked as the manager's
    member = login("staff2")
    shared = [t for t in nav_items(member) if t.startswith("北京客户")]
    assert shared == ["北京客户 (from 王经理)"]
    # (staff2 sees none of staff1's customers: the view's filters, not its rows, are shared)
    member.nav.itemClicked.emit(nav_items(member)[shared[0]], 0)
    assert member.current_document().model.rowCount() == 0


def test_a_name_left_empty_is_said_in_the_dialog(login, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    dialog = sheet.save_view()
    assert not dialog.shared.isVisibleTo(dialog)  # staff keep views private
    dialog.name.setText("  ")
    dialog.accept()
    settle(window)
    assert dialog.isVisible() and "type a name" in dialog.error.text()


def test_set_a_field_on_three_selected_rows(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.models import Customer
    from crmdesk.storage.database import open_database

    ids = seed_customers(db_path, "staff1", [{"name": f"客户{n}"} for n in range(5)])
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView)
    selection = sheet.table.selectionModel()
    selection.clearSelection()
    for row in range(3):
        selection.select(sheet.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    chosen = sheet.selected_ids()
    assert len(chosen) == 3

    dialog = sheet.set_field(all_shown=False)
    assert dialog is not None
    assert dialog.count.text() == "This will change 3 records."
    # staff may not give customers away: the owner is not offered
    assert dialog.field.findData("owner_id") == -1
    dialog.field.setCurrentIndex(dialog.field.findData("intent_level"))
    dialog.editor.set_value("H")
    dialog.accept()
    settle(window)
    qtbot.waitUntil(lambda: sheet.last_mass_update is not None)
    assert sheet.last_mass_update.changed == 3

    db = open_database(db_path)
    try:
        with db.session() as s:
            levels = dict(s.execute(select(Customer.id, Customer.intent_level)).all())
    finally:
        db.close()
    assert sorted(i for i in ids if levels[i] == "H") == sorted(chosen)
    # the sheet shows the new values
    column = [s.key for s in sheet.all_specs].index("intent_level")
    assert "H" in str(sheet.model.data(sheet.model.index(0, column)))

    # an invalid value is said in the dialog, nothing runs
    again = sheet.set_field(all_shown=True)
    assert again is not None and again.count.text() == "This will change 5 records."
    again.field.setCurrentIndex(again.field.findData("email"))
    again.editor.set_value("not an address")
    again.accept()
    assert again.isVisible() and again.error.text()


def _shared_view(db_path: Any, name: str) -> int:
    """A view the manager saved and shared with the team."""
    from crmdesk.core.services import accounts, saved_views
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            manager = accounts.login(s, "manager", PASSWORD)
            return int(saved_views.save(s, manager, "customer", name,
                                        saved_views.ViewQuery(text="北京"), shared=True).id)
    finally:
        db.close()


def _menu_actions(window: Any, key: str) -> dict[str, Any]:
    from PySide6.QtWidgets import QMenu

    menu = QMenu(window)
    window.nav_entries[key].menu(menu)
    return {a.text(): a for a in menu.actions() if a.text()}


def test_rename_unshare_and_delete_a_view_from_the_navigation_pane(  # type: ignore[no-untyped-def]
        login, db_path, qtbot, settle, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from crmdesk.core.services import saved_views

    view_id = _shared_view(db_path, "重点客户")
    window = login("manager")
    workspace = window.workspace
    actor = workspace.actor
    key = f"view:{view_id}"
    window.open_entry(key)
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView) and sheet.view_id == view_id

    actions = _menu_actions(window, key)
    assert {"Open", "Rename...", "Shared with my team", "Delete..."} <= set(actions)
    assert actions["Shared with my team"].isChecked()

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  大客户  ", True))
    actions["Rename..."].trigger()
    settle(window)
    qtbot.waitUntil(lambda: "大客户" in nav_items(window))
    assert sheet.title() == "大客户"  # the open tab follows

    _menu_actions(window, key)["Shared with my team"].toggle()
    settle(window)
    with workspace.db.session() as s:
        stored = saved_views.get(s, actor, view_id)
        assert (stored.name, stored.shared_team_id) == ("大客户", None)

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    _menu_actions(window, key)["Delete..."].trigger()
    settle(window)
    qtbot.waitUntil(lambda: "大客户" not in nav_items(window))
    assert sheet not in window.documents()
    with workspace.db.session() as s:
        assert saved_views.list_views(s, actor) == []


def test_a_view_shared_by_the_manager_cannot_be_changed_by_the_team(  # type: ignore[no-untyped-def]
        login, db_path) -> None:
    _shared_view(db_path, "团队视图")
    window = login("staff1")
    key = next(k for k in window.nav_entries if k.startswith("view:"))
    actions = _menu_actions(window, key)
    assert "Rename..." not in actions and "Delete..." not in actions
    assert not next(a for t, a in actions.items() if t.startswith("Shared by")).isEnabled()
