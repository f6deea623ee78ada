"""Readable names of audit actions."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from crmdesk.core.i18n import QT_TRANSLATE_NOOP

ACTIONS = {
    "create": QT_TRANSLATE_NOOP("Audit", "Created"),
    "update": QT_TRANSLATE_NOOP("Audit", "Changed"),
    "delete": QT_TRANSLATE_NOOP("Audit", "Deleted"),
    "restore": QT_TRANSLATE_NOOP("Audit", "Restored"),
    "purge": QT_TRANSLATE_NOOP("Audit", "Purged"),
    "reassign": QT_TRANSLATE_NOOP("Audit", "Given to another owner"),
    "reveal": QT_TRANSLATE_NOOP("Audit", "Sensitive field shown"),
    "export": QT_TRANSLATE_NOOP("Audit", "Exported"),
    "import": QT_TRANSLATE_NOOP("Audit", "Imported"),
    "merge": QT_TRANSLATE_NOOP("Audit", "Merged"),
    "not_duplicates": QT_TRANSLATE_NOOP("Audit", "Marked not duplicates"),
    "maybe_duplicates": QT_TRANSLATE_NOOP("Audit", "Marked possible duplicates again"),
    "login": QT_TRANSLATE_NOOP("Audit", "Logged in"),
    "login_failed": QT_TRANSLATE_NOOP("Audit", "Login failed"),
    "lockout": QT_TRANSLATE_NOOP("Audit", "Account locked"),
    "unlock": QT_TRANSLATE_NOOP("Audit", "Account unlocked"),
    "freeze": QT_TRANSLATE_NOOP("Audit", "Account frozen"),
    "unfreeze": QT_TRANSLATE_NOOP("Audit", "Account unfrozen"),
    "user_create": QT_TRANSLATE_NOOP("Audit", "User created"),
    "user_update": QT_TRANSLATE_NOOP("Audit", "User changed"),
    "user_disable": QT_TRANSLATE_NOOP("Audit", "User disabled"),
    "user_enable": QT_TRANSLATE_NOOP("Audit", "User enabled"),
    "password_change": QT_TRANSLATE_NOOP("Audit", "Password changed"),
    "password_reset": QT_TRANSLATE_NOOP("Audit", "Password reset"),
    "team_create": QT_TRANSLATE_NOOP("Audit", "Team created"),
    "settings": QT_TRANSLATE_NOOP("Audit", "Settings changed"),
    "comment": QT_TRANSLATE_NOOP("Audit", "Comment"),
    "campaign_members": QT_TRANSLATE_NOOP("Audit", "Campaign members"),
    "custom_field_create": QT_TRANSLATE_NOOP("Audit", "Custom field created"),
    "custom_field_update": QT_TRANSLATE_NOOP("Audit", "Custom field changed"),
    "backup": QT_TRANSLATE_NOOP("Audit", "Backup"),
    "restore_db": QT_TRANSLATE_NOOP("Audit", "Database restored"),
    "report": QT_TRANSLATE_NOOP("Audit", "Report"),
    "demo": QT_TRANSLATE_NOOP("Audit", "Demo data"),
}


def action_label(action: str) -> str:
    source = ACTIONS.get(action)
    return QCoreApplication.translate("Audit", source) if source else action
