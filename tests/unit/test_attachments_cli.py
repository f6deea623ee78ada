"""``crmdesk attachment list|add|save|delete|restore|purge`` as README shows it."""

from __future__ import annotations

import hashlib

from crmdesk.core.services import settings
from crmdesk.core.services.customers import customers


def test_add_list_save_delete_restore_purge(run, db, db_path, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        code = customers.create(s, users.staff1, {"name": "附件客户"}).code
    contract = tmp_path / "合同.pdf"
    contract.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 100)
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"p" * 50)
    f = str(db_path)

    status, out, err = run("attachment", "add", f, "customer", code, str(contract), str(photo),
                           "--user", "staff1")
    assert status == 0, err
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(name, size) for _id, name, size in lines] == [
        ("合同.pdf", str(contract.stat().st_size)), ("photo.png", str(photo.stat().st_size))]
    first = lines[0][0]

    status, out, err = run("attachment", "list", f, "customer", code, "--user", "staff1")
    assert status == 0, err
    rows = [line.split("\t") for line in out.splitlines()]
    assert {r[1] for r in rows} == {"合同.pdf", "photo.png"}
    by_name = {r[1]: r for r in rows}
    assert by_name["合同.pdf"][3] == "application/pdf" and by_name["合同.pdf"][5] == "李娜"
    assert by_name["合同.pdf"][6] == hashlib.sha256(contract.read_bytes()).hexdigest()

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    status, out, err = run("attachment", "save", f, first, str(out_dir), "--user", "staff1")
    assert status == 0, err
    assert out.strip() == str(out_dir / "合同.pdf")
    assert (out_dir / "合同.pdf").read_bytes() == contract.read_bytes()

    # another staff member's customer: not theirs to see, exit 2 and one line
    for argv in (("list", f, "customer", code), ("save", f, first, str(out_dir / "x")),
                 ("add", f, "customer", code, str(photo))):
        status, out, err = run("attachment", *argv, "--user", "staff2")
        assert status == 2 and out == "" and len(err.strip().splitlines()) == 1, err
        assert "is not yours to see" in err

    status, out, err = run("attachment", "delete", f, first, "--user", "staff1")
    assert status == 0 and "recycle bin" in out, err
    status, out, _ = run("attachment", "list", f, "customer", code, "--deleted",
                         "--user", "staff1")
    assert [line.split("\t")[1] for line in out.splitlines()] == ["合同.pdf"]
    status, _, err = run("attachment", "restore", f, first, "--user", "staff1")
    assert status == 2 and "administrator" in err.lower()
    status, _, err = run("attachment", "restore", f, first, "--user", "admin")
    assert status == 0, err
    run("attachment", "delete", f, first, "--user", "admin")
    status, _, err = run("attachment", "purge", f, first, "--user", "admin")
    assert status == 0, err
    status, out, _ = run("attachment", "list", f, "customer", code, "--user", "staff1")
    assert [line.split("\t")[1] for line in out.splitlines()] == ["photo.png"]


def test_too_big_and_bad_input_are_one_line_with_the_fix(run, db, db_path, users,  # type: ignore[no-untyped-def]
                                                         tmp_path) -> None:
    with db.transaction() as s:
        code = customers.create(s, users.staff1, {"name": "附件客户"}).code
        settings.set_value(s, users.admin, "attachments.max_mb", 1)
    big = tmp_path / "scan.tif"
    big.write_bytes(b"0" * (1024 * 1024 + 1))
    f = str(db_path)
    status, out, err = run("attachment", "add", f, "customer", code, str(big), "--user", "staff1")
    assert status == 2 and out == ""
    assert err.strip() == ("crmdesk: scan.tif is 1.0 MB, larger than the limit for attachments "
                           "(1 MB). An administrator can raise the limit (setting "
                           "attachments.max_mb).")
    status, _, err = run("attachment", "add", f, "customer", code, str(tmp_path / "missing.pdf"),
                         "--user", "staff1")
    assert status == 2 and "Cannot read" in err and "missing.pdf" in err
    status, _, err = run("attachment", "add", f, "customer", code, "--user", "staff1")
    assert status == 2 and "crmdesk attachment add FILE KIND CODE PATH" in err
    status, _, err = run("attachment", "save", f, "合同", str(tmp_path), "--user", "staff1")
    assert status == 2 and "not an attachment id" in err
    status, _, err = run("attachment", "list", f, "user", "admin", "--user", "staff1")
    assert status == 2 and "not a record type" in err
