"""A realistic Chinese demo database.

Users ``admin``, ``manager``, ``staff1`` and ``staff2`` (one team); customers
spread over the two staff members (and a few over the manager), with contacts,
interactions, opportunities at every stage, orders, tickets and tasks spread
over two years, and ID numbers and bank accounts (encrypted) on some customers.

Names, companies and streets come from Faker zh_CN, drawn once into pools and
then combined, and rows go in through Core bulk inserts: Faker per row would
take minutes per million customers.  The customers are written by the services'
bulk path (:mod:`crmdesk.core.services.bulk`: codes from the counter, sensitive
fields encrypted, custom values, search documents), prepared in the generator.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import queue
import random
import time as clock
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from faker import Faker
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core import search
from crmdesk.core.models import (
    Base,
    Contact,
    Counter,
    Customer,
    CustomFieldDef,
    Interaction,
    Opportunity,
    Order,
    OrderLine,
    Task,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from crmdesk.core.permissions import Actor
from crmdesk.core.services import accounts, audit, bulk, custom_fields
from crmdesk.core.services import settings as settings_service
from crmdesk.core.services.contacts import contact_doc
from crmdesk.core.services.customers import customers as customer_service
from crmdesk.core.services.records import reserve_numbers
from crmdesk.core.services.sales import opportunities, opportunity_doc, orders, products
from crmdesk.core.services.tickets import ticket_doc, tickets
from crmdesk.core.validation import id_check_digit
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.storage.backends import PreparedRows, backend_of, prepare_rows
from crmdesk.storage.crypto import Keyring
from crmdesk.storage.database import Database, create_database, remove_database_files

log = logging.getLogger(__name__)

DEFAULT_PASSWORD = "demo1234"
BATCH = 20_000

# province, city, districts, area code, ID region code prefix (first 4 digits)
PLACES: list[tuple[str, str, tuple[str, ...], str, str]] = [
    ("北京市", "北京市", ("朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区"), "010", "1101"),
    ("上海市", "上海市", ("浦东新区", "徐汇区", "静安区", "黄浦区", "闵行区", "长宁区"), "021", "3101"),
    ("天津市", "天津市", ("和平区", "河西区", "南开区", "滨海新区"), "022", "1201"),
    ("重庆市", "重庆市", ("渝中区", "江北区", "南岸区", "九龙坡区"), "023", "5001"),
    ("广东省", "广州市", ("天河区", "越秀区", "海珠区", "番禺区", "白云区"), "020", "4401"),
    ("广东省", "深圳市", ("南山区", "福田区", "罗湖区", "宝安区", "龙岗区"), "0755", "4403"),
    ("广东省", "东莞市", ("南城街道", "东城街道", "长安镇", "虎门镇"), "0769", "4419"),
    ("浙江省", "杭州市", ("西湖区", "上城区", "拱墅区", "滨江区", "余杭区"), "0571", "3301"),
    ("浙江省", "宁波市", ("海曙区", "鄞州区", "江北区", "北仑区"), "0574", "3302"),
    ("江苏省", "南京市", ("玄武区", "秦淮区", "鼓楼区", "建邺区", "江宁区"), "025", "3201"),
    ("江苏省", "苏州市", ("姑苏区", "吴中区", "工业园区", "虎丘区", "昆山市"), "0512", "3205"),
    ("四川省", "成都市", ("锦江区", "青羊区", "武侯区", "成华区", "高新区"), "028", "5101"),
    ("湖北省", "武汉市", ("江岸区", "武昌区", "洪山区", "汉阳区"), "027", "4201"),
    ("湖南省", "长沙市", ("岳麓区", "芙蓉区", "天心区", "开福区"), "0731", "4301"),
    ("陕西省", "西安市", ("雁塔区", "碑林区", "未央区", "长安区"), "029", "6101"),
    ("山东省", "济南市", ("历下区", "市中区", "槐荫区", "历城区"), "0531", "3701"),
    ("山东省", "青岛市", ("市南区", "市北区", "黄岛区", "崂山区"), "0532", "3702"),
    ("福建省", "厦门市", ("思明区", "湖里区", "集美区", "海沧区"), "0592", "3502"),
    ("福建省", "福州市", ("鼓楼区", "台江区", "仓山区", "晋安区"), "0591", "3501"),
    ("河南省", "郑州市", ("金水区", "中原区", "二七区", "管城回族区"), "0371", "4101"),
    ("辽宁省", "沈阳市", ("和平区", "沈河区", "皇姑区", "铁西区"), "024", "2101"),
    ("安徽省", "合肥市", ("蜀山区", "包河区", "庐阳区", "瑶海区"), "0551", "3401"),
    ("云南省", "昆明市", ("五华区", "盘龙区", "官渡区", "西山区"), "0871", "5301"),
    ("河北省", "石家庄市", ("长安区", "桥西区", "新华区", "裕华区"), "0311", "1301"),
]
PLACE_WEIGHTS = [10, 10, 4, 4, 7, 8, 3, 7, 3, 5, 5, 5, 4, 3, 3, 3, 3, 2, 2, 3, 2, 2, 2, 2]

MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                   "152", "155", "156", "157", "158", "159", "166", "176", "177", "180", "181",
                   "182", "183", "185", "186", "187", "188", "189", "191", "198", "199")
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com",
                "foxmail.com", "139.com")
INDUSTRIES = ("制造业", "批发零售", "信息技术", "金融保险", "房地产", "建筑工程", "教育培训",
              "医疗健康", "餐饮酒店", "物流运输", "文化传媒", "能源化工", "专业服务")
SOURCES = ("网站", "电话咨询", "客户介绍", "展会", "广告", "微信", "抖音", "老客户复购", "陌生拜访",
           "合作伙伴")
TAGS = ("VIP", "老客户", "价格敏感", "决策人", "需回访", "大客户", "潜力客户", "重点跟进", "投诉过",
        "已签约")
CATEGORIES = ("终端客户", "经销商", "代理商", "合作伙伴")
BANKS = ("中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "招商银行", "交通银行",
         "浦发银行", "中信银行", "兴业银行", "平安银行")
JOB_TITLES = ("总经理", "采购经理", "技术总监", "财务主管", "行政主管", "销售总监", "项目经理",
              "运营经理", "采购专员", "IT 主管", "董事长", "副总经理")
DEPARTMENTS = ("采购部", "技术部", "财务部", "行政部", "销售部", "总经办", "运营部", "信息中心")
PRODUCTS = [
    ("P-CRM-STD", "客户管理系统 标准版", "软件", "套", 9800_00),
    ("P-CRM-PRO", "客户管理系统 专业版", "软件", "套", 19800_00),
    ("P-CRM-ENT", "客户管理系统 企业版", "软件", "套", 49800_00),
    ("P-ERP-BAS", "进销存管理软件", "软件", "套", 6800_00),
    ("P-SVC-YR", "年度技术服务", "服务", "年", 3600_00),
    ("P-SVC-IMP", "实施与培训服务", "服务", "人天", 1500_00),
    ("P-SVC-DEV", "定制开发", "服务", "人天", 2200_00),
    ("P-HW-SRV", "服务器（标准配置）", "硬件", "台", 28000_00),
    ("P-HW-NAS", "网络存储 NAS", "硬件", "台", 8600_00),
    ("P-HW-POS", "收银终端", "硬件", "台", 3200_00),
    ("P-HW-PRN", "票据打印机", "硬件", "台", 980_00),
    ("P-HW-SCN", "扫码枪", "硬件", "个", 260_00),
    ("P-CLD-SMB", "云主机 小型", "云服务", "月", 299_00),
    ("P-CLD-MID", "云主机 中型", "云服务", "月", 899_00),
    ("P-SMS-10K", "短信包 1 万条", "增值服务", "个", 450_00),
    ("P-TRN-ONL", "在线培训课程", "培训", "人", 680_00),
]
INTERACTION_SUMMARIES = {
    "visit": ("上门拜访，了解需求", "现场演示产品功能", "拜访采购负责人", "回访使用情况",
              "陪同技术人员现场调研"),
    "call": ("电话沟通报价", "电话回访满意度", "确认合同细节", "电话跟进付款进度", "首次电话联系"),
    "email": ("发送产品资料", "发送报价单", "邮件确认交付时间", "发送合同草稿"),
    "wechat": ("微信沟通方案", "微信发送案例资料", "微信确认会议时间", "微信跟进试用反馈"),
    "meeting": ("需求调研会议", "方案评审会", "商务谈判会议", "项目启动会"),
    "other": ("展会上交流", "参加客户活动"),
}
TICKET_SUBJECTS = ("系统登录异常", "数据导出报错", "打印机无法连接", "发票信息需更正",
                   "申请增加用户数", "报表数据不一致", "培训需求", "硬件故障报修",
                   "升级后功能异常", "咨询使用方法", "退换货申请", "交付延迟投诉")
TASK_TITLES = ("电话回访", "发送报价单", "准备合同", "安排上门演示", "催收尾款", "节日问候",
               "确认需求文档", "邀请参加活动")


@dataclass
class DemoResult:
    path: Path
    password: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class _Pools:
    """Values drawn once from Faker and recombined."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        fake = Faker("zh_CN")
        fake.seed_instance(seed)
        self.rng = rng
        self.surnames = list(dict.fromkeys(fake.last_name() for _ in range(600)))
        self.given = list(dict.fromkeys(fake.first_name() for _ in range(1500)))
        self.companies = list(dict.fromkeys(fake.company() for _ in range(6000)))
        self.streets = list(dict.fromkeys(fake.street_name() for _ in range(800)))
        self.pinyin_given: dict[str, str] = {}

    def person(self) -> str:
        return self.rng.choice(self.surnames) + self.rng.choice(self.given)

    def mobile(self) -> str:
        return "+86" + self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def landline(self, area: str) -> str:
        # Eight-digit numbers, except where the city has seven (Xiamen); none starting
        # 800 (not a landline): numbers the validation rules accept, so that exported
        # demo data imports again.
        digits = 7 if area in ("0592",) else 8
        first = self.rng.choice("2345678")
        rest = f"{self.rng.randrange(10 ** (digits - 1)):0{digits - 1}d}"
        if first == "8" and rest.startswith("00"):
            first = "6"
        return "+86" + area[1:] + first + rest

    def email(self, name: str) -> str:
        keys = search.pinyin_keys(name).split()
        local = keys[0] if keys else "user"
        return f"{local}{self.rng.randrange(1, 9999)}@{self.rng.choice(MAIL_DOMAINS)}"

    def address(self, place: tuple[str, str, tuple[str, ...], str, str]) -> tuple[str, str, str]:
        district = self.rng.choice(place[2])
        street = f"{self.rng.choice(self.streets)}{self.rng.randrange(1, 400)}号"
        if self.rng.random() < 0.5:
            street += f"{self.rng.randrange(1, 30)}栋{self.rng.randrange(1, 30)}0{self.rng.randrange(1, 9)}室"
        return place[1], district, street

    def id_number(self, region: str, born: date, female: bool) -> str:
        seq = self.rng.randrange(0, 50) * 2 + (0 if female else 1)
        first17 = f"{region}{self.rng.randrange(1, 30):02d}{born:%Y%m%d}{self.rng.randrange(10):1d}{seq:02d}"
        return first17 + id_check_digit(first17)

    def bank_account(self) -> str:
        return "62" + "".join(str(self.rng.randrange(10)) for _ in range(self.rng.choice((14, 17))))


def _utc(dt: datetime) -> datetime:
    """Naive local time to naive UTC (the generator works in naive local time)."""
    return dt - _UTC_OFFSET


_UTC_OFFSET = datetime.now().astimezone().utcoffset() or timedelta(0)


def build_demo(path: str | Path, *, customers: int = 2000, seed: int = 42,
               password: str = DEFAULT_PASSWORD, related: bool = True,
               progress: Callable[[str, int, int], None] | None = None) -> DemoResult:
    """Create a demo database at *path* (must not exist)."""
    started = clock.perf_counter()
    db = create_database(path)
    try:
        result = populate(db, customers=customers, seed=seed, password=password,
                          related=related, progress=progress)
    except BaseException:
        db.close()
        remove_database_files(Path(path))  # a half-built demo is of no use to anyone
        raise
    db.close()
    result.path = Path(path)
    result.seconds = clock.perf_counter() - started
    return result


def populate(db: Database, *, customers: int, seed: int, password: str, related: bool = True,
             progress: Callable[[str, int, int], None] | None = None) -> DemoResult:
    report = progress or (lambda stage, done, total: None)
    counts: dict[str, int] = {}

    with db.transaction() as s:
        admin = accounts.create_first_admin(s, "admin", password, "系统管理员")
        team = accounts.create_team(s, admin, "销售一部")
        manager = accounts.create_user(s, admin, "manager", password, "manager",
                                       display_name="王经理", team_id=team.id)
        staff1 = accounts.create_user(s, admin, "staff1", password, "staff", display_name="李娜",
                                      team_id=team.id)
        staff2 = accounts.create_user(s, admin, "staff2", password, "staff", display_name="张伟",
                                      team_id=team.id)
        settings_service.set_value(s, admin, "company_name", "示范贸易有限公司")
        product_rows = []
        for code, name, category, unit, price in PRODUCTS:
            product_rows.append(products.create(s, admin, {
                "code": code, "name": name, "category": category, "unit": unit,
                "price_cents": f"{price / 100:.2f}", "active": True}))
        vip = custom_fields.create_definition(s, admin, "customer", "vip_level", "会员等级",
                                              "choice", choices=["普通", "银卡", "金卡", "钻石"])
        custom_fields.create_definition(s, admin, "customer", "contract_no", "合同编号", "text")
        product_info = [(p.id, p.name, p.price_cents) for p in product_rows]
        user_ids = {"manager": manager.id, "staff1": staff1.id, "staff2": staff2.id}
        # the customers' ids and codes, taken now: the generator may run in another process
        first_id = int(s.execute(select(func.coalesce(func.max(Customer.id), 0)))
                       .scalar_one()) + 1
        first_number = reserve_numbers(s, customer_service.entity, customers)
        vip_def = {"id": vip.id, "entity": vip.entity, "key": vip.key, "label": vip.label,
                   "kind": vip.kind, "sensitive": vip.sensitive}

    statuses: dict[str, int] = {}
    with db.session() as s:
        for st in s.execute(select(TicketStatus)).scalars():
            statuses[st.key] = st.id
    assert admin.keyring is not None
    plan = _Plan(seed=seed, customers=customers, related=related, today=date.today(),
                 now=datetime.now(),
                 owners=[user_ids["staff1"], user_ids["staff2"], user_ids["manager"]],
                 owner_weights=[46, 46, 8], products=product_info, statuses=statuses,
                 user=(admin.user_id, admin.username, admin.display_name, admin.role,
                       admin.team_id),
                 keyring_state=admin.keyring.state(), dialect=db.backend.name,
                 first_id=first_id, first_number=first_number, vip_def=vip_def)
    backend = db.backend
    n_codes: dict[str, int] = {}
    with db.transaction() as s:
        done = 0
        for item in _batches(plan):
            if isinstance(item, dict):
                n_codes = item
                continue
            batch, prepared = item
            # the customers as every bulk create writes them, then what belongs to them
            bulk.write(s, batch.customers)
            for table_name, rows in (("customers", batch.customers.customers),
                                     ("custom_field_values", batch.customers.custom_values)):
                counts[table_name] = counts.get(table_name, 0) + len(rows.values)
            for table_name, rows in batch.tables:
                backend.insert_prepared(s, Base.metadata.tables[table_name], rows)
                counts[table_name] = counts.get(table_name, 0) + len(rows.values)
            search.write_prepared(s, prepared)
            done += len(batch.customers.ids)
            report("customers", done, customers)
        if done != customers:
            raise RuntimeError(f"demo generator produced {done} of {customers} customers")
        counts["customers"] = customers
        for name, value in n_codes.items() if related else ():
            row = s.get(Counter, name)
            if row is None:
                s.add(Counter(name=name, value=value))
            else:
                row.value = value
        if related:
            counts["campaign_members"] = _campaigns(s, admin, customers, seed)
        audit.record(s, admin, "demo",
                     message=QT_TRANSLATE_NOOP("Audit", "Demo data: {n} customers (seed {seed})"),
                     params={"n": customers, "seed": seed},
                     after={k: v for k, v in counts.items()})
    return DemoResult(Path(str(db.path or "")), password, counts)


def _docs(batch: _Batch) -> list[search.DocInput]:
    """Search documents of the related records straight from the generated rows (no
    reading back); the customers' come with them (:mod:`.services.bulk`)."""
    names = {c["id"]: c["name"] for c in batch.customers}
    docs: list[search.DocInput] = [contact_doc(SimpleNamespace(**c), names.get(c["customer_id"]))  # type: ignore[arg-type]
             for c in batch.related[Contact]]
    docs += [opportunity_doc(SimpleNamespace(**o), names.get(o["customer_id"]))  # type: ignore[arg-type]
             for o in batch.related[Opportunity]]
    docs += [ticket_doc(SimpleNamespace(**t), names.get(t["customer_id"]))  # type: ignore[arg-type]
             for t in batch.related[Ticket]]
    return docs


CAMPAIGNS = [
    ("春季新品推介会", "event", "completed", -120, -100, 3_000_000),
    ("老客户回馈短信", "sms", "active", -20, 20, 500_000),
    ("年终促销邮件", "email", "planned", 15, 45, 800_000),
]


def _campaigns(s: Session, admin: Any, customers: int, seed: int) -> int:
    """A few campaigns, with members drawn from the customers and their responses."""
    from crmdesk.core.models import CampaignMember
    from crmdesk.core.services.campaigns import campaigns as campaign_service

    rng = random.Random(seed + 1)
    today = date.today()
    rows: list[dict[str, Any]] = []
    now = datetime.now(UTC).replace(tzinfo=None)
    for name, kind, status, start, end, budget in CAMPAIGNS:
        campaign = campaign_service.create(s, admin, {
            "name": name, "kind": kind, "status": status,
            "start_date": today + timedelta(days=start), "end_date": today + timedelta(days=end),
            "budget_cents": f"{budget / 100:.2f}", "description": "演示数据"})
        members = rng.sample(range(1, customers + 1), min(customers, max(5, customers // 20)))
        for cid in members:
            response = rng.choices(("invited", "responded", "converted", "declined"),
                                   (55, 25, 10, 10))[0] if status != "planned" else "invited"
            rows.append({"campaign_id": campaign.id, "customer_id": cid, "status": response,
                         "added_at": now, "responded_at": now if response in (
                             "responded", "converted") else None, "notes": None})
    backend_of(s).bulk_insert(s, CampaignMember.__table__, rows)  # type: ignore[arg-type]
    return len(rows)


@dataclass
class _Plan:
    """Everything the generator needs (picklable: it may run in another process)."""

    seed: int
    customers: int
    related: bool
    today: date
    now: datetime
    owners: list[int]
    owner_weights: list[int]
    products: list[tuple[int, str, int]]
    statuses: dict[str, int]
    user: tuple[int, str, str, str, int | None]  # the admin who creates the customers
    keyring_state: dict[str, object]
    dialect: str
    first_id: int  # of the first customer
    first_number: int  # the customer counter's number for the first customer's code
    vip_def: dict[str, Any]  # the custom field "vip_level"


@dataclass
class _Prepared:
    """One batch, ready to insert: the customers, then (table, rows) in dependency order."""

    customers: bulk.PreparedCustomers
    tables: list[tuple[str, PreparedRows]]  # table name, rows


_Item = tuple[_Prepared, list[search.PreparedDoc]] | dict[str, int]


def _generate(plan: _Plan) -> Iterator[_Item]:
    rng = random.Random(plan.seed)
    gen = _Generator(rng, _Pools(rng, plan.seed), plan)
    for start in range(0, plan.customers, BATCH):
        batch = gen.customers(start, min(BATCH, plan.customers - start))
        gen.rows.number(plan.first_number + start)
        customers = gen.rows.prepare(plan.dialect)
        ready = [(model.__table__.name, prepare_rows(plan.dialect, model.__table__, rows))
                 for model, rows in batch.related.items()]
        yield _Prepared(customers, ready), search.prepare(_docs(batch))
    yield {"opportunity": gen.n_opps, "order": gen.n_orders, "ticket": gen.n_tickets}


def _produce(plan: _Plan, out: Any) -> None:
    """Child process: generate batches into *out*; an exception is passed on."""
    try:
        for item in _generate(plan):
            # Pickle here: a failure inside the queue's feeder thread would be silent.
            out.put(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException as exc:  # noqa: BLE001 - re-raised in the parent
        out.put(pickle.dumps(RuntimeError(f"demo generator failed: {exc!r}")))
    out.put(None)


def _batches(plan: _Plan) -> Iterator[_Item]:
    """Batches in order.  Big databases are generated in a second process so that
    generating (Python) and inserting (SQLite) use both cores."""
    if plan.customers < 4 * BATCH:
        yield from _generate(plan)
        return
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue(maxsize=2)
    child = ctx.Process(target=_produce, args=(plan, out), name="crmdesk-demo", daemon=True)
    child.start()
    try:
        while True:
            try:
                item = out.get(timeout=1.0)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError(
                        f"demo generator stopped unexpectedly (exit code {child.exitcode})"
                    ) from None
                continue
            if item is None:
                break
            item = pickle.loads(item)
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


@dataclass
class _Batch:
    customers: list[dict[str, Any]]  # the generated values (see _Generator.customers)
    related: dict[Any, list[dict[str, Any]]]


class _Generator:
    def __init__(self, rng: random.Random, pools: _Pools, plan: _Plan) -> None:
        self.rng = rng
        self.with_related = plan.related
        self.pools = pools
        self.today = plan.today
        self.now = plan.now
        self.owners = plan.owners
        self.owner_weights = plan.owner_weights
        self.products = plan.products
        self.statuses = plan.statuses
        # the customers' stored rows, made as every bulk create makes them
        actor = Actor(*plan.user, keyring=Keyring.from_state(plan.keyring_state))
        self.vip = CustomFieldDef(**plan.vip_def)
        self.rows = bulk.CustomerRows(actor, defs=[self.vip])
        self.first_id = plan.first_id
        self.next_ids = {"contact": 1, "interaction": 1, "opportunity": 1, "order": 1,
                         "order_line": 1, "ticket": 1, "task": 1}
        self.n_opps = self.n_orders = self.n_tickets = 0
        self.status_keys = ("new", "in_progress", "waiting", "resolved", "closed")

    def _id(self, kind: str) -> int:
        value = self.next_ids[kind]
        self.next_ids[kind] = value + 1
        return value

    def _moment(self, days_back: int) -> datetime:
        day = self.now - timedelta(days=days_back, minutes=self.rng.randrange(0, 600))
        return day.replace(hour=self.rng.randrange(8, 19), minute=self.rng.randrange(60))

    def customers(self, start: int, n: int) -> _Batch:
        rng = self.rng
        rows: list[dict[str, Any]] = []
        related: dict[Any, list[dict[str, Any]]] = {
            Contact: [], Interaction: [], Opportunity: [], Order: [], OrderLine: [], Ticket: [],
            TicketEvent: [], Task: []}
        for i in range(start, start + n):
            cid = self.first_id + i
            company = rng.random() < 0.3
            place = rng.choices(PLACES, PLACE_WEIGHTS)[0]
            city, district, street = self.pools.address(place)
            owner = rng.choices(self.owners, self.owner_weights)[0]
            created = self._moment(rng.randrange(0, 730))
            female = rng.random() < 0.5
            name = rng.choice(self.pools.companies) if company else self.pools.person()
            born = date(rng.randrange(1955, 2003), rng.randrange(1, 13), rng.randrange(1, 29))
            # the customer's field values, as RecordService.clean would return them (and
            # its id, for the related records)
            row: dict[str, Any] = {
                "id": cid, "kind": "company" if company else "individual", "name": name, "gender": None if company else (
                    "female" if female else "male"),
                "birthday": None if company or rng.random() < 0.6 else born,
                "mobile": None if company and rng.random() < 0.5 else self.pools.mobile(),
                "phone": self.pools.landline(place[3]) if company or rng.random() < 0.15 else None,
                "email": None, "wechat": None, "company": None, "job_title": None,
                "website": None, "province": place[0], "city": city, "district": district,
                "address": street, "postal_code": None,
                "industry": rng.choice(INDUSTRIES) if company or rng.random() < 0.5 else None,
                "source": rng.choice(SOURCES), "intent_level": rng.choice("HABCC"),
                "category": rng.choice(CATEGORIES) if company else None,
                "tags": ",".join(rng.sample(TAGS, rng.randrange(0, 3))) or None,
                "status": rng.choices(("potential", "active", "dormant", "lost"),
                                      (35, 45, 12, 8))[0],
                "owner_id": owner, "id_number": None, "bank_name": None, "bank_account": None,
                "notes": None, "last_contact_at": None, "next_follow_up": None,
            }
            if not company:
                if rng.random() < 0.6:
                    row["email"] = self.pools.email(name)
                if rng.random() < 0.5:
                    row["wechat"] = f"wx_{rng.randrange(10**6, 10**9)}"
                if rng.random() < 0.3:
                    row["company"] = rng.choice(self.pools.companies)
                    row["job_title"] = rng.choice(JOB_TITLES)
                if rng.random() < 0.25:
                    idn = self.pools.id_number(place[4], born, female)
                    row["birthday"] = born
                    row["id_number"] = idn
            else:
                row["email"] = f"info{rng.randrange(1, 999)}@{rng.choice(('company', 'corp', 'group'))}{cid}.cn"
                row["website"] = f"www.example{cid}.cn"
            if rng.random() < 0.12:
                row["bank_account"] = self.pools.bank_account()
                row["bank_name"] = rng.choice(BANKS)
            if rng.random() < 0.15:
                row["notes"] = rng.choice(("客户比较看重售后服务", "年底有采购预算",
                                           "对价格较敏感，需要申请折扣", "由老客户介绍，信任度高",
                                           "决策周期较长，需持续跟进"))
            custom = {self.vip.id: rng.choice(("普通", "银卡", "金卡", "钻石"))} \
                if rng.random() < 0.3 else None
            if self.with_related:
                self._related(row, related, company, created)
            self.rows.add(cid, row, custom=custom, created_at=_utc(created),
                          updated_at=_utc(created), created_by=owner)
            rows.append(row)
        return _Batch(rows, related)

    def _related(self, c: dict[str, Any], related: dict[Any, list[dict[str, Any]]],
                 company: bool, created: datetime) -> None:
        rng = self.rng
        cid, owner = c["id"], c["owner_id"]
        age_days = max(1, (self.now - created).days)
        base = {"created_by_id": owner, "updated_by_id": owner, "deleted_at": None,
                "deleted_by_id": None, "version": 1}
        contacts: list[int] = []
        if company:
            for k in range(rng.choice((1, 1, 2, 2, 3))):
                contact_id = self._id("contact")
                contacts.append(contact_id)
                name = self.pools.person()
                stamp = _utc(created)
                related[Contact].append({
                    "id": contact_id, "customer_id": cid, "name": name,
                    "gender": rng.choice(("male", "female")),
                    "job_title": rng.choice(JOB_TITLES), "department": rng.choice(DEPARTMENTS),
                    "mobile": self.pools.mobile(), "phone": None,
                    "email": self.pools.email(name) if rng.random() < 0.7 else None,
                    "wechat": None, "birthday": None, "is_primary": k == 0, "notes": None,
                    "created_at": stamp, "updated_at": stamp, **base})
        last_contact: datetime | None = None
        plan: date | None = None
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            kind = rng.choices(("visit", "call", "email", "wechat", "meeting", "other"),
                               (15, 35, 12, 25, 10, 3))[0]
            when = self._moment(rng.randrange(0, age_days))
            follow: date | None = when.date() + timedelta(days=rng.randrange(2, 30))
            # an old plan was followed up long ago: only recent ones are still open
            if rng.random() >= 0.4 or (follow and follow < self.today - timedelta(days=3)):
                follow = None
            related[Interaction].append({
                "id": self._id("interaction"), "customer_id": cid,
                "contact_id": rng.choice(contacts) if contacts else None, "kind": kind,
                "occurred_at": _utc(when), "summary": rng.choice(INTERACTION_SUMMARIES[kind]),
                "details": None, "user_id": owner, "next_follow_up": follow,
                "created_at": _utc(when), "updated_at": _utc(when), **base})
            if last_contact is None or when > last_contact:
                last_contact, plan = when, follow
        if last_contact is not None:
            c["last_contact_at"] = _utc(last_contact)
            c["next_follow_up"] = plan
        if rng.random() < 0.3:
            self._opportunity(c, related, base, created, age_days)
        if c["status"] in ("active", "dormant", "lost") or rng.random() < 0.1:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                self._order(c, related, base, age_days)
        if rng.random() < 0.1:
            self._ticket(c, related, base, contacts, age_days)
        if rng.random() < 0.2:
            due_days = rng.randrange(-10, 20)
            due = datetime.combine(self.today + timedelta(days=due_days),
                                   time(rng.randrange(9, 18)))
            done = due_days < 0 and rng.random() < 0.85
            stamp = _utc(self.now - timedelta(days=max(0, -due_days) + 1))
            related[Task].append({
                "id": self._id("task"), "title": f"{rng.choice(TASK_TITLES)} · {c['name']}"[:200],
                "notes": None, "due_at": _utc(due), "remind_at": None,
                "assignee_id": owner, "customer_id": cid, "opportunity_id": None,
                "ticket_id": None, "priority": rng.choice(("low", "normal", "normal", "high")),
                "done": done, "done_at": _utc(due) if done else None,
                "created_at": stamp, "updated_at": stamp, **base})

    def _opportunity(self, c: dict[str, Any], related: dict[Any, list[dict[str, Any]]],
                     base: dict[str, Any], created: datetime, age_days: int) -> None:
        rng = self.rng
        oid = self._id("opportunity")
        self.n_opps = oid
        product = rng.choice(self.products)
        stage = rng.choices(("potential", "intent", "negotiation", "won", "lost"),
                            (30, 25, 18, 17, 10))[0]
        opened = self._moment(rng.randrange(0, age_days))
        close = opened.date() + timedelta(days=rng.randrange(15, 180))
        closed_at = _utc(opened + timedelta(days=rng.randrange(5, 90))) \
            if stage in ("won", "lost") else None
        amount = product[2] * rng.randrange(1, 12)
        related[Opportunity].append({
            "id": oid, "code": opportunities.code_of(oid), "customer_id": c["id"],
            "title": f"{product[1]} 采购项目", "product_id": product[0], "amount_cents": amount,
            "stage": stage, "expected_close": close, "owner_id": c["owner_id"],
            "source": c["source"], "notes": None, "closed_at": closed_at,
            "lost_reason": rng.choice(("价格偏高", "选择了竞争对手", "预算取消")) if stage == "lost"
            else None, "created_at": _utc(opened), "updated_at": _utc(opened), **base})

    def _order(self, c: dict[str, Any], related: dict[Any, list[dict[str, Any]]],
               base: dict[str, Any], age_days: int) -> None:
        rng = self.rng
        order_id = self._id("order")
        self.n_orders = order_id
        when = self._moment(rng.randrange(0, age_days))
        total = 0
        for _ in range(rng.choice((1, 1, 2, 3))):
            product = rng.choice(self.products)
            qty = rng.choice((1, 1, 2, 3, 5, 10))
            total += product[2] * qty
            related[OrderLine].append({
                "id": self._id("order_line"), "order_id": order_id, "product_id": product[0],
                "description": product[1], "quantity": qty, "unit_price_cents": product[2],
                "amount_cents": product[2] * qty})
        status = rng.choices(("confirmed", "shipped", "completed", "cancelled"), (10, 10, 75, 5))[0]
        related[Order].append({
            "id": order_id, "number": orders.code_of(order_id), "customer_id": c["id"],
            "order_date": when.date(), "status": status, "total_cents": total,
            "owner_id": c["owner_id"], "opportunity_id": None, "notes": None,
            "created_at": _utc(when), "updated_at": _utc(when), **base})

    def _ticket(self, c: dict[str, Any], related: dict[Any, list[dict[str, Any]]],
                base: dict[str, Any], contacts: list[int], age_days: int) -> None:
        rng = self.rng
        tid = self._id("ticket")
        self.n_tickets = tid
        opened = self._moment(rng.randrange(0, min(age_days, 365)))
        key = rng.choices(self.status_keys, (15, 15, 10, 25, 35))[0]
        resolved = _utc(opened + timedelta(hours=rng.randrange(2, 24 * 14))) \
            if key in ("resolved", "closed") else None
        related[Ticket].append({
            "id": tid, "code": tickets.code_of(tid), "customer_id": c["id"],
            "contact_id": rng.choice(contacts) if contacts else None,
            "subject": rng.choice(TICKET_SUBJECTS), "description": "客户来电反映问题，需尽快处理。",
            "priority": rng.choices(("low", "normal", "high", "urgent"), (20, 50, 22, 8))[0],
            "status_id": self.statuses[key], "assignee_id": c["owner_id"],
            "due_date": opened.date() + timedelta(days=rng.randrange(1, 10)),
            "resolved_at": resolved, "created_at": _utc(opened), "updated_at": _utc(opened),
            **base})
        related[TicketEvent].append({"ticket_id": tid, "at": _utc(opened),
                                     "user_id": c["owner_id"], "kind": "created", "field": None,
                                     "old_value": None, "new_value": None, "comment": None})
