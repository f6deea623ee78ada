"""Start the desktop application: Qt, fonts, translations, style, the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from crmdesk import config, resources, translation
from crmdesk.ui.errors import ErrorReporter, install_excepthook

log = logging.getLogger("crmdesk.ui")

ACCENT = "#1f6feb"

STYLE = """
QMainWindow, QDialog { background: #f6f7f9; }
QDialogButtonBox { dialogbuttonbox-buttons-have-icons: 0; }
QToolBar#main { background: #ffffff; border: none; border-bottom: 1px solid #e1e4e8;
                spacing: 6px; padding: 4px 8px; }
QTreeWidget#navigation { background: #ffffff; border: none; border-right: 1px solid #e1e4e8;
                         font-size: 10.5pt; }
QTreeWidget#navigation::item { padding: 5px 4px; border-radius: 4px; }
QTreeWidget#navigation::item:selected { background: #e7f0fd; color: #0b4fb3; }
QTreeWidget#navigation::item:hover:!selected { background: #f1f3f5; }
QTabWidget#documents::pane { border: none; background: #ffffff; }
QTabBar::tab { background: #eceff3; border: 1px solid #dde1e6; border-bottom: none;
               padding: 6px 12px; margin-right: 2px; border-top-left-radius: 5px;
               border-top-right-radius: 5px; min-width: 70px; }
QTabBar::tab:selected { background: #ffffff; color: #0b4fb3; }
QTabBar::close-button { image: url(CLOSE_ICON); subcontrol-position: right; padding: 2px; }
QTabBar::close-button:hover { background: #dde3ea; border-radius: 3px; }
QHeaderView::section { background: #f1f3f6; border: none; border-right: 1px solid #dfe3e8;
                       border-bottom: 1px solid #d5dae0; padding: 4px 6px; font-weight: 600; }
QTableView { gridline-color: #e6e9ee; selection-background-color: #cfe2ff;
             selection-color: #111; alternate-background-color: #f8fafc; border: none; }
QLineEdit, QComboBox, QPlainTextEdit, QSpinBox, QDateEdit {
    border: 1px solid #c9cfd6; border-radius: 4px; padding: 3px 6px; background: #ffffff; }
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus { border: 1px solid #1f6feb; }
QLineEdit[invalid="true"], QComboBox[invalid="true"], QPlainTextEdit[invalid="true"] {
    border: 1px solid #d1242f; background: #fff8f8; }
QLabel[role="error"] { color: #c42b1c; }
QLabel[role="hint"] { color: #6a737d; }
QLabel[role="title"] { font-size: 15pt; font-weight: 600; color: #1b2430; }
QLabel[role="subtitle"] { font-size: 10pt; color: #57606a; }
QLabel[role="section"] { font-size: 10.5pt; font-weight: 600; color: #24292f;
                         padding-top: 6px; }
QFrame[role="card"] { background: #ffffff; border: 1px solid #dfe3e8; border-radius: 6px; }
QFrame[role="stage"] { background: #f1f3f6; border: 1px solid #e1e4e8; border-radius: 6px; }
QPushButton { border: 1px solid #c9cfd6; border-radius: 4px; padding: 5px 14px;
              background: #ffffff; }
QPushButton:hover { background: #f3f5f8; }
QPushButton[primary="true"] { background: #1f6feb; color: white; border: 1px solid #1a5fd0; }
QPushButton[primary="true"]:hover { background: #1a62d6; }
QPushButton[danger="true"] { color: #c42b1c; }
QToolButton { border: none; border-radius: 4px; padding: 4px; }
QToolButton:hover { background: #eceff3; }
QStatusBar { background: #ffffff; border-top: 1px solid #e1e4e8; }
QStatusBar QLabel { padding: 0 8px; color: #444c56; }
"""


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
    app.setStyle("Fusion")
    close_icon = (resources.icons_dir() / "lucide" / "x.svg").as_posix()
    app.setStyleSheet(STYLE.replace("CLOSE_ICON", close_icon))
    register_fonts(app)
    settings = config.AppSettings()
    translation.install(app, language or settings.get("language") or None)
    from crmdesk.ui.icons import icon

    app.setWindowIcon(QIcon(icon("users", ACCENT)))
    return app


def run(file: str | None = None, *, language: str | None = None) -> int:
    """The GUI entry point: ``crmdesk [FILE]``."""
    log_file = config.setup_logging()
    ErrorReporter.log_file = str(log_file)
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
    return int(app.exec())
