"""Database-wide settings (declared in :mod:`crmdesk.core.settings`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.fields import SUGGESTIONS
from crmdesk.core.models import Setting
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import audit
from crmdesk.core.settings import BY_KEY, RENAMED, SettingSpec
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP


def _spec(key: str) -> SettingSpec:
    found = BY_KEY.get(RENAMED.get(key, key))
    if found is None or found.scope != "database":
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "There is no database setting {key}."),
                         key=key)
    return found


def default_of(spec: SettingSpec) -> Any:
    if spec.key.startswith("lists."):
        return list(SUGGESTIONS[spec.key.removeprefix("lists.")])
    return spec.default


def get(session: Session, key: str) -> Any:
    """A setting's value (its default when never set).  Anyone may read settings."""
    spec = _spec(key)
    row = session.get(Setting, spec.key)
    if row is None:
        return default_of(spec)
    return json.loads(row.value)


def get_many(session: Session, keys: Sequence[str]) -> dict[str, Any]:
    """Several settings in one query (their defaults when never set), by key."""
    specs = {key: _spec(key) for key in keys}
    stored = {row.key: json.loads(row.value) for row in session.execute(
        select(Setting).where(Setting.key.in_([spec.key for spec in specs.values()])))
        .scalars()}
    return {key: stored[spec.key] if spec.key in stored else default_of(spec)
            for key, spec in specs.items()}


def all_values(session: Session) -> dict[str, Any]:
    stored = {row.key: json.loads(row.value)
              for row in session.execute(select(Setting)).scalars() if row.key in BY_KEY}
    return {spec.key: stored.get(spec.key, default_of(spec))
            for spec in BY_KEY.values() if spec.scope == "database"}


def coerce(spec: SettingSpec, value: Any) -> Any:
    try:
        if spec.type is bool:
            if isinstance(value, str):
                lowered = value.strip().lower()
                if lowered not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(value)
                return lowered in ("1", "true", "yes", "on")
            return bool(value)
        if spec.type is int:
            number = int(value)
            if (spec.minimum is not None and number < spec.minimum) or (
                    spec.maximum is not None and number > spec.maximum):
                raise ValueError(value)
            return number
        if spec.type is list:
            if isinstance(value, str):
                value = [v.strip() for v in value.replace("，", ",").split(",") if v.strip()]
            return [str(v) for v in value]
        return str(value)
    except (TypeError, ValueError) as exc:
        raise KnownError(
            QT_TRANSLATE_NOOP("Errors", "{name}: {value} is not a valid value (expected {kind}"
                                        " between {minimum} and {maximum})."),
            name=spec.translated, value=value, kind=spec.type.__name__,
            minimum=spec.minimum, maximum=spec.maximum) from exc


def set_value(session: Session, actor: Actor, key: str, value: Any) -> Any:
    """Change a setting (admins only; audited)."""
    require(actor, "settings.manage")
    spec = _spec(key)
    key = spec.key  # an old name writes the setting that replaced it
    new = coerce(spec, value)
    old = get(session, key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=json.dumps(new, ensure_ascii=False)))
    else:
        row.value = json.dumps(new, ensure_ascii=False)
    session.flush()
    if old != new:
        audit.record(session, actor, "settings", entity="setting",
                     message=QT_TRANSLATE_NOOP("Audit", "Setting: {setting}"),
                     params={"setting": audit_messages.setting(key)},
                     before={key: old}, after={key: new})
    return new
