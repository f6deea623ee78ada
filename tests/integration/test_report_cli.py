"""`crmdesk report` and `crmdesk analytics` as a user runs them (a subprocess)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from crmdesk.core import analytics
from crmdesk.core.analytics import Criteria
from tests.conftest import PASSWORD
from tests.unit import known_sales


def crmdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CRMDESK_PASSWORD=PASSWORD)
    return subprocess.run([sys.executable, "-m", "crmdesk", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.mark.slow
def test_analytics_prints_the_same_figures_as_the_service(db, db_path, users) -> None:  # type: ignore[no-untyped-def]
    known_sales.build(db, users)
    done = crmdesk("analytics", str(db_path), "rfm", "--user", "admin", "--as-of", "2024-06-30")
    assert done.returncode == 0, done.stderr
    lines = [line.split("\t") for line in done.stdout.splitlines()]
    assert lines[0] == ["code", "name", "recency", "frequency", "monetary", "segment_key",
                        "segment"]
    printed = {row[1]: (row[4], row[5]) for row in lines[1:]}
    assert printed["王大伟"] == ("60000.00", "important_value")
    assert printed["李小红"] == ("30000.00", "important_retain")
    done = crmdesk("analytics", str(db_path), "sales-industry", "--user", "staff1",
                   "--from", "2024-01-01", "--to", "2024-06-30")
    assert done.returncode == 0, done.stderr
    with db.session() as s:
        expected = analytics.sales_by(s, users.staff1, Criteria(known_sales.date(2024, 1, 1),
                                                                known_sales.date(2024, 6, 30)),
                                      "industry")
    rows = [line.split("\t") for line in done.stdout.splitlines()[1:]]
    assert [(r[0], r[3]) for r in rows] == [(e.label, f"{e.total_cents // 100}.00")
                                          for e in expected]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_report_writes_a_filtered_chinese_customer_list(db, db_path, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    known_sales.build(db, users)
    out = tmp_path / "北京客户.pdf"
    done = crmdesk("--lang", "zh_CN", "report", str(db_path), "customer-list", "--out",
                   str(out), "--user", "staff1", "--filter", "city=北京市", "--sort=-name")
    assert done.returncode == 0, done.stderr
    assert "已生成" in done.stdout
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "客户清单" in text and "王大伟" in text and "赵铁柱" in text
    assert "李小红" not in text  # 上海市
    assert "城市 = 北京市" in text


def test_report_errors_are_one_line(db, db_path, users, tmp_path, capsys,  # type: ignore[no-untyped-def]
                                    monkeypatch) -> None:
    from crmdesk import cli

    known_sales.build(db, users)
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    out = str(tmp_path / "x.pdf")
    for argv, expected in (
            (["report", str(db_path), "sales", "--out", out, "--user", "admin", "--from",
              "2024-13-01"], "YYYY-MM-DD"),
            (["report", str(db_path), "customer-card", "--out", out, "--user", "staff2",
              "--customer", "C000001"], "C000001"),
            (["report", str(db_path), "customer-list", "--out", out, "--user", "admin",
              "--filter", "created_at>=yesterday"], "created_at"),
            (["report", str(db_path), "customer-list", "--out", out, "--user", "admin",
              "--from", "2024-01-01"], "--filter"),
            (["analytics", str(db_path), "rfm", "--user", "admin", "--owner", "nobody"],
             "nobody")):
        assert cli.main(["--lang", "en", *argv]) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and expected in err, (argv, err)
    assert not (tmp_path / "x.pdf").exists()
