"""The four pages of the import wizard: file, columns, check and import.

The pages are widgets only: they show what the wizard
(:mod:`crmdesk.ui.dialogs.import_wizard_controller`) gives them and expose their
buttons and fields; the wizard connects them and runs the jobs.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.exchange import importer
from crmdesk.exchange.mapping import ColumnMapping, Target
from crmdesk.exchange.sources import Source
from crmdesk.ui import theme
from crmdesk.ui.dialogs.import_preview import ActionDelegate, PreviewModel, action_help, cell_text
from crmdesk.ui.icons import icon
from crmdesk.ui.operations import bar_steps
from crmdesk.ui.views.datasheet import entity_plural

translate = QCoreApplication.translate

STEP_STYLE = theme.fill("""
QLabel[step="current"] { color: @ACCENT_TEXT; font-weight: 600; }
QLabel[step="done"] { color: @SUCCESS; }
QLabel[step="todo"] { color: @TEXT_DISABLED; }
QLabel[role="count"] { font-size: 17pt; font-weight: 600; color: @TEXT_STRONG; }
QLabel[role="count-bad"] { font-size: 17pt; font-weight: 600; color: @ERROR; }
QLabel[role="count-warn"] { font-size: 17pt; font-weight: 600; color: @WARNING; }
QLabel[role="count-good"] { font-size: 17pt; font-weight: 600; color: @SUCCESS; }
QFrame[role="card"] QLabel { background: transparent; }
QFrame[role="banner"] { background: @WARNING_SURFACE; border: 1px solid @WARNING_BORDER; border-radius: 5px; }
QFrame[role="banner-ok"] { background: @SUCCESS_SURFACE; border: 1px solid @SUCCESS_BORDER; border-radius: 5px; }
QFrame[role="banner-bad"] { background: @PROBLEM_SURFACE; border: 1px solid @PROBLEM_BORDER;
                            border-radius: 5px; }
""")


def card(value_label: QLabel, caption: str) -> QFrame:
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


def set_role(label: QWidget, role: str) -> None:
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


class JobProgress(QWidget):
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

    def update(self, text: str, done: float, total: float) -> None:  # type: ignore[override]
        self.text.setText(text)
        value, maximum = bar_steps(done, total)  # a total of any size
        self.bar.setRange(0, maximum)
        self.bar.setValue(value)


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

    def _menu_button(self, text: str, icon_name: str) -> tuple[QToolButton, QMenu]:
        """A tool button with its text beside the icon that opens a menu at once."""
        button = QToolButton()
        button.setText(text)
        button.setIcon(icon(icon_name))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        button.setMenu(menu)
        return button, menu

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
        self.load_button, self.load_menu = self._menu_button(
            translate("ImportWizard", "Load mapping"), "folder-open")
        self.save_button, self.save_menu = self._menu_button(
            translate("ImportWizard", "Save mapping"), "save")
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
            shown.setForeground(QColor(theme.TEXT_HINT))
            shown.setToolTip("\n".join(values))
            self.table.setItem(row, self.SAMPLE, shown)
            combo = QComboBox()
            combo.addItem(icon("eye-off", theme.TEXT_DISABLED),
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
                item.setForeground(QColor(theme.TEXT if combo.currentData()
                                          else theme.TEXT_DISABLED))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


# ---------------------------------------------------------------------------
# Step 3: the check
# ---------------------------------------------------------------------------

class CheckPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = JobProgress(translate("ImportWizard", "Stop"))
        self.rows_count, self.valid_count = QLabel("0"), QLabel("0")
        self.invalid_count, self.duplicate_count = QLabel("0"), QLabel("0")
        cards = QHBoxLayout()
        cards.addWidget(card(self.rows_count, translate("ImportWizard", "rows in the file")))
        cards.addWidget(card(self.valid_count, translate("ImportWizard", "can be imported")))
        cards.addWidget(card(self.invalid_count, translate("ImportWizard", "have problems")))
        cards.addWidget(card(self.duplicate_count,
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
        self.show_combo.addItem(icon("triangle-alert", theme.ERROR),
                                translate("ImportWizard", "Rows with problems"), "problems")
        self.show_combo.addItem(icon("copy", theme.WARNING),
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
        self.progress = JobProgress(translate("ImportWizard", "Cancel import"))
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
            grid.addWidget(card(self.counts[key], caption))
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
        set_role(self.banner, kind)
        self.banner_icon.setPixmap(icon(icon_name, colour).pixmap(28, 28))
        self.headline.setText(headline)
        self.detail.setText(detail)
