"""The record service of a designed type: the generic :class:`RecordService` (scoped
reads, validated and audited writes, codes, the recycle bin, datasheet rows) over the
type's own table, with the rules its definition declares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from crmdesk.core import keys, search
from crmdesk.core.models import Customer
from crmdesk.core.permissions import Actor, child_scope, owner_scope
from crmdesk.core.record_types import kinds
from crmdesk.core.record_types.definitions import Choice, FieldDef, TypeDef
from crmdesk.core.services import accounts, sensitive
from crmdesk.core.services.records import RecordService
from crmdesk.core.validation import FieldProblem, clean_datetime, clean_int, required_problem
from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage.backends import backend_of

TEXT_KINDS = ("text", "longtext", "phone", "email")


def purpose(type_key: str, field_key: str) -> str:
    """What a sensitive value's place and blind index are bound to."""
    return f"rt.{type_key}.{field_key}"


def _customer_label() -> str:
    return render("Field", QT_TRANSLATE_NOOP("Field", "Customer"))


def _owner_label() -> str:
    return render("Field", QT_TRANSLATE_NOOP("Field", "Owner"))


class RecordTypeService(RecordService[Any]):
    """Subclassed once per type by :func:`service_for_type` (class attributes)."""

    typedef: TypeDef

    # -- scope -------------------------------------------------------------------
    def scope(self, actor: Actor) -> ColumnElement[bool]:
        if self.typedef.belongs_to == "customer":
            return child_scope(actor, self.model.customer_id)
        return owner_scope(actor, self.model.owner_id)

    def label_of(self, field: FieldDef) -> str:
        from crmdesk.core.presentation import reads_chinese

        return field.name_zh if reads_chinese() else field.name_en

    # -- cleaning ------------------------------------------------------------------
    def clean(self, session: Session, actor: Actor, data: Mapping[str, Any],
              obj: Any | None, *, references: dict[Any, FieldProblem | None] | None = None,
              record_rules: bool = True) -> dict[str, Any]:
        creating = obj is None
        values = dict(data)
        errors: list[FieldError] = []
        cleaned: dict[str, Any] = {}
        belongs = "customer_id" if self.typedef.belongs_to == "customer" else "owner_id"
        if creating and belongs == "owner_id" and values.get("owner_id") in (None, ""):
            values["owner_id"] = actor.user_id or None
        if belongs in values:
            label = _customer_label() if belongs == "customer_id" else _owner_label()
            try:
                value = clean_int(values[belongs], min_value=1) \
                    if values[belongs] not in (None, "") else None
                if value is None and belongs == "customer_id":
                    raise required_problem()
                cleaned[belongs] = value
            except FieldProblem as problem:
                errors.append(FieldError(belongs, label, problem.render(label)))
        elif creating and belongs == "customer_id":
            errors.append(FieldError(belongs, _customer_label(),
                                     required_problem().render(_customer_label())))
        if self.typedef.statuses:
            problem_ = self.status_problem(actor, values, cleaned, obj)
            if problem_ is not None:
                errors.append(problem_)
        for field in self.typedef.live_fields:
            present = field.key in values
            if creating and not present and field.default not in (None, ""):
                values[field.key] = self.default_of(field)
                present = True
            if not present and not (creating and field.required):
                continue
            label = self.label_of(field)
            try:
                value = kinds.clean(field, values.get(field.key))
                if field.required and (value is None or value == ""):
                    raise required_problem()
                out_of_range = kinds.range_problem(field, value)
                if out_of_range is not None:
                    raise out_of_range
            except FieldProblem as problem:
                errors.append(FieldError(field.key, label, problem.render(label)))
                continue
            cleaned[field.key] = value
        errors.extend(self.unique_problems(session, actor, cleaned, obj))
        errors.extend(self.check_references(session, actor, cleaned, obj, references))
        if errors:
            raise ValidationError(errors)
        return cleaned

    def status_problem(self, actor: Actor, values: Mapping[str, Any], cleaned: dict[str, Any],
                       obj: Any | None) -> FieldError | None:
        """Clean ``status``: a new record starts in the first status (or one given); a
        change must be a move the type allows the actor's role."""
        typedef = self.typedef
        label = render("Field", QT_TRANSLATE_NOOP("Field", "Status"))
        raw = values.get("status")
        if raw in (None, ""):
            if obj is None:
                cleaned["status"] = typedef.statuses[0].key
            elif "status" in values:
                return FieldError("status", label, required_problem().render(label))
            return None
        chosen = kinds.choice_key(tuple(Choice(st.key, st.name_zh, st.name_en)
                                        for st in typedef.statuses), raw)
        if chosen is None:
            names = ", ".join(kinds.status_name(st) for st in typedef.statuses)
            return FieldError("status", label, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} must be one of: {choices}."), label=label,
                choices=names))
        current = getattr(obj, "status", None) if obj is not None else None
        if obj is not None and chosen != current and current is not None:
            allowed = typedef.moves_from(current, actor.role)
            if not any(st.key == chosen for st in allowed):
                shown = typedef.status(current)
                return FieldError("status", label, render("Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label}: a record in {current} cannot move to {target}; it "
                                  "may move to: {allowed}."), label=label,
                    current=kinds.status_name(shown) if shown else current,
                    target=kinds.status_name(typedef.status(chosen)),  # type: ignore[arg-type]
                    allowed=", ".join(kinds.status_name(st) for st in allowed) or "-"))
        cleaned["status"] = chosen
        return None

    def is_open(self, session: Session, obj: Any) -> bool:
        status = self.typedef.status(getattr(obj, "status", None))
        return status is None or not status.closed

    #: the kinds whose default, as typed in the definition, is what their editor shows
    FORM_DEFAULT_KINDS = frozenset({"text", "longtext", "date", "datetime", "choice", "bool",
                                    "phone", "email"})

    def new_defaults(self) -> dict[str, Any]:
        return {field.key: self.default_of(field) for field in self.typedef.live_fields
                if field.default not in (None, "") and field.kind in self.FORM_DEFAULT_KINDS}

    def default_of(self, field: FieldDef) -> Any:
        if field.kind == "date" and field.default == "today":
            return _today()
        if field.kind == "datetime" and field.default == "now":
            return clean_datetime(_now())
        return field.default

    def unique_problems(self, session: Session, actor: Actor, cleaned: Mapping[str, Any],
                        obj: Any | None) -> list[FieldError]:
        errors: list[FieldError] = []
        m = self.model
        for field in self.typedef.live_fields:
            value = cleaned.get(field.key)
            if not field.unique or value in (None, ""):
                continue
            if field.sensitive:
                column = getattr(m, field.key + "_bidx")
                value = sensitive.blind_index(actor, purpose(self.entity, field.key), value)
            else:
                column = getattr(m, field.key)
            stmt = select(m.id).where(column == value, m.deleted_at.is_(None))
            if obj is not None:
                stmt = stmt.where(m.id != obj.id)
            if session.execute(stmt.limit(1)).first() is not None:
                label = self.label_of(field)
                errors.append(FieldError(field.key, label, render("Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label}: another record has this value already; enter a "
                                  "different one."), label=label)))
        return errors

    def check_references(self, session: Session, actor: Actor, values: dict[str, Any],
                         obj: Any | None, memo: dict[Any, FieldProblem | None] | None = None
                         ) -> list[FieldError]:
        errors = super().check_references(session, actor, values, obj, memo)
        from crmdesk.core.services.registry import SERVICES

        for field in self.typedef.live_fields:
            value = values.get(field.key)
            if field.kind != "record" or value is None:
                continue
            target = SERVICES.get(field.target or "")
            found = None
            if target is not None:
                found = session.execute(select(target.model.id).where(
                    target.model.id == value, target.model.deleted_at.is_(None),
                    target.scope(actor))).first()
            if found is None:
                label = self.label_of(field)
                errors.append(FieldError(field.key, label, render("Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose an existing record that you can see."),
                    label=label)))
        return errors

    # -- writing ---------------------------------------------------------------------
    def value_scope(self, session: Session, obj: Any) -> str:
        """The key scope of the record's sensitive values: its customer's owner's, or
        its own owner's."""
        if self.typedef.belongs_to == "customer":
            owner = session.execute(select(Customer.owner_id).where(
                Customer.id == obj.customer_id)).scalar_one_or_none()
            return keys.owner_scope(owner)
        return keys.owner_scope(obj.owner_id)

    def apply(self, session: Session, actor: Actor, obj: Any, cleaned: dict[str, Any]) -> None:
        secret_fields = {f.key: f for f in self.typedef.fields if f.sensitive}
        old_scope = self.value_scope(session, obj) if obj.id is not None else None
        kept: dict[str, str | None] = {}
        for key, value in cleaned.items():
            if key not in secret_fields:
                setattr(obj, key, value)
        new_scope = self.value_scope(session, obj)
        if old_scope is not None and old_scope != new_scope:
            # a new owner (or customer): the values kept follow to the new owner's key
            for key in secret_fields:
                if key not in cleaned and getattr(obj, key + "_enc") is not None:
                    kept[key] = sensitive.decrypt(actor, purpose(self.entity, key),
                                                  getattr(obj, key + "_enc"), row_id=obj.id)
        secret = {k: v for k, v in cleaned.items() if k in secret_fields}
        secret.update(kept)
        if not secret:
            return
        if obj.id is None:
            if all(v in (None, "") for v in secret.values()):
                return
            obj.id = backend_of(session).next_id(session, self.model.__tablename__)
        for key, value in secret.items():
            enc, bidx = sensitive.encrypt(actor, purpose(self.entity, key), value,
                                          scope=new_scope, row_id=obj.id)
            setattr(obj, key + "_enc", enc)
            setattr(obj, key + "_bidx", bidx)

    def describe(self, obj: Any) -> str:
        title = self.title_of(obj)
        return " ".join(str(p) for p in (getattr(obj, "code", None) or f"#{obj.id}", title) if p)

    def title_field(self) -> FieldDef | None:
        for field in self.typedef.live_fields:
            if field.kind in ("text", "phone", "email"):
                return field
        return None

    def title_of(self, obj: Any) -> str:
        field = self.title_field()
        return str(getattr(obj, field.key, None) or "") if field is not None else ""

    def after_write(self, session: Session, actor: Actor, obj: Any, *, creating: bool) -> None:
        if not self.indexed:
            return
        if obj.deleted_at is not None:
            search.remove(session, self.entity, [obj.id])
            return
        texts: list[str | None] = []
        for field in self.typedef.live_fields:
            value = getattr(obj, field.key, None) if not field.sensitive else None
            if value is None:
                continue
            if field.kind in TEXT_KINDS:
                texts.append(str(value))
            elif field.kind in ("choice", "multichoice"):
                texts.append(kinds.as_text(field, value))
        title = self.title_of(obj) or str(getattr(obj, "code", None) or obj.id)
        owned = self.typedef.belongs_to == "owner"  # no customer: the owner's visibility
        search.index(session, search.DocInput(
            kind=self.entity, ref_id=obj.id,
            customer_id=None if owned else obj.customer_id,
            owner_id=obj.owner_id if owned else None,
            code=getattr(obj, "code", None), title=title,
            subtitle=self.type_name(),
            texts=[getattr(obj, "code", None), *texts],
            pinyin_of=[title]))

    def type_name(self) -> str:
        from crmdesk.core.presentation import reads_chinese

        return self.typedef.name_zh if reads_chinese() else self.typedef.name_en

    def after_delete(self, session: Session, actor: Actor, obj: Any) -> None:
        if self.indexed:
            search.remove(session, self.entity, [obj.id])

    # -- sensitive values ------------------------------------------------------------
    def masked(self, actor: Actor, obj: Any, key: str) -> str:
        return sensitive.masked(actor, purpose(self.entity, key), getattr(obj, key + "_enc"),
                                row_id=obj.id)

    def reveal(self, session: Session, actor: Actor, record_id: int, key: str) -> str | None:
        obj = self.get(session, actor, record_id)
        if self.typedef.belongs_to == "customer":
            accounts.record_access(session, actor, "reveal", [obj.customer_id])
        return sensitive.reveal(session, actor, self.entity, record_id, key,
                                purpose(self.entity, key), getattr(obj, key + "_enc"))

    def plaintext(self, actor: Actor, obj: Any, key: str) -> str | None:
        return sensitive.decrypt(actor, purpose(self.entity, key), getattr(obj, key + "_enc"),
                                 row_id=obj.id)

    def find_by_sensitive(self, session: Session, actor: Actor, key: str,
                          value: str) -> list[Any]:
        """The visible records whose sensitive *key* is exactly *value* (through the
        blind index: the value itself is never searched for)."""
        field = self.typedef.field(key)
        if field is None or not field.sensitive:
            raise KeyError(key)
        try:
            normalized = kinds.clean(field, value)
        except FieldProblem:
            return []
        if normalized is None:
            return []
        index = sensitive.blind_index(actor, purpose(self.entity, key), normalized)
        m = self.model
        return list(session.execute(self.select_visible(actor).where(
            getattr(m, key + "_bidx") == index).order_by(m.id)).scalars())

    # -- datasheet rows ----------------------------------------------------------------
    def rows(self, session: Session, actor: Actor,
             record_ids: Sequence[int]) -> list[dict[str, Any]]:
        result = super().rows(session, actor, record_ids)
        from crmdesk.core.services.registry import SERVICES

        for field in self.typedef.live_fields:
            if field.kind == "multichoice":
                for row in result:
                    if row.get(field.key):
                        row[field.key] = kinds.as_text(field, row[field.key])
            elif field.kind == "record":
                target = SERVICES.get(field.target or "")
                wanted = {row[field.key] for row in result if row.get(field.key)}
                names: dict[int, str] = {}
                if isinstance(target, RecordTypeService) and wanted:
                    for other in target.records(session, actor, sorted(wanted)):
                        names[other.id] = target.describe(other)
                for row in result:
                    row[field.key + ":name"] = names.get(row.get(field.key) or 0, "")
        return result


def _today() -> date:
    return date.today()


def _now() -> datetime:
    return datetime.now().astimezone()


def service_for_type(typedef: TypeDef, model: type[Any]) -> RecordTypeService:
    """A service object for *typedef* over *model* (its mapped table class)."""
    text_columns = tuple(f.key for f in typedef.live_fields if f.kind in TEXT_KINDS)
    attrs: dict[str, Any] = {
        "typedef": typedef, "entity": typedef.key, "model": model,
        "code_attr": "code" if typedef.code_prefix else None,
        "code_prefix": typedef.code_prefix or "",
        "indexed": True,  # owner types too: their documents carry the owner
        "text_columns": text_columns,
        "default_to_actor": ("owner_id",) if typedef.belongs_to == "owner" else (),
        "guarded_fields": {},
    }
    cls = type(f"RecordTypeService_{typedef.key}", (RecordTypeService,), attrs)
    return cls()  # type: ignore[no-any-return]
