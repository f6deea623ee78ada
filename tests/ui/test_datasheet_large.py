"""What keeps a datasheet within bounds at ten million records (issue 12, item 5), shown
at small scale: the rows it holds are bounded whatever is scrolled, the count is the
length of the id list (no count query), a read of ids that a newer query (or closing
the datasheet) has overtaken stops within a slice, and the selection is read as row
ranges."""

from __future__ import annotations

from array import array

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from crmdesk.core.services import records
from crmdesk.ui.models import datasheet as model_module
from crmdesk.ui.views.datasheet import DatasheetView
from tests.statements import statements_of
from tests.ui.conftest import HeldReads, seed_customers

N = 65  # with pages of 10 rows: seven pages


@pytest.fixture
def sheet(login, db_path, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(model_module, "PAGE", 10)
    monkeypatch.setattr(model_module, "MAX_PAGES", 3)
    monkeypatch.setattr(records, "ID_SLICE", 10)
    seed_customers(db_path, "staff1", [{"name": f"客户{i:03d}"} for i in range(N)])
    window = login("staff1")
    window.open_entry("customers")
    view = window.current_document()
    assert isinstance(view, DatasheetView)
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)
    view.window_ = window
    return view


def test_scrolling_end_to_end_holds_at_most_max_pages_of_rows(sheet) -> None:  # type: ignore[no-untyped-def]
    model = sheet.model
    assert model.rowCount() == N
    for row in range(model.rowCount()):
        assert model.data(model.index(row, 1))  # every row shows
        assert len(model.pages) <= 3
        assert sum(len(p) for p in model.pages.values()) <= 3 * 10
    assert model.fetches == 7  # each page read once, in order
    assert isinstance(model.ids, array)  # the ids: 8 bytes each, not Python ints


def test_the_count_is_the_id_list_read_once(sheet, qtbot) -> None:  # type: ignore[no-untyped-def]
    with statements_of(sheet.workspace.db.engine) as sent:
        sheet.model.reload()
        qtbot.waitUntil(lambda: not sheet.model.loading, timeout=10_000)
    statements = [s.lower() for s in sent]
    assert sheet.model.rowCount() == N
    # no count of the list (permissions.for_lists may count a staff member's customers
    # on the owner index, up to a threshold: a LIMIT)
    assert not [s for s in statements if "count(" in s and " limit " not in s]
    full_reads = [s for s in statements if "from customers" in s and " limit " not in s
                  and "order by" in s]
    assert len(full_reads) == 1  # the first page (LIMIT) and one read of all the ids


def test_a_read_overtaken_by_a_newer_query_stops_at_once(sheet, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    held = HeldReads(sheet.model, monkeypatch, stoppable=True)
    sheet.model.reload()  # its read waits ...
    sheet.model.set_quick_filter("")  # ... while the user changes the query
    held.release.set()
    qtbot.waitUntil(lambda: len(held.read) == 2 and not sheet.model.loading, timeout=10_000)
    assert sorted(held.read) == [0, N]  # the overtaken read stopped before its first slice
    assert sheet.model.rowCount() == N


def test_closing_the_datasheet_stops_its_read(sheet, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = sheet.window_
    held = HeldReads(sheet.model, monkeypatch, stoppable=True)
    sheet.model.reload()
    assert window.close_tab(window.tabs.indexOf(sheet))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    held.release.set()
    qtbot.waitUntil(lambda: len(held.read) == 1, timeout=10_000)
    assert held.read == [0]


def test_the_selection_is_read_as_row_ranges(sheet) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    ids = list(sheet.model.ids)
    sheet.table.selectAll()
    assert sheet.selected_ids() == ids
    model, chosen = sheet.model, QItemSelection()
    last = model.columnCount() - 1
    for top, bottom in ((40, 42), (3, 5), (4, 6)):  # out of order and overlapping
        chosen.select(model.index(top, 0), model.index(bottom, last))
    sheet.table.selectionModel().select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert sheet.selected_ids() == ids[3:7] + ids[40:43]
