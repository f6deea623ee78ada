"""Record types an administrator designs: definitions, their tables, their record
services and their registration by key (see ``docs/architecture.md``, "Record types
designed by an administrator").

The designer's operations are in :mod:`crmdesk.core.services.record_types`.
"""

from crmdesk.core.record_types.runtime import activate, active_types, deactivate, is_designed

__all__ = ["activate", "active_types", "deactivate", "is_designed"]
