"""The datasheet's item model: ids of the current query, rows fetched as shown.

Like Anki's browser: the model holds only the ordered ids of the records that
match (a compact ``array('q')``: 8 MB for a million), fetches rows a page at a
time when the view asks for them, keeps a bounded cache of pages, and is
marked stale after writes.  Sorting and filtering run in SQL through the
record service, so they see exactly what the user may see.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from crmdesk.core import presentation
from crmdesk.core.fields import FieldSpec
from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import Filter, ListQuery, RecordService
from crmdesk.core.services.registry import service_for
from crmdesk.ui import theme
from crmdesk.ui.workspace import Workspace

PAGE = 200
MAX_PAGES = 40  # at most 8,000 rows in memory

_Index = QModelIndex | QPersistentModelIndex


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


class DatasheetModel(QAbstractTableModel):
    """Rows of one record type for one user, lazily."""

    #: the number of matching records changed
    count_changed = Signal(int)
    #: (generation, ids): the full id list arrived from the background reader
    _ids_loaded = Signal(int, object)

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
        self.loading = False  # the full id list is still being read
        self.generation = 0
        #: [the generation whose full id list is wanted]: what a reader thread asks between
        #: slices; 0 once the model is gone (a closed datasheet stops its read at once,
        #: and closing the window does not wait for ten million ids)
        self._wanted = [0]
        wanted = self._wanted
        self.destroyed.connect(lambda *_args: wanted.__setitem__(0, 0))
        self._ids_loaded.connect(self._loaded, Qt.ConnectionType.QueuedConnection)

    # -- queries -----------------------------------------------------------------------
    def query(self) -> ListQuery:
        # newest first until the user sorts by a column
        sort = [(self.sort_key, self.sort_desc)] if self.sort_key else [("id", True)]
        return ListQuery(filters=[*self.base_filters, *self.filters], text=self.text or None,
                         sort=sort, deleted=self.deleted)

    def reload(self) -> None:
        """Run the query again.

        The first page comes at once (a LIMIT query the indexes answer in
        milliseconds); the full id list - up to a million ids, a second or two -
        is read in the background and appended when it arrives.
        """
        self.generation += 1
        generation = self._wanted[0] = self.generation
        actor = self.workspace.actor
        query = self.query()
        first = self.workspace.read(lambda s: self.service.ids(s, actor, query, limit=PAGE + 1))
        complete = len(first) <= PAGE
        self.beginResetModel()
        self.ids = array("q", first if complete else first[:PAGE])
        self.pages.clear()
        self.loading = not complete
        self.endResetModel()
        if complete:
            self.count_changed.emit(len(self.ids))
            return
        self.count_changed.emit(len(self.ids))

        self.workspace.run_read(lambda: self._read_all(generation, actor, query))

    def stop_reading(self) -> None:
        """The full id list is no longer wanted (the datasheet is closing)."""
        self._wanted[0] = 0

    def _read_all(self, generation: int, actor: Actor, query: ListQuery) -> None:
        """On a reader thread: the full id list of *query*.  A read that a newer
        query (or closing the datasheet) has overtaken stops at its next slice (ten
        million ids are GBs of table to read), so typing in the quick filter never
        leaves reads piling up."""
        wanted = self._wanted

        def stale() -> bool:
            return wanted[0] != generation

        with self.workspace.db.session() as s:
            ids = self.service.id_array(s, actor, query, stop=stale)
        if stale():
            return
        try:
            self._ids_loaded.emit(generation, ids)
        except RuntimeError:  # the view was closed meanwhile
            pass

    def _loaded(self, generation: int, ids: array[int]) -> None:
        if generation != self.generation:
            return  # a newer query has been issued meanwhile
        shown = len(self.ids)
        if self.ids == ids[:shown]:
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self.ids = ids  # kept as read: no second copy of ten million ids
                self.endInsertRows()
        else:  # the data changed between the two reads
            self.beginResetModel()
            self.ids = ids
            self.pages.clear()
            self.endResetModel()
        self.loading = False
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

    def mark_stale(self) -> None:
        """After a write: the set of ids and the rows may have changed."""
        self.reload()

    # -- rows ------------------------------------------------------------------------------
    def record_id(self, row: int) -> int | None:
        return int(self.ids[row]) if 0 <= row < len(self.ids) else None

    def row_of(self, record_id: int) -> int:
        try:
            return self.ids.index(record_id)
        except ValueError:
            return -1

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
