"""Charts for the PDF reports (reportlab graphics, in the CJK font)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from crmdesk.reports import fonts, theme
from crmdesk.reports.layout import INK, MUTED, RULE

PALETTE = [colors.HexColor(c) for c in theme.CHART_PALETTE]
GRID = colors.HexColor(theme.CHART_GRID)

Format = Callable[[float], str]


def _shorten(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose default font is the CJK one (no stray unembedded Helvetica)."""
    drawing = Drawing(width, height, initialFontName=fonts.register(), initialFontSize=8)
    return drawing


def _empty(width: float, height: float, message: str) -> Drawing:
    drawing = _drawing(width, height)
    drawing.add(String(width / 2, height / 2, message, fontName=fonts.register(), fontSize=9,
                       fillColor=MUTED, textAnchor="middle"))
    return drawing


def bar_chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
              width: float, height: float, value_format: Format, *, empty: str = "",
              value_labels: bool = False) -> Drawing:
    """Vertical bars per category; several series side by side with a legend."""
    font = fonts.register()
    if not categories or not any(any(v for v in values) for _, values in series):
        return _empty(width, height, empty)
    drawing = _drawing(width, height)
    chart = VerticalBarChart()
    many = len(categories) > 8
    legend_h = 16 if len(series) > 1 else 0
    axis_w = max(stringWidth(value_format(v), font, 7) for v in _axis_guess(series)) + 8
    chart.x = axis_w
    chart.y = 34 if many else 18
    chart.width = width - axis_w - 6
    chart.height = height - chart.y - 8 - legend_h
    chart.data = [list(values) for _, values in series]
    chart.categoryAxis.categoryNames = list(categories)
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.fillColor = font, 7, INK
    if many:
        labels.angle, labels.boxAnchor, labels.dx, labels.dy = 35, "ne", 2, -2
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = value_format
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.visibleGrid = True
    chart.barSpacing = 1
    chart.groupSpacing = 6 if many else 10
    for i in range(len(series)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    if value_labels:
        chart.barLabelFormat = value_format
        chart.barLabels.fontName = font
        chart.barLabels.fontSize = 6.5
        chart.barLabels.fillColor = INK
        chart.barLabels.nudge = 6
    drawing.add(chart)
    if len(series) > 1:
        drawing.add(_legend([name for name, _ in series], width, height, font))
    return drawing


def _axis_guess(series: Sequence[tuple[str, Sequence[float]]]) -> list[float]:
    top = max((max(values) for _, values in series if values), default=0)
    return [0, top, top * 1.25]


def _legend(names: Sequence[str], width: float, height: float, font: str) -> Legend:
    legend = Legend()
    legend.alignment = "right"
    legend.fontName, legend.fontSize, legend.fillColor = font, 7.5, INK
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], n) for i, n in enumerate(names)]
    legend.columnMaximum = 1
    legend.deltax = max(stringWidth(n, font, 7.5) for n in names) + 30
    legend.dxTextSpace = 4
    legend.dx = legend.dy = 7
    legend.boxAnchor = "ne"
    legend.x = width - legend.deltax * (len(names) - 1) - 40
    legend.y = height - 2
    legend.strokeColor = None
    return legend


def hbar_chart(categories: Sequence[str], values: Sequence[float], width: float,
               height: float | None, value_format: Format, *, empty: str = "",
               bar_height: float = 13) -> Drawing:
    """Horizontal bars, first category on top, each labelled with its value."""
    font = fonts.register()
    if not categories or not any(values):
        return _empty(width, height or 60, empty)
    label_w = min(width * 0.32, max(stringWidth(c, font, 7.5) for c in categories) + 8)
    value_w = max(stringWidth(value_format(v), font, 7) for v in values) + 10
    height = height or bar_height * len(categories) + 24
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_w
    chart.y = 14
    chart.width = width - label_w - value_w
    chart.height = height - 20
    chart.data = [list(reversed(values))]
    names = [_shorten(c, font, 7.5, label_w - 6) for c in reversed(categories)]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = value_format
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = value_format
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def pie_chart(labels: Sequence[str], values: Sequence[float], width: float, height: float,
              legend_text: Callable[[int], str], *, empty: str = "") -> Drawing:
    """A pie with a legend on the right (one line per slice: ``legend_text(index)``)."""
    font = fonts.register()
    shown = [(i, v) for i, v in enumerate(values) if v > 0]
    if not shown:
        return _empty(width, height, empty)
    drawing = _drawing(width, height)
    pie = Pie()
    size = min(height - 10, width * 0.42)
    pie.x, pie.y = 6, (height - size) / 2
    pie.width = pie.height = size
    pie.data = [v for _, v in shown]
    pie.labels = None
    pie.sideLabels = False
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    pie.startAngle = 90
    pie.direction = "clockwise"
    for k, (i, _) in enumerate(shown):
        pie.slices[k].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    legend = Legend()
    legend.fontName, legend.fontSize, legend.fillColor = font, 7.5, INK
    legend.alignment = "right"
    legend.x = size + 22
    legend.y = height / 2 + len(labels) * 5.5
    legend.boxAnchor = "nw"
    legend.deltay = 11
    legend.dx = legend.dy = 7
    legend.columnMaximum = len(labels)
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], legend_text(i))
                             for i in range(len(labels))]
    legend.strokeColor = None
    drawing.add(legend)
    return drawing
