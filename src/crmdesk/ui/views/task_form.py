"""A task's form: the record form with a repeat editor, and the question "this one or
all future?" when an occurrence of a recurring task is edited."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.widgets.field_editors import FieldEditor
from crmdesk.ui.widgets.repeat_editor import RepeatEditor
from crmdesk.ui.workspace import Workspace

#: edits that need no question: completing an occurrence makes the next one anyway
NO_QUESTION = frozenset({"done"})


class TaskForm(RecordForm):
    #: the rule of the task as saved (an occurrence of a recurring task asks how to save)
    saved_rule: str | None = None

    def __init__(self, workspace: Workspace, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(workspace, "task", record_id, defaults=defaults, parent=parent)
        due = self.editors.get("due_at")
        if due is not None:
            due.changed.connect(self._due_changed)
            self._due_changed()

    def _place(self, key: str, text: str, required: bool, editor: FieldEditor, section: str,
               wide: bool = False) -> None:
        if key == "recurrence":
            editor = RepeatEditor(editor.spec)
            wide = True
        super()._place(key, text, required, editor, section, wide)

    @property
    def repeat_editor(self) -> RepeatEditor:
        editor = self.editors["recurrence"]
        assert isinstance(editor, RepeatEditor)
        return editor

    def _due_changed(self) -> None:
        from crmdesk.core.validation import clean_datetime

        try:
            due = clean_datetime(self.editors["due_at"].value())
        except Exception:  # noqa: BLE001 - half-typed: the field shows its own message
            due = None
        self.repeat_editor.repeat.set_start(due)

    def _populate(self, values: dict[str, Any]) -> None:
        super()._populate(values)
        self.saved_rule = values.get("recurrence")
        self._due_changed()

    def update_options(self) -> dict[str, Any] | None:
        """An edit of one occurrence of a recurring task: this one, or all future ones?
        (A changed rule always applies from this occurrence on.)"""
        if not self.saved_rule or not (self.edited - NO_QUESTION) or \
                "recurrence" in self.edited:
            return {"scope": "future"} if self.saved_rule else {}
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Recurring task"),
                          self.tr("This task repeats. Change only this one, or this one and "
                                  "all that follow?"), parent=self)
        this = box.addButton(self.tr("Only this one"), QMessageBox.ButtonRole.AcceptRole)
        future = box.addButton(self.tr("This and all future"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(this)
        box.exec()
        clicked = box.clickedButton()
        if clicked is this:
            return {"scope": "this"}
        if clicked is future:
            return {"scope": "future"}
        return None
