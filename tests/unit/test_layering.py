"""The layers hold: the Qt-free packages load no Qt, and the import contracts are kept.

The domain (``crmdesk.core``), storage, exchange and reports, and the package-root
modules they share (``errors``, ``i18n``, ``jobs``), run in the command line and in
the window's worker threads alike: importing every one of their modules must load
no PySide6 module.  The import-linter contracts of pyproject.toml (which also keep
storage from importing the domain) run here too, so ``make test`` checks them.
"""

from __future__ import annotations

import json
import os
import pkgutil
import shutil
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

QT_FREE_PACKAGES = ("crmdesk.core", "crmdesk.storage", "crmdesk.exchange", "crmdesk.reports")
QT_FREE_MODULES = ("crmdesk", "crmdesk.errors", "crmdesk.i18n", "crmdesk.jobs")


def qt_free_modules() -> list[str]:
    """Every module of the Qt-free packages, found on disk (a new module is included
    without editing this test), and the root modules that exist."""
    names = [name for name in QT_FREE_MODULES if find_spec(name) is not None]
    for package in QT_FREE_PACKAGES:
        spec = find_spec(package)
        assert spec is not None and spec.submodule_search_locations, package
        names.append(package)
        names.extend(info.name for info in pkgutil.walk_packages(
            spec.submodule_search_locations, prefix=package + "."))
    return names


IMPORT_ALL = """
import importlib, json, sys
names = json.loads(sys.argv[1])
for name in names:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m == "PySide6" or m.startswith("PySide6."))))
"""


def test_the_qt_free_packages_load_no_qt() -> None:
    names = qt_free_modules()
    assert "crmdesk.core.services.backups" in names and "crmdesk.storage.files" in names
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    result = subprocess.run([sys.executable, "-c", IMPORT_ALL, json.dumps(names)],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing {len(names)} Qt-free modules loaded {loaded}"


def test_the_check_sees_qt_when_a_module_loads_it() -> None:
    """The subprocess check is not vacuous: a module that imports Qt is reported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-c", IMPORT_ALL, json.dumps(["crmdesk.translation"])],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "PySide6.QtCore" in json.loads(result.stdout.strip().splitlines()[-1])


def _lint_imports() -> str | None:
    beside = Path(sys.executable).parent / "lint-imports"
    return str(beside) if beside.exists() else shutil.which("lint-imports")


def test_the_import_contracts_are_kept() -> None:
    tool = _lint_imports()
    if tool is None:
        pytest.skip("import-linter is not installed (pip install import-linter)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([tool, "--no-cache"], capture_output=True, text=True, cwd=ROOT,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " 0 broken" in result.stdout
