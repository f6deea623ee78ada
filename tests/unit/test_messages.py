"""Every translatable message is rendered in the context it was marked in."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import crmdesk

SRC = Path(crmdesk.__file__).parent
RAISE = re.compile(r"\b([A-Z]\w*(?:Error|Denied|NotFound|Locked|Frozen|Problem))\("
                   r"\s*QT_TRANSLATE_NOOP\(\s*\"(\w+)\"", re.S)


def _error_class(module: str, name: str) -> type:
    mod = importlib.import_module(module)
    found = getattr(mod, name, None)
    if found is None:
        found = getattr(importlib.import_module("crmdesk.errors"), name)
    return found


def test_raised_errors_use_their_marked_context() -> None:
    problems = []
    for path in SRC.rglob("*.py"):
        if "/ui/" in str(path):
            continue
        text = path.read_text("utf-8")
        module = "crmdesk." + ".".join(path.relative_to(SRC).with_suffix("").parts)
        for match in RAISE.finditer(text):
            cls, context = match.groups()
            if cls == "FieldProblem":
                expected = "Validation"
            else:
                expected = getattr(_error_class(module, cls), "context", None)
            if expected != context:
                line = text[: match.start()].count("\n") + 1
                problems.append(f"{path.name}:{line}: {cls} renders in {expected}, "
                                f"marked {context}")
    assert problems == []
