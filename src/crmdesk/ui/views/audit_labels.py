"""Audit entries as the audit views show them (see :mod:`crmdesk.core.audit_messages`).

An entry is stored as a message and its parameters and rendered here in the
reader's language; an entry written before that (an English sentence) is
shown as stored.
"""

from __future__ import annotations

from crmdesk.core.audit_messages import ACTIONS, action_text, entity_text, summary_text

__all__ = ["ACTIONS", "action_label", "entity_text", "summary_text"]


def action_label(action: str) -> str:
    """The kind of entry (``AuditEntry.action``) in the reader's language."""
    return action_text(action)
