"""Users and teams: who may log in, in which role and team, and in which state."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from crmdesk.core.fields import choice_label
from crmdesk.core.presentation import datetime_text
from crmdesk.core.services import accounts
from crmdesk.core.services.accounts import AccountSummary
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.changes import on_changes
from crmdesk.ui.widgets.tables import action_button, set_row, simple_table
from crmdesk.ui.workspace import Workspace


class UsersView(Document):
    key = "users"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.users: list[AccountSummary] = []
        self.table = simple_table([self.tr("User name"), self.tr("Name"), self.tr("Role"),
                                   self.tr("Team"), self.tr("State"), self.tr("Last login")])
        self.table.doubleClicked.connect(lambda _i: self.edit_user())
        buttons = QHBoxLayout()
        buttons.addWidget(action_button("user-plus", self.tr("New user ..."), self.new_user))
        buttons.addWidget(action_button("pencil", self.tr("Edit ..."), self.edit_user))
        buttons.addWidget(action_button("key-round", self.tr("Reset password ..."), self.reset))
        buttons.addWidget(action_button("lock", self.tr("Unlock"), self.unlock))
        buttons.addWidget(action_button("refresh-cw", self.tr("Unfreeze"), self.unfreeze))
        self.toggle = action_button("x", self.tr("Disable"), self.toggle_disabled)
        buttons.addWidget(self.toggle)
        buttons.addWidget(action_button("handshake", self.tr("Hand over customers ..."),
                                        self.hand_over))
        buttons.addStretch()
        buttons.addWidget(action_button("users", self.tr("New team ..."), self.new_team))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        title = QLabel(self.tr("Users and teams"))
        title.setProperty("role", "title")
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        on_changes(workspace, self, ("user",), self.refresh)
        self.refresh()

    def title(self) -> str:
        return self.tr("Users and teams")

    def icon(self) -> QIcon:
        return icon("user-cog")

    def state_text(self, user: AccountSummary) -> str:
        if user.state == accounts.DISABLED:
            return self.tr("Disabled")
        if user.state == accounts.FROZEN:
            return self.tr("Frozen since {at}").format(at=datetime_text(user.state_at))
        if user.state == accounts.LOCKED:
            return self.tr("Locked until {at}").format(at=datetime_text(user.state_at))
        return self.tr("Active")

    def refresh(self) -> None:
        actor = self.workspace.actor
        self.users = self.workspace.read(lambda s: accounts.account_summaries(s, actor))
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            set_row(self.table, row, [user.username, user.display_name,
                                      choice_label("role", user.role), user.team_name,
                                      self.state_text(user),
                                      datetime_text(user.last_login_at)], user.id)
            state_item = self.table.item(row, 4)
            if state_item is not None and user.blocked:
                state_item.setForeground(QBrush(QColor(theme.ERROR)))
        self.table.resizeColumnsToContents()
        self.status_changed.emit(self.tr("{n} users").format(n=len(self.users)))

    def status_text(self) -> str:
        return self.tr("{n} users").format(n=len(self.users))

    def selected(self) -> AccountSummary | None:
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _selection_changed(self) -> None:
        user = self.selected()
        self.toggle.setText(self.tr("Enable") if user and user.disabled else self.tr("Disable"))

    def new_user(self) -> None:
        from crmdesk.ui.dialogs.users import UserDialog

        UserDialog(self.workspace, None, self).exec()

    def edit_user(self) -> None:
        from crmdesk.ui.dialogs.users import UserDialog

        user = self.selected()
        if user is not None:
            UserDialog(self.workspace, user, self).exec()

    def reset(self) -> None:
        from crmdesk.ui.dialogs.users import ResetPasswordDialog

        user = self.selected()
        if user is not None:
            ResetPasswordDialog(self.workspace, user, self).exec()

    def hand_over(self) -> None:
        from crmdesk.ui.dialogs.handover import HandoverDialog

        user = self.selected()
        if user is not None:
            HandoverDialog(self.workspace, user, self).exec()

    def new_team(self) -> None:
        from crmdesk.ui.dialogs.users import TeamDialog

        TeamDialog(self.workspace, self).exec()

    def _act(self, fn: Any) -> None:
        user = self.selected()
        if user is None:
            return
        actor, user_id = self.workspace.actor, user.id
        self.workspace.op(self, lambda s, _p: fn(s, actor, user_id), changes=("user",)).run()

    def unlock(self) -> None:
        self._act(accounts.unlock)

    def unfreeze(self) -> None:
        self._act(accounts.unfreeze)

    def toggle_disabled(self) -> None:
        from crmdesk.ui.dialogs.handover import offer_before_disable

        user = self.selected()
        if user is not None:
            disabled = not user.disabled
            if disabled and not offer_before_disable(self.workspace, user, self):
                return
            actor, user_id = self.workspace.actor, user.id
            self.workspace.op(self, lambda s, job: accounts.set_disabled(
                s, actor, user_id, disabled, job), changes=("user",)).run()
