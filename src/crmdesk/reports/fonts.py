"""The CJK font of the reports (Qt-free, so the GUI can load the same file for the screen).

crmdesk ships WenQuanYi Micro Hei (TrueType outlines, Apache-2.0; see
``resources/fonts/LICENSE-wqy-microhei.txt``).  reportlab embeds a subset of it in
every PDF, so Chinese prints and extracts on machines without Chinese fonts.
Only when the shipped file is missing (a trimmed install) is a system font used.
"""

from __future__ import annotations

import threading
from pathlib import Path

from crmdesk import resources
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP

FONT_NAME = "CrmdeskCJK"
FONT_FILE = "wqy-microhei.ttc"

#: TrueType-outline CJK fonts to fall back on (reportlab cannot load CFF/PostScript
#: outlines such as Noto CJK); (path, index of the face in a collection)
SYSTEM_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", 0),
)

_lock = threading.Lock()
_registered: str | None = None


class FontMissing(KnownError):
    context = "Reports"


def cjk_font() -> tuple[Path, int]:
    """The CJK font file (and the face index in it) used for reports and on screen."""
    shipped = resources.fonts_dir() / FONT_FILE
    if shipped.is_file():
        return shipped, 0
    for path, index in SYSTEM_FONTS:
        if Path(path).is_file():
            return Path(path), index
    raise FontMissing(QT_TRANSLATE_NOOP(
        "Reports", "No Chinese font found for reports: reinstall crmdesk (it ships {file} "
                   "in its fonts folder)."), file=FONT_FILE)


def cjk_font_path() -> Path:
    """Just the path of :func:`cjk_font` (for ``QFontDatabase.addApplicationFont``)."""
    return cjk_font()[0]


def register() -> str:
    """Register the CJK font with reportlab once per process; returns its name."""
    global _registered
    with _lock:
        if _registered is None:
            from reportlab.lib.fonts import addMapping
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            path, index = cjk_font()
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=index))
            # The font has no bold or italic faces: <b> and <i> use the same glyphs.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
            _registered = FONT_NAME
        return _registered
