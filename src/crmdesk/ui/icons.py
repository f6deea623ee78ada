"""One icon set: Lucide (ISC licence), shipped as SVG under resources/icons/lucide.

The SVGs draw with ``currentColor``; Qt's SVG renderer has no notion of it, so
the colour is substituted when an icon is loaded.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from crmdesk import resources
from crmdesk.ui.theme import ACCENT, ICON, ICON_DISABLED

DEFAULT_COLOUR = ICON
__all__ = ["ACCENT", "DEFAULT_COLOUR", "icon"]
SIZES = (16, 20, 24, 32, 48)


@cache
def _svg(name: str) -> str:
    path = resources.icons_dir() / "lucide" / f"{name}.svg"
    return path.read_text("utf-8")


def icon(name: str, colour: str = DEFAULT_COLOUR) -> QIcon:
    """The Lucide icon *name* (e.g. ``"users"``) drawn in *colour*."""
    return _icon(name, colour)


def _pixmaps(svg: str, colour: str) -> list[QPixmap]:
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode("utf-8")))
    result = []
    for size in SIZES:
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.append(pixmap)
    return result


@cache
def _icon(name: str, colour: str) -> QIcon:
    result = QIcon()
    for pixmap in _pixmaps(_svg(name), colour):
        result.addPixmap(pixmap)
    for pixmap in _pixmaps(_svg(name), ICON_DISABLED):
        result.addPixmap(pixmap, QIcon.Mode.Disabled)
    return result
