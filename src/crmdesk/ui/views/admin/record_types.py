"""The designer of record types (Administration > Record types).

The types on the left; the selected type's fields on the right with add, rename,
move up/down, retire/restore and change of kind.  Each button is one audited change
through ``core.services.record_types`` (the same rules as ``crmdesk types``); a
refused change (a kind change with values that do not convert, a unique field with
duplicates) is shown under the grid with the values named.  Definitions are
exported and imported as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.record_types import activate
from crmdesk.core.record_types.definitions import CHOICE_KINDS, KINDS, TypeDef
from crmdesk.core.services import record_types as designer
from crmdesk.core.session import Session
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace


def kind_names() -> dict[str, str]:
    """The field kinds as the designer names them."""
    t = QCoreApplication.translate
    return {
        "text": t("FieldKinds", "Text"), "longtext": t("FieldKinds", "Long text"),
        "number": t("FieldKinds", "Number"), "money": t("FieldKinds", "Money"),
        "date": t("FieldKinds", "Date"), "datetime": t("FieldKinds", "Date and time"),
        "choice": t("FieldKinds", "Choice"), "multichoice": t("FieldKinds", "Multiple choice"),
        "bool": t("FieldKinds", "Yes/no"), "phone": t("FieldKinds", "Phone"),
        "email": t("FieldKinds", "E-mail"), "customer": t("FieldKinds", "Customer"),
        "contact": t("FieldKinds", "Contact"), "product": t("FieldKinds", "Product"),
        "user": t("FieldKinds", "User"), "record": t("FieldKinds", "Record of another type"),
        "secret": t("FieldKinds", "Sensitive text (encrypted)"),
        "id_number": t("FieldKinds", "ID number (encrypted)"),
    }


class TypeDialog(QDialog):
    """A new record type: key, names, what its records belong to, code prefix."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New record type"))
        form = QFormLayout(self)
        self.key = QLineEdit()
        self.key.setPlaceholderText("visit")
        self.name_zh = QLineEdit()
        self.name_zh.setPlaceholderText(self.tr("e.g. 来店登记"))
        self.name_en = QLineEdit()
        self.name_en.setPlaceholderText(self.tr("e.g. Showroom visit"))
        self.belongs_to = QComboBox()
        self.belongs_to.addItem(self.tr("A customer (visible as the customer is)"), "customer")
        self.belongs_to.addItem(self.tr("An owner (staff, their manager, administrators)"),
                                "owner")
        self.prefix = QLineEdit()
        self.prefix.setPlaceholderText("V")
        form.addRow(self.tr("Key:"), self.key)
        form.addRow(self.tr("Name (Chinese):"), self.name_zh)
        form.addRow(self.tr("Name (English):"), self.name_en)
        form.addRow(self.tr("Records belong to:"), self.belongs_to)
        form.addRow(self.tr("Code prefix:"), self.prefix)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def data(self) -> dict[str, Any]:
        return {"key": self.key.text().strip(), "name_zh": self.name_zh.text(),
                "name_en": self.name_en.text(), "belongs_to": self.belongs_to.currentData(),
                "code_prefix": self.prefix.text().strip() or None}


class FieldDialog(QDialog):
    """A field: key (new ones), names, kind, choices, rules."""

    def __init__(self, parent: QWidget, title: str, *, kind_only: bool = False,
                 names_only: bool = False, field: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.key = QLineEdit()
        self.key.setPlaceholderText("plate_no")
        self.name_zh = QLineEdit(field.name_zh if field is not None else "")
        self.name_en = QLineEdit(field.name_en if field is not None else "")
        self.kind = QComboBox()
        names = kind_names()
        for kind in KINDS:
            self.kind.addItem(names[kind], kind)
        if field is not None:
            self.kind.setCurrentIndex(KINDS.index(field.kind))
        self.choices = QPlainTextEdit()
        self.choices.setPlaceholderText(self.tr("One choice a line"))
        if field is not None and field.choices:
            self.choices.setPlainText("\n".join(c.name_zh for c in field.choices))
        self.target = QLineEdit()
        self.required = QCheckBox(self.tr("Required"))
        self.unique = QCheckBox(self.tr("Unique"))
        if not kind_only:
            if field is None:
                form.addRow(self.tr("Key:"), self.key)
            form.addRow(self.tr("Name (Chinese):"), self.name_zh)
            form.addRow(self.tr("Name (English):"), self.name_en)
        if not names_only:
            form.addRow(self.tr("Kind:"), self.kind)
            form.addRow(self.tr("Choices:"), self.choices)
            form.addRow(self.tr("Refers to type:"), self.target)
        if field is None:
            form.addRow("", self.required)
            form.addRow("", self.unique)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice_list(self) -> list[str] | None:
        lines = [line.strip() for line in self.choices.toPlainText().splitlines()]
        return [line for line in lines if line] or None

    def data(self) -> dict[str, Any]:
        kind = str(self.kind.currentData())
        data: dict[str, Any] = {"key": self.key.text().strip(), "name_zh": self.name_zh.text(),
                                "name_en": self.name_en.text(), "kind": kind,
                                "required": self.required.isChecked(),
                                "unique": self.unique.isChecked()}
        if kind in CHOICE_KINDS:
            data["choices"] = self.choice_list()
        if kind == "record":
            data["target"] = self.target.text().strip()
        return data


class RulesDialog(QDialog):
    """A field's rules, help and section (its names and kind have their own buttons)."""

    def __init__(self, parent: QWidget, field: Any) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rules of {field}").format(field=field.name_zh))
        form = QFormLayout(self)
        self.required = QCheckBox(self.tr("Required"))
        self.required.setChecked(field.required)
        self.unique = QCheckBox(self.tr("Unique (no two live records share a value)"))
        self.unique.setChecked(field.unique)
        self.indexed = QCheckBox(self.tr("Indexed (fast filters and sorting)"))
        self.indexed.setChecked(field.indexed)
        self.in_list = QCheckBox(self.tr("Shown in the datasheet"))
        self.in_list.setChecked(field.in_list)
        self.default = QLineEdit(field.default or "")
        self.minimum = QLineEdit(field.min or "")
        self.maximum = QLineEdit(field.max or "")
        self.help_zh = QLineEdit(field.help_zh or "")
        self.help_en = QLineEdit(field.help_en or "")
        self.section = QLineEdit(field.section or "")
        #: date fields: in the calendar, and a reminder N days before (-1: none)
        self.dated = field.kind in ("date", "datetime")
        self.calendar = QCheckBox(self.tr("Shown in the calendar"))
        self.calendar.setChecked(field.calendar)
        self.remind = QSpinBox()
        self.remind.setRange(-1, 365)
        self.remind.setSpecialValueText(self.tr("No reminder"))
        self.remind.setSuffix(self.tr(" days before"))
        self.remind.setValue(-1 if field.remind_days_before is None
                             else field.remind_days_before)
        for box in (self.required, self.unique, self.indexed, self.in_list):
            form.addRow("", box)
        if self.dated:
            form.addRow("", self.calendar)
            form.addRow(self.tr("Remind the holder:"), self.remind)
        form.addRow(self.tr("Default:"), self.default)
        form.addRow(self.tr("Minimum:"), self.minimum)
        form.addRow(self.tr("Maximum:"), self.maximum)
        form.addRow(self.tr("Help (Chinese):"), self.help_zh)
        form.addRow(self.tr("Help (English):"), self.help_en)
        form.addRow(self.tr("Section:"), self.section)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict[str, Any]:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        changes: dict[str, Any] = {
                   "required": self.required.isChecked(), "unique": self.unique.isChecked(),
                   "indexed": self.indexed.isChecked(), "in_list": self.in_list.isChecked(),
                   "default": text(self.default), "min": text(self.minimum),
                   "max": text(self.maximum), "help_zh": text(self.help_zh),
                   "help_en": text(self.help_en), "section": text(self.section)}
        if self.dated:
            changes["calendar"] = self.calendar.isChecked()
            changes["remind_days_before"] = self.remind.value() \
                if self.remind.value() >= 0 else None
        return changes


class RecordTypesView(Document):
    """Administration > Record types."""

    key = "record_types"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.types: list[TypeDef] = []
        self.type_list = QListWidget()
        self.type_list.currentRowChanged.connect(lambda _row: self.fill_fields())
        self.grid = simple_table([self.tr("Key"), self.tr("Name (Chinese)"),
                                  self.tr("Name (English)"), self.tr("Kind"),
                                  self.tr("Required"), self.tr("Unique"), self.tr("Section"),
                                  self.tr("Retired")])
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(self.tr("Record types")))
        left_layout.addWidget(self.type_list, 1)
        type_buttons = QHBoxLayout()
        for name, text, slot in (
                ("plus", self.tr("New type ..."), self.ask_new_type),
                ("upload", self.tr("Import ..."), self.ask_import),
                ("download", self.tr("Export ..."), self.ask_export)):
            type_buttons.addWidget(action_button(name, text, slot))
        left_layout.addLayout(type_buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(QLabel(self.tr("Fields")))
        right_layout.addWidget(self.grid, 1)
        right_layout.addWidget(self.message)
        field_buttons = QHBoxLayout()
        for name, text, slot in (
                ("plus", self.tr("Add field ..."), self.ask_add_field),
                ("pencil", self.tr("Rename ..."), self.ask_rename),
                ("settings", self.tr("Rules ..."), self.ask_rules),
                ("chevron-up", self.tr("Move up"), lambda: self.move_selected(-1)),
                ("chevron-down", self.tr("Move down"), lambda: self.move_selected(1)),
                ("archive", self.tr("Retire"), lambda: self.retire_selected(True)),
                ("archive-restore", self.tr("Restore"), lambda: self.retire_selected(False)),
                ("refresh-cw", self.tr("Change kind ..."), self.ask_change_kind)):
            field_buttons.addWidget(action_button(name, text, slot))
        field_buttons.addStretch()
        right_layout.addLayout(field_buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.fill_types()

    def title(self) -> str:
        return self.tr("Record types")

    def icon(self) -> QIcon:
        return icon("database")

    # -- showing ------------------------------------------------------------------

    def fill_types(self, select: str | None = None) -> None:
        actor = self.workspace.actor
        self.types = self.workspace.read(lambda s: designer.list_types(s, actor))
        shown = self.current_type()
        current = select or (shown.key if shown is not None else None)
        self.type_list.clear()
        for typedef in self.types:
            text = f"{typedef.name_zh} / {typedef.name_en} ({typedef.key})"
            if typedef.retired:
                text += " - " + self.tr("retired")
            self.type_list.addItem(QListWidgetItem(text))
        keys = [t.key for t in self.types]
        self.type_list.setCurrentRow(keys.index(current) if current in keys else 0)
        self.fill_fields()

    def current_type(self) -> TypeDef | None:
        row = self.type_list.currentRow()
        return self.types[row] if 0 <= row < len(self.types) else None

    def fill_fields(self, select: str | None = None) -> None:
        typedef = self.current_type()
        fields = sorted(typedef.fields, key=lambda f: f.position) if typedef else []
        yes, no = self.tr("Yes"), self.tr("No")
        names = kind_names()
        self.grid.setRowCount(len(fields))
        for row, f in enumerate(fields):
            set_row(self.grid, row, [f.key, f.name_zh, f.name_en, names.get(f.kind, f.kind),
                                     yes if f.required else no, yes if f.unique else no,
                                     f.section or "", yes if f.retired else no], f.key)
            if f.key == select:
                self.grid.selectRow(row)
        self.grid.resizeColumnsToContents()

    def selected_field(self) -> Any:
        typedef = self.current_type()
        row = self.grid.currentRow()
        if typedef is None or row < 0:
            return None
        return sorted(typedef.fields, key=lambda f: f.position)[row]

    # -- changing -----------------------------------------------------------------

    def run(self, work: Callable[[Session], Any], *, select: str | None = None,
            field: str | None = None) -> None:
        def done(_result: Any) -> None:
            self.message.clear()
            self.fill_types(select)
            self.fill_fields(field)
            window: Any = self.window()
            if hasattr(window, "_build_navigation"):
                from crmdesk.ui import navigation

                navigation.rebuild(window)

        def failed(exc: BaseException) -> None:
            self.workspace.read(activate)  # what the file holds, again
            self.message.setText(str(exc))

        self.workspace.op(self, lambda s, _p: work(s), changes=("settings",)).success(
            done).failure(failed).run()

    def ask_new_type(self) -> None:
        dialog = TypeDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_type(dialog.data())

    def create_type(self, data: dict[str, Any]) -> None:
        actor = self.workspace.actor
        self.run(lambda s: designer.create_type(s, actor, data), select=data.get("key"))

    def ask_add_field(self) -> None:
        typedef = self.current_type()
        if typedef is None:
            return
        dialog = FieldDialog(self, self.tr("Add field"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_field(typedef.key, dialog.data())

    def add_field(self, type_key: str, data: dict[str, Any]) -> None:
        actor = self.workspace.actor
        self.run(lambda s: designer.add_field(s, actor, type_key, data), select=type_key,
                 field=data.get("key"))

    def ask_rename(self) -> None:
        typedef, field = self.current_type(), self.selected_field()
        if typedef is None or field is None:
            return
        dialog = FieldDialog(self, self.tr("Rename field"), names_only=True, field=field)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.rename(typedef.key, field.key, dialog.name_zh.text(), dialog.name_en.text())

    def rename(self, type_key: str, field_key: str, name_zh: str, name_en: str) -> None:
        actor = self.workspace.actor
        self.run(lambda s: designer.rename_field(s, actor, type_key, field_key,
                                                 name_zh=name_zh, name_en=name_en),
                 select=type_key, field=field_key)

    def ask_rules(self) -> None:
        typedef, field = self.current_type(), self.selected_field()
        if typedef is None or field is None:
            return
        dialog = RulesDialog(self, field)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.change_rules(typedef.key, field.key, dialog.changes())

    def change_rules(self, type_key: str, field_key: str, changes: dict[str, Any]) -> None:
        actor = self.workspace.actor
        self.run(lambda s: designer.update_field(s, actor, type_key, field_key, changes),
                 select=type_key, field=field_key)

    def move_selected(self, step: int) -> None:
        typedef, field = self.current_type(), self.selected_field()
        if typedef is None or field is None:
            return
        keys = [f.key for f in sorted(typedef.fields, key=lambda f: f.position)]
        i = keys.index(field.key)
        j = i + step
        if 0 <= j < len(keys):
            keys[i], keys[j] = keys[j], keys[i]
            actor = self.workspace.actor
            self.run(lambda s: designer.reorder_fields(s, actor, typedef.key, keys),
                     select=typedef.key, field=field.key)

    def retire_selected(self, retired: bool) -> None:
        typedef, field = self.current_type(), self.selected_field()
        if typedef is None or field is None:
            return
        actor = self.workspace.actor
        self.run(lambda s: designer.retire_field(s, actor, typedef.key, field.key,
                                                 retired=retired),
                 select=typedef.key, field=field.key)

    def ask_change_kind(self) -> None:
        typedef, field = self.current_type(), self.selected_field()
        if typedef is None or field is None:
            return
        dialog = FieldDialog(self, self.tr("Change kind"), kind_only=True, field=field)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            data = dialog.data()
            self.change_kind(typedef.key, field.key, data["kind"], data.get("choices"),
                             data.get("target"))

    def change_kind(self, type_key: str, field_key: str, kind: str, choices: Any = None,
                    target: str | None = None) -> None:
        actor = self.workspace.actor
        self.run(lambda s: designer.change_kind(s, actor, type_key, field_key, kind,
                                                choices=choices, target=target),
                 select=type_key, field=field_key)

    def ask_import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import record types"), "", self.tr("Definitions (*.json)"))
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            self.message.setText(self.tr("Cannot read {file}: {error}").format(
                file=path.name, error=exc))
            return
        actor = self.workspace.actor
        self.run(lambda s: designer.import_definitions(s, actor, raw))

    def ask_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export record types"), "record-types.json",
            self.tr("Definitions (*.json)"))
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> None:
        from crmdesk.storage.files import atomic_write

        actor = self.workspace.actor

        def write(s: Session) -> None:
            doc = designer.export_definitions(s, actor)
            atomic_write(path, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
                         .encode("utf-8"))

        self.workspace.op(self, lambda s, _p: write(s)).failure(
            lambda exc: self.message.setText(str(exc))).run()
