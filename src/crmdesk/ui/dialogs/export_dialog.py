"""Exporting a datasheet as it is shown: its filters, sort and visible columns.

The dialog says up front what will be written (how many records, which
columns) and whether the user may (the staff limit, in the service's words),
offers the format (.xlsx or .csv and its encoding), a sheet per related record
type for customers, and - for administrators - the ID numbers and bank
accounts.  The platform's save dialog suggests ``客户 2026-11-25.xlsx``; the
export runs in the worker with a progress dialog and Cancel, and is audited
by the service.  The datasheet's toolbar and context menu and File > Export ...
open it (:func:`export_datasheet`).

The dialog never counts on the GUI thread: opened from a datasheet that knows how
many rows it shows (its id list read in full), it takes that number; else it counts
in the background (``workspace.op(..., write=False)``), saying so, with Export
disabled until the count arrives.  The export itself counts again in its own job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import FieldSpec, fields_of
from crmdesk.core.filters import Filter, ListQuery
from crmdesk.core.services import settings as settings_service
from crmdesk.core.services.registry import service_for
from crmdesk.errors import KnownError
from crmdesk.exchange import exporter
from crmdesk.exchange.exporter import ExportRequest, ExportResult
from crmdesk.jobs import Job
from crmdesk.storage.database import Database
from crmdesk.ui.icons import icon
from crmdesk.ui.operations import Operation
from crmdesk.ui.widgets import file_dialogs
from crmdesk.ui.widgets.buttons import dialog_buttons
from crmdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.ui.views.datasheet import DatasheetView

translate = QCoreApplication.translate

def csv_choices() -> list[tuple[str, str]]:
    """CSV encodings offered, with what each is for."""
    return [("utf-8-sig", translate("ExportDialog", "UTF-8 with BOM (opens in Excel)")),
            ("utf-8", translate("ExportDialog", "UTF-8 (other programs)")),
            ("gb18030", translate("ExportDialog", "GB18030 (older Chinese Excel, WPS)"))]


def default_file_name(records: str, fmt: str, today: date | None = None) -> str:
    """``客户 2026-11-25.xlsx``"""
    day = (today or date.today()).isoformat()
    return f"{records} {day}.{fmt}"


def sensitive_keys(entity: str) -> list[str]:
    return [s.key for s in fields_of(entity) if s.sensitive]


class ExportDialog(QDialog):
    """What to export and how; :meth:`request` builds the service's request."""

    def __init__(self, workspace: Workspace, entity: str, query: ListQuery,
                 columns: list[FieldSpec], records: str, parent: QWidget | None = None, *,
                 selected_ids: Sequence[int] | None = None, total: int | None = None,
                 selection: Callable[[], list[int]] | None = None,
                 selected_count: int = 0) -> None:
        """*total*: how many records *query* shows, when the caller knows (a datasheet's
        own count), else counted in the background.  The selected rows are
        *selected_ids*, or *selected_count* rows that *selection()* reads only if they
        are exported (Ctrl+A on ten million rows is not made a list to be counted)."""
        super().__init__(parent)
        self.workspace = workspace
        self.entity = entity
        self.query = query
        self.columns = columns
        self.records = records
        self.records_text = records.lower()  # in a sentence (no change in Chinese)
        self._selected = list(selected_ids) if selected_ids is not None else None
        self._selection = selection
        self.selected_count = selected_count if self._selected is None else \
            len(self._selected)
        if self._selected is None and selection is None:
            self._selected, self.selected_count = [], 0
        self.count: int | None = None
        #: records the list shows, and the most this user may export (None: no limit)
        self.total: int | None = total
        self.limit: int | None = None
        # the background count of the list, while it runs
        self.counting: Operation | None = None
        self.setWindowTitle(translate("ExportDialog", "Export {records}").format(records=records))
        self.setWindowIcon(icon("file-down"))
        self.setMinimumWidth(640)

        title = QLabel(translate("ExportDialog", "Export {records}").format(records=records))
        title.setProperty("role", "title")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.columns_label = QLabel()
        self.columns_label.setWordWrap(True)
        self.columns_label.setProperty("role", "hint")
        what = QFrame()
        what.setProperty("role", "card")
        what_box = QVBoxLayout(what)
        what_box.setContentsMargins(12, 10, 12, 10)
        what_box.addWidget(self.summary)
        what_box.addWidget(self.columns_label)

        self.xlsx = QRadioButton(translate("ExportDialog", "Excel workbook (.xlsx)"))
        self.csv = QRadioButton(translate("ExportDialog", "CSV text (.csv)"))
        self.formats = QButtonGroup(self)
        self.formats.addButton(self.xlsx)
        self.formats.addButton(self.csv)
        self.xlsx.setChecked(True)
        self.encoding = QComboBox()
        for key, text in csv_choices():
            self.encoding.addItem(text, key)
        self.related = QCheckBox(translate(
            "ExportDialog", "A sheet each for their contacts, interactions, opportunities, "
                            "orders, tickets and tasks"))
        self.sensitive = QCheckBox(translate(
            "ExportDialog", "ID numbers and bank accounts (noted in the audit log)"))
        self.may_reveal = bool(sensitive_keys(entity)) and workspace.actor.can(
            "export.sensitive")
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(12)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        grid.addWidget(QLabel(translate("ExportDialog", "Format:")), 0, 0, right)
        grid.addWidget(self.xlsx, 0, 1)
        csv_row = QHBoxLayout()
        csv_row.addWidget(self.csv)
        csv_row.addSpacing(8)
        csv_row.addWidget(QLabel(translate("ExportDialog", "Encoding:")))
        csv_row.addWidget(self.encoding, 1)
        grid.addLayout(csv_row, 1, 1)
        row = 2
        if entity == "customer":
            grid.addWidget(QLabel(translate("ExportDialog", "Include:")), row, 0, right)
            grid.addWidget(self.related, row, 1)
            row += 1
        if self.may_reveal:
            if entity != "customer":
                grid.addWidget(QLabel(translate("ExportDialog", "Include:")), row, 0, right)
            grid.addWidget(self.sensitive, row, 1)
        self.related.setVisible(entity == "customer")
        self.sensitive.setVisible(self.may_reveal)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        # over the staff limit: export the first N, or the selected rows, instead
        self.first = QRadioButton()
        self.selection = QRadioButton()
        self.narrow = QButtonGroup(self)
        self.narrow.addButton(self.first)
        self.narrow.addButton(self.selection)
        self.narrow_box = QWidget()
        narrow_layout = QVBoxLayout(self.narrow_box)
        narrow_layout.setContentsMargins(0, 0, 0, 0)
        narrow_layout.addWidget(self.first)
        narrow_layout.addWidget(self.selection)
        self.narrow_box.hide()
        note = QLabel(translate("ExportDialog", "Exports are recorded in the audit log with the "
                                                "number of records, the columns and the file."))
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        self.buttons = dialog_buttons(self, ok_text=translate("ExportDialog", "Export ..."),
                                      ok_icon="file-down")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(what)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.narrow_box)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

        self.xlsx.toggled.connect(lambda _on: self._format_changed())
        self.sensitive.toggled.connect(lambda _on: self.check())
        self.first.toggled.connect(lambda _on: self.check())
        self._format_changed()
        self.measure()
        self.check()

    # -- choices ---------------------------------------------------------------------------------
    def format(self) -> str:
        return "xlsx" if self.xlsx.isChecked() else "csv"

    def csv_encoding(self) -> str:
        return str(self.encoding.currentData())

    def with_sensitive(self) -> bool:
        return self.may_reveal and self.sensitive.isChecked()

    def column_keys(self) -> list[str]:
        keys = [spec.key for spec in self.columns]
        if self.with_sensitive():
            keys += [k for k in sensitive_keys(self.entity) if k not in keys]
        return keys

    @property
    def selected_ids(self) -> list[int]:
        """The selected rows' ids (read from the datasheet when first asked)."""
        if self._selected is None:
            self._selected = self._selection() if self._selection is not None else []
        return self._selected

    def over_limit(self) -> bool:
        return self.limit is not None and self.total is not None and self.total > self.limit

    def export_query(self) -> ListQuery:
        """The list's query; over the limit, narrowed to the first rows or the selection
        (the export service checks the narrowed query against the same limit)."""
        if not self.over_limit():
            return self.query
        assert self.limit is not None
        if self.selection.isChecked() and self.selection.isEnabled():
            ids = self.selected_ids
        else:
            actor, query, limit = self.workspace.actor, self.query, self.limit
            service = service_for(self.entity)
            ids = self.workspace.read(lambda s: service.ids(s, actor, query, limit=limit))
        return ListQuery(filters=[*self.query.filters, Filter("id", "in", list(ids))],
                         text=self.query.text, sort=list(self.query.sort))

    def request(self) -> ExportRequest:
        return ExportRequest(
            self.entity, self.export_query(), self.column_keys(),
            sensitive=self.with_sensitive(),
            related=self.entity == "customer" and self.format() == "xlsx"
            and self.related.isChecked())

    def _format_changed(self) -> None:
        xlsx = self.xlsx.isChecked()
        self.encoding.setEnabled(not xlsx)
        self.related.setEnabled(xlsx)

    def measure(self) -> None:
        """How many records the list shows, and this user's export limit; over it, offer
        the first rows or the selected ones.  A total the caller gave is taken as it is
        (only the limit is read: one setting); none is counted in the background."""
        actor, query, service = self.workspace.actor, self.query, service_for(self.entity)

        def limit_of(s: Any) -> int | None:
            return None if actor.can("export.bulk") else int(
                settings_service.get(s, "export.staff_max_rows"))

        if self.total is not None:
            self._measured(self.total, self.workspace.read(limit_of))
            return
        self.summary.setText(translate("ExportDialog", "Counting the {records} the list "
                                                       "shows ...").format(
            records=self.records_text))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

        def work(s: Any, _job: Any) -> tuple[int, int | None]:
            return service.count(s, actor, query), limit_of(s)

        def done(measured: tuple[int, int | None]) -> None:
            self.counting = None
            if shiboken6.isValid(self):  # not closed meanwhile
                self._measured(*measured)
                self.check()

        def failed(exc: BaseException) -> None:
            self.counting = None
            if shiboken6.isValid(self):
                self.error.setText(exc.message if isinstance(exc, KnownError) else str(exc))
                self.error.show()

        self.counting = self.workspace.op(self, work, write=False).success(done).failure(
            failed).run()

    def _measured(self, total: int, limit: int | None) -> None:
        self.total, self.limit = total, limit
        if not self.over_limit():
            return
        assert self.limit is not None
        self.first.setText(translate("ExportDialog", "Export the first {n} in the list's "
                                                     "order").format(n=f"{self.limit:,}"))
        chosen = self.selected_count
        self.selection.setText(translate("ExportDialog", "Export the {n} selected rows").format(
            n=f"{chosen:,}"))
        self.selection.setEnabled(0 < chosen <= self.limit)
        self.selection.setVisible(chosen > 0)
        self.first.setChecked(True)
        self.narrow_box.show()

    def export_count(self) -> int:
        """The rows the export will write, from the counts the dialog has (no query):
        the list's, or over the limit the first rows or the selected ones."""
        assert self.total is not None
        if not self.over_limit():
            return self.total
        assert self.limit is not None
        if self.selection.isChecked() and self.selection.isEnabled():
            return self.selected_count
        return min(self.limit, self.total)

    def check(self) -> None:
        """How many rows, and whether the user may export them (the service's rules)."""
        if self.total is None:
            return  # (still building, or still counting)
        actor, known = self.workspace.actor, self.export_count()
        # the rules on the list's own query and the count the dialog has: no count query
        # here (the export counts again in its job)
        request = ExportRequest(self.entity, self.query, self.column_keys(),
                                sensitive=self.with_sensitive())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            self.count = self.workspace.read(
                lambda s: exporter.check_export(s, actor, request, count=known))
        except KnownError as exc:
            self.count = None
            self.error.setText(exc.message)
            self.error.show()
            ok.setEnabled(False)
        else:
            self.error.hide()
            ok.setEnabled(True)
        filtered = bool(self.query.filters or self.query.text)
        count = f"{self.count if self.count is not None else self.total:,}"
        if self.over_limit():
            self.summary.setText(translate(
                "ExportDialog", "The list shows {total} {records}; you may export at most "
                                "{limit} at a time. Narrow the filter, or choose below what to "
                                "export.").format(total=f"{self.total:,}",
                                                  records=self.records_text,
                                                  limit=f"{self.limit:,}"))
        else:
            self.summary.setText(
                translate("ExportDialog", "{count} {records} as shown in the list, with its filter "
                                      "and sort order.").format(count=count,
                                                                records=self.records_text)
                if filtered else
                translate("ExportDialog", "All {count} {records} you can see, in the list's "
                                          "sort order.").format(count=count,
                                                                records=self.records_text))
        labels = [spec.translated for spec in self.columns]
        if self.with_sensitive():
            labels += [s.translated for s in fields_of(self.entity) if s.sensitive]
        self.columns_label.setText(translate("ExportDialog", "{n} columns: {columns}").format(
            n=len(labels), columns=", ".join(labels)))


# ---------------------------------------------------------------------------
# Running it
# ---------------------------------------------------------------------------

def ask_path(parent: QWidget | None, fmt: str, records: str) -> Path | None:
    """The platform's save dialog, with ``客户 2026-11-25.xlsx`` suggested."""
    filters = {"xlsx": translate("ExportDialog", "Excel workbooks (*.xlsx)"),
               "csv": translate("ExportDialog", "CSV files (*.csv)")}
    chosen = file_dialogs.save_file(parent, translate("ExportDialog", "Export to"), "export",
                                    default_file_name(records, fmt), filters[fmt])
    if not chosen:
        return None
    if not chosen.lower().endswith("." + fmt):
        chosen += "." + fmt
    return Path(chosen)


def export_records(workspace: Workspace, parent: QWidget | None, entity: str, query: ListQuery,
                   columns: list[FieldSpec], records: str, *,
                   selected_ids: Sequence[int] | None = None, total: int | None = None,
                   selection: Callable[[], list[int]] | None = None,
                   selected_count: int = 0) -> Operation | None:
    """Ask how and where, then export in the worker; None when the user cancelled.

    *total*, *selection*, *selected_count*: see :class:`ExportDialog`."""
    dialog = ExportDialog(workspace, entity, query, columns, records, parent,
                          selected_ids=selected_ids, total=total, selection=selection,
                          selected_count=selected_count)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    fmt, encoding, request, count = dialog.format(), dialog.csv_encoding(), dialog.request(), \
        dialog.count
    path = ask_path(parent, fmt, records)
    if path is None:
        return None
    actor = workspace.actor

    def work(db: Database, job: Job) -> ExportResult:
        # a Cancel that comes after the file was written and audited changes nothing:
        # the export succeeded, and *done* says so
        return exporter.export(db, actor, request, path, job, csv_encoding=encoding)

    def done(result: ExportResult) -> None:
        extra = [f"{sheet}: {rows:,}" for sheet, rows in result.sheets.items() if sheet != entity]
        text = translate("ExportDialog", "Exported {n} {records} to {file}.").format(
            n=f"{result.rows:,}", records=records.lower(), file=str(result.path))
        if extra:
            text += "\n" + translate("ExportDialog", "Related records: {sheets}.").format(
                sheets=", ".join(extra))
        answer = QMessageBox.question(
            parent, translate("ExportDialog", "Export"),
            text + "\n\n" + translate("ExportDialog", "Open the file now?"),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            QMessageBox.StandardButton.Close)
        if answer == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    shown = f"{count:,}" if count is not None else ""
    return workspace.job(parent, work, cancellable=True, label=translate(
        "ExportDialog", "Exporting {n} {records} ...").format(n=shown, records=records.lower())
    ).success(done).run()


def export_datasheet(view: DatasheetView) -> Operation | None:
    """Export *view* as shown: its query (filters, quick filter, sort), visible columns;
    the dialog takes the sheet's own count when it has one, and reads the selected ids
    only when the selection is what is exported."""
    from crmdesk.ui.views.datasheet import entity_plural

    return export_records(view.workspace, view, view.entity, view.model.query(),
                          view.visible_columns(), entity_plural(view.entity),
                          total=view.known_count(), selection=view.selected_ids,
                          selected_count=view.selected_count())


# ---------------------------------------------------------------------------
# Where it is offered
# ---------------------------------------------------------------------------

def export_text() -> str:
    return translate("ExportDialog", "Export ...")


def datasheet_button(view: DatasheetView) -> QToolButton:
    button = QToolButton(view)
    button.setIcon(icon("file-down"))
    button.setToolTip(translate("ExportDialog", "Export the list as shown to Excel or CSV ..."))
    button.clicked.connect(lambda: export_datasheet(view))
    return button


def add_menu_action(menu: QMenu, view: DatasheetView) -> None:
    menu.addAction(icon("file-down"), export_text(), lambda: export_datasheet(view))


def install(window: MainWindow) -> QAction:
    """File > Export ...: the current datasheet, as shown."""
    action = QAction(icon("file-down"), translate("ExportDialog", "&Export ..."), window)
    action.setToolTip(translate("ExportDialog", "Export the current list as shown to Excel or "
                                                "CSV"))

    def start() -> None:
        doc = window.current_document()
        if doc is not None and hasattr(doc, "export_records"):
            doc.export_records()
            return
        QMessageBox.information(window, translate("ExportDialog", "Export"), translate(
            "ExportDialog", "Open a list (for example Customers) first: the export writes its "
                            "rows as shown, with the filter, sort order and columns you "
                            "chose."))

    action.triggered.connect(lambda _checked=False: start())
    window.add_file_action(action)
    window.db_actions.append(action)
    action.setEnabled(window.workspace is not None)
    return action
