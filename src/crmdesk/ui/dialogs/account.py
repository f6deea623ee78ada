"""Dialogs about one's own account and a new database: first administrator, password."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services import accounts
from crmdesk.errors import KnownError, ValidationError
from crmdesk.ui.dialogs.template_picker import TemplatePicker
from crmdesk.ui.widgets.buttons import dialog_buttons
from crmdesk.ui.workspace import Workspace


def password_field() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class FormDialog(QDialog):
    """An intro line, a form, a message line for problems, and OK / Cancel."""

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = dialog_buttons(self, self.submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def fail(self, text: str) -> None:
        from crmdesk.ui.widgets.fit import grow_to_fit

        self.message.setText(text)
        self.message.show()
        grow_to_fit(self)  # the fields keep their height

    def submit(self) -> None:
        raise NotImplementedError


class NewDatabaseDialog(FormDialog):
    """Who administers the new file: user name, name, password (twice), company."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New database"), self.tr(
            "Create the first administrator of the new database. Keep the password safe: "
            "without it the encrypted fields (ID numbers, bank accounts) cannot be read."),
            parent)
        self.username = QLineEdit("admin")
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(self.tr("e.g. 王经理"))
        self.password = password_field()
        self.repeat = password_field()
        self.company = QLineEdit()
        self.template = TemplatePicker()
        self.form.addRow(self.tr("User name:"), self.username)
        self.form.addRow(self.tr("Your name:"), self.display_name)
        self.form.addRow(self.tr("Password:"), self.password)
        self.form.addRow(self.tr("Repeat password:"), self.repeat)
        self.form.addRow(self.tr("Company name:"), self.company)
        self.form.addRow(self.tr("Your trade:"), self.template)

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.fail(self.tr("The two passwords differ: type them again."))
            return
        try:
            accounts.check_password_rules(self.password.text(), self.username.text())
        except ValidationError as exc:
            self.fail(exc.message)
            return
        if not accounts.USERNAME_RE.match(self.username.text()):
            self.fail(self.tr("User name: use 2 to 64 letters, digits, dots, dashes or "
                              "underscores, e.g. wang.li"))
            return
        self.accept()


class ChangePasswordDialog(FormDialog):
    """A user changes their own password (the data key is re-wrapped)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        intro = self.tr("Choose a new password of at least 8 characters.")
        super().__init__(self.tr("Change password"), intro, parent)
        self.workspace = workspace
        self.old = password_field()
        self.new = password_field()
        self.repeat = password_field()
        self.form.addRow(self.tr("Current password:"), self.old)
        self.form.addRow(self.tr("New password:"), self.new)
        self.form.addRow(self.tr("Repeat new password:"), self.repeat)

    def submit(self) -> None:
        if self.new.text() != self.repeat.text():
            self.fail(self.tr("The two new passwords differ: type them again."))
            return
        old, new, actor = self.old.text(), self.new.text(), self.workspace.actor

        def work(session: Any, _p: Any) -> None:
            accounts.change_password(session, actor, old, new)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, KnownError):
                self.fail(exc.message)
            else:
                raise exc

        self.workspace.op(self, work).success(lambda _r: self.accept()).failure(failed).run()
