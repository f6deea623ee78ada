"""The import wizard: a file, its columns, a check of every row, the import.

1. *File*: the file (the platform's open dialog), the record type, the sheet of a
   workbook, the text encoding of a CSV file and the contact-export preset; the
   first rows are shown as read, so a wrong encoding shows at once.
2. *Columns*: the field each column fills, guessed from the headers and
   editable; mappings can be saved by name (JSON in the user's config folder) or
   to a file, and loaded again for next month's file.
3. *Check*: every row checked in the background with the services' own rules
   (``importer.preview``): problems marked per cell with the message that says
   how to fix them, duplicates with the record they match and a per-row choice
   of what to do, the counts, the error report (.xlsx), the mode
   (all-or-nothing or the valid rows) and the default for duplicates.
4. *Import*: ``importer.run_import`` in the worker, in one transaction, with a
   progress bar and Cancel (a cancelled or failed import changes nothing), then a
   summary; open datasheets refresh.

File > Import ... and the datasheets' Import button open it (:func:`open_import_wizard`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from crmdesk.config import config_dir
from crmdesk.core.permissions import Actor
from crmdesk.errors import KnownError
from crmdesk.exchange import importer
from crmdesk.exchange.error_report import write_error_report
from crmdesk.exchange.importer import ImportOptions, ImportResult
from crmdesk.exchange.jobs import CancelledError, JobControl
from crmdesk.exchange.mapping import IMPORT_ENTITIES, ColumnMapping, Target, guess_mapping, targets
from crmdesk.exchange.sources import Source, open_source
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.ui.dialogs.import_preview import (
    ActionDelegate,
    PreviewFilter,
    PreviewModel,
    action_help,
    cell_text,
)
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.views.datasheet import entity_plural
from crmdesk.ui.widgets import file_dialogs
from crmdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from crmdesk.ui.main_window import MainWindow
    from crmdesk.ui.operations import Operation

translate = QCoreApplication.translate

FILE_FILTER_EXTENSIONS = "*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt *.tsv *.vcf *.vcard"
#: rows of the file shown on the first page
SAMPLE_ROWS = 8
#: rows kept in full by the check (besides every row with a problem or a duplicate)
PREVIEW_ROWS = 200
STEP_STYLE = """
QLabel[step="current"] { color: #0b4fb3; font-weight: 600; }
QLabel[step="done"] { color: #1a7f37; }
QLabel[step="todo"] { color: #8c959f; }
QLabel[role="count"] { font-size: 17pt; font-weight: 600; color: #1b2430; }
QLabel[role="count-bad"] { font-size: 17pt; font-weight: 600; color: #c42b1c; }
QLabel[role="count-warn"] { font-size: 17pt; font-weight: 600; color: #9a6700; }
QLabel[role="count-good"] { font-size: 17pt; font-weight: 600; color: #1a7f37; }
QFrame[role="card"] QLabel { background: transparent; }
QFrame[role="banner"] { background: #fff8e1; border: 1px solid #f0d48a; border-radius: 5px; }
QFrame[role="banner-ok"] { background: #eaf6ec; border: 1px solid #a9d8b2; border-radius: 5px; }
QFrame[role="banner-bad"] { background: #fdecea; border: 1px solid #f2b8b5; border-radius: 5px; }
"""


class ReportSaveError(KnownError):
    """The error report could not be written (a full disk, a folder without rights)."""

    context = "ImportWizard"


def importable_entities(actor: Actor) -> list[str]:
    """Record types *actor* may import into."""
    return [e for e in IMPORT_ENTITIES if e != "product" or actor.can("products.manage")]


def mappings_dir() -> Path:
    """Where named column mappings are kept (one JSON file each)."""
    path = config_dir() / "mappings"
    path.mkdir(parents=True, exist_ok=True)
    return path


def mapping_file_name(name: str) -> str:
    safe = " ".join(re.sub(r'[\\/:*?"<>|]+', " ", name).split())
    return (safe or "mapping") + ".json"


def saved_mappings() -> list[tuple[str, str, Path]]:
    """``(name, entity, path)`` of the named mappings, by name."""
    found = []
    for path in sorted(mappings_dir().glob("*.json")):
        try:
            mapping = ColumnMapping.load(path)
        except KnownError:
            continue
        found.append((mapping.name or path.stem, mapping.entity, path))
    return sorted(found, key=lambda item: item[0].lower())


def stage_text(stage: str, done: int, total: int | None) -> str:
    """``Checking row 2,000 of 10,000 ...``"""
    if total:
        texts = {"check": translate("ImportWizard", "Checking row {done} of {total} ..."),
                 "import": translate("ImportWizard", "Importing row {done} of {total} ...")}
    else:
        texts = {"check": translate("ImportWizard", "Checked {done} rows ..."),
                 "import": translate("ImportWizard", "Imported {done} rows ...")}
    text = texts.get(stage, translate("ImportWizard", "{done} of {total} ..."))
    return text.format(done=f"{done:,}", total=f"{total or 0:,}")


class _Signals(QObject):
    """Progress from the worker to the wizard (queued to the GUI thread)."""

    progressed = Signal(str, int, int)  # stage, done, total (-1: unknown)


def _card(value_label: QLabel, caption: str) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    box = QVBoxLayout(frame)
    box.setContentsMargins(14, 8, 14, 8)
    box.setSpacing(0)
    value_label.setProperty("role", "count")
    text = QLabel(caption)
    text.setProperty("role", "hint")
    box.addWidget(value_label)
    box.addWidget(text)
    return frame


def _set_role(label: QWidget, role: str) -> None:
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


class _Progress(QWidget):
    """A progress bar with its text and a Cancel button, shown while a job runs."""

    def __init__(self, cancel_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(10)
        self.cancel = QPushButton(icon("x"), cancel_text)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.text)
        box.addLayout(row)

    def start(self, text: str) -> None:
        self.text.setText(text)
        self.bar.setRange(0, 0)
        self.cancel.setEnabled(True)
        self.show()

    def update(self, text: str, done: int, total: int) -> None:  # type: ignore[override]
        self.text.setText(text)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)


# ---------------------------------------------------------------------------
# Step 1: the file
# ---------------------------------------------------------------------------

class FilePage(QWidget):
    def __init__(self, entities: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = QLineEdit()
        self.path.setPlaceholderText(translate("ImportWizard", "Choose an Excel workbook, a CSV "
                                                               "file or contact cards (.vcf)"))
        self.browse = QPushButton(icon("folder-open"), translate("ImportWizard", "Browse ..."))
        self.entity = QComboBox()
        for entity in entities:
            self.entity.addItem(entity_plural(entity), entity)
        self.sheet = QComboBox()
        self.encoding = QComboBox()
        for text, value in ((translate("ImportWizard", "Automatic"), None),
                            ("UTF-8", "utf-8"),
                            (translate("ImportWizard", "GBK / GB18030 (Chinese Excel, WPS)"),
                             "gb18030"),
                            ("UTF-16", "utf-16")):
            self.encoding.addItem(text, value)
        self.preset = QComboBox()
        for text, value in ((translate("ImportWizard", "Automatic (recognised from the "
                                                       "headers)"), None),
                            (translate("ImportWizard", "Google Contacts CSV"), "google"),
                            (translate("ImportWizard", "Outlook CSV"), "outlook"),
                            (translate("ImportWizard", "None: the columns as they are"), "none")):
            self.preset.addItem(text, value)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(translate("ImportWizard", "File:"), file_row)
        form.addRow(translate("ImportWizard", "Import into:"), self.entity)
        form.addRow(translate("ImportWizard", "Sheet:"), self.sheet)
        form.addRow(translate("ImportWizard", "Text encoding:"), self.encoding)
        form.addRow(translate("ImportWizard", "Contact export:"), self.preset)
        self.info = QLabel()
        self.info.setProperty("role", "hint")
        self.info.setWordWrap(True)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.sample_title = QLabel(translate("ImportWizard", "The first rows as read"))
        self.sample_title.setProperty("role", "section")
        self.sample = QTableWidget()
        self.sample.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sample.setAlternatingRowColors(True)
        self.sample.setWordWrap(False)
        self.sample.verticalHeader().setDefaultSectionSize(24)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(form)
        box.addWidget(self.info)
        box.addWidget(self.error)
        box.addWidget(self.sample_title)
        box.addWidget(self.sample, 1)
        self.show_source(None, [])

    def options(self) -> dict[str, Any]:
        return {"encoding": self.encoding.currentData(), "preset": self.preset.currentData(),
                "sheet": self.sheet.currentData()}

    def entity_key(self) -> str:
        return str(self.entity.currentData())

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def show_source(self, source: Source | None, sample: list[tuple[int, list[Any]]]) -> None:
        spreadsheet = source is not None and source.format == "xlsx"
        text = source is not None and source.format == "csv"
        self.sheet.blockSignals(True)
        self.sheet.clear()
        if source is not None and source.sheets:
            for name in source.sheets:
                self.sheet.addItem(name, name)
            self.sheet.setCurrentIndex(max(0, self.sheet.findData(source.sheet)))
        self.sheet.blockSignals(False)
        self.sheet.setEnabled(spreadsheet and self.sheet.count() > 1)
        self.encoding.setEnabled(text or (source is not None and source.format == "vcard"))
        self.preset.setEnabled(source is not None and source.format != "vcard")
        self.sample_title.setVisible(source is not None)
        self.sample.setVisible(source is not None)
        if source is None:
            self.info.setText(translate(
                "ImportWizard", "Excel workbooks (.xlsx, .xls, .ods), CSV files in UTF-8 or "
                                "GBK, and contact cards (.vcf). Google Contacts and Outlook "
                                "exports are recognised. The first row holds the column "
                                "names."))
            return
        self.info.setText(describe_source(source))
        self.sample.clear()
        self.sample.setColumnCount(len(source.headers))
        self.sample.setRowCount(len(sample))
        self.sample.setHorizontalHeaderLabels(source.headers)
        self.sample.setVerticalHeaderLabels([str(number) for number, _v in sample])
        for row, (_number, values) in enumerate(sample):
            for column, value in enumerate(values):
                self.sample.setItem(row, column, QTableWidgetItem(cell_text(value)))
        self.sample.resizeColumnsToContents()
        for column in range(self.sample.columnCount()):
            self.sample.setColumnWidth(column, min(self.sample.columnWidth(column), 220))


def describe_source(source: Source) -> str:
    """One line about a file as read: rows, columns, sheet, encoding, preset."""
    parts = [source.path.name]
    if source.total is not None:
        parts.append(translate("ImportWizard", "{n} rows").format(n=f"{source.total:,}"))
    parts.append(translate("ImportWizard", "{n} columns").format(n=len(source.headers)))
    if source.sheet:
        parts.append(translate("ImportWizard", "sheet “{sheet}”").format(sheet=source.sheet))
    if source.encoding:
        parts.append(translate("ImportWizard", "encoding {encoding}").format(
            encoding=source.encoding.upper().replace("_", "-").replace("-SIG", " (BOM)")))
    if source.delimiter:
        shown = {"\t": translate("ImportWizard", "tab")}.get(source.delimiter,
                                                             source.delimiter)
        parts.append(translate("ImportWizard", "separated by {delimiter}").format(
            delimiter=shown))
    if source.preset:
        name = {"google": translate("ImportWizard", "Google Contacts export"),
                "outlook": translate("ImportWizard", "Outlook export")}.get(source.preset,
                                                                           source.preset)
        parts.append(translate("ImportWizard", "{preset} recognised").format(preset=name))
    return " · ".join(parts)


# ---------------------------------------------------------------------------
# Step 2: the columns
# ---------------------------------------------------------------------------

class MappingPage(QWidget):
    """Source column -> target field, one combo box per column."""

    changed = Signal()

    COLUMN, SAMPLE, TARGET = 0, 1, 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.targets: list[Target] = []
        self.headers: list[str] = []
        self.combos: list[QComboBox] = []
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([
            translate("ImportWizard", "Column in the file"),
            translate("ImportWizard", "Values in the first rows"),
            translate("ImportWizard", "Imports into")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.TARGET, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(self.COLUMN, 170)
        self.table.setColumnWidth(self.TARGET, 230)
        self.load_button = QToolButton()
        self.load_button.setText(translate("ImportWizard", "Load mapping"))
        self.load_button.setIcon(icon("folder-open"))
        self.load_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.load_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.load_menu = QMenu(self)
        self.load_button.setMenu(self.load_menu)
        self.save_button = QToolButton()
        self.save_button.setText(translate("ImportWizard", "Save mapping"))
        self.save_button.setIcon(icon("save"))
        self.save_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.save_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.save_menu = QMenu(self)
        self.save_button.setMenu(self.save_menu)
        self.guess_button = QToolButton()
        self.guess_button.setText(translate("ImportWizard", "Guess again"))
        self.guess_button.setIcon(icon("refresh-cw"))
        self.guess_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.mapping_name = QLabel()
        self.mapping_name.setProperty("role", "hint")
        tools = QHBoxLayout()
        hint = QLabel(translate("ImportWizard", "Choose the field each column fills. Columns "
                                                "set to “Do not import” are left out; fields "
                                                "marked * are required."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        tools.addWidget(hint, 1)
        tools.addWidget(self.mapping_name)
        tools.addWidget(self.load_button)
        tools.addWidget(self.save_button)
        tools.addWidget(self.guess_button)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(tools)
        box.addWidget(self.table, 1)
        box.addWidget(self.note)
        box.addWidget(self.error)

    def show_mapping(self, source: Source, sample: list[tuple[int, list[Any]]],
                     available: list[Target], mapping: ColumnMapping) -> None:
        self.targets = available
        self.headers = list(source.headers)
        self.combos = []
        self.table.setRowCount(len(self.headers))
        for row, header in enumerate(self.headers):
            item = QTableWidgetItem(header)
            hinted = source.hints.get(header)
            if hinted:
                item.setToolTip(translate("ImportWizard", "Made from the contact export"))
            self.table.setItem(row, self.COLUMN, item)
            values = [cell_text(values[row]) for _n, values in sample
                      if row < len(values) and values[row] is not None][:4]
            shown = QTableWidgetItem("  ·  ".join(values))
            shown.setForeground(Qt.GlobalColor.darkGray)
            shown.setToolTip("\n".join(values))
            self.table.setItem(row, self.SAMPLE, shown)
            combo = QComboBox()
            combo.addItem(icon("eye-off", "#8c959f"),
                          translate("ImportWizard", "Do not import"), "")
            for target in available:
                combo.addItem(target.label + (" *" if target.required else ""), target.key)
            combo.setMaxVisibleItems(20)
            combo.currentIndexChanged.connect(lambda _i, r=row: self._picked(r))
            self.combos.append(combo)
            self.table.setCellWidget(row, self.TARGET, combo)
        self.set_columns(mapping.columns)

    def set_columns(self, columns: dict[str, str]) -> int:
        """Show *columns* (header -> target); returns how many columns it set."""
        known = {t.key for t in self.targets}
        matched = 0
        for row, header in enumerate(self.headers):
            target = columns.get(header, "")
            if target not in known:
                target = ""
            matched += bool(target)
            combo = self.combos[row]
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(target)))
            combo.blockSignals(False)
        self._refresh()
        return matched

    def columns(self) -> dict[str, str]:
        return {header: str(combo.currentData()) for header, combo
                in zip(self.headers, self.combos, strict=True) if combo.currentData()}

    def set_target(self, header: str, target: str) -> None:
        """Choose *target* for the column *header* (as the user would)."""
        combo = self.combos[self.headers.index(header)]
        combo.setCurrentIndex(combo.findData(target))

    def _picked(self, row: int) -> None:
        target = self.combos[row].currentData()
        if target:  # a field is filled by one column: the other one lets go
            for other, combo in enumerate(self.combos):
                if other != row and combo.currentData() == target:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                    self.note.setText(translate(
                        "ImportWizard", "“{other}” is no longer imported: “{column}” fills "
                                        "{field} now.").format(
                        other=self.headers[other], column=self.headers[row],
                        field=self.combos[row].currentText().rstrip(" *")))
        else:
            self.note.clear()
        self.error.hide()
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        for row, combo in enumerate(self.combos):
            item = self.table.item(row, self.COLUMN)
            if item is not None:
                item.setForeground(Qt.GlobalColor.black if combo.currentData()
                                   else Qt.GlobalColor.gray)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


# ---------------------------------------------------------------------------
# Step 3: the check
# ---------------------------------------------------------------------------

class CheckPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = _Progress(translate("ImportWizard", "Stop"))
        self.rows_count, self.valid_count = QLabel("0"), QLabel("0")
        self.invalid_count, self.duplicate_count = QLabel("0"), QLabel("0")
        cards = QHBoxLayout()
        cards.addWidget(_card(self.rows_count, translate("ImportWizard", "rows in the file")))
        cards.addWidget(_card(self.valid_count, translate("ImportWizard", "can be imported")))
        cards.addWidget(_card(self.invalid_count, translate("ImportWizard", "have problems")))
        cards.addWidget(_card(self.duplicate_count,
                              translate("ImportWizard", "match existing records")))
        self.plan = QLabel()
        self.plan.setProperty("role", "hint")
        self.plan.setWordWrap(True)
        self.cards = QWidget()
        cards_box = QVBoxLayout(self.cards)
        cards_box.setContentsMargins(0, 0, 0, 0)
        cards_box.addLayout(cards)
        cards_box.addWidget(self.plan)

        self.show_combo = QComboBox()
        self.show_combo.addItem(translate("ImportWizard", "All rows"), "all")
        self.show_combo.addItem(icon("triangle-alert", "#c42b1c"),
                                translate("ImportWizard", "Rows with problems"), "problems")
        self.show_combo.addItem(icon("copy", "#9a6700"),
                                translate("ImportWizard", "Duplicates"), "duplicates")
        self.report_button = QPushButton(icon("file-down"),
                                         translate("ImportWizard", "Save error report ..."))
        self.shown = QLabel()
        self.shown.setProperty("role", "hint")
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(translate("ImportWizard", "Show:")))
        filter_row.addWidget(self.show_combo)
        filter_row.addWidget(self.shown, 1)
        filter_row.addWidget(self.report_button)

        self.table = QTableView()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setIconSize(QSize(14, 14))
        self.table.setItemDelegateForColumn(PreviewModel.ACTION, ActionDelegate(self.table))

        self.mode_all = QRadioButton(translate(
            "ImportWizard", "Import nothing while any row has a problem (all or nothing)"))
        self.mode_valid = QRadioButton(translate(
            "ImportWizard", "Import the rows without problems, leave out the others"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.mode_all)
        self.mode_group.addButton(self.mode_valid)
        self.mode_all.setChecked(True)
        self.duplicates = QComboBox()
        for action in importer.ACTIONS:
            self.duplicates.addItem(self.duplicate_text(action), action)
            self.duplicates.setItemData(self.duplicates.count() - 1, action_help(action),
                                        Qt.ItemDataRole.ToolTipRole)
        self.mode_note = QLabel()
        self.mode_note.setWordWrap(True)
        self.mode_note.setProperty("role", "error")
        options = QGridLayout()
        options.setColumnStretch(1, 1)
        options.addWidget(QLabel(translate("ImportWizard", "Rows with problems:")), 0, 0)
        options.addWidget(self.mode_all, 0, 1)
        options.addWidget(self.mode_valid, 1, 1)
        options.addWidget(QLabel(translate("ImportWizard", "Rows matching a record:")), 2, 0)
        duplicates_row = QHBoxLayout()
        duplicates_row.addWidget(self.duplicates)
        duplicates_hint = QLabel(translate(
            "ImportWizard", "(double-click “Import as” to choose for one row)"))
        duplicates_hint.setProperty("role", "hint")
        duplicates_row.addWidget(duplicates_hint)
        duplicates_row.addStretch()
        options.addLayout(duplicates_row, 2, 1)
        options.addWidget(self.mode_note, 3, 1)
        self.options = QFrame()
        self.options.setProperty("role", "card")
        options_box = QVBoxLayout(self.options)
        options_box.setContentsMargins(12, 8, 12, 8)
        options_box.addLayout(options)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "hint")

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.progress)
        box.addWidget(self.cards)
        box.addLayout(filter_row)
        box.addWidget(self.table, 1)
        box.addWidget(self.options)
        box.addWidget(self.message)

    @staticmethod
    def duplicate_text(action: str) -> str:
        texts = {"skip": translate("ImportWizard", "Skip them (keep the existing record)"),
                 "update": translate("ImportWizard", "Update the record with the file's values"),
                 "merge": translate("ImportWizard", "Fill the record's empty fields"),
                 "create": translate("ImportWizard", "Create new records anyway")}
        return texts[action]

    def mode(self) -> str:
        return "valid-rows" if self.mode_valid.isChecked() else "all-or-nothing"


# ---------------------------------------------------------------------------
# Step 4: the import
# ---------------------------------------------------------------------------

class ImportPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = _Progress(translate("ImportWizard", "Cancel import"))
        self.banner = QFrame()
        self.banner.setProperty("role", "banner-ok")
        self.headline = QLabel()
        self.headline.setProperty("role", "title")
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.banner_icon = QLabel()
        banner = QHBoxLayout(self.banner)
        banner.setContentsMargins(14, 10, 14, 10)
        banner.addWidget(self.banner_icon, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.addWidget(self.headline)
        texts.addWidget(self.detail)
        banner.addLayout(texts, 1)
        self.counts: dict[str, QLabel] = {}
        grid = QHBoxLayout()
        for key, caption in (("created", translate("ImportWizard", "created")),
                             ("updated", translate("ImportWizard", "updated")),
                             ("merged", translate("ImportWizard", "merged")),
                             ("skipped", translate("ImportWizard", "skipped (duplicates)")),
                             ("invalid", translate("ImportWizard", "not imported (problems)"))):
            self.counts[key] = QLabel("0")
            grid.addWidget(_card(self.counts[key], caption))
        self.summary = QWidget()
        summary = QVBoxLayout(self.summary)
        summary.setContentsMargins(0, 0, 0, 0)
        summary.addWidget(self.banner)
        summary.addLayout(grid)
        self.report_button = QPushButton(icon("file-down"),
                                         translate("ImportWizard", "Save error report ..."))
        report_row = QHBoxLayout()
        report_row.addWidget(self.report_button)
        report_row.addStretch()
        summary.addLayout(report_row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "hint")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.progress)
        box.addWidget(self.summary)
        box.addWidget(self.message)
        box.addStretch()

    def show_banner(self, kind: str, icon_name: str, colour: str, headline: str,
                    detail: str) -> None:
        _set_role(self.banner, kind)
        self.banner_icon.setPixmap(icon(icon_name, colour).pixmap(28, 28))
        self.headline.setText(headline)
        self.detail.setText(detail)


# ---------------------------------------------------------------------------
# The wizard
# ---------------------------------------------------------------------------

class ImportWizard(QDialog):
    """The four steps, Back / Next / Cancel, and the jobs they start."""

    FILE, MAPPING, CHECK, IMPORT = range(4)

    def __init__(self, workspace: Workspace, entity: str = "customer",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(translate("ImportWizard", "Import"))
        self.setWindowIcon(icon("upload"))
        self.setMinimumSize(880, 600)
        self.resize(1040, 700)
        self.setStyleSheet(STEP_STYLE)
        self.source: Source | None = None
        self.sample: list[tuple[int, list[Any]]] = []
        self.mapping: ColumnMapping | None = None
        self.mapping_for: tuple[str, tuple[str, ...]] | None = None
        self.custom_defs: list[Any] = []
        self.checked: ImportResult | None = None
        self.import_result: ImportResult | None = None
        self.row_actions: dict[int, str] = {}
        self.control: JobControl | None = None
        self.operation: Operation | None = None
        self.running: str | None = None  # "read", "check", "import", "report"
        self.closing = False
        self.signals = _Signals(self)
        self.signals.progressed.connect(self._progressed)

        self.model = PreviewModel([], "skip")
        self.rows_filter = PreviewFilter()
        self.rows_filter.setSourceModel(self.model)
        self.model.action_changed.connect(self._row_action_changed)

        entities = importable_entities(workspace.actor)
        self.file_page = FilePage(entities)
        self.file_page.entity.setCurrentIndex(max(0, self.file_page.entity.findData(entity)))
        self.mapping_page = MappingPage()
        self.check_page = CheckPage()
        self.import_page = ImportPage()
        self.pages = QStackedWidget()
        for page in (self.file_page, self.mapping_page, self.check_page, self.import_page):
            self.pages.addWidget(page)

        self.step_labels: list[QLabel] = []
        steps = QHBoxLayout()
        steps.setSpacing(10)
        for number, text in enumerate((translate("ImportWizard", "File"),
                                       translate("ImportWizard", "Columns"),
                                       translate("ImportWizard", "Check"),
                                       translate("ImportWizard", "Import"))):
            if number:
                arrow = QLabel("›")
                arrow.setProperty("step", "todo")
                steps.addWidget(arrow)
            label = QLabel(f"{'①②③④'[number]}  {text}")
            self.step_labels.append(label)
            steps.addWidget(label)
        steps.addStretch()
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "subtitle")
        self.subtitle.setWordWrap(True)

        self.back_button = QPushButton(icon("chevron-left"), translate("ImportWizard", "Back"))
        self.next_button = QPushButton(translate("ImportWizard", "Next"))
        self.next_button.setProperty("primary", True)
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton(translate("ImportWizard", "Cancel"))
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #e1e4e8;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addLayout(steps)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(4)
        layout.addWidget(self.pages, 1)
        layout.addWidget(line)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.cancel_button.clicked.connect(self.reject)
        fp = self.file_page
        fp.browse.clicked.connect(self.browse)
        fp.path.returnPressed.connect(lambda: self.read_file(fp.path.text().strip()))
        fp.sheet.activated.connect(lambda _i: self.read_file())
        fp.encoding.activated.connect(lambda _i: self.read_file())
        fp.preset.activated.connect(lambda _i: self.read_file())
        fp.entity.currentIndexChanged.connect(lambda _i: self._update_buttons())
        mp = self.mapping_page
        mp.changed.connect(self._mapping_edited)
        mp.load_menu.aboutToShow.connect(self._fill_load_menu)
        mp.save_menu.addAction(icon("save"), translate("ImportWizard", "Save as a named "
                                                                       "mapping ..."),
                               self.save_named_mapping)
        mp.save_menu.addAction(icon("file-down"), translate("ImportWizard", "Save to a file ..."),
                               self.save_mapping_file)
        mp.guess_button.clicked.connect(self.guess_again)
        cp = self.check_page
        cp.table.setModel(self.rows_filter)
        cp.progress.cancel.clicked.connect(self.stop_job)
        cp.show_combo.currentIndexChanged.connect(
            lambda _i: self.rows_filter.set_show(str(cp.show_combo.currentData())))
        cp.report_button.clicked.connect(lambda: self.save_error_report(self.checked))
        cp.mode_all.toggled.connect(lambda _on: self._show_plan())
        cp.duplicates.activated.connect(lambda _i: self._default_action_changed())
        ip = self.import_page
        ip.progress.cancel.clicked.connect(self.stop_job)
        ip.report_button.clicked.connect(lambda: self.save_error_report(self.import_result))

        self.go_to(self.FILE)

    # -- steps ---------------------------------------------------------------------------------
    def entity(self) -> str:
        return self.file_page.entity_key()

    def step(self) -> int:
        return self.pages.currentIndex()

    def go_to(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        titles = [
            (translate("ImportWizard", "Choose the file"),
             translate("ImportWizard", "Pick the file and what its rows are. Nothing is "
                                       "changed until the last step.")),
            (translate("ImportWizard", "Match the columns"),
             translate("ImportWizard", "crmdesk guessed which field each column fills from "
                                       "its header. Check and correct it.")),
            (translate("ImportWizard", "Check the rows"),
             translate("ImportWizard", "Every row is checked with the same rules as the "
                                       "forms. Point at a marked cell to see what to fix.")),
            (translate("ImportWizard", "Import"),
             translate("ImportWizard", "The import runs in one step: cancelled or failed, "
                                       "it changes nothing.")),
        ]
        self.title.setText(titles[step][0])
        self.subtitle.setText(titles[step][1])
        for number, label in enumerate(self.step_labels):
            state = "current" if number == step else "done" if number < step else "todo"
            label.setProperty("step", state)
            label.style().unpolish(label)
            label.style().polish(label)
        self._update_buttons()

    def _update_buttons(self) -> None:
        step, busy = self.step(), self.running is not None
        committed = self.import_result is not None and self.import_result.committed
        self.back_button.setVisible(step > self.FILE)
        self.back_button.setEnabled(not busy and not committed)
        self.next_button.setVisible(step < self.IMPORT)
        self.next_button.setText(translate("ImportWizard", "Import") if step == self.CHECK
                                 else translate("ImportWizard", "Next"))
        self.next_button.setIcon(icon("upload", "#ffffff") if step == self.CHECK
                                 else icon("chevron-right", "#ffffff"))
        ready = {self.FILE: self.source is not None,
                 self.MAPPING: bool(self.mapping_page.columns()),
                 self.CHECK: self.checked is not None}.get(step, False)
        self.next_button.setEnabled(ready and not busy)
        finished = step == self.IMPORT and not busy and self.import_result is not None
        self.cancel_button.setText(translate("ImportWizard", "Close") if finished
                                   else translate("ImportWizard", "Cancel"))

    def next(self) -> None:
        step = self.step()
        if step == self.FILE and self.source is not None:
            self.show_mapping()
            self.go_to(self.MAPPING)
        elif step == self.MAPPING:
            self.go_to(self.CHECK)
            self.run_check()
        elif step == self.CHECK and self.checked is not None:
            self.go_to(self.IMPORT)
            self.run_import()

    def back(self) -> None:
        step = self.step()
        if self.running is not None or step == self.FILE:
            return
        if step == self.IMPORT:
            self.import_result = None
        self.go_to(step - 1)

    # -- jobs ------------------------------------------------------------------------------------
    def new_control(self) -> JobControl:
        """The progress and cancel flag a job shares with the wizard."""
        emit = self.signals.progressed.emit
        return JobControl(progress=lambda stage, done, total: emit(
            stage, done, -1 if total is None else total))

    def _start(self, kind: str, work: Callable[[Session, Any], Any], *, write: bool = False,
               label: str = "", changes: tuple[str, ...] = ()) -> Operation:
        self.running = kind
        operation = self.workspace.op(self, work, write=write, label=label, changes=changes)
        operation.done.connect(self._job_done)
        self.operation = operation
        self._update_buttons()
        return operation

    def _job_done(self) -> None:
        self.running = None
        self.control = None
        self.operation = None
        if self.closing:
            super().reject()
            return
        self._update_buttons()

    def stop_job(self) -> None:
        if self.control is not None:
            self.control.cancel()
        self.check_page.progress.cancel.setEnabled(False)
        self.import_page.progress.cancel.setEnabled(False)

    def _progressed(self, stage: str, done: int, total: int) -> None:
        text = stage_text(stage, done, total if total >= 0 else None)
        page = self.import_page if self.running == "import" else self.check_page
        page.progress.update(text, done, total)

    def reject(self) -> None:
        """Cancel: stops a running job first (nothing changes), then closes."""
        if self.running in ("check", "import"):
            self.closing = True
            self.stop_job()
            self.hide()
            return
        if self.running is not None:
            self.closing = True
            self.hide()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        event.ignore()
        self.reject()

    # -- step 1: the file --------------------------------------------------------------------------
    def browse(self) -> None:
        current = self.file_page.path.text().strip()
        path = file_dialogs.open_file(
            self, translate("ImportWizard", "Import from"), "import",
            translate("ImportWizard", "Files to import ({patterns});;All files (*)").format(
                patterns=FILE_FILTER_EXTENSIONS), Path(current).parent if current else None)
        if path:
            self.file_page.path.setText(path)
            self.file_page.sheet.clear()
            self.read_file(path)

    def read_file(self, path: str | None = None) -> None:
        """Open the file (in the worker: a big workbook takes a moment)."""
        path = path or self.file_page.path.text().strip()
        if not path or self.running is not None:
            return
        options = self.file_page.options()
        self.file_page.show_error("")

        def work(_session: Session, _progress: Any) -> tuple[Source, list[Any]]:
            source = open_source(path, encoding=options["encoding"], sheet=options["sheet"],
                                 preset=options["preset"])
            return source, source.sample(SAMPLE_ROWS)

        def failed(exc: BaseException) -> None:
            self.source = None
            self.file_page.show_source(None, [])
            if isinstance(exc, KnownError):
                self.file_page.show_error(exc.message)
            else:
                show_error(self, exc)

        self._start("read", work, label=translate("ImportWizard", "Reading {name} ...").format(
            name=Path(path).name)).success(self._file_read).failure(failed).run()

    def _file_read(self, loaded: tuple[Source, list[Any]]) -> None:
        self.source, self.sample = loaded
        self.checked = None
        self.file_page.show_source(self.source, self.sample)
        self._update_buttons()

    # -- step 2: the columns ----------------------------------------------------------------------
    def show_mapping(self) -> None:
        source = self.source
        assert source is not None
        entity = self.entity()
        key = (entity, tuple(source.headers))
        if self.mapping is None or self.mapping_for != key:
            from crmdesk.core.services import custom_fields

            self.custom_defs = self.workspace.read(
                lambda s: custom_fields.definitions(s, entity)) if entity not in (
                "interaction", "task") else []
            self.mapping = guess_mapping(entity, source.headers, self.custom_defs, source.hints)
            self.mapping_for = key
            self.checked = None
            self.row_actions = {}
        self.mapping_page.show_mapping(source, self.sample, targets(entity, self.custom_defs),
                                       self.mapping)
        self._show_mapping_name()

    def current_mapping(self) -> ColumnMapping:
        name = self.mapping.name if self.mapping is not None else ""
        return ColumnMapping(self.entity(), self.mapping_page.columns(), name)

    def _mapping_edited(self) -> None:
        self.mapping = self.current_mapping()
        self.checked = None
        self._show_mapping_name()
        self._update_buttons()

    def _show_mapping_name(self) -> None:
        name = self.mapping.name if self.mapping is not None else ""
        self.mapping_page.mapping_name.setText(
            translate("ImportWizard", "Mapping: {name}").format(name=name) if name else "")

    def guess_again(self) -> None:
        source = self.source
        if source is None:
            return
        guessed = guess_mapping(self.entity(), source.headers, self.custom_defs, source.hints)
        self.mapping = guessed
        self.mapping_page.set_columns(guessed.columns)
        self.mapping_page.note.setText("")
        self._mapping_edited()

    def _fill_load_menu(self) -> None:
        menu = self.mapping_page.load_menu
        menu.clear()
        entity = self.entity()
        saved = saved_mappings()
        for name, mapped_entity, path in saved:
            text = name if mapped_entity == entity else f"{name} ({entity_plural(mapped_entity)})"
            menu.addAction(icon("file-text"), text, lambda p=path: self.load_mapping(p))
        if not saved:
            menu.addAction(translate("ImportWizard", "(no saved mappings)")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(icon("folder-open"), translate("ImportWizard", "From a file ..."),
                       self.load_mapping_file)

    def load_mapping(self, path: Path) -> None:
        try:
            loaded = ColumnMapping.load(path)
        except KnownError as exc:
            self.mapping_page.show_error(exc.message)
            return
        matched = self.mapping_page.set_columns(loaded.columns)
        self.mapping = ColumnMapping(self.entity(), self.mapping_page.columns(), loaded.name)
        self.mapping_for = (self.entity(), tuple(self.mapping_page.headers))
        self.checked = None
        if matched:
            self.mapping_page.note.setText(translate(
                "ImportWizard", "Loaded “{name}”: it sets {n} of the file's {total} "
                                "columns.").format(name=loaded.name, n=matched,
                                                   total=len(self.mapping_page.headers)))
        else:
            self.mapping_page.note.setText(translate(
                "ImportWizard", "None of the columns of “{name}” are in this file.").format(
                name=loaded.name))
        self._show_mapping_name()
        self._update_buttons()

    def load_mapping_file(self) -> None:
        path = file_dialogs.open_file(
            self, translate("ImportWizard", "Load a column mapping"), "mapping",
            translate("ImportWizard", "Column mappings (*.json)"))
        if path:
            self.load_mapping(Path(path))

    def save_named_mapping(self) -> None:
        current = self.mapping.name if self.mapping is not None else ""
        name, ok = QInputDialog.getText(
            self, translate("ImportWizard", "Save mapping"),
            translate("ImportWizard", "Name of the mapping (e.g. the file it is for):"),
            QLineEdit.EchoMode.Normal, current or (self.source.path.stem if self.source else ""))
        name = name.strip()
        if not ok or not name:
            return
        mapping = self.current_mapping()
        mapping.name = name
        self._save_mapping(mapping, mappings_dir() / mapping_file_name(name))

    def save_mapping_file(self) -> None:
        mapping = self.current_mapping()
        path = file_dialogs.save_file(
            self, translate("ImportWizard", "Save the column mapping"), "mapping",
            mapping_file_name(mapping.name or (self.source.path.stem if self.source
                                               else "mapping")),
            translate("ImportWizard", "Column mappings (*.json)"))
        if not path:
            return
        if not path.lower().endswith(".json"):
            path += ".json"
        mapping.name = mapping.name or Path(path).stem
        self._save_mapping(mapping, Path(path))

    def _save_mapping(self, mapping: ColumnMapping, path: Path) -> None:
        try:
            mapping.save(path)
        except OSError as exc:
            self.mapping_page.show_error(translate(
                "ImportWizard", "The mapping could not be saved as {path}: {reason}.").format(
                path=str(path), reason=exc.strerror or str(exc)))
            return
        self.mapping = mapping
        self._show_mapping_name()
        self.mapping_page.note.setText(translate("ImportWizard", "Mapping “{name}” saved.")
                                       .format(name=mapping.name))

    # -- step 3: the check -------------------------------------------------------------------------
    def options(self) -> ImportOptions:
        return ImportOptions(mode=self.check_page.mode(),
                             duplicates=str(self.check_page.duplicates.currentData()),
                             row_actions=dict(self.row_actions))

    def run_check(self) -> None:
        """Check every row in the worker, without writing."""
        source = self.source
        if source is None or self.running is not None:
            return
        mapping = self.current_mapping()
        self.mapping = mapping
        options = self.options()
        db, actor = self.workspace.db, self.workspace.actor
        control = self.control = self.new_control()
        page = self.check_page
        page.progress.start(translate("ImportWizard", "Checking the rows ..."))
        page.cards.setEnabled(False)
        page.table.setEnabled(False)
        page.message.clear()

        def work(_session: Session, _progress: Any) -> ImportResult:
            return importer.preview(db, actor, source, mapping, options, control,
                                    keep=PREVIEW_ROWS)

        self._start("check", work).success(self._checked).failure(self._check_failed).run()

    def _check_failed(self, exc: BaseException) -> None:
        self.check_page.progress.hide()
        self.go_to(self.MAPPING)
        if isinstance(exc, CancelledError):
            return
        if isinstance(exc, KnownError):
            self.mapping_page.show_error(exc.message)
        else:
            show_error(self, exc)

    def _checked(self, result: ImportResult) -> None:
        self.checked = result
        page = self.check_page
        page.progress.hide()
        page.cards.setEnabled(True)
        page.table.setEnabled(True)
        source, mapping = self.source, self.mapping
        assert source is not None and mapping is not None
        labels = {t.key: t.label for t in targets(self.entity(), self.custom_defs)}
        columns = [(h, mapping.columns[h], labels.get(mapping.columns[h], mapping.columns[h]))
                   for h in source.headers if mapping.columns.get(h)]
        self.row_actions = {row: action for row, action in self.row_actions.items()
                            if any(o.row == row and o.duplicate for o in result.outcomes)}
        self.model.columns = columns
        self.model._headers = {h for h, _t, _l in columns}
        self.model.default_action = result.duplicates
        self.model.set_outcomes(result.outcomes, self.row_actions)
        table = page.table
        table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            table.setColumnWidth(column, max(60, min(table.columnWidth(column) + 12, 260)))
        page.rows_count.setText(f"{result.rows:,}")
        page.valid_count.setText(f"{result.rows - result.invalid:,}")
        _set_role(page.valid_count, "count-good" if result.rows - result.invalid else "count")
        page.invalid_count.setText(f"{result.invalid:,}")
        _set_role(page.invalid_count, "count-bad" if result.invalid else "count")
        page.duplicate_count.setText(f"{result.duplicate_rows:,}")
        _set_role(page.duplicate_count, "count-warn" if result.duplicate_rows else "count")
        page.report_button.setEnabled(bool(result.problems))
        kept = len(result.outcomes)
        if kept >= result.rows:
            page.shown.setText(translate("ImportWizard", "All {n} rows are shown.").format(
                n=f"{result.rows:,}"))
        else:
            page.shown.setText(translate(
                "ImportWizard", "Shown: the first {first} rows and every row with a problem or "
                                "a duplicate ({kept} rows); the other {rest} rows are fine.")
                .format(first=f"{min(PREVIEW_ROWS, result.rows):,}", kept=f"{kept:,}",
                        rest=f"{result.rows - kept:,}"))
        if result.invalid and page.show_combo.currentData() == "all" and kept > PREVIEW_ROWS:
            page.show_combo.setCurrentIndex(page.show_combo.findData("problems"))
        self._show_plan()
        self._update_buttons()

    def planned(self) -> dict[str, int]:
        """What the import will do: the check's counts with the user's per-row choices."""
        result = self.checked
        if result is None:
            return {}
        counts = {"create": result.created, "update": result.updated, "merge": result.merged,
                  "skip": result.skipped}
        for outcome in result.outcomes:
            if outcome.duplicate is None or outcome.problems:
                continue
            now = self.model.action_of(outcome)
            if now != outcome.action and outcome.action in counts and now in counts:
                counts[outcome.action] -= 1
                counts[now] += 1
        return counts

    def _show_plan(self) -> None:
        result = self.checked
        page = self.check_page
        if result is None:
            return
        counts = self.planned()
        page.plan.setText(translate(
            "ImportWizard", "Planned: {create} new, {update} updated, {merge} merged, {skip} "
                            "skipped as duplicates; {invalid} rows with problems are not "
                            "imported.").format(
            create=f"{counts['create']:,}", update=f"{counts['update']:,}",
            merge=f"{counts['merge']:,}", skip=f"{counts['skip']:,}",
            invalid=f"{result.invalid:,}"))
        if result.invalid and page.mode() == "all-or-nothing":
            page.mode_note.setText(translate(
                "ImportWizard", "With this choice nothing is imported while {n} rows have "
                                "problems: fix the file, or import the rows without "
                                "problems.").format(n=f"{result.invalid:,}"))
            page.mode_note.show()
        else:
            page.mode_note.hide()

    def _row_action_changed(self, row: int, action: str) -> None:
        if action:
            self.row_actions[row] = action
        else:
            self.row_actions.pop(row, None)
        self._show_plan()

    def _default_action_changed(self) -> None:
        """A different default for duplicates can change what is valid (one ID number per
        customer): check again."""
        action = str(self.check_page.duplicates.currentData())
        self.model.set_default_action(action)
        if self.checked is not None and self.checked.duplicates != action:
            self.checked = None
            self.run_check()

    def save_error_report(self, result: ImportResult | None) -> None:
        if result is None or not result.problems or self.running is not None:
            return
        source = self.source
        assert source is not None
        path = file_dialogs.save_file(
            self, translate("ImportWizard", "Save the error report"), "import-report",
            translate("ImportWizard", "Problems in {name}.xlsx").format(
                name=source.path.stem),
            translate("ImportWizard", "Excel workbooks (*.xlsx)"), source.path.parent)
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        problems, name = list(result.problems), source.path.name
        page = self.import_page if self.step() == self.IMPORT else self.check_page

        def work(_session: Session, _progress: Any) -> Path:
            try:
                return write_error_report(path, problems, source=name)
            except OSError as exc:
                raise ReportSaveError(QT_TRANSLATE_NOOP(
                    "ImportWizard", "The report could not be saved as {path}: {reason}. "
                                    "Choose another folder or file name."),
                    path=path, reason=exc.strerror or str(exc)) from exc

        def saved(written: Path) -> None:
            page.message.setText(translate("ImportWizard", "The {n} problems were saved in "
                                                           "{path}.").format(
                n=f"{len(problems):,}", path=str(written)))

        self._start("report", work, label=translate("ImportWizard", "Saving the error report "
                                                                    "...")).success(saved).run()

    # -- step 4: the import -------------------------------------------------------------------------
    def run_import(self) -> None:
        source, mapping = self.source, self.mapping
        if source is None or mapping is None or self.running is not None:
            return
        options = self.options()
        db, actor = self.workspace.db, self.workspace.actor
        control = self.control = self.new_control()
        self.import_result = None
        page = self.import_page
        page.summary.hide()
        page.message.clear()
        page.progress.start(translate("ImportWizard", "Importing ..."))
        entity = mapping.entity

        def work(_session: Session, _progress: Any) -> ImportResult:
            # run_import opens its own transaction: the operation's session stays unused
            return importer.run_import(db, actor, source, mapping, options, control)

        self._start("import", work, write=True, changes=(entity,)).success(
            self._imported).failure(self._import_failed).run()

    def _imported(self, result: ImportResult) -> None:
        self.import_result = result
        page = self.import_page
        page.progress.hide()
        for key, label in page.counts.items():
            label.setText(f"{getattr(result, key):,}")
        _set_role(page.counts["invalid"], "count-bad" if result.invalid else "count")
        page.report_button.setVisible(bool(result.problems))
        if result.refused:
            page.show_banner("banner-bad", "triangle-alert", "#c42b1c",
                             translate("ImportWizard", "Nothing was imported"),
                             translate("ImportWizard", "{invalid} of {rows} rows have problems. "
                                                       "Fix them in the file, or go back and "
                                                       "choose to import the rows without "
                                                       "problems.").format(
                                 invalid=f"{result.invalid:,}", rows=f"{result.rows:,}"))
            for label in page.counts.values():
                label.setText("0")
            page.counts["invalid"].setText(f"{result.invalid:,}")
        else:
            page.show_banner("banner-ok", "check", "#1a7f37",
                             translate("ImportWizard", "Imported {n} of {rows} rows").format(
                                 n=f"{result.imported:,}", rows=f"{result.rows:,}"),
                             translate("ImportWizard", "From {file} into {entity}, in {seconds} "
                                                       "s. The lists are up to date.").format(
                                 file=result.source, entity=entity_plural(result.entity),
                                 seconds=f"{result.seconds:.1f}"))
        page.summary.show()
        self._update_buttons()

    def _import_failed(self, exc: BaseException) -> None:
        page = self.import_page
        page.progress.hide()
        for label in page.counts.values():
            label.setText("0")
        page.report_button.hide()
        if isinstance(exc, KnownError):
            cancelled = isinstance(exc, CancelledError)
            page.show_banner("banner" if cancelled else "banner-bad",
                             "x" if cancelled else "triangle-alert",
                             "#9a6700" if cancelled else "#c42b1c",
                             translate("ImportWizard", "Import cancelled") if cancelled
                             else translate("ImportWizard", "The import failed"),
                             exc.message if not cancelled else translate(
                                 "ImportWizard", "Nothing was changed. Go back to check the "
                                                 "rows again, or close the wizard."))
            page.summary.show()
        else:
            show_error(self, exc)
        self._update_buttons()


# ---------------------------------------------------------------------------
# Opening it
# ---------------------------------------------------------------------------

def open_import_wizard(workspace: Workspace, parent: QWidget | None,
                       entity: str = "customer", path: str | None = None) -> ImportWizard:
    """Show the wizard (window-modal, deleted when closed); *path*: read at once."""
    if entity not in importable_entities(workspace.actor):
        entity = "customer"
    wizard = ImportWizard(workspace, entity, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    if path:
        wizard.file_page.path.setText(path)
        wizard.read_file(path)
    return wizard


def import_text() -> str:
    return translate("ImportWizard", "Import ...")


def install(window: MainWindow) -> QAction:
    """File > Import ... (for the current datasheet's record type when it has one)."""
    action = QAction(icon("upload"), translate("ImportWizard", "&Import ..."), window)
    action.setToolTip(translate("ImportWizard", "Import customers, contacts and more from Excel, "
                                                "CSV or contact cards"))

    def start() -> None:
        workspace = window.workspace
        if workspace is None:
            return
        doc = window.current_document()
        entity = getattr(doc, "entity", "customer")
        open_import_wizard(workspace, window, entity if isinstance(entity, str) else "customer")

    action.triggered.connect(lambda _checked=False: start())
    window.add_file_action(action)
    window.db_actions.append(action)
    action.setEnabled(window.workspace is not None)
    return action


def datasheet_button(workspace: Workspace, entity: str, parent: QWidget) -> QToolButton | None:
    """The datasheet toolbar's Import button (None when *entity* cannot be imported)."""
    if entity not in importable_entities(workspace.actor):
        return None
    button = QToolButton(parent)
    button.setIcon(icon("upload"))
    button.setToolTip(translate("ImportWizard", "Import {records} from a file ...").format(
        records=entity_plural(entity)))
    button.clicked.connect(lambda: open_import_wizard(workspace, parent.window(), entity))
    return button


def add_menu_action(menu: QMenu, workspace: Workspace, entity: str, parent: QWidget) -> None:
    """The datasheet context menu's Import entry."""
    if entity in importable_entities(workspace.actor):
        menu.addAction(icon("upload"), import_text(),
                       lambda: open_import_wizard(workspace, parent.window(), entity))
