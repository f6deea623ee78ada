"""One function names a value for display: every screen, the export, reports and the
command line show the same name, and import accepts every name they show."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from crmdesk import translation
from crmdesk.core import presentation
from crmdesk.core.fields import field_spec
from crmdesk.core.services.customers import customers
from crmdesk.core.services.sales import opportunities
from crmdesk.core.services.tickets import save_status, statuses, tickets
from crmdesk.exchange import exporter
from crmdesk.reports import formatting
from tests.conftest import PASSWORD


@pytest.fixture
def chinese() -> Iterator[None]:
    translation.install(None, "zh_CN")
    try:
        yield
    finally:
        translation.install(None, "en")


@pytest.fixture
def ticket(db, users) -> int:  # type: ignore[no-untyped-def]
    """A ticket in the built-in status "in progress"."""
    with db.transaction() as s:
        status = next(st for st in statuses(s) if st.key == "in_progress")
        cid = customers.create(s, users.staff1, {"name": "张三", "mobile": "13812345678"}).id
        return tickets.create(s, users.staff1, {"subject": "打印机卡纸", "customer_id": cid,
                                                 "status_id": status.id}).id


def _rename(db, users, name: str) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        save_status(s, users.admin, key="in_progress", name=name)


def _datasheet(db, users, ticket_id: int) -> str:  # type: ignore[no-untyped-def]
    from crmdesk.ui.models.datasheet import display_value

    with db.session() as s:
        row = tickets.rows(s, users.admin, [ticket_id])[0]
    return display_value(field_spec("ticket", "status_id"), row)


def _report(db, users, ticket_id: int) -> str:  # type: ignore[no-untyped-def]
    with db.session() as s:
        row = tickets.rows(s, users.admin, [ticket_id])[0]
    return formatting.field_value(field_spec("ticket", "status_id"), row)


def _cli_list(db_path: Path, lang: str, capsys, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    from crmdesk import cli

    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    capsys.readouterr()
    try:
        assert cli.main(["--lang", lang, "list", str(db_path), "ticket", "--user", "admin"]) == 0
    finally:
        translation.install(None, "en")
    return str(capsys.readouterr().out)


def _export(db, users, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "tickets.csv"
    exporter.export(db, users.admin, exporter.ExportRequest("ticket"), path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return rows[0][field_spec("ticket", "status_id").translated]


def test_a_built_in_status_reads_in_the_users_language_everywhere(  # type: ignore[no-untyped-def]
        db, db_path, users, ticket, tmp_path, capsys, monkeypatch) -> None:
    assert _cli_list(db_path, "zh_CN", capsys, monkeypatch).count("处理中") == 1
    assert "In progress" in _cli_list(db_path, "en", capsys, monkeypatch)
    assert _datasheet(db, users, ticket) == "In progress"
    translation.install(None, "zh_CN")
    try:
        assert _datasheet(db, users, ticket) == "处理中"
        assert _report(db, users, ticket) == "处理中"
        assert _export(db, users, tmp_path) == "处理中"
    finally:
        translation.install(None, "en")


def test_a_renamed_status_shows_the_admins_name_everywhere(  # type: ignore[no-untyped-def]
        db, db_path, users, ticket, tmp_path, capsys, monkeypatch) -> None:
    _rename(db, users, "跟进中")
    for lang in ("zh_CN", "en"):
        out = _cli_list(db_path, lang, capsys, monkeypatch)
        assert "跟进中" in out and "处理中" not in out and "In progress" not in out
    for lang in ("zh_CN", "en"):
        translation.install(None, lang)
        try:
            assert _datasheet(db, users, ticket) == "跟进中"
            assert _report(db, users, ticket) == "跟进中"
            assert _export(db, users, tmp_path) == "跟进中"
        finally:
            translation.install(None, "en")
    with db.session() as s:
        from crmdesk.core import analytics

        shown = [r.label for r in analytics.service_stats(
            s, users.admin, analytics.Criteria()).by_status]
    assert "跟进中" in shown  # the dashboard's chart


def test_a_renamed_stage_shows_the_admins_name(db, users) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from crmdesk.core.models import OpportunityStage

    with db.transaction() as s:
        cid = customers.create(s, users.staff1, {"name": "李四"}).id
        oid = opportunities.create(s, users.staff1, {"title": "大单", "customer_id": cid,
                                                     "stage": "intent"}).id
        s.execute(update(OpportunityStage).where(OpportunityStage.key == "intent")
                  .values(name="方案确认"))
    with db.session() as s:
        row = opportunities.rows(s, users.admin, [oid])[0]
    spec = field_spec("opportunity", "stage")
    from crmdesk.ui.models.datasheet import display_value

    assert display_value(spec, row) == formatting.field_value(spec, row) == "方案确认"


def test_import_accepts_every_name_the_window_shows(  # type: ignore[no-untyped-def]
        db, db_path, users, tmp_path, capsys, monkeypatch) -> None:
    from crmdesk import cli

    with db.transaction() as s:
        customers.create(s, users.admin, {"name": "王五"})
    source = tmp_path / "工单.csv"
    source.write_text("主题,客户,状态\n卡纸,王五,处理中\n屏幕花,王五,In progress\n"
                      "无法开机,王五,waiting\n", encoding="utf-8")
    monkeypatch.setenv("CRMDESK_PASSWORD", PASSWORD)
    try:
        code = cli.main(["--lang", "zh_CN", "import", str(db_path), str(source), "--kind",
                         "ticket", "--user", "admin"])
    finally:
        translation.install(None, "en")
    assert code == 0, capsys.readouterr()
    with db.session() as s:
        names = {st.id: st.key for st in statuses(s)}
        keys = sorted(names[r["status_id"]] for r in tickets.rows(
            s, users.admin, tickets.ids(s, users.admin)))
    assert keys == ["in_progress", "in_progress", "waiting"]
    # a renamed status: its new name too
    _rename(db, users, "跟进中")
    source.write_text("主题,客户,状态\n纸张,王五,跟进中\n", encoding="utf-8")
    assert cli.main(["--lang", "en", "import", str(db_path), str(source), "--kind", "ticket",
                     "--user", "admin"]) == 0


def test_text_to_key_for_closed_lists(chinese) -> None:  # type: ignore[no-untyped-def]
    assert presentation.choice_from_text("customer_status", "流失") == "lost"
    assert presentation.choice_from_text("customer_status", "Churned") == "lost"
    assert presentation.choice_from_text("customer_status", " LOST ") == "lost"
    assert presentation.choice_from_text("ticket_priority", "紧急") == "urgent"
    assert presentation.choice_from_text("ticket_priority", "nonsense") is None
    entries = [(7, "in_progress", "跟进中"), (8, "waiting", "Waiting for customer")]
    assert presentation.choice_from_text("ticket_status", "跟进中", entries) == 7
    assert presentation.choice_from_text("ticket_status", "等待客户", entries) in (8, None)
    assert presentation.choice_from_text("ticket_status", "in_progress", entries) == 7


def test_values_of_every_kind() -> None:
    assert presentation.money(123450) == "¥1,234.50"
    assert presentation.money(-5, symbol=False) == "-0.05"
    assert presentation.money(123456789012, symbol=False, grouped=False) == "1234567890.12"
    assert presentation.money(10**30) .endswith(".00")  # exact, no float
    assert presentation.date_text(date(2024, 5, 1)) == "2024-05-01"
    moment = datetime(2024, 5, 1, 6, 30, tzinfo=UTC)
    assert presentation.datetime_text(moment) == moment.astimezone().strftime("%Y-%m-%d %H:%M")
    assert presentation.yes_no(True) == "Yes" and presentation.yes_no(None) == ""
    assert presentation.phone("+8613812345678") == "138 1234 5678"
    assert presentation.value_text("choice", "lost", choices="customer_status") == "Churned"
    assert presentation.value_text("stage", "won") == "Won"
    assert presentation.value_text("user", 3, name="张三") == "张三"
