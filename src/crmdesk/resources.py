"""Where the shipped files are: migrations, translations, fonts, icons.

In a source checkout (editable install) they sit at the top of the repository;
in a wheel or a frozen build they are packaged under ``crmdesk/_migrations`` and
``crmdesk/_resources``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def _roots() -> list[Path]:
    roots = [_PACKAGE.parent.parent]  # the repository (src layout)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.insert(0, Path(frozen))
    return roots


def migrations_dir() -> Path:
    return _first_existing(_PACKAGE / "_migrations", *(r / "migrations" for r in _roots()))


def resources_dir() -> Path:
    return _first_existing(_PACKAGE / "_resources", *(r / "resources" for r in _roots()))


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"
