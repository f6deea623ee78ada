"""The demo's rows, made without a database: what :mod:`crmdesk.core.demo` writes.

The customers are cut into batches of :data:`BATCH`.  Each batch has its own
random generator (seeded from the demo's seed and the batch number), so a
batch comes out the same whichever process makes it and in whatever order:
big demos are made by several worker processes at once (:func:`work`), small
ones in the writing process (:func:`generate`), with the same result.

A batch is made in two steps.  :meth:`Generator.draft` draws the customers and
their related records, numbering the related records from 0 within the batch;
:meth:`Generator.finish` moves those numbers to their place after the records
of the batches before it (the writer hands out these first ids as soon as it
knows how many records each batch drew: :class:`Counts`) and prepares the rows
for ``executemany`` and the search documents.  The customers' ids and codes
are known in advance (one customer per number), and their stored rows are what
the services' bulk path (:class:`crmdesk.core.services.bulk.CustomerRows`) makes
of the same values: the generator itself is :mod:`crmdesk.core.demo_gen`.

Names, companies and streets are drawn once from Faker zh_CN into
:class:`Pools` and then recombined: Faker per row would take minutes per
million customers.
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any, Generic, TypeVar, cast

from crmdesk.core import demo_stage, search
from crmdesk.core.services import bulk
from crmdesk.storage.backends import PreparedRows

#: customers per batch (the unit of work of a generator process and of a write)
BATCH = 20_000

#: the kinds of record numbered by the generator (their ids; some also give codes)
NUMBERED = ("contact", "interaction", "opportunity", "order", "order_line", "ticket", "task")

#: how many records of each numbered kind a batch drew
Counts = dict[str, int]

T = TypeVar("T")

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
#: the sales channels of the demo's orders, weighted by repetition (issue 16)
ORDER_CHANNELS = (("直销",) * 4 + ("电话",) * 3 + ("网店",) * 3 + ("微信",) * 2 + ("门店",) * 2
                  + ("代理商",) * 1)
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



class Weighted(Generic[T]):
    """Weighted choice by bisection over cumulative weights (``random.choices`` rebuilds
    them on every call)."""

    def __init__(self, values: Sequence[T], weights: Sequence[float]) -> None:
        self.values = list(values)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def __call__(self, rnd: Any) -> T:
        return self.values[bisect(self.cumulative, rnd() * self.total)]


W_PLACE = Weighted(PLACES, PLACE_WEIGHTS)
W_STATUS = Weighted(("potential", "active", "dormant", "lost"), (35, 45, 12, 8))
W_INTERACTION = Weighted(("visit", "call", "email", "wechat", "meeting", "other"),
                         (15, 35, 12, 25, 10, 3))
W_STAGE = Weighted(("potential", "intent", "negotiation", "won", "lost"), (30, 25, 18, 17, 10))
W_ORDER_STATUS = Weighted(("confirmed", "shipped", "completed", "cancelled"), (10, 10, 75, 5))
W_TICKET_STATUS = Weighted(("new", "in_progress", "waiting", "resolved", "closed"),
                           (15, 15, 10, 25, 35))
W_PRIORITY = Weighted(("low", "normal", "high", "urgent"), (20, 50, 22, 8))
NOTES = ("客户比较看重售后服务", "年底有采购预算", "对价格较敏感，需要申请折扣",
         "由老客户介绍，信任度高", "决策周期较长，需持续跟进")
VIP_LEVELS = ("普通", "银卡", "金卡", "钻石")


@dataclass
class Pools:
    """Values drawn once from Faker (in the writing process) and recombined."""

    surnames: list[str]
    given: list[str]
    companies: list[str]
    streets: list[str]

    @classmethod
    def draw(cls, seed: int) -> Pools:
        from faker import Faker

        fake = Faker("zh_CN")
        fake.seed_instance(seed)
        return cls(list(dict.fromkeys(fake.last_name() for _ in range(600))),
                   list(dict.fromkeys(fake.first_name() for _ in range(1500))),
                   list(dict.fromkeys(fake.company() for _ in range(6000))),
                   list(dict.fromkeys(fake.street_name() for _ in range(800))))


@dataclass
class Plan:
    """Everything the generator needs (picklable: it runs in other processes)."""

    seed: int
    customers: int
    related: bool
    today: date
    now: datetime
    owners: list[int]
    owner_weights: list[float]
    products: list[tuple[int, str, int]]
    statuses: dict[str, int]
    user: tuple[int, str, str, str, int | None]  # the admin who creates the customers
    keyring_state: dict[str, object]
    dialect: str
    first_id: int  # of the first customer
    first_number: int  # the customer counter's number for the first customer's code
    vip_def: dict[str, Any]  # the custom field "vip_level"
    pools: Pools
    utc_offset: timedelta  # local time - UTC (the generator works in naive local time)
    batch: int = BATCH  # customers per batch
    #: SQLite: the folder of the staging files the batches are written to
    #: (:mod:`crmdesk.core.demo_stage`); None: batches travel pickled
    stage_dir: str | None = None
    first_doc: int = 1  # the id of the first search document

    @property
    def batches(self) -> int:
        return -(-self.customers // self.batch)

    def batch_range(self, k: int) -> tuple[int, int]:
        """The first customer (0-based) and the number of customers of batch *k*."""
        start = k * self.batch
        return start, min(self.batch, self.customers - start)


def first_ids() -> Counts:
    """The first id of each numbered kind (of an empty database)."""
    return dict.fromkeys(NUMBERED, 1)


def advance(base: Counts, counts: Counts) -> Counts:
    """The first ids after a batch that started at *base* and drew *counts*."""
    return {kind: base[kind] + counts[kind] for kind in NUMBERED}


@dataclass
class Prepared:
    """One batch, ready to insert: the customers, then (table, rows) in dependency order,
    then the related records' search documents."""

    customers: bulk.PreparedCustomers
    tables: list[tuple[str, PreparedRows]]
    docs: list[search.PreparedDoc]


def generate(plan: Plan) -> Iterator[Prepared]:
    """Every batch in order, made here (small demos)."""
    from crmdesk.core.demo_gen import Generator

    gen = Generator(plan)
    base = first_ids()
    for k in range(plan.batches):
        draft = gen.draft(k)
        customers = gen.prepare_customers()
        yield gen.finish(draft, customers, base)
        base = advance(base, draft.counts)


def work_when_told(worker: int, workers: int, inbox: Any, out: Any) -> None:
    """A generator process started before the plan was made: takes the plan from *inbox*
    (``None``: stop), then works as :func:`work`."""
    try:
        plan = cast(Plan | None, _receive(inbox))
    except _WriterGone:
        return
    if plan is not None:
        work(plan, worker, workers, inbox, out)


def work(plan: Plan, worker: int, workers: int, inbox: Any, out: Any) -> None:
    """A generator process: batches *worker*, *worker* + *workers* ... into *out*.

    For each batch it sends ``("counts", k, counts)`` as soon as the batch is drawn,
    takes the first ids of the batch from *inbox* (``None``: stop), and sends
    ``("batch", k, pickled Prepared)``.  An exception goes to *out* as
    ``("error", worker, pickled exception)``.
    """
    try:
        from crmdesk.core.demo_gen import Generator

        gen = Generator(plan)
        for k in range(worker, plan.batches, workers):
            draft = gen.draft(k)
            _send(out, ("counts", k, draft.counts))
            customers = gen.prepare_customers()
            base = _receive(inbox)
            if base is None:
                return
            batch = gen.finish(draft, customers, base)
            if plan.stage_dir is not None:
                _send(out, ("batch", k, stage(plan, k, batch, base)))
                continue
            # pickled here: a failure inside the queue's feeder thread would be silent
            _send(out, ("batch", k, pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)))
    except _WriterGone:
        return
    except BaseException as exc:  # noqa: BLE001 - re-raised in the writing process
        _send(out, ("error", worker,
                    pickle.dumps(RuntimeError(f"demo generator failed: {exc!r}"))))


def stage(plan: Plan, k: int, batch: Prepared, base: Counts) -> str:
    """Write batch *k* (its related records numbered from *base*) into its staging file,
    search documents numbered and owned as :func:`search.write_prepared` would; returns
    the file's path."""
    assert plan.stage_dir is not None
    start, _n = plan.batch_range(k)
    # the documents before this batch: the customers' and their contacts',
    # opportunities', tickets' and tasks' (one document each), written in that order
    first_doc = plan.first_doc + start + sum(base[kind] - 1 for kind in
                                             ("contact", "opportunity", "ticket", "task"))
    made = batch.customers
    id_at = made.customers.columns.index("id")
    owner_at = made.customers.columns.index("owner_id")
    owners = {v[id_at]: v[owner_at] for v in made.customers.values}
    docs = [*made.docs, *batch.docs]
    doc_owners = [owners.get(d.row["customer_id"]) if d.row["customer_id"] is not None
                  else d.owner_id for d in docs]
    doc_rows = PreparedRows(["id", *docs[0].row, "owner_id"], [
        (first_doc + i, *d.row.values(), owner) for i, (d, owner) in
        enumerate(zip(docs, doc_owners, strict=True))])
    path = demo_stage.stage_file(plan.stage_dir, k)
    demo_stage.write_stage(path, [("customers", made.customers),
                                  ("custom_field_values", made.custom_values),
                                  ("search_docs", doc_rows), *batch.tables],
                           demo_stage.fts_rows(first_doc, docs, doc_owners))
    return str(path)


class _WriterGone(Exception):
    """The writing process ended (killed): a generator process stops too."""


def _writer_alive() -> bool:
    parent = multiprocessing.parent_process()
    return parent is None or parent.is_alive()


def _send(out: Any, message: tuple[str, int, Any]) -> None:
    while True:
        try:
            out.put(message, timeout=1.0)
            return
        except queue.Full:
            if not _writer_alive():
                raise _WriterGone from None


def _receive(inbox: Any) -> Counts | None:
    while True:
        try:
            return cast(Counts | None, inbox.get(timeout=1.0))
        except queue.Empty:
            if not _writer_alive():
                raise _WriterGone from None
