"""The knowledge base (issue 14, item 6) as its users meet it, on SQLite and PostgreSQL:
who writes and who reads drafts, the customers' search (Chinese, pinyin, one and two
characters) finding articles, suggestions for a ticket, audited links and the report
of the most used articles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crmdesk.core.models import AuditEntry
from crmdesk.core.services import knowledge
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import NotFound, PermissionDenied, ValidationError

BODY = "# 处理步骤\n\n1. 关闭打印机\n2. 取出**卡住的纸**\n\n详见 [说明](https://example.com/a)"


@pytest.fixture
def articles(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        printer = knowledge.create(s, users.manager, title="打印机卡纸怎么办", body=BODY,
                                   category="硬件", tags="打印机, 卡纸", publish=True).id
        network = knowledge.create(s, users.admin, title="无法连接网络", body="检查网线。",
                                   category="网络", tags=["网络"], publish=True).id
        draft = knowledge.create(s, users.manager, title="打印机驱动安装（草稿）",
                                 body="待补充", category="硬件").id
    return {"printer": printer, "network": network, "draft": draft}


@pytest.fixture
def ticket(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        cid = customers.create(s, users.staff1, {"name": "张三"}).id
        return tickets.create(s, users.staff1, {"customer_id": cid,
                                                "subject": "打印机又卡纸了"}).id


def _titles(found) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.title for a in found]


def test_staff_read_published_articles_and_never_drafts(db, users, articles) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        staff = _titles(knowledge.list_articles(s, users.staff1))
        manager = _titles(knowledge.list_articles(s, users.manager2))
        assert "打印机驱动安装（草稿）" not in staff
        assert set(staff) == {"打印机卡纸怎么办", "无法连接网络"}
        assert "打印机驱动安装（草稿）" in manager  # writers see drafts
        with pytest.raises(NotFound):
            knowledge.get(s, users.staff1, articles["draft"])
        assert _titles(knowledge.search_articles(s, users.staff1, "打印机")) == [
            "打印机卡纸怎么办"]
    with db.transaction() as s:
        knowledge.set_published(s, users.manager, articles["draft"])
    with db.session() as s:
        assert "打印机驱动安装（草稿）" in _titles(knowledge.list_articles(s, users.staff1))


def test_staff_cannot_write_and_bad_input_names_the_field(db, users, articles) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s, pytest.raises(PermissionDenied):
        knowledge.create(s, users.staff1, title="我的文章", body="正文")
    with db.transaction() as s, pytest.raises(PermissionDenied):
        knowledge.update(s, users.staff2, articles["printer"], title="改掉")
    with db.transaction() as s, pytest.raises(PermissionDenied):
        knowledge.retire(s, users.staff1, articles["printer"])
    with db.transaction() as s, pytest.raises(ValidationError) as refused:
        knowledge.create(s, users.manager, title=" ", body="")
    assert {e.field for e in refused.value.errors} == {"title", "body"}


@pytest.mark.parametrize("query", ["卡", "卡纸", "打印机", "dayinji", "dyj", "kazhi", "KB0000"])
def test_the_customers_search_finds_articles(db, users, articles, query) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        found = _titles(knowledge.search_articles(s, users.staff1, query))
    assert found and found[0] == "打印机卡纸怎么办" or query == "KB0000" and found


def test_a_retired_article_leaves_lists_and_search_and_can_be_restored(db, users, articles) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        knowledge.retire(s, users.manager, articles["network"])
    with db.session() as s:
        assert knowledge.search_articles(s, users.admin, "网络") == []
        assert "无法连接网络" not in _titles(knowledge.list_articles(s, users.admin))
        assert _titles(knowledge.list_articles(s, users.manager, retired=True)) == ["无法连接网络"]
        with pytest.raises(PermissionDenied):
            knowledge.list_articles(s, users.staff1, retired=True)
        with pytest.raises(NotFound):
            knowledge.get(s, users.staff1, articles["network"], retired=True)
    with db.transaction() as s:
        knowledge.restore(s, users.admin, articles["network"])
    with db.session() as s:
        assert _titles(knowledge.search_articles(s, users.staff1, "网络")) == ["无法连接网络"]


def test_an_edit_is_searchable_versioned_and_a_stale_save_refused(db, users, articles) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.errors import ConflictError

    with db.transaction() as s:
        before = knowledge.get(s, users.manager, articles["network"]).version
        knowledge.update(s, users.manager, articles["network"], title="路由器重启方法",
                         expected_version=before)
    with db.session() as s:
        assert _titles(knowledge.search_articles(s, users.staff1, "luyouqi")) == ["路由器重启方法"]
        assert knowledge.get(s, users.staff1, articles["network"]).version == before + 1
    with db.transaction() as s, pytest.raises(ConflictError):
        knowledge.update(s, users.manager, articles["network"], title="旧版本",
                         expected_version=before)


def test_a_ticket_is_offered_the_articles_matching_its_subject(db, users, articles, ticket) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        found = knowledge.suggest(s, users.staff1, ticket)
    assert _titles(found)[0] == "打印机卡纸怎么办"
    assert "打印机驱动安装（草稿）" not in _titles(found)  # drafts are never suggested
    assert "无法连接网络" not in _titles(found)


def test_linking_an_article_is_audited_and_happens_once(db, users, articles, ticket) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        knowledge.link(s, users.staff1, ticket, articles["printer"])
        knowledge.link(s, users.staff1, ticket, articles["printer"])
    with db.session() as s:
        used = knowledge.linked(s, users.staff1, ticket)
        entries = list(s.execute(select(AuditEntry).where(
            AuditEntry.action == "article_link")).scalars())
    assert [(u.article.title, u.user) for u in used] == [("打印机卡纸怎么办", "李娜")]
    assert len(entries) == 1
    assert entries[0].entity == "ticket" and entries[0].entity_id == ticket
    with db.transaction() as s, pytest.raises(ValidationError):  # a draft: publish it first
        knowledge.link(s, users.manager, ticket, articles["draft"])
    with db.transaction() as s, pytest.raises(NotFound):  # not a ticket staff2 may see
        knowledge.link(s, users.staff2, ticket, articles["network"])


def test_the_most_used_articles_count_visible_tickets_in_the_period(db, users, articles) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        mine = customers.create(s, users.staff1, {"name": "客户甲"}).id
        west = customers.create(s, users.staff3, {"name": "客户乙"}).id
        for i in range(3):
            t = tickets.create(s, users.staff1, {"customer_id": mine, "subject": f"卡纸{i}"})
            knowledge.link(s, users.staff1, t.id, articles["printer"])
        t = tickets.create(s, users.staff1, {"customer_id": mine, "subject": "断网"})
        knowledge.link(s, users.staff1, t.id, articles["network"])
        for i in range(5):  # another team's tickets: not counted for staff1
            t = tickets.create(s, users.staff3, {"customer_id": west, "subject": f"断网{i}"})
            knowledge.link(s, users.staff3, t.id, articles["network"])
    today = date.today()
    with db.session() as s:
        rows = knowledge.most_used(s, users.staff1, today, today)
        every = knowledge.most_used(s, users.admin, today, today)
        earlier = knowledge.most_used(s, users.admin, today - timedelta(days=9),
                                      today - timedelta(days=1))
    assert [(r.title, r.uses) for r in rows] == [("打印机卡纸怎么办", 3), ("无法连接网络", 1)]
    assert [(r.title, r.uses) for r in every] == [("无法连接网络", 6), ("打印机卡纸怎么办", 3)]
    assert earlier == []


def test_a_body_is_rendered_without_any_html_it_carries() -> None:
    from crmdesk.core.markup import to_html

    html = to_html("**粗** <script>alert(1)</script> [x](javascript:alert(1))\n- 一")
    assert "<b>粗</b>" in html and "<script>" not in html and "<li>一</li>" in html
    assert 'href="javascript' not in html


def test_kb_commands_add_list_search_show_and_used(run, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = tmp_path / "router.md"
    body.write_text("# 步骤\n\n1. 拔掉电源\n2. 等待 **30 秒**\n", encoding="utf-8")
    file = str(db_path)
    code, out, err = run("kb", "add", file, "--title", "路由器重启方法", "--body-file",
                         str(body), "--category", "网络", "--tag", "路由器", "--tag", "断网",
                         "--publish", "--user", "manager")
    assert (code, err) == (0, "")
    assert out.strip() == "Added KB00001 (published)."
    code, out, _ = run("kb", "add", file, "--title", "草稿", "--body-file", str(body),
                       "--user", "manager")
    assert code == 0 and "KB00002 (draft)" in out
    code, out, _ = run("kb", file, "--user", "staff1")
    assert code == 0
    assert [line.split("\t")[:4] for line in out.splitlines()] == [
        ["KB00001", "published", "网络", "路由器重启方法"]]
    code, out, _ = run("kb", file, "--search", "lyq", "--user", "staff1")
    assert code == 0 and out.startswith("KB00001\t")
    code, out, _ = run("kb", "show", file, "KB00001", "--user", "staff1")
    assert code == 0
    assert out.splitlines()[0] == "路由器重启方法" and "**30 秒**" in out
    code, out, _ = run("kb", "used", file, "--user", "admin")
    assert (code, out) == (0, "")


def test_kb_commands_refuse_what_a_user_cannot_do_in_one_line(run, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = tmp_path / "a.md"
    body.write_text("正文", encoding="utf-8")
    file = str(db_path)
    code, _, err = run("kb", "add", file, "--title", "我的", "--body-file", str(body),
                       "--user", "staff1")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "only" in err
    code, _, err = run("kb", "add", file, "--title", "缺文件", "--body-file",
                       str(tmp_path / "missing.md"), "--user", "admin")
    assert code == 2 and "missing.md" in err
    code, _, err = run("kb", "add", file, "--body-file", str(body), "--user", "admin")
    assert code == 2 and "--title" in err
    code, _, err = run("kb", "show", file, "KB09999", "--user", "admin")
    assert code == 2 and "KB09999" in err
    code, _, err = run("kb", "show", file, "--user", "admin")
    assert code == 2 and "CODE" in err


def test_the_most_used_articles_in_analytics_and_the_service_report(db, db_path, users, articles,  # type: ignore[no-untyped-def]
                                                                    ticket, run, tmp_path) -> None:
    import shutil
    import subprocess

    from crmdesk.reports import ReportRequest, build_report

    with db.transaction() as s:
        knowledge.link(s, users.staff1, ticket, articles["printer"])
    today = date.today().isoformat()
    code, out, err = run("analytics", str(db_path), "articles", "--from", today, "--to", today,
                         "--user", "manager")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["code\ttitle\tcategory\tuses",
                                "KB00001\t打印机卡纸怎么办\t硬件\t1"]
    code, out, _ = run("analytics", str(db_path), "articles", "--owner", "staff3",
                       "--user", "admin")
    assert code == 0 and out.splitlines()[1:] == []  # staff3 is assigned no such ticket
    if shutil.which("pdftotext") is None:
        return
    pdf = tmp_path / "service.pdf"
    build_report(db, users.manager, ReportRequest("service"), pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert "Most used articles" in text and "打印机卡纸怎么办" in text
