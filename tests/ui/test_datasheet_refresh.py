"""A write does not send the user back to the top of a long datasheet: after a save, a
delete or a write that moves records, the current record stays current and where it
was on screen, the selection stays on its records, and the rows shown show the new
values at once; the full id list is re-read in the background (issue: ten million
customers, the user editing row 4,000,000)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from crmdesk.core.services import records
from crmdesk.core.services.customers import customers
from crmdesk.ui.models import datasheet as model_module
from crmdesk.ui.views.datasheet import DatasheetView
from tests.conftest import PG_URL
from tests.ui.conftest import HeldReads, seed_customers

N = 2500  # with pages of 20 rows: 125 pages
FAR = 2000  # the current row, far below the first page


def _seed(path: Any) -> None:
    seed_customers(path, "staff1", [{"name": f"客户{i:04d}"} for i in range(N)])


@pytest.fixture(scope="module")
def seeded(template_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """The template with the customers, made once (seeding takes seconds) and copied."""
    if PG_URL:
        return None
    path = tmp_path_factory.mktemp("refresh") / "seeded.crmdb"
    shutil.copyfile(template_path, path)
    _seed(path)
    return path


@pytest.fixture
def sheet(login, db_path, seeded, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(model_module, "PAGE", 20)
    monkeypatch.setattr(model_module, "MAX_PAGES", 4)
    monkeypatch.setattr(records, "ID_SLICE", 100)
    if seeded is None:
        _seed(db_path)
    else:
        shutil.copyfile(seeded, db_path)
    window = login("staff1")
    window.resize(1000, 700)
    window.open_entry("customers")
    view = window.current_document()
    assert isinstance(view, DatasheetView)
    qtbot.waitUntil(lambda: not view.model.loading, timeout=10_000)
    assert view.model.rowCount() == N
    view.go_to_row(FAR)
    return view


def _name_column(view: DatasheetView) -> int:
    return next(c for c, spec in enumerate(view.all_specs) if spec.key == "name")


def _shown(view: DatasheetView, row: int) -> str:
    return str(view.model.data(view.model.index(row, _name_column(view))))


def _place(view: DatasheetView) -> int:
    """Where the current row is on screen (pixels from the top of the table)."""
    return view.table.rowViewportPosition(view.current_row())


def _write(view: DatasheetView, fn: Any) -> None:
    """A write through the service, announced as the window announces its own."""
    with view.workspace.db.transaction() as s:
        fn(s, view.workspace.actor)
    view.workspace.changed.emit("customer")


def _resets(view: DatasheetView) -> list[int]:
    seen: list[int] = []
    view.model.modelReset.connect(lambda: seen.append(1))
    return seen


def test_a_save_keeps_the_current_record_in_its_place_and_shows_the_new_value(
        sheet, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = sheet.model.record_id(FAR)
    place, scrolled = _place(sheet), sheet.table.verticalScrollBar().value()
    assert 0 < place < sheet.table.viewport().height() and scrolled > 0
    resets = _resets(sheet)

    _write(sheet, lambda s, actor: customers.update(s, actor, record, {"name": "改名客户"}))
    # at once, before the list is read again: the same row, the new value, nothing moved
    assert sheet.model.loading
    assert (sheet.current_row(), sheet.model.record_id(FAR)) == (FAR, record)
    assert _shown(sheet, FAR) == "改名客户"
    assert "+" not in sheet.navigator.of.text()  # the count as it was, not "at least"

    qtbot.waitUntil(lambda: not sheet.model.loading, timeout=10_000)
    assert resets == []  # the same ids: the rows were refreshed, the model not reset
    assert sheet.model.rowCount() == N
    assert (sheet.current_row(), sheet.model.record_id(FAR)) == (FAR, record)
    assert (_place(sheet), sheet.table.verticalScrollBar().value()) == (place, scrolled)
    assert _shown(sheet, FAR) == "改名客户"
    assert sheet.navigator.of.text() == f"of {N:,}"
    assert sheet.status_text() == f"Record {FAR + 1:,} of {N:,}"


def test_deleting_the_current_record_moves_to_its_neighbour(sheet, qtbot) -> None:  # type: ignore[no-untyped-def]
    record, neighbour = sheet.model.record_id(FAR), sheet.model.record_id(FAR + 1)
    place, scrolled = _place(sheet), sheet.table.verticalScrollBar().value()

    _write(sheet, lambda s, actor: customers.delete(s, actor, record))
    qtbot.waitUntil(lambda: not sheet.model.loading, timeout=10_000)

    assert sheet.model.rowCount() == N - 1
    assert record not in sheet.model.ids
    assert (sheet.current_row(), sheet.model.record_id(FAR)) == (FAR, neighbour)
    assert (_place(sheet), sheet.table.verticalScrollBar().value()) == (place, scrolled)
    assert sheet.selected_ids() == [neighbour]
    assert sheet.navigator.of.text() == f"of {N - 1:,}"


def test_a_write_that_reorders_puts_the_current_record_at_its_new_row(sheet, qtbot) -> None:  # type: ignore[no-untyped-def]
    sheet.table.sortByColumn(_name_column(sheet), model_module.Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not sheet.model.loading, timeout=10_000)
    sheet.go_to_row(FAR)
    record = sheet.model.record_id(FAR)
    assert _shown(sheet, FAR) == f"客户{FAR:04d}"
    place, scrolled = _place(sheet), sheet.table.verticalScrollBar().value()

    # renamed to sort 150 rows further down: it moves there, and the view with it
    _write(sheet, lambda s, actor: customers.update(
        s, actor, record, {"name": f"客户{FAR + 150:04d}b"}))
    qtbot.waitUntil(lambda: not sheet.model.loading, timeout=10_000)
    row = sheet.model.ids.index(record)
    assert row == FAR + 150
    assert (sheet.current_row(), sheet.model.record_id(sheet.current_row())) == (row, record)
    assert _shown(sheet, FAR) == f"客户{FAR + 1:04d}"  # the rows below moved up by one
    assert _place(sheet) == place
    assert sheet.table.verticalScrollBar().value() == scrolled + 150
    assert sheet.selected_ids() == [record]

    # renamed to sort first: it goes to the top, and is shown there
    _write(sheet, lambda s, actor: customers.update(s, actor, record, {"name": "客户"}))
    qtbot.waitUntil(lambda: not sheet.model.loading, timeout=10_000)
    assert (sheet.current_row(), sheet.model.record_id(0)) == (0, record)
    assert sheet.table.verticalScrollBar().value() == 0
    assert _shown(sheet, 0) == "客户"


def test_the_selection_stays_on_its_records(sheet, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    model, chosen = sheet.model, QItemSelection()
    last = model.columnCount() - 1
    for top, bottom in ((5, 6), (FAR - 2, FAR + 2)):
        chosen.select(model.index(top, 0), model.index(bottom, last))
    sheet.table.selectionModel().select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    selected = sheet.selected_ids()
    assert len(selected) == 7
    gone = selected[3]  # row FAR - 1

    _write(sheet, lambda s, actor: customers.delete(s, actor, gone))
    # a new customer comes first in the list (newest first): every row moves down by one
    _write(sheet, lambda s, actor: customers.create(s, actor, {"name": "新客户"}))
    qtbot.waitUntil(lambda: not model.loading, timeout=10_000)

    assert model.rowCount() == N
    assert sheet.selected_ids() == [i for i in selected if i != gone]
    # the current record (the row under the deleted one) stays current, at the same row
    assert sheet.current_row() == FAR and model.record_id(FAR) == selected[4]
    assert model.record_id(0) not in selected and model.record_id(6) == selected[0]


def test_a_write_during_a_quick_filter_read_leaves_one_read(sheet, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    held = HeldReads(sheet.model, monkeypatch)
    sheet.model.set_quick_filter("客户")  # the first page at once, the rest is read ...
    assert sheet.model.partial and sheet.model.rowCount() == 20
    first = sheet.model.record_id(0)
    _write(sheet, lambda s, actor: customers.delete(s, actor, first))  # ... when a write comes
    assert sheet.model.rowCount() == 20  # the first page stays until the list arrives
    held.release.set()
    qtbot.waitUntil(lambda: len(held.read) == 2 and not sheet.model.loading, timeout=10_000)
    assert sorted(held.read) == [0, N - 1]  # the overtaken read stopped before its first slice
    assert sheet.model.rowCount() == N - 1 and not sheet.model.partial
    assert first not in sheet.model.ids
    assert sheet.navigator.of.text() == f"of {N - 1:,}"


def test_a_short_list_is_read_again_at_once(login, db_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    made = seed_customers(db_path, "staff1", [{"name": f"客户{i}"} for i in range(5)])
    window = login("staff1")
    window.open_entry("customers")
    view = window.current_document()
    assert isinstance(view, DatasheetView)
    view.go_to_row(3)
    record = view.model.record_id(3)
    _write(view, lambda s, actor: customers.delete(s, actor, made[-1]))  # the first row
    assert not view.model.loading and view.model.rowCount() == 4
    assert (view.current_row(), view.model.record_id(2)) == (2, record)
