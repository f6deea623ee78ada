"""--filter and --sort as written on the command line (parsed by crmdesk.core.filters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def split_filters(texts: Sequence[str] | None) -> list[Any]:
    """--filter FIELD=VALUE as written (the services read the values with the same
    parser as the window: crmdesk.core.filters)."""
    from crmdesk.core import filters

    return [filters.split_filter(text) for text in texts or ()]


def typed_filters(s: Any, actor: Any, entity: str, texts: Sequence[str] | None) -> list[Any]:
    """--filter FIELD=VALUE as typed filters: dates, money in yuan, choices by label,
    users by login or display name ... (FIELD may be customer.FIELD on records of a
    customer); one parser for every command and the window: crmdesk.core.filters."""
    from crmdesk.core import filters

    return filters.parse_filters(s, actor, entity, texts)
