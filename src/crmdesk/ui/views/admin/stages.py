"""The pipeline stages tab of the settings: add, rename, reorder, probability, retire.

Each button is one audited change through ``core.services.stages`` (the same rules
as ``crmdesk stage ...``); the probabilities typed in the table are saved with the
other settings ("Save settings").  A problem is shown under the table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services import stages as stage_config
from crmdesk.core.session import Session
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace


class StageDialog(QDialog):
    """The names (and, for a new stage, key and probability) of a stage."""

    def __init__(self, parent: QWidget, title: str, *, summary: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.key = QLineEdit()
        self.key.setPlaceholderText("site_visit")
        self.name_zh = QLineEdit(summary.name_zh or "" if summary is not None else "")
        self.name_zh.setPlaceholderText(self.tr("e.g. 上门拜访"))
        self.name = QLineEdit(summary.name if summary is not None else "")
        self.name.setPlaceholderText(self.tr("e.g. Site visit"))
        self.probability = QSpinBox()
        self.probability.setRange(0, 100)
        self.probability.setSuffix(" %")
        if summary is None:
            form.addRow(self.tr("Key:"), self.key)
        form.addRow(self.tr("Name (Chinese):"), self.name_zh)
        form.addRow(self.tr("Name (English):"), self.name)
        if summary is None:
            form.addRow(self.tr("Probability:"), self.probability)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class StagesEditor(QWidget):
    """The stages in pipeline order with their names, probability and state."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.table = simple_table([self.tr("Key"), self.tr("Stage"), self.tr("Name (Chinese)"),
                                   self.tr("Name (English)"), self.tr("Probability %"),
                                   self.tr("Kind"), self.tr("Retired"),
                                   self.tr("Opportunities")])
        self.spins: dict[str, QSpinBox] = {}
        self.rows: list[stage_config.StageSummary] = []
        buttons = QHBoxLayout()
        for name, text, slot in (
                ("plus", self.tr("Add stage ..."), self.ask_add),
                ("pencil", self.tr("Rename ..."), self.ask_rename),
                ("chevron-up", self.tr("Move up"), lambda: self.move_selected(-1)),
                ("chevron-down", self.tr("Move down"), lambda: self.move_selected(1)),
                ("archive", self.tr("Retire ..."), self.ask_retire),
                ("archive-restore", self.tr("Reinstate"), self.reinstate_selected)):
            buttons.addWidget(action_button(name, text, slot))
        buttons.addStretch()
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        hint = QLabel(self.tr("New opportunities start in the first open stage. A retired "
                              "stage takes no new moves; the opportunities in it keep it. "
                              "Probabilities are saved with the settings."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.fill()

    # -- showing --------------------------------------------------------------

    def fill(self, select: str | None = None) -> None:
        self.rows = self.workspace.read(stage_config.summaries)
        yes, no = self.tr("Yes"), self.tr("No")
        kinds = {"won": self.tr("Won"), "lost": self.tr("Lost"), "open": self.tr("Open")}
        self.table.setRowCount(len(self.rows))
        self.spins = {}
        for row, st in enumerate(self.rows):
            kind = "won" if st.is_won else "lost" if st.is_lost else "open"
            set_row(self.table, row, [st.key, st.shown, st.name_zh or "", st.name, "",
                                      kinds[kind], yes if st.retired else no,
                                      st.opportunities], st.key)
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setValue(st.probability)
            spin.setEnabled(st.is_open)  # won: 100, lost: 0, always
            self.spins[st.key] = spin
            self.table.setCellWidget(row, 4, spin)
            if st.key == select:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()

    def selected(self) -> stage_config.StageSummary | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def probabilities(self) -> dict[str, int]:
        """The probabilities as typed, for "Save settings"."""
        return {key: spin.value() for key, spin in self.spins.items()}

    # -- changing ---------------------------------------------------------------

    def _run(self, work: Callable[[Session], Any], select: str | None) -> None:
        def done(_result: Any) -> None:
            self.message.clear()
            self.fill(select)

        self.workspace.op(self, lambda s, _p: work(s),
                          changes=("settings", "opportunity")).success(done).failure(
            lambda exc: self.message.setText(str(exc))).run()

    def add(self, key: str, name: str, name_zh: str, probability: int) -> None:
        actor = self.workspace.actor
        self._run(lambda s: stage_config.add_stage(s, actor, key.strip(), name=name,
                                                   name_zh=name_zh, probability=probability),
                  key.strip())

    def rename(self, key: str, name: str, name_zh: str) -> None:
        actor = self.workspace.actor
        self._run(lambda s: stage_config.rename_stage(s, actor, key, name=name,
                                                      name_zh=name_zh), key)

    def move_stage(self, key: str, position: int) -> None:
        actor = self.workspace.actor
        self._run(lambda s: stage_config.move_stage(s, actor, key, position), key)

    def retire(self, key: str, move_to: str | None = None) -> None:
        actor = self.workspace.actor
        self._run(lambda s: stage_config.retire_stage(s, actor, key, move_to=move_to), key)

    def reinstate(self, key: str) -> None:
        actor = self.workspace.actor
        self._run(lambda s: stage_config.reinstate_stage(s, actor, key), key)

    # -- buttons ----------------------------------------------------------------

    def ask_add(self) -> None:
        dialog = StageDialog(self, self.tr("Add stage"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add(dialog.key.text(), dialog.name.text(), dialog.name_zh.text(),
                     dialog.probability.value())

    def ask_rename(self) -> None:
        st = self.selected()
        if st is None:
            return
        dialog = StageDialog(self, self.tr("Rename stage"), summary=st)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.rename(st.key, dialog.name.text(), dialog.name_zh.text())

    def move_selected(self, step: int) -> None:
        st = self.selected()
        if st is None:
            return
        position = self.rows.index(st) + 1 + step
        if 1 <= position <= len(self.rows):
            self.move_stage(st.key, position)

    def ask_retire(self) -> None:
        st = self.selected()
        if st is None:
            return
        move_to = None
        if st.opportunities and st.is_open:
            targets = [r for r in self.rows if r.key != st.key and not r.retired]
            name, ok = QInputDialog.getItem(
                self, self.tr("Retire stage"),
                self.tr("{n} opportunities are in {stage}. Move them to:").format(
                    n=st.opportunities, stage=st.shown),
                [r.shown for r in targets], 0, False)
            if not ok:
                return
            move_to = next((r.key for r in targets if r.shown == name), None)
        self.retire(st.key, move_to)

    def reinstate_selected(self) -> None:
        st = self.selected()
        if st is not None:
            self.reinstate(st.key)
