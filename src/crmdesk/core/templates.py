"""Industry templates: readable, versioned data files under ``resources/templates/``.

A template is one JSON document (``docs/architecture.md`` section 14, "Templates")::

    {"format": "crmdesk.template/1", "key": "dealership", "version": 1,
     "name_zh": "汽车 4S 店", "name_en": "Car dealership (4S)",
     "description_zh": "...", "description_en": "...",
     "settings": {"cadence.H": 2},                       # database settings
     "products": [{"code", "name", "category", "unit", "price"}],   # price in yuan
     "types": [TYPE, ...],                               # record types (definitions.py)
     "analyses": [ANALYSIS, ...]}

ANALYSIS is a generic figure over one designed type (see :mod:`crmdesk.core.analytics.
designed`): ``key`` (what ``crmdesk analytics FILE KEY`` takes), ``name_zh``,
``name_en``, ``type``, ``date`` (the date field the period applies to, default
``created_at``), ``person`` (the user field ``--owner`` narrows), and either ``group``
(``day``, ``week``, ``month``, ``year`` or a field key; none: one row) with ``measures``
and ``total``, or ``list`` (the columns of the records listed) with ``window``
(``[first, last]`` days from today on the date field) and ``where`` (``{field: [values]}``).
A MEASURE has ``key``, ``name_zh``, ``name_en`` and one of ``count`` (``true``; a field
key: the rows where it has a value; ``{"linked": [types]}``: the rows whose customer has
a live record of one of those types, ``order`` included), ``sum`` (a number or money
field), ``share`` (as ``count``, divided by the rows) or ``ratio`` (``[measure,
measure]``); ``type`` and ``date`` take a measure from another type (for a period or no
group).  Every problem is refused naming its place (``analyses[2].measures[0].sum``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crmdesk import resources
from crmdesk.core.record_types.definitions import (
    FIELD_KEYS,
    TypeDef,
    parse_document,
    problem,
)
from crmdesk.core.record_types.definitions import (
    FORMAT as TYPES_FORMAT,
)
from crmdesk.i18n import QT_TRANSLATE_NOOP

FORMAT = "crmdesk.template/1"
TEMPLATE_KEYS = ("format", "key", "version", "name_zh", "name_en", "description_zh",
                 "description_en", "settings", "products", "types", "analyses")
PRODUCT_KEYS = ("code", "name", "category", "unit", "price", "description")
ANALYSIS_KEYS = ("key", "name_zh", "name_en", "type", "date", "person", "group", "total",
                 "measures", "list", "window", "where")
MEASURE_KEYS = ("key", "name_zh", "name_en", "count", "sum", "share", "ratio", "type", "date")
PERIODS = ("day", "week", "month", "year")
#: field options another part of the designer adds (kept when it knows them)
NEWER_FIELD_KEYS = ("calendar", "remind_days_before")


def templates_dir() -> Path:
    return resources.resources_dir() / "templates"


@dataclass(frozen=True)
class Measure:
    key: str
    name_zh: str
    name_en: str
    op: str  # count | sum | share | ratio
    field: str | None = None  # count/share: a field key (None: every row); sum: the field
    linked: tuple[str, ...] = ()  # count/share: customers holding one of these types
    ratio: tuple[str, str] | None = None
    type: str | None = None  # another type than the analysis's
    date: str | None = None


@dataclass(frozen=True)
class AnalysisDef:
    key: str
    name_zh: str
    name_en: str
    type: str
    date: str = "created_at"
    person: str | None = None
    group: str | None = None
    total: bool = False
    measures: tuple[Measure, ...] = ()
    columns: tuple[str, ...] = ()  # a list analysis: the columns of the records listed
    window: tuple[int, int] | None = None
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_list(self) -> bool:
        return bool(self.columns)

    def name(self, chinese: bool) -> str:
        return self.name_zh if chinese else self.name_en


@dataclass(frozen=True)
class Template:
    key: str
    version: int
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    settings: Mapping[str, Any]
    products: tuple[Mapping[str, Any], ...]
    types: tuple[TypeDef, ...]
    types_document: Mapping[str, Any]
    analyses: tuple[AnalysisDef, ...]

    def name(self, chinese: bool) -> str:
        return self.name_zh if chinese else self.name_en

    def description(self, chinese: bool) -> str:
        return self.description_zh if chinese else self.description_en


def _text(data: Mapping[str, Any], name: str, where: str, *, required: bool = True) -> str:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise problem(f"{where}.{name}" if where else name, QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} is missing: fill it in."))
        return ""
    if not isinstance(value, str):
        raise problem(f"{where}.{name}" if where else name, QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be text."))
    return value.strip()


def _unknown(data: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for name in data:
        if name not in allowed:
            raise problem(f"{where}.{name}" if where else name, QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} is not a known setting; known: {known}."),
                known=", ".join(allowed))


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise problem(where, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be an object."))
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise problem(where, QT_TRANSLATE_NOOP("RecordTypes", "{where} must be a list."))
    return value


def _types_document(raw_types: list[Any]) -> dict[str, Any]:
    """The record types as the designer's import reads them; field options of a newer
    designer are left out when this one does not know them yet."""
    if all(k in FIELD_KEYS for k in NEWER_FIELD_KEYS):
        return {"format": TYPES_FORMAT, "types": raw_types}
    types = []
    for t in raw_types:
        if isinstance(t, dict) and isinstance(t.get("fields"), list):
            t = {**t, "fields": [{k: v for k, v in f.items() if k not in NEWER_FIELD_KEYS}
                                 if isinstance(f, dict) else f for f in t["fields"]]}
        types.append(t)
    return {"format": TYPES_FORMAT, "types": types}


def _condition(value: Any, where: str) -> tuple[str | None, tuple[str, ...]]:
    if value is True:
        return None, ()
    if isinstance(value, str) and value.strip():
        return value.strip(), ()
    if isinstance(value, dict) and set(value) == {"linked"}:
        linked = _list(value["linked"], f"{where}.linked")
        if linked and all(isinstance(t, str) and t for t in linked):
            return None, tuple(linked)
    raise problem(where, QT_TRANSLATE_NOOP(
        "RecordTypes", "{where} must be true, a field key, or {{\"linked\": [types]}}."))


def parse_measure(data: Any, where: str) -> Measure:
    data = _object(data, where)
    _unknown(data, MEASURE_KEYS, where)
    key = _text(data, "key", where)
    name_zh = _text(data, "name_zh", where)
    ops = [op for op in ("count", "sum", "share", "ratio") if op in data]
    if len(ops) != 1:
        raise problem(where, QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} needs exactly one of count, sum, share and ratio."))
    op = ops[0]
    field_key: str | None = None
    linked: tuple[str, ...] = ()
    ratio: tuple[str, str] | None = None
    if op in ("count", "share"):
        field_key, linked = _condition(data[op], f"{where}.{op}")
    elif op == "sum":
        field_key = _text(data, "sum", where)
    else:
        pair = _list(data["ratio"], f"{where}.ratio")
        if len(pair) != 2 or not all(isinstance(p, str) for p in pair):
            raise problem(f"{where}.ratio", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} must name two measures: [numerator, denominator]."))
        ratio = (pair[0], pair[1])
    return Measure(key=key, name_zh=name_zh, name_en=_text(data, "name_en", where,
                                                           required=False) or name_zh,
                   op=op, field=field_key, linked=linked, ratio=ratio,
                   type=_text(data, "type", where, required=False) or None,
                   date=_text(data, "date", where, required=False) or None)


def parse_analysis(data: Any, where: str) -> AnalysisDef:
    data = _object(data, where)
    _unknown(data, ANALYSIS_KEYS, where)
    key = _text(data, "key", where)
    name_zh = _text(data, "name_zh", where)
    columns = tuple(str(c) for c in _list(data.get("list"), f"{where}.list"))
    measures = tuple(parse_measure(m, f"{where}.measures[{i}]")
                     for i, m in enumerate(_list(data.get("measures"), f"{where}.measures")))
    if not columns and not measures:
        raise problem(f"{where}.measures", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where}: an analysis needs measures (or list columns)."))
    keys = [m.key for m in measures]
    for i, m in enumerate(measures):
        if keys.count(m.key) > 1:
            raise problem(f"{where}.measures[{i}].key", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: the measure {key} is listed twice."), key=m.key)
        if m.ratio and any(k not in keys[:i] for k in m.ratio):
            raise problem(f"{where}.measures[{i}].ratio", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} must name measures listed before it."))
    window = None
    if data.get("window") is not None:
        pair = _list(data["window"], f"{where}.window")
        if len(pair) != 2 or not all(isinstance(n, int) and not isinstance(n, bool)
                                     for n in pair) or pair[0] > pair[1]:
            raise problem(f"{where}.window", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} must be [first, last] days from today, e.g. [0, 30]."))
        window = (int(pair[0]), int(pair[1]))
    where_ = []
    for name, values in _object(data.get("where") or {}, f"{where}.where").items():
        listed = values if isinstance(values, list) else [values]
        where_.append((str(name), tuple(str(v) for v in listed)))
    total = data.get("total", False)
    if not isinstance(total, bool):
        raise problem(f"{where}.total", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be true or false."))
    return AnalysisDef(key=key, name_zh=name_zh,
                       name_en=_text(data, "name_en", where, required=False) or name_zh,
                       type=_text(data, "type", where),
                       date=_text(data, "date", where, required=False) or "created_at",
                       person=_text(data, "person", where, required=False) or None,
                       group=_text(data, "group", where, required=False) or None,
                       total=total, measures=measures, columns=columns, window=window,
                       where=tuple(where_), raw=dict(data))


def check_analysis(analysis: AnalysisDef, types: Mapping[str, TypeDef], where: str) -> None:
    """Refuse an analysis naming a type or field the file (or template) does not have."""
    def need_type(key: str, at: str) -> TypeDef:
        found = types.get(key)
        if found is None:
            raise problem(at, QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: there is no record type {target}."), target=key)
        return found

    def need_field(typedef: TypeDef, key: str | None, at: str, kinds: Sequence[str] = ()
                   ) -> None:
        if key is None or key in ("created_at", "code", "customer_id", "owner_id", "status"):
            return
        found = typedef.field(key)
        if found is None or (kinds and found.kind not in kinds):
            raise problem(at, QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: record type {type} has no field {key} of a fitting "
                               "kind."), type=typedef.key, key=key)

    typedef = need_type(analysis.type, f"{where}.type")
    need_field(typedef, analysis.date, f"{where}.date", ("date", "datetime"))
    need_field(typedef, analysis.person, f"{where}.person", ("user",))
    if analysis.group not in (None, *PERIODS):
        need_field(typedef, analysis.group, f"{where}.group")
    for i, column in enumerate(analysis.columns):
        need_field(typedef, column, f"{where}.list[{i}]")
    for name, _ in analysis.where:
        need_field(typedef, name, f"{where}.where.{name}")
    for i, m in enumerate(analysis.measures):
        at = f"{where}.measures[{i}]"
        other = typedef
        if m.type is not None:
            if analysis.group not in (None, *PERIODS):
                raise problem(f"{at}.type", QT_TRANSLATE_NOOP(
                    "RecordTypes", "{where}: a measure of another type needs a period or no "
                                   "group."))
            other = need_type(m.type, f"{at}.type")
        need_field(other, m.date, f"{at}.date", ("date", "datetime"))
        if m.op == "sum":
            need_field(other, m.field, f"{at}.sum", ("number", "money"))
        elif m.field is not None:
            need_field(other, m.field, f"{at}.{m.op}")
        for t in m.linked:
            if t != "order":
                need_type(t, f"{at}.{m.op}.linked")


def parse_template(raw: Any, *, known_types: Mapping[str, TypeDef] | None = None) -> Template:
    """A template document, checked (every problem names its place)."""
    data = _object(raw, "template")
    _unknown(data, TEMPLATE_KEYS, "")
    if data.get("format") != FORMAT:
        raise problem("format", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} {value} is not known: this version reads {known}."),
            value=data.get("format"), known=FORMAT)
    key = _text(data, "key", "")
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise problem("version", QT_TRANSLATE_NOOP(
            "RecordTypes", "{where} must be a whole number from 1, e.g. 1."))
    settings = _object(data.get("settings") or {}, "settings")
    from crmdesk.core.settings import BY_KEY

    for name in settings:
        spec = BY_KEY.get(name)
        if spec is None or spec.scope != "database":
            raise problem(f"settings.{name}", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where} is not a database setting."))
    products = []
    for i, p in enumerate(_list(data.get("products"), "products")):
        at = f"products[{i}]"
        p = _object(p, at)
        _unknown(p, PRODUCT_KEYS, at)
        _text(p, "code", at)
        _text(p, "name", at)
        products.append(p)
    raw_types = _list(data.get("types"), "types")
    document = _types_document(raw_types)
    types = tuple(parse_document(document)) if raw_types else ()
    by_key = {**(known_types or {}), **{t.key: t for t in types}}
    analyses: list[AnalysisDef] = []
    for i, a in enumerate(_list(data.get("analyses"), "analyses")):
        analysis = parse_analysis(a, f"analyses[{i}]")
        check_analysis(analysis, by_key, f"analyses[{i}]")
        if any(other.key == analysis.key for other in analyses):
            raise problem(f"analyses[{i}].key", QT_TRANSLATE_NOOP(
                "RecordTypes", "{where}: the analysis {key} is listed twice."), key=analysis.key)
        analyses.append(analysis)
    return Template(key=key, version=version, name_zh=_text(data, "name_zh", ""),
                    name_en=_text(data, "name_en", "", required=False)
                    or _text(data, "name_zh", ""),
                    description_zh=_text(data, "description_zh", "", required=False),
                    description_en=_text(data, "description_en", "", required=False),
                    settings=dict(settings), products=tuple(products), types=types,
                    types_document=document, analyses=tuple(analyses))


def read_file(path: str | Path, *, known_types: Mapping[str, TypeDef] | None = None
              ) -> Template:
    """A template from a file (a shipped one's key, e.g. ``dealership``, or a path)."""
    from crmdesk.errors import KnownError

    candidate = Path(path)
    if not candidate.suffix and not candidate.exists():
        candidate = templates_dir() / f"{path}.json"
        if not candidate.exists():
            raise KnownError(QT_TRANSLATE_NOOP(
                "Errors", "There is no template {name}: choose one of {names}, or give the "
                          "path of a template file."), name=str(path),
                names=", ".join(shipped_keys()))
    try:
        raw = json.loads(candidate.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "Cannot read {file}: {error}"),
                         file=str(candidate), error=exc.strerror or str(exc)) from None
    except ValueError as exc:
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "{file} is not JSON: {error}."),
                         file=str(candidate), error=str(exc)) from None
    return parse_template(raw, known_types=known_types)


def shipped_keys() -> list[str]:
    folder = templates_dir()
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def shipped() -> list[Template]:
    """The templates that ship with crmdesk, general first."""
    found = [read_file(key) for key in shipped_keys()]
    return sorted(found, key=lambda t: (t.key != "general", t.key))
