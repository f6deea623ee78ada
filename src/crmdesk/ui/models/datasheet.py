"""The datasheet's item model: ids of the current query, rows fetched as shown.

Like Anki's browser: the model holds only the ordered ids of the records that
match (a compact ``array('q')``: 8 MB for a million), fetches rows a page at a
time when the view asks for them, keeps a bounded cache of pages, and is
marked stale after writes.  Sorting and filtering run in SQL through the
record service, so they see exactly what the user may see.

A write does not send the user back to the top: :meth:`DatasheetModel.mark_stale`
drops the cached pages (the rows shown are read again at once) but keeps the id
list until its re-read arrives; a changed list then comes with a :class:`RowMap`
that says where each old row went, so the view keeps the current record, its
place on screen and the selection.
"""

from __future__ import annotations

import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from crmdesk.core import presentation
from crmdesk.core.fields import FieldSpec
from crmdesk.core.paging import PAGE
from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import Filter, ListQuery, RecordService
from crmdesk.core.services.registry import service_for
from crmdesk.ui import theme
from crmdesk.ui.workspace import Workspace

MAX_PAGES = 8_000 // PAGE  # pages of rows kept in memory: at most 8,000 rows
NEAR = 64  # a record a write moved is looked for this many rows around its old row first
KEEP_SELECTED = 10_000  # selected rows in the changed part of a list that a re-read keeps

_Index = QModelIndex | QPersistentModelIndex

log = logging.getLogger(__name__)


def display_value(spec: FieldSpec, row: dict[str, Any]) -> str:
    """A cell's text: :func:`crmdesk.core.presentation.field_text`, as every screen names it.

    Yes/no shows as a check box instead, and long text on one line.
    """
    if spec.kind == "bool":
        return ""
    text = presentation.field_text(spec, row, money_symbol=False)
    if spec.kind == "longtext":
        return text.replace("\n", " ")[:200]
    return text


def _agreeing(length: int, same: Callable[[int, int], bool]) -> int:
    """How many of the first *length* positions agree, where ``same(i, j)`` says whether
    positions ``i..j-1`` do: chunks that double in size, then halving inside the first
    chunk that differs (memoryview comparisons: C speed, no copies)."""
    start, step = 0, 256
    while start < length:
        end = min(length, start + step)
        if not same(start, end):
            low, high = start, end  # the first difference is in low..high-1
            while high - low > 1:
                mid = (low + high) // 2
                if same(low, mid):
                    low = mid
                else:
                    high = mid
            return low
        start, step = end, min(step * 2, 1 << 16)
    return length


class RowMap:
    """Where the rows of an old id list are in a new one (the list re-read after a write).

    A write changes a list in one place or a few: the rows before the first difference
    (``head``) stay where they were, those after the last one move by the change of
    length, and only a record in between is looked for - near its old row first, then
    in the changed part only, with ``array.index`` (no Python list of ten million ids).
    """

    def __init__(self, old: array[int], new: array[int]) -> None:
        self.old, self.new = old, new
        mo, mn = memoryview(old), memoryview(new)
        lo, ln = len(old), len(new)
        self.head = _agreeing(min(lo, ln), lambda i, j: mo[i:j] == mn[i:j])
        tail = _agreeing(min(lo, ln) - self.head,
                         lambda i, j: mo[lo - j : lo - i] == mn[ln - j : ln - i])
        self.old_end, self.new_end = lo - tail, ln - tail  # the changed part ends here
        self.shift = ln - lo

    def row(self, old_row: int) -> int:
        """The new row of the record at *old_row*; -1 once it has left the list."""
        if old_row < self.head:
            return old_row
        if old_row >= self.old_end:
            return old_row + self.shift
        found = self._near(old_row)
        if found >= 0:
            return found
        try:
            return self.new.index(self.old[old_row], self.head, self.new_end)
        except ValueError:
            return -1

    def nearest(self, old_row: int) -> int:
        """:meth:`row`, or for a record that left the list its neighbour: the first of
        the records after it that is still there and not far, else the row now in its
        place (the last row for the last one); -1 for an empty list."""
        row = self.row(old_row)
        if row >= 0:
            return row
        for after in range(old_row + 1, min(old_row + 1 + NEAR, len(self.old))):
            if after >= self.old_end:
                return after + self.shift
            row = self._near(after)
            if row >= 0:
                return row
        return min(old_row, len(self.new) - 1)

    def _near(self, old_row: int) -> int:
        reach = min(abs(self.shift), 100_000) + NEAR
        start = max(self.head, old_row - reach)
        stop = min(self.new_end, old_row + reach + 1)
        if start < stop:
            try:
                return self.new.index(self.old[old_row], start, stop)
            except ValueError:
                pass
        return -1

    def spans(self, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Row ranges (top, bottom) of the old list as ranges of the new one, merged:
        the records still in the list.  Of the selected rows in the changed part the
        first :data:`KEEP_SELECTED` are looked for, except that a range over all of a
        longer changed part stays one range (Ctrl+A keeps everything selected)."""
        kept: list[tuple[int, int]] = []
        moved: list[int] = []  # old rows in the changed part
        for top, bottom in spans:
            if top < self.head:
                kept.append((top, min(bottom, self.head - 1)))
            if bottom >= self.old_end:
                kept.append((max(top, self.old_end) + self.shift, bottom + self.shift))
            first, last = max(top, self.head), min(bottom, self.old_end - 1)
            if last - first + 1 > KEEP_SELECTED and (first, last) == (self.head, self.old_end - 1):
                if self.head < self.new_end:  # all of a long changed part: all of it still
                    kept.append((self.head, self.new_end - 1))
            elif first <= last:
                moved.extend(range(first, min(last + 1, first + KEEP_SELECTED - len(moved))))
        rows = sorted(self._rows(moved))
        for row in rows:
            kept.append((row, row))
        merged: list[tuple[int, int]] = []
        for top, bottom in sorted(kept):
            if merged and top <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(bottom, merged[-1][1]))
            else:
                merged.append((top, bottom))
        return merged

    def _rows(self, old_rows: list[int]) -> list[int]:
        """The new rows of records in the changed part that are still in the list: each
        looked for near its old row, unless one pass over the changed part is cheaper."""
        found: list[int] = []
        far: set[int] = set()
        reach = min(abs(self.shift), 100_000) + NEAR
        if len(old_rows) * 2 * reach < self.new_end - self.head:
            for old_row in old_rows:
                row = self._near(old_row)
                if row >= 0:
                    found.append(row)
                else:
                    far.add(self.old[old_row])
        else:
            far = {self.old[old_row] for old_row in old_rows}
        if len(far) <= 8:  # a few: one C scan of the changed part each
            for record in far:
                try:
                    found.append(self.new.index(record, self.head, self.new_end))
                except ValueError:
                    pass
        elif far:  # many (a deleted selection): one pass over the changed part
            left = len(far)
            for row, record in enumerate(memoryview(self.new)[self.head : self.new_end],
                                         self.head):
                if record in far:
                    found.append(row)
                    left -= 1
                    if not left:
                        break
        return found


class DatasheetModel(QAbstractTableModel):
    """Rows of one record type for one user, lazily."""

    #: the number of matching records changed
    count_changed = Signal(int)
    #: the full id list could not be read (the exception): the rows read so far stay
    read_failed = Signal(object)

    def __init__(self, workspace: Workspace, entity: str, columns: Sequence[FieldSpec],
                 base_filters: Sequence[Filter] = ()) -> None:
        super().__init__()
        self.workspace = workspace
        self.entity = entity
        self.service: RecordService[Any] = service_for(entity)
        self.columns = list(columns)
        self.base_filters = list(base_filters)
        self.filters: list[Filter] = []
        self.text = ""
        self.sort_key: str | None = None
        self.sort_desc = False
        self.deleted = False
        self.ids: array[int] = array("q")
        self.pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self.fetches = 0  # pages fetched (benchmarks and tests read this)
        self.loading = False  # the full id list is being read (first time or after a write)
        self.partial = False  # the ids held are the first page only: the count is "N+"
        #: while the model resets for a re-read list: where the old rows went (else None)
        self.moves: RowMap | None = None
        self.generation = 0
        #: [the generation whose full id list is wanted]: what a reader thread asks between
        #: slices; 0 once the model is gone (a closed datasheet stops its read at once,
        #: and closing the window does not wait for ten million ids)
        self._wanted = [0]
        wanted = self._wanted
        self.destroyed.connect(lambda *_args: wanted.__setitem__(0, 0))

    # -- queries -----------------------------------------------------------------------
    def query(self) -> ListQuery:
        # newest first until the user sorts by a column
        sort = [(self.sort_key, self.sort_desc)] if self.sort_key else [("id", True)]
        return ListQuery(filters=[*self.base_filters, *self.filters], text=self.text or None,
                         sort=sort, deleted=self.deleted)

    def reload(self) -> None:
        """Run the query again (a new query: the list starts at its top).

        The first page comes at once (a LIMIT query the indexes answer in
        milliseconds); the full id list - up to a million ids, a second or two -
        is read in the background and appended when it arrives.
        """
        generation = self._next_generation()
        actor = self.workspace.actor
        query = self.query()
        first = self.workspace.read(lambda s: self.service.ids(s, actor, query, limit=PAGE + 1))
        complete = len(first) <= PAGE
        self.beginResetModel()
        self.ids = array("q", first if complete else first[:PAGE])
        self.pages.clear()
        self.loading = self.partial = not complete
        self.endResetModel()
        self.count_changed.emit(len(self.ids))
        if not complete:
            self._read_all_later(generation, actor, query)

    def mark_stale(self) -> None:
        """After a write: the set of ids, their order and the rows may have changed.

        The rows shown are read again at once (the page cache is dropped), but the id
        list stays as it is - no reset, so the current row, the selection and the
        scroll position stay - until the list is read again: at once when it is short
        (one page), else in the background like :meth:`reload`'s (a newer query or
        write overtakes it).  The new list then replaces the old one
        (:meth:`_replace`)."""
        generation = self._next_generation()
        self.pages.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.ids) - 1, len(self.columns) - 1))
        actor = self.workspace.actor
        query = self.query()
        if not self.partial and len(self.ids) <= PAGE:
            first = self.workspace.read(
                lambda s: self.service.ids(s, actor, query, limit=PAGE + 1))
            if len(first) <= PAGE:
                self._replace(array("q", first))
                return
        self.loading = True
        self._read_all_later(generation, actor, query)

    def _next_generation(self) -> int:
        """A new query or re-read: a full id read still running stops at its next slice."""
        self.generation += 1
        self._wanted[0] = self.generation
        return self.generation

    def stop_reading(self) -> None:
        """The full id list is no longer wanted (the datasheet is closing)."""
        self._wanted[0] = 0

    def _read_all_later(self, generation: int, actor: Actor, query: ListQuery) -> None:
        """The full id list of *query*, read on a reader thread.  A read that a newer
        query (or closing the datasheet) has overtaken stops at its next slice (ten
        million ids are GBs of table to read), so typing in the quick filter never
        leaves reads piling up."""
        db, service, wanted = self.workspace.db, self.service, self._wanted

        def stale() -> bool:
            return wanted[0] != generation

        def work() -> array[int] | None:
            with db.session() as s:
                ids = service.id_array(s, actor, query, stop=stale)
            return None if stale() else ids

        self.workspace.read_later(self, work, lambda ids: self._loaded(generation, ids))

    def _loaded(self, generation: int, ids: array[int] | Exception | None) -> None:
        if ids is None or generation != self.generation:
            return  # a newer query or write has been issued meanwhile
        if isinstance(ids, Exception):  # the rows read so far stay
            log.warning("the %s list could not be read", self.entity, exc_info=ids)
            self.loading = False
            self.count_changed.emit(len(self.ids))
            self.read_failed.emit(ids)
            return
        self._replace(ids)

    def _replace(self, ids: array[int]) -> None:
        """The full id list (re-)read: the same list changes nothing (the rows were read
        again when the list was marked stale); the rest of a first page is appended;
        any other list replaces the old one in a reset during which :attr:`moves` says
        where the old rows went (the view puts back its current row, selection and
        scroll position)."""
        old = self.ids
        if ids == old:
            pass
        elif len(ids) > len(old) and memoryview(ids)[: len(old)] == memoryview(old):
            self.beginInsertRows(QModelIndex(), len(old), len(ids) - 1)
            self.ids = ids  # kept as read: no second copy of ten million ids
            self.endInsertRows()
        else:  # the data changed: records came, went or moved
            self.moves = RowMap(old, ids)
            try:
                self.beginResetModel()
                self.ids = ids
                self.pages.clear()
                self.endResetModel()
            finally:
                self.moves = None
        self.loading = self.partial = False
        self.count_changed.emit(len(self.ids))

    def set_quick_filter(self, text: str) -> None:
        self.text = text.strip()
        self.reload()

    def set_filters(self, filters: Sequence[Filter]) -> None:
        self.filters = list(filters)
        self.reload()

    def add_filter(self, flt: Filter) -> None:
        self.filters = [f for f in self.filters if f.field != flt.field] + [flt]
        self.reload()

    def clear_filters(self) -> None:
        self.filters = []
        self.text = ""
        self.reload()

    def set_state(self, filters: Sequence[Filter], text: str, sort_key: str | None,
                  sort_desc: bool) -> None:
        """Filters, quick filter and sort at once, one query (a saved view opened)."""
        self.filters = list(filters)
        self.text = text.strip()
        self.sort_key, self.sort_desc = sort_key, sort_desc
        self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or self.columns[column].key.startswith("cf."):
            return  # custom fields are shown, not sorted on
        self.sort_key = self.columns[column].key
        self.sort_desc = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- rows ------------------------------------------------------------------------------
    def record_id(self, row: int) -> int | None:
        return int(self.ids[row]) if 0 <= row < len(self.ids) else None

    def row_data(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < len(self.ids):
            return None
        page_no = row // PAGE
        page = self.pages.get(page_no)
        if page is None:
            page = self._fetch(page_no)
        else:
            self.pages.move_to_end(page_no)
        offset = row - page_no * PAGE
        return page[offset] if offset < len(page) else None

    def _fetch(self, page_no: int) -> list[dict[str, Any]]:
        start = page_no * PAGE
        wanted = list(self.ids[start : start + PAGE])
        actor = self.workspace.actor
        rows = self.workspace.read(lambda s: self.service.rows(s, actor, wanted))
        by_id = {r["id"]: r for r in rows}
        # a record deleted elsewhere since the ids were read shows as an empty row
        page = [by_id.get(i, {"id": i, "__gone": True}) for i in wanted]
        self.pages[page_no] = page
        self.fetches += 1
        while len(self.pages) > MAX_PAGES:
            self.pages.popitem(last=False)
        return page

    # -- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        spec = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.UserRole):
            row = self.row_data(index.row())
            if row is None:
                return None
            if role == Qt.ItemDataRole.UserRole:
                return row.get(spec.key)
            if row.get("__gone"):
                return None
            if role == Qt.ItemDataRole.CheckStateRole:
                if spec.kind != "bool":
                    return None
                return Qt.CheckState.Checked if row.get(spec.key) else Qt.CheckState.Unchecked
            text = display_value(spec, row)
            if role == Qt.ItemDataRole.ToolTipRole:
                return text if len(text) > 20 else None
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if spec.kind in ("money", "int"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            row = self.row_data(index.row())  # the service says which dates are overdue
            if row is not None and spec.key in row.get("__overdue", ()):
                return QBrush(QColor(theme.ERROR))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].translated if section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
