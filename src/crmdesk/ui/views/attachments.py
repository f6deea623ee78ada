"""A record's attachments: the list, adding (a file dialog, or files dropped on the list),
a preview (images; a PDF's first page through QtPdf, or the system viewer), Save as and
Delete.  Everything goes through ``core.services.attachments``: opening and saving are
counted by the anti-scraping guard and audited there."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.presentation import datetime_text, size_text
from crmdesk.core.services import attachments
from crmdesk.core.services.attachments import AttachmentInfo
from crmdesk.core.session import Session
from crmdesk.errors import NotFound
from crmdesk.storage.files import atomic_write
from crmdesk.ui.icons import icon
from crmdesk.ui.widgets import file_dialogs
from crmdesk.ui.workspace import Workspace

#: the largest preview, in pixels
PREVIEW_SIZE = QSize(900, 680)

_TEMP_FOLDERS: list[str] = []


def _remove_temp_folders() -> None:
    for folder in _TEMP_FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)


atexit.register(_remove_temp_folders)


def open_with_system_viewer(info: AttachmentInfo, data: bytes) -> Path:
    """Write the file to a private temporary folder (removed when the program ends) and
    hand it to the system's viewer."""
    folder = tempfile.mkdtemp(prefix="crmdesk-attachment-")
    _TEMP_FOLDERS.append(folder)
    path = Path(folder) / attachments.clean_name(info.file_name)
    atomic_write(path, data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def pdf_first_page(data: bytes, size: QSize) -> tuple[QImage, int] | None:
    """The first page of a PDF as an image, and the page count (None: no QtPdf here, or
    the document does not load)."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:  # a PySide6 built without QtPdf
        return None
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        return None
    page = document.pagePointSize(0)
    if page.width() <= 0 or page.height() <= 0:
        return None
    scale = min(size.width() / page.width(), size.height() / page.height())
    image = document.render(0, QSize(int(page.width() * scale), int(page.height() * scale)))
    pages = document.pageCount()
    document.close()
    return (image, pages) if not image.isNull() else None


class PreviewDialog(QDialog):
    """An attachment's content: an image, a PDF's first page, or what to do instead."""

    def __init__(self, info: AttachmentInfo, data: bytes, panel: AttachmentsPanel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info, self.data, self.panel = info, data, panel
        self.setWindowTitle(info.file_name)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel()
        self.caption.setProperty("role", "hint")
        self.caption.setWordWrap(True)
        self.shown = self._render()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.picture)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.system_button = buttons.addButton(self.tr("Open with the system viewer"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.system_button.clicked.connect(lambda: open_with_system_viewer(info, data))
        if panel is not None:
            save = buttons.addButton(self.tr("Save as..."), QDialogButtonBox.ButtonRole.ActionRole)
            save.clicked.connect(lambda: panel.save_attachment(info))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.caption)
        layout.addWidget(buttons)
        self.resize(PREVIEW_SIZE + QSize(40, 100) if self.shown else QSize(460, 200))

    def _render(self) -> bool:
        """Show the content; False when there is nothing to show here."""
        facts = f"{self.info.file_name} · {size_text(self.info.size)}"
        if self.info.is_image:
            pixmap = QPixmap()
            if pixmap.loadFromData(self.data):
                if pixmap.width() > PREVIEW_SIZE.width() or \
                        pixmap.height() > PREVIEW_SIZE.height():
                    pixmap = pixmap.scaled(PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation)
                self.picture.setPixmap(pixmap)
                self.caption.setText(facts)
                return True
        elif self.info.is_pdf:
            rendered = pdf_first_page(self.data, PREVIEW_SIZE)
            if rendered is not None:
                image, pages = rendered
                self.picture.setPixmap(QPixmap.fromImage(image))
                self.caption.setText(self.tr("{facts} · page 1 of {pages}").format(
                    facts=facts, pages=pages))
                return True
        self.picture.setText(self.tr("No preview for this kind of file: open it with the "
                                     "system viewer, or save it."))
        self.caption.setText(facts)
        return False


class _DropTable(QTableWidget):
    """The list, which takes files dropped on it."""

    files_dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__(0, 4)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    @staticmethod
    def _paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._paths(event) and self.isEnabled():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if self._paths(event) and self.isEnabled():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = self._paths(event)
        if not paths or not self.isEnabled():
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)


class AttachmentsPanel(QWidget):
    """The attachments of one record (``record_id`` None: a record not saved yet)."""

    count_changed = Signal(int)

    def __init__(self, workspace: Workspace, entity: str, record_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.entity, self.record_id = workspace, entity, record_id
        self.items: list[AttachmentInfo] = []
        self.preview: PreviewDialog | None = None
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        self.table = _DropTable()
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Size"),
                                              self.tr("Added"), self.tr("By")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()  # the name takes the room; the rest fit
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.files_dropped.connect(self.add_paths)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.table.itemSelectionChanged.connect(self._enable)
        self.add_button = QPushButton(icon("file-plus"), self.tr("Add..."))
        self.add_button.setToolTip(self.tr("Attach a file (or drop files on the list)"))
        self.add_button.clicked.connect(self.add_from_dialog)
        self.open_button = QPushButton(icon("eye"), self.tr("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton(icon("download"), self.tr("Save as..."))
        self.save_button.clicked.connect(self.save_selected)
        self.delete_button = QPushButton(icon("trash-2"), self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.save_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self.refresh()

    # -- state -------------------------------------------------------------------
    def set_record(self, record_id: int) -> None:
        """The record was saved: attachments may be added now."""
        self.record_id = record_id
        self.refresh()

    def refresh(self) -> None:
        actor, record_id = self.workspace.actor, self.record_id
        self.items = []
        if record_id is not None:
            shown = record_id
            try:
                self.items = self.workspace.read(
                    lambda s: attachments.listing(s, actor, self.entity, shown))
            except NotFound:  # deleted, or no longer visible
                record_id = None
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = [item.file_name, size_text(item.size), datetime_text(item.created_at),
                     item.created_by]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, item.id)
                    cell.setToolTip(item.mime_type)
                self.table.setItem(row, col, cell)
        self.table.resizeColumnsToContents()
        self.table.setEnabled(record_id is not None)
        self.add_button.setEnabled(record_id is not None)
        self.hint.setText(self.tr("Save the record first to attach files.") if record_id is None
                          else self.tr("Drop files on the list to attach them."))
        self._enable()
        self.count_changed.emit(len(self.items))

    def _enable(self) -> None:
        chosen = self.selected() is not None
        for button in (self.open_button, self.save_button, self.delete_button):
            button.setEnabled(chosen)

    def selected(self) -> AttachmentInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.items):
            return None
        return self.items[rows[0].row()]

    # -- actions ---------------------------------------------------------------------
    def add_from_dialog(self) -> None:
        chosen = file_dialogs.open_file(self, self.tr("Attach a file"), "attachments",
                                        self.tr("All files (*)"))
        if chosen:
            self.add_paths([chosen])

    def add_paths(self, paths: list[str]) -> None:
        """Attach the files (one unit of work: all of them, or none when one is refused)."""
        actor, entity, record_id = self.workspace.actor, self.entity, self.record_id
        if record_id is None or not paths:
            return

        def work(session: Session, _job: Any) -> int:
            for path in paths:
                attachments.add_file(session, actor, entity, record_id, path)
            return len(paths)

        self.workspace.op(self, work, label=self.tr("Attaching files")) \
            .success(lambda _n: self.refresh()).run()

    def open_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        actor = self.workspace.actor

        def work(session: Session, _job: Any) -> tuple[AttachmentInfo, bytes]:
            return attachments.open_bytes(session, actor, item.id)

        self.workspace.op(self, work, label=self.tr("Opening {name}").format(
            name=item.file_name)).success(lambda found: self.show_preview(*found)).run()

    def show_preview(self, info: AttachmentInfo, data: bytes) -> None:
        self.preview = PreviewDialog(info, data, self, self.window())
        self.preview.open()

    def save_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.save_attachment(item)

    def save_attachment(self, item: AttachmentInfo) -> None:
        chosen = file_dialogs.save_file(self, self.tr("Save the attachment"), "attachments",
                                        item.file_name, self.tr("All files (*)"))
        if not chosen:
            return
        actor = self.workspace.actor
        self.workspace.op(self, lambda s, _j: attachments.save(s, actor, item.id, chosen),
                          label=self.tr("Saving {name}").format(name=item.file_name)).run()

    def delete_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete the attachment"),
            self.tr("Move {name} to the recycle bin?").format(name=item.file_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor = self.workspace.actor
        self.workspace.op(self, lambda s, _j: attachments.delete_attachment(s, actor, item.id)) \
            .success(lambda _r: self.refresh()).run()


class AttachmentsBox(QGroupBox):
    """The attachments as a section of a record's form, under its fields."""

    def __init__(self, workspace: Workspace, entity: str, record_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = AttachmentsPanel(workspace, entity, record_id, self)
        self.panel.count_changed.connect(self._count)
        self.setMaximumHeight(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.panel)
        self._count(len(self.panel.items))

    def _count(self, n: int) -> None:
        self.setTitle(self.tr("Attachments ({n})").format(n=n) if n else self.tr("Attachments"))
