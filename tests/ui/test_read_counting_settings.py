"""The settings window shows the anti-scraping guard per role (issue 19, item 4)."""

from __future__ import annotations

from crmdesk.core.services import settings
from crmdesk.core.settings import BY_KEY
from crmdesk.storage.database import open_database
from crmdesk.ui.views.admin.settings import SettingsView


def test_the_guard_of_each_role_is_set_in_the_settings_window(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    window.open_entry("settings")
    view = window.current_document()
    assert isinstance(view, SettingsView)
    for key in ("security.scrape_count_staff", "security.scrape_count_manager",
                "security.scrape_count_admin"):
        assert view.editors[key].isChecked()  # every role is counted by default
        assert view.editors[key].text() == BY_KEY[key].translated
    assert view.editors["security.scrape_limit_manager"].value() == 2000
    assert view.editors["security.scrape_limit_admin"].value() == 10000
    view.editors["security.scrape_count_admin"].setChecked(False)
    view.editors["security.scrape_limit_manager"].setValue(500)
    view.save()
    settle(window)
    db = open_database(db_path)
    try:
        with db.session() as s:
            assert settings.get(s, "security.scrape_count_admin") is False
            assert settings.get(s, "security.scrape_count_manager") is True
            assert settings.get(s, "security.scrape_limit_manager") == 500
    finally:
        db.close()
