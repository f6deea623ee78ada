"""Page layout shared by every report: page templates, header and footer, styles, tables.

Each page carries the company name and report title at the top, and the
generation time, user and "page x / y" at the bottom.  Long lists are split into
small tables (reportlab lays out a huge table in quadratic time) whose column
header is repeated at the top of each page by the page template.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from crmdesk.reports import fonts, theme

INK = colors.HexColor(theme.INK)
MUTED = colors.HexColor(theme.MUTED)
ACCENT = colors.HexColor(theme.ACCENT)
HEAD_FILL = colors.HexColor(theme.HEAD_FILL)
ZEBRA = colors.HexColor(theme.ZEBRA)
RULE = colors.HexColor(theme.RULE)
CARD_FILL = colors.HexColor(theme.CARD_FILL)

MARGIN_X = 14 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 16 * mm
CELL_PAD = 3


class Styles:
    """Paragraph styles in the CJK font (it covers Latin too)."""

    def __init__(self) -> None:
        font = fonts.register()
        self.font = font

        def style(name: str, size: float, leading: float | None = None, color: Any = INK,
                  align: int = TA_LEFT, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size,
                                  leading=leading or size * 1.35, textColor=color,
                                  alignment=align, wordWrap="CJK", bulletFontName=font, **kw)

        self.title = style("title", 17, 22, ACCENT, spaceAfter=4)
        self.subtitle = style("subtitle", 10, 14, MUTED, spaceAfter=6)
        self.h1 = style("h1", 12.5, 17, ACCENT, spaceBefore=10, spaceAfter=5)
        self.h2 = style("h2", 10.5, 14, INK, spaceBefore=7, spaceAfter=3)
        self.body = style("body", 9, 13)
        self.note = style("note", 8, 11, MUTED, spaceBefore=2, spaceAfter=2)
        self.cell = style("cell", 8, 10.2)
        self.cell_right = style("cell_right", 8, 10.2, align=TA_RIGHT)
        self.cell_center = style("cell_center", 8, 10.2, align=TA_CENTER)
        self.head = style("head", 8, 10.2, ACCENT)
        self.head_right = style("head_right", 8, 10.2, ACCENT, align=TA_RIGHT)
        self.head_center = style("head_center", 8, 10.2, ACCENT, align=TA_CENTER)
        self.fact_label = style("fact_label", 8.5, 11.5, MUTED)
        self.fact_value = style("fact_value", 8.5, 11.5)
        self.card_label = style("card_label", 8, 10, MUTED, align=TA_CENTER)
        self.card_value = style("card_value", 13, 16, ACCENT, align=TA_CENTER)
        self._latin: dict[str, ParagraphStyle] = {}

    def latin(self, style: ParagraphStyle) -> ParagraphStyle:
        """*style* wrapping between words (for Latin text: no break inside a word)."""
        found = self._latin.get(style.name)
        if found is None:
            found = ParagraphStyle(style.name + "_latin", parent=style, wordWrap=None)
            self._latin[style.name] = found
        return found


@dataclass
class PageInfo:
    """What every page shows besides the content."""

    company: str
    title: str
    generated: str  # "Generated 2024-05-01 14:30 by 李娜"
    page_label: Callable[[int, int], str]  # (page, pages) -> "Page 3 / 12"


def _numbered_canvas(info: PageInfo, font: str, page_width: float) -> type[Canvas]:
    """A canvas that writes "page x / y" on every page once the total is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = font  # no stray unembedded Helvetica
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(page_width - MARGIN_X, MARGIN_BOTTOM - 9 * mm,
                                     info.page_label(self._pageNumber, total))
                super().showPage()
            super().save()

    return NumberedCanvas


class ReportDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4 document with the report header and footer on every page.

    *step* is called before each flowable is laid out with the share of the story
    still to go (for progress and cancelling: it may raise to stop the build).
    """

    def __init__(self, target: Any, info: PageInfo, *, wide: bool = False,
                 step: Callable[[float], None] | None = None) -> None:
        size = landscape(A4) if wide else A4
        super().__init__(target, pagesize=size, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=info.title,
                         author=info.company, creator="crmdesk")
        self.info = info
        self.styles = Styles()
        self.step = step
        self.running_header: Table | None = None
        self._story_length = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("normal", [frame], onPage=self._decorate)])

    @property
    def content_width(self) -> float:
        return float(self.width)

    def repeat_header(self, header: Table) -> None:
        """From the next page on, draw *header* at the top of each page (long lists)."""
        _, height = header.wrap(self.width, self.height)
        self.running_header = header
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height - height,
                      id="list", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("list", [frame], onPage=self._decorate_list)])

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        font = self.styles.font
        width, height = self.pagesize
        canvas.saveState()
        top = height - MARGIN_TOP + 5 * mm
        canvas.setFillColor(ACCENT)
        canvas.setFont(font, 9)
        canvas.drawString(MARGIN_X, top + 1.5 * mm, self.info.company)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN_X, top + 1.5 * mm, self.info.title)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top, width - MARGIN_X, top)
        bottom = MARGIN_BOTTOM - 6 * mm
        canvas.line(MARGIN_X, bottom, width - MARGIN_X, bottom)
        canvas.setFont(font, 7.5)
        canvas.drawString(MARGIN_X, bottom - 3 * mm, self.info.generated)
        canvas.restoreState()

    def _decorate_list(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self._decorate(canvas, doc)
        if self.running_header is not None:
            _, height = self.running_header.wrap(self.width, self.height)
            self.running_header.drawOn(canvas, self.leftMargin,
                                       self.bottomMargin + self.height - height)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if self.step is not None and self._story_length:
            self.step(1.0 - len(flowables) / self._story_length)
        super().handle_flowable(flowables)

    def render(self, story: list[Flowable]) -> None:
        self._story_length = max(1, len(story))
        self.build(story, canvasmaker=_numbered_canvas(self.info, self.styles.font,
                                                       self.pagesize[0]))


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Col:
    """A table column: header text, alignment (LEFT, RIGHT, CENTER) and whether its
    values may wrap onto more lines (numbers, dates and codes do not)."""

    header: str
    align: str = "LEFT"
    wrap: bool = True


def _is_plain(text: str) -> bool:
    return text.isascii()


def _min_word(text: str, font: str, size: float) -> float:
    """The narrowest a text can be: its longest word (Latin) or two characters (CJK)."""
    if not text:
        return 0.0
    if _is_plain(text):
        return max(float(stringWidth(w, font, size)) for w in text.split() or [""])
    return min(float(stringWidth(text, font, size)), 2.2 * size)


def measure(rows: Sequence[Sequence[str]], styles: Styles, size: float = 8) -> list[list[float]]:
    """The width of every cell's text on one line."""
    width_of = getFont(styles.font).stringWidth
    return [[width_of(str(v), size) for v in row] for row in rows]


def fit_widths(cols: Sequence[Col], rows: Sequence[Sequence[str]], width: float,
               styles: Styles, *, size: float = 8,
               measured: Sequence[Sequence[float]] | None = None) -> list[float]:
    """Column widths from the content: each column as wide as its longest value when the
    page allows; otherwise the widest columns are narrowed to a common cap (their text
    wraps) while short columns keep their natural width."""
    font = styles.font
    pad = 2 * CELL_PAD + 1.5
    want: list[float] = []
    least: list[float] = []
    if measured is None:
        measured = measure(rows, styles, size)
    for i, col in enumerate(cols):
        longest = max((row[i] for row in measured), default=0.0)
        head = _min_word(col.header, font, size)
        head_line = min(stringWidth(col.header, font, size), 80.0)  # header on one line
        want.append(max(longest, head_line, 2 * size) + pad)
        least.append(max(longest, head) + pad if not col.wrap
                     else max(head, min(longest, 3.3 * size)) + pad)
    total = sum(want)
    if total <= width:  # room to spare: give it to the columns whose text may wrap
        growing = [i for i, c in enumerate(cols) if c.wrap] or list(range(len(cols)))
        base = sum(want[i] for i in growing)
        return [w + ((width - total) * w / base if i in growing else 0.0)
                for i, w in enumerate(want)]
    if sum(least) >= width:
        scale = width / sum(least)
        return [w * scale for w in least]
    low, high = 0.0, max(want)
    for _ in range(40):  # the cap at which the narrowed columns fill the width exactly
        cap = (low + high) / 2
        if sum(max(lo, min(w, cap)) for w, lo in zip(want, least, strict=True)) > width:
            high = cap
        else:
            low = cap
    widths = [max(lo, min(w, low)) for w, lo in zip(want, least, strict=True)]
    spare = width - sum(widths)
    return [w + spare / len(widths) for w in widths]


def _cell(text: str, width: float, styles: Styles, align: str, size: float = 8) -> Any:
    """A plain string when it fits on one line (fast), else a wrapping paragraph."""
    if "\n" not in text and stringWidth(text, styles.font, size) <= width - 2 * CELL_PAD:
        return text
    style = {"RIGHT": styles.cell_right, "CENTER": styles.cell_center}.get(align, styles.cell)
    if _is_plain(text) and _min_word(text, styles.font, size) <= width - 2 * CELL_PAD:
        style = styles.latin(style)  # wrap between words, not inside them
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _header_cells(cols: Sequence[Col], styles: Styles) -> list[Paragraph]:
    head = {"RIGHT": styles.head_right, "CENTER": styles.head_center}
    cells = []
    for c in cols:
        style = head.get(c.align, styles.head)
        cells.append(Paragraph(escape(c.header), styles.latin(style) if _is_plain(c.header)
                               else style))
    return cells


def _base_style(cols: Sequence[Col], font: str, *, header: bool) -> list[tuple[Any, ...]]:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, 8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    for i, c in enumerate(cols):
        if c.align != "LEFT":
            commands.append(("ALIGN", (i, 0), (i, -1), c.align))
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
    return commands


def table(cols: Sequence[Col], rows: Sequence[Sequence[str]], width: float, styles: Styles, *,
          total: Sequence[str] | None = None, widths: Sequence[float] | None = None) -> Table:
    """A table with a header row (repeated when it breaks across pages) and zebra rows."""
    everything = [*rows, *([total] if total is not None else [])]
    widths = list(widths) if widths is not None else fit_widths(cols, everything, width,
                                                                  styles)
    data: list[list[Any]] = [list(_header_cells(cols, styles))]
    for row in everything:
        data.append([_cell(str(v), w, styles, c.align) for v, w, c in zip(row, widths, cols,
                                                                           strict=True)])
    commands = _base_style(cols, styles.font, header=True)
    if len(data) > 2:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1 if total is None else -2),
                         [colors.white, ZEBRA]))
    if total is not None:
        commands += [("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
                     ("BACKGROUND", (0, -1), (-1, -1), HEAD_FILL)]
    result = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    result.setStyle(TableStyle(commands))
    return result


def header_row(cols: Sequence[Col], widths: Sequence[float], styles: Styles) -> Table:
    """Just the header row of a long list (see :meth:`ReportDocument.repeat_header`)."""
    result = Table([_header_cells(cols, styles)], colWidths=list(widths), hAlign="LEFT")
    result.setStyle(TableStyle(_base_style(cols, styles.font, header=True)))
    return result


class ListRows(Flowable):  # type: ignore[misc]
    """Rows of a long list, drawn straight onto the canvas.

    reportlab's ``Table`` applies every style command to every cell and makes a
    text object per cell; a 10,000-row list spends most of its time there.  These
    rows are laid out once (widths measured, wrapping cells as paragraphs) and
    drawn with one text object per block, zebra-striped, a rule under each row.
    """

    def __init__(self, cells: list[list[Any]], measured: list[list[float]],
                 heights: list[float], widths: Sequence[float], aligns: Sequence[str],
                 font: str, size: float, first: int = 0) -> None:
        super().__init__()
        self.cells, self.measured, self.heights = cells, measured, heights
        self.widths, self.aligns = list(widths), list(aligns)
        self.font, self.size, self.first = font, size, first
        self.width = sum(self.widths)
        self.height = sum(heights)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _part(self, start: int, stop: int) -> ListRows:
        return ListRows(self.cells[start:stop], self.measured[start:stop],
                        self.heights[start:stop], self.widths, self.aligns, self.font,
                        self.size, self.first + start)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        used, fits = 0.0, 0
        for height in self.heights:
            if used + height > available_height + 1e-6:
                break
            used += height
            fits += 1
        if fits == 0:
            return []
        if fits == len(self.heights):
            return [self]
        return [self._part(0, fits), self._part(fits, len(self.heights))]

    def draw(self) -> None:
        canvas = self.canv
        tops = []
        y = self.height
        for height in self.heights:
            tops.append(y)
            y -= height
        canvas.saveState()
        canvas.setFillColor(ZEBRA)
        for i, (top, height) in enumerate(zip(tops, self.heights, strict=True)):
            if (self.first + i) % 2:
                canvas.rect(0, top - height, self.width, height, stroke=0, fill=1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.25)
        for top, height in zip(tops, self.heights, strict=True):
            canvas.line(0, top - height, self.width, top - height)
        text = canvas.beginText()
        text.setFont(self.font, self.size)
        text.setFillColor(INK)
        paragraphs = []
        lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        for row, measured, top, height in zip(self.cells, self.measured, tops, self.heights,
                                              strict=True):
            baseline = top - height / 2 - self.size * 0.32
            for value, width, left, cell_w, align in zip(row, measured, lefts, self.widths,
                                                         self.aligns, strict=True):
                if not isinstance(value, str):
                    paragraphs.append((*value, left, top, height))
                    continue
                if not value:
                    continue
                if align == "RIGHT":
                    x = left + cell_w - CELL_PAD - width
                elif align == "CENTER":
                    x = left + (cell_w - width) / 2
                else:
                    x = left + CELL_PAD
                text.setTextOrigin(x, baseline)
                text.textOut(value)
        canvas.drawText(text)
        for paragraph, p_height, left, top, height in paragraphs:
            paragraph.drawOn(canvas, left + CELL_PAD, top - height / 2 - p_height / 2)
        canvas.restoreState()


def list_rows(cols: Sequence[Col], rows: Sequence[Sequence[str]], widths: Sequence[float],
              styles: Styles, *, measured: Sequence[Sequence[float]] | None = None,
              block: int = 200, size: float = 8,
              check: Callable[[], None] | None = None) -> list[Flowable]:
    """The rows of a long list as :class:`ListRows` blocks that follow one another."""
    if measured is None:
        measured = measure(rows, styles, size)
    line = size * 1.275 + 4.8  # one line of text and the padding above and below
    aligns = [c.align for c in cols]
    room = [w - 2 * CELL_PAD for w in widths]
    blocks: list[Flowable] = []
    for start in range(0, len(rows), block):
        if check is not None:
            check()
        cells: list[list[Any]] = []
        heights: list[float] = []
        for row, row_widths in zip(rows[start:start + block], measured[start:start + block],
                                   strict=True):
            row_cells: list[Any] = list(row)
            height = line
            for i, text_w in enumerate(row_widths):
                if text_w > room[i] or "\n" in row[i]:
                    paragraph = _cell(str(row[i]), widths[i], styles, aligns[i], size)
                    _, p_height = paragraph.wrap(room[i], 10_000)
                    height = max(height, p_height + 4.8)
                    row_cells[i] = (paragraph, p_height)
            cells.append(row_cells)
            heights.append(height)
        blocks.append(ListRows(cells, [list(m) for m in measured[start:start + block]],
                               heights, widths, aligns, styles.font, size, start))
    return blocks


def facts(pairs: Sequence[tuple[str, str]], width: float, styles: Styles, *,
          columns: int = 1) -> Table:
    """Label/value pairs (filters used, a customer's details), in 1 or 2 column pairs."""
    cells = [(Paragraph(escape(k), styles.fact_label),
              Paragraph(escape(v) if v else "–", styles.fact_value)) for k, v in pairs]
    rows: list[list[Any]] = []
    for start in range(0, len(cells), columns):
        row: list[Any] = []
        for label, value in cells[start:start + columns]:
            row += [label, value]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    label_w = width * (0.16 if columns == 2 else 0.2)
    value_w = width / columns - label_w
    result = Table(rows or [["", ""]], colWidths=[label_w, value_w] * columns, hAlign="LEFT")
    result.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.font, 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
    ]))
    return result


def figure_cards(items: Sequence[tuple[str, str]], width: float, styles: Styles, *,
                 per_row: int = 4) -> Table:
    """Key figures as a row of cards: a big value over a small label."""
    cells = [[Paragraph(escape(value), styles.card_value),
              Paragraph(escape(label), styles.card_label)] for label, value in items]
    rows: list[list[Any]] = []
    for start in range(0, len(cells), per_row):
        row: list[Any] = list(cells[start:start + per_row])
        row += [""] * (per_row - len(row))
        rows.append(row)
    gap = 4
    col_w = (width - gap * (per_row - 1)) / per_row
    widths: list[float] = []
    for i in range(per_row):
        widths.append(col_w)
        if i < per_row - 1:
            widths.append(gap)
    spaced = [[cell for i, c in enumerate(row) for cell in ((c,) if i == per_row - 1
                                                             else (c, ""))] for row in rows]
    result = Table(spaced, colWidths=widths, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), styles.font, 8),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    for r, row in enumerate(rows):
        for i, c in enumerate(row):
            if c != "":
                commands.append(("BACKGROUND", (2 * i, r), (2 * i, r), CARD_FILL))
                commands.append(("LINEABOVE", (2 * i, r), (2 * i, r), 1.4, ACCENT))
    result.setStyle(TableStyle(commands))
    return result


def opening(title: str, fact_pairs: Sequence[tuple[str, str]], width: float,
            styles: Styles) -> list[Flowable]:
    """An analysis report's first lines: its title and the filters used."""
    return [Paragraph(escape(title), styles.title),
            facts(fact_pairs, width, styles, columns=2), gap(3)]


def heading(text: str, styles: Styles, *, level: int = 1) -> list[Flowable]:
    """A section heading that is not left alone at the bottom of a page."""
    return [CondPageBreak(40 * mm if level == 1 else 28 * mm),
            Paragraph(escape(text), styles.h1 if level == 1 else styles.h2)]


def note(text: str, styles: Styles) -> Paragraph:
    return Paragraph(escape(text), styles.note)


def together(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)
