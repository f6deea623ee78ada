"""Which column of an import file fills which field.

A :class:`ColumnMapping` maps column headers (not positions, so a saved mapping
fits the next month's file too) to *targets*: a field key of the record type
(``mobile``), a custom field (``cf.vip_level``), or a special target:

* ``any_phone``: a phone number that goes to the mobile field when it is a
  mobile number (and the mobile field is still empty), else to the telephone;
* ``code`` (``number`` for orders): identifies an existing record (a duplicate);
* ``created_at`` (customers): kept for new records, e.g. when moving from
  another system;
* ``line.product`` / ``line.description`` / ``line.quantity`` / ``line.unit_price``
  (orders): one order line.

Fields that refer to other records take what people write: a customer's code
or exact name, a user's login or display name, a product's code or name, a
status or stage name.

:func:`guess_mapping` recognises Chinese and English headers (姓名, 客户名称,
手机, 电话, 邮箱, Name, Mobile, E-mail ...), the field labels in either language,
and columns a preset or vCard produced.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crmdesk.core.fields import FIELDS, field_spec
from crmdesk.core.matching import fold
from crmdesk.exchange.errors import ExchangeError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage.files import atomic_write

IMPORT_ENTITIES = ("customer", "contact", "interaction", "opportunity", "order", "ticket",
                   "task", "product", "stock_level", "stock_movement", "supplier")

# entity aliases accepted on the command line
ENTITY_NAMES = {
    "customers": "customer", "contacts": "contact", "interactions": "interaction",
    "opportunities": "opportunity", "orders": "order", "tickets": "ticket", "tasks": "task",
    "products": "product",
    "stock_levels": "stock_level", "stock_movements": "stock_movement",
    "suppliers": "supplier",
}

ANY_PHONE = "any_phone"
LINE_TARGETS = ("line.product", "line.description", "line.quantity", "line.unit_price")

SPECIAL_LABELS = {
    ANY_PHONE: QT_TRANSLATE_NOOP("Exchange", "Phone (mobile or landline)"),
    "line.product": QT_TRANSLATE_NOOP("Exchange", "Order line: product"),
    "line.description": QT_TRANSLATE_NOOP("Exchange", "Order line: description"),
    "line.quantity": QT_TRANSLATE_NOOP("Exchange", "Order line: quantity"),
    "line.unit_price": QT_TRANSLATE_NOOP("Exchange", "Order line: unit price"),
    "created_at": QT_TRANSLATE_NOOP("Exchange", "Created (kept for new records)"),
}

# Words people put in headers, per target (folded when compared).  The weight
# decides between two columns that could fill the same target.
_W = 100
SYNONYMS: dict[str, list[tuple[str, int]]] = {
    "name": [("姓名", _W), ("名称", _W), ("客户名称", _W), ("客户名", _W), ("客户姓名", _W),
             ("名字", _W), ("name", _W), ("fullname", _W), ("customername", _W),
             ("客户", 70), ("联系人", 60), ("联系人姓名", 60), ("displayname", 90)],
    "kind": [("客户类型", _W), ("类型", 80), ("type", 80), ("customertype", _W), ("kind", _W)],
    "gender": [("性别", _W), ("gender", _W), ("sex", _W)],
    "birthday": [("生日", _W), ("出生日期", _W), ("birthday", _W), ("birthdate", _W),
                 ("dateofbirth", _W)],
    "mobile": [("手机", _W), ("手机号", _W), ("手机号码", _W), ("移动电话", _W),
               ("mobile", _W), ("mobilephone", _W), ("cell", _W), ("cellphone", _W)],
    "phone": [("座机", _W), ("固话", _W), ("固定电话", _W), ("办公电话", _W), ("单位电话", _W),
              ("公司电话", _W), ("商务电话", _W), ("telephone", 90), ("landline", _W),
              ("businessphone", _W), ("workphone", _W), ("officephone", _W)],
    ANY_PHONE: [("电话", _W), ("联系电话", _W), ("电话号码", _W), ("联系方式", 80),
                ("phone", _W), ("tel", _W), ("phonenumber", _W), ("contactnumber", _W)],
    "email": [("邮箱", _W), ("电子邮箱", _W), ("电子邮件", _W), ("邮件", 90), ("邮箱地址", _W),
              ("电子邮件地址", _W), ("email", _W), ("e-mail", _W), ("mail", 90),
              ("emailaddress", _W)],
    "wechat": [("微信", _W), ("微信号", _W), ("wechat", _W), ("weixin", _W)],
    "company": [("公司", _W), ("公司名称", _W), ("单位", _W), ("工作单位", _W), ("单位名称", _W),
                ("企业", 90), ("企业名称", 90), ("所在公司", _W), ("company", _W),
                ("organization", _W), ("organisation", _W), ("companyname", _W)],
    "job_title": [("职位", _W), ("职务", _W), ("岗位", _W), ("头衔", 90), ("jobtitle", _W),
                  ("title", 80), ("position", 90)],
    "department": [("部门", _W), ("department", _W), ("dept", _W)],
    "website": [("网站", _W), ("网址", _W), ("主页", _W), ("官网", _W), ("website", _W),
                ("webpage", _W), ("url", _W), ("homepage", _W)],
    "province": [("省", _W), ("省份", _W), ("所在省", _W), ("省市", 80), ("province", _W),
                 ("state", 90), ("region", 80)],
    "city": [("市", _W), ("城市", _W), ("所在城市", _W), ("city", _W)],
    "district": [("区", _W), ("区县", _W), ("县区", _W), ("district", _W), ("county", _W)],
    "address": [("地址", _W), ("详细地址", _W), ("联系地址", _W), ("通讯地址", _W), ("街道", 90),
                ("地址详情", _W), ("address", _W), ("street", 90)],
    "postal_code": [("邮编", _W), ("邮政编码", _W), ("postcode", _W), ("postalcode", _W),
                    ("zip", _W), ("zipcode", _W)],
    "industry": [("行业", _W), ("所属行业", _W), ("industry", _W)],
    "source": [("来源", _W), ("客户来源", _W), ("线索来源", _W), ("渠道", 80), ("source", _W),
               ("leadsource", _W)],
    "intent_level": [("意向", _W), ("意向等级", _W), ("意向程度", _W), ("客户意向", _W),
                     ("intent", _W), ("intentlevel", _W)],
    "category": [("类别", _W), ("分类", _W), ("客户类别", _W), ("客户分类", _W), ("category", _W)],
    "tags": [("标签", _W), ("tags", _W), ("labels", 90), ("categories", 80)],
    "status": [("状态", _W), ("客户状态", _W), ("status", _W)],
    "owner_id": [("负责人", _W), ("所属人", _W), ("归属人", _W), ("跟进人", _W), ("业务员", _W),
                 ("销售", 80), ("销售员", _W), ("客户经理", _W), ("owner", _W),
                 ("salesperson", _W), ("salesrep", _W), ("accountmanager", _W)],
    "id_number": [("身份证", _W), ("身份证号", _W), ("身份证号码", _W), ("证件号码", 90),
                  ("idnumber", _W), ("idcard", _W)],
    "bank_name": [("开户行", _W), ("开户银行", _W), ("银行", 90), ("bank", _W), ("bankname", _W)],
    "bank_account": [("银行账号", _W), ("银行卡号", _W), ("账号", 80), ("卡号", 80),
                     ("bankaccount", _W), ("accountnumber", 90)],
    "next_follow_up": [("下次跟进", _W), ("下次跟进日期", _W), ("下次联系", _W),
                       ("nextfollowup", _W)],
    "notes": [("备注", _W), ("说明", 90), ("附注", _W), ("notes", _W), ("note", _W),
              ("remark", _W), ("remarks", _W), ("comments", 90)],
    "code": [("编号", _W), ("客户编号", _W), ("编码", _W), ("代码", 90), ("code", _W),
             ("customercode", _W), ("no", 80)],
    "created_at": [("创建时间", _W), ("创建日期", _W), ("录入时间", _W), ("建档日期", _W),
                   ("created", _W), ("createdat", _W), ("datecreated", _W)],
    "customer_id": [("客户", _W), ("客户名称", _W), ("所属客户", _W), ("客户编号", 90),
                    ("公司", 90), ("公司名称", 90), ("单位", 80), ("customer", _W),
                    ("company", 90), ("account", 80)],
    "contact_id": [("联系人", _W), ("contact", _W)],
    "is_primary": [("主要联系人", _W), ("首要联系人", _W), ("primary", _W),
                   ("primarycontact", _W)],
    "occurred_at": [("时间", 80), ("日期", 80), ("跟进时间", _W), ("联系时间", _W), ("拜访时间", _W),
                    ("date", 80), ("datetime", _W), ("occurredat", _W)],
    "summary": [("摘要", _W), ("内容", 90), ("跟进内容", _W), ("主题", 80), ("summary", _W),
                ("subject", 80)],
    "details": [("详情", _W), ("详细内容", _W), ("details", _W), ("description", 80)],
    "user_id": [("跟进人", _W), ("员工", 90), ("销售", 80), ("负责人", 90), ("staff", _W),
                ("user", _W)],
    "title": [("标题", _W), ("商机名称", _W), ("任务", 80), ("title", _W)],
    "product_id": [("产品", _W), ("产品名称", _W), ("product", _W), ("商品", _W),
                   ("产品编码", _W), ("商品编码", _W), ("productcode", _W), ("sku", _W)],
    # stock (issue 16): levels and movements
    "warehouse_id": [("仓库", _W), ("仓库编码", _W), ("warehouse", _W)],
    "counterpart_id": [("调入仓库", _W), ("目标仓库", _W), ("towarehouse", _W)],
    "quantity": [("数量", _W), ("quantity", _W), ("qty", _W)],
    "on_hand": [("库存", _W), ("库存数量", _W), ("期初数量", _W), ("期初库存", _W),
                ("现有", _W), ("现存", _W), ("在库", _W), ("数量", 90), ("onhand", _W), ("quantity", 90), ("qty", 90)],
    "unit_cost_cents": [("成本", _W), ("单位成本", _W), ("成本价", _W), ("单价", 90),
                        ("unitcost", _W), ("cost", _W)],
    "cost_cents": [("成本", _W), ("单位成本", _W), ("成本价", _W), ("unitcost", _W),
                   ("cost", _W)],
    "reason": [("原因", _W), ("事由", _W), ("reason", _W)],
    # suppliers (issue 16)
    "contact_name": [("联系人", _W), ("联系人姓名", _W), ("对接人", _W), ("contact", _W),
                     ("contactname", _W), ("contactperson", _W)],
    "tax_number": [("税号", _W), ("纳税人识别号", _W), ("统一社会信用代码", _W),
                   ("信用代码", 90), ("taxnumber", _W), ("taxid", _W), ("vatnumber", _W)],
    "payment_terms_days": [("账期", _W), ("账期天数", _W), ("付款期限", _W), ("付款天数", _W),
                           ("paymentterms", _W), ("terms", 80)],
    "reference": [("参考号", _W), ("单据号", _W), ("凭证号", _W), ("reference", _W)],
    "amount_cents": [("金额", _W), ("预计金额", _W), ("amount", _W), ("value", 80)],
    "stage": [("阶段", _W), ("销售阶段", _W), ("stage", _W)],
    "expected_close": [("预计成交日期", _W), ("预计成交", _W), ("expectedclose", _W),
                       ("closedate", _W)],
    "lost_reason": [("输单原因", _W), ("丢单原因", _W), ("lostreason", _W)],
    "number": [("订单号", _W), ("订单编号", _W), ("单号", _W), ("ordernumber", _W),
               ("orderno", _W), ("number", 90)],
    "order_date": [("订单日期", _W), ("下单日期", _W), ("日期", 80), ("orderdate", _W),
                   ("date", 80)],
    "line.product": [("产品", _W), ("产品编号", _W), ("商品", _W), ("product", _W),
                     ("productcode", _W)],
    "line.description": [("品名", _W), ("描述", 90), ("description", 90)],
    "line.quantity": [("数量", _W), ("quantity", _W), ("qty", _W)],
    "line.unit_price": [("单价", _W), ("价格", 90), ("unitprice", _W), ("price", 90)],
    "subject": [("主题", _W), ("标题", 90), ("问题", 80), ("subject", _W)],
    "priority": [("优先级", _W), ("紧急程度", _W), ("priority", _W)],
    "status_id": [("状态", _W), ("工单状态", _W), ("status", _W)],
    "assignee_id": [("处理人", _W), ("负责人", _W), ("执行人", _W), ("assignee", _W),
                    ("assignedto", _W)],
    "due_date": [("截止日期", _W), ("到期日", _W), ("duedate", _W), ("due", 90)],
    "description": [("描述", _W), ("详情", 90), ("说明", 80), ("description", _W)],
    "due_at": [("截止时间", _W), ("到期时间", _W), ("截止日期", 90), ("due", _W), ("dueat", _W)],
    "remind_at": [("提醒时间", _W), ("remindat", _W), ("reminder", _W)],
    "done": [("已完成", _W), ("完成", _W), ("done", _W), ("completed", _W)],
    "unit": [("单位", _W), ("计量单位", _W), ("unit", _W)],
    "price_cents": [("价格", _W), ("单价", _W), ("售价", _W), ("price", _W)],
    "active": [("在售", _W), ("是否在售", _W), ("启用", 90), ("active", _W), ("onsale", _W)],
}


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    required: bool = False


def _entity_specs(entity: str) -> list[Any]:
    return [s for s in FIELDS[entity] if s.editable]


def code_target(entity: str) -> str | None:
    """The target that identifies an existing record of *entity* by its code."""
    return {"customer": "code", "opportunity": "code", "order": "number", "ticket": "code",
            "product": "code", "supplier": "code"}.get(entity)


def target_label(entity: str, key: str, custom: Mapping[str, str] | None = None) -> str:
    if key.startswith("cf."):
        return (custom or {}).get(key[3:], key[3:])
    if key in SPECIAL_LABELS:
        return render("Exchange", SPECIAL_LABELS[key])
    try:
        return field_spec(entity, key).translated
    except KeyError:
        return field_spec("customer", key).translated if any(
            s.key == key for s in FIELDS["customer"]) else key


def targets(entity: str, custom_defs: Iterable[Any] = ()) -> list[Target]:
    """What a column of an import into *entity* may fill, in form order."""
    result: list[Target] = []
    code = code_target(entity)
    if code is not None and not any(s.key == code and s.editable for s in FIELDS[entity]):
        result.append(Target(code, target_label(entity, code)))
    for spec in _entity_specs(entity):
        if entity == "order" and spec.key == "total_cents":
            continue
        result.append(Target(spec.key, spec.translated, spec.required))
        if spec.kind == "mobile":
            result.append(Target(ANY_PHONE, target_label(entity, ANY_PHONE)))
    if entity == "customer":
        result.append(Target("created_at", target_label(entity, "created_at")))
    if entity == "order":
        result.extend(Target(k, target_label(entity, k)) for k in LINE_TARGETS)
    for definition in custom_defs:
        result.append(Target("cf." + definition.key, definition.label, definition.required))
    return result


@dataclass
class ColumnMapping:
    """Column header -> target (columns not listed are not imported)."""

    entity: str
    columns: dict[str, str] = field(default_factory=dict)
    name: str = ""

    def target_of(self, header: str) -> str | None:
        return self.columns.get(header) or None

    def header_of(self, target: str) -> str | None:
        for header, key in self.columns.items():
            if key == target:
                return header
        return None

    def to_json(self) -> str:
        return json.dumps({"crmdesk_mapping": 1, "name": self.name, "entity": self.entity,
                           "columns": self.columns}, ensure_ascii=False, indent=1)

    def save(self, path: str | Path) -> None:
        atomic_write(Path(path), self.to_json().encode("utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> ColumnMapping:
        path = Path(path)
        try:
            data = json.loads(path.read_text("utf-8"))
            columns = data["columns"]
            if not isinstance(columns, dict):
                raise TypeError("columns")
            return cls(entity=str(data.get("entity") or "customer"),
                       columns={str(k): str(v) for k, v in columns.items() if v},
                       name=str(data.get("name") or path.stem))
        except FileNotFoundError:
            raise ExchangeError(QT_TRANSLATE_NOOP(
                "Exchange", "{path} does not exist: check the file name."),
                path=str(path)) from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ExchangeError(QT_TRANSLATE_NOOP(
                "Exchange", "{name} is not a saved column mapping ({reason}). Save one from "
                            "the import wizard or write JSON like "
                            "{{\"columns\": {{\"手机\": \"mobile\"}}}}."),
                name=path.name, reason=str(exc)) from exc

    def check(self, entity: str, custom_defs: Iterable[Any] = (),
              headers: Sequence[str] | None = None) -> None:
        """Refuse targets that do not exist and targets filled by two columns."""
        known = {t.key for t in targets(entity, custom_defs)}
        used: dict[str, str] = {}
        for header, key in self.columns.items():
            if headers is not None and header not in headers:
                continue
            if key not in known:
                raise ExchangeError(QT_TRANSLATE_NOOP(
                    "Exchange", "The mapping sends column {column} to {target}, which {entity} "
                                "records do not have. Choose one of: {targets}."),
                    column=header, target=key, entity=entity,
                    targets=", ".join(sorted(known)))
            if key in used:
                raise ExchangeError(QT_TRANSLATE_NOOP(
                    "Exchange", "Columns {first} and {second} both fill {target}: keep one "
                                "of them."), first=used[key], second=header,
                    target=target_label(entity, key))
            used[key] = header


def _words_for(entity: str, custom_defs: Iterable[Any]) -> dict[str, list[tuple[str, int]]]:
    """Folded header words per target of *entity*."""
    words: dict[str, list[tuple[str, int]]] = {}
    for target in targets(entity, custom_defs):
        entries = list(SYNONYMS.get(target.key, []))
        entries.append((target.key, _W))
        if target.key.startswith("cf."):
            entries.append((target.key[3:], _W))
            entries.append((target.label, _W))
        else:  # a column an export wrote: its header is the field's label
            entries.append((target.label, _W + 50))
            source_label = _source_label(entity, target.key)
            if source_label:
                entries.append((source_label, _W + 50))
            zh = next((getattr(spec, "label_zh", "") for spec in FIELDS.get(entity, ())
                       if spec.key == target.key), "")
            if zh:  # a designed field: its Chinese name whatever the language
                entries.append((zh, _W + 50))
        words[target.key] = [(fold(w), weight) for w, weight in entries if fold(w)]
    return words


def _source_label(entity: str, key: str) -> str | None:
    if key in SPECIAL_LABELS:
        return SPECIAL_LABELS[key]
    for spec in FIELDS[entity]:
        if spec.key == key:
            return spec.label
    return None


def _normal_header(header: str) -> str:
    text = unicodedata.normalize("NFKC", header).strip().rstrip("*").strip()
    return fold(text)


def guess_mapping(entity: str, headers: Sequence[str], custom_defs: Iterable[Any] = (),
                  hints: Mapping[str, str] | None = None) -> ColumnMapping:
    """The likely target of each column (each target filled by one column at most)."""
    custom_defs = list(custom_defs)
    words = _words_for(entity, custom_defs)
    known = set(words)
    scored: list[tuple[int, int, str, str]] = []  # (score, -position, header, target)
    for position, header in enumerate(headers):
        hinted = (hints or {}).get(header)
        if hinted:
            if hinted == "phone" and "phone" not in known and ANY_PHONE in known:
                hinted = ANY_PHONE
            if hinted == "company" and "company" not in known:
                hinted = "customer_id"  # contacts: the company is their customer
            if hinted in known:
                scored.append((1000, -position, header, hinted))
            continue
        normal = _normal_header(header)
        if not normal:
            continue
        for key, entries in words.items():
            best = 0
            for word, weight in entries:
                if normal == word:
                    best = max(best, 200 + weight)
                elif len(word) >= 2 and word in normal and len(normal) <= len(word) + 6:
                    best = max(best, weight + len(word))
            if best:
                scored.append((best, -position, header, key))
    scored.sort(reverse=True)
    columns: dict[str, str] = {}
    taken: set[str] = set()
    for _score, _pos, header, key in scored:
        if header in columns or key in taken:
            continue
        columns[header] = key
        taken.add(key)
    ordered = {h: columns[h] for h in headers if h in columns}
    return ColumnMapping(entity=entity, columns=ordered)
