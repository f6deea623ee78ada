"""The one-file build's choices (packaging/pyinstaller/crmdesk.spec) and its smoke test.

The spec runs only inside PyInstaller; its filters are plain regular expressions,
read here from the spec's source and tried on the paths a build collects.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "pyinstaller" / "crmdesk.spec"
SMOKE = ROOT / "packaging" / "smoke_test.sh"


def _spec_value(name: str) -> object:
    """The value of a top-level assignment in the spec (a list or a re.compile)."""
    tree = ast.parse(SPEC.read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return eval(compile(ast.Expression(node.value), str(SPEC), "eval"), {"re": re})  # noqa: S307
    raise AssertionError(f"{name} is not assigned in the spec")


def test_unused_files_are_left_out_and_needed_ones_kept() -> None:
    unused = _spec_value("UNUSED_FILES")
    assert isinstance(unused, re.Pattern)
    left_out = [
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/translations/qtbase_de.qm",
        "pypinyin/core.pyi",
        "pypinyin/py.typed",
        "faker/providers/address/fr_FR/__init__.py",
    ]
    kept = [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6Charts.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/translations/qtbase_zh_CN.qm",
        "pypinyin/phrases_dict.json",
        "faker/providers/address/zh_CN/__init__.py",
        "resources/fonts/wqy-microhei.ttc",
    ]
    assert [p for p in left_out if not unused.search(p)] == []
    assert [p for p in kept if unused.search(p)] == []


def test_modules_never_imported_stay_out() -> None:
    modules = _spec_value("UNUSED_MODULES")
    assert isinstance(modules, list)
    # pytz alone is 600 files to unpack on every start; vobject imports it optionally
    for name in ("pytz", "PySide6.QtQml", "PySide6.QtWebEngineCore", "tkinter"):
        assert name in modules
    for needed in ("PySide6.QtCharts", "PySide6.QtPdf", "PySide6.QtPrintSupport", "zoneinfo"):
        assert needed not in modules


def test_the_largest_libraries_are_stored_uncompressed() -> None:
    stored = _spec_value("STORED")
    assert isinstance(stored, re.Pattern)
    for path in ("PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Widgets.so.6",
                 "PySide6/Qt/lib/libicudata.so.73"):
        assert stored.search(path), path
    assert not stored.search("PySide6/Qt/lib/libQt6Charts.so.6")
    # stored entries are tagged EXTENSION (stripped like any library), the rest BINARY
    text = SPEC.read_text("utf-8")
    assert '"EXTENSION": False, "BINARY": True' in text


def test_smoke_test_uses_its_own_display_and_cleans_up() -> None:
    text = SMOKE.read_text("utf-8")
    subprocess.run(["sh", "-n", str(SMOKE)], check=True)
    assert "-displayfd" in text  # the X server picks a free display: no collisions
    assert "trap 'rc=$?; cleanup; exit $rc' EXIT" in text
    assert "xvfb-run" not in text


def test_ci_builds_and_smoke_tests_the_package() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    lines = [line.strip() for line in ci.splitlines()]
    assert "make package" in lines
    assert lines.index("make package") > lines.index("make lint")
    make = (ROOT / "Makefile").read_text("utf-8")
    package = make.split("\npackage:", 1)[1].split("\n\n", 1)[0]
    assert "setup-system.sh package" in package
    assert "packaging/smoke_test.sh dist/crmdesk" in package
