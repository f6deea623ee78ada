"""The colours of the printed reports, in one place.

Hex strings (``#RRGGBB``), so that every drawer can use them: reportlab in
:mod:`crmdesk.reports.layout` and :mod:`crmdesk.reports.charts`, and the window's
dashboard charts, which draw in the same colours as the printed ones.
"""

from __future__ import annotations

#: text
INK = "#1F2933"
#: secondary text: captions, the header and footer of a page, axis labels
MUTED = "#66717E"
#: titles and headings
ACCENT = "#1F4E79"
#: the header row of a table
HEAD_FILL = "#DCE6F1"
#: every other row of a table
ZEBRA = "#F4F7FA"
#: lines under headings and between table rows, chart axes
RULE = "#B7C4D1"
#: the background of a figure card
CARD_FILL = "#F0F4F8"
#: the grid lines of a chart
CHART_GRID = "#E3E8EE"
#: the series and slices of the charts, in order
CHART_PALETTE = ("#2E6DA4", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1",
                 "#FF9DA7", "#9C755F", "#BAB0AC")
