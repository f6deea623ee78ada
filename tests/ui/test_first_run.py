"""First run: with no file given and none recent, the window offers a new database,
an existing one or the demo; the demo is made on first use and opens at the login."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QPushButton

from crmdesk import config
from crmdesk.config import AppSettings
from crmdesk.core.demo import DEFAULT_PASSWORD
from crmdesk.ui.dialogs import welcome
from crmdesk.ui.dialogs.login import LoginDialog
from crmdesk.ui.dialogs.welcome import WelcomeDialog


def choose(monkeypatch: pytest.MonkeyPatch, key: str) -> list[WelcomeDialog]:
    """The welcome dialog answers by itself, clicking the button *key*."""
    shown: list[WelcomeDialog] = []

    def fake_exec(dialog: WelcomeDialog) -> int:
        shown.append(dialog)
        dialog.buttons[key].click()
        return dialog.result()

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    return shown


def log_in(monkeypatch: pytest.MonkeyPatch, password: str) -> list[str]:
    offered: list[str] = []

    def fake_exec(dialog: LoginDialog) -> int:
        offered.append(dialog.username.text())
        dialog.password.setText(password)
        dialog.try_login()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", fake_exec)
    return offered


def test_first_start_offers_the_three_ways(window: Any, monkeypatch: pytest.MonkeyPatch,
                                           qtbot: Any) -> None:
    shown = choose(monkeypatch, "new")
    created: list[str] = []
    monkeypatch.setattr(window, "new_database", lambda: created.append("new"))
    welcome.welcome_later(window)
    qtbot.waitUntil(lambda: bool(shown))
    dialog = shown[0]
    assert dialog.windowTitle() == "Welcome to crmdesk"
    assert [b.text() for b in dialog.buttons.values()] == [
        "Create a new database ...", "Open a database ...", "Open the demo"]
    assert created == ["new"]


def test_open_choice_asks_for_a_file(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    choose(monkeypatch, "open")
    asked: list[str] = []
    monkeypatch.setattr(window, "choose_database", lambda: asked.append("open"))
    assert welcome.welcome(window) == "open"
    assert asked == ["open"]


def test_not_now_leaves_the_start_page(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WelcomeDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert welcome.welcome(window) is None
    assert window.stack.currentWidget() is window.start_page


def test_demo_is_made_once_and_opens_at_the_login(window: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(welcome, "DEMO_CUSTOMERS", 25)  # the real one has 1,000
    choose(monkeypatch, "demo")
    offered = log_in(monkeypatch, DEFAULT_PASSWORD)
    assert welcome.welcome(window) == "demo"
    demo = welcome.demo_path()
    assert demo == tmp_path / "home" / "data" / "demo.crmdb" and demo.exists()
    assert offered == ["admin"]  # the demo's administrator is offered; its password works
    assert welcome.DEMO_PASSWORD == DEFAULT_PASSWORD  # as the dialog tells
    assert window.workspace is not None and window.workspace.actor.username == "admin"
    assert AppSettings().get("recent_files")[0] == str(demo.resolve())
    window.close_database()
    made = demo.stat().st_mtime_ns
    assert welcome.open_demo(window)  # the second time: the same file, not made again
    assert demo.stat().st_mtime_ns == made


def test_a_recent_file_opens_without_the_welcome(window: Any, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 qtbot: Any) -> None:
    existing = tmp_path / "shop.crmdb"
    existing.write_bytes(b"")
    AppSettings().add_recent(str(existing))
    shown = choose(monkeypatch, "new")
    welcome.welcome_later(window)
    qtbot.wait(50)
    assert shown == []
    assert welcome.recent_existing() == [str(existing)]


def test_recent_files_are_kept_per_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The list is in the app settings of the operating-system user (their own config
    folder), before anyone logs in to a file."""
    monkeypatch.setenv("CRMDESK_HOME", str(tmp_path / "alice"))
    AppSettings().add_recent("/data/alice.crmdb")
    assert config.settings_path().is_relative_to(tmp_path / "alice")
    monkeypatch.setenv("CRMDESK_HOME", str(tmp_path / "bob"))
    assert AppSettings().get("recent_files") == []


def test_start_page_offers_the_demo(window: Any) -> None:
    texts = [b.text() for b in window.start_page.findChildren(QPushButton)]
    assert "Open the demo" in texts


def test_application_icon_has_every_size(app: Any) -> None:
    sizes = {s.width() for s in app.windowIcon().availableSizes()}
    assert {16, 32, 48, 256, 512} <= sizes
    assert Path(welcome.app_icon_files()[-1]).name == "crmdesk-512.png"


def nav_keys(window: Any) -> list[str]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    keys = []
    it = QTreeWidgetItemIterator(window.nav)
    while item := it.value():
        keys.append(item.data(0, Qt.ItemDataRole.UserRole))
        it += 1
    return [k for k in keys if k]


def fill_new_database(monkeypatch: pytest.MonkeyPatch, path: Path,
                      template: str | None) -> list[list[str]]:
    """File > New database answers by itself: *path*, admin boss, the *template*."""
    from crmdesk.ui.dialogs.account import NewDatabaseDialog
    from crmdesk.ui.widgets import file_dialogs

    offered: list[list[str]] = []
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(path))

    def fake_exec(dialog: NewDatabaseDialog) -> int:
        combo = dialog.template.combo
        offered.append([combo.itemData(i) for i in range(combo.count())])
        assert dialog.template.key() == "general"  # the default
        assert dialog.template.description.text()
        dialog.username.setText("boss")
        dialog.password.setText("secret12345")
        dialog.repeat.setText("secret12345")
        if template:
            dialog.template.select(template)
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(NewDatabaseDialog, "exec", fake_exec)
    return offered


def test_new_database_from_the_welcome_with_a_template(window: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    choose(monkeypatch, "new")
    path = tmp_path / "agency.crmdb"
    offered = fill_new_database(monkeypatch, path, "insurance")
    assert welcome.welcome(window) == "new"
    assert offered == [["general", "dealership", "insurance"]]
    assert path.exists() and window.workspace is not None
    keys = nav_keys(window)
    assert "rt:policy" in keys and "rt:claim" in keys  # the insurance record types
    window.open_entry("rt:policy")
    assert window.current_document() is not None


def test_new_database_general_has_no_designed_types(window: Any, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    fill_new_database(monkeypatch, tmp_path / "shop.crmdb", None)
    window.new_database()
    assert window.workspace is not None
    assert not [k for k in nav_keys(window) if k.startswith("rt:")]


def test_a_broken_template_leaves_no_file(window: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import crmdesk.ui.main_window as main_window

    shown: list[str] = []
    monkeypatch.setattr(main_window, "show_error", lambda parent, exc: shown.append(str(exc)))
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    path = tmp_path / "x.crmdb"
    assert not window.create_database(str(path), "boss", "secret12345", None,
                                      template=str(bad))
    assert shown and not path.exists() and window.workspace is None
