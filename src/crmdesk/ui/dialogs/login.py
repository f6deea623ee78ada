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
from crmdesk.ui.icons import ACCENT, icon
from crmdesk.ui.widgets.buttons import dialog_buttons


class LoginDialog(QDialog):
    """Asks for a user name and password and logs in (lockout and freeze messages shown)."""

    def __init__(self, db: Database, last_user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.must_change_password = False
        self.setWindowTitle(self.tr("Log in - crmdesk"))
        self.setMinimumWidth(420)

        header = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icon("users", ACCENT).pixmap(40, 40))
        header.addWidget(logo)
        titles = QVBoxLayout()
        title = QLabel(self.tr("Welcome to crmdesk"))
        title.setProperty("role", "title")
        subtitle = QLabel(db.path.name if db.path else db.display_name)
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
        try:
            # Login happens before the workspace (and its executor) exists; it takes
            # one key derivation (~0.3 s), so it runs here.
            if self.db.read_only:
                with self.db.session() as s:
                    self.actor = accounts.login(s, name, self.password.text(), record=False)
            else:
                with self.db.transaction() as s:
                    self.actor = accounts.login(s, name, self.password.text())
                    user = accounts.user_by_name(s, name)
                    self.must_change_password = user.must_change_password
        except KnownError as exc:
            self.show_message(exc.message)
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
