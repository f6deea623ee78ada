"""``crmdesk types`` and the record commands on a designed type, as printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmdesk.core.record_types import deactivate
from tests.unit.test_record_types import POLICY, VISIT


@pytest.fixture(autouse=True)
def _forget_types():  # type: ignore[no-untyped-def]
    yield
    deactivate()


@pytest.fixture
def definitions(tmp_path: Path) -> Path:
    path = tmp_path / "types.json"
    path.write_text(json.dumps({"format": "crmdesk.record_types/1", "types": [POLICY, VISIT]},
                               ensure_ascii=False), encoding="utf-8")
    return path


def test_types_import_list_and_export(run, db_path, definitions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("types", "import", str(db_path), str(definitions), "--user", "admin")
    assert code == 0, err
    assert out.splitlines() == ["policy: created", "visit: created"]
    code, out, err = run("types", str(db_path), "--user", "staff1")
    assert code == 0, err
    lines = [line.split("\t") for line in out.splitlines()]
    assert [line[0] for line in lines] == ["policy", "visit"]
    assert lines[0][:5] == ["policy", "保单", "Policy", "customer", "BD"]
    exported = tmp_path / "out.json"
    code, out, err = run("types", "export", str(db_path), str(exported), "--user", "admin")
    assert code == 0, err
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert [t["key"] for t in doc["types"]] == ["policy", "visit"]
    # only administrators design
    code, out, err = run("types", "import", str(db_path), str(definitions), "--user", "staff1")
    assert code == 2 and "may not" in err and len(err.strip().splitlines()) == 1


def test_a_bad_definition_file_is_one_line(run, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.json"
    bad.write_text('{"key": "x1", "name_zh": "x", "fields": [{"key": "a", "name_zh": "a", '
                   '"kind": "colour"}]}', encoding="utf-8")
    code, out, err = run("types", "import", str(db_path), str(bad), "--user", "admin")
    assert code == 2 and "colour" not in out and "kind" in err
    bad.write_text("{", encoding="utf-8")
    code, out, err = run("types", "import", str(db_path), str(bad), "--user", "admin")
    assert code == 2 and "not JSON" in err


def test_record_commands_take_the_type_key(run, db_path, definitions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run("types", "import", str(db_path), str(definitions), "--user", "admin")[0] == 0
    code, out, err = run("add", str(db_path), "customer", "name=张三", "--user", "staff1")
    assert code == 0, err
    customer = out.strip()
    code, out, err = run("add", str(db_path), "policy", f"customer_id={customer}",
                         "number=P-100", "premium=1200", "frequency=年缴",
                         "insured_id=11010519491231002X", "--user", "staff1")
    assert code == 0, err
    assert out.strip() == "BD000001"
    code, out, err = run("add", str(db_path), "visit", "visitor=刘先生", "policy=BD000001",
                         "sources=网络", "--user", "staff1")
    assert code == 0, err
    code, out, err = run("list", str(db_path), "policy", "--user", "staff1")
    assert code == 0, err
    header, row = out.splitlines()
    assert header.split("\t")[:3] == ["code", "customer_id", "number"]
    assert row.split("\t")[:3] == ["BD000001", "张三", "P-100"]
    code, out, err = run("show", str(db_path), "policy", "BD000001", "--user", "staff1")
    assert code == 0, err
    shown = dict(line.split("\t", 1) for line in out.splitlines())
    assert shown["insured_id"] == "**************002X" and shown["premium"] == "1200.00"
    code, out, err = run("show", str(db_path), "visit", "V000001", "--json", "--user", "staff1")
    assert code == 0, err
    assert json.loads(out)["fields"]["policy"] == "BD000001 P-100"
    code, out, err = run("edit", str(db_path), "policy", "BD000001", "premium=-1",
                         "--user", "staff1")
    assert code == 2 and "Premium" in err
    code, out, err = run("edit", str(db_path), "policy", "BD000001", "premium=99",
                         "--user", "staff1")
    assert code == 0, err
    # another staff member does not see it
    code, out, err = run("show", str(db_path), "policy", "BD000001", "--user", "staff3")
    assert code == 2
    exported = tmp_path / "policies.csv"
    code, out, err = run("export", str(db_path), str(exported), "--kind", "policy",
                         "--user", "admin")
    assert code == 0, err
    assert "P-100" in exported.read_text(encoding="utf-8-sig")
    code, out, err = run("delete", str(db_path), "policy", "BD000001", "--user", "staff1")
    assert code == 0, err
    code, out, err = run("list", str(db_path), "nothing", "--user", "staff1")
    assert code == 2 and "nothing" in err and "policy" in err


def test_a_backup_of_a_file_with_a_designed_type_restores_it(run, db_path, definitions,  # type: ignore[no-untyped-def]
                                                              tmp_path) -> None:
    assert run("types", "import", str(db_path), str(definitions), "--user", "admin")[0] == 0
    assert run("add", str(db_path), "visit", "visitor=刘先生", "--user", "staff1")[0] == 0
    folder = tmp_path / "backups"
    code, out, err = run("backup", str(db_path), "--to", str(folder), "--user", "admin")
    assert code == 0, err
    backup = next(folder.glob("*.crmbak"))
    # a later change, undone by the restore
    assert run("add", str(db_path), "visit", "visitor=周女士", "--user", "staff1")[0] == 0
    code, out, err = run("restore", str(backup), "--to", str(db_path), "--user", "admin")
    assert code == 0, err
    code, out, err = run("list", str(db_path), "visit", "--user", "staff1")
    assert code == 0, err
    assert "刘先生" in out and "周女士" not in out
    code, out, err = run("types", str(db_path), "--user", "staff1")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["policy", "visit"]


def test_import_into_a_designed_type(run, db_path, definitions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run("types", "import", str(db_path), str(definitions), "--user", "admin")[0] == 0
    source = tmp_path / "visits.csv"
    source.write_text("来访人,同行人数,试驾,来源\n刘先生,2,是,网络\n周女士,,否,转介绍\n",
                      encoding="utf-8")
    code, out, err = run("import", str(db_path), str(source), "--kind", "visit",
                         "--user", "staff1")
    assert code == 0, err
    code, out, err = run("list", str(db_path), "visit", "--user", "staff1")
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    assert sorted(r[1] for r in rows) == ["刘先生", "周女士"]


def test_a_designed_types_list_report_in_pdf(run, db_path, definitions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run("types", "import", str(db_path), str(definitions), "--user", "admin")[0] == 0
    assert run("add", str(db_path), "visit", "visitor=刘先生", "--user", "staff1")[0] == 0
    out = tmp_path / "visits.pdf"
    code, _, err = run("report", str(db_path), "list", "--kind", "visit", "--out", str(out),
                       "--user", "staff1")
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")


def test_the_recycle_bin_and_mass_update_take_a_designed_type(run, db_path, definitions) -> None:  # type: ignore[no-untyped-def]
    assert run("types", "import", str(db_path), str(definitions), "--user", "admin")[0] == 0
    for name in ("刘先生", "周女士"):
        assert run("add", str(db_path), "visit", f"visitor={name}", "--user", "staff1")[0] == 0
    code, out, err = run("update", str(db_path), "visit", "--set", "test_drive=yes", "--yes",
                         "--user", "staff1")
    assert code == 0, err
    assert "Changed 2 records" in out
    assert run("delete", str(db_path), "visit", "V000001", "--user", "staff1")[0] == 0
    code, out, err = run("recycle", "list", str(db_path), "--user", "admin")
    assert code == 0, err
    assert out.split("\t")[:2] == ["visit", "1"]
    code, out, err = run("recycle", "restore", str(db_path), "visit", "1", "--user", "admin")
    assert code == 0, err
    code, out, err = run("list", str(db_path), "visit", "--user", "staff1")
    assert len(out.splitlines()) == 3 and out.count("Yes") == 2


def test_attachments_on_a_designed_record(run, db_path, definitions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert run("types", "import", str(db_path), str(definitions), "--user", "admin")[0] == 0
    assert run("add", str(db_path), "visit", "visitor=刘先生", "--user", "staff1")[0] == 0
    scan = tmp_path / "登记表.txt"
    scan.write_text("scan", encoding="utf-8")
    code, out, err = run("attachment", "add", str(db_path), "visit", "V000001", str(scan),
                         "--user", "staff1")
    assert code == 0, err
    code, out, err = run("attachment", "list", str(db_path), "visit", "V000001",
                         "--user", "staff1")
    assert code == 0 and "登记表.txt" in out, err
    code, out, err = run("attachment", "list", str(db_path), "nothing", "1", "--user", "staff1")
    assert code == 2 and "nothing" in err
