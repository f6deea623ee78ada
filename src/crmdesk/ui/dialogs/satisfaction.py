"""Recording the customer's satisfaction with a ticket: 1-5 stars and a comment.

Closing a ticket in its form (a move into a status of the "closed" category) offers
this dialog when the ticket has no score yet (:func:`offer`).  It opens window-modal
without blocking (``open()``); Save records through
``core.services.satisfaction.record`` (audited; a low score makes a follow-up task),
"Not now" records nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from crmdesk.core.services import satisfaction
from crmdesk.ui.workspace import Workspace


class SatisfactionDialog(QDialog):
    """Stars 1-5, how the score was taken and the customer's words."""

    def __init__(self, workspace: Workspace, ticket_id: int, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.ticket_id = ticket_id
        self.recorded: Any = None
        self.setWindowTitle(self.tr("Customer satisfaction"))
        form = QFormLayout(self)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        form.addRow(QLabel(self.tr("How satisfied is the customer with {ticket}?")
                           .format(ticket=title)))
        self.stars = QButtonGroup(self)
        row = QHBoxLayout()
        for score in range(1, 6):
            button = QPushButton("★" * score)
            button.setCheckable(True)
            button.setToolTip(self.tr("{n} of 5").format(n=score))
            self.stars.addButton(button, score)
            row.addWidget(button)
        self.stars.idClicked.connect(lambda _n: self.message.clear())
        form.addRow(self.tr("Score:"), row)
        self.source = QComboBox()
        for key in ("phone", "survey"):
            self.source.addItem(satisfaction.source_name(key), key)
        form.addRow(self.tr("Taken:"), self.source)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("What the customer said (optional)"))
        self.comment.setFixedHeight(70)
        form.addRow(self.tr("Comment:"), self.comment)
        form.addRow(self.message)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Save"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def set_score(self, score: int) -> None:
        button = self.stars.button(score)
        if button is not None:
            button.setChecked(True)

    def save(self) -> None:
        score = self.stars.checkedId()
        if score < 1:
            self.message.setText(self.tr("Choose a score: 1 to 5 stars."))
            return
        actor, ticket_id = self.workspace.actor, self.ticket_id
        comment = self.comment.toPlainText()
        source = str(self.source.currentData())

        def done(result: Any) -> None:
            self.recorded = result
            self.accept()

        self.workspace.op(self, lambda s, _p: satisfaction.record(
            s, actor, ticket_id, score, comment, source=source),
            changes=("ticket", "task")).success(done).failure(
            lambda exc: self.message.setText(str(exc))).run()


def offer(parent: Any, workspace: Workspace, ticket_id: int,
          title: str) -> SatisfactionDialog | None:
    """Open the dialog (without blocking) when the ticket was just closed and has no
    score yet; returns it (None when not offered)."""
    actor = workspace.actor
    if not workspace.read(lambda s: satisfaction.should_offer(s, actor, ticket_id)):
        return None
    dialog = SatisfactionDialog(workspace, ticket_id, title, parent)
    reload = getattr(parent, "_load_history", None)  # the form shows it in the history
    if reload is not None:
        dialog.accepted.connect(reload)
    dialog.open()
    return dialog
