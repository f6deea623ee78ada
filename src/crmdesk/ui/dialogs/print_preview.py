"""Print preview, printing and "Save as PDF" of the reports (``crmdesk.reports``).

Every path builds the report the same way: :func:`crmdesk.reports.build_report`
runs in the workspace's worker thread (a progress dialog after 600 ms whose
Cancel stops the build; the anti-scraping guard and the audit entry happen
inside) and writes a PDF.  The PDF's pages are then drawn with pdfium
(``pypdfium2``) as images at the printer's resolution: the PySide6 wheels we run
on ship no QtPdf (6.12 has no ``libQt6Pdf``), and pdfium draws the embedded CJK
font exactly as a PDF reader does.

* :func:`preview_report` builds, then opens a :class:`ReportPreview`
  (``QPrintPreviewDialog`` with Print and "Save as PDF ...");
* :func:`print_report` builds, then asks the platform's print dialog and prints;
* :func:`save_report` asks the platform's save dialog, then builds into that file.

An account the guard freezes gets no preview, no printout and no file: the build
stops before anything is rendered, and the window ends the session.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QGraphicsView, QLabel, QToolBar, QWidget

from crmdesk.core.fields import entity_label
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Job
from crmdesk.reports import ReportRequest, ReportResult, build_report, report_title
from crmdesk.storage.database import Database
from crmdesk.storage.files import atomic_write
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.operations import Operation
from crmdesk.ui.widgets import file_dialogs
from crmdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

#: Preview pages are kept in memory as pictures until the dialog closes (about 5 MB a
#: page at this resolution): at most this many (printing and saving take them all).
PREVIEW_DPI = 110
PREVIEW_PAGES = 20
#: Printing draws each page at the printer's resolution, at most this.
PRINT_DPI = 300


class ReportFileError(KnownError):
    context = "PrintPreview"


class PrinterError(KnownError):
    context = "PrintPreview"


# ---------------------------------------------------------------------------
# Drawing PDF pages
# ---------------------------------------------------------------------------

class PdfPages:
    """A PDF file's pages as images (GUI thread only: pdfium is not thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pdf: pdfium.PdfDocument | None = pdfium.PdfDocument(str(path))

    def __len__(self) -> int:
        return len(self._document())

    def _document(self) -> pdfium.PdfDocument:
        if self._pdf is None:
            raise ValueError("the PDF was closed")
        return self._pdf

    def page_size(self, index: int) -> QSizeF:
        """The page's size in points (1/72 inch)."""
        width, height = self._document().get_page_size(index)
        return QSizeF(width, height)

    def render(self, index: int, dpi: float) -> QImage:
        """Page *index* (from 0) as an opaque image at *dpi* dots per inch."""
        page = self._document()[index]
        try:
            bitmap = page.render(scale=dpi / 72, prefer_bgrx=True, rev_byteorder=True)
            try:
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGBX8888).copy()  # own the pixels
            finally:
                bitmap.close()
        finally:
            page.close()
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        return image

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def fit(target: QRectF, size: QSizeF) -> QRectF:
    """The largest rectangle of *size*'s proportions centred in *target*."""
    if size.width() <= 0 or size.height() <= 0:
        return QRectF(target)
    scale = min(target.width() / size.width(), target.height() / size.height())
    width, height = size.width() * scale, size.height() * scale
    return QRectF(target.x() + (target.width() - width) / 2,
                  target.y() + (target.height() - height) / 2, width, height)


def apply_page_layout(printer: QPrinter, pages: PdfPages) -> None:
    """Paper size and orientation as the report's first page; the report has its margins."""
    printer.setFullPage(True)
    if not len(pages):
        return
    size = pages.page_size(0)
    landscape = size.width() > size.height()
    portrait = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
    page_size = QPageSize(portrait, QPageSize.Unit.Point, "",
                          QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setPageSize(page_size)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                               else QPageLayout.Orientation.Portrait)


def page_indices(printer: QPrinter, count: int) -> list[int]:
    """The pages (from 0) the print dialog asked for."""
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        if printer.fromPage() > 0:
            first = printer.fromPage() - 1
        if printer.toPage() > 0:
            last = min(last, printer.toPage() - 1)
    return list(range(first, last + 1))


def is_preview(painter: QPainter) -> bool:
    """True when *painter* draws into a print preview rather than onto paper."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Picture


def paint_pages(printer: QPrinter, pages: PdfPages, *,
                preview_pages: int | None = None) -> int:
    """Draw the PDF's pages on *printer* (paper, a PDF file or a preview).

    Each page is drawn as an image at the printer's resolution (at most
    :data:`PRINT_DPI`); a preview gets screen resolution and its first
    *preview_pages* pages (default :data:`PREVIEW_PAGES`).  Returns the number of
    pages drawn.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterError(QT_TRANSLATE_NOOP(
            "PrintPreview", "The printer could not be started. Check that it is switched on "
                            "and connected, then try again."))
    try:
        preview = is_preview(painter)
        indices = page_indices(printer, len(pages))
        if preview:
            indices = indices[:PREVIEW_PAGES if preview_pages is None else preview_pages]
        dpi = PREVIEW_DPI if preview else min(printer.resolution(), PRINT_DPI)
        copies = 1 if preview or printer.supportsMultipleCopies() else printer.copyCount()
        drawn = 0
        for _copy in range(max(1, copies)):
            for index in indices:
                if drawn and not printer.newPage():
                    raise PrinterError(QT_TRANSLATE_NOOP(
                        "PrintPreview", "The printer stopped after {n} pages."), n=drawn)
                target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
                painter.drawImage(fit(target, pages.page_size(index)),
                                  pages.render(index, dpi))
                drawn += 1
    finally:
        painter.end()
    return drawn


# ---------------------------------------------------------------------------
# The preview dialog
# ---------------------------------------------------------------------------

def request_title(request: ReportRequest) -> str:
    """What the report is called (window titles, default file names)."""
    if request.name == "list" and request.entity != "customer":
        return render("Reports", "{entity} list", entity=entity_label(request.entity))
    if request.name == "list":
        return report_title("customer-list")
    return report_title(request.name)


def default_file_name(title: str) -> str:
    """``销售分析 2024-06-30.pdf``: the title without characters file systems refuse."""
    safe = " ".join(re.sub(r'[\\/:*?"<>|]+', " ", title).split()) or "report"
    return f"{safe} {date.today().isoformat()}.pdf"


def ask_pdf_path(parent: QWidget | None, title: str) -> Path | None:
    """The platform's save dialog for a PDF; None when the user cancels."""
    chosen = file_dialogs.save_file(
        parent, translate("PrintPreview", "Save as PDF"), "pdf", default_file_name(title),
        translate("PrintPreview", "PDF documents (*.pdf)"))
    if not chosen:
        return None
    if not chosen.lower().endswith(".pdf"):
        chosen += ".pdf"
    return Path(chosen)


def copy_pdf(source: Path, target: Path) -> None:
    """Write a copy of the built report to *target* (atomically)."""
    try:
        atomic_write(target, source.read_bytes())
    except OSError as exc:
        raise ReportFileError(QT_TRANSLATE_NOOP(
            "PrintPreview", "The PDF could not be saved as {path}: {reason}. Choose another "
                            "folder or file name."), path=str(target),
            reason=exc.strerror or str(exc)) from exc


class ReportPreview(QPrintPreviewDialog):
    """The platform's print preview of a built report, with "Save as PDF ..."."""

    def __init__(self, pages: PdfPages, title: str, parent: QWidget | None = None, *,
                 on_close: Callable[[], None] | None = None) -> None:
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self._printer, parent)
        self.pages = pages
        self.report_title = title
        self._on_close = on_close
        self._printer.setDocName(title)
        self._printer.setCreator("crmdesk")
        apply_page_layout(self._printer, pages)
        self.setWindowTitle(self.tr("Print preview: {title}").format(title=title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.paintRequested.connect(self._paint)
        found = self.findChild(QPrintPreviewWidget)
        assert found is not None
        self.preview: QPrintPreviewWidget = found
        view = found.findChild(QGraphicsView)
        if view is not None:  # pages are images: scale them smoothly to the zoom
            view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
        toolbar = self.findChild(QToolBar)
        self.save_action = None
        if toolbar is not None:
            toolbar.addSeparator()
            self.save_action = toolbar.addAction(icon("file-down"), self.tr("Save as PDF ..."))
            self.save_action.setToolTip(self.tr("Save the report as a PDF file"))
            self.save_action.triggered.connect(self.save_as)
        self.note = QLabel()
        self.note.setProperty("role", "hint")
        self.note.setContentsMargins(8, 2, 8, 4)
        if len(pages) > PREVIEW_PAGES:
            self.note.setText(self.tr(
                "The preview shows the first {shown} of {total} pages. Print and Save as PDF "
                "include every page.").format(shown=PREVIEW_PAGES, total=f"{len(pages):,}"))
        else:
            self.note.hide()
        layout = self.layout()
        if layout is not None:
            layout.addWidget(self.note)
        if parent is not None:
            window = parent.window()
            self.resize(max(900, int(window.width() * 0.8)), max(700, int(window.height() * 0.9)))
        else:
            self.resize(1000, 800)
        self.finished.connect(self._closed)

    def _paint(self, printer: QPrinter) -> None:
        try:
            paint_pages(printer, self.pages)
        except KnownError as exc:
            show_error(self, exc)

    def page_count(self) -> int:
        """Pages in the preview (at most :data:`PREVIEW_PAGES`)."""
        return int(self.preview.pageCount())

    def save_as(self) -> None:
        target = ask_pdf_path(self, self.report_title)
        if target is None:
            return
        try:
            copy_pdf(self.pages.path, target)
        except KnownError as exc:
            show_error(self, exc)

    def _closed(self, _result: int) -> None:
        self.pages.close()
        if self._on_close is not None:
            callback, self._on_close = self._on_close, None
            callback()


# ---------------------------------------------------------------------------
# Building in the background
# ---------------------------------------------------------------------------

class ReportJob(QObject):
    """One report being built for the preview, the printer or a file.

    ``ready`` fires with the preview dialog (or None for print and save) once
    done; ``operation`` is the background :class:`Operation`.
    """

    ready = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None,
                 request: ReportRequest) -> None:
        super().__init__(workspace)
        self.workspace = workspace
        self.parent_widget = parent
        self.request = request
        self.title = request_title(request)
        self.folder: Path | None = None
        self.result: ReportResult | None = None
        self.dialog: ReportPreview | None = None
        self.operation: Operation | None = None

    def build(self, out: Path, then: Callable[[ReportResult], None]) -> Operation:
        workspace, request = self.workspace, self.request
        label = translate("PrintPreview", "Building the report “{title}” ...").format(
            title=self.title)

        def work(db: Database, job: Job) -> ReportResult:
            try:
                return build_report(db, workspace.actor, request, out, job=job)
            except OSError as exc:
                raise ReportFileError(QT_TRANSLATE_NOOP(
                    "PrintPreview", "The report could not be written to {path}: {reason}. "
                                    "Choose another folder or file name."),
                    path=str(out), reason=exc.strerror or str(exc)) from exc

        def built(result: ReportResult) -> None:
            self.result = result
            if workspace.closed or not self._parent_alive():
                return
            then(result)
            self.ready.emit(self.dialog)

        operation = workspace.job(self.parent_widget, work, label=label,
                                  cancellable=True).success(built)
        operation.done.connect(self._finished)
        self.operation = operation
        return operation.run()

    def _parent_alive(self) -> bool:
        return self.parent_widget is None or shiboken6.isValid(self.parent_widget)

    def _temporary_pdf(self) -> Path:
        self.folder = Path(tempfile.mkdtemp(prefix="crmdesk-report-"))
        return self.folder / "report.pdf"

    def _finished(self) -> None:
        """After the build, whatever happened: drop the temporary PDF unless a preview shows it."""
        if self.dialog is None:
            self.cleanup()

    def cleanup(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def preview_report(workspace: Workspace, parent: QWidget | None,
                   request: ReportRequest) -> ReportJob:
    """Build *request* in the background, then show its print preview (not modal)."""
    job = ReportJob(workspace, parent, request)

    def show(result: ReportResult) -> None:
        pages = PdfPages(result.path)
        dialog = ReportPreview(pages, job.title, parent, on_close=job.cleanup)
        job.dialog = dialog
        dialog.open()

    job.build(job._temporary_pdf(), show)
    return job


def print_report(workspace: Workspace, parent: QWidget | None,
                 request: ReportRequest) -> ReportJob:
    """Build *request* in the background, then ask the print dialog and print it."""
    job = ReportJob(workspace, parent, request)

    def send(result: ReportResult) -> None:
        pages = PdfPages(result.path)
        try:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(job.title)
            printer.setCreator("crmdesk")
            apply_page_layout(printer, pages)
            dialog = QPrintDialog(printer, parent)
            dialog.setWindowTitle(translate("PrintPreview", "Print {title}").format(
                title=job.title))
            dialog.setMinMax(1, max(1, len(pages)))
            if dialog.exec() == QPrintDialog.DialogCode.Accepted:
                paint_pages(printer, pages)
        except KnownError as exc:
            show_error(parent, exc)
        finally:
            pages.close()

    job.build(job._temporary_pdf(), send)
    return job


def save_report(workspace: Workspace, parent: QWidget | None, request: ReportRequest,
                target: Path | None = None) -> ReportJob | None:
    """Ask where to save (unless *target* is given), then build the PDF there."""
    job = ReportJob(workspace, parent, request)
    chosen = target or ask_pdf_path(parent, job.title)
    if chosen is None:
        job.deleteLater()
        return None

    def saved(result: ReportResult) -> None:
        log.info("report saved: %s (%d pages)", result.path, result.pages)

    job.build(chosen, saved)
    return job

