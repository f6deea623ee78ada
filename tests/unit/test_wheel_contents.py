"""An installed crmdesk is complete: the wheel carries the compiled translations.

Building the wheel takes longer than a unit test should (PySide6-Essentials is
installed into the build environment for lrelease), so these tests check the
packaging configuration and run the build hook itself; the full build
(``.venv/bin/pip wheel . --no-deps -w /tmp/whl``) is measured by hand (issue 17).
"""

from __future__ import annotations

import importlib.util
import shutil
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from crmdesk import resources

ROOT = Path(__file__).resolve().parents[2]
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


def hook_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crmdesk_hatch_build",
                                                  ROOT / "packaging" / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wheel_configuration_carries_resources_and_compiles_translations() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    # where crmdesk.resources looks first in an installed package
    assert wheel["force-include"]["resources"] == "crmdesk/_resources"
    assert wheel["force-include"]["migrations"] == "crmdesk/_migrations"
    assert resources._PACKAGE / "_resources" == Path(resources.__file__).resolve().parent / \
        "_resources"
    hook = wheel["hooks"]["custom"]
    assert hook["path"] == "packaging/hatch_build.py"
    assert any(dep.startswith("PySide6-Essentials") for dep in hook["dependencies"])
    assert config["project"]["optional-dependencies"]["package"] == ["pyinstaller>=6.10"]


def test_build_hook_compiles_every_catalogue(tmp_path: Path) -> None:
    module = hook_module()
    if module.lrelease() is None:
        pytest.skip("no lrelease here")
    folder = tmp_path / "i18n"
    folder.mkdir()
    sources = sorted((ROOT / "resources" / "i18n").glob("*.ts"))
    assert sources
    for ts in sources:
        shutil.copy(ts, folder / ts.name)
    assert module.stale(folder) == sorted(folder.glob("*.ts"))
    compiled = module.compile_translations(folder)
    assert [p.stem for p in compiled] == [p.stem for p in sources]
    for qm in compiled:
        assert qm.read_bytes()[:16] == QM_MAGIC
    assert module.stale(folder) == []  # up to date: nothing is compiled again


def test_build_hook_puts_the_catalogues_into_the_wheel(tmp_path: Path) -> None:
    """The hook compiles into resources/i18n, which the wheel carries as
    crmdesk/_resources/i18n (force-include takes every file, ignored or not)."""
    module = hook_module()
    if module.lrelease() is None:
        pytest.skip("no lrelease here")
    root = tmp_path / "src"
    (root / "resources" / "i18n").mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "i18n" / "ui_zh_CN.ts", root / "resources" / "i18n")

    class Hook(module.TranslationsHook):  # type: ignore[name-defined,misc]
        def __init__(self) -> None:  # hatchling's arguments are not needed here
            pass

        @property
        def root(self) -> str:
            return str(root)

    hook = Hook()
    build_data: dict[str, dict[str, str]] = {"force_include": {}}
    hook.initialize("standard", build_data)
    qm = root / "resources" / "i18n" / "ui_zh_CN.qm"
    assert qm.read_bytes()[:16] == QM_MAGIC
    assert build_data["force_include"] == {}  # resources/ is force-included already
    qm.unlink()
    hook.initialize("editable", build_data)  # a checkout: `make translations` does it
    assert not qm.exists()
