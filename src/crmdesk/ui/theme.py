"""The window's look in one place: colours, the palette and the style sheet.

Every colour the widgets use is named here, so a state (disabled, read-only,
invalid, hint) looks the same on every screen.  :func:`apply` installs the
palette and the style sheet on the application.
"""

from __future__ import annotations

from PySide6.QtCore import QTemporaryDir
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit

from crmdesk import resources

# -- colours ------------------------------------------------------------------------------
ACCENT = "#1f6feb"
ACCENT_HOVER = "#1a62d6"
ACCENT_BORDER = "#1a5fd0"
ACCENT_DISABLED = "#a9c4f5"
ACCENT_TEXT = "#0b4fb3"
ACCENT_SOFT = "#e7f0fd"
SELECTION = "#cfe2ff"

TEXT = "#1f2328"
TEXT_STRONG = "#1b2430"
TEXT_SECTION = "#24292f"
TEXT_MUTED = "#57606a"
TEXT_STATUS = "#444c56"
TEXT_HINT = "#6a737d"
TEXT_DISABLED = "#8c959f"
PLACEHOLDER = "#a3abb5"
ICON = "#3d4a5c"
ICON_DISABLED = "#a8b0ba"

WINDOW = "#f6f7f9"
SURFACE = "#ffffff"
SURFACE_ALT = "#f8fafc"
SURFACE_HOVER = "#f3f5f8"
SURFACE_DISABLED = "#eef0f3"
SURFACE_READ_ONLY = "#f6f7f9"
HEADER = "#f1f3f6"
TAB = "#eceff3"
BORDER = "#c9cfd6"
BORDER_SOFT = "#e1e4e8"
BORDER_CARD = "#dfe3e8"
BORDER_DISABLED = "#dde1e6"
GRID = "#e6e9ee"

ERROR = "#c42b1c"
ERROR_BORDER = "#d1242f"
ERROR_SURFACE = "#fff8f8"
REQUIRED = ERROR

#: icons and text on an accent-coloured (primary) button
ON_ACCENT = "#ffffff"
#: the border of a hovered card (dashboard figures)
ACCENT_HOVER_BORDER = "#9ec2fa"
#: a warning icon (a record changed elsewhere)
WARNING = "#9a6700"
#: a hovered entry of a light list (the report choices)
SURFACE_HOVER_LIST = "#f1f3f5"
#: a selected card on the pipeline board
SELECTED_CARD = "#f0f6ff"
#: the handle of a thin scroll bar (the pipeline board)
SCROLL_HANDLE = "#c3cad3"
#: done, passed, created: a verified backup, a finished import step, a merge that worked
SUCCESS = "#1a7f37"
#: a banner that reports success (the import's result, a merge)
SUCCESS_SURFACE = "#eaf6ec"
SUCCESS_BORDER = "#a9d8b2"
#: a banner that warns (the import: rows to look at)
WARNING_SURFACE = "#fff8e1"
WARNING_BORDER = "#f0d48a"
#: a banner or a row with a problem (the import: rows that cannot be imported)
PROBLEM_SURFACE = "#fdecea"
PROBLEM_BORDER = "#f2b8b5"
PROBLEM_TEXT = "#a4211a"
#: a row that duplicates a record (the import preview)
DUPLICATE_SURFACE = "#fff6e0"
#: merging records (the import's "merge" action)
MERGE = "#8250df"
# The charts' colours are the printed ones: crmdesk.reports.theme.CHART_PALETTE.

STYLE = """
QMainWindow, QDialog { background: @WINDOW; }
QDialogButtonBox { dialogbuttonbox-buttons-have-icons: 0; }
QToolBar#main { background: @SURFACE; border: none; border-bottom: 1px solid @BORDER_SOFT;
                spacing: 6px; padding: 4px 8px; }
QTreeWidget#navigation { background: @SURFACE; border: none;
                         border-right: 1px solid @BORDER_SOFT; font-size: 10.5pt; }
QTreeWidget#navigation::item { padding: 5px 4px; border-radius: 4px; }
QTreeWidget#navigation::item:selected { background: @ACCENT_SOFT; color: @ACCENT_TEXT; }
QTreeWidget#navigation::item:hover:!selected { background: @HEADER; }
QTabWidget#documents::pane { border: none; background: @SURFACE; }
QTabBar::tab { background: @TAB; border: 1px solid @BORDER_DISABLED; border-bottom: none;
               padding: 6px 12px; margin-right: 2px; border-top-left-radius: 5px;
               border-top-right-radius: 5px; min-width: 70px; }
QTabBar::tab:selected { background: @SURFACE; color: @ACCENT_TEXT; }
QTabBar::close-button { image: url(@ICON_CLOSE); subcontrol-position: right; padding: 2px; }
QTabBar::close-button:hover { background: #dde3ea; border-radius: 3px; }
QHeaderView::section { background: @HEADER; border: none; border-right: 1px solid @BORDER_CARD;
                       border-bottom: 1px solid #d5dae0; padding: 4px 6px; font-weight: 600; }
QTableView { gridline-color: @GRID; selection-background-color: @SELECTION;
             selection-color: #111; alternate-background-color: @SURFACE_ALT; border: none; }

/* fields: enabled, focused, invalid, read-only, disabled */
QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QAbstractSpinBox {
    border: 1px solid @BORDER; border-radius: 4px; padding: 3px 6px; background: @SURFACE;
    color: @TEXT; }
QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus, QTextEdit:focus,
QAbstractSpinBox:focus { border: 1px solid @ACCENT; }
QLineEdit[invalid="true"], QComboBox[invalid="true"], QPlainTextEdit[invalid="true"] {
    border: 1px solid @ERROR_BORDER; background: @ERROR_SURFACE; }
QLineEdit[hint="true"] { font-style: italic; }
QLineEdit:read-only, QPlainTextEdit[readOnly="true"] { background: @SURFACE_READ_ONLY; }
QLineEdit:disabled, QComboBox:disabled, QPlainTextEdit:disabled, QTextEdit:disabled,
QAbstractSpinBox:disabled { background: @SURFACE_DISABLED; color: @TEXT_DISABLED;
    border: 1px solid @BORDER_DISABLED; }

/* the drop-down of a combo box, its list (the current item keeps its text) */
QComboBox { padding-right: 22px; }
QComboBox::drop-down { subcontrol-origin: padding; subcontrol-position: center right;
                       width: 20px; border: none; }
QComboBox::down-arrow { image: url(@ARROW_DOWN); width: 12px; height: 12px; }
QComboBox::down-arrow:disabled { image: url(@ARROW_DOWN_DISABLED); }
QComboBox QAbstractItemView { background: @SURFACE; color: @TEXT; border: 1px solid @BORDER;
    selection-background-color: @SELECTION; selection-color: @TEXT; outline: none; }

/* spin boxes and date edits: visible up and down arrows */
QAbstractSpinBox { padding-right: 20px; }
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {
    subcontrol-origin: border; width: 18px; border: none;
    border-left: 1px solid @BORDER_SOFT; background: transparent; }
QAbstractSpinBox::up-button { subcontrol-position: top right; border-top-right-radius: 4px; }
QAbstractSpinBox::down-button { subcontrol-position: bottom right;
                                border-bottom-right-radius: 4px; }
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {
    background: @SURFACE_HOVER; }
QAbstractSpinBox::up-arrow { image: url(@ARROW_UP); width: 10px; height: 10px; }
QAbstractSpinBox::down-arrow { image: url(@ARROW_DOWN); width: 10px; height: 10px; }
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {
    image: url(@ARROW_UP_DISABLED); }
QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {
    image: url(@ARROW_DOWN_DISABLED); }
QDateEdit[calendarPopup="true"]::drop-down { subcontrol-origin: padding;
    subcontrol-position: center right; width: 20px; border: none; }
QDateEdit[calendarPopup="true"]::down-arrow { image: url(@ARROW_DOWN); width: 12px;
                                              height: 12px; }

QLabel[role="error"] { color: @ERROR; }
QLabel[role="hint"] { color: @TEXT_HINT; }
QLabel[role="title"] { font-size: 15pt; font-weight: 600; color: @TEXT_STRONG; }
QLabel[role="subtitle"] { font-size: 10pt; color: @TEXT_MUTED; }
QLabel[role="section"] { font-size: 10.5pt; font-weight: 600; color: @TEXT_SECTION;
                         padding-top: 6px; }
QLabel[role="form-section"] { font-size: 10.5pt; font-weight: 600; color: @ACCENT_TEXT;
    padding: 10px 0 2px 0; border-bottom: 1px solid @BORDER_SOFT; }
QLabel:disabled, QCheckBox:disabled, QRadioButton:disabled { color: @TEXT_DISABLED; }
QFrame[role="card"] { background: @SURFACE; border: 1px solid @BORDER_CARD; border-radius: 6px; }
QFrame[role="stage"] { background: @HEADER; border: 1px solid @BORDER_SOFT; border-radius: 6px; }

/* buttons: a disabled one must not look clickable */
QPushButton { border: 1px solid @BORDER; border-radius: 4px; padding: 5px 14px;
              background: @SURFACE; color: @TEXT; }
QPushButton:hover { background: @SURFACE_HOVER; }
QPushButton:disabled { background: @SURFACE_DISABLED; color: @TEXT_DISABLED;
                       border: 1px solid @BORDER_DISABLED; }
QPushButton[primary="true"] { background: @ACCENT; color: white; border: 1px solid @ACCENT_BORDER; }
QPushButton[primary="true"]:hover { background: @ACCENT_HOVER; }
QPushButton[primary="true"]:disabled { background: @ACCENT_DISABLED; color: #f4f7fd;
                                       border: 1px solid @ACCENT_DISABLED; }
QPushButton[danger="true"] { color: @ERROR; }
QPushButton[danger="true"]:disabled { color: @TEXT_DISABLED; }
QToolButton { border: none; border-radius: 4px; padding: 4px; }
QToolButton:hover { background: @TAB; }
QToolButton:disabled { color: @TEXT_DISABLED; }
QStatusBar { background: @SURFACE; border-top: 1px solid @BORDER_SOFT; }
QStatusBar QLabel { padding: 0 8px; color: @TEXT_STATUS; }
"""

_images: QTemporaryDir | None = None


def _image(name: str, colour: str, stroke: float = 2) -> str:
    """A Lucide icon drawn in *colour*, as a file a style sheet can point at
    (Qt's SVG renderer knows no ``currentColor``); *stroke*: the line width (of 24)."""
    global _images
    if _images is None:
        _images = QTemporaryDir()
    path = f"{_images.path()}/{name}-{colour.lstrip('#')}-{stroke}.svg"
    source = resources.icons_dir() / "lucide" / f"{name}.svg"
    text = source.read_text("utf-8").replace("currentColor", colour)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text.replace('stroke-width="2"', f'stroke-width="{stroke}"'))
    return path


def colours() -> dict[str, str]:
    """Every named colour of this module: {"ACCENT": "#1f6feb", ...}."""
    return {key: value for key, value in globals().items()
            if key.isupper() and isinstance(value, str) and value.startswith("#")}


def fill(style: str, extra: dict[str, str] | None = None) -> str:
    """*style* (a style sheet) with every ``@NAME`` replaced by the colour of that name
    (and by *extra*'s values): a screen's own style sheet uses the house colours."""
    names = {**colours(), **(extra or {})}
    for key in sorted(names, key=len, reverse=True):  # ARROW_UP_DISABLED before ARROW_UP
        style = style.replace("@" + key, names[key])
    return style


def style_sheet() -> str:
    """The application's style sheet, colours and images filled in."""
    return fill(STYLE, {
        "ICON_CLOSE": _image("x", ICON),
        # small arrows need a bolder line to be seen
        "ARROW_DOWN": _image("chevron-down", ICON, 3),
        "ARROW_DOWN_DISABLED": _image("chevron-down", ICON_DISABLED, 3),
        "ARROW_UP": _image("chevron-up", ICON, 3),
        "ARROW_UP_DISABLED": _image("chevron-up", ICON_DISABLED, 3),
    })


def palette(base: QPalette) -> QPalette:
    """Fusion's palette with the house colours for hints and disabled widgets."""
    result = QPalette(base)
    group = QPalette.ColorGroup
    role = QPalette.ColorRole
    for group_ in (group.Active, group.Inactive):
        result.setColor(group_, role.PlaceholderText, QColor(PLACEHOLDER))
        result.setColor(group_, role.Highlight, QColor(ACCENT))
    for role_ in (role.WindowText, role.Text, role.ButtonText):
        result.setColor(group.Disabled, role_, QColor(TEXT_DISABLED))
    result.setColor(group.Disabled, role.Base, QColor(SURFACE_DISABLED))
    result.setColor(group.Disabled, role.Button, QColor(SURFACE_DISABLED))
    result.setColor(group.Disabled, role.PlaceholderText, QColor(PLACEHOLDER))
    return result


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setPalette(palette(app.style().standardPalette()))
    app.setStyleSheet(style_sheet())


def set_hint(edit: QLineEdit, text: str) -> None:
    """A placeholder that reads as a hint, not as data: light and italic while the
    field is empty (the typed text keeps the normal font)."""
    edit.setPlaceholderText(text)

    def update(current: str) -> None:
        showing = not current and bool(edit.placeholderText())
        if bool(edit.property("hint")) != showing:
            # a style-sheet property, not setFont: re-polishing (an invalid field's
            # red border) would put back whatever font the widget was polished with
            edit.setProperty("hint", showing)
            edit.style().unpolish(edit)
            edit.style().polish(edit)

    edit.textChanged.connect(update)
    update(edit.text())
