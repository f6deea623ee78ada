"""Build hook (hatchling): compile the translations into the wheel.

The ``.qm`` catalogues are build products (not in git); ``make translations`` makes
them in a checkout. A wheel (``pip install .``, ``pip wheel .``) must carry them, so
this hook compiles every ``resources/i18n/*.ts`` that has no up-to-date ``.qm`` with
Qt's ``lrelease`` before the files are collected; the ``resources`` folder is then
packaged as ``crmdesk/_resources`` (pyproject.toml, force-include), where
``crmdesk.resources.translations_dir`` finds it. ``lrelease`` comes with
PySide6-Essentials, which the hook's ``dependencies`` put into the build environment.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # imported by the tests, without hatchling
    BuildHookInterface = object  # type: ignore[assignment,misc]


def lrelease() -> str | None:
    """Qt's lrelease: the one inside the PySide6 package, else one on PATH."""
    try:
        import PySide6
    except ImportError:
        pass
    else:
        name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
        candidate = Path(PySide6.__file__).resolve().parent / name
        if candidate.exists():
            return str(candidate)
    for name in ("pyside6-lrelease", "lrelease", "lrelease-qt6"):
        found = shutil.which(name)
        if found:
            return found
    return None


def stale(folder: Path) -> list[Path]:
    """The .ts files whose .qm is missing or older."""
    result = []
    for ts in sorted(folder.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            result.append(ts)
    return result


def compile_translations(folder: Path) -> list[Path]:
    """Compile the stale catalogues in *folder*; returns every .qm there."""
    todo = stale(folder)
    if todo:
        tool = lrelease()
        if tool is None:
            raise RuntimeError(
                "crmdesk build: Qt's lrelease is needed to compile the translations "
                f"({', '.join(p.name for p in todo)}): install PySide6-Essentials")
        for ts in todo:
            subprocess.run([tool, "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))],
                           check=True)
    return sorted(folder.glob("*.qm"))


class TranslationsHook(BuildHookInterface):  # type: ignore[misc,valid-type]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":  # a checkout: `make translations` keeps them
            return
        # written beside the .ts: the force-included resources/ folder carries them
        # (force-include ignores .gitignore, where *.qm is listed)
        compile_translations(Path(self.root) / "resources" / "i18n")
