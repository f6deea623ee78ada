"""The fields of every record type, declared once.

Forms, datasheets, validation, import mapping and export all read these
declarations, so a field's label, kind, rules and choices are the same
everywhere.  Labels and choice names are English source strings marked for
translation; render them with :func:`label` and :func:`choice_label`.
"""

from __future__ import annotations

from dataclasses import dataclass

from crmdesk.i18n import QT_TRANSLATE_NOOP, render

# Field kinds:
#   text, longtext, phone, mobile, email, date, datetime, money, int, bool,
#   choice (closed list), suggest (free text with suggestions), tags,
#   user (a user id), customer (a customer id), product, contact, stage, status,
#   id_number, bank_account (sensitive, stored encrypted),
#   supplier, warehouse (catalogue records: see CATALOGUE_KINDS and core/catalogues.py)

#: reference kinds naming a catalogue record (code and name, visible to everyone); the
#: kind is the entity referred to
CATALOGUE_KINDS: tuple[str, ...] = ("supplier", "warehouse")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = "text"
    required: bool = False
    max_len: int | None = None
    choices: str | None = None  # key of CHOICES (choice) or SUGGESTIONS (suggest)
    sensitive: bool = False
    in_list: bool = True  # shown in the datasheet by default
    editable: bool = True  # False: set by the system (code, timestamps)
    width: int = 110
    min_value: int | None = None
    section: str = ""  # key of SECTIONS: the form groups fields under these headings
    kinds: tuple[str, ...] = ()  # customer kinds the field belongs to (empty: every kind)

    def applies_to(self, kind: str | None) -> bool:
        """Whether a record of *kind* (a customer's individual/company) has this field."""
        return not self.kinds or kind is None or kind in self.kinds

    @property
    def translated(self) -> str:
        return render("Field", self.label)


def _f(key: str, label: str, kind: str = "text", **kw: object) -> FieldSpec:
    return FieldSpec(key, label, kind, **kw)  # type: ignore[arg-type]


#: the headings a form groups its fields under, in order
SECTIONS: dict[str, str] = {
    "basic": QT_TRANSLATE_NOOP("Section", "Basic information"),
    "contact": QT_TRANSLATE_NOOP("Section", "Contact details"),
    "address": QT_TRANSLATE_NOOP("Section", "Address"),
    "sales": QT_TRANSLATE_NOOP("Section", "Sales"),
    "other": QT_TRANSLATE_NOOP("Section", "Other"),
}

_PERSON = ("individual",)  # fields only an individual customer has


def section_label(key: str) -> str:
    return render("Section", SECTIONS[key])


CHOICES: dict[str, dict[str, str]] = {
    "customer_kind": {
        "individual": QT_TRANSLATE_NOOP("Choice", "Individual"),
        "company": QT_TRANSLATE_NOOP("Choice", "Company"),
    },
    "gender": {
        "male": QT_TRANSLATE_NOOP("Choice", "Male"),
        "female": QT_TRANSLATE_NOOP("Choice", "Female"),
    },
    "intent_level": {
        "H": QT_TRANSLATE_NOOP("Choice", "H - hot"),
        "A": QT_TRANSLATE_NOOP("Choice", "A - high"),
        "B": QT_TRANSLATE_NOOP("Choice", "B - medium"),
        "C": QT_TRANSLATE_NOOP("Choice", "C - low"),
    },
    "customer_status": {
        "potential": QT_TRANSLATE_NOOP("Choice", "Potential"),
        "active": QT_TRANSLATE_NOOP("Choice", "Active"),
        "dormant": QT_TRANSLATE_NOOP("Choice", "Dormant"),
        "lost": QT_TRANSLATE_NOOP("Choice", "Churned"),
    },
    "interaction_kind": {
        "visit": QT_TRANSLATE_NOOP("Choice", "Visit"),
        "call": QT_TRANSLATE_NOOP("Choice", "Call"),
        "email": QT_TRANSLATE_NOOP("Choice", "E-mail"),
        "wechat": QT_TRANSLATE_NOOP("Choice", "WeChat"),
        "meeting": QT_TRANSLATE_NOOP("Choice", "Meeting"),
        "other": QT_TRANSLATE_NOOP("Choice", "Other"),
    },
    "stage": {
        "potential": QT_TRANSLATE_NOOP("Choice", "Potential"),
        "intent": QT_TRANSLATE_NOOP("Choice", "Intent"),
        "negotiation": QT_TRANSLATE_NOOP("Choice", "Negotiation"),
        "won": QT_TRANSLATE_NOOP("Choice", "Won"),
        "lost": QT_TRANSLATE_NOOP("Choice", "Lost"),
    },
    "order_status": {
        "draft": QT_TRANSLATE_NOOP("Choice", "Draft"),
        "confirmed": QT_TRANSLATE_NOOP("Choice", "Confirmed"),
        # partial, shipped and completed follow from deliveries and payments (issue 16,
        # core/services/order_flow.py)
        "partial": QT_TRANSLATE_NOOP("Choice", "Partly shipped"),
        "shipped": QT_TRANSLATE_NOOP("Choice", "Shipped"),
        "completed": QT_TRANSLATE_NOOP("Choice", "Completed"),
        "cancelled": QT_TRANSLATE_NOOP("Choice", "Cancelled"),
    },
    # a delivery note (issue 16, core/services/deliveries.py)
    "delivery_status": {
        "planned": QT_TRANSLATE_NOOP("Choice", "Planned"),
        "shipped": QT_TRANSLATE_NOOP("Choice", "Shipped"),
        "cancelled": QT_TRANSLATE_NOOP("Choice", "Cancelled"),
    },
    # a stock movement (issue 16, core/services/stock.py); a transfer is two rows
    "movement_kind": {
        "receipt": QT_TRANSLATE_NOOP("Choice", "Receipt"),
        "issue": QT_TRANSLATE_NOOP("Choice", "Issue"),
        "transfer": QT_TRANSLATE_NOOP("Choice", "Transfer"),
        "transfer_out": QT_TRANSLATE_NOOP("Choice", "Transfer out"),
        "transfer_in": QT_TRANSLATE_NOOP("Choice", "Transfer in"),
        "adjustment": QT_TRANSLATE_NOOP("Choice", "Adjustment"),
    },
    # a purchase order (issue 16): partial and received follow from the receipts
    "purchase_order_status": {
        "draft": QT_TRANSLATE_NOOP("Choice", "Draft"),
        "ordered": QT_TRANSLATE_NOOP("Choice", "Ordered"),
        "partial": QT_TRANSLATE_NOOP("Choice", "Partly received"),
        "received": QT_TRANSLATE_NOOP("Choice", "Received"),
        "cancelled": QT_TRANSLATE_NOOP("Choice", "Cancelled"),
    },
    # issue 16: quotes, invoices and payments (core/services/quotes.py, invoices.py,
    # payments.py)
    "quote_status": {
        "draft": QT_TRANSLATE_NOOP("Choice", "Draft"),
        "sent": QT_TRANSLATE_NOOP("Choice", "Sent"),
        "accepted": QT_TRANSLATE_NOOP("Choice", "Accepted"),
        "rejected": QT_TRANSLATE_NOOP("Choice", "Rejected"),
        "expired": QT_TRANSLATE_NOOP("Choice", "Expired"),
    },
    "invoice_status": {
        "issued": QT_TRANSLATE_NOOP("Choice", "Issued"),
        "partial": QT_TRANSLATE_NOOP("Choice", "Partly paid"),
        "paid": QT_TRANSLATE_NOOP("Choice", "Paid"),
        "void": QT_TRANSLATE_NOOP("Choice", "Void"),
    },
    "payment_method": {
        "transfer": QT_TRANSLATE_NOOP("Choice", "Bank transfer"),
        "cash": QT_TRANSLATE_NOOP("Choice", "Cash"),
        "wechat": QT_TRANSLATE_NOOP("Choice", "WeChat Pay"),
        "alipay": QT_TRANSLATE_NOOP("Choice", "Alipay"),
        "card": QT_TRANSLATE_NOOP("Choice", "Card"),
        "other": QT_TRANSLATE_NOOP("Choice", "Other"),
    },
    "ticket_priority": {
        "low": QT_TRANSLATE_NOOP("Choice", "Low"),
        "normal": QT_TRANSLATE_NOOP("Choice", "Normal"),
        "high": QT_TRANSLATE_NOOP("Choice", "High"),
        "urgent": QT_TRANSLATE_NOOP("Choice", "Urgent"),
    },
    "ticket_status": {
        "new": QT_TRANSLATE_NOOP("Choice", "New"),
        "in_progress": QT_TRANSLATE_NOOP("Choice", "In progress"),
        "waiting": QT_TRANSLATE_NOOP("Choice", "Waiting for customer"),
        "resolved": QT_TRANSLATE_NOOP("Choice", "Resolved"),
        "closed": QT_TRANSLATE_NOOP("Choice", "Closed"),
    },
    # a ticket's type; complaints and suggestions are feedback (schema 0014)
    "ticket_kind": {
        "question": QT_TRANSLATE_NOOP("Choice", "Question"),
        "fault": QT_TRANSLATE_NOOP("Choice", "Fault"),
        "complaint": QT_TRANSLATE_NOOP("Choice", "Complaint"),
        "suggestion": QT_TRANSLATE_NOOP("Choice", "Suggestion"),
        "other": QT_TRANSLATE_NOOP("Choice", "Other"),
    },
    "task_priority": {
        "low": QT_TRANSLATE_NOOP("Choice", "Low"),
        "normal": QT_TRANSLATE_NOOP("Choice", "Normal"),
        "high": QT_TRANSLATE_NOOP("Choice", "High"),
    },
    "campaign_kind": {
        "email": QT_TRANSLATE_NOOP("Choice", "E-mail"),
        "sms": QT_TRANSLATE_NOOP("Choice", "SMS"),
        "event": QT_TRANSLATE_NOOP("Choice", "Event"),
        "ads": QT_TRANSLATE_NOOP("Choice", "Advertising"),
        "social": QT_TRANSLATE_NOOP("Choice", "Social media"),
        "other": QT_TRANSLATE_NOOP("Choice", "Other"),
    },
    "campaign_status": {
        "planned": QT_TRANSLATE_NOOP("Choice", "Planned"),
        "active": QT_TRANSLATE_NOOP("Choice", "Running"),
        "completed": QT_TRANSLATE_NOOP("Choice", "Completed"),
        "cancelled": QT_TRANSLATE_NOOP("Choice", "Cancelled"),
    },
    "member_status": {
        "invited": QT_TRANSLATE_NOOP("Choice", "Invited"),
        "responded": QT_TRANSLATE_NOOP("Choice", "Responded"),
        "converted": QT_TRANSLATE_NOOP("Choice", "Converted"),
        "declined": QT_TRANSLATE_NOOP("Choice", "Declined"),
    },
    "role": {
        "admin": QT_TRANSLATE_NOOP("Choice", "Administrator"),
        "manager": QT_TRANSLATE_NOOP("Choice", "Manager"),
        "staff": QT_TRANSLATE_NOOP("Choice", "Staff"),
    },
}

# Default suggestions for free-text fields (an admin can change the lists).
SUGGESTIONS: dict[str, tuple[str, ...]] = {
    "industry": (
        "制造业", "批发零售", "信息技术", "金融保险", "房地产", "建筑工程", "教育培训",
        "医疗健康", "餐饮酒店", "物流运输", "文化传媒", "农林牧渔", "能源化工", "政府机构",
        "专业服务", "其他",
    ),
    "source": (
        "网站", "电话咨询", "客户介绍", "展会", "广告", "微信", "抖音", "老客户复购",
        "陌生拜访", "合作伙伴", "其他",
    ),
    # an order's sales channel (issue 16)
    "channel": ("门店", "网店", "电话", "微信", "代理商", "直销", "展会", "其他"),
}

# Aliases accepted on input (imports, command line) for choice fields.
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "customer_kind": {"个人": "individual", "person": "individual", "公司": "company",
                      "企业": "company", "单位": "company", "organization": "company",
                      "个人客户": "individual", "企业客户": "company"},
    "gender": {"男": "male", "女": "female", "m": "male", "f": "female", "先生": "male",
               "女士": "female", "man": "male", "woman": "female"},
    "customer_status": {"潜在": "potential", "潜在客户": "potential", "成交": "active",
                        "成交客户": "active", "活跃": "active", "沉睡": "dormant",
                        "休眠": "dormant", "流失": "lost", "流失客户": "lost"},
    "interaction_kind": {"拜访": "visit", "上门拜访": "visit", "电话": "call", "邮件": "email",
                         "微信": "wechat", "会议": "meeting", "其他": "other", "mail": "email",
                         "e-mail": "email", "phone": "call"},
    "stage": {"潜在": "potential", "意向": "intent", "谈判": "negotiation", "商务谈判": "negotiation",
              "赢单": "won", "成交": "won", "输单": "lost", "丢单": "lost"},
    "order_status": {"草稿": "draft", "已确认": "confirmed", "已发货": "shipped",
                     "已完成": "completed", "已取消": "cancelled", "部分发货": "partial",
                     "部分已发货": "partial", "待发货": "confirmed", "确认": "confirmed",
                     "发货": "shipped", "完成": "completed", "取消": "cancelled",
                     "partly shipped": "partial"},
    "delivery_status": {"计划": "planned", "待发货": "planned", "已计划": "planned",
                        "已发货": "shipped", "发货": "shipped", "已取消": "cancelled",
                        "取消": "cancelled"},
    "movement_kind": {"入库": "receipt", "收货": "receipt", "采购入库": "receipt",
                      "出库": "issue", "发货": "issue", "销售出库": "issue", "调拨": "transfer",
                      "调出": "transfer_out", "调入": "transfer_in", "调整": "adjustment",
                      "盘点": "adjustment", "盘点调整": "adjustment", "库存调整": "adjustment"},
    "purchase_order_status": {"草稿": "draft", "已下单": "ordered", "部分到货": "partial",
                              "部分入库": "partial", "已到货": "received",
                              "已入库": "received", "已取消": "cancelled"},
    "quote_status": {"草稿": "draft", "已发送": "sent", "已接受": "accepted",
                     "已拒绝": "rejected", "已过期": "expired"},
    "invoice_status": {"已开票": "issued", "部分收款": "partial", "已收款": "paid",
                       "已付清": "paid", "已作废": "void", "作废": "void"},
    "payment_method": {"转账": "transfer", "银行转账": "transfer", "现金": "cash",
                       "微信": "wechat", "微信支付": "wechat", "支付宝": "alipay",
                       "刷卡": "card", "银行卡": "card", "其他": "other"},
    "ticket_priority": {"低": "low", "普通": "normal", "中": "normal", "高": "high",
                        "紧急": "urgent"},
    "task_priority": {"低": "low", "普通": "normal", "中": "normal", "高": "high"},
    "ticket_kind": {"咨询": "question", "问题": "question", "故障": "fault", "报修": "fault",
                    "投诉": "complaint", "建议": "suggestion", "其他": "other"},
}


FIELDS: dict[str, list[FieldSpec]] = {
    "customer": [
        _f("code", QT_TRANSLATE_NOOP("Field", "Code"), editable=False, width=80,
           section="basic"),
        _f("name", QT_TRANSLATE_NOOP("Field", "Name"), required=True, max_len=200, width=140,
           section="basic"),
        _f("kind", QT_TRANSLATE_NOOP("Field", "Type"), "choice", choices="customer_kind",
           width=70, section="basic"),
        _f("gender", QT_TRANSLATE_NOOP("Field", "Gender"), "choice", choices="gender",
           in_list=False, section="basic", kinds=_PERSON),
        _f("birthday", QT_TRANSLATE_NOOP("Field", "Birthday"), "date", in_list=False,
           section="basic", kinds=_PERSON),
        _f("mobile", QT_TRANSLATE_NOOP("Field", "Mobile"), "mobile", width=120,
           section="contact"),
        _f("phone", QT_TRANSLATE_NOOP("Field", "Telephone"), "phone", in_list=False,
           section="contact"),
        _f("email", QT_TRANSLATE_NOOP("Field", "E-mail"), "email", max_len=254, width=170,
           section="contact"),
        _f("wechat", QT_TRANSLATE_NOOP("Field", "WeChat"), max_len=64, in_list=False,
           section="contact"),
        _f("company", QT_TRANSLATE_NOOP("Field", "Company"), max_len=200, width=160,
           section="basic", kinds=_PERSON),
        _f("job_title", QT_TRANSLATE_NOOP("Field", "Job title"), max_len=100, in_list=False,
           section="basic", kinds=_PERSON),
        _f("website", QT_TRANSLATE_NOOP("Field", "Website"), max_len=200, in_list=False,
           section="contact"),
        _f("province", QT_TRANSLATE_NOOP("Field", "Province"), max_len=40, width=70,
           section="address"),
        _f("city", QT_TRANSLATE_NOOP("Field", "City"), max_len=40, width=70, section="address"),
        _f("district", QT_TRANSLATE_NOOP("Field", "District"), max_len=40, in_list=False,
           section="address"),
        _f("address", QT_TRANSLATE_NOOP("Field", "Address"), max_len=300, in_list=False,
           section="address"),
        _f("postal_code", QT_TRANSLATE_NOOP("Field", "Postal code"), max_len=12,
           in_list=False, section="address"),
        _f("industry", QT_TRANSLATE_NOOP("Field", "Industry"), "suggest", choices="industry",
           max_len=60, section="basic"),
        _f("source", QT_TRANSLATE_NOOP("Field", "Lead source"), "suggest", choices="source",
           max_len=60, section="sales"),
        _f("intent_level", QT_TRANSLATE_NOOP("Field", "Intent level"), "choice",
           choices="intent_level", width=80, section="sales"),
        _f("category", QT_TRANSLATE_NOOP("Field", "Category"), max_len=60, in_list=False,
           section="sales"),
        _f("tags", QT_TRANSLATE_NOOP("Field", "Tags"), "tags", max_len=400, in_list=False,
           section="other"),
        _f("status", QT_TRANSLATE_NOOP("Field", "Status"), "choice", choices="customer_status",
           width=70, section="sales"),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Owner"), "user", width=80, section="sales"),
        _f("id_number", QT_TRANSLATE_NOOP("Field", "ID number"), "id_number", sensitive=True,
           in_list=False, section="other", kinds=_PERSON),
        _f("bank_name", QT_TRANSLATE_NOOP("Field", "Bank"), max_len=100, in_list=False,
           section="other"),
        _f("bank_account", QT_TRANSLATE_NOOP("Field", "Bank account"), "bank_account",
           sensitive=True, in_list=False, section="other"),
        _f("next_follow_up", QT_TRANSLATE_NOOP("Field", "Next follow-up"), "date",
           in_list=False, section="sales"),
        # issue 16: open invoices and orders above it warn at order entry
        _f("credit_limit_cents", QT_TRANSLATE_NOOP("Field", "Credit limit"), "money",
           min_value=0, in_list=False, section="sales"),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False,
           section="other"),
        _f("created_at", QT_TRANSLATE_NOOP("Field", "Created"), "datetime", editable=False,
           width=130, section="other"),
        _f("updated_at", QT_TRANSLATE_NOOP("Field", "Updated"), "datetime", editable=False,
           in_list=False, section="other"),
    ],
    "contact": [
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", required=True,
           width=160),
        _f("name", QT_TRANSLATE_NOOP("Field", "Name"), required=True, max_len=100),
        _f("gender", QT_TRANSLATE_NOOP("Field", "Gender"), "choice", choices="gender",
           in_list=False),
        _f("job_title", QT_TRANSLATE_NOOP("Field", "Job title"), max_len=100),
        _f("department", QT_TRANSLATE_NOOP("Field", "Department"), max_len=100),
        _f("mobile", QT_TRANSLATE_NOOP("Field", "Mobile"), "mobile", width=120),
        _f("phone", QT_TRANSLATE_NOOP("Field", "Telephone"), "phone", in_list=False),
        _f("email", QT_TRANSLATE_NOOP("Field", "E-mail"), "email", max_len=254, width=170),
        _f("wechat", QT_TRANSLATE_NOOP("Field", "WeChat"), max_len=64, in_list=False),
        _f("birthday", QT_TRANSLATE_NOOP("Field", "Birthday"), "date", in_list=False),
        _f("is_primary", QT_TRANSLATE_NOOP("Field", "Primary contact"), "bool", width=70),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    "interaction": [
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", required=True,
           width=160),
        _f("kind", QT_TRANSLATE_NOOP("Field", "Type"), "choice", choices="interaction_kind",
           required=True, width=70),
        _f("occurred_at", QT_TRANSLATE_NOOP("Field", "Date and time"), "datetime",
           required=True, width=130),
        _f("summary", QT_TRANSLATE_NOOP("Field", "Summary"), required=True, max_len=200,
           width=240),
        _f("contact_id", QT_TRANSLATE_NOOP("Field", "Contact"), "contact", in_list=False),
        _f("details", QT_TRANSLATE_NOOP("Field", "Details"), "longtext", in_list=False),
        _f("user_id", QT_TRANSLATE_NOOP("Field", "Staff member"), "user", width=80),
        _f("next_follow_up", QT_TRANSLATE_NOOP("Field", "Next follow-up"), "date"),
    ],
    "opportunity": [
        _f("code", QT_TRANSLATE_NOOP("Field", "Code"), editable=False, width=80),
        _f("title", QT_TRANSLATE_NOOP("Field", "Title"), required=True, max_len=200, width=200),
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", required=True,
           width=160),
        _f("product_id", QT_TRANSLATE_NOOP("Field", "Product"), "product", in_list=False),
        _f("amount_cents", QT_TRANSLATE_NOOP("Field", "Amount"), "money", min_value=0),
        _f("stage", QT_TRANSLATE_NOOP("Field", "Stage"), "stage", required=True, width=80),
        _f("expected_close", QT_TRANSLATE_NOOP("Field", "Expected close"), "date"),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Owner"), "user", width=80),
        _f("source", QT_TRANSLATE_NOOP("Field", "Lead source"), "suggest", choices="source",
           max_len=60, in_list=False),
        _f("lost_reason", QT_TRANSLATE_NOOP("Field", "Reason lost"), max_len=200,
           in_list=False),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    "product": [
        _f("code", QT_TRANSLATE_NOOP("Field", "Product code"), required=True, max_len=40),
        _f("name", QT_TRANSLATE_NOOP("Field", "Name"), required=True, max_len=200, width=180),
        _f("category", QT_TRANSLATE_NOOP("Field", "Category"), max_len=60),
        _f("unit", QT_TRANSLATE_NOOP("Field", "Unit"), max_len=20, width=60),
        _f("price_cents", QT_TRANSLATE_NOOP("Field", "Price"), "money", min_value=0),
        _f("active", QT_TRANSLATE_NOOP("Field", "On sale"), "bool", width=60),
        # issue 16 (stock): the average cost is kept by receipts (a correction may be typed)
        _f("tracks_stock", QT_TRANSLATE_NOOP("Field", "Tracks stock"), "bool", width=60,
           in_list=False),
        _f("cost_cents", QT_TRANSLATE_NOOP("Field", "Average cost"), "money", min_value=0,
           in_list=False),
        _f("low_stock_level", QT_TRANSLATE_NOOP("Field", "Low-stock level"), "int",
           min_value=0, in_list=False),
        _f("stock_keeper_id", QT_TRANSLATE_NOOP("Field", "Stock keeper"), "user",
           in_list=False),
        _f("vat_rate", QT_TRANSLATE_NOOP("Field", "VAT rate"), "vat_rate", in_list=False),
        _f("description", QT_TRANSLATE_NOOP("Field", "Description"), "longtext",
           in_list=False),
    ],
    # issue 16 (stock, core/services/warehouses.py)
    "warehouse": [
        _f("code", QT_TRANSLATE_NOOP("Field", "Code"), editable=False, width=80),
        _f("name", QT_TRANSLATE_NOOP("Field", "Name"), required=True, max_len=100, width=160),
        _f("address", QT_TRANSLATE_NOOP("Field", "Address"), max_len=300, width=220),
        _f("manager_id", QT_TRANSLATE_NOOP("Field", "Person responsible"), "user", width=90),
        _f("active", QT_TRANSLATE_NOOP("Field", "Active"), "bool", width=60),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    # stock per product and warehouse (core/services/stock_levels.py); adding one sets the
    # opening stock: on hand as counted, at the unit cost given
    "stock_level": [
        _f("product_id", QT_TRANSLATE_NOOP("Field", "Product"), "product", required=True,
           width=180),
        _f("warehouse_id", QT_TRANSLATE_NOOP("Field", "Warehouse"), "warehouse", width=110),
        _f("on_hand", QT_TRANSLATE_NOOP("Field", "On hand"), "int", required=True, width=70),
        _f("reserved", QT_TRANSLATE_NOOP("Field", "Reserved"), "int", editable=False,
           width=70),
        _f("available", QT_TRANSLATE_NOOP("Field", "Available"), "int", editable=False,
           width=70),
        _f("cost_cents", QT_TRANSLATE_NOOP("Field", "Average cost"), "money", min_value=0),
        _f("value_cents", QT_TRANSLATE_NOOP("Field", "Stock value"), "money",
           editable=False),
        _f("updated_at", QT_TRANSLATE_NOOP("Field", "Last moved"), "datetime",
           editable=False, width=130),
    ],
    # the stock ledger: added (posted), never edited
    "stock_movement": [
        _f("number", QT_TRANSLATE_NOOP("Field", "Movement number"), editable=False,
           width=100),
        _f("moved_at", QT_TRANSLATE_NOOP("Field", "Date and time"), "datetime",
           editable=False, width=130),
        _f("kind", QT_TRANSLATE_NOOP("Field", "Type"), "choice", choices="movement_kind",
           required=True, width=80),
        _f("product_id", QT_TRANSLATE_NOOP("Field", "Product"), "product", required=True,
           width=160),
        _f("warehouse_id", QT_TRANSLATE_NOOP("Field", "Warehouse"), "warehouse",
           width=110),
        _f("quantity", QT_TRANSLATE_NOOP("Field", "Quantity"), "int", required=True,
           width=70),
        _f("unit_cost_cents", QT_TRANSLATE_NOOP("Field", "Unit cost"), "money",
           min_value=0),
        _f("counterpart_id", QT_TRANSLATE_NOOP("Field", "Other warehouse"), "warehouse",
           width=110),
        _f("reason", QT_TRANSLATE_NOOP("Field", "Reason"), max_len=200, width=140),
        _f("reference", QT_TRANSLATE_NOOP("Field", "Reference"), max_len=100, width=110),
        _f("user_id", QT_TRANSLATE_NOOP("Field", "Moved by"), "user", editable=False,
           width=80),
    ],
    "order": [
        _f("number", QT_TRANSLATE_NOOP("Field", "Order number"), editable=False, width=120),
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", required=True,
           width=160),
        _f("order_date", QT_TRANSLATE_NOOP("Field", "Order date"), "date", required=True),
        _f("status", QT_TRANSLATE_NOOP("Field", "Status"), "choice", choices="order_status"),
        _f("total_cents", QT_TRANSLATE_NOOP("Field", "Total"), "money", editable=False),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Salesperson"), "user"),
        # issue 16: where it ships from, when, and how it was sold
        _f("warehouse_id", QT_TRANSLATE_NOOP("Field", "Warehouse"), "warehouse",
           in_list=False),
        _f("delivery_date", QT_TRANSLATE_NOOP("Field", "Delivery date"), "date"),
        _f("channel", QT_TRANSLATE_NOOP("Field", "Sales channel"), "suggest",
           choices="channel", max_len=60, in_list=False),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    # issue 16 (part B): a delivery note; its lines and shipping through
    # core/services/deliveries.py
    "delivery": [
        _f("number", QT_TRANSLATE_NOOP("Field", "Delivery number"), editable=False,
           width=110),
        _f("order_number", QT_TRANSLATE_NOOP("Field", "Order number"), max_len=30,
           width=110),
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", editable=False,
           width=160),
        _f("warehouse_id", QT_TRANSLATE_NOOP("Field", "Warehouse"), "warehouse", width=100),
        _f("planned_date", QT_TRANSLATE_NOOP("Field", "Planned date"), "date"),
        _f("status", QT_TRANSLATE_NOOP("Field", "Status"), "choice",
           choices="delivery_status", width=70),
        _f("shipped_on", QT_TRANSLATE_NOOP("Field", "Shipped on"), "date", editable=False),
        _f("carrier", QT_TRANSLATE_NOOP("Field", "Carrier"), max_len=100, width=100),
        _f("tracking", QT_TRANSLATE_NOOP("Field", "Tracking number"), max_len=100,
           width=130),
        _f("address", QT_TRANSLATE_NOOP("Field", "Delivery address"), max_len=300,
           in_list=False),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Responsible"), "user", width=80),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    # issue 16: suppliers and purchase orders (core/services/purchasing.py)
    "supplier": [
        _f("code", QT_TRANSLATE_NOOP("Field", "Code"), editable=False, width=80),
        _f("name", QT_TRANSLATE_NOOP("Field", "Name"), required=True, max_len=200, width=200),
        _f("contact_name", QT_TRANSLATE_NOOP("Field", "Contact person"), max_len=100),
        _f("phone", QT_TRANSLATE_NOOP("Field", "Telephone"), "phone", width=120),
        _f("email", QT_TRANSLATE_NOOP("Field", "E-mail"), "email", max_len=254, width=170,
           in_list=False),
        _f("address", QT_TRANSLATE_NOOP("Field", "Address"), max_len=300, in_list=False),
        _f("tax_number", QT_TRANSLATE_NOOP("Field", "Tax number"), max_len=40,
           in_list=False),
        _f("payment_terms_days", QT_TRANSLATE_NOOP("Field", "Payment terms (days)"), "int",
           min_value=0, in_list=False),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Buyer"), "user", width=80),
        _f("active", QT_TRANSLATE_NOOP("Field", "Active"), "bool", width=60),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    "purchase_order": [
        _f("number", QT_TRANSLATE_NOOP("Field", "PO number"), editable=False, width=110),
        _f("supplier_id", QT_TRANSLATE_NOOP("Field", "Supplier"), "supplier", required=True,
           width=180),
        _f("warehouse_id", QT_TRANSLATE_NOOP("Field", "Receiving warehouse"), "warehouse",
           width=110),
        _f("order_date", QT_TRANSLATE_NOOP("Field", "Order date"), "date"),
        _f("expected_date", QT_TRANSLATE_NOOP("Field", "Expected date"), "date"),
        _f("status", QT_TRANSLATE_NOOP("Field", "Status"), "choice",
           choices="purchase_order_status", editable=False, width=90),
        _f("total_cents", QT_TRANSLATE_NOOP("Field", "Total"), "money", editable=False),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Buyer"), "user", width=80),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    "ticket": [
        _f("code", QT_TRANSLATE_NOOP("Field", "Ticket number"), editable=False, width=80),
        _f("subject", QT_TRANSLATE_NOOP("Field", "Subject"), required=True, max_len=200,
           width=220),
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", required=True,
           width=160),
        _f("contact_id", QT_TRANSLATE_NOOP("Field", "Contact"), "contact", in_list=False),
        _f("priority", QT_TRANSLATE_NOOP("Field", "Priority"), "choice",
           choices="ticket_priority", width=70),
        _f("kind", QT_TRANSLATE_NOOP("Field", "Type"), "choice", choices="ticket_kind",
           width=70),
        _f("status_id", QT_TRANSLATE_NOOP("Field", "Status"), "status", width=90),
        _f("assignee_id", QT_TRANSLATE_NOOP("Field", "Assignee"), "user", width=80),
        _f("due_date", QT_TRANSLATE_NOOP("Field", "Due date"), "date"),
        _f("description", QT_TRANSLATE_NOOP("Field", "Description"), "longtext",
           in_list=False),
        _f("created_at", QT_TRANSLATE_NOOP("Field", "Created"), "datetime", editable=False,
           width=130),
    ],
    "task": [
        _f("title", QT_TRANSLATE_NOOP("Field", "Title"), required=True, max_len=200, width=220),
        _f("due_at", QT_TRANSLATE_NOOP("Field", "Due"), "datetime", width=130),
        _f("assignee_id", QT_TRANSLATE_NOOP("Field", "Assignee"), "user", width=80),
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", width=160),
        _f("priority", QT_TRANSLATE_NOOP("Field", "Priority"), "choice",
           choices="task_priority", width=70),
        _f("done", QT_TRANSLATE_NOOP("Field", "Done"), "bool", width=50),
        _f("remind_at", QT_TRANSLATE_NOOP("Field", "Remind at"), "datetime", in_list=False),
        # an RFC 5545 RRULE value (crmdesk.core.recurrence); the form shows a repeat editor
        _f("recurrence", QT_TRANSLATE_NOOP("Field", "Repeat"), max_len=200, in_list=False),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    # issue 16 (part D): lines and amounts are set by the services, never typed here
    "quote": [
        _f("number", QT_TRANSLATE_NOOP("Field", "Quote number"), editable=False, width=100),
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", required=True,
           width=160),
        _f("quote_date", QT_TRANSLATE_NOOP("Field", "Quote date"), "date", required=True),
        _f("valid_until", QT_TRANSLATE_NOOP("Field", "Valid until"), "date"),
        _f("status", QT_TRANSLATE_NOOP("Field", "Status"), "choice", choices="quote_status",
           width=80),
        _f("net_cents", QT_TRANSLATE_NOOP("Field", "Net amount"), "money", editable=False,
           in_list=False),
        _f("tax_cents", QT_TRANSLATE_NOOP("Field", "VAT"), "money", editable=False,
           in_list=False),
        _f("total_cents", QT_TRANSLATE_NOOP("Field", "Total"), "money", editable=False),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Salesperson"), "user"),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    "invoice": [
        _f("number", QT_TRANSLATE_NOOP("Field", "Invoice number"), editable=False,
           width=110),
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", editable=False,
           width=160),
        _f("order_number", QT_TRANSLATE_NOOP("Field", "Order number"), editable=False,
           width=110),
        _f("issue_date", QT_TRANSLATE_NOOP("Field", "Invoice date"), "date", editable=False),
        _f("due_date", QT_TRANSLATE_NOOP("Field", "Due date"), "date", required=True),
        _f("status", QT_TRANSLATE_NOOP("Field", "Status"), "choice", choices="invoice_status",
           editable=False, width=80),
        _f("net_cents", QT_TRANSLATE_NOOP("Field", "Net amount"), "money", editable=False,
           in_list=False),
        _f("tax_cents", QT_TRANSLATE_NOOP("Field", "VAT"), "money", editable=False,
           in_list=False),
        _f("total_cents", QT_TRANSLATE_NOOP("Field", "Total"), "money", editable=False),
        _f("paid_cents", QT_TRANSLATE_NOOP("Field", "Paid"), "money", editable=False),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Salesperson"), "user"),
        _f("void_reason", QT_TRANSLATE_NOOP("Field", "Reason voided"), editable=False,
           in_list=False),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    "payment": [
        _f("number", QT_TRANSLATE_NOOP("Field", "Payment number"), editable=False,
           width=100),
        _f("customer_id", QT_TRANSLATE_NOOP("Field", "Customer"), "customer", required=True,
           width=160),
        _f("received_on", QT_TRANSLATE_NOOP("Field", "Received on"), "date", required=True),
        _f("amount_cents", QT_TRANSLATE_NOOP("Field", "Amount"), "money", required=True,
           min_value=1),
        _f("unallocated_cents", QT_TRANSLATE_NOOP("Field", "Unallocated (credit)"), "money",
           editable=False),
        _f("method", QT_TRANSLATE_NOOP("Field", "Method"), "choice", choices="payment_method",
           width=80),
        _f("reference", QT_TRANSLATE_NOOP("Field", "Reference"), max_len=100, width=140),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Salesperson"), "user"),
        _f("notes", QT_TRANSLATE_NOOP("Field", "Notes"), "longtext", in_list=False),
    ],
    "campaign": [
        _f("code", QT_TRANSLATE_NOOP("Field", "Code"), editable=False, width=80),
        _f("name", QT_TRANSLATE_NOOP("Field", "Name"), required=True, max_len=200, width=200),
        _f("kind", QT_TRANSLATE_NOOP("Field", "Type"), "choice", choices="campaign_kind"),
        _f("status", QT_TRANSLATE_NOOP("Field", "Status"), "choice", choices="campaign_status"),
        _f("start_date", QT_TRANSLATE_NOOP("Field", "Start date"), "date"),
        _f("end_date", QT_TRANSLATE_NOOP("Field", "End date"), "date"),
        _f("budget_cents", QT_TRANSLATE_NOOP("Field", "Budget"), "money", min_value=0),
        _f("owner_id", QT_TRANSLATE_NOOP("Field", "Owner"), "user"),
        _f("description", QT_TRANSLATE_NOOP("Field", "Description"), "longtext",
           in_list=False),
    ],
}

ENTITY_LABELS: dict[str, str] = {
    "customer": QT_TRANSLATE_NOOP("Entity", "Customer"),
    "contact": QT_TRANSLATE_NOOP("Entity", "Contact"),
    "interaction": QT_TRANSLATE_NOOP("Entity", "Interaction"),
    "opportunity": QT_TRANSLATE_NOOP("Entity", "Opportunity"),
    "product": QT_TRANSLATE_NOOP("Entity", "Product"),
    "order": QT_TRANSLATE_NOOP("Entity", "Order"),
    "ticket": QT_TRANSLATE_NOOP("Entity", "Ticket"),
    "task": QT_TRANSLATE_NOOP("Entity", "Task"),
    "campaign": QT_TRANSLATE_NOOP("Entity", "Campaign"),
    "delivery": QT_TRANSLATE_NOOP("Entity", "Delivery note"),
    "quote": QT_TRANSLATE_NOOP("Entity", "Quote"),
    "invoice": QT_TRANSLATE_NOOP("Entity", "Invoice"),
    "payment": QT_TRANSLATE_NOOP("Entity", "Payment"),
    "supplier": QT_TRANSLATE_NOOP("Entity", "Supplier"),
    "purchase_order": QT_TRANSLATE_NOOP("Entity", "Purchase order"),
    "warehouse": QT_TRANSLATE_NOOP("Entity", "Warehouse"),
    "stock_level": QT_TRANSLATE_NOOP("Entity", "Stock level"),
    "stock_movement": QT_TRANSLATE_NOOP("Entity", "Stock movement"),
    "user": QT_TRANSLATE_NOOP("Entity", "User"),
    "attachment": QT_TRANSLATE_NOOP("Entity", "Attachment"),
}


def fields_of(entity: str) -> list[FieldSpec]:
    return FIELDS[entity]


def field_spec(entity: str, key: str) -> FieldSpec:
    for spec in FIELDS[entity]:
        if spec.key == key:
            return spec
    raise KeyError(f"{entity}.{key}")


def label(entity: str, key: str) -> str:
    return field_spec(entity, key).translated


def entity_label(entity: str) -> str:
    return render("Entity", ENTITY_LABELS[entity])


def choice_label(choices: str, value: str | None) -> str:
    if value is None:
        return ""
    text = CHOICES.get(choices, {}).get(value)
    return render("Choice", text) if text is not None else value
