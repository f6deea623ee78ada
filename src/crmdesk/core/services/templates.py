"""Applying an industry template (:mod:`crmdesk.core.templates`) to a file.

Everything goes through the services an administrator uses by hand: the record
types through the designer's :func:`~crmdesk.core.services.record_types.
import_definitions`, settings through :func:`~crmdesk.core.services.settings.
set_value`, products through the product service.  Applying is idempotent: a type
whose definition already matches, a setting already at its value and a product whose
code exists are left alone, so a second run changes nothing and writes no entry.  The
template's analyses, and which templates (and versions) were applied, are kept in the
state entry ``templates.state``; one audit entry (``template_apply``) names the
template and what changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core.models import Product, Setting
from crmdesk.core.permissions import Actor, require
from crmdesk.core.record_types import runtime, store
from crmdesk.core.record_types.definitions import TypeDef
from crmdesk.core.services import accounts, audit
from crmdesk.core.services import settings as db_settings
from crmdesk.core.templates import AnalysisDef, Template, parse_analysis, read_file
from crmdesk.i18n import QT_TRANSLATE_NOOP

STATE_KEY = "templates.state"


@dataclass
class ApplyResult:
    template: str
    types_created: list[str] = field(default_factory=list)
    types_updated: list[str] = field(default_factory=list)
    settings_changed: list[str] = field(default_factory=list)
    products_created: list[str] = field(default_factory=list)
    analyses: list[str] = field(default_factory=list)  # added or changed
    #: the file did not record this template (or this version of it) as applied before
    recorded: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.types_created or self.types_updated or self.settings_changed
                    or self.products_created or self.analyses or self.recorded)


def state(session: Session) -> dict[str, Any]:
    row = session.get(Setting, STATE_KEY)
    data = json.loads(row.value) if row is not None else {}
    return data if isinstance(data, dict) else {}


def _write_state(session: Session, data: Mapping[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    row = session.get(Setting, STATE_KEY)
    if row is None:
        session.add(Setting(key=STATE_KEY, value=text))
    else:
        row.value = text
    session.flush()


def applied(session: Session) -> dict[str, int]:
    """The templates applied to this file: key -> version."""
    return {k: int(v.get("version", 1)) for k, v in state(session).get("applied", {}).items()}


def report_names(session: Session) -> dict[str, tuple[str, str]]:
    """The applied templates that declared analyses (each is a PDF report of that
    name): key -> (Chinese name, English name)."""
    return {key: (str(entry.get("name_zh") or key), str(entry.get("name_en") or key))
            for key, entry in state(session).get("applied", {}).items()
            if entry.get("analyses")}


def declared_analyses(session: Session) -> dict[str, AnalysisDef]:
    """The analyses the applied templates declared, by key (in the order applied)."""
    found: dict[str, AnalysisDef] = {}
    for key, raw in state(session).get("analyses", {}).items():
        found[key] = parse_analysis(raw, f"analyses.{key}")
    return found


def analyses_of(session: Session, template_key: str) -> list[AnalysisDef]:
    """The analyses template *template_key* declared (as applied to this file)."""
    keys = state(session).get("applied", {}).get(template_key, {}).get("analyses", [])
    every = declared_analyses(session)
    return [every[k] for k in keys if k in every]


def _same_type(have: TypeDef, wanted: TypeDef) -> bool:
    """Whether the file's type already is what the template defines (fields the file
    added of its own are allowed; the template's come first, in its order)."""
    a, b = have.as_json(), wanted.as_json()
    for name in ("name_zh", "name_en", "icon", "code_prefix", "belongs_to", "sections",
                 "statuses", "transitions", "retired"):
        if a.get(name) != b.get(name):
            return False
    have_fields = {f["key"]: f for f in a["fields"]}
    if [f["key"] for f in a["fields"]][:len(b["fields"])] != [f["key"] for f in b["fields"]]:
        return False
    return all(have_fields.get(f["key"]) == f for f in b["fields"])


def load(session: Session, name: str | Path) -> Template:
    """A template (a shipped key or a file path), checked against this file's types."""
    known = {t.key: t for t in store.load_all(session)}
    return read_file(name, known_types=known)


def apply(session: Session, actor: Actor, template: Template | str | Path) -> ApplyResult:
    """Apply *template* (administrators; audited once, when anything changed)."""
    accounts.ensure_active(session, actor)
    require(actor, "settings.manage")
    if not isinstance(template, Template):
        template = load(session, template)
    result = ApplyResult(template.key)
    existing = {t.key: t for t in store.load_all(session)}
    wanted = [t for t in template.types
              if t.key not in existing or not _same_type(existing[t.key], t)]
    if wanted:
        from crmdesk.core.services import record_types as designer

        keys = {t.key for t in wanted}
        doc = {**template.types_document,
               "types": [t for t in template.types_document["types"] if t["key"] in keys]}
        for key, what in designer.import_definitions(session, actor, doc):
            (result.types_created if what == "created" else result.types_updated).append(key)
    elif not runtime.active_types() and existing:
        runtime.activate(session)
    for name, value in template.settings.items():
        spec = db_settings._spec(name)
        if db_settings.get(session, name) != db_settings.coerce(spec, value):
            db_settings.set_value(session, actor, name, value)
            result.settings_changed.append(name)
    _products(session, actor, template.products, result)
    result.recorded = _analyses(session, template, result)
    if result.changed:
        audit.record(session, actor, "template_apply", entity="template",
                     message=QT_TRANSLATE_NOOP("Audit", "Template {template} applied "
                                                        "(version {version})"),
                     params={"template": template.key, "version": template.version},
                     after={"types_created": result.types_created,
                            "types_updated": result.types_updated,
                            "settings": result.settings_changed,
                            "products": result.products_created,
                            "analyses": result.analyses})
    return result


def _products(session: Session, actor: Actor, products: Sequence[Mapping[str, Any]],
              result: ApplyResult) -> None:
    from crmdesk.core.services.sales import products as product_service

    codes = set(session.execute(select(Product.code)).scalars())
    for item in products:
        code = str(item["code"])
        if code in codes:
            continue
        data = {"code": code, "name": item["name"], "category": item.get("category"),
                "unit": item.get("unit"), "description": item.get("description"),
                "price_cents": str(item.get("price") or "0"), "active": True}
        product_service.create(session, actor, {k: v for k, v in data.items()
                                                if v is not None})
        result.products_created.append(code)


def _analyses(session: Session, template: Template, result: ApplyResult) -> bool:
    """Keep the template's analyses and that it was applied; whether the state changed."""
    data = state(session)
    stored: dict[str, Any] = dict(data.get("analyses", {}))
    for analysis in template.analyses:
        if stored.get(analysis.key) != dict(analysis.raw):
            stored[analysis.key] = dict(analysis.raw)
            result.analyses.append(analysis.key)
    applied_ = dict(data.get("applied", {}))
    entry = applied_.get(template.key, {})
    keys = [a.key for a in template.analyses]
    if entry.get("version") == template.version and entry.get("analyses") == keys \
            and not result.changed:
        return False
    applied_[template.key] = {"version": template.version, "analyses": keys,
                              "name_zh": template.name_zh, "name_en": template.name_en,
                              "at": datetime.now(UTC).isoformat(timespec="seconds")}
    _write_state(session, {**data, "applied": applied_, "analyses": stored})
    return True
