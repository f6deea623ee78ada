"""Campaigns: members added from a customer datasheet, responses tracked on the campaign."""

from __future__ import annotations

from crmdesk.ui.views.campaign_detail import CampaignDetail
from tests.ui.conftest import seed_customers


def test_add_filtered_customers_to_a_campaign(login, db_path, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from crmdesk.core.services import accounts
    from crmdesk.core.services.campaigns import campaigns
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    seed_customers(db_path, "staff1", [{"name": "北京客户甲", "city": "北京市"},
                                       {"name": "北京客户乙", "city": "北京市"},
                                       {"name": "上海客户", "city": "上海市"}])
    db = open_database(db_path)
    with db.transaction() as s:
        manager = accounts.login(s, "manager", PASSWORD)
        campaign_id = campaigns.create(s, manager, {"name": "北京客户答谢会", "kind": "event",
                                                    "status": "active"}).id
    db.close()
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window = login("staff1")
    window.open_entry("customers")
    sheet = window.current_document()
    city_col = [s.key for s in sheet.all_specs].index("city")
    row = next(r for r in range(sheet.model.rowCount())
               if sheet.model.data(sheet.model.index(r, city_col)) == "北京市")
    sheet.table.setCurrentIndex(sheet.model.index(row, city_col))
    sheet.filter_by_selection()
    assert sheet.model.rowCount() == 2
    sheet.add_to_campaign(list(sheet.model.ids), campaign_id)
    settle(window)
    window.open_document("record", ("campaign", campaign_id))
    detail = window.current_document()
    assert isinstance(detail, CampaignDetail)
    assert detail.table.rowCount() == 2
    assert "2 members" in detail.stats.text()
    detail.table.selectRow(0)
    detail.status.setCurrentIndex(detail.status.findData("converted"))
    detail.set_status()
    settle(window)
    assert "conversion 50.0%" in detail.stats.text()
    detail.table.selectRow(0)
    detail.remove()
    settle(window)
    assert detail.table.rowCount() == 1
