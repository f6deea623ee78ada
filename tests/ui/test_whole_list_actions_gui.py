"""A customer datasheet's actions on all the rows it shows, through the widgets, at small
scale: "Add all shown to campaign", "Set field on all shown" (from the context menu, or
with every row selected) and Export give the service the list's query and take the
number from the sheet; no list of all ids is built, and nothing is counted on the GUI
thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox
from sqlalchemy import event, select

from crmdesk.core.models import CampaignMember, Customer
from crmdesk.core.services.records import Filter, RecordService
from crmdesk.storage.database import open_database
from crmdesk.ui.views.campaign_detail import AddToCampaignDialog
from crmdesk.ui.views.datasheet import DatasheetView
from crmdesk.ui.views.datasheet_views import SetFieldDialog
from tests.ui.conftest import seed_customers

ROWS = [{"name": f"北京客户{i}", "city": "北京市"} for i in range(5)] + \
    [{"name": f"上海客户{i}", "city": "上海市"} for i in range(2)]


def _campaign(db_path: Any, name: str = "北京答谢会") -> int:
    from crmdesk.core.services import accounts
    from crmdesk.core.services.campaigns import campaigns
    from tests.conftest import PASSWORD

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            manager = accounts.login(s, "manager", PASSWORD)
            return int(campaigns.create(s, manager, {"name": name, "kind": "event",
                                                     "status": "active"}).id)
    finally:
        db.close()


def _members(db_path: Any, campaign_id: int) -> set[int]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            return set(s.execute(select(CampaignMember.customer_id).where(
                CampaignMember.campaign_id == campaign_id)).scalars())
    finally:
        db.close()


@pytest.fixture
def sheet(login, db_path) -> DatasheetView:  # type: ignore[no-untyped-def]
    seed_customers(db_path, "staff1", ROWS)
    seed_customers(db_path, "staff3", [{"name": "别组客户", "city": "北京市"}])
    window = login("staff1")
    window.open_entry("customers")
    view = window.current_document()
    assert isinstance(view, DatasheetView)
    view.model.add_filter(Filter("city", "eq", "北京市"))
    assert view.known_count() == 5
    view.window_ = window
    return view


@pytest.fixture
def no_id_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, the ids of a whole customer list are neither read nor gathered
    (the form's pickers still read the few products)."""
    real_ids, real_array = RecordService.ids, RecordService.id_array

    def guarded(real: Any) -> Any:
        def refuse(service: Any, *args: Any, **kwargs: Any) -> Any:
            if service.entity != "customer" or kwargs.get("limit") is not None:
                return real(service, *args, **kwargs)  # another list, or a first page
            raise AssertionError("the ids of the whole list were read")

        return refuse

    def no_gathering(_self: Any) -> list[int]:
        raise AssertionError("the ids of every row were gathered")

    monkeypatch.setattr(RecordService, "ids", guarded(real_ids))
    monkeypatch.setattr(RecordService, "id_array", guarded(real_array))
    monkeypatch.setattr(DatasheetView, "selected_ids", no_gathering)


@pytest.fixture
def by_query(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Customers join a campaign by the list's query only; the queries given."""
    from crmdesk.core.services.campaigns import campaigns

    given: list[Any] = []
    real = campaigns.add_shown

    def add_shown(session: Any, actor: Any, campaign_id: int, query: Any) -> int:
        given.append(query)
        return real(session, actor, campaign_id, query)

    def no_ids(*_args: Any) -> int:
        raise AssertionError("a whole list went to the campaign as its ids")

    monkeypatch.setattr(campaigns, "add_shown", add_shown)
    monkeypatch.setattr(campaigns, "add_members", no_ids)
    return given


@pytest.fixture
def gui_counts(sheet: DatasheetView) -> Any:
    """The count queries of a list run on the GUI thread while the test runs (not the
    Today screen's count of customers past their cadence, which it reads after a change
    on the GUI thread)."""
    seen: list[str] = []

    def listen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        text = statement.lower()
        if "count(" in text and " limit " not in text and "last_contact_at" not in text \
                and threading.current_thread() is threading.main_thread():
            seen.append(statement)

    engine = sheet.workspace.db.engine
    event.listen(engine, "before_cursor_execute", listen)
    yield seen
    event.remove(engine, "before_cursor_execute", listen)


def _action(sheet: DatasheetView, text: str, row: int = 0) -> Any:
    menu = sheet.cell_menu(sheet.model.index(row, 1))
    found = [a for a in menu.actions() if a.text().startswith(text)]
    assert len(found) == 1, [a.text() for a in menu.actions()]
    return found[0]


def _answer_campaign_dialog(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """AddToCampaignDialog answers OK (its first campaign); the sentences it showed."""
    said: list[str] = []

    def exec_(dialog: AddToCampaignDialog) -> int:
        said.extend(label.text() for label in dialog.findChildren(QLabel)
                    if label.text().startswith("Add "))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(AddToCampaignDialog, "exec", exec_)
    return said


def _told(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text, *a, **k: told.append(text))
    return told


def _shown_ids(sheet: DatasheetView) -> set[int]:
    return {int(i) for i in sheet.model.ids}


def test_add_all_shown_to_a_campaign_from_the_context_menu(sheet, db_path, settle,  # type: ignore[no-untyped-def]
                                                           monkeypatch, gui_counts,
                                                           no_id_lists, by_query) -> None:
    campaign_id = _campaign(db_path)
    expected = _shown_ids(sheet)
    said, told = _answer_campaign_dialog(monkeypatch), _told(monkeypatch)
    _action(sheet, "Add all 5 shown to campaign").trigger()
    settle(sheet.window_)
    assert said == ["Add 5 customers to:"]  # the sheet's own count
    assert _members(db_path, campaign_id) == expected  # not the other team's customer
    assert told == ["5 customers added (0 were members already)."]
    assert by_query == [sheet.model.query()]  # its filter, quick filter and sort
    assert not gui_counts


def test_every_row_selected_goes_to_the_campaign_as_the_query(sheet, db_path, settle,  # type: ignore[no-untyped-def]
                                                              monkeypatch, no_id_lists,
                                                              by_query) -> None:
    campaign_id = _campaign(db_path)
    expected = _shown_ids(sheet)
    said, told = _answer_campaign_dialog(monkeypatch), _told(monkeypatch)
    sheet.table.selectAll()
    assert sheet.selects_all()
    _action(sheet, "Add selected to campaign").trigger()
    settle(sheet.window_)
    assert said == ["Add 5 customers to:"]
    assert _members(db_path, campaign_id) == expected
    # again: all of them are members already
    _action(sheet, "Add all 5 shown to campaign").trigger()
    settle(sheet.window_)
    assert told[-1] == "0 customers added (5 were members already)."


def test_a_few_selected_rows_still_go_as_their_ids(sheet, db_path, settle,  # type: ignore[no-untyped-def]
                                                   monkeypatch) -> None:
    campaign_id = _campaign(db_path)
    said = _answer_campaign_dialog(monkeypatch)
    _told(monkeypatch)
    sheet.table.selectRow(1)
    assert not sheet.selects_all()
    chosen = sheet.selected_ids()
    _action(sheet, "Add selected to campaign", row=1).trigger()
    settle(sheet.window_)
    assert said == ["Add 1 customers to:"]
    assert _members(db_path, campaign_id) == set(chosen)


def test_a_list_still_being_read_is_counted_in_the_background(sheet, db_path, settle,  # type: ignore[no-untyped-def]
                                                              monkeypatch, gui_counts,
                                                              by_query) -> None:
    campaign_id = _campaign(db_path)
    said = _answer_campaign_dialog(monkeypatch)
    _told(monkeypatch)
    sheet.model.loading = True  # its full id list not read yet: the sheet does not know
    assert sheet.known_count() is None
    _action(sheet, "Add all shown to campaign").trigger()
    assert not said  # not yet: counting
    settle(sheet.window_)
    assert said == ["Add 5 customers to:"]
    assert len(_members(db_path, campaign_id)) == 5
    assert not gui_counts  # counted, but not on the GUI thread


def _set_intent(sheet: DatasheetView, qtbot: Any, value: str = "H") -> None:
    dialogs = [d for d in sheet.findChildren(SetFieldDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert dialog.count.text() == "This will change 5 records."
    dialog.field.setCurrentIndex(dialog.field.findData("intent_level"))
    assert dialog.editor is not None
    dialog.editor.set_value(value)
    dialog.accept()
    qtbot.waitUntil(lambda: sheet.last_mass_update is not None, timeout=5000)
    dialog.close()


def _levels(db_path: Any) -> dict[int, str | None]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            return dict(s.execute(select(Customer.id, Customer.intent_level)).all())
    finally:
        db.close()


def test_set_field_on_all_shown_from_the_context_menu(sheet, db_path, qtbot,  # type: ignore[no-untyped-def]
                                                      gui_counts, no_id_lists) -> None:
    expected = _shown_ids(sheet)
    _action(sheet, "Set field on all 5 shown").trigger()
    _set_intent(sheet, qtbot)
    result = sheet.last_mass_update
    assert (result.requested, result.changed, result.refused_count) == (5, 5, 0)
    levels = _levels(db_path)
    assert {i for i, level in levels.items() if level == "H"} == expected
    assert not gui_counts


def test_set_field_with_every_row_selected_uses_the_query(sheet, db_path, qtbot,  # type: ignore[no-untyped-def]
                                                          no_id_lists) -> None:
    expected = _shown_ids(sheet)
    sheet.table.selectAll()
    _action(sheet, "Set field on the selected records").trigger()
    _set_intent(sheet, qtbot, "A")
    assert sheet.last_mass_update.changed == 5
    assert {i for i, level in _levels(db_path).items() if level == "A"} == expected


def test_export_takes_the_sheets_count(sheet, tmp_path, monkeypatch, settle,  # type: ignore[no-untyped-def]
                                       gui_counts, no_id_lists) -> None:
    from tests.ui.test_export_gui import accept_with, save_as

    seen = accept_with(monkeypatch)
    save_as(monkeypatch, tmp_path / "all.xlsx")
    sheet.table.selectAll()  # the selection is not made a list only to be counted
    _action(sheet, "Export").trigger()
    settle(sheet.window_)
    dialog = seen[0]
    assert dialog.total == 5 and dialog.count == 5 and dialog.selected_count == 5
    assert "5 customers" in dialog.summary.text()
    assert not gui_counts  # the export counted again in its own job, off the GUI thread
    assert (tmp_path / "all.xlsx").exists()


def test_export_of_a_list_still_being_read_counts_in_the_background(  # type: ignore[no-untyped-def]
        sheet, qtbot, monkeypatch, gui_counts) -> None:
    from crmdesk.ui.dialogs.export_dialog import ExportDialog

    seen: list[ExportDialog] = []

    def exec_(dialog: ExportDialog) -> int:
        seen.append(dialog)
        assert "Counting the customers" in dialog.summary.text()
        qtbot.waitUntil(lambda: dialog.total is not None, timeout=5000)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    sheet.model.loading = True
    sheet.export_button.click()
    dialog = seen[0]
    assert dialog.total == 5 and dialog.count == 5 and "5 customers" in dialog.summary.text()
    assert not gui_counts
