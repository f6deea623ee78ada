"""Administration > Apply a template…: the industry templates with their descriptions; applying
one (administrators) runs :func:`crmdesk.core.services.templates.apply` and shows what
changed.  Applying again changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
)

from crmdesk.core import presentation
from crmdesk.core import templates as template_files
from crmdesk.core.services import templates
from crmdesk.core.session import Session
from crmdesk.errors import KnownError
from crmdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from crmdesk.ui.main_window import MainWindow


class TemplateDialog(QDialog):
    #: a template was applied (the navigation pane shows its record types)
    applied = Signal()

    def __init__(self, workspace: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.result_text = ""
        self.setWindowTitle(self.tr("Apply a template"))
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Choose the template of your trade. Its record types, "
                               "settings, products and analyses are added; your data "
                               "stays."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        chinese = presentation.reads_chinese()
        applied = workspace.read(templates.applied)
        for template in template_files.shipped():
            name = template.name(chinese)
            if template.key in applied:
                name = self.tr("{name} (applied)").format(name=name)
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, template.key)
            item.setToolTip(template.description(chinese))
            self.list.addItem(item)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.list, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(self.tr("Apply"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.apply_button.setEnabled(workspace.actor.role == "admin")
        self.list.currentItemChanged.connect(self._show_description)
        self.list.setCurrentRow(0)

    def chosen(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def _show_description(self, item: QListWidgetItem | None, _old: Any = None) -> None:
        self.description.setText(item.toolTip() if item is not None else "")

    def confirm(self) -> None:
        item: QListWidgetItem | None = self.list.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(self, self.tr("Apply a template"), self.tr(
            "Apply the template {name} to this file?").format(name=item.text()))
        if answer == QMessageBox.StandardButton.Yes:
            self.apply_template()

    def apply_template(self) -> None:
        key = self.chosen()

        def work(session: Session, job: Any) -> templates.ApplyResult:
            return templates.apply(session, self.workspace.actor, key)

        def done(result: templates.ApplyResult) -> None:
            if not result.changed:
                self.result_text = self.tr("The template was applied already: nothing "
                                           "changed.")
            else:
                self.result_text = self.tr(
                    "Template applied: {types} record types, {products} products, "
                    "{analyses} analyses.").format(
                    types=len(result.types_created) + len(result.types_updated),
                    products=len(result.products_created), analyses=len(result.analyses))
            self.message.setText(self.result_text)
            self.message.show()
            self.apply_button.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
                self.tr("Close"))
            self.applied.emit()

        self.workspace.op(self, work, changes=("record_type", "product")).success(
            done).failure(self._show_error).run()

    def _show_error(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            raise exc
        self.message.setText(exc.message)
        self.message.show()


def open_dialog(window: MainWindow) -> TemplateDialog | None:
    """Administration > Apply a template…: the dialog, modeless; when a template was
    applied the navigation pane is built again (its record types appear)."""
    if window.workspace is None:
        return None
    dialog = TemplateDialog(window.workspace, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def applied() -> None:
        from crmdesk.ui import navigation

        navigation.rebuild(window)

    dialog.applied.connect(applied)
    dialog.open()
    return dialog
