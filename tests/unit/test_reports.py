"""PDF reports: content, embedded CJK font, guard counting, audit, cancel, languages."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crmdesk.core.analytics import Criteria
from crmdesk.core.models import AccessEvent, AuditEntry
from crmdesk.core.services import settings
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.validation import id_check_digit
from crmdesk.errors import AccountFrozen, NotFound
from crmdesk.jobs import Cancelled, Job
from crmdesk.reports import ReportError, ReportRequest, build_report, fonts
from tests.unit import known_sales

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext, pdffonts) not installed")


@pytest.fixture
def known(db, users):  # type: ignore[no-untyped-def]
    return known_sales.build(db, users)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def code_of(db, customer_id: int) -> str:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return str(customers.get(s, _admin(db), customer_id).code)


def _admin(db):  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts

    return accounts.system_actor()


REPORT_NAMES = {
    # report -> customers (by letter of known_sales) it must name
    "customer-list": "ABCDEF",
    "customer-card": "A",
    "pipeline": "ABF",  # the open opportunities
    "sales": "ABDEF",  # the top customers
    "service": "A",  # the oldest open ticket
    "follow-up": "ADE",  # overdue tasks (A, E) and overdue follow-ups (A, D)
}
NAMES = {"A": "王大伟", "B": "李小红", "C": "赵铁柱", "D": "钱多多", "E": "孙悟空", "F": "周芷若"}


@needs_poppler
@pytest.mark.parametrize("name", list(REPORT_NAMES))
def test_every_report_prints_its_customers_in_an_embedded_cjk_font(
        db, users, known, tmp_path, name) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"{name}.pdf"
    request = ReportRequest(name, customer=code_of(db, known.ids["A"]))
    result = build_report(db, users.admin, request, out)
    assert result.pages >= 1 and out.stat().st_size > 1000
    text = pdf_text(out)
    for letter in REPORT_NAMES[name]:
        assert NAMES[letter] in text, (name, NAMES[letter])
    if name == "customer-card":
        assert "扩产项目" in text and "设备异响" in text and "回访王大伟" in text
        assert "李小红" not in text
    assert f"1 / {result.pages}" in text  # the page footer
    listed = pdf_fonts(out)
    assert listed and all(row[-5] == "yes" for row in listed), listed  # every font embedded
    assert any("WenQuanYiMicroHei" in row[0] for row in listed)
    assert not any("Helvetica" in row[0] for row in listed)
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(out), str(png)],
                   check=True)
    assert list(tmp_path.glob("page*.png"))


def test_font_ships_with_its_licence() -> None:
    path, index = fonts.cjk_font()
    assert path.name == "wqy-microhei.ttc" and index == 0
    assert path.parent == fonts.resources.fonts_dir()
    licence = (path.parent / "LICENSE-wqy-microhei.txt").read_text("utf-8")
    assert "Apache License" in licence and "WenQuanYi" in licence


def test_list_report_counts_every_customer_and_audits_once(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "mine.pdf"
    result = build_report(db, users.staff1, ReportRequest("customer-list"), out)
    assert result.customers_counted == 3  # staff1's own A, B, C
    with db.session() as s:
        events = s.execute(select(AccessEvent.kind, AccessEvent.count).where(
            AccessEvent.user_id == users.staff1.user_id)).all()
        entries = s.execute(select(AuditEntry).where(AuditEntry.action == "report")
                            ).scalars().all()
    assert [tuple(e) for e in events] == [("export", 1)] * 3  # one row per distinct customer
    assert len(entries) == 1 and entries[0].username == "staff1"
    assert '"customers": 3' in (entries[0].after or "")


def test_customer_card_opens_the_customer(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = known.ids["A"]
    build_report(db, users.staff1, ReportRequest("customer-card", customer=a), tmp_path / "a.pdf")
    with db.session() as s:
        events = s.execute(select(AccessEvent.kind, AccessEvent.count)).all()
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "report")).scalar_one()
    assert [tuple(e) for e in events] == [("open", 1)]
    assert (entry.entity, entry.entity_id) == ("customer", a)


def test_card_of_someone_elses_customer_is_refused(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "d.pdf"
    with pytest.raises(NotFound):
        build_report(db, users.staff1, ReportRequest("customer-card", customer=known.ids["D"]),
                     out)
    assert not out.exists()
    with db.session() as s:
        assert s.execute(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "report")).scalar_one() == 0


@needs_poppler
def test_card_masks_sensitive_fields(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    number = "11010519491231002"
    number += id_check_digit(number)
    with db.transaction() as s:
        customers.update(s, users.staff1, known.ids["A"], {"id_number": number})
    out = tmp_path / "a.pdf"
    build_report(db, users.staff1, ReportRequest("customer-card", customer=known.ids["A"]), out)
    text = pdf_text(out)
    assert number not in text
    assert "*" * 14 + number[-4:] in text and number[:4] + "*" not in text  # last 4 only


def test_guard_freezes_before_the_report_is_written(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        settings.set_value(s, users.admin, "security.scrape_limit", 10)
        for n in range(9):
            customers.create(s, users.staff1, {"name": f"客户{n}"})
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(AccountFrozen):
        build_report(db, users.staff1, ReportRequest("customer-list"), folder / "all.pdf")
    assert list(folder.iterdir()) == []  # neither the file nor a temporary one
    with db.session() as s:
        actions = s.execute(select(AuditEntry.action).where(
            AuditEntry.username == "staff1")).scalars().all()
    assert "freeze" in actions and "report" not in actions


def test_cancel_stops_the_build_and_leaves_no_file(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []

    def progress(what: str, percent: int, total: int | None) -> None:
        assert total == 100
        seen.append(percent)
        if percent >= 35:
            job.cancel()

    job = Job(progress)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Cancelled, match="The report was cancelled"):
        build_report(db, users.admin, ReportRequest("sales"), folder / "cancelled.pdf",
                     job=job)
    assert list(folder.iterdir()) == []
    assert seen == sorted(seen) and seen[-1] >= 35


def test_progress_runs_from_0_to_100(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[int, str]] = []
    build_report(db, users.admin, ReportRequest("customer-list"), tmp_path / "x.pdf",
                 job=Job(lambda what, p, _total: seen.append((p, what))))
    percents = [p for p, _ in seen]
    assert percents[0] == 0 and percents[-1] == 100 and percents == sorted(percents)
    assert all(what for _, what in seen)


@needs_poppler
def test_list_of_orders_filtered_by_customer_attribute(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "orders.pdf"
    query = ListQuery(filters=[Filter("customer.industry", "eq", "制造业")],
                      sort=[("order_date", False)])
    result = build_report(db, users.admin, ReportRequest("list", entity="order", query=query),
                          out)
    text = pdf_text(out)
    assert "王大伟" in text and "周芷若" in text and "钱多多" not in text
    assert "Customer · Industry = 制造业" in text
    assert result.customers_counted == 2  # the orders name two customers


def test_unknown_report_and_columns_are_refused(db, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(ReportError) as info:
        build_report(db, users.admin, ReportRequest("nope"), tmp_path / "x.pdf")
    assert "customer-list" in info.value.message
    with pytest.raises(ReportError) as info:
        build_report(db, users.admin, ReportRequest("customer-list", columns=["name", "shoe"]),
                     tmp_path / "x.pdf")
    assert "shoe" in info.value.message
    with pytest.raises(ReportError):
        build_report(db, users.admin, ReportRequest("customer-card"), tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


@needs_poppler
def test_reports_in_chinese_and_english(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk import translation

    try:
        translation.install(None, "zh_CN")
        build_report(db, users.admin, ReportRequest("sales", criteria=Criteria(
            as_of=known_sales.AS_OF)), tmp_path / "zh.pdf")
        build_report(db, users.admin, ReportRequest("customer-list"), tmp_path / "zh-list.pdf")
    finally:
        translation.install(None, "en")
    build_report(db, users.admin, ReportRequest("sales"), tmp_path / "en.pdf")
    zh, zh_list, en = (pdf_text(tmp_path / n) for n in ("zh.pdf", "zh-list.pdf", "en.pdf"))
    assert "销售分析" in zh and "重要价值客户" in zh and "重要挽留客户" in zh
    assert "¥100,500.00" in zh  # money: yuan with thousands separators
    assert re.search(r"第\s*1\s*/\s*\d+\s*页", zh)  # page x / y
    assert "客户清单" in zh_list and "个人" in zh_list and "手机" in zh_list
    assert "Sales analysis" in en and "Important value" in en and "销售分析" not in en


def test_builds_in_a_worker_thread_with_its_own_sessions(db, users, known, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """How the GUI runs it: a worker thread, progress reported back, cancellable."""
    outcome: dict[str, object] = {}
    progress: list[int] = []

    def work() -> None:
        try:
            outcome["result"] = build_report(db, users.manager, ReportRequest("follow-up"),
                                             tmp_path / "team.pdf",
                                             job=Job(lambda _, p, _t: progress.append(p)))
        except Exception as exc:  # noqa: BLE001 - handed back to the test thread
            outcome["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["result"].pages >= 1  # type: ignore[attr-defined]
    assert progress[-1] == 100
