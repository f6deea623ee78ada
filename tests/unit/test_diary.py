"""Diary and memo (issue 13, item 5): notes private to their author, searched by the
author as customers are, shown on a linked customer's timeline to the author and
administrators only.  SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from crmdesk.core import search
from crmdesk.core.models import AuditEntry
from crmdesk.core.services import diary
from crmdesk.core.services.customers import customers
from crmdesk.errors import NotFound, ValidationError

SECRET = "王总私下说下季度预算会翻倍"


def _note(db, users, **values):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "张三丰贸易"})
        note = diary.create(s, users.staff1, {"note_date": date(2026, 12, 1),
                                              "title": "拜访张三丰", "body": SECRET,
                                              "customer_id": customer.id, **values})
        return note.id, customer.id


def test_author_lists_searches_and_edits_own_notes(db, users) -> None:  # type: ignore[no-untyped-def]
    note_id, _cid = _note(db, users)
    with db.transaction() as s:
        diary.create(s, users.staff1, {"note_date": date(2026, 12, 3), "kind": "memo",
                                       "body": "记得带合同\n第二行"})
        found = diary.list_notes(s, users.staff1)
        assert [n.title for n in found] == ["记得带合同 第二行", "拜访张三丰"]  # newest first
        assert found[0].kind == "memo" and found[1].customer.startswith("张三丰贸易")
        # the customers' search rules: one or two characters, pinyin, initials
        for words in ("张", "三丰", "zhangsanfeng", "bfzsf", "预算", "翻倍"):
            assert [n.id for n in diary.list_notes(s, users.staff1, text=words)] == [note_id]
        assert diary.list_notes(s, users.staff1, text="李四") == []
        assert [n.id for n in diary.list_notes(s, users.staff1, first=date(2026, 12, 1),
                                                last=date(2026, 12, 2))] == [note_id]
        diary.update(s, users.staff1, note_id, {"title": "再访张三丰"})
        assert diary.summary(s, users.staff1, note_id).title == "再访张三丰"
        diary.delete(s, users.staff1, note_id)
        assert [n.title for n in diary.list_notes(s, users.staff1)] == ["记得带合同 第二行"]


@pytest.mark.parametrize("who", ["staff2", "manager", "admin", "manager2"])
def test_nobody_else_opens_lists_or_finds_a_note(db, users, who) -> None:  # type: ignore[no-untyped-def]
    note_id, _cid = _note(db, users)
    other = getattr(users, who)
    with db.transaction() as s:
        assert diary.list_notes(s, other) == []
        assert diary.list_notes(s, other, text="张三丰") == []
        with pytest.raises(NotFound):
            diary.get(s, other, note_id)
        with pytest.raises(NotFound):
            diary.update(s, other, note_id, {"title": "改掉"})
        with pytest.raises(NotFound):
            diary.delete(s, other, note_id)
        # the global search (admin's too) never names the note or its text
        hits = search.search(s, other, "预算")
        assert hits == []
        assert all(h.kind != "diary" for h in search.search(s, other, "张三丰"))


def test_timeline_shows_linked_notes_to_author_and_admin_only(db, users) -> None:  # type: ignore[no-untyped-def]
    note_id, cid = _note(db, users)
    with db.transaction() as s:
        assert [n.id for n in diary.for_customer(s, users.staff1, cid)] == [note_id]
        assert [n.id for n in diary.for_customer(s, users.admin, cid)] == [note_id]
        assert diary.for_customer(s, users.admin, cid)[0].author == "李娜"
        # the manager sees the customer, not the author's note
        assert diary.for_customer(s, users.manager, cid) == []
        with pytest.raises(NotFound):  # a customer they may not see at all
            diary.for_customer(s, users.staff2, cid)


def test_a_note_links_only_to_a_customer_the_author_sees(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        theirs = customers.create(s, users.staff2, {"name": "别人的客户"})
        with pytest.raises(ValidationError) as err:
            diary.create(s, users.staff1, {"body": "x", "customer_id": theirs.id})
        assert err.value.errors[0].field == "customer_id"
        with pytest.raises(ValidationError) as err:
            diary.create(s, users.staff1, {"title": " ", "body": ""})
        assert err.value.errors[0].field == "title"
        with pytest.raises(ValidationError):
            diary.create(s, users.staff1, {"body": "x", "kind": "poem"})


def test_audit_names_the_note_never_its_text(db, users) -> None:  # type: ignore[no-untyped-def]
    note_id, _cid = _note(db, users)
    with db.transaction() as s:
        entries = s.execute(select(AuditEntry).where(AuditEntry.entity == "diary_note")).scalars()
        texts = [(e.summary, e.params or "", e.after or "") for e in entries]
    assert texts and all(SECRET not in "".join(t) and "张三丰" not in "".join(t)
                         for t in texts)
    assert any(str(note_id) in t[0] for t in texts)


def test_purging_the_customer_keeps_the_note_unlinked(db, users) -> None:  # type: ignore[no-untyped-def]
    note_id, cid = _note(db, users)
    with db.transaction() as s:
        customers.delete(s, users.staff1, cid)
        customers.purge(s, users.admin, cid)
    with db.transaction() as s:
        note = diary.get(s, users.staff1, note_id)
        assert note.customer_id is None and note.body == SECRET


def test_cli_add_and_list(run, db_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("add", str(db_path), "customer", "name=李四商行", "--user", "staff1")
    assert code == 0, err
    ccode = out.strip().split()[-1]
    code, out, err = run("diary", "add", str(db_path), "--user", "staff1", "--text",
                         "李四想要报价", "--date", "2026-12-04", "--customer", ccode)
    assert code == 0, err
    assert out.startswith("2026-12-04\tdiary\t")
    code, out, err = run("diary", "add", str(db_path), "--user", "staff1", "--text", "备忘",
                         "--memo", "--date", "2026-11-20")
    assert code == 0, err
    code, out, _err = run("diary", str(db_path), "--user", "staff1", "--from", "2026-12-01",
                          "--to", "2026-12-05")
    assert out.splitlines() == [f"2026-12-04\tdiary\t1\t李四想要报价\t李四商行 · {ccode}"]
    code, out, _err = run("diary", str(db_path), "--user", "staff1", "--search", "wangwu")
    assert len(out.splitlines()) == 0
    code, out, _err = run("diary", str(db_path), "--user", "staff1", "--search", "lsxy")  # 李四想要
    assert len(out.splitlines()) == 1
    code, out, _err = run("diary", str(db_path), "--user", "staff2")
    assert code == 0 and out == ""
    code, _out, err = run("diary", str(db_path), "--user", "staff1", "--from", "12/01")
    assert code == 2 and "--from" in err and "YYYY-MM-DD" in err
    code, _out, err = run("diary", "add", str(db_path), "--user", "staff1", "--text", "x",
                          "--customer", "C999999")
    assert code == 2 and "C999999" in err


def test_a_merge_takes_the_notes_about_the_merged_customer_and_its_undo_brings_them_back(
        db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.models import DiaryNote
    from crmdesk.core.services import merging

    with db.transaction() as s:
        survivor = customers.create(s, users.staff1, {"name": "合并甲"}).id
        merged = customers.create(s, users.staff1, {"name": "合并甲公司"}).id
        note = diary.create(s, users.staff1, {"body": "约好下周见面", "customer_id": merged}).id
    with db.transaction() as s:
        merge_id = merging.merge(s, users.admin, survivor, merged).record.id
    with db.session() as s:
        assert s.get(DiaryNote, note).customer_id == survivor
    with db.transaction() as s:
        merging.undo(s, users.admin, merge_id)
    with db.session() as s:
        assert s.get(DiaryNote, note).customer_id == merged
