"""Printing from the window: datasheets as shown, customer cards, the dashboard's report,
the reports view; the preview, the printer, Save as PDF, cancel and a frozen account."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from crmdesk.core.services import settings
from crmdesk.core.services.records import Filter
from crmdesk.reports import ReportRequest
from crmdesk.ui.dialogs import print_preview
from crmdesk.ui.dialogs.print_preview import (
    PdfPages,
    ReportPreview,
    default_file_name,
    paint_pages,
    preview_report,
)
from crmdesk.ui.errors import ErrorReporter
from crmdesk.ui.views.customer_detail import CustomerDetail
from crmdesk.ui.views.dashboard import Dashboard
from crmdesk.ui.views.datasheet import DatasheetView
from crmdesk.ui.views.reports import ReportsView
from tests.unit import known_sales

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext) not installed")


@pytest.fixture
def known(db, users):  # type: ignore[no-untyped-def]
    return known_sales.build(db, users)


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Temporary files of this test in a folder of its own (to see what is left behind)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def pdf_pages(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def previews() -> list[ReportPreview]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ReportPreview) and w.isVisible()]


def wait_preview(qtbot, window, settle) -> ReportPreview:  # type: ignore[no-untyped-def]
    settle(window, timeout=20000)
    qtbot.waitUntil(lambda: bool(previews()), timeout=5000)
    return previews()[-1]


@needs_poppler
def test_datasheet_prints_as_shown(login, qtbot, settle, known, private_tmp) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView)
    sheet.model.add_filter(Filter("province", "eq", "北京市"))  # A and C
    columns = {spec.key: col for col, spec in enumerate(sheet.all_specs)}
    sheet.set_column_visible(columns["mobile"], False)
    sheet.set_column_visible(columns["city"], True)
    visible = [spec.translated for spec in sheet.visible_columns()]
    assert "Mobile" not in visible and "City" in visible

    window.act_print.trigger()  # Ctrl+P
    dialog = wait_preview(qtbot, window, settle)
    text = pdf_text(dialog.pages.path)
    assert "Customer list" in text and dialog.windowTitle() == "Print preview: Customer list"
    header = next(line for line in text.splitlines() if "Code" in line and "Name" in line)
    for name in visible:
        assert name in header
    assert "Mobile" not in header
    assert "王大伟" in text and "赵铁柱" in text and "李小红" not in text
    assert "Province = 北京市" in text  # the filters used

    # the preview shows every page of the PDF
    assert dialog.page_count() == pdf_pages(dialog.pages.path) == len(dialog.pages) >= 1
    preview_widget = dialog.findChild(QPrintPreviewWidget)
    assert preview_widget is not None and preview_widget.pageCount() == dialog.page_count()
    assert list(private_tmp.iterdir())  # the PDF lives while the preview is open
    dialog.close()
    qtbot.waitUntil(lambda: not list(private_tmp.iterdir()), timeout=2000)


@needs_poppler
def test_customer_story_prints_the_card(login, qtbot, settle, known, private_tmp) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    window.open_document("record", ("customer", known.ids["A"]))
    assert isinstance(window.current_document(), CustomerDetail)
    window.current_document().print_document()
    dialog = wait_preview(qtbot, window, settle)
    text = pdf_text(dialog.pages.path)
    assert "Customer card" in text and "王大伟" in text and "扩产项目" in text
    dialog.done(0)


def test_customer_story_leaves_the_datasheet_columns_alone(login, settle, known) -> None:  # type: ignore[no-untyped-def]
    """The story's order sheet hides its customer column; the orders datasheet (and so its
    printout) keeps it."""
    window = login("staff1")
    window.open_document("record", ("customer", known.ids["A"]))
    window.open_entry("orders")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView) and sheet.entity == "order"
    assert "customer_id" in [spec.key for spec in sheet.visible_columns()]


@needs_poppler
def test_dashboard_prints_the_sales_analysis_of_its_period(login, qtbot, settle, known,  # type: ignore[no-untyped-def]
                                                          private_tmp) -> None:
    window = login("admin")
    window.open_entry("dashboard")
    dash = window.current_document()
    assert isinstance(dash, Dashboard)
    settle(window)
    dash.period.set_custom(date(2024, 1, 1), date(2024, 12, 31))
    settle(window)
    window.act_print.trigger()
    dialog = wait_preview(qtbot, window, settle)
    text = pdf_text(dialog.pages.path)
    assert "Sales analysis" in text and "2024-01-01" in text and "¥100,000.00" in text
    dialog.close()


def test_paint_pages_on_paper_and_in_preview(known, db, users, tmp_path, qapp) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.reports import build_report

    source = tmp_path / "sales.pdf"
    result = build_report(db, users.admin, ReportRequest("sales"), source)
    pages = PdfPages(source)
    try:
        assert len(pages) == result.pages >= 2
        size = pages.page_size(0)
        assert round(size.width()) == 595 and round(size.height()) == 842  # A4 in points
        image = pages.render(0, 72)
        assert abs(image.width() - 595) <= 1 and abs(image.height() - 842) <= 1
        assert image.pixelColor(5, 5).name() == "#ffffff"  # paper white, opaque

        # on "paper" (a PDF printer): every page, or the range asked for
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        print_preview.apply_page_layout(printer, pages)
        assert paint_pages(printer, pages) == result.pages
        assert pdf_pages(tmp_path / "printed.pdf") == result.pages
        printer.setOutputFileName(str(tmp_path / "range.pdf"))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 2)
        assert paint_pages(printer, pages) == 1
        assert pdf_pages(tmp_path / "range.pdf") == 1

        # a preview keeps only its first pages (they stay in memory)
        dialog = ReportPreview(pages, "Sales analysis")
        try:
            dialog.show()
            assert dialog.page_count() == result.pages
            assert not dialog.note.isVisibleTo(dialog)
        finally:
            dialog.paintRequested.disconnect()
            dialog.hide()
            dialog.deleteLater()
        limited = QPrinter()
        limited.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        limited.setOutputFileName(str(tmp_path / "limited.pdf"))
        assert paint_pages(limited, pages, preview_pages=1) == result.pages  # paper: all
    finally:
        pages.close()
    assert default_file_name("销售/分析: 2024").startswith("销售 分析 2024 ")


def test_long_reports_preview_their_first_pages(known, db, users, tmp_path, qapp,  # type: ignore[no-untyped-def]
                                                monkeypatch) -> None:
    from crmdesk.reports import build_report

    source = tmp_path / "sales.pdf"
    result = build_report(db, users.admin, ReportRequest("sales"), source)
    monkeypatch.setattr(print_preview, "PREVIEW_PAGES", 1)
    pages = PdfPages(source)
    dialog = ReportPreview(pages, "Sales analysis")
    try:
        dialog.show()
        assert dialog.page_count() == 1
        assert dialog.note.isVisibleTo(dialog)
        assert f"first 1 of {result.pages} pages" in dialog.note.text()
    finally:
        dialog.done(0)  # closes the PDF
    with pytest.raises(ValueError):
        len(pages)


def test_print_button_prints_on_the_chosen_printer(login, qtbot, settle, known, tmp_path,  # type: ignore[no-untyped-def]
                                                   private_tmp, monkeypatch) -> None:
    out = tmp_path / "paper.pdf"
    asked: list[str] = []

    def choose(dialog: QPrintDialog) -> int:  # the user picks a "printer": a PDF file
        asked.append(dialog.windowTitle())
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QPrintDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", choose)
    window = login("manager")
    window.open_entry("reports")
    view = window.current_document()
    assert isinstance(view, ReportsView)
    view.select_report("service")
    view.period.set_kind("all")
    view.print_now()
    settle(window, timeout=20000)
    assert asked == ["Print Service report"]
    assert out.exists() and pdf_pages(out) >= 1
    assert not list(private_tmp.iterdir())  # the temporary PDF is gone
    assert ErrorReporter.shown == []


@needs_poppler
def test_reports_view_saves_a_pdf(login, qtbot, settle, known, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "chosen" / "follow-up"
    suggested: list[str] = []

    def ask(parent, caption, suggestion, filters):  # type: ignore[no-untyped-def]
        suggested.append(suggestion)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    window = login("admin")
    window.open_entry("reports")
    view = window.current_document()
    view.select_report("list")
    view.entity.setCurrentIndex(view.entity.findData("order"))
    view.add_filter(Filter("customer_id", "eq", known.ids["D"]))
    assert view.conditions.count() == 1 and "钱多多" in view.conditions.item(0).text()
    view.sort.setCurrentIndex(view.sort.findData("order_date"))
    view.save_pdf()
    settle(window, timeout=20000)
    saved = target.with_suffix(".pdf")
    assert Path(suggested[0]).name.startswith("Order list ")
    text = pdf_text(saved)
    assert "Order list" in text and "2024-06-01" in text and "2024-06-25" in text
    assert "王大伟" not in text
    assert text.index("2024-06-01") < text.index("2024-06-25")  # sorted by order date


def test_customer_card_needs_a_customer(login, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    window.open_entry("reports")
    view = window.current_document()
    view.select_report("customer-card")
    assert view.customer.widget.isVisibleTo(view) and not view.period.isVisibleTo(view)
    assert view.preview() is None
    assert "Choose the customer" in ErrorReporter.shown[-1]
    assert not previews()


def test_cancel_leaves_nothing_behind(login, qtbot, settle, known, private_tmp) -> None:  # type: ignore[no-untyped-def]
    window = login("admin")
    job = preview_report(window.workspace, window, ReportRequest("sales"))
    assert job.operation is not None
    job.operation.job.cancel()
    settle(window, timeout=20000)
    assert job.dialog is None and not previews()
    assert not list(private_tmp.iterdir())
    assert ErrorReporter.shown == []


def test_frozen_account_gets_no_preview(login, qtbot, settle, db, users, known, private_tmp,  # type: ignore[no-untyped-def]
                                        monkeypatch) -> None:
    from crmdesk.core.services.customers import customers

    with db.transaction() as s:
        settings.set_value(s, users.admin, "security.scrape_limit", 10)
        for n in range(8):
            customers.create(s, users.staff1, {"name": f"客户{n}"})
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warnings.append(text) or 0)
    window = login("staff1")
    reopened: list[str] = []
    monkeypatch.setattr(window, "open_database", lambda path: reopened.append(path) or False)
    window.open_entry("customers")
    sheet = window.current_document()
    assert isinstance(sheet, DatasheetView) and sheet.model.rowCount() == 11  # over the limit
    sheet.print_document()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=20000)  # the session ended
    qtbot.wait(50)
    assert warnings and "frozen" in warnings[0].lower()
    assert not previews()
    assert not list(private_tmp.iterdir())  # no half-built PDF left anywhere
