"""The error of data exchange (import, export, duplicate search)."""

from __future__ import annotations

from crmdesk.errors import KnownError


class ExchangeError(KnownError):
    """A problem with an import, export or duplicate search the user can fix."""

    context = "Exchange"
