"""Start the desktop application: Qt, fonts, translations, style, the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from crmdesk import config, resources, translation
from crmdesk.ui import collector, theme
from crmdesk.ui.errors import ErrorReporter, install_excepthook

log = logging.getLogger(__name__)


def register_fonts(app: QApplication) -> str | None:
    """Make Chinese render everywhere: the shipped CJK font, else a system one."""
    family = None
    folder = resources.fonts_dir()
    for path in sorted(folder.glob("*.tt[fc]")) if folder.exists() else []:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families = QFontDatabase.applicationFontFamilies(font_id)
            family = family or (families[0] if families else None)
    available = set(QFontDatabase.families())
    for candidate in (family, "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC",
                      "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC"):
        if candidate and candidate in available:
            font = QFont(candidate)
            font.setPointSizeF(10)
            app.setFont(font)
            return candidate
    return None


def create_application(argv: list[str] | None = None, language: str | None = None
                       ) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("crmdesk")
    app.setOrganizationName("crmdesk")
    app.setApplicationDisplayName("crmdesk")
    collector.install(app)  # cyclic garbage is collected on this thread only
    theme.apply(app)
    register_fonts(app)
    settings = config.AppSettings()
    translation.install(app, language or settings.get("language") or None)
    from crmdesk.ui.dialogs.welcome import app_icon_files

    app_icon = QIcon()
    for path in app_icon_files():  # resources/icons/app, 16 to 512 px
        app_icon.addFile(str(path))
    app.setWindowIcon(app_icon)
    app.setDesktopFileName("crmdesk")  # the .desktop entry (Wayland, task bars)
    return app


def run(file: str | None = None, *, language: str | None = None) -> int:
    """The GUI entry point: ``crmdesk [FILE]``."""
    log_file = config.setup_logging()
    ErrorReporter.log_file = str(log_file)
    from crmdesk import witnesses

    witnesses.install()  # this computer keeps the audit heads the window commits
    app = create_application(language=language)
    install_excepthook()
    from crmdesk.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    settings = config.AppSettings()
    target = file
    if target is None:
        recent = settings.get("recent_files")
        target = next((p for p in recent if Path(p).exists()), None)
    if target:
        window.open_database(target)
    else:  # first run: offer a new database, an existing one or the demo
        from crmdesk.ui.dialogs.welcome import welcome_later

        welcome_later(window)
    return int(app.exec())
