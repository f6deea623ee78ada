"""A datasheet holds the ids of its whole list compactly: 8 bytes an id, so that ten
million customers stay within the window's memory budget."""

from __future__ import annotations

import sys
from array import array

from crmdesk.ui.models.datasheet import PAGE
from crmdesk.ui.views.datasheet import DatasheetView
from tests.ui.conftest import seed_customers


def test_the_full_id_list_arrives_as_a_compact_array(login, db_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    n = PAGE * 2 + 17  # more than the first page: the rest is read in the background
    made = seed_customers(db_path, "staff1", [{"name": f"客户{i:04d}"} for i in range(n)])
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView)
    qtbot.waitUntil(lambda: not sheet.model.loading, timeout=10_000)

    ids = sheet.model.ids
    assert sheet.model.rowCount() == n
    assert list(ids) == sorted(made, reverse=True)  # newest first, every one of them
    assert isinstance(ids, array) and ids.itemsize == 8
    assert sys.getsizeof(ids) < 9 * n + 200  # not a list of Python ints (~36 bytes an id)
