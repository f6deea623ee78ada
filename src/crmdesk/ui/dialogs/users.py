"""User administration dialogs: create or edit a user, reset a password, new team.

They are given :class:`~crmdesk.core.services.accounts.AccountSummary` values (no
password material, no ORM objects) and change users through ``accounts`` only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import choice_label
from crmdesk.core.permissions import ADMIN, MANAGER, STAFF
from crmdesk.core.services import accounts
from crmdesk.core.services.accounts import AccountSummary
from crmdesk.errors import KnownError
from crmdesk.ui.widgets.buttons import dialog_buttons
from crmdesk.ui.workspace import Workspace


class _Dialog(QDialog):
    def __init__(self, workspace: Workspace, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = dialog_buttons(self, self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def run(self, fn: Any) -> None:
        def failed(exc: BaseException) -> None:
            if isinstance(exc, KnownError):
                self.message.setText(exc.message)
                self.message.show()
            else:
                raise exc

        self.workspace.op(self, fn, changes=("user",)).success(
            lambda _r: self.accept()).failure(failed).run()

    def submit(self) -> None:
        raise NotImplementedError


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UserDialog(_Dialog):
    def __init__(self, workspace: Workspace, user: AccountSummary | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("Edit user") if user else self.tr("New user"),
                         parent)
        self.user = user
        self.username = QLineEdit(user.username if user else "")
        self.username.setEnabled(user is None)
        self.username.setPlaceholderText("wang.li")
        self.display_name = QLineEdit(user.display_name if user else "")
        self.role = QComboBox()
        for role in (ADMIN, MANAGER, STAFF):
            self.role.addItem(choice_label("role", role), role)
        self.role.setCurrentIndex(self.role.findData(user.role if user else "staff"))
        self.team = QComboBox()
        self.team.addItem(self.tr("(no team)"), None)
        for team in workspace.read(accounts.team_summaries):
            self.team.addItem(team.name, team.id)
        if user is not None:
            self.team.setCurrentIndex(max(0, self.team.findData(user.team_id)))
        self.email = QLineEdit(user.email or "" if user else "")
        self.phone = QLineEdit(user.phone or "" if user else "")
        self.form.addRow(self.tr("User name:"), self.username)
        self.form.addRow(self.tr("Name:"), self.display_name)
        self.form.addRow(self.tr("Role:"), self.role)
        self.form.addRow(self.tr("Team:"), self.team)
        self.form.addRow(self.tr("E-mail:"), self.email)
        self.form.addRow(self.tr("Phone:"), self.phone)
        if user is None:
            self.password = _password()
            self.repeat = _password()
            self.must_change = QCheckBox(self.tr("Must choose a new password at first login"))
            self.must_change.setChecked(True)
            self.form.addRow(self.tr("Password:"), self.password)
            self.form.addRow(self.tr("Repeat password:"), self.repeat)
            self.form.addRow("", self.must_change)

    def submit(self) -> None:
        actor = self.workspace.actor
        values = {"display_name": self.display_name.text().strip() or None,
                  "team_id": self.team.currentData(), "email": self.email.text().strip(),
                  "phone": self.phone.text().strip()}
        role = self.role.currentData()
        if self.user is None:
            if self.password.text() != self.repeat.text():
                self.message.setText(self.tr("The two passwords differ: type them again."))
                self.message.show()
                return
            username, password = self.username.text().strip(), self.password.text()
            must_change = self.must_change.isChecked()

            def create(session: Any, _p: Any) -> None:
                accounts.create_user(session, actor, username, password, role,
                                     display_name=values["display_name"],
                                     team_id=values["team_id"], email=values["email"] or None,
                                     phone=values["phone"] or None,
                                     must_change_password=must_change)
            self.run(create)
            return
        user_id = self.user.id

        def update(session: Any, job: Any) -> None:
            accounts.update_user(session, actor, user_id, role=role,
                                 display_name=values["display_name"] or "",
                                 team_id=values["team_id"], email=values["email"],
                                 phone=values["phone"], job=job)
        self.run(update)


class ResetPasswordDialog(_Dialog):
    def __init__(self, workspace: Workspace, user: AccountSummary,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("Reset password of {user}").format(
            user=user.username), parent)
        self.user_id = user.id
        self.password = _password()
        self.repeat = _password()
        self.must_change = QCheckBox(self.tr("Must choose a new password at next login"))
        self.must_change.setChecked(True)
        note = QLabel(self.tr("The old password is not needed. The user's access to encrypted "
                              "fields is kept."))
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        self.form.addRow(note)
        self.form.addRow(self.tr("New password:"), self.password)
        self.form.addRow(self.tr("Repeat password:"), self.repeat)
        self.form.addRow("", self.must_change)

    def submit(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText(self.tr("The two passwords differ: type them again."))
            self.message.show()
            return
        actor, password = self.workspace.actor, self.password.text()
        must_change, user_id = self.must_change.isChecked(), self.user_id
        self.run(lambda s, _p: accounts.reset_password(s, actor, user_id, password,
                                                       must_change=must_change))


class TeamDialog(_Dialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("New team"), parent)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. 销售二部"))
        self.form.addRow(self.tr("Team name:"), self.name)

    def submit(self) -> None:
        actor, name = self.workspace.actor, self.name.text()
        self.run(lambda s, _p: accounts.create_team(s, actor, name))
