"""Readable names of audit actions."""

from __future__ import annotations

import re

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


# ---------------------------------------------------------------------------
# Summaries in the user's language
# ---------------------------------------------------------------------------
# The stored summary is plain English (it is part of the hash chain and must not
# change with the language of whoever wrote it).  For the frequent actions the
# audit view shows it in the user's language, from the same text.

ENTITIES = {
    "database": QT_TRANSLATE_NOOP("Audit", "Database"),
    "setting": QT_TRANSLATE_NOOP("Audit", "Setting"),
    "stage": QT_TRANSLATE_NOOP("Audit", "Sales stage"),
    "team": QT_TRANSLATE_NOOP("Audit", "Team"),
}

_FIXED = {
    "login": QT_TRANSLATE_NOOP("Audit", "Logged in"),
    "wrong password": QT_TRANSLATE_NOOP("Audit", "Wrong password"),
    "changed own password": QT_TRANSLATE_NOOP("Audit", "Changed own password"),
}

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"backup (?P<file>\S+) \((?P<reason>[\w-]+), (?P<size>\d+) bytes"
                r"(?P<encrypted>, encrypted)?(?P<verified>, verified)?\)"),
     QT_TRANSLATE_NOOP("Audit", "Backup {file} ({reason}, {size}{encrypted}{verified})")),
    (re.compile(r"restored (?P<file>\S+) made (?P<made>\S+)"
                r"(?:; previous file kept as (?P<safety>\S+))?"),
     QT_TRANSLATE_NOOP("Audit", "Restored {file} made {made}{safety}")),
    (re.compile(r"locked for (?P<minutes>\d+) minutes"),
     QT_TRANSLATE_NOOP("Audit", "Locked for {minutes} minutes after wrong passwords")),
    (re.compile(r"unknown user (?P<name>.*)"),
     QT_TRANSLATE_NOOP("Audit", "Unknown user name: {name}")),
    (re.compile(r"exported (?P<n>\d+) (?P<entity>\w+) records to (?P<file>.+?)"
                r"(?P<sensitive> including ID numbers and bank accounts)?"),
     QT_TRANSLATE_NOOP("Audit", "Exported {n} {entity} records to {file}{sensitive}")),
    (re.compile(r"imported (?P<n>\d+) (?P<entity>\w+) records from (?P<file>.+) "
                r"\((?P<new>\d+) new, (?P<updated>\d+) updated, (?P<merged>\d+) merged, "
                r"(?P<skipped>\d+) duplicates skipped, (?P<invalid>\d+) rows not imported\)"),
     QT_TRANSLATE_NOOP("Audit", "Imported {n} {entity} records from {file} ({new} new, "
                                "{updated} updated, {merged} merged, {skipped} duplicates "
                                "skipped, {invalid} rows not imported)")),
    (re.compile(r"merged (?P<merged>.+) into (?P<survivor>.+) \(merge #(?P<id>\d+)\)"),
     QT_TRANSLATE_NOOP("Audit", "Merged {merged} into {survivor} (merge #{id})")),
    (re.compile(r"first administrator (?P<name>\S+)"),
     QT_TRANSLATE_NOOP("Audit", "First administrator {name}")),
    (re.compile(r"created user (?P<name>\S+)"),
     QT_TRANSLATE_NOOP("Audit", "Created user {name}")),
    (re.compile(r"changed user (?P<name>\S+)"),
     QT_TRANSLATE_NOOP("Audit", "Changed user {name}")),
    (re.compile(r"reset password of (?P<name>\S+)"),
     QT_TRANSLATE_NOOP("Audit", "Reset the password of {name}")),
    (re.compile(r"unlocked (?P<name>\S+)"), QT_TRANSLATE_NOOP("Audit", "Unlocked {name}")),
    (re.compile(r"unfroze (?P<name>\S+)"), QT_TRANSLATE_NOOP("Audit", "Unfroze {name}")),
    (re.compile(r"disabled (?P<name>\S+)"), QT_TRANSLATE_NOOP("Audit", "Disabled {name}")),
    (re.compile(r"enabled (?P<name>\S+)"), QT_TRANSLATE_NOOP("Audit", "Enabled {name}")),
    (re.compile(r"not duplicates: (?P<names>.+)"),
     QT_TRANSLATE_NOOP("Audit", "Not duplicates: {names}")),
    (re.compile(r"may be duplicates again: (?P<names>.+)"),
     QT_TRANSLATE_NOOP("Audit", "Possible duplicates again: {names}")),
]


_SAFETY = QT_TRANSLATE_NOOP("Audit", "; the previous file was kept as {file}")


def entity_text(entity: str | None) -> str:
    """The audit entry's record type in the user's language."""
    if not entity:
        return ""
    if entity in ENTITIES:
        return QCoreApplication.translate("Audit", ENTITIES[entity])
    from crmdesk.core.fields import entity_label

    try:
        return entity_label(entity)
    except KeyError:
        return entity


def summary_text(summary: str) -> str:
    """*summary* (stored in English) in the user's language where it has a known form."""
    localise = QCoreApplication.translate
    if summary in _FIXED:
        return localise("Audit", _FIXED[summary])
    for pattern, template in _PATTERNS:
        match = pattern.fullmatch(summary)
        if match is None:
            continue
        values = {k: v or "" for k, v in match.groupdict().items()}
        if "reason" in values:
            from crmdesk.ui.dialogs.backup import reason_label

            values["reason"] = reason_label(values["reason"])
        if "size" in values:
            from crmdesk.storage.backup import size_text

            values["size"] = size_text(int(values["size"]))
        if "entity" in values:
            values["entity"] = entity_text(values["entity"])
        flags = {
            "encrypted": QT_TRANSLATE_NOOP("Audit", ", encrypted"),
            "verified": QT_TRANSLATE_NOOP("Audit", ", checked"),
            "sensitive": QT_TRANSLATE_NOOP("Audit", ", with ID numbers and bank accounts"),
        }
        for key, text in flags.items():
            if key in values:
                values[key] = localise("Audit", text) if values[key] else ""
        if "safety" in values and values["safety"]:
            values["safety"] = localise("Audit", _SAFETY).format(file=values["safety"])
        return localise("Audit", template).format(**values)
    return summary
