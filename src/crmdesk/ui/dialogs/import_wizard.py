"""The import wizard: a file, its columns, a check of every row, the import.

1. *File*: the file (the platform's open dialog), the record type, the sheet of a
   workbook, the text encoding of a CSV file and the contact-export preset; the
   first rows are shown as read, so a wrong encoding shows at once.
2. *Columns*: the field each column fills, guessed from the headers and
   editable; mappings can be saved by name (JSON in the user's config folder) or
   to a file, and loaded again for next month's file.
3. *Check*: every row checked in the background with the services' own rules
   (``importer.preview``): problems marked per cell with the message that says
   how to fix them, duplicates with the record they match and a per-row choice
   of what to do, the counts, the error report (.xlsx), the mode
   (all-or-nothing or the valid rows) and the default for duplicates.
4. *Import*: ``importer.run_import`` in the worker, in one transaction, with a
   progress bar and Cancel (a cancelled or failed import changes nothing), then a
   summary; open datasheets refresh.

File > Import ... and the datasheets' Import button open it (:func:`open_import_wizard`).

The wizard is split by responsibility: the pages (:mod:`.import_wizard_pages`),
the check's table model (:mod:`.import_preview`), named mappings
(:mod:`.import_mappings`) and the controller (:mod:`.import_wizard_controller`).
This module opens it and puts it in the menus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from crmdesk.ui.dialogs.import_mappings import (
    importable_entities,
    mapping_file_name,
    mappings_dir,
    saved_mappings,
)
from crmdesk.ui.dialogs.import_wizard_controller import (
    PREVIEW_ROWS,
    SAMPLE_ROWS,
    ImportWizard,
    ReportSaveError,
    stage_text,
)
from crmdesk.ui.dialogs.import_wizard_pages import describe_source
from crmdesk.ui.icons import icon
from crmdesk.ui.views.datasheet import entity_plural
from crmdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from crmdesk.ui.main_window import MainWindow

__all__ = [
    "PREVIEW_ROWS",
    "SAMPLE_ROWS",
    "ImportWizard",
    "ReportSaveError",
    "add_menu_action",
    "datasheet_button",
    "describe_source",
    "import_text",
    "importable_entities",
    "install",
    "mapping_file_name",
    "mappings_dir",
    "open_import_wizard",
    "saved_mappings",
    "stage_text",
]

translate = QCoreApplication.translate


def open_import_wizard(workspace: Workspace, parent: QWidget | None,
                       entity: str = "customer", path: str | None = None) -> ImportWizard:
    """Show the wizard (window-modal, deleted when closed); *path*: read at once."""
    if entity not in importable_entities(workspace.actor):
        entity = "customer"
    wizard = ImportWizard(workspace, entity, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    if path:
        wizard.file_page.path.setText(path)
        wizard.read_file(path)
    return wizard


def import_text() -> str:
    return translate("ImportWizard", "Import ...")


def install(window: MainWindow) -> QAction:
    """File > Import ... (for the current datasheet's record type when it has one)."""
    action = QAction(icon("upload"), translate("ImportWizard", "&Import ..."), window)
    action.setToolTip(translate("ImportWizard", "Import customers, contacts and more from Excel, "
                                                "CSV or contact cards"))

    def start() -> None:
        workspace = window.workspace
        if workspace is None:
            return
        doc = window.current_document()
        entity = getattr(doc, "entity", "customer")
        open_import_wizard(workspace, window, entity if isinstance(entity, str) else "customer")

    action.triggered.connect(lambda _checked=False: start())
    window.add_file_action(action)
    window.db_actions.append(action)
    action.setEnabled(window.workspace is not None)
    return action


def datasheet_button(workspace: Workspace, entity: str, parent: QWidget) -> QToolButton | None:
    """The datasheet toolbar's Import button (None when *entity* cannot be imported)."""
    if entity not in importable_entities(workspace.actor):
        return None
    button = QToolButton(parent)
    button.setIcon(icon("upload"))
    button.setToolTip(translate("ImportWizard", "Import {records} from a file ...").format(
        records=entity_plural(entity)))
    button.clicked.connect(lambda: open_import_wizard(workspace, parent.window(), entity))
    return button


def add_menu_action(menu: QMenu, workspace: Workspace, entity: str, parent: QWidget) -> None:
    """The datasheet context menu's Import entry."""
    if entity in importable_entities(workspace.actor):
        menu.addAction(icon("upload"), import_text(),
                       lambda: open_import_wizard(workspace, parent.window(), entity))
