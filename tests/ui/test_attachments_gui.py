"""Attachments in the window: files dropped on the list are attached, opened in a preview
(an image; a PDF's first page), refused with the limit and the fix when too big."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from crmdesk.ui.errors import ErrorReporter
from crmdesk.ui.views.attachments import AttachmentsPanel, PreviewDialog
from crmdesk.ui.views.customer_detail import CustomerDetail
from crmdesk.ui.views.record_form import RecordForm
from tests.ui.conftest import seed_customers


def drop_files(panel: AttachmentsPanel, *paths: Path) -> None:
    """What the system does when files are dragged from a file manager onto the list."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = panel.table.viewport()
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def a_photo(path: Path) -> Path:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    assert image.save(str(path), "PNG")
    return path


def a_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.drawString(100, 750, "Contract page 1")
    pdf.showPage()
    pdf.drawString(100, 750, "Contract page 2")
    pdf.save()
    return path


def open_customer(window: Any, settle: Any, customer_id: int) -> CustomerDetail:
    window.open_document("record", ("customer", customer_id))
    settle(window)
    detail = window.current_document()
    assert isinstance(detail, CustomerDetail)
    return detail


def test_dropped_files_are_attached_and_previewed(login, db_path, qtbot, settle,  # type: ignore[no-untyped-def]
                                                  tmp_path) -> None:
    cid = seed_customers(db_path, "staff1", [{"name": "附件客户"}])[0]
    window = login("staff1")
    detail = open_customer(window, settle, cid)
    panel = detail.attachments
    assert panel.table.rowCount() == 0
    drop_files(panel, a_photo(tmp_path / "门店照片.png"), a_pdf(tmp_path / "合同.pdf"))
    settle(window)
    assert sorted(i.file_name for i in panel.items) == ["合同.pdf", "门店照片.png"]
    assert panel.table.rowCount() == 2
    assert detail.tabs.tabText(detail.tab_attachments) == "Attachments (2)"

    photo_row = next(r for r, i in enumerate(panel.items) if i.file_name == "门店照片.png")
    panel.table.selectRow(photo_row)
    panel.open_selected()
    settle(window)
    preview = panel.preview
    assert isinstance(preview, PreviewDialog) and preview.isVisible() and preview.shown
    pixmap = preview.picture.pixmap()
    assert not pixmap.isNull() and (pixmap.width(), pixmap.height()) == (64, 48)
    preview.close()

    pdf_row = next(r for r, i in enumerate(panel.items) if i.file_name == "合同.pdf")
    panel.table.selectRow(pdf_row)
    panel.open_selected()
    settle(window)
    preview = panel.preview
    assert preview is not None and preview.shown and "page 1 of 2" in preview.caption.text()
    assert not preview.picture.pixmap().isNull()
    preview.close()

    # both opens are in the customer's history (audited by the service)
    detail.refresh_history()
    actions = [detail.history.item(r, 2).text() for r in range(detail.history.rowCount())]
    assert sum(a == "Attachment opened" for a in actions) == 2


def test_a_file_over_the_limit_is_refused_with_the_limit_and_the_fix(  # type: ignore[no-untyped-def]
        login, db_path, qtbot, settle, tmp_path) -> None:
    from crmdesk.core.services import accounts, settings
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    db = open_database(db_path)
    with db.transaction() as s:
        settings.set_value(s, accounts.login(s, "admin", PASSWORD), "attachments.max_mb", 1)
    db.close()
    big = tmp_path / "扫描件.tif"
    big.write_bytes(b"0" * (1024 * 1024 + 10))
    cid = seed_customers(db_path, "staff1", [{"name": "附件客户"}])[0]
    window = login("staff1")
    detail = open_customer(window, settle, cid)
    ErrorReporter.shown.clear()
    drop_files(detail.attachments, big)
    settle(window)
    assert detail.attachments.items == []
    assert any("扫描件.tif is 1.0 MB, larger than the limit for attachments (1 MB)" in text
               and "attachments.max_mb" in text for text in ErrorReporter.shown)


def test_a_new_records_form_attaches_once_saved(login, db_path, qtbot, settle,  # type: ignore[no-untyped-def]
                                                tmp_path) -> None:
    cid = seed_customers(db_path, "staff1", [{"name": "附件客户", "kind": "company"}])[0]
    window = login("staff1")
    window.open_document("new", ("contact", {"customer_id": cid}))
    form = window.current_document()
    assert isinstance(form, RecordForm) and form.attachments is not None
    panel = form.attachments.panel
    assert not panel.add_button.isEnabled() and "Save the record first" in panel.hint.text()
    form.editors["name"].set_value("王经理")
    form.save()
    settle(window)
    assert form.record_id is not None and panel.add_button.isEnabled()
    drop_files(panel, a_photo(tmp_path / "名片.png"))
    settle(window)
    assert [i.file_name for i in panel.items] == ["名片.png"]
    assert form.attachments.title() == "Attachments (1)"
