"""A datasheet's saved views and mass update (the window side).

* **Save view ...** keeps the sheet's filters, quick filter, sort and columns (shown,
  order, widths) under a name, in the database (:mod:`crmdesk.core.services.saved_views`);
  a manager or administrator may share it with their team.  The views are listed in the
  navigation pane under their record type; opening one restores what was saved.  Their
  context menu there renames, shares or unshares, and deletes one's own views.
  Grouping is not saved: the datasheet has none.
* **Set field ...** sets one field on the selected records, or on all the records
  shown, through :mod:`crmdesk.core.services.mass_update`: the dialog says how many
  records will change before anything does, the work runs in the background with
  progress, and what was refused is reported by count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.filters import ListQuery
from crmdesk.core.services import mass_update, saved_views
from crmdesk.core.session import Session
from crmdesk.errors import KnownError, ValidationError
from crmdesk.ui.errors import show_error

if TYPE_CHECKING:
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.ui.views.datasheet import DatasheetView
    from crmdesk.ui.widgets.field_editors import FieldEditor

translate = QCoreApplication.translate


# ---------------------------------------------------------------------------
# Saved views
# ---------------------------------------------------------------------------

class SaveViewDialog(QDialog):
    """The name of the view, and whether the team sees it (managers, administrators)."""

    def __init__(self, name: str, may_share: bool, shared: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save view"))
        self.name = QLineEdit(name)
        self.name.setMaxLength(saved_views.NAME_LENGTH)
        self.name.setPlaceholderText(self.tr("e.g. Hot leads in Beijing"))
        self.shared = QCheckBox(self.tr("Share with my team (read-only for them)"))
        self.shared.setChecked(shared and may_share)
        self.shared.setVisible(may_share)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        hint = QLabel(self.tr("Saves the filters, the sort and the columns as they are now. "
                              "Saving under a name you used replaces that view."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name:"), self.name)
        form.addRow("", self.shared)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.name.setFocus()


def current_query(sheet: DatasheetView) -> saved_views.ViewQuery:
    """What a view of *sheet* keeps: its filters, quick filter, sort and columns."""
    model = sheet.model
    header = sheet.table.horizontalHeader()
    columns = []
    for spec in sheet.visible_columns():
        column = sheet.all_specs.index(spec)
        columns.append((spec.key, header.sectionSize(column) or None))
    sort = [(model.sort_key, model.sort_desc)] if model.sort_key else []
    return saved_views.view_query(model.filters, sheet._filter_texts, sort, model.text, columns)


def save_view(sheet: DatasheetView) -> SaveViewDialog:
    """Ask for a name and save the sheet's view (the dialog stays open, showing what is
    wrong, until the name is accepted); the navigation pane then lists it."""
    actor = sheet.workspace.actor
    may_share = actor.role in ("admin", "manager") and actor.team_id is not None
    dialog = SaveViewDialog(sheet.view_name or "", may_share, sheet.view_shared, sheet)
    query = current_query(sheet)

    def submit() -> None:
        chosen, share = dialog.name.text(), dialog.shared.isChecked()

        def work(session: Session, _job: Any) -> int:
            return int(saved_views.save(session, actor, sheet.entity, chosen, query,
                                        shared=share).id)

        def saved(view_id: int) -> None:
            sheet.view_saved(view_id, " ".join(chosen.split()), share)
            QDialog.accept(dialog)
            refresh_navigation(sheet)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                dialog.show_error(exc.message)
            else:
                show_error(dialog, exc)

        sheet.workspace.op(dialog, work).success(saved).failure(failed).run()

    dialog.accept = submit  # type: ignore[method-assign]
    dialog.open()
    return dialog


def apply_view(sheet: DatasheetView, view_id: int) -> None:
    """Restore a saved view in *sheet*: title, filters, quick filter, sort, columns."""
    actor = sheet.workspace.actor
    view, query = sheet.workspace.read(lambda s: saved_views.query_of(s, actor, view_id))
    sheet.view_id, sheet.view_name = view.id, view.name
    sheet.view_shared = view.shared_team_id is not None
    sheet._title = view.name
    sheet.title_changed.emit(view.name)
    sheet._filter_texts = dict(query.texts)
    keys = [spec.key for spec in sheet.all_specs]
    header = sheet.table.horizontalHeader()
    if query.columns:
        shown = [(keys.index(key), width) for key, width in query.columns if key in keys]
        for column in range(len(keys)):
            sheet.table.setColumnHidden(column, True)
        for position, (column, width) in enumerate(shown):
            sheet.table.setColumnHidden(column, False)
            header.moveSection(header.visualIndex(column), position)
            if width:
                sheet.table.setColumnWidth(column, width)
    sort_key, sort_desc = (query.sort[0] if query.sort else (None, False))
    if sort_key in keys:
        header.setSortIndicator(keys.index(sort_key), Qt.SortOrder.DescendingOrder
                                if sort_desc else Qt.SortOrder.AscendingOrder)
    sheet.quick.blockSignals(True)
    sheet.quick.setText(query.text)
    sheet.quick.blockSignals(False)
    sheet.model.set_state(query.filters, query.text, sort_key, sort_desc)


def view_menu(window: MainWindow, view: saved_views.ViewSummary) -> Callable[[QMenu], None]:
    """The navigation pane's context menu of a saved view: open it; and for one's own
    view rename, share with the team or make private again (managers, administrators),
    delete.  A view shared by someone else is theirs to change: the menu says so."""

    def fill(menu: QMenu) -> None:
        menu.addAction(translate("Views", "Open"),
                       lambda: window.open_document("view", (view.entity, view.id)))
        menu.addSeparator()
        if not view.mine:
            note = menu.addAction(translate(
                "Views", "Shared by {owner}: only they can change it").format(
                    owner=view.owner_name))
            note.setEnabled(False)
            return
        menu.addAction(translate("Views", "Rename..."), lambda: rename_view(window, view))
        actor = window.workspace.actor if window.workspace is not None else None
        if actor is not None and actor.role in ("admin", "manager") and actor.team_id:
            share = menu.addAction(translate("Views", "Shared with my team"))
            share.setCheckable(True)
            share.setChecked(view.shared)
            share.toggled.connect(lambda on: share_view(window, view, on))
        menu.addAction(translate("Views", "Delete..."), lambda: delete_view(window, view))

    return fill


def _sheets_of(window: MainWindow, view_id: int) -> list[DatasheetView]:
    from crmdesk.ui.views.datasheet import DatasheetView

    return [d for d in window.documents()
            if isinstance(d, DatasheetView) and d.view_id == view_id]


def _change(window: MainWindow, work: Callable[[Session, Any], Any | None],
            done: Callable[[], None]) -> None:
    assert window.workspace is not None

    def finished(_result: Any) -> None:
        done()
        refresh_navigation(window)

    window.workspace.op(window, work).success(finished).run()


def rename_view(window: MainWindow, view: saved_views.ViewSummary) -> None:
    name, ok = QInputDialog.getText(window, translate("Views", "Rename view"),
                                    translate("Views", "New name:"), text=view.name)
    if not ok or not name.strip() or name.strip() == view.name:
        return
    actor = window.workspace.actor if window.workspace is not None else None
    assert actor is not None

    def work(session: Session, _job: Any) -> Any:
        return saved_views.rename(session, actor, view.id, name)

    def done() -> None:
        for sheet in _sheets_of(window, view.id):
            sheet.view_saved(view.id, " ".join(name.split()), view.shared)

    _change(window, work, done)


def share_view(window: MainWindow, view: saved_views.ViewSummary, shared: bool) -> None:
    actor = window.workspace.actor if window.workspace is not None else None
    assert actor is not None

    def work(session: Session, _job: Any) -> Any:
        return saved_views.share(session, actor, view.id, shared)

    def done() -> None:
        for sheet in _sheets_of(window, view.id):
            sheet.view_saved(view.id, view.name, shared)

    _change(window, work, done)


def delete_view(window: MainWindow, view: saved_views.ViewSummary) -> None:
    text = translate("Views", "Delete the view {name}? The records stay; only the saved "
                              "filters, sort and columns go.").format(name=view.name)
    if view.shared:
        text += "\n" + translate("Views", "Your team will no longer see it.")
    answer = QMessageBox.question(window, translate("Views", "Delete view"), text)
    if answer != QMessageBox.StandardButton.Yes:
        return
    actor = window.workspace.actor if window.workspace is not None else None
    assert actor is not None

    def work(session: Session, _job: Any) -> None:
        saved_views.delete(session, actor, view.id)

    def done() -> None:  # the tabs showing it close: what they showed no longer exists
        for sheet in _sheets_of(window, view.id):
            index = window.tabs.indexOf(sheet)
            if index >= 0:
                window.tabs.removeTab(index)
                sheet.deleteLater()

    _change(window, work, done)


def refresh_navigation(widget: QWidget) -> None:
    """Show a new or renamed view in the navigation pane."""
    from crmdesk.ui import navigation

    window = widget.window()
    if hasattr(window, "nav_entries"):
        navigation.rebuild(window)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Mass update
# ---------------------------------------------------------------------------

class SetFieldDialog(QDialog):
    """Choose a field and its new value; says how many records will change first."""

    def __init__(self, sheet: DatasheetView, count: int, parent: QWidget | None = None) -> None:
        from crmdesk.ui.lookups import field_context

        super().__init__(parent or sheet)
        self.sheet = sheet
        self.setWindowTitle(self.tr("Set field"))
        self.specs = mass_update.settable_fields(sheet.entity)
        guarded = sheet.model.service.guarded_fields
        actor = sheet.workspace.actor
        self.specs = [s for s in self.specs if s.key not in guarded or actor.can(guarded[s.key])]
        self.context = field_context(sheet.workspace, sheet.entity, None)
        self.field = QComboBox()
        for spec in self.specs:
            self.field.addItem(spec.translated, spec.key)
        self.count = QLabel(self.tr("This will change {n} records.").format(n=f"{count:,}"))
        self.count.setProperty("role", "subtitle")
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.form = QFormLayout()
        self.form.addRow(self.tr("Field:"), self.field)
        self.editor: FieldEditor | None = None
        self.form.addRow(self.tr("New value:"), QWidget())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Change {n} records").format(n=f"{count:,}"))
        ok.setEnabled(count > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.field.currentIndexChanged.connect(self._field_changed)
        self._field_changed()

    def _field_changed(self) -> None:
        from crmdesk.ui.widgets.field_editors import make_editor

        spec = self.specs[self.field.currentIndex()] if self.specs else None
        if spec is None:
            return
        self.editor = make_editor(spec, self.context)
        self.form.removeRow(1)
        self.form.insertRow(1, self.tr("New value:"), self.editor.widget)
        self.error.hide()

    def key(self) -> str:
        return str(self.field.currentData())

    def value(self) -> Any:
        return self.editor.value() if self.editor is not None else None

    def accept(self) -> None:
        from crmdesk.core.validation import validate

        try:
            validate(self.sheet.entity, {self.key(): self.value()}, partial=True)
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            if self.editor is not None:
                self.editor.set_invalid(True)
            return
        super().accept()


def set_field(sheet: DatasheetView, *, all_shown: bool) -> SetFieldDialog | None:
    """Set a field on the selected records (or all those shown), after saying how many;
    returns the dialog (open, not modal), or None when there is nothing to set or the
    list is still being counted (the dialog then opens when the count arrives).

    The whole list (*all_shown*, or every row selected) goes to the service as its
    query, walked in chunks there: its ids are never gathered here, and its count is
    the sheet's own (else counted in the background)."""
    whole = all_shown or sheet.selects_all()
    ids = None if whole else sheet.selected_ids()
    if not whole and not ids:
        return None
    if whole:
        opened: list[SetFieldDialog | None] = []
        sheet.with_count(lambda n: opened.append(_set_field(sheet, None, n)))
        return opened[0] if opened else None
    actor, entity = sheet.workspace.actor, sheet.entity
    try:  # a selection: the records of it the user may see (bounded by the selection)
        count = sheet.workspace.read(lambda s: mass_update.count(s, actor, entity, ids=ids))
    except KnownError as exc:
        show_error(sheet, exc)
        return None
    return _set_field(sheet, ids, count)


def _set_field(sheet: DatasheetView, ids: list[int] | None, count: int
               ) -> SetFieldDialog | None:
    actor, entity = sheet.workspace.actor, sheet.entity
    query: ListQuery | None = sheet.model.query() if ids is None else None
    dialog = SetFieldDialog(sheet, count)
    if not dialog.specs:
        return None

    def go() -> None:
        key, value = dialog.key(), dialog.value()

        def work(session: Session, job: Any) -> mass_update.MassUpdateResult:
            def progress(done: int, total: int) -> None:
                job.report("", done, total)
                job.check()  # Cancel: the update stops, its transaction rolls back

            return mass_update.run(session, actor, entity, key, value, ids=ids, query=query,
                                   progress=progress)

        sheet.workspace.op(sheet, work, changes=(entity,), cancellable=True, label=translate(
            "DatasheetViews", "Changing {n} records ...").format(n=f"{count:,}")).success(
            lambda result: _report(sheet, result)).run()

    dialog.accepted.connect(go)
    dialog.open()
    return dialog


def _report(sheet: DatasheetView, result: mass_update.MassUpdateResult) -> None:
    """What changed, and what was refused by count and reason."""
    sheet.last_mass_update = result
    lines = [translate("DatasheetViews", "{changed} records changed, {unchanged} had the "
                                         "value already.").format(
        changed=f"{result.changed:,}", unchanged=f"{result.unchanged:,}")]
    if result.refused:
        lines.append(translate("DatasheetViews", "{n} records were refused:").format(
            n=f"{result.refused_count:,}"))
        lines += [f"· {reason} ({n:,})" for reason, n in result.refused.most_common()]
    box = QMessageBox(QMessageBox.Icon.Warning if result.refused
                      else QMessageBox.Icon.Information,
                      translate("DatasheetViews", "Set field"), "\n".join(lines),
                      QMessageBox.StandardButton.Ok, sheet)
    box.setObjectName("mass_update_result")
    box.open()
