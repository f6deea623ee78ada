"""The recycle bin: deleted records, restored or deleted for good by an administrator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import entity_label
from crmdesk.core.presentation import datetime_text
from crmdesk.core.services import recycle_bin
from crmdesk.core.session import Session
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.changes import ReadWhileShown, on_changes, reading_text
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace


class RecycleBinView(Document):
    key = "recycle"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.entries: list[recycle_bin.BinEntry] = []
        self.table = simple_table([self.tr("Type"), self.tr("Record"), self.tr("Deleted"),
                             self.tr("Deleted by")])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        buttons = QHBoxLayout()
        buttons.addWidget(action_button("undo-2", self.tr("Restore"), self.restore))
        buttons.addWidget(action_button("trash-2", self.tr("Delete for good ..."), self.purge))
        buttons.addStretch()
        buttons.addWidget(action_button("refresh-cw", self.tr("Refresh"), self.refresh))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QLabel(self.tr("Recycle bin"))
        title.setProperty("role", "title")
        hint = QLabel(self.tr("Deleted records stay here until an administrator deletes them "
                              "for good. Restoring a merged-away customer undoes the merge."))
        hint.setProperty("role", "hint")
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        # read on a reader thread, only while shown: every change may fill the bin, and at
        # a million customers reading it takes 0.5-0.7 s
        self.reader = ReadWhileShown(self, workspace, self.refresh, self.show_entries)
        on_changes(workspace, self, None, self.reader.changed)
        self.refresh()

    def title(self) -> str:
        return self.tr("Recycle bin")

    def icon(self) -> QIcon:
        return icon("trash-2")

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.reader.shown()

    def refresh(self) -> None:
        """Read the bin on a reader thread (the Refresh button, a change while shown);
        it is shown when it arrives."""
        def prepare() -> Callable[[Session], list[recycle_bin.BinEntry]]:
            actor = self.workspace.actor
            return lambda session: recycle_bin.entries(session, actor)

        self.reader.read(prepare)

    def show_entries(self, entries: list[recycle_bin.BinEntry]) -> None:
        """Fill the table (GUI thread; nothing read here)."""
        self.entries = entries
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            set_row(self.table, row, [entity_label(e.entity), e.description,
                                       datetime_text(e.deleted_at), e.deleted_by], row)
        self.table.resizeColumnsToContents()
        self.status_changed.emit(self.status_text())

    def status_text(self) -> str:
        if not self.reader.first_shown:
            return reading_text()
        return self.tr("{n} deleted records").format(n=len(self.entries))

    def selected(self) -> list[recycle_bin.BinEntry]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.entries[r] for r in rows if r < len(self.entries)]

    def restore(self) -> None:
        chosen, actor = self.selected(), self.workspace.actor
        if not chosen:
            return

        def work(session: Session, _p: Any) -> None:
            for e in chosen:
                recycle_bin.restore(session, actor, e.entity, e.id)

        self.workspace.op(self, work, changes=tuple({e.entity for e in chosen})).run()

    def purge(self) -> None:
        chosen, actor = self.selected(), self.workspace.actor
        if not chosen:
            return
        answer = QMessageBox.warning(
            self, self.tr("Delete for good"),
            self.tr("Delete {n} record(s) for good, with everything that belongs to them? "
                    "This cannot be undone.").format(n=len(chosen)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(session: Session, _p: Any) -> None:
            for e in chosen:
                recycle_bin.purge(session, actor, e.entity, e.id)

        self.workspace.op(self, work, changes=("recycle",)).run()
