"""Screenshots of every main view, in zh_CN and in en (``make screenshots``).

Runs the real application on a demo database (built on first use) on whatever
display Qt finds - ``make screenshots`` starts it under Xvfb - and saves PNGs
under the given folder, one per view and language.

    python packaging/screenshots.py build/screenshots [--lang zh_CN] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "build" / "demo" / "screenshots.crmdb"


def _pump(ms: int = 400) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _settle(window: Any) -> None:
    workspace = window.workspace
    for _ in range(200):
        busy = workspace is not None and workspace.executor.busy
        loading = any(getattr(getattr(d, "model", None), "loading", False)
                      for d in window.documents())
        if not busy and not loading:
            break
        _pump(50)
    _pump(300)


def _save(widget: Any, path: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    _pump(200)
    screen = QGuiApplication.primaryScreen()
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or screen is None:
        pixmap = widget.grab()
    else:  # what is really on the screen, popups included
        geometry = widget.frameGeometry()
        pixmap = screen.grabWindow(0, geometry.x(), geometry.y(), geometry.width(),
                                   geometry.height())
    pixmap.save(str(path))
    print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def scenes(window: Any) -> list[tuple[str, Callable[[], Any]]]:
    """(name, action) pairs; each action leaves on screen what the shot should show
    (or returns the dialog it opened, which is then the shot)."""
    from crmdesk.core.services.customers import customers
    from crmdesk.core.services.records import ListQuery

    ws = window.workspace

    def company() -> int:
        from crmdesk.core.services.records import Filter

        return int(ws.read(lambda s: customers.ids(s, ws.actor, ListQuery(
            filters=[Filter("kind", "eq", "company")]), limit=5))[2])

    def story(tab: int) -> Callable[[], None]:
        def show() -> None:
            window.open_document("record", ("customer", company()))
            _settle(window)
            window.current_document().tabs.setCurrentIndex(tab)
        return show

    def search(query: str = "张") -> None:
        window.search_box.setFocus()
        window.search_box.setText(query)
        window.search_box.run_search()

    def with_backups() -> None:
        """A few backups of the demo file to list: plain, encrypted, one not yet checked."""
        from crmdesk.core.services import backups

        if len(backups.list_backups(backups.backup_folder(ws.db), ws.db)) >= 3:
            return
        backups.create_backup(ws.db, ws.actor, reason="manual")
        backups.create_backup(ws.db, ws.actor, reason="manual", password="demo-backup")
        backups.create_backup(ws.db, None, reason="daily", scheduled=True, verify=False)

    def backups() -> Any:
        with_backups()
        return window.backup.show_backups()

    def restore_choose() -> Any:
        with_backups()
        return window.backup.restore()

    def restore_confirm() -> Any:
        with_backups()
        wizard = window.backup.restore()
        _settle(window)
        table = wizard.choose_page.table
        plain = next(i for i, e in enumerate(table.entries)
                     if e.manifest is not None and not e.manifest.encrypted)
        table.selectRow(plain)
        wizard.next()
        wizard.next()  # check the backup
        _settle(window)
        return wizard

    def import_file() -> Path:
        """A sheet as a customer would bring it: Chinese headers, two mistakes, one
        customer who is already in the database."""
        import openpyxl

        from crmdesk.core.services.records import Filter

        known = ws.read(lambda s: customers.records(s, ws.actor, customers.ids(
            s, ws.actor, ListQuery(filters=[Filter("mobile", "notnull")]), limit=1)))[0]
        path = ROOT / "build" / "screenshots-data" / "展会客户名单.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "客户名单"
        sheet.append(["客户名称", "手机号码", "电子邮箱", "所在城市", "公司", "职位", "负责人",
                      "备注"])
        people = [("王建国", "13901234567", "wangjg@huaxia-tech.cn", "北京市", "华夏科技有限公司",
                   "采购经理"),
                  ("李秀英", "13812345601", "lixiuying@163.com", "上海市", "申江贸易有限公司",
                   "总经理"),
                  ("张志强", "1381234", "zhangzq@qq.com", "杭州市", "西湖电子商务有限公司", "运营总监"),
                  ("刘芳", "13698765432", "liufang@126.com", "广州市", "南粤物流有限公司", "行政主管"),
                  (known.name, known.mobile[3:] if known.mobile else "", "", known.city or "",
                   "", ""),
                  ("陈伟", "13511112222", "chenwei@@example.com", "深圳市", "鹏城网络科技有限公司",
                   "技术负责人"),
                  ("杨静", "13722223333", "yangjing@foxmail.com", "成都市", "天府餐饮管理有限公司",
                   "店长"),
                  ("赵磊", "13633334444", "zhaolei@sina.com", "武汉市", "江城建材有限公司", "销售经理"),
                  ("黄丽", "13544445555", "huangli@163.com", "南京市", "金陵教育咨询有限公司", "校长"),
                  ("周涛", "13455556666", "zhoutao@qq.com", "西安市", "长安文化传媒有限公司", "主编"),
                  ("吴敏", "13366667777", "wumin@126.com", "重庆市", "山城火锅连锁有限公司", "财务"),
                  ("徐静", "13277778888", "xujing@outlook.com", "苏州市", "姑苏纺织有限公司", "厂长")]
        for name, mobile, email, city, company, title in people:
            sheet.append([name, mobile, email, city, company, title, "staff1", "2024 秋季展会"])
        book.save(path)
        return path

    def import_wizard(step: int) -> Callable[[], Any]:
        def show() -> Any:
            from crmdesk.ui.dialogs.import_wizard import open_import_wizard

            wizard = open_import_wizard(ws, window, "customer", str(import_file()))
            _settle(window)
            for _ in range(step):
                wizard.next()
                _settle(window)
            return wizard
        return show

    def export_dialog() -> Any:
        from crmdesk.core.services.records import Filter
        from crmdesk.ui.dialogs.export_dialog import ExportDialog
        from crmdesk.ui.views.datasheet import entity_plural

        window.open_entry("customers")
        sheet = window.current_document()
        sheet.model.add_filter(Filter("city", "eq", "北京市"))
        _settle(window)
        dialog = ExportDialog(ws, "customer", sheet.model.query(), sheet.visible_columns(),
                              entity_plural("customer"), window)
        dialog.show()
        return dialog

    def duplicates() -> None:
        """A customer entered twice (same mobile, the name written a little differently)."""
        from crmdesk.core.services.records import Filter

        def ensure(s: Any) -> None:
            if customers.ids(s, ws.actor, ListQuery(filters=[Filter("tags", "contains",
                                                                    "重复录入")]), limit=1):
                return
            first = customers.records(s, ws.actor, customers.ids(s, ws.actor, ListQuery(
                filters=[Filter("kind", "eq", "individual"), Filter("mobile", "notnull"),
                         Filter("email", "notnull")]), limit=1))[0]
            customers.create(s, ws.actor, {
                "name": first.name, "mobile": first.mobile, "city": first.city,
                "email": None, "wechat": "wx_" + (first.email or "x").split("@")[0],
                "source": "展会", "tags": "重复录入", "notes": "展会上登记"})

        with ws.db.transaction() as s:
            ensure(s)
        window.open_entry("duplicates")
        _settle(window)

    def knowledge_base() -> None:
        """Service > Knowledge base with a few articles (the demo has none)."""
        from crmdesk.core.services import knowledge

        with ws.db.transaction() as s:
            if not knowledge.list_articles(s, ws.actor, limit=1):
                for title, category, tags, body in (
                        ("打印机卡纸怎么办", "硬件", "打印机, 卡纸",
                         "## 处理步骤\n\n1. 关闭打印机电源\n2. 打开前盖，取出**卡住的纸**\n"
                         "3. 重新装纸，*对齐*纸张导轨\n\n仍然卡纸：请联系售后上门。"),
                        ("无法连接网络", "网络", "网络, 路由器", "先检查网线，再重启路由器。"),
                        ("发票开具流程", "财务", "发票", "- 核对开票信息\n- 提交财务审核")):
                    knowledge.create(s, ws.actor, title=title, body=body, category=category,
                                     tags=tags, publish=True)
        window.open_entry("knowledge")
        view = window.current_document()
        view.search.setText("dyj")  # pinyin initials of 打印机
        view.refresh()

    def work_plans() -> None:
        """Tasks > Work plans with two salespeople's plans of this week (the demo has
        none): one submitted, one reviewed by the administrator."""
        from datetime import date, datetime, time, timedelta

        from crmdesk.core.services import accounts
        from crmdesk.core.services import work_plans as plans
        from crmdesk.core.services.tasks import tasks

        today = date.today()
        monday = plans.period_start("week", today)

        def at(days: int, hour: int) -> datetime:
            return datetime.combine(monday + timedelta(days=days), time(hour)).astimezone()

        with ws.db.transaction() as s:
            if not plans.list_plans(s, ws.actor, period="week", day=today):
                for name, goals, items in (
                        ("staff1", "1. 拜访两家重点客户，推进年度续约\n2. 电话回访上月成交客户",
                         (("visit", "上门拜访，介绍年度服务", 0, 10),
                          ("call", "电话回访成交客户", 1, 15),
                          ("call", "确认报价细节", 3, 11),
                          ("visit", "产品演示", 4, 14))),
                        ("staff2", "跟进新线索，约见三位决策人",
                         (("call", "电话约见采购负责人", 0, 9),
                          ("visit", "拜访技术部", 2, 10)))):
                    owner = accounts.login(s, name, "demo1234")
                    plan = plans.create(s, owner, "week", today, goals)
                    mine = customers.ids(s, owner, ListQuery(), limit=len(items))
                    for n, (kind, title, day, hour) in enumerate(items):
                        task = plans.add_item(s, owner, plan.id, kind, title, at(day, hour),
                                              customer_id=mine[n] if n < len(mine) else None)
                        if n == 0:
                            tasks.complete(s, owner, task.id)
                    plans.submit(s, owner, plan.id)
                    if name == "staff2":
                        plans.review(s, ws.actor, plan.id, "目标明确，周五前安排好技术交流。")
        window.open_entry("work_plans")

    def settings_tab(page: str) -> Callable[[], None]:
        """Settings on one page: the view's attribute of that name ("custom_fields":
        the last page), not a position, which moves when a page is added."""
        def show() -> None:
            from PySide6.QtWidgets import QTabWidget

            window.open_entry("settings")
            _settle(window)
            view = window.current_document()
            tabs = view.findChild(QTabWidget)
            if tabs is None:
                return
            widget = getattr(view, page, None)
            if widget is not None and tabs.indexOf(widget) >= 0:
                tabs.setCurrentWidget(widget)
            else:
                tabs.setCurrentIndex(tabs.count() - 1)
        return show

    def ticket_assignment() -> None:  # Settings > Ticket assignment, with two rules
        from PySide6.QtWidgets import QTabWidget

        from crmdesk.core.services import accounts
        from crmdesk.core.services import ticket_assignment as rules

        with ws.db.transaction() as s:
            if not rules.all_rules(s):
                teams = accounts.list_teams(s)
                rules.add_rule(s, ws.actor, kind="complaint", user_id=ws.actor.user_id)
                if teams:
                    rules.add_rule(s, ws.actor, team_id=teams[0].id)
        window.open_entry("settings")
        _settle(window)
        doc = window.current_document()
        tabs = doc.findChild(QTabWidget)
        if tabs is not None:
            tabs.setCurrentIndex(tabs.indexOf(doc.assignment))

    def service_levels_tab() -> None:  # Settings > Service levels
        from PySide6.QtWidgets import QTabWidget

        window.open_entry("settings")
        _settle(window)
        doc = window.current_document()
        tabs = doc.findChild(QTabWidget)
        if tabs is not None:
            tabs.setCurrentIndex(tabs.indexOf(doc.service_levels))

    def ticket_sla() -> None:  # a ticket with its service levels (time left, breached)
        from crmdesk.core.services import service_levels
        from crmdesk.core.services.tickets import tickets

        with ws.db.transaction() as s:  # the demo's tickets (bulk-made) get their clocks
            service_levels.check(s, ws.actor)
        ticket_id = ws.read(lambda s: tickets.ids(s, ws.actor, ListQuery(), limit=1))[0]
        window.open_document("record", ("ticket", ticket_id))

    def task_form() -> None:
        from crmdesk.core.services.tasks import tasks

        task_id = ws.read(lambda s: tasks.ids(s, ws.actor, ListQuery(), limit=1))[0]
        window.open_document("record", ("task", task_id))

    def attachments() -> None:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtGui import QColor, QImage

        from crmdesk.core.services import attachments as files

        cid = company()
        with ws.db.transaction() as s:
            if not files.count(s, ws.actor, "customer", cid):
                image = QImage(320, 200, QImage.Format.Format_RGB32)
                image.fill(QColor("#2f6fdf"))
                data = QByteArray()
                buffer = QBuffer(data)
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                image.save(buffer, "PNG")
                files.add(s, ws.actor, "customer", cid, "营业执照.png", bytes(data.data()))
                files.add(s, ws.actor, "customer", cid, "合同 2026.txt",
                          "合同正文".encode() * 200)
        window.open_document("record", ("customer", cid))
        _settle(window)
        doc = window.current_document()
        doc.tabs.setCurrentIndex(doc.tab_attachments)

    def template_records() -> None:
        """The dealership template applied to the demo (once) and filled with records."""
        from crmdesk.core.services import templates
        from crmdesk.core.template_demo import populate_template
        from crmdesk.ui import navigation

        if "dealership" not in ws.read(templates.applied):
            with ws.db.transaction() as s:
                populate_template(s, ws.actor, "dealership")
            navigation.rebuild(window)

    def template_sheet() -> None:  # Records > Showroom visit
        template_records()
        window.open_entry("rt:visit")

    def template_form() -> None:  # an A card in its form, in sections
        from crmdesk.core.record_types import runtime

        template_records()
        cards = runtime.service("acard")
        window.open_document("record", ("acard", ws.read(
            lambda s: cards.ids(s, ws.actor, ListQuery(), limit=1))[0]))

    def stock_levels() -> None:  # Stock > Stock levels (stock received if the demo has none)
        delivery_notes()
        window.open_entry("stock")

    def new_movement() -> Any:  # Stock > Stock levels > New movement…
        stock_levels()
        _settle(window)
        return window.current_document().new_movement()

    def purchase_order() -> int:
        """An ordered purchase order, partly received (made once if the demo has none)."""
        from crmdesk.core.services.purchasing import ensure_sample_order

        with ws.db.transaction() as s:
            return ensure_sample_order(s, ws.actor)

    def purchase_form() -> None:  # Purchasing > Purchase orders > one order
        window.open_document("record", ("purchase_order", purchase_order()))

    def receive_goods() -> Any:  # its Receive goods dialog
        purchase_form()
        _settle(window)
        form = window.current_document()
        form.receive()
        return form.receive_dialog

    def supplier_history() -> None:  # a supplier's form with its purchase history
        from crmdesk.core.services.purchasing import purchase_orders

        order = purchase_order()
        window.open_document("record", ("supplier", ws.read(
            lambda s: purchase_orders.get(s, ws.actor, order).supplier_id)))

    def delivery_notes() -> int:
        """Planned delivery notes over the next days (made once if the demo has none):
        stock received for two products, three orders, two notes; returns a note."""
        from datetime import date, timedelta

        from crmdesk.core.services import stock
        from crmdesk.core.services.deliveries import deliveries, plan_delivery
        from crmdesk.core.services.records import Filter
        from crmdesk.core.services.sales import orders, products

        found = ws.read(lambda s: deliveries.ids(s, ws.actor, ListQuery(
            filters=[Filter("status", "eq", "planned")]), limit=1))
        if found:
            return int(found[0])
        today = date.today()
        with ws.db.transaction() as s:
            goods = [p for p in products.records(s, ws.actor, products.ids(
                s, ws.actor, ListQuery(), limit=6)) if p.tracks_stock][:2]
            warehouse = stock.default_warehouse_id(s)
            for product in goods:
                stock.post(s, ws.actor, "receipt", product.id, warehouse, 40,
                           unit_cost_cents=product.price_cents // 2 or 100, reference="开业备货")
            buyers = customers.ids(s, ws.actor, ListQuery(), limit=3)
            made = []
            for n, buyer in enumerate(buyers):
                order = orders.create_with_lines(
                    s, ws.actor, {"customer_id": buyer, "channel": "门店",
                                  "delivery_date": today + timedelta(days=2 + 2 * n)},
                    [{"product_id": p.id, "quantity": 3 + 5 * n + i}
                     for i, p in enumerate(goods)])
                if n < 2:
                    made.append(plan_delivery(s, ws.actor, order.id,
                                              planned_date=today + timedelta(days=1 + 2 * n),
                                              carrier="顺丰速运").id)
            return int(made[0])

    def delivery_plan() -> None:  # Sales > Delivery plan
        delivery_notes()
        window.open_entry("delivery_plan")

    def delivery_form() -> None:  # Sales > Delivery notes > one planned note
        window.open_document("record", ("delivery", delivery_notes()))

    def invoice() -> int:
        """An issued, partly paid invoice (made once, from a shipped order, if the demo
        has none)."""
        from crmdesk.core.services.deliveries import ship_order
        from crmdesk.core.services.invoices import invoices
        from crmdesk.core.services.payments import payments
        from crmdesk.core.services.sales import LineInput, orders

        found = ws.read(lambda s: invoices.ids(s, ws.actor, ListQuery(), limit=1))
        if found:
            return int(found[0])
        with ws.db.transaction() as s:
            order = orders.create_with_lines(s, ws.actor, {"customer_id": company()}, [
                LineInput(description="年度维护服务", quantity=2, unit_price="1500"),
                LineInput(description="上门培训", quantity=1, unit_price="800.50")])
            ship_order(s, ws.actor, order.id)
            made = invoices.issue(s, ws.actor, order.id)
            payments.create(s, ws.actor, {"customer_id": made.customer_id,
                                          "amount_cents": "3000", "reference": "工行 0606"})
            return int(made.id)

    def invoice_form() -> None:  # Finance > Invoices > one invoice
        window.open_document("record", ("invoice", invoice()))

    def invoices_sheet() -> None:  # Finance > Invoices
        invoice()
        window.open_entry("invoices")

    def receivables() -> None:  # Reports > Receivables (aging per customer)
        from crmdesk.core.services import bank

        if not ws.read(lambda s: bank.lines(s, ws.actor, open_only=False, limit=1)):
            # a demo file from before issue 16: add its stock and money part once
            from sqlalchemy import func, select

            from crmdesk.core import demo_commerce
            from crmdesk.core.models import Customer

            with ws.db.transaction() as s:
                count = int(s.execute(select(func.max(Customer.id))).scalar_one() or 0)
                demo_commerce.populate(s, ws.actor, customers=count, seed=7)
        window.open_entry("receivables")

    def bank_match() -> Any:  # Receivables > Bank statement…: proposals to tick
        from crmdesk.ui.dialogs.bank_match import BankMatchDialog

        receivables()
        _settle(window)
        dialog = BankMatchDialog(ws, window)
        dialog.resize(dialog.sizeHint())
        dialog.show()
        return dialog

    return [
        ("01-today", lambda: window.open_entry("today")),
        ("02-customers", lambda: window.open_entry("customers")),
        ("03-search", search),
        ("03-search-tasks", lambda: search("电话回访")),  # tasks among the hits
        ("04-customer-details", story(0)),
        ("05-customer-timeline", story(2)),
        ("06-customer-orders", story(4)),
        ("07-new-customer", lambda: window.open_document("new", ("customer", {}))),
        ("08-pipeline", lambda: window.open_entry("pipeline")),
        ("09-opportunities", lambda: window.open_entry("opportunities")),
        ("10-tickets", lambda: window.open_entry("tickets")),
        ("11-tasks", lambda: window.open_entry("tasks")),
        ("12-users", lambda: window.open_entry("users")),
        ("13-audit-log", lambda: window.open_entry("audit")),
        ("14-settings", lambda: window.open_entry("settings")),
        ("15-backups", backups),
        ("16-restore-choose", restore_choose),
        ("17-restore-confirm", restore_confirm),
        ("18-backup-settings", lambda: window.backup.show_settings()),
        ("19-import-columns", import_wizard(1)),
        ("20-import-check", import_wizard(2)),
        ("21-export", export_dialog),
        ("22-duplicates", duplicates),
        ("23-pipeline-stages", settings_tab("stages")),
        ("24-custom-fields", settings_tab("custom_fields")),
        ("25-reminders", lambda: window.open_entry("reminders")),
        ("26-task-form", task_form),
        ("27-attachments", attachments),
        ("28-calendar", lambda: window.open_entry("calendar")),
        ("29-ticket-statuses", settings_tab("ticket_statuses")),
        ("30-work-plans", work_plans),
        ("40-knowledge-base", knowledge_base),
        ("41-ticket-assignment", ticket_assignment),
        ("42-service-levels", service_levels_tab),
        ("43-ticket-sla", ticket_sla),
        ("44-sla-list", lambda: window.open_entry("sla")),
        ("45-template-datasheet", template_sheet),
        ("46-template-form", template_form),
        ("47-record-types", lambda: window.open_entry("record_types")),
        ("48-diary", lambda: window.open_entry("diary")),
        ("49-cadence", settings_tab("cadence")),
        ("60-stock-levels", stock_levels),
        ("61-stock-movement", new_movement),
        ("62-stock-movements", lambda: window.open_entry("stock_movements")),
        ("70-purchase-order", purchase_form),
        ("71-receive-goods", receive_goods),
        ("72-supplier-history", supplier_history),
        ("73-delivery-plan", delivery_plan),
        ("74-delivery-note", delivery_form),
        ("75-invoices", invoices_sheet),
        ("76-invoice-form", invoice_form),
        ("80-receivables", receivables),
        ("81-bank-match", bank_match),
    ]


def shoot(out: Path, language: str, only: list[str]) -> None:
    from PySide6.QtWidgets import QWidget

    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database
    from crmdesk.ui.app import create_application
    from crmdesk.ui.dialogs.login import LoginDialog
    from crmdesk.ui.errors import ErrorReporter
    from crmdesk.ui.main_window import MainWindow

    app = create_application(["crmdesk"], language=language)
    ErrorReporter.interactive = False
    db = open_database(DEMO)
    if not only or "00-login" in only:
        dialog = LoginDialog(db, "staff1")
        dialog.show()
        dialog.password.setFocus()
        _save(dialog, out / f"{language}-00-login.png")
        dialog.close()
    window = MainWindow()
    window.resize(1440, 860)
    window.move(0, 0)
    window.show()
    with db.transaction() as s:
        actor = accounts.login(s, "admin", "demo1234")
    window.start_workspace(db, actor)
    _settle(window)
    for name, action in scenes(window):
        if only and name not in only:
            continue
        for doc in window.documents()[1:]:  # one view at a time: close the others
            if hasattr(doc, "dirty"):
                doc.dirty = False
            window.close_tab(window.tabs.indexOf(doc))
        window.search_box.clear()
        shown = action()
        _settle(window)
        # a scene may return a dialog it opened: the shot is of that dialog
        target = shown if isinstance(shown, QWidget) else window
        _save(target, out / f"{language}-{name}.png")
        if target is not window:
            target.close()
        window.search_box.popup.hide()
    for doc in window.documents():
        if hasattr(doc, "dirty"):
            doc.dirty = False
    window.close_database()
    window.close()
    app.processEvents()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", action="append")
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("CRMDESK_HOME", str(ROOT / "build" / "screenshots-home"))
    args.out.mkdir(parents=True, exist_ok=True)
    if not DEMO.exists():
        from crmdesk.core.demo import build_demo

        DEMO.parent.mkdir(parents=True, exist_ok=True)
        print(f"building the demo database {DEMO} ...")
        build_demo(DEMO, customers=3000, seed=7)
    languages = args.lang or ["zh_CN", "en"]
    if args.child or len(languages) == 1:
        for language in languages:
            print(f"{language}:")
            shoot(args.out, language, args.only)
        return 0
    # one process per language: the whole interface is built in that language
    import subprocess

    for language in languages:
        extra = [arg for name in args.only for arg in ("--only", name)]
        subprocess.run([sys.executable, __file__, str(args.out), "--lang", language,
                        "--child", *extra], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
