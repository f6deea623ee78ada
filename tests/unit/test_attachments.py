"""Attachments: stored inside the database, as visible as their record, size-limited,
counted by the anti-scraping guard, audited, in the recycle bin, and carried by backups."""

from __future__ import annotations

import hashlib
import io
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crmdesk.core.models import Attachment, AttachmentData, AuditEntry
from crmdesk.core.services import accounts, settings
from crmdesk.core.services import attachments as att
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.sales import products
from crmdesk.errors import KnownError, NotFound, PermissionDenied
from crmdesk.storage.database import Database
from tests.conftest import Users

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe"
       b"\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82")


def customer(db: Database, actor: object, name: str = "合同客户") -> int:
    with db.transaction() as s:
        return int(customers.create(s, actor, {"name": name, "kind": "company"}).id)


def audit_actions(db: Database, entity: str, record_id: int) -> list[tuple[str, str]]:
    with db.session() as s:
        return [(e.action, e.summary) for e in s.execute(select(AuditEntry).where(
            AuditEntry.entity == entity, AuditEntry.entity_id == record_id,
            AuditEntry.action.like("attachment_%")).order_by(AuditEntry.id)).scalars()]


def test_add_list_open_save_delete_restore_purge_are_audited(db: Database, users: Users,
                                                             tmp_path: Path) -> None:
    cid = customer(db, users.staff1)
    with db.transaction() as s:
        added = att.add(s, users.staff1, "customer", cid, "C:\\扫描\\身份证.png", PNG)
    assert added.file_name == "身份证.png" and added.mime_type == "image/png"
    assert added.size == len(PNG) and added.sha256 == hashlib.sha256(PNG).hexdigest()
    assert added.created_by == "李娜"
    with db.transaction() as s:
        listed = att.listing(s, users.staff1, "customer", cid)
        assert [a.id for a in listed] == [added.id]
        info, data = att.open_bytes(s, users.staff1, added.id)
        assert data == PNG and info.is_image
        written = att.save(s, users.staff1, added.id, tmp_path)
    assert written == tmp_path / "身份证.png" and written.read_bytes() == PNG
    with db.transaction() as s:
        att.delete_attachment(s, users.staff1, added.id)
        assert att.listing(s, users.staff1, "customer", cid) == []
        assert [a.id for a in att.listing(s, users.staff1, "customer", cid, deleted=True)] \
            == [added.id]
        with pytest.raises(NotFound):
            att.open_bytes(s, users.staff1, added.id)
        with pytest.raises(PermissionDenied):  # the recycle bin is the administrators'
            att.restore(s, users.staff1, added.id)
    with db.transaction() as s:
        att.restore(s, users.admin, added.id)
        assert att.count(s, users.staff1, "customer", cid) == 1
        att.delete_attachment(s, users.admin, added.id)
        att.purge(s, users.admin, added.id)
        assert s.execute(select(func.count()).select_from(AttachmentData)).scalar_one() == 0
    actions = audit_actions(db, "customer", cid)
    assert [a for a, _ in actions] == [
        "attachment_add", "attachment_open", "attachment_save", "attachment_delete",
        "attachment_restore", "attachment_delete", "attachment_purge"]
    assert actions[0][1] == f"Attached 身份证.png ({len(PNG)} B)"
    assert actions[2][1] == f"Saved the attachment 身份证.png as {tmp_path / '身份证.png'}"
    # the entries show in the record's history
    with db.session() as s:
        assert any(e.action == "attachment_add" for e in customers.history(s, users.staff1, cid))


def test_the_size_limit_is_the_administrators_setting(db: Database, users: Users,
                                                      tmp_path: Path) -> None:
    cid = customer(db, users.staff1)
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    with db.transaction() as s:
        settings.set_value(s, users.admin, "attachments.max_mb", 1)
    with db.transaction() as s, pytest.raises(att.AttachmentTooLarge) as refused:
        att.add_file(s, users.staff1, "customer", cid, big)
    assert refused.value.message == (
        "scan.pdf is 2.0 MB, larger than the limit for attachments (1 MB). An administrator "
        "can raise the limit (setting attachments.max_mb).")
    # a stream that turns out longer than the limit stores nothing either
    with db.transaction() as s, pytest.raises(att.AttachmentTooLarge):
        att.add(s, users.staff1, "customer", cid, "pipe.bin", io.BytesIO(big.read_bytes()))
    with db.transaction() as s:
        assert s.execute(select(func.count()).select_from(Attachment)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(AttachmentData)).scalar_one() == 0
        settings.set_value(s, users.admin, "attachments.max_mb", 3)
    with db.transaction() as s:
        added = att.add_file(s, users.staff1, "customer", cid, big)
    assert added.mime_type == "application/pdf" and added.size == big.stat().st_size
    with db.transaction() as s, pytest.raises(PermissionDenied):
        settings.set_value(s, users.staff1, "attachments.max_mb", 100)


def test_staff_cannot_attach_to_list_or_open_another_staffs_records(db: Database,
                                                                    users: Users) -> None:
    cid = customer(db, users.staff1)
    with db.transaction() as s:
        contact = contacts.create(s, users.staff1, {"customer_id": cid, "name": "王五"})
        on_contact = att.add(s, users.staff1, "contact", contact.id, "名片.jpg",
                             b"\xff\xd8\xff\xe0" + b"x" * 100)
    assert on_contact.customer_id == cid and on_contact.mime_type == "image/jpeg"
    for stranger in (users.staff2, users.manager2):
        with db.transaction() as s:
            with pytest.raises(NotFound):
                att.add(s, stranger, "customer", cid, "x.txt", b"x")
            with pytest.raises(NotFound):
                att.listing(s, stranger, "contact", contact.id)
            with pytest.raises(NotFound):
                att.open_bytes(s, stranger, on_contact.id)
            with pytest.raises(NotFound):
                att.delete_attachment(s, stranger, on_contact.id)
    with db.transaction() as s:  # the team's manager sees it, as the record
        assert att.open_bytes(s, users.manager, on_contact.id)[1].startswith(b"\xff\xd8")
        # a product belongs to everyone: anyone may attach its data sheet
        product_id = products.ids(s, users.staff2)[0]
        att.add(s, users.staff2, "product", product_id, "规格.txt", "规格".encode())
        with pytest.raises(KnownError, match="take no attachments"):
            att.add(s, users.staff1, "user", 1, "x.txt", b"x")


def test_opening_counts_the_records_customer_for_the_guard(db: Database, users: Users) -> None:
    cid = customer(db, users.staff1)
    with db.transaction() as s:
        contact = contacts.create(s, users.staff1, {"customer_id": cid, "name": "王五"})
        added = att.add(s, users.staff1, "contact", contact.id, "a.txt", b"hello")
    with db.session() as s:
        before = accounts.guard_state(s, users.staff1).used
    with db.transaction() as s:
        att.open_bytes(s, users.staff1, added.id)
    with db.session() as s:
        assert accounts.guard_state(s, users.staff1).used == before + 1


def test_a_damaged_attachment_is_refused_not_shown(db: Database, users: Users,
                                                   tmp_path: Path) -> None:
    cid = customer(db, users.staff1)
    with db.transaction() as s:
        added = att.add(s, users.staff1, "customer", cid, "a.txt", b"hello world")
        s.execute(AttachmentData.__table__.update().values(data=b"HELLO world"))
    with db.transaction() as s, pytest.raises(att.AttachmentDamaged):
        att.open_bytes(s, users.staff1, added.id)
    folder = tmp_path / "out"
    folder.mkdir()
    with db.transaction() as s, pytest.raises(att.AttachmentDamaged):
        att.save(s, users.staff1, added.id, folder / "a.txt")
    assert list(folder.iterdir()) == []  # no file, not even half of one


def test_purging_a_record_purges_its_attachments(db: Database, users: Users) -> None:
    cid = customer(db, users.staff1)
    other = customer(db, users.staff1, "另一个客户")
    with db.transaction() as s:
        contact = contacts.create(s, users.staff1, {"customer_id": cid, "name": "王五"})
        att.add(s, users.staff1, "customer", cid, "a.txt", b"a")
        att.add(s, users.staff1, "contact", contact.id, "b.txt", b"b")
        kept = att.add(s, users.staff1, "customer", other, "c.txt", b"c")
        customers.delete(s, users.staff1, cid)
    with db.transaction() as s:
        customers.purge(s, users.admin, cid)  # also purges its contacts, in bulk
    with db.session() as s:
        assert [r.id for r in s.execute(select(Attachment)).scalars()] == [kept.id]
        assert s.execute(select(AttachmentData.attachment_id)).scalars().all() == [kept.id]


def test_a_20_mb_file_round_trips_byte_exact(db: Database, users: Users,
                                             tmp_path: Path) -> None:
    cid = customer(db, users.staff1)
    source = tmp_path / "contract.pdf"
    content = b"%PDF-1.7\n" + os.urandom(20 * 1024 * 1024 - 9)
    source.write_bytes(content)
    started = time.perf_counter()
    with db.transaction() as s:
        added = att.add_file(s, users.staff1, "customer", cid, source)
    stored = time.perf_counter() - started
    started = time.perf_counter()
    with db.transaction() as s:
        written = att.save(s, users.staff1, added.id, tmp_path / "copy.pdf")
    read = time.perf_counter() - started
    assert written.read_bytes() == content
    with db.transaction() as s:
        assert att.open_bytes(s, users.staff1, added.id)[1] == content
        assert s.execute(select(func.count()).select_from(AttachmentData)).scalar_one() == 20
    # generous bounds for a shared machine (measured: ~0.2 s each way on SQLite)
    assert stored < 10 and read < 10


def test_a_backup_and_restore_carry_attachments(db: Database, users: Users,
                                                tmp_path: Path) -> None:
    from crmdesk.core.services import backups
    from crmdesk.storage.database import open_database

    cid = customer(db, users.staff1)
    content = os.urandom(3 * 1024 * 1024 + 5)
    with db.transaction() as s:
        added = att.add(s, users.staff1, "customer", cid, "照片.jpg", content)
    made = backups.create_backup(db, users.admin, folder=tmp_path / "usb")
    target = tmp_path / "restored" / "shop.crmdb"
    backups.restore_backup(made.path, target)
    restored = open_database(target)
    try:
        with restored.transaction() as s:
            info, data = att.open_bytes(s, users.staff1, added.id)
        assert data == content and info.file_name == "照片.jpg"
    finally:
        restored.close()


def test_a_merge_takes_the_merged_customers_files_and_its_undo_gives_them_back(
        db: Database, users: Users) -> None:
    from crmdesk.core.services import merging

    survivor, merged = customer(db, users.staff1, "上海甲"), customer(db, users.staff1, "上海甲公司")
    with db.transaction() as s:
        contact = contacts.create(s, users.staff1, {"customer_id": merged, "name": "联系人"})
        own = att.add(s, users.staff1, "customer", merged, "合同.png", PNG).id
        on_contact = att.add(s, users.staff1, "contact", contact.id, "名片.png", PNG).id
        mine = att.add(s, users.staff1, "customer", survivor, "报价.png", PNG).id
    with db.transaction() as s:
        result = merging.merge(s, users.admin, survivor, merged)
        merge_id = result.record.id
    with db.session() as s:
        assert {a.id for a in att.listing(s, users.staff1, "customer", survivor)} == {mine, own}
        assert s.get(Attachment, on_contact).customer_id == survivor  # its contact moved too
    with db.transaction() as s:
        merging.undo(s, users.admin, merge_id)
    with db.session() as s:
        assert [a.id for a in att.listing(s, users.staff1, "customer", survivor)] == [mine]
        assert [a.id for a in att.listing(s, users.staff1, "customer", merged)] == [own]
        assert s.get(Attachment, on_contact).customer_id == merged


def test_deleted_files_are_in_the_recycle_bin_with_the_records(db: Database,
                                                                users: Users) -> None:
    from crmdesk.core.services import recycle_bin

    cid = customer(db, users.staff1, "回收客户")
    with db.transaction() as s:
        kept = att.add(s, users.staff1, "customer", cid, "合同.png", PNG).id
        att.delete_attachment(s, users.staff1, kept)
    with db.session() as s:
        listed = [e for e in recycle_bin.entries(s, users.admin) if e.entity == "attachment"]
        assert [(e.id, e.description, e.deleted_by) for e in listed] == [
            (kept, f"合同.png ({customers.describe(customers.get(s, users.admin, cid))})",
             "李娜")]
        assert recycle_bin.entries(s, users.staff1, entity="attachment") == []
        # `crmdesk recycle list` counts a listed file against its record's customer
        assert accounts.customers_of(s, "attachment", [kept]) == [cid]
    with db.transaction() as s:
        recycle_bin.restore(s, users.admin, "attachment", kept)
        assert [a.id for a in att.listing(s, users.staff1, "customer", cid)] == [kept]
        att.delete_attachment(s, users.admin, kept)
        recycle_bin.purge(s, users.admin, "attachment", kept)
        assert s.get(Attachment, kept) is None
