"""The login dialog: user name and password for the opened database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.permissions import Actor
from crmdesk.core.services import accounts
from crmdesk.errors import KnownError
from crmdesk.storage.database import Database
from crmdesk.ui.dialogs.account import FormDialog, password_field
from crmdesk.ui.icons import ACCENT, icon
from crmdesk.ui.widgets.buttons import dialog_buttons


class LoginDialog(QDialog):
    """Asks for a user name and password and logs in (lockout and freeze messages shown)."""

    def __init__(self, db: Database, last_user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Log in - crmdesk"))
        self.setMinimumWidth(420)

        header = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icon("users", ACCENT).pixmap(40, 40))
        header.addWidget(logo)
        titles = QVBoxLayout()
        title = QLabel(self.tr("Welcome to crmdesk"))
        title.setProperty("role", "title")
        from crmdesk.ui.dialogs.connect import database_label

        subtitle = QLabel(db.path.name if db.path else database_label(db))
        subtitle.setProperty("role", "subtitle")
        titles.addWidget(title)
        titles.addWidget(subtitle)
        header.addLayout(titles, 1)

        self.username = QLineEdit(last_user)
        self.username.setPlaceholderText(self.tr("e.g. wang.li"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)

        buttons = dialog_buttons(self, self.try_login, ok_text=self.tr("Log in"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        (self.password if last_user else self.username).setFocus()

    def try_login(self) -> None:
        name = self.username.text().strip()
        if not name:
            self.show_message(self.tr("Enter your user name."))
            self.username.setFocus()
            return
        password = self.password.text()
        try:
            # Login happens before the workspace (and its executor) exists; it takes
            # one key derivation (~0.5 s), so it runs here.  A file opened read-only
            # still counts wrong passwords and audits the login (login_transaction).
            with self.db.login_transaction() as s:
                actor = accounts.login(s, name, password)
            with self.db.session() as s:
                must_change = accounts.must_change_password(s, actor.user_id)
        except KnownError as exc:
            self.show_message(exc.message)
            self.password.selectAll()
            self.password.setFocus()
            return
        if must_change and not self.choose_new_password(actor, password):
            # an administrator set this password: nothing opens before the user's own
            self.show_message(self.tr("Choose your own password to go on: an administrator "
                                      "set the one you typed."))
            return
        self.actor = actor
        self.accept()

    def choose_new_password(self, actor: Actor, current: str) -> bool:
        """The forced change after an administrator's reset, before the workspace opens."""
        dialog = NewPasswordDialog(self.db, actor, current, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class NewPasswordDialog(FormDialog):
    """Choose your own password now (an administrator reset it): new password, twice."""

    def __init__(self, db: Database, actor: Actor, current: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Choose your password - crmdesk"), self.tr(
            "An administrator set your password: choose your own now, of at least 8 "
            "characters."), parent)
        self.db, self.actor, self.current = db, actor, current
        self.new = password_field()
        self.repeat = password_field()
        self.form.addRow(self.tr("New password:"), self.new)
        self.form.addRow(self.tr("Repeat new password:"), self.repeat)
        self.new.setFocus()

    def submit(self) -> None:
        if self.new.text() != self.repeat.text():
            self.fail(self.tr("The two new passwords differ: type them again."))
            return
        if self.new.text() == self.current:
            self.fail(self.tr("Choose a password other than the one the administrator set."))
            return
        try:
            with self.db.login_transaction() as s:
                accounts.change_password(s, self.actor, self.current, self.new.text())
        except KnownError as exc:
            self.fail(exc.message)
            return
        self.accept()
