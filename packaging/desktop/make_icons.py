"""Draw crmdesk's application icon: PNGs 16..512 px and a Windows .ico.

    .venv/bin/python packaging/desktop/make_icons.py [OUT_DIR]

The outputs are committed under resources/icons/app/ (run this again only to change
the drawing). The icon is a white address card (a person and two lines of text) on a
rounded blue square in the window's accent colour. QPainter draws the PNGs (no
offscreen display needed beyond QT_QPA_PLATFORM=offscreen); Pillow, which reportlab
already brings, packs them into one multi-size .ico.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
)

ROOT = Path(__file__).resolve().parents[2]
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
TOP, BOTTOM = "#3b82f6", "#1a56c4"   # around the window's accent #1f6feb
CARD, INK, LINE = "#ffffff", "#1f6feb", "#9bbcf3"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 512, size / 512)  # draw on a 512 x 512 grid
    margin = 24 if size >= 32 else 8
    gradient = QLinearGradient(QPointF(0, 0), QPointF(0, 512))
    gradient.setColorAt(0, QColor(TOP))
    gradient.setColorAt(1, QColor(BOTTOM))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    p.drawRoundedRect(QRectF(margin, margin, 512 - 2 * margin, 512 - 2 * margin), 96, 96)
    # the card
    p.setBrush(QColor(CARD))
    p.drawRoundedRect(QRectF(88, 132, 336, 248), 36, 36)
    # the person: head and shoulders, clipped to the card's left half
    p.setBrush(QColor(INK))
    p.drawEllipse(QPointF(184, 226), 42, 42)
    shoulders = QPainterPath()
    shoulders.moveTo(114, 336)
    shoulders.cubicTo(114, 278, 150, 276, 184, 276)
    shoulders.cubicTo(218, 276, 254, 278, 254, 336)
    shoulders.closeSubpath()
    p.drawPath(shoulders)
    # two lines of text (left out at 16 px, where they would blur into grey)
    if size > 16:
        p.setBrush(QColor(INK))
        p.drawRoundedRect(QRectF(280, 200, 104, 28), 14, 14)
        p.setBrush(QColor(LINE))
        p.drawRoundedRect(QRectF(280, 250, 104, 28), 14, 14)
        p.drawRoundedRect(QRectF(280, 300, 72, 28), 14, 14)
    p.end()
    return image


def main(out: Path) -> None:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        if not draw(size).save(str(out / f"crmdesk-{size}.png")):
            raise SystemExit(f"could not write {out / f'crmdesk-{size}.png'}")
    from PIL import Image

    largest = Image.open(out / "crmdesk-256.png")
    largest.save(out / "crmdesk.ico", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[Image.open(out / f"crmdesk-{s}.png") for s in ICO_SIZES])
    print(f"icons written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "icons" / "app")
