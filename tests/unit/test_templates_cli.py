"""``crmdesk init --template``, ``template list|apply``, ``demo --template`` and the
template analyses and reports at the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmdesk import cli
from crmdesk.core.record_types import deactivate


@pytest.fixture(autouse=True)
def _forget_types():  # type: ignore[no-untyped-def]
    yield
    deactivate()


def test_init_with_template_and_apply_again(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    new = tmp_path / "shop.crmdb"
    code, out, err = run("init", str(new), "--admin", "boss", "--template", "dealership")
    assert code == 0, err
    code, out, err = run("types", str(new), "--user", "boss")
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()] == [
        "visit", "acard", "test_drive"]
    code, out, _ = run("template", "apply", str(new), "dealership", "--user", "boss")
    assert code == 0 and "nothing changed" in out
    other = tmp_path / "agency.crmdb"
    code, out, err = run("init", str(other), "--admin", "boss", "--company", "平安代理",
                         "--template", "insurance")
    assert code == 0, err
    code, out, err = run("types", str(other), "--user", "boss")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["policy", "claim"]
    code, out, _ = run("template", "list")
    assert code == 0 and {"dealership", "insurance", "general"} <= {
        line.split("\t")[0] for line in out.splitlines()}


def test_init_refuses_an_unknown_template(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    new = tmp_path / "x.crmdb"
    code, _, err = run("init", str(new), "--admin", "boss", "--template", "bakery")
    assert code == 2 and "bakery" in err and not new.exists()


def test_apply_to_existing_file_then_analytics_and_report(run, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("template", "apply", str(db_path), "insurance", "--user", "admin")
    assert code == 0 and "policy" in out, err
    code, out, err = run("analytics", str(db_path), "insurance-premium-agent", "--user",
                         "admin")
    assert code == 0 and out.splitlines()[0] == "group\tpolicies\tpremium", err
    code, out, err = run("analytics", str(db_path), "nothing-here", "--user", "admin")
    assert code == 2 and "insurance-renewals" in err
    pdf = tmp_path / "i.pdf"
    code, out, err = run("report", str(db_path), "insurance", "--out", str(pdf), "--user",
                         "admin")
    assert code == 0 and pdf.exists(), err
    code, _, err = run("report", str(db_path), "dealership", "--out", str(pdf), "--user",
                       "admin")
    assert code == 2 and "template apply" in err


def test_demo_with_template(monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ins.crmdb"
    assert cli.main(["--lang", "en", "demo", str(target), "--customers", "60",
                     "--template", "insurance"]) == 0
    monkeypatch.setenv("CRMDESK_PASSWORD", "demo1234")
    capsys.readouterr()
    assert cli.main(["--lang", "en", "list", str(target), "claim", "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) > 1
