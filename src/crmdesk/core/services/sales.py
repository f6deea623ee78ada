"""Sales: opportunities through the pipeline, products, orders with lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, true
from sqlalchemy.orm import Session

from crmdesk.core import presentation, search
from crmdesk.core.fields import label
from crmdesk.core.models import (
    Customer,
    Opportunity,
    OpportunityStage,
    Order,
    OrderLine,
    Product,
    utcnow,
)
from crmdesk.core.models.base import touch
from crmdesk.core.permissions import Actor, child_scope, require
from crmdesk.core.services import audit
from crmdesk.core.services.records import RecordService
from crmdesk.core.validation import (
    MAX_CENTS,
    FieldProblem,
    clean_int,
    clean_money,
    clean_text,
    required_problem,
)
from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

# ---------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------


def stages(session: Session, *, include_retired: bool = True) -> list[OpportunityStage]:
    """The pipeline stages in their configured order (``core.services.stages`` changes
    them); *include_retired* False: only those offered for new moves."""
    stmt = select(OpportunityStage).order_by(OpportunityStage.position, OpportunityStage.key)
    if not include_retired:
        stmt = stmt.where(OpportunityStage.retired.is_(False))
    return list(session.execute(stmt).scalars())


def set_stage_probability(session: Session, actor: Actor, key: str, probability: int) -> None:
    """A stage's win probability (0-100; see ``stages.set_probability``)."""
    from crmdesk.core.services import stages as stage_config

    stage_config.set_probability(session, actor, key, probability)


# ---------------------------------------------------------------------------
# Opportunities
# ---------------------------------------------------------------------------

def opportunity_doc(o: Opportunity, customer_name: str | None) -> search.DocInput:
    return search.DocInput(kind="opportunity", ref_id=o.id, customer_id=o.customer_id,
                           code=o.code, title=o.title, subtitle=customer_name,
                           texts=(o.code,), pinyin_of=(o.title,),
                           personal_id=OpportunityService.personal_user(o))


class OpportunityService(RecordService[Opportunity]):
    entity = "opportunity"
    model = Opportunity
    code_attr = "code"
    code_prefix = "OP"
    indexed = True
    default_to_actor = ("owner_id",)
    personal_columns = ("owner_id",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Opportunity.customer_id, *self.personal())

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Opportunity | None) -> None:
        if obj is None and not values.get("stage"):
            from crmdesk.core.services.stages import default_stage

            values["stage"] = default_stage(session) or "potential"
        if obj is None and values.get("amount_cents") in (None, ""):
            values["amount_cents"] = 0

    def apply(self, session: Session, actor: Actor, obj: Opportunity,
              cleaned: dict[str, Any]) -> None:
        old_stage = obj.stage
        super().apply(session, actor, obj, cleaned)
        if "stage" in cleaned and cleaned["stage"] != old_stage:
            stage = session.get(OpportunityStage, obj.stage)
            obj.closed_at = utcnow() if stage and (stage.is_won or stage.is_lost) else None

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Opportunity | None) -> list[FieldError]:
        """A retired stage takes no new move (those already in it stay)."""
        key = cleaned.get("stage")
        if key is None or (obj is not None and key == obj.stage):
            return []
        stage = session.get(OpportunityStage, key)
        if stage is None or not stage.retired:
            return []
        shown = label("opportunity", "stage")
        return [FieldError("stage", shown, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label}: {stage} is retired and takes no new opportunities: "
                          "choose another stage."), label=shown,
            stage=presentation.stage_name(stage.key, stage.name, stage.name_zh)))]

    def after_write(self, session: Session, actor: Actor, obj: Opportunity, *,
                    creating: bool) -> None:
        customer = session.get(Customer, obj.customer_id)
        search.index(session, opportunity_doc(obj, customer.name if customer else None))

    def after_delete_many(self, session: Session, actor: Actor, objs: Sequence[Opportunity]
                          ) -> None:
        search.remove(session, "opportunity", [obj.id for obj in objs])

    def move(self, session: Session, actor: Actor, opportunity_id: int, stage: str, *,
             expected_version: int | None = None) -> Opportunity:
        """Move an opportunity to another stage (the pipeline board's drag and drop)."""
        return self.update(session, actor, opportunity_id, {"stage": stage},
                           expected_version=expected_version)

    def board(self, session: Session, actor: Actor, *, owner_id: int | None = None,
              close_from: date | None = None, close_to: date | None = None,
              limit_per_stage: int = 200) -> list[StageColumn]:
        """The pipeline board: cards per stage with count, total and weighted forecast."""
        columns = []
        for stage in stages(session):
            conds: list[Any] = [Opportunity.stage == stage.key, Opportunity.deleted_at.is_(None),
                                self.scope(actor)]
            if owner_id is not None:
                conds.append(Opportunity.owner_id == owner_id)
            if close_from is not None:
                conds.append(Opportunity.expected_close >= close_from)
            if close_to is not None:
                conds.append(Opportunity.expected_close <= close_to)
            count, total = session.execute(select(
                func.count(Opportunity.id), func.coalesce(func.sum(Opportunity.amount_cents), 0))
                .where(*conds)).one()
            if stage.retired and not count:
                continue  # a retired stage shows only while opportunities are in it
            cards = [
                Card(o.id, o.code, o.title, cname or "", o.amount_cents, o.expected_close,
                     o.owner_id, o.version)
                for o, cname in session.execute(
                    select(Opportunity, Customer.name)
                    .join(Customer, Customer.id == Opportunity.customer_id)
                    .where(*conds)
                    .order_by(Opportunity.amount_cents.desc(), Opportunity.id)
                    .limit(limit_per_stage))]
            columns.append(StageColumn(stage.key, stage.name, stage.probability, int(count),
                                       int(total), int(total) * stage.probability // 100, cards,
                                       name_zh=stage.name_zh, retired=bool(stage.retired),
                                       is_won=bool(stage.is_won), is_lost=bool(stage.is_lost)))
        return columns


@dataclass
class Card:
    id: int
    code: str
    title: str
    customer_name: str
    amount_cents: int
    expected_close: date | None
    owner_id: int | None
    version: int


@dataclass
class StageColumn:
    key: str
    name: str
    probability: int
    count: int
    total_cents: int
    weighted_cents: int
    cards: list[Card] = field(default_factory=list)
    name_zh: str | None = None
    retired: bool = False
    is_won: bool = False
    is_lost: bool = False

    @property
    def shown(self) -> str:
        """The stage's name in the reader's language."""
        return presentation.stage_name(self.key, self.name, self.name_zh)


opportunities = OpportunityService()


# ---------------------------------------------------------------------------
# Products
# ---------------------------------------------------------------------------

class ProductService(RecordService[Product]):
    entity = "product"
    model = Product
    text_columns = ("code", "name", "category")

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return true()

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Product | None) -> None:
        require(actor, "products.manage")
        if obj is None and values.get("active") in (None, ""):
            values["active"] = True
        if obj is None and values.get("price_cents") in (None, ""):
            values["price_cents"] = 0

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Product | None) -> list[FieldError]:
        code = cleaned.get("code")
        if code and (obj is None or code != obj.code):
            if session.execute(select(Product.id).where(Product.code == code)).first():
                shown = label("product", "code")
                return [FieldError("code", shown, render("Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label} {code} is used by another product: choose another."),
                    label=shown, code=code))]
        return []

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        require(actor, "products.manage")
        super().delete(session, actor, record_id, hard=hard)


products = ProductService()


# ---------------------------------------------------------------------------
# Orders
# ---------------------------------------------------------------------------

@dataclass
class LineInput:
    description: str | None = None
    quantity: Any = 1
    unit_price: Any = None  # yuan, as typed; None: the product's price
    product_id: int | None = None


class OrderService(RecordService[Order]):
    entity = "order"
    model = Order
    code_attr = "number"
    code_prefix = "SO"
    text_columns = ("number", "notes")
    default_to_actor = ("owner_id",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Order.customer_id, Order.owner_id)

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Order | None) -> None:
        if obj is None:
            if not values.get("order_date"):
                values["order_date"] = date.today()
            if not values.get("status"):
                values["status"] = "confirmed"
        values.pop("total_cents", None)

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Order | None) -> list[FieldError]:
        from crmdesk.core.services import order_flow  # issue 16: statuses follow stock

        problem = order_flow.check_status_change(session, obj, cleaned["status"]) \
            if cleaned.get("status") else None
        return [FieldError("status", label("order", "status"), problem)] if problem else []

    def apply(self, session: Session, actor: Actor, obj: Order,
              cleaned: dict[str, Any]) -> None:
        """As any record; a saved order's new status or warehouse reserves or releases
        stock (``order_flow.after_status_change``): an edit and a mass update alike."""
        old_status, old_warehouse = obj.status, obj.warehouse_id
        super().apply(session, actor, obj, cleaned)
        if obj.id is not None:
            from crmdesk.core.services import order_flow

            order_flow.after_status_change(session, actor, obj, old_status, old_warehouse)

    def clean_lines(self, session: Session, lines: Sequence[LineInput | Mapping[str, Any]]
                    ) -> list[OrderLine]:
        errors: list[FieldError] = []
        result: list[OrderLine] = []
        for n, raw in enumerate(lines, start=1):
            line = raw if isinstance(raw, LineInput) else LineInput(**raw)
            row_label = render("Field", QT_TRANSLATE_NOOP("Field", "Line {n}"), n=n)
            try:
                product = None
                if line.product_id is not None:
                    product = session.get(Product, int(line.product_id))
                    if product is None or product.deleted_at is not None:
                        raise FieldProblem(QT_TRANSLATE_NOOP(
                            "Validation", "{label}: choose an existing product."))
                description = clean_text(line.description, 200) or (product.name if product
                                                                      else None)
                if not description:
                    raise required_problem()
                quantity = clean_int(line.quantity, min_value=1) or 1
                price = clean_money(line.unit_price)
                if price is None:
                    price = product.price_cents if product else 0
                if abs(price * quantity) >= MAX_CENTS:
                    raise FieldProblem(QT_TRANSLATE_NOOP(
                        "Validation", "{label} is too large: check the quantity and the price."))
            except FieldProblem as problem:
                errors.append(FieldError(f"line{n}", row_label, problem.render(row_label)))
                continue
            result.append(OrderLine(product_id=product.id if product else None,
                                    description=description, quantity=quantity,
                                    unit_price_cents=price, amount_cents=price * quantity))
        if not errors and abs(sum(line.amount_cents for line in result)) >= MAX_CENTS:
            label = render("Field", QT_TRANSLATE_NOOP("Field", "Total"))
            errors.append(FieldError("total_cents", label, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} is too large: check the quantity and the price."),
                label=label)))
        if errors:
            raise ValidationError(errors)
        return result

    def create_with_lines(self, session: Session, actor: Actor, data: Mapping[str, Any],
                          lines: Sequence[LineInput | Mapping[str, Any]]) -> Order:
        """An order and its lines in one step; the total is the sum of the lines."""
        from crmdesk.core.services import order_flow

        cleaned_lines = self.clean_lines(session, lines)
        order = self.create(session, actor, data)
        self._replace_lines(session, order, cleaned_lines)
        if order.status in order_flow.OPEN:  # confirmed: reserve what is in stock
            order_flow.reserve(session, actor, order)
        else:  # entered as shipped or completed: a past order
            order_flow.mark_history(session, order)
        return order

    def set_lines(self, session: Session, actor: Actor, order_id: int,
                  lines: Sequence[LineInput | Mapping[str, Any]]) -> Order:
        from crmdesk.core.services import order_flow

        order = self.get(session, actor, order_id)
        before = {"total_cents": order.total_cents, "lines": self.lines_snapshot(session, order)}
        cleaned_lines = self.clean_lines(session, lines)
        current = order_flow.lines_of(session, order.id)
        if order_flow.snapshot_lines(current) == order_flow.snapshot_lines(cleaned_lines):
            return order  # unchanged (a form saves its lines with every save)
        if order.status in order_flow.DERIVED or any(line.shipped_qty or line.invoiced_qty
                                                     for line in current):
            raise _lines_locked(order)
        open_order = order.status in order_flow.OPEN
        if open_order:
            order_flow.release(session, actor, order)
        self._replace_lines(session, order, cleaned_lines)
        if open_order:
            order_flow.reserve(session, actor, order)
        audit.record(session, actor, "update", entity="order", entity_id=order.id,
                     message=QT_TRANSLATE_NOOP("Audit", "Changed the lines of {record}"),
                     params={"record": self.describe(order)}, before=before,
                     after={"total_cents": order.total_cents,
                            "lines": self.lines_snapshot(session, order)})
        return order

    def _replace_lines(self, session: Session, order: Order, lines: list[OrderLine]) -> None:
        session.execute(delete(OrderLine).where(OrderLine.order_id == order.id))
        for line in lines:
            line.order_id = order.id
            session.add(line)
        order.total_cents = sum(line.amount_cents for line in lines)
        touch(order)  # new lines are a new version of the order, even at the same total
        session.flush()

    def lines(self, session: Session, actor: Actor, order_id: int) -> list[OrderLine]:
        self.get(session, actor, order_id, deleted=None)
        return list(session.execute(select(OrderLine).where(OrderLine.order_id == order_id)
                                    .order_by(OrderLine.id)).scalars())

    def lines_snapshot(self, session: Session, order: Order) -> list[dict[str, Any]]:
        return [{"description": line.description, "quantity": line.quantity,
                 "unit_price_cents": line.unit_price_cents}
                for line in session.execute(select(OrderLine).where(
                    OrderLine.order_id == order.id).order_by(OrderLine.id)).scalars()]

    def after_delete(self, session: Session, actor: Actor, obj: Order) -> None:
        from crmdesk.core.services import order_flow  # issue 16

        order_flow.after_delete(session, actor, obj)

    def purge_dependents(self, session: Session, actor: Actor, obj: Order) -> None:
        from crmdesk.core.services import order_flow  # issue 16

        order_flow.check_purge(session, obj)
        session.execute(delete(OrderLine).where(OrderLine.order_id == obj.id))


orders = OrderService()


def _lines_locked(order: Order) -> ValidationError:
    label_text = render("Field", QT_TRANSLATE_NOOP("Field", "Line {n}"), n=1)
    return ValidationError([FieldError("line1", label_text, render("Orders", QT_TRANSLATE_NOOP(
        "Orders", "Goods of order {order} have shipped or been invoiced, so its lines can "
                  "no longer change: make a new order for more."), order=order.number))])

