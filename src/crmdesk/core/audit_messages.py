"""Audit entries in the reader's language (Qt-free).

An entry is written as a *message* (the English source text of a translatable
string in the ``Audit`` context, e.g. ``"Created user {name}"``) and its
*parameters*; both are stored and hashed, and the entry is rendered when it is
shown, so the log reads in each reader's language whoever wrote it.

Plain parameters (text, numbers) are shown as they are.  A parameter that is
itself to be translated is stored as a small tagged object, made with the
helpers below: a record type (:func:`entity`), a choice (:func:`choice`), a
field (:func:`field`), a setting (:func:`setting`), a file size (:func:`size`), a backup
reason (:func:`reason`), a text translated in another context (:func:`translated`), or a
nested message (:func:`fragment`, e.g. ", encrypted").
A list is joined with the language's list separator.

Entries written before messages existed (schema < 0003) have only their stored
summary text, shown as stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from crmdesk.core import presentation
from crmdesk.core.fields import CHOICES, ENTITY_LABELS, field_spec
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

Translate = Callable[[str, str], str]

#: The kinds of entry (``AuditEntry.action``) as the audit log names them.
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
    "unmerge": QT_TRANSLATE_NOOP("Audit", "Merge undone"),
    "not_duplicates": QT_TRANSLATE_NOOP("Audit", "Marked not duplicates"),
    "maybe_duplicates": QT_TRANSLATE_NOOP("Audit", "Marked possible duplicates again"),
    "login": QT_TRANSLATE_NOOP("Audit", "Logged in"),
    "login_failed": QT_TRANSLATE_NOOP("Audit", "Login failed"),
    "lockout": QT_TRANSLATE_NOOP("Audit", "Account locked"),
    "unlock": QT_TRANSLATE_NOOP("Audit", "Account unlocked"),
    "freeze": QT_TRANSLATE_NOOP("Audit", "Account frozen"),
    "unfreeze": QT_TRANSLATE_NOOP("Audit", "Account unfrozen"),
    "read_refused": QT_TRANSLATE_NOOP("Audit", "Read refused (limit reached)"),
    "user_create": QT_TRANSLATE_NOOP("Audit", "User created"),
    "user_update": QT_TRANSLATE_NOOP("Audit", "User changed"),
    "user_disable": QT_TRANSLATE_NOOP("Audit", "User disabled"),
    "user_enable": QT_TRANSLATE_NOOP("Audit", "User enabled"),
    "password_change": QT_TRANSLATE_NOOP("Audit", "Password changed"),
    "password_reset": QT_TRANSLATE_NOOP("Audit", "Password reset"),
    "team_create": QT_TRANSLATE_NOOP("Audit", "Team created"),
    "key_register": QT_TRANSLATE_NOOP("Audit", "Key pair registered"),
    "attachment_add": QT_TRANSLATE_NOOP("Audit", "File attached"),
    "attachment_open": QT_TRANSLATE_NOOP("Audit", "Attachment opened"),
    "attachment_save": QT_TRANSLATE_NOOP("Audit", "Attachment saved"),
    "attachment_delete": QT_TRANSLATE_NOOP("Audit", "Attachment deleted"),
    "attachment_restore": QT_TRANSLATE_NOOP("Audit", "Attachment restored"),
    "attachment_purge": QT_TRANSLATE_NOOP("Audit", "Attachment purged"),
    "key_rotate": QT_TRANSLATE_NOOP("Audit", "Keys replaced"),
    "audit_signed": QT_TRANSLATE_NOOP("Audit", "Audit log signed from here on"),
    "settings": QT_TRANSLATE_NOOP("Audit", "Settings changed"),
    "comment": QT_TRANSLATE_NOOP("Audit", "Comment"),
    "satisfaction": QT_TRANSLATE_NOOP("Audit", "Satisfaction recorded"),
    "campaign_members": QT_TRANSLATE_NOOP("Audit", "Campaign members"),
    "custom_field_create": QT_TRANSLATE_NOOP("Audit", "Custom field created"),
    "custom_field_update": QT_TRANSLATE_NOOP("Audit", "Custom field changed"),
    "record_type_create": QT_TRANSLATE_NOOP("Audit", "Record type created"),
    "record_type_update": QT_TRANSLATE_NOOP("Audit", "Record type changed"),
    "template_apply": QT_TRANSLATE_NOOP("Audit", "Template applied"),
    "backup": QT_TRANSLATE_NOOP("Audit", "Backup"),
    "restore_db": QT_TRANSLATE_NOOP("Audit", "Database restored"),
    "migrate": QT_TRANSLATE_NOOP("Audit", "Database copied"),
    "report": QT_TRANSLATE_NOOP("Audit", "Report"),
    "analytics": QT_TRANSLATE_NOOP("Audit", "Analysis"),
    "demo": QT_TRANSLATE_NOOP("Audit", "Demo data"),
    "publish": QT_TRANSLATE_NOOP("Audit", "Published"),
    "article_link": QT_TRANSLATE_NOOP("Audit", "Article used"),
    "ticket_links": QT_TRANSLATE_NOOP("Audit", "Ticket links changed"),
    "handover": QT_TRANSLATE_NOOP("Audit", "Customers handed over"),
    "review": QT_TRANSLATE_NOOP("Audit", "Reviewed"),
    "ship": QT_TRANSLATE_NOOP("Audit", "Shipped"),
    "receipt": QT_TRANSLATE_NOOP("Audit", "Goods received"),
}

#: Things the log names besides the record types of ``fields.ENTITY_LABELS``.
ENTITIES = {
    "database": QT_TRANSLATE_NOOP("Audit", "Database"),
    "setting": QT_TRANSLATE_NOOP("Audit", "Setting"),
    "stage": QT_TRANSLATE_NOOP("Audit", "Sales stage"),
    "team": QT_TRANSLATE_NOOP("Audit", "Team"),
    "ticket_status": QT_TRANSLATE_NOOP("Audit", "Ticket status"),
    "assignment_rule": QT_TRANSLATE_NOOP("Audit", "Assignment rule"),
    "custom_field": QT_TRANSLATE_NOOP("Audit", "Custom field"),
    "record_type": QT_TRANSLATE_NOOP("Audit", "Record type"),
    "template": QT_TRANSLATE_NOOP("Audit", "Template"),
    "article": QT_TRANSLATE_NOOP("Audit", "Knowledge base article"),
    "diary_note": QT_TRANSLATE_NOOP("Audit", "Diary note"),
    "work_plan": QT_TRANSLATE_NOOP("Audit", "Work plan"),
    "bank_line": QT_TRANSLATE_NOOP("Audit", "Bank statement line"),  # issue 16 (bank.py)
}


# ---------------------------------------------------------------------------
# Parameters that are translated when shown
# ---------------------------------------------------------------------------

def entity(key: str) -> dict[str, Any]:
    """A record type (``customer``), named in the reader's language."""
    return {"entity": key}


def choice(choices: str, key: str | None) -> dict[str, Any]:
    """A value of a closed list (``member_status``, ``invited``)."""
    return {"choice": choices, "key": key}


def named(choices: str, key: str, stored: str) -> dict[str, Any] | str:
    """A stage or ticket status: a built-in one's name translated, an admin's own as typed."""
    return choice(choices, key) if CHOICES[choices].get(key) == stored else stored


def field(record_type: str, key: str) -> dict[str, Any]:
    """A field of a record type, by its label."""
    return {"field": key, "of": record_type}


def setting(key: str) -> dict[str, Any]:
    """A setting, by its description (``core.settings``)."""
    return {"setting": key}


def size(n_bytes: int) -> dict[str, Any]:
    return {"bytes": int(n_bytes)}


def reason(key: str) -> dict[str, Any]:
    """Why a backup was made (``manual``, ``daily`` ...)."""
    return {"reason": key}


def translated(context: str, source: str) -> dict[str, Any]:
    """A text marked for translation elsewhere (an analysis's or report's title)."""
    return {"tr": source, "context": context}


def fragment(message: str, **params: Any) -> dict[str, Any]:
    """A nested message (``QT_TRANSLATE_NOOP("Audit", ", encrypted")``)."""
    return {"msg": message, "params": params}


class _Query(Protocol):
    filters: Any
    text: str | None


def query_facts(query: _Query) -> dict[str, Any]:
    """What an audit entry keeps of a list's filters and quick filter: which fields were
    filtered and whether a quick filter was used, never the values typed (an ID number
    typed into a quick filter must not be stored in clear in the log)."""
    return {"filtered_fields": sorted({str(f.field) for f in query.filters}),
            "quick_filter": bool(query.text and query.text.strip())}


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------

def _english(context: str, text: str) -> str:
    return text


def _reader(context: str, text: str) -> str:
    return render(context, text)


def _param(value: Any, translate: Translate) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return translate("Value", presentation.LIST_SEPARATOR).join(_param(v, translate) for v in value)
    if not isinstance(value, dict):
        return str(value)
    if "msg" in value:
        return _message(str(value["msg"]), value.get("params") or {}, translate)
    if "tr" in value:
        return translate(str(value.get("context") or "Audit"), str(value["tr"]))
    if "entity" in value:
        key = str(value["entity"])
        if key in ENTITY_LABELS:
            return translate("Entity", ENTITY_LABELS[key])
        return translate("Audit", ENTITIES[key]) if key in ENTITIES else key
    if "choice" in value:
        raw = value.get("key")
        source = CHOICES.get(str(value["choice"]), {}).get(str(raw))
        return translate("Choice", source) if source is not None else ("" if raw is None else str(raw))
    if "field" in value:
        try:
            # .translated: a designed type's field has its administrator's Chinese name
            return field_spec(str(value.get("of")), str(value["field"])).translated
        except KeyError:
            return str(value["field"])
    if "setting" in value:
        from crmdesk.core.settings import spec

        try:
            return translate("Settings", spec(str(value["setting"])).description)
        except KeyError:
            return str(value["setting"])
    if "bytes" in value:
        return presentation.size_text(int(value["bytes"]))
    if "reason" in value:
        key = str(value["reason"])
        source = presentation.BACKUP_REASONS.get(key)
        return translate("BackupTable", source) if source is not None else key
    return json.dumps(value, ensure_ascii=False)


def _message(message: str, params: Mapping[str, Any], translate: Translate) -> str:
    values = {k: _param(v, translate) for k, v in params.items()}
    for template in (translate("Audit", message), message):
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            continue
    return message


def english(message: str, params: Mapping[str, Any]) -> str:
    """The message in English (the stored summary text)."""
    return _message(message, params, _english)


def text(message: str, params: Mapping[str, Any]) -> str:
    """The message in the reader's language."""
    return _message(message, params, _reader)


class _Entry(Protocol):
    summary: str
    message: str | None
    params: str | None


def summary_text(entry: _Entry) -> str:
    """An audit entry's summary in the reader's language (an old entry: as stored)."""
    if not entry.message:
        return entry.summary
    try:
        params = json.loads(entry.params) if entry.params else {}
    except ValueError:
        return entry.summary
    if not isinstance(params, dict):
        return entry.summary
    return text(entry.message, params)


def action_text(action: str) -> str:
    source = ACTIONS.get(action)
    return render("Audit", source) if source is not None else action


def entity_text(key: str | None) -> str:
    """The entry's record type in the reader's language."""
    if not key:
        return ""
    return _param(entity(key), _reader)
