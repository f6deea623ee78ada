"""What every tab in the main window is: a document with a title and common actions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from crmdesk.ui.workspace import Workspace


class Document(QWidget):
    """A tab: knows its title, whether it may close, and the common commands."""

    title_changed = Signal(str)
    #: ask the main window to open another document: (kind, argument)
    open_requested = Signal(str, object)
    #: ask the main window to close this tab
    close_requested = Signal()
    #: the status bar's record count / position changed
    status_changed = Signal(str)

    key: str = ""  # identifies the tab so a second request focuses it instead

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace

    def title(self) -> str:
        return ""

    def icon(self) -> QIcon:
        return QIcon()

    def can_close(self) -> bool:
        """Ask about unsaved changes; False keeps the tab open."""
        return True

    def save(self) -> None:
        """Ctrl+S."""

    def new_kind(self) -> str | None:
        """The kind of record Ctrl+N creates here: the kind in front of the user
        (None: Ctrl+N does nothing here)."""
        return None

    def new_record(self) -> None:
        """Ctrl+N: a new record of :meth:`new_kind`."""
        kind = self.new_kind()
        if kind is not None:
            self.open_requested.emit("new", (kind, {}))

    def delete_selected(self) -> None:
        """Del on a datasheet."""

    def find_in_document(self) -> bool:
        """Ctrl+F inside the document; False lets the main search box take it."""
        return False

    def print_document(self) -> None:
        """Ctrl+P."""

    def status_text(self) -> str:
        return ""

    def refresh(self) -> None:
        """Reload after data changed elsewhere."""
