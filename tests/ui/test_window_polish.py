"""The window's finish: menus, "New" commands, field kinds, Qt's own words, file
dialogs, and states (disabled, hint) that look like what they are."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from crmdesk import translation
from crmdesk.ui.views.customer_detail import CustomerDetail
from crmdesk.ui.views.datasheet import DatasheetView
from crmdesk.ui.views.record_form import RecordForm
from tests.ui.conftest import seed_customers


@pytest.fixture
def language(app: Any) -> Iterator[Any]:
    """``language("zh_CN")`` installs the catalogues; English again afterwards."""
    yield lambda lang: translation.install(app, lang)
    translation.install(app, "en")


def mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def clashes(menu: QMenu | Any) -> list[str]:
    """Entries of *menu* (and its submenus) that share an Alt letter."""
    found: list[str] = []
    seen: dict[str, str] = {}
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        letter = mnemonic(action.text())
        if letter is not None:
            if letter in seen:
                found.append(f"{seen[letter]!r} and {action.text()!r}")
            seen[letter] = action.text()
        if action.menu() is not None:
            found += clashes(action.menu())
    return found


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_two_menu_entries_share_an_alt_letter(login, language, lang) -> None:  # type: ignore[no-untyped-def]
    language(lang)
    window = login("admin")  # the administrator has every entry
    for action in window.menuBar().actions():
        assert action.menu() is not None and action.menu().actions()
    assert clashes(window.menuBar()) == []


def test_new_customer_is_a_visible_command_with_its_own_shortcut(login, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    assert window.act_new_customer in window.file_menu.actions()
    assert window.act_new_customer.shortcut() == QKeySequence("Ctrl+Shift+C")
    window.open_entry("tasks")  # wherever the user is
    window.act_new_customer.trigger()
    form = window.current_document()
    assert isinstance(form, RecordForm) and form.entity == "customer"


def test_ctrl_n_makes_the_kind_of_record_in_front_of_the_user(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "老客户"}])[0]
    window = login("staff1")
    assert window.act_new.shortcut() == QKeySequence(QKeySequence.StandardKey.New)

    def ctrl_n() -> Any:
        window.act_new.trigger()
        return window.current_document()

    window.open_document("record", ("customer", cid))
    settle(window)
    assert isinstance(window.current_document(), CustomerDetail)
    assert window.act_new.text() == "&New Customer"
    form = ctrl_n()  # on a customer's page: a customer, not a task
    assert isinstance(form, RecordForm) and form.entity == "customer"
    assert ctrl_n().entity == "customer"  # on a customer form: another customer

    window.open_entry("tasks")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView)
    assert window.act_new.text() == "&New Task"
    assert sheet.new_button.text() == "New Task"
    assert ctrl_n().entity == "task"

    window.open_entry("today")
    assert ctrl_n().entity == "task"
    window.open_entry("pipeline")
    assert ctrl_n().entity == "opportunity"

    window.open_entry("products")  # staff may not create products: nothing to offer
    assert not window.act_new.isEnabled()


def test_company_form_shows_the_fields_of_a_company(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "星河贸易有限公司", "kind": "company",
                                              "mobile": "13912345678"}])[0]
    window = login("staff1")
    window.open_document("record", ("customer", cid))
    settle(window)
    form = window.current_document().details
    for key in ("gender", "birthday", "job_title", "id_number"):
        assert not form.editors[key].widget.isVisibleTo(form), key
    for key in ("name", "kind", "mobile", "address", "owner_id"):
        assert form.editors[key].widget.isVisibleTo(form), key
    headings = [h.text() for h in form.form_grid.headings.values() if h.isVisibleTo(form)]
    assert headings[:5] == ["Basic information", "Contact details", "Address", "Sales",
                            "Other"]

    # the same form, switched to an individual, asks for them (and back again)
    kind = form.editors["kind"]
    kind.combo.setCurrentIndex(kind.combo.findData("individual"))
    assert form.editors["gender"].widget.isVisibleTo(form)
    kind.combo.setCurrentIndex(kind.combo.findData("company"))
    assert not form.editors["gender"].widget.isVisibleTo(form)

    # a field the company does not have is not sent when it is saved
    form.editors["name"].edit.setText("星河贸易集团")
    form._edited("name")
    data, _custom = form.values()
    assert "gender" not in data and "birthday" not in data
    form.save()
    settle(window)
    assert not form.dirty


def test_qt_dialogs_speak_chinese_under_zh_cn(app, language) -> None:  # type: ignore[no-untyped-def]
    def texts() -> tuple[str, str, str, str]:
        box = QMessageBox()
        box.setStandardButtons(QMessageBox.StandardButton.Save
                               | QMessageBox.StandardButton.Cancel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Discard)
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        return (box.button(QMessageBox.StandardButton.Save).text(),
                buttons.button(QDialogButtonBox.StandardButton.Discard).text(),
                dialog.labelText(QFileDialog.DialogLabel.LookIn),
                dialog.labelText(QFileDialog.DialogLabel.FileType))

    language("zh_CN")
    save, discard, look_in, file_type = texts()
    assert (save, discard) == ("保存", "丢弃")
    # Qt's catalogue lacks these two as Qt 6.11 writes them (with an Alt letter)
    assert (look_in, file_type) == ("查找范围(&L)：", "文件类型(&T)：")
    language("en")  # switching language swaps Qt's words too
    assert texts()[0] == "Save"
    language("zh_CN")
    assert texts()[0] == "保存"


def test_file_dialogs_start_in_the_documents_folder_then_where_the_user_was(
        login, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.config import AppSettings
    from crmdesk.ui.dialogs import export_dialog, print_preview

    settings = AppSettings().qsettings()
    settings.remove("ui/last_folder")
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    started: list[str] = []
    chosen = {"file": ""}

    def dialog(_parent: Any, _caption: str, start: str, _filters: str = "") -> tuple[str, str]:
        started.append(start)
        return chosen["file"], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    window = login("staff1")
    window.choose_database()
    window.new_database()
    export_dialog.ask_path(window, "xlsx", "Customers")
    print_preview.ask_pdf_path(window, "Sales")
    assert started[0] == documents
    assert [str(Path(p).parent) for p in started[1:]] == [documents] * 3
    assert Path(started[1]).name == "customers.crmdb"

    # once the user picked a file somewhere, that folder is where the next one opens
    chosen["file"] = str(tmp_path / "elsewhere.crmdb")
    started.clear()
    monkeypatch.setattr(window, "open_database", lambda path: True)
    window.choose_database()
    window.choose_database()
    assert started == [documents, str(tmp_path)]
    settings.remove("ui/last_folder")


def _pixel(widget: QWidget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def _dark(widget: QWidget, left: int, top: int, width: int, height: int
          ) -> list[tuple[int, int]]:
    """The dark pixels (text, lines, arrows) of *widget* in a rectangle."""
    image = widget.grab().toImage()
    return [(x, y) for x in range(max(left, 0), min(left + width, image.width()))
            for y in range(max(top, 0), min(top + height, image.height()))
            if image.pixelColor(x, y).lightness() < 140]


def _is_arrow(pixels: list[tuple[int, int]]) -> bool:
    """A small chevron: a few pixels in each of several rows and columns (a button's
    frame is long straight lines instead)."""
    rows = [y for _x, y in pixels]
    columns = [x for x, _y in pixels]
    return (len(set(rows)) >= 3 and len(set(columns)) >= 3
            and max(rows.count(y) for y in rows) <= 4
            and max(columns.count(x) for x in columns) <= 4)


def test_disabled_widgets_look_disabled(app, qtbot) -> None:  # type: ignore[no-untyped-def]
    def pair(make: Any) -> tuple[QWidget, QWidget]:
        enabled, disabled = make(), make()
        disabled.setEnabled(False)
        for widget in (enabled, disabled):
            qtbot.addWidget(widget)
            widget.resize(160, 30)
            widget.show()
        return enabled, disabled

    def primary() -> QPushButton:
        button = QPushButton("保存")
        button.setProperty("primary", True)
        return button

    for make in (QLineEdit, lambda: QPushButton("导出"), primary, QComboBox, QSpinBox):
        enabled, disabled = pair(make)
        x, y = 6, enabled.height() // 2
        assert _pixel(enabled, x, y) != _pixel(disabled, x, y), make
    read_only = QLineEdit("只读")
    read_only.setReadOnly(True)
    editable = QLineEdit("只读")
    for edit in (read_only, editable):
        qtbot.addWidget(edit)
        edit.resize(160, 30)
        edit.show()
    assert _pixel(read_only, 150, 15) != _pixel(editable, 150, 15)


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_spin_boxes_have_arrows_and_combo_lists_keep_the_current_text(app, qtbot) -> None:  # type: ignore[no-untyped-def]
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.setRange(0, 10)
    spin.setValue(5)
    spin.resize(120, 30)
    spin.show()
    width, height = spin.width(), spin.height()
    assert _is_arrow(_dark(spin, width - 16, 2, 12, height // 2 - 2))  # up
    assert _is_arrow(_dark(spin, width - 16, height // 2, 12, height // 2 - 2))  # down

    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItems(["潜在", "成交", "沉睡"])
    combo.setCurrentIndex(1)
    combo.show()
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    rect = view.visualRect(view.currentIndex())
    # the current item keeps its text in the list (it was white on white)
    assert len(_dark(view.viewport(), rect.x(), rect.y(), rect.width(), rect.height())) > 20
    combo.hidePopup()


def test_placeholders_read_as_hints_not_data(login, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    window.act_new_customer.trigger()
    form = window.current_document()
    mobile = form.editors["mobile"].edit
    assert mobile.placeholderText().startswith("e.g. ")
    assert mobile.property("hint") is True  # light italic while empty
    qtbot.keyClicks(mobile, "139")
    assert mobile.property("hint") is False
    form.editors["mobile"].set_invalid(True)  # re-styling keeps the right font
    assert not mobile.font().italic() or mobile.property("hint") is False
    mobile.clear()
    assert mobile.property("hint") is True
    palette = QApplication.palette()
    assert palette.color(palette.ColorRole.PlaceholderText).lightness() > \
        palette.color(palette.ColorRole.Text).lightness() + 60
    form.dirty = False


def test_the_navigation_pane_follows_the_tab_in_front(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    cid = seed_customers(db_path, "staff1", [{"name": "老客户"}])[0]
    window = login("staff1")

    def highlighted() -> Any:
        item = window.nav.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    window.open_entry("today")
    assert highlighted() == "today"
    window.open_entry("opportunities")
    assert highlighted() == "opportunities"
    window.open_document("record", ("customer", cid))  # a customer's page: under Customers
    settle(window)
    assert highlighted() == "customers"
    today = next(d for d in window.documents() if d.key == "today")
    window.tabs.setCurrentWidget(today)  # back to a tab opened earlier
    assert highlighted() == "today"
