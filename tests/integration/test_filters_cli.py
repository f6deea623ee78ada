"""--filter, --sort and --columns as a new user writes them (issue 10, items 2, 3 and 8):
one parser for list, export and report; a value that cannot match is an error."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

DEMO_PASSWORD = "demo1234"


def crmdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, LANG="en_US.UTF-8", CRMDESK_PASSWORD=DEMO_PASSWORD)
    return subprocess.run([sys.executable, "-m", "crmdesk", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from crmdesk import cli
    from crmdesk.storage import crypto
    from tests.conftest import FAST_KDF

    path = tmp_path_factory.mktemp("filters") / "demo.crmdb"
    original, crypto.DEFAULT_KDF = crypto.DEFAULT_KDF, FAST_KDF  # quick logins below
    try:
        assert cli.main(["demo", str(path), "--customers", "120", "--seed", "5"]) == 0
    finally:
        crypto.DEFAULT_KDF = original
    return path


def table(stdout: str) -> list[dict[str, str]]:
    lines = stdout.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]]


def middle_day(values: list[str]) -> str:
    days = sorted(v[:10] for v in values if v)
    return days[len(days) // 2]


def test_date_and_time_filters_work_in_list_export_and_report(demo: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               capsys, monkeypatch) -> None:
    from crmdesk import cli

    monkeypatch.setenv("CRMDESK_PASSWORD", DEMO_PASSWORD)

    def listed(*argv: str) -> list[dict[str, str]]:
        assert cli.main(["list", str(demo), *argv, "--limit", "1000"]) == 0
        return table(capsys.readouterr().out)

    all_rows = listed("customer", "--user", "admin")
    day = middle_day([r["created_at"] for r in all_rows])
    due_day = middle_day([r["due_at"] for r in listed("task", "--user", "staff1")])
    # the two commands of the issue (exit code 1 before), as a user runs them
    done = crmdesk("list", str(demo), "customer", "--filter", f"created_at>={day}", "--user",
                   "admin", "--limit", "1000")
    assert done.returncode == 0, done.stderr
    rows = table(done.stdout)
    assert 0 < len(rows) < len(all_rows)
    assert all(r["created_at"][:10] >= day for r in rows)
    assert len(rows) == sum(r["created_at"][:10] >= day for r in all_rows)
    done = crmdesk("list", str(demo), "task", "--filter", f"due_at<{due_day}", "--user",
                   "staff1", "--limit", "1000")
    assert done.returncode == 0, done.stderr
    due = [r["due_at"] for r in table(done.stdout)]
    assert due and all(d[:10] < due_day for d in due)
    # a time of day as well
    assert listed("task", "--filter", f"due_at<{due_day} 12:00", "--user", "staff1")

    out = tmp_path / "new.csv"
    assert cli.main(["export", str(demo), str(out), "--filter", f"created_at>={day}",
                     "--user", "admin"]) == 0
    with out.open(encoding="utf-8-sig") as f:
        assert len(list(csv.reader(f))) - 1 == len(rows)
    assert cli.main(["report", str(demo), "customer-list", "--out", str(tmp_path / "r.pdf"),
                     "--filter", f"created_at>={day}", "--sort", "-created_at", "--user",
                     "admin"]) == 0


def test_people_and_yes_no_as_written_find_records(demo: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                    monkeypatch) -> None:
    from crmdesk import cli

    monkeypatch.setenv("CRMDESK_PASSWORD", DEMO_PASSWORD)
    out = tmp_path / "staff1.csv"
    assert cli.main(["export", str(demo), str(out), "--filter", "owner_id=staff1",
                     "--user", "admin"]) == 0
    with out.open(encoding="utf-8-sig") as f:
        exported = list(csv.reader(f))[1:]
    assert exported  # was 0 records
    capsys.readouterr()
    for owner in ("staff1", "李娜"):
        assert cli.main(["list", str(demo), "customer", "--filter", f"owner_id={owner}",
                         "--user", "admin", "--limit", "1000"]) == 0
        rows = table(capsys.readouterr().out)
        assert len(rows) == len(exported) and {r["owner_id"] for r in rows} == {"李娜"}
    assert cli.main(["list", str(demo), "task", "--filter", "done=False", "--user", "admin",
                     "--limit", "1000"]) == 0
    open_tasks = table(capsys.readouterr().out)
    assert open_tasks  # was nothing
    assert cli.main(["list", str(demo), "task", "--filter", "done=否", "--user", "admin",
                     "--limit", "1000"]) == 0
    assert len(table(capsys.readouterr().out)) == len(open_tasks)


@pytest.mark.parametrize(("argv", "expected"), [
    (["list", "{db}", "customer", "--filter", "owner_id=nobody"], "no user nobody"),
    (["list", "{db}", "task", "--filter", "done=maybe"], "yes or no"),
    (["export", "{db}", "{out}.csv", "--filter", "owner_id=nobody"], "no user nobody"),
    (["report", "{db}", "customer-list", "--out", "{out}.pdf", "--filter", "status=gone"],
     "Churned"),
    (["list", "{db}", "customer", "--filter", "__class__=1"], "no field __class__"),
    (["list", "{db}", "customer", "--filter", "metadata=1"], "no field metadata"),
    (["list", "{db}", "customer", "--filter", "id_number_bidx=1"], "no field id_number_bidx"),
    (["list", "{db}", "customer", "--filter", "deleted_at!="], "no field deleted_at"),
    (["list", "{db}", "customer", "--sort", "metadata"], "no field metadata"),
    (["export", "{db}", "{out}.csv", "--sort", "__class__"], "no field __class__"),
    (["export", "{db}", "{out}.csv", "--filter", "created_at>=9999-12-31T23:59:59-14:00"],
     "Created"),
    (["list", "{db}", "task", "--filter", "due_at=0001-01-01"], "Due"),
    (["list", "{db}", "opportunity", "--filter", "amount_cents>1e999999"], "Amount"),
    (["report", "{db}", "list", "--out", "{out}.pdf", "--columns", "id_number"],
     "ID number is sensitive"),
    (["report", "{db}", "list", "--out", "{out}.pdf", "--columns", "name,id_number_bidx"],
     "no column id_number_bidx"),
    (["export", "{db}", "{out}.csv", "--columns", "id_number"], "ID number is sensitive"),
])
def test_what_cannot_match_is_a_one_line_error(demo: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                               monkeypatch, argv: list[str],
                                               expected: str) -> None:
    from crmdesk import cli

    monkeypatch.setenv("CRMDESK_PASSWORD", DEMO_PASSWORD)
    args = [a.format(db=demo, out=tmp_path / "out") for a in argv]
    code = cli.main(["--lang", "en", *args, "--user", "admin"])
    err = capsys.readouterr().err
    if code == 0:  # an edge date may also simply work (then it matched nothing)
        assert "9999" in " ".join(argv) or "0001" in " ".join(argv), err
        return
    assert code == 2, err
    assert err.count("\n") == 1 and expected in err, err
