"""Importing contacts, interactions, opportunities, orders, tickets, tasks and
products: each row through its record service (references resolved as people
write them), created or updated one by one, each audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from crmdesk.core.fields import fields_of
from crmdesk.core.models import Contact, Interaction
from crmdesk.core.services import custom_fields
from crmdesk.core.validation import FieldProblem, clean_datetime, clean_phone, validate
from crmdesk.errors import KnownError, ValidationError
from crmdesk.exchange.import_engine import Engine
from crmdesk.exchange.import_types import DuplicateMatch, Row
from crmdesk.exchange.mapping import ANY_PHONE, LINE_TARGETS, code_target
from crmdesk.exchange.references import as_text, labelled

_REFERENCE_KINDS = ("customer", "contact", "product", "user", "status", "stage", "supplier",
                    "warehouse")


class RecordEngine(Engine):
    def service_input(self, row: Row) -> dict[str, Any]:
        """The service input for a row (references resolved); problems on *row*."""
        data: dict[str, Any] = {}
        custom_raw = self.split_custom(row)
        specs = {s.key: s for s in fields_of(self.entity)}
        code = code_target(self.entity)
        for key, value in list(row.values.items()):
            if key.startswith("cf.") or key in LINE_TARGETS or (key == code and (
                    key not in specs or not specs[key].editable)):
                continue
            if key == ANY_PHONE:
                try:
                    is_mobile = clean_phone(value, mobile=True) is not None
                except FieldProblem:
                    is_mobile = False
                key = "mobile" if is_mobile and "mobile" not in row.values else "phone"
                row.columns[key] = row.columns[ANY_PHONE]
                row.values.setdefault(key, value)
                if key in data:
                    continue
            spec = specs.get(key)
            if spec is not None and spec.kind in _REFERENCE_KINDS:
                value = self.reference(row, spec, value, data)
                if value is None:
                    continue
            data[key] = value
        row.given = {k for k, v in data.items() if v is not None}
        self.clean_custom(row, custom_raw, creating=True)
        return data

    def reference(self, row: Row, spec: Any, value: Any, data: dict[str, Any]) -> Any:
        kind = spec.kind
        if kind == "user":
            found, problem = self.refs.user(value)
        elif kind == "customer":
            found, problem = self.refs.customer(value)
        elif kind == "contact":
            customer_value = row.values.get("customer_id")
            customer_id = self.refs.customer(customer_value)[0] if customer_value else None
            found, problem = self.refs.contact(value, customer_id)
        elif kind == "product":
            found, problem = self.refs.product(value)
        elif kind == "status":
            found, problem = self.refs.status(value)
        elif kind in ("supplier", "warehouse"):  # fields.CATALOGUE_KINDS
            found, problem = self.refs.catalogue(kind, value)
        else:
            stage, problem = self.refs.stage(value)
            found = stage  # type: ignore[assignment]
        if problem:
            self.problem(row, spec.key, labelled(spec.translated, problem))
            return None
        return found

    def lines(self, row: Row) -> list[dict[str, Any]]:
        if not any(k in row.values for k in LINE_TARGETS):
            return []
        product_id = None
        if "line.product" in row.values:
            product_id, problem = self.refs.product(row.values["line.product"])
            if problem:
                self.problem(row, "line.product", problem)
                return []
        return [{"product_id": product_id,
                 "description": row.values.get("line.description"),
                 "quantity": row.values.get("line.quantity", 1),
                 "unit_price": row.values.get("line.unit_price")}]

    def find_existing(self, row: Row, data: dict[str, Any]) -> DuplicateMatch | None:
        model = self.service.model
        if not hasattr(model, "deleted_at"):  # stock levels and movements: always added
            return None
        scope = (model.deleted_at.is_(None), self.service.scope(self.actor))
        code = code_target(self.entity)
        if code and row.values.get(code) is not None:
            text = as_text(row.values[code])
            rec = self.session.execute(select(model).where(
                getattr(model, code) == text, *scope)).scalars().first()
            if rec is not None:
                return DuplicateMatch("code", 100, record_id=rec.id, code=text,
                                      name=self.service.describe(rec))
        if self.entity == "contact" and data.get("customer_id"):
            conds = []
            for key in ("mobile", "email"):
                if data.get(key):
                    try:
                        value = validate("contact", {key: data[key]}, partial=True).get(key)
                    except ValidationError:
                        continue
                    conds.append(getattr(Contact, key) == value)
            if data.get("name"):
                conds.append(Contact.name == as_text(data["name"]))
            if conds:
                rec = self.session.execute(select(Contact).where(
                    Contact.customer_id == data["customer_id"], or_(*conds), *scope)
                ).scalars().first()
                if rec is not None:
                    return DuplicateMatch("same", 100, record_id=rec.id, name=rec.name)
        if self.entity == "interaction" and data.get("customer_id") and data.get("summary"):
            try:
                when = clean_datetime(data.get("occurred_at"))
            except FieldProblem:
                when = None
            if when is not None:
                rec = self.session.execute(select(Interaction).where(
                    Interaction.customer_id == data["customer_id"],
                    Interaction.occurred_at == when,
                    Interaction.summary == as_text(data["summary"]), *scope)).scalars().first()
                if rec is not None:
                    return DuplicateMatch("same", 100, record_id=rec.id, name=rec.summary)
        if self.entity == "supplier" and data.get("name"):  # a supplier is known by its name
            rec = self.session.execute(select(model).where(
                model.name == as_text(data["name"]), *scope)).scalars().first()
            if rec is not None:
                return DuplicateMatch("same", 100, record_id=rec.id, code=rec.code,
                                      name=rec.name)
        return None

    def clean(self, row: Row) -> None:
        row.extra["data"] = self.service_input(row)
        row.extra["lines"] = self.lines(row) if self.entity == "order" else []

    def process(self, rows: list[Row]) -> None:
        for row in rows:
            data: dict[str, Any] = row.extra["data"]
            lines: list[dict[str, Any]] = row.extra["lines"]
            if not row.errors:
                row.duplicate = self.find_existing(row, data)
            action = self.action_for(row)
            if row.errors:
                self.outcome(row, "invalid")
                continue
            if action == "skip":
                self.outcome(row, "skip", row.duplicate.record_id if row.duplicate else None)
                continue
            custom = {self.defs_by_id[i].key: v for i, v in row.custom.items()}
            if action in ("update", "merge") and row.duplicate is not None \
                    and row.duplicate.record_id is not None:
                record_id = row.duplicate.record_id
                changes = {k: v for k, v in data.items() if k in row.given}
                if action == "merge":
                    current = self.service.get(self.session, self.actor, record_id)
                    changes = {k: v for k, v in changes.items()
                               if getattr(current, k, None) in (None, "")}
                if self.writing:
                    ok = self.apply_to_existing(row, record_id, action, changes, custom)
                else:
                    ok = self.check_only(row, data, lines, record_id)
                self.outcome(row, action if ok else "invalid", record_id)
                continue
            if self.writing:
                new_id = self.create(row, data, custom, lines)
            else:
                self.check_only(row, data, lines, None)
                new_id = None
            self.outcome(row, "create", new_id)

    def check_only(self, row: Row, data: dict[str, Any], lines: list[dict[str, Any]],
                   record_id: int | None) -> bool:
        """The service's checks without writing (preview, or all-or-nothing after a failure)."""
        obj = self.service.get(self.session, self.actor, record_id) if record_id else None
        try:
            self.service.clean(self.session, self.actor, data if obj is None else {
                k: v for k, v in data.items() if k in row.given}, obj)
            if lines:
                from crmdesk.core.services.sales import orders

                orders.clean_lines(self.session, lines)
        except ValidationError as exc:
            self.field_errors(row, exc.errors)
        except KnownError as exc:
            self.problem(row, next(iter(row.values), ""), exc.message)
        return not row.errors

    def create(self, row: Row, data: dict[str, Any], custom: dict[str, Any],
               lines: list[dict[str, Any]]) -> int | None:
        try:
            with self.session.begin_nested():
                if self.entity == "order":
                    from crmdesk.core.services.sales import orders

                    obj = orders.create_with_lines(self.session, self.actor, data, lines) \
                        if lines else orders.create(self.session, self.actor, data,
                                                    custom=custom)
                    if lines and custom:
                        custom_fields.save_values(self.session, self.actor, "order", obj.id,
                                                  custom_fields.clean_values(
                                                      self.session, self.actor, "order", custom,
                                                      creating=False, defs=self.defs))
                else:
                    obj = self.service.create(self.session, self.actor, data, custom=custom)
        except ValidationError as exc:
            self.field_errors(row, exc.errors)
            return None
        except KnownError as exc:
            self.problem(row, next(iter(row.values), ""), exc.message)
            return None
        return int(obj.id)
