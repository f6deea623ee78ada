"""The zh_CN catalogues cover every translatable string in the sources."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_catalogues_are_complete() -> None:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "packaging" / "i18n.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    problems = tool.check()
    assert problems == [], "run `make i18n-update`, then translate:\n" + "\n".join(problems)


def test_compiled_catalogues_translate() -> None:
    from crmdesk import translation
    from crmdesk.core.fields import label

    try:
        assert translation.install(None, "zh_CN") == "zh_CN"
        assert label("customer", "mobile") == "手机"
    finally:
        translation.install(None, "en")
    assert label("customer", "mobile") == "Mobile"
