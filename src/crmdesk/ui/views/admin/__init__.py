"""Administration: one module per screen (users and teams, audit log, recycle bin, settings)."""

from __future__ import annotations

from crmdesk.ui.views.admin.audit_log import AuditLogView
from crmdesk.ui.views.admin.recycle_bin import RecycleBinView
from crmdesk.ui.views.admin.settings import SettingsView
from crmdesk.ui.views.admin.users import UsersView

__all__ = ["AuditLogView", "RecycleBinView", "SettingsView", "UsersView"]
