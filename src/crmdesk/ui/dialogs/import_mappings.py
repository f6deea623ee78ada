"""Named column mappings of the import wizard, and the record types a user may import.

A mapping (source column -> target field) is saved as one JSON file in the
user's config folder, so next month's file of the same shape maps itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from crmdesk.config import config_dir
from crmdesk.core.permissions import Actor
from crmdesk.errors import KnownError
from crmdesk.exchange.mapping import IMPORT_ENTITIES, ColumnMapping


def importable_entities(actor: Actor) -> list[str]:
    """Record types *actor* may import into."""
    needs = {"product": "products.manage", "supplier": "purchasing.manage"}
    return [e for e in IMPORT_ENTITIES if e not in needs or actor.can(needs[e])]


def mappings_dir() -> Path:
    """Where named column mappings are kept (one JSON file each)."""
    path = config_dir() / "mappings"
    path.mkdir(parents=True, exist_ok=True)
    return path


def mapping_file_name(name: str) -> str:
    safe = " ".join(re.sub(r'[\\/:*?"<>|]+', " ", name).split())
    return (safe or "mapping") + ".json"


def saved_mappings() -> list[tuple[str, str, Path]]:
    """``(name, entity, path)`` of the named mappings, by name."""
    found = []
    for path in sorted(mappings_dir().glob("*.json")):
        try:
            mapping = ColumnMapping.load(path)
        except KnownError:
            continue
        found.append((mapping.name or path.stem, mapping.entity, path))
    return sorted(found, key=lambda item: item[0].lower())

