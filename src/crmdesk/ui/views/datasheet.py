"""The datasheet view of any record type, Access-style.

A quick filter, filter by selection, per-column filters, sortable and movable
columns that can be hidden, and a record navigator at the bottom
(``|◀ ◀ Record 12 of 1,000,000 ▶ ▶|``).  Double-click or Enter opens the form;
Delete asks and moves the records to the recycle bin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QIcon, QIntValidator, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import CHOICES, FieldSpec, choice_label, entity_label, fields_of
from crmdesk.core.services import custom_fields
from crmdesk.core.services.records import Filter
from crmdesk.core.session import Session
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.models.datasheet import DatasheetModel, RowMap
from crmdesk.ui.views.document import Document
from crmdesk.ui.views.record_form import ENTITY_ICONS
from crmdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from crmdesk.ui.operations import Operation

translate = QCoreApplication.translate

def entity_plural(entity: str) -> str:
    names = {
        "customer": translate("Datasheet", "Customers"),
        "contact": translate("Datasheet", "Contacts"),
        "interaction": translate("Datasheet", "Interactions"),
        "opportunity": translate("Datasheet", "Opportunities"),
        "product": translate("Datasheet", "Products"),
        "order": translate("Datasheet", "Orders"),
        "quote": translate("Datasheet", "Quotes"),
        "invoice": translate("Datasheet", "Invoices"),
        "payment": translate("Datasheet", "Payments"),
        "ticket": translate("Datasheet", "Service tickets"),
        "task": translate("Datasheet", "Tasks"),
        "campaign": translate("Datasheet", "Campaigns"),
        "supplier": translate("Datasheet", "Suppliers"),
        "purchase_order": translate("Datasheet", "Purchase orders"),
    }
    return names.get(entity, entity_label(entity))


OPS = [("eq", QT_TRANSLATE_NOOP("Datasheet", "equals")),
       ("ne", QT_TRANSLATE_NOOP("Datasheet", "does not equal")),
       ("contains", QT_TRANSLATE_NOOP("Datasheet", "contains")),
       ("startswith", QT_TRANSLATE_NOOP("Datasheet", "starts with")),
       ("ge", QT_TRANSLATE_NOOP("Datasheet", "is at least")),
       ("le", QT_TRANSLATE_NOOP("Datasheet", "is at most")),
       ("null", QT_TRANSLATE_NOOP("Datasheet", "is empty")),
       ("notnull", QT_TRANSLATE_NOOP("Datasheet", "is not empty"))]


class ColumnFilterDialog(QDialog):
    """Filter one column: an operator and a value (a list for choice columns)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None,
                 current: Filter | None = None,
                 check: Callable[[Filter], Filter] | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        # reads what was typed as the command line does (crmdesk.core.filters): the typed
        # filter, or ValidationError shown under the value
        self.check = check
        self.typed: Filter | None = None
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.setWindowTitle(self.tr("Filter: {column}").format(column=spec.translated))
        self.op = QComboBox()
        ops = OPS
        if spec.kind in ("choice", "bool", "user", "stage", "status"):
            ops = [o for o in OPS if o[0] in ("eq", "ne", "null", "notnull")]
        for key, text in ops:
            self.op.addItem(translate("Datasheet", text), key)
        self.value: QWidget
        if spec.kind == "choice" and spec.choices:
            combo = QComboBox()
            for key in CHOICES[spec.choices]:
                combo.addItem(choice_label(spec.choices, key), key)
            self.value = combo
        elif spec.kind == "bool":
            combo = QComboBox()
            combo.addItem(self.tr("Yes"), True)
            combo.addItem(self.tr("No"), False)
            self.value = combo
        else:
            self.value = QLineEdit()
            hint = {"date": "2024-05-01", "datetime": "2024-05-01", "money": "1000.00"}
            self.value.setPlaceholderText(hint.get(spec.kind, ""))
        if current is not None:
            self.op.setCurrentIndex(max(0, self.op.findData(current.op)))
            if isinstance(self.value, QLineEdit) and current.value is not None:
                self.value.setText(str(current.value))
        self.op.currentIndexChanged.connect(self._op_changed)
        form = QFormLayout()
        form.addRow(self.tr("Condition:"), self.op)
        form.addRow(self.tr("Value:"), self.value)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._op_changed()

    def _op_changed(self) -> None:
        self.value.setEnabled(self.op.currentData() not in ("null", "notnull"))

    def result_filter(self) -> Filter:
        """The filter as entered: the value as typed (text) or chosen (a combo box)."""
        op = self.op.currentData()
        if op in ("null", "notnull"):
            return Filter(self.spec.key, op)
        if isinstance(self.value, QComboBox):
            return Filter(self.spec.key, op, self.value.currentData())
        assert isinstance(self.value, QLineEdit)
        return Filter(self.spec.key, op, self.value.text().strip())

    def accept(self) -> None:
        from crmdesk.errors import ValidationError

        flt = self.result_filter()
        try:
            self.typed = self.check(flt) if self.check is not None else flt
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.value.setFocus()
            return
        super().accept()


class DatasheetView(Document):
    """A table of one record type with Access's datasheet conveniences."""

    def __init__(self, workspace: Workspace, entity: str, *,
                 base_filters: list[Filter] | None = None, title: str | None = None,
                 parent: QWidget | None = None, compact: bool = False,
                 view_id: int | None = None) -> None:
        super().__init__(workspace, parent)
        self.entity = entity
        self.key = f"datasheet:{entity}" if not base_filters else ""
        # a saved view (ui/views/datasheet_views.py): its own tab, its own columns
        self.view_id, self.view_name, self.view_shared = view_id, "", False
        self.last_mass_update: Any = None
        if view_id is not None:
            self.key = f"datasheet:{entity}:view:{view_id}"
        self._title = title or entity_plural(entity)
        self.compact = compact
        self.all_specs = [s for s in fields_of(entity) if not s.sensitive]
        # custom fields: shown, not sorted or filtered on (cf.KEY)
        self.all_specs += workspace.read(lambda s: custom_fields.list_specs(s, entity))
        self._filter_texts: dict[str, str] = {}  # field -> the value as the user typed it
        self.model = DatasheetModel(workspace, entity, self.all_specs, base_filters or [])
        model = self.model  # a closed datasheet stops reading its id list
        self.destroyed.connect(lambda *_args: model.stop_reading())

        self.quick = QLineEdit()
        self.quick.setClearButtonEnabled(True)
        self.quick.setPlaceholderText(
            self.tr("Filter: name, phone, pinyin ...") if entity in ("customer", "contact")
            else self.tr("Filter: type a word of the record ..."))
        self.quick.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._quick_timer = QTimer(self)
        self._quick_timer.setSingleShot(True)
        self._quick_timer.setInterval(250)
        self._quick_timer.timeout.connect(lambda: self.model.set_quick_filter(self.quick.text()))
        self.quick.textChanged.connect(lambda _t: self._quick_timer.start())

        what = entity_label(entity)
        self.new_button = self._tool(
            "plus", translate("DatasheetView", "New {what} (Ctrl+N)").format(what=what)
            if not compact else translate("DatasheetView", "New {what}").format(what=what),
            self.new_record)
        self.new_button.setText(translate("DatasheetView", "New {what}").format(what=what))
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.by_selection = self._tool("funnel", self.tr("Filter by selection"),
                                       self.filter_by_selection)
        self.clear_button = self._tool("funnel-x", self.tr("Remove all filters"),
                                       self.clear_filters)
        self.columns_button = self._tool("columns-3", self.tr("Show or hide columns"),
                                         self.choose_columns)
        self.refresh_button = self._tool("refresh-cw", self.tr("Refresh"), self.refresh)
        self.delete_button = self._tool("trash-2", self.tr("Delete (Del)"),
                                        self.delete_selected)
        self.save_view_button = self._tool("save", self.tr("Save view ..."), self.save_view)
        self.set_field_button = self._tool("pencil", self.tr("Set field on the selected "
                                                             "records ..."),
                                           lambda: self.set_field(all_shown=False))
        self.filter_label = QLabel()
        self.filter_label.setProperty("role", "hint")
        # import and export (ui/dialogs/import_wizard.py, export_dialog.py)
        from crmdesk.ui.dialogs import export_dialog, import_wizard

        self.import_button = None if base_filters else import_wizard.datasheet_button(
            workspace, entity, self)
        self.export_button = export_dialog.datasheet_button(self)

        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 8, 4)
        top.addWidget(self.new_button)
        top.addWidget(self.quick, 1)
        top.addWidget(self.by_selection)
        top.addWidget(self.clear_button)
        top.addWidget(self.filter_label)
        top.addStretch()
        if self.import_button is not None:
            top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        top.addWidget(self.set_field_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.columns_button)
        if not base_filters:
            top.addWidget(self.save_view_button)
        else:
            self.save_view_button.hide()
        top.addWidget(self.refresh_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setMinimumWidth(40)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._cell_menu)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        for col, spec in enumerate(self.all_specs):
            self.table.setColumnWidth(col, spec.width)
            self.table.setColumnHidden(col, not spec.in_list)

        self.navigator = Navigator(self)
        self.navigator.move_to.connect(self.go_to_row)
        self.navigator.new_record.connect(self.new_record)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.navigator)

        open_action = QAction(self)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(lambda: self.open_row(self.current_row()))
        self.table.addAction(open_action)
        delete_action = QAction(self)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(delete_action)

        self._kept: _Kept | None = None  # what a re-read list puts back (_before_reset)
        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)
        # bound methods, not lambdas: Qt drops these connections when the sheet is
        # deleted, while a count from the background can still arrive
        self.model.count_changed.connect(self._count_changed)
        self.model.read_failed.connect(self._read_failed)
        self.table.selectionModel().currentRowChanged.connect(self._count_changed)
        workspace.changed.connect(self._changed)
        self._restore_header()
        header.sectionMoved.connect(lambda *_: self._save_header())
        header.sectionResized.connect(lambda *_: self._save_header())
        if view_id is not None:
            from crmdesk.ui.views.datasheet_views import apply_view

            apply_view(self, view_id)
        else:
            self.model.reload()

    # -- helpers -------------------------------------------------------------------------
    def _tool(self, name: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon(name))
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def title(self) -> str:
        return self._title

    def icon(self) -> QIcon:
        return icon(ENTITY_ICONS.get(self.entity, "file-text"))

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _selected_spans(self) -> list[tuple[int, int]]:
        """The selected rows as sorted, non-overlapping (top, bottom) ranges (else the
        current row): Ctrl+A on ten million rows is one range, where ``selectedRows()``
        would build ten million index objects."""
        selection = self.table.selectionModel().selection()
        spans = sorted((selection.at(i).top(), selection.at(i).bottom())
                       for i in range(selection.count()))
        if not spans and self.current_row() >= 0:
            spans = [(self.current_row(), self.current_row())]
        merged: list[tuple[int, int]] = []
        for top, bottom in spans:
            if merged and top <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
            else:
                merged.append((top, bottom))
        return merged

    def selected_ids(self) -> list[int]:
        """The ids of the selected rows in list order (else of the current row), read
        from the selection's row ranges."""
        ids, chosen = self.model.ids, list[int]()
        for top, bottom in self._selected_spans():
            chosen.extend(ids[top : bottom + 1])
        return chosen

    def selected_count(self) -> int:
        """How many rows are selected (else 1 for the current row), from the ranges."""
        return sum(bottom - top + 1 for top, bottom in self._selected_spans())

    def known_count(self) -> int | None:
        """How many records the list shows when the sheet knows it (the length of its id
        list, read in full); None while that list is being read."""
        return None if self.model.loading else self.model.rowCount()

    def selects_all(self) -> bool:
        """Whether every row of the whole list is selected (Ctrl+A): an action on the
        selection then works on the list's query, not on a list of its ids."""
        rows = self.known_count()
        return rows is not None and rows > 0 and self._selected_spans() == [(0, rows - 1)]

    def with_count(self, then: Callable[[int], None]) -> Operation | None:
        """*then(n)* with how many records the list shows: at once when the sheet knows
        (:meth:`known_count`), else after a count query in the background (the window
        never waits on counting ten million records).  Returns that operation, if any."""
        known = self.known_count()
        if known is not None:
            then(known)
            return None
        service, actor, query = self.model.service, self.workspace.actor, self.model.query()
        return self.workspace.op(
            self, lambda s, _job: service.count(s, actor, query), write=False,
            label=self.tr("Counting the records ...")).success(then).run()

    def _header_key(self) -> str:
        return f"ui/datasheet/{self.entity}/header"

    def _restore_header(self) -> None:
        from crmdesk.config import AppSettings

        if self.view_id is not None:  # a saved view brings its own columns
            return
        state = AppSettings().qsettings().value(self._header_key())
        if isinstance(state, QByteArray | bytes) and state:
            self.table.horizontalHeader().restoreState(QByteArray(state))

    def _save_header(self) -> None:
        from crmdesk.config import AppSettings

        if self.compact or self.view_id is not None:  # columns of its own
            return
        AppSettings().qsettings().setValue(self._header_key(),
                                           self.table.horizontalHeader().saveState())

    # -- status ----------------------------------------------------------------------------
    def status_text(self) -> str:
        total = self.model.rowCount()
        row = self.current_row()
        shown = f"{total:,}+" if self.model.partial else f"{total:,}"
        return self.tr("Record {n} of {total}").format(
            n=f"{row + 1:,}" if row >= 0 else "-", total=shown)

    def _read_failed(self, exc: Exception) -> None:
        """The full list could not be read (the rows read so far stay): say why."""
        if not self.workspace.handle_session_error(exc, self):
            show_error(self, exc)

    def _count_changed(self, *_args: object) -> None:
        self._update_status()

    def _update_status(self) -> None:
        self.navigator.update_position(self.current_row(), self.model.rowCount(),
                                       bool(self.model.filters or self.model.text),
                                       self.model.partial)
        filters = [f"{self._column_label(f.field)} {self._op_label(f.op)} "
                   f"{self._filter_texts.get(f.field, f.value if f.value is not None else '')}"
                   .strip() for f in self.model.filters]
        self.filter_label.setText("  ·  ".join(filters))
        self.status_changed.emit(self.status_text())

    def _column_label(self, key: str) -> str:
        return next((s.translated for s in self.all_specs if s.key == key), key)

    def _op_label(self, op: str) -> str:
        op = {"in": "eq", "notin": "ne"}.get(op, op)  # a name several records share
        return next((translate("Datasheet", t) for k, t in OPS if k == op), op)

    def _before_reset(self) -> None:
        """A list re-read after a write replaces the old one (``model.moves`` set): note
        the current row and column, the row that anchors the scroll position (the current
        one when it is on screen, else the top one) and the selection, by row."""
        self._kept = None
        if self.model.moves is None:
            return  # a new query: it starts at its top
        bar, current = self.table.verticalScrollBar(), self.table.currentIndex()
        top = self.table.rowAt(0)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        row = current.row() if current.isValid() else -1
        anchor = row if row >= 0 and top <= row and (bottom < 0 or row <= bottom) else top
        selection = self.table.selectionModel().selection()
        self._kept = _Kept(row, max(0, current.column()), anchor, bar.value(),
                           [(selection.at(i).top(), selection.at(i).bottom())
                            for i in range(selection.count())])

    def _after_reset(self) -> None:
        kept, self._kept, moves = self._kept, None, self.model.moves
        if kept is not None and moves is not None and self.model.rowCount():
            self._put_back(kept, moves)
        elif self.model.rowCount() and self.current_row() < 0:
            self.table.setCurrentIndex(self.model.index(0, self._first_visible_column()))
        self._update_status()

    def _put_back(self, kept: _Kept, moves: RowMap) -> None:
        """After a re-read list: the current record current again (or its neighbour when
        it left the list), at the same place on screen, the selected records selected."""
        model, last = self.model, self.model.columnCount() - 1
        row = moves.nearest(kept.row) if kept.row >= 0 else -1
        selection = QItemSelection()
        for top, bottom in moves.spans(kept.spans):
            selection.select(model.index(top, 0), model.index(bottom, last))
        if selection.isEmpty() and row >= 0:
            selection.select(model.index(row, 0), model.index(row, last))
        chosen = self.table.selectionModel()
        chosen.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if row >= 0:
            chosen.setCurrentIndex(model.index(row, kept.column),
                                   QItemSelectionModel.SelectionFlag.NoUpdate)
        if kept.anchor >= 0:  # the anchor row keeps its place: the view moves with it
            anchor = row if kept.anchor == kept.row else moves.nearest(kept.anchor)
            step = 1 if self.table.verticalScrollMode() == \
                QAbstractItemView.ScrollMode.ScrollPerItem else \
                self.table.verticalHeader().defaultSectionSize()
            self.table.doItemsLayout()  # the scroll bar's range for the new row count
            self.table.verticalScrollBar().setValue(kept.value + (anchor - kept.anchor) * step)

    def _first_visible_column(self) -> int:
        for col in range(self.model.columnCount()):
            if not self.table.isColumnHidden(col):
                return col
        return 0

    # -- navigation --------------------------------------------------------------------------
    def go_to_row(self, row: int) -> None:
        total = self.model.rowCount()
        if not total:
            return
        row = max(0, min(row, total - 1))
        index = self.model.index(row, max(0, self.table.currentIndex().column()))
        self.table.setCurrentIndex(index)
        self.table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self._update_status()

    def open_row(self, row: int) -> None:
        record_id = self.model.record_id(row)
        if record_id is not None:
            self.open_requested.emit("record", (self.entity, record_id))

    def new_kind(self) -> str | None:
        return self.entity

    def new_record(self) -> None:
        defaults = {f.field: f.value for f in self.model.base_filters if f.op == "eq"}
        self.open_requested.emit("new", (self.entity, defaults))

    def find_in_document(self) -> bool:
        self.quick.setFocus()
        self.quick.selectAll()
        return True

    def print_document(self) -> None:
        """Ctrl+P: the rows as shown (filters, quick filter, sort) in the visible columns."""
        from crmdesk.reports import ReportRequest
        from crmdesk.ui.dialogs.print_preview import preview_report

        preview_report(self.workspace, self, ReportRequest(
            "list", entity=self.entity, query=self.model.query(),
            columns=[spec.key for spec in self.visible_columns()
                     if not spec.key.startswith("cf.")]))

    def export_records(self) -> None:
        """The rows as shown (filters, quick filter, sort), visible columns, to a file."""
        from crmdesk.ui.dialogs.export_dialog import export_datasheet

        export_datasheet(self)

    # -- filters ---------------------------------------------------------------------------------
    def filter_by_selection(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        spec = self.all_specs[index.column()]
        if spec.key.startswith("cf."):
            return
        value = self.model.data(index, Qt.ItemDataRole.UserRole)
        self._filter_texts.pop(spec.key, None)
        self.model.add_filter(Filter(spec.key, "eq", value))

    def exclude_selection(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        spec = self.all_specs[index.column()]
        if spec.key.startswith("cf."):
            return
        value = self.model.data(index, Qt.ItemDataRole.UserRole)
        self._filter_texts.pop(spec.key, None)
        self.model.add_filter(Filter(spec.key, "ne", value))

    def filter_column(self, column: int) -> None:
        from crmdesk.core.filters import typed_filter

        spec = self.all_specs[column]
        if spec.key.startswith("cf."):
            return
        current = next((f for f in self.model.filters if f.field == spec.key), None)
        if current is not None and spec.key in self._filter_texts:
            current = Filter(current.field, current.op, self._filter_texts[spec.key])
        actor = self.workspace.actor

        def check(flt: Filter) -> Filter:
            return self.workspace.read(lambda s: typed_filter(s, actor, self.entity, flt))

        dialog = ColumnFilterDialog(spec, self, current, check)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.typed is not None:
            entered = dialog.result_filter()
            if isinstance(entered.value, str):
                self._filter_texts[spec.key] = entered.value
            else:
                self._filter_texts.pop(spec.key, None)
            self.model.add_filter(dialog.typed)

    def clear_filters(self) -> None:
        self.quick.blockSignals(True)
        self.quick.clear()
        self.quick.blockSignals(False)
        self._filter_texts.clear()
        self.model.clear_filters()

    def choose_columns(self) -> None:
        menu = self._columns_menu()
        menu.exec(self.columns_button.mapToGlobal(self.columns_button.rect().bottomLeft()))

    def _columns_menu(self) -> QMenu:
        menu = QMenu(self)
        for col, spec in enumerate(self.all_specs):
            action = menu.addAction(spec.translated)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(col))
            action.toggled.connect(lambda on, c=col: self.set_column_visible(c, on))
        return menu

    def set_column_visible(self, column: int, visible: bool) -> None:
        self.table.setColumnHidden(column, not visible)
        self._save_header()

    def visible_columns(self) -> list[FieldSpec]:
        """Visible columns in the order shown (for printing and export)."""
        header = self.table.horizontalHeader()
        order = sorted(range(len(self.all_specs)), key=header.visualIndex)
        return [self.all_specs[c] for c in order if not self.table.isColumnHidden(c)]

    def _header_menu(self, pos: Any) -> None:
        column = self.table.horizontalHeader().logicalIndexAt(pos)
        menu = QMenu(self)
        if column >= 0:
            menu.addAction(icon("funnel"), self.tr("Filter this column ..."),
                           lambda: self.filter_column(column))
            menu.addAction(self.tr("Sort ascending"),
                           lambda: self.table.sortByColumn(column, Qt.SortOrder.AscendingOrder))
            menu.addAction(self.tr("Sort descending"),
                           lambda: self.table.sortByColumn(column, Qt.SortOrder.DescendingOrder))
            menu.addAction(self.tr("Hide this column"),
                           lambda: self.set_column_visible(column, False))
            menu.addSeparator()
        columns = menu.addMenu(icon("columns-3"), self.tr("Columns"))
        for action in self._columns_menu().actions():
            columns.addAction(action)
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _cell_menu(self, pos: Any) -> None:
        self.cell_menu(self.table.indexAt(pos)).exec(self.table.viewport().mapToGlobal(pos))

    def cell_menu(self, index: Any) -> QMenu:
        """The context menu of the cell *index* (invalid: below the rows)."""
        menu = QMenu(self)
        known = self.known_count()  # "all {n} shown" only when the sheet knows n
        if index.isValid():
            menu.addAction(icon("file-text"), self.tr("Open"), lambda: self.open_row(index.row()))
            menu.addSeparator()
            menu.addAction(icon("funnel"), self.tr("Filter by selection"),
                           self.filter_by_selection)
            menu.addAction(self.tr("Filter excluding selection"), self.exclude_selection)
            menu.addAction(self.tr("Filter this column ..."),
                           lambda: self.filter_column(index.column()))
        menu.addAction(icon("funnel-x"), self.tr("Remove all filters"), self.clear_filters)
        if self.entity == "customer":
            menu.addSeparator()
            if index.isValid():
                menu.addAction(icon("megaphone"), self.tr("Add selected to campaign ..."),
                               lambda: self.add_to_campaign())
            menu.addAction(icon("megaphone"), self.tr("Add all {n} shown to campaign ...")
                           .format(n=f"{known:,}") if known is not None
                           else self.tr("Add all shown to campaign ..."),
                           lambda: self.add_to_campaign(all_shown=True))
        from crmdesk.ui.dialogs import export_dialog, import_wizard

        menu.addSeparator()
        if index.isValid():
            menu.addAction(icon("pencil"), self.tr("Set field on the selected records ..."),
                           lambda: self.set_field(all_shown=False))
        menu.addAction(icon("pencil"), self.tr("Set field on all {n} shown ...").format(
            n=f"{known:,}") if known is not None else self.tr("Set field on all shown ..."),
            lambda: self.set_field(all_shown=True))
        if self.save_view_button.isVisible():
            menu.addAction(icon("save"), self.tr("Save view ..."), self.save_view)
        menu.addSeparator()
        if self.import_button is not None:
            import_wizard.add_menu_action(menu, self.workspace, self.entity, self)
        export_dialog.add_menu_action(menu, self)
        if index.isValid():
            menu.addSeparator()
            menu.addAction(icon("trash-2"), self.tr("Delete"), self.delete_selected)
        return menu

    def add_to_campaign(self, customer_ids: Sequence[int] | None = None,
                        campaign_id: int | None = None, *, all_shown: bool = False) -> None:
        """Make customers members of a campaign (asks which one unless given): these
        *customer_ids*, else every customer the list shows (*all_shown*, or every row
        selected), else the selected rows.  A whole list goes to the service as its query
        (:meth:`CampaignService.add_shown`: one ``INSERT ... SELECT``), never as its ids;
        the dialog's number is the sheet's own count."""
        query = self.model.query() if customer_ids is None and (
            all_shown or self.selects_all()) else None
        ids = None if query is not None else list(
            customer_ids if customer_ids is not None else self.selected_ids())
        if ids is not None:
            if ids:
                self._add_to_campaign(ids, None, len(ids), campaign_id)
            return
        self.with_count(lambda n: self._add_to_campaign(None, query, n, campaign_id))

    def _add_to_campaign(self, ids: list[int] | None, query: Any, count: int,
                         campaign_id: int | None) -> None:
        from crmdesk.core.services.campaigns import campaigns
        from crmdesk.ui.views.campaign_detail import AddToCampaignDialog

        if not count:
            return
        if campaign_id is None:
            dialog = AddToCampaignDialog(self.workspace, count, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            campaign_id = dialog.campaign_id()
            if campaign_id is None:
                return
        actor, chosen = self.workspace.actor, campaign_id

        def work(session: Session, _p: Any) -> int:
            if ids is None:
                return campaigns.add_shown(session, actor, chosen, query)
            return campaigns.add_members(session, actor, chosen, ids)

        def done(added: int) -> None:
            QMessageBox.information(self, self.tr("Add to campaign"), self.tr(
                "{added} customers added ({skipped} were members already).").format(
                added=f"{added:,}", skipped=f"{max(count - added, 0):,}"))

        self.workspace.op(self, work, changes=("campaign",),
                          label=self.tr("Adding to the campaign ...")).success(done).run()

    # -- saved views and mass update (ui/views/datasheet_views.py) --------------------------
    def save_view(self) -> Any:
        from crmdesk.ui.views.datasheet_views import save_view

        return save_view(self)

    def view_saved(self, view_id: int, name: str, shared: bool) -> None:
        """The view *view_id* was saved from this sheet: when it is the view shown here,
        its name and sharing follow (a sheet saved under a new name stays as it is)."""
        if self.view_id == view_id:
            self.view_name, self.view_shared = name, shared
            self._title = name
            self.title_changed.emit(name)

    def set_field(self, *, all_shown: bool) -> Any:
        from crmdesk.ui.views.datasheet_views import set_field

        return set_field(self, all_shown=all_shown)

    # -- changes ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """After a write: the rows shown are read again at once, the list in the
        background; the current record, its place on screen and the selection stay
        (:meth:`_put_back` when the list has changed)."""
        self.model.mark_stale()

    def _changed(self, entity: str) -> None:
        if entity == self.entity or (entity == "customer" and self.entity != "product"):
            self.refresh()

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete"),
            self.tr("Move {n} record(s) to the recycle bin? An administrator can restore "
                    "them.").format(n=len(ids)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        service, actor = self.model.service, self.workspace.actor

        def work(session: Session, job: Any) -> int:
            # Cancel: nothing is deleted (the transaction rolls back)
            return service.delete_many(session, actor, ids, job=job)

        self.workspace.op(self, work, changes=(self.entity,), cancellable=True,
                          label=self.tr("Deleting {n} records ...").format(
                              n=f"{len(ids):,}")).run()


class _Kept(NamedTuple):
    """What a datasheet puts back when its list is re-read after a write."""

    row: int  # the current row (-1: none)
    column: int
    anchor: int  # the row whose place on screen stays (-1: none)
    value: int  # the vertical scroll bar's value
    spans: list[tuple[int, int]]  # the selected rows


class Navigator(QWidget):
    """``|◀ ◀ Record [12] of 1,000,000 ▶ ▶| ▶*`` at the bottom of a datasheet."""

    move_to = Signal(int)
    new_record = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.total = 0
        self.row = -1
        self.first = self._button("chevrons-left", self.tr("First record"), lambda: self.move_to.emit(0))
        self.prev = self._button("chevron-left", self.tr("Previous record"),
                                 lambda: self.move_to.emit(self.row - 1))
        self.position = QLineEdit()
        self.position.setFixedWidth(90)
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.validator = QIntValidator(1, 1, self.position)
        self.position.setValidator(self.validator)
        self.position.setToolTip(self.tr("Type a record number and press Enter"))
        self.position.returnPressed.connect(self._jump)
        self.of = QLabel()
        self.next = self._button("chevron-right", self.tr("Next record"),
                                 lambda: self.move_to.emit(self.row + 1))
        self.last = self._button("chevrons-right", self.tr("Last record"),
                                 lambda: self.move_to.emit(self.total - 1))
        self.new = self._button("plus", self.tr("New record"), self.new_record.emit)
        self.filtered = QLabel()
        self.filtered.setProperty("role", "hint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.setSpacing(2)
        label = QLabel(self.tr("Record"))
        for w in (self.first, self.prev, label, self.position, self.of, self.next, self.last,
                  self.new):
            layout.addWidget(w)
        layout.addSpacing(12)
        layout.addWidget(self.filtered)
        layout.addStretch()

    def _button(self, name: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon(name))
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _jump(self) -> None:
        text = self.position.text().replace(",", "")
        if text.isdigit():
            self.move_to.emit(int(text) - 1)

    def update_position(self, row: int, total: int, filtered: bool,
                        counting: bool = False) -> None:
        self.row, self.total = row, total
        self.validator.setRange(1, max(total, 1))
        self.position.setText(str(row + 1) if row >= 0 else "")
        self.position.setCursorPosition(0)
        self.of.setText(self.tr("of {total}").format(
            total=f"{total:,}+" if counting else f"{total:,}"))
        self.filtered.setText(self.tr("(filtered)") if filtered else "")
        self.first.setEnabled(row > 0)
        self.prev.setEnabled(row > 0)
        self.next.setEnabled(0 <= row < total - 1)
        self.last.setEnabled(row < total - 1)

