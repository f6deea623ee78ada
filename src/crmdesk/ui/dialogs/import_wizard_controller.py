"""The import wizard's controller: the steps, Back / Next / Cancel, and the jobs they start.

The pages (:mod:`crmdesk.ui.dialogs.import_wizard_pages`) are widgets; this
dialog moves between them, reads the file, guesses and edits the mapping, runs
the check and the import in the worker and shows their results.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services import custom_fields
from crmdesk.errors import KnownError
from crmdesk.exchange import importer
from crmdesk.exchange.error_report import write_error_report
from crmdesk.exchange.importer import ImportOptions, ImportResult
from crmdesk.exchange.mapping import ColumnMapping, guess_mapping, targets
from crmdesk.exchange.sources import Source, open_source
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.jobs import Cancelled, Job
from crmdesk.ui import theme
from crmdesk.ui.dialogs.import_mappings import (
    importable_entities,
    mapping_file_name,
    mappings_dir,
    saved_mappings,
)
from crmdesk.ui.dialogs.import_preview import PreviewFilter, PreviewModel
from crmdesk.ui.dialogs.import_wizard_pages import (
    STEP_STYLE,
    CheckPage,
    FilePage,
    ImportPage,
    MappingPage,
    set_role,
)
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.views.datasheet import entity_plural
from crmdesk.ui.widgets import file_dialogs
from crmdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from crmdesk.storage.database import Database
    from crmdesk.ui.operations import Operation

translate = QCoreApplication.translate

FILE_FILTER_EXTENSIONS = "*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt *.tsv *.vcf *.vcard"
#: rows of the file shown on the first page
SAMPLE_ROWS = 8
#: rows kept in full by the check (besides every row with a problem or a duplicate)
PREVIEW_ROWS = 200


class ReportSaveError(KnownError):
    """The error report could not be written (a full disk, a folder without rights)."""

    context = "ImportWizard"



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
        self.custom_defs: list[custom_fields.DefinitionSummary] = []
        self.checked: ImportResult | None = None
        self.import_result: ImportResult | None = None
        self.row_actions: dict[int, str] = {}
        self.operation: Operation | None = None
        self.running: str | None = None  # "read", "check", "import", "report"
        self.closing = False

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
        line.setStyleSheet(f"color: {theme.BORDER_SOFT};")

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
        self.next_button.setIcon(icon("upload", theme.ON_ACCENT) if step == self.CHECK
                                 else icon("chevron-right", theme.ON_ACCENT))
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
    def _start(self, kind: str, work: Callable[[Database, Job], Any], *, label: str = "",
               changes: tuple[str, ...] = ()) -> Operation:
        """Run *work* as a long job (it opens its own sessions); its progress shows on
        the page and the page's Cancel cancels its job."""
        self.running = kind
        operation = self.workspace.job(self, work, label=label, changes=changes)
        operation.progressed.connect(self._progressed)
        operation.done.connect(self._job_done)
        self.operation = operation
        self._update_buttons()
        return operation

    def _job_done(self) -> None:
        self.running = None
        self.operation = None
        if self.closing:
            super().reject()
            return
        self._update_buttons()

    def stop_job(self) -> None:
        if self.operation is not None:
            self.operation.job.cancel()
        self.check_page.progress.cancel.setEnabled(False)
        self.import_page.progress.cancel.setEnabled(False)

    def _progressed(self, _stage: str, done: float, total: float) -> None:
        # the signal carries floats (any size); the text counts whole rows
        text = stage_text(self.running or "", int(done), int(total) if total >= 0 else None)
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

        def work(_db: Database, _job: Job) -> tuple[Source, list[Any]]:
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
            self.custom_defs = self.workspace.read(
                lambda s: custom_fields.definition_summaries(s, entity))
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
        actor = self.workspace.actor
        page = self.check_page
        page.progress.start(translate("ImportWizard", "Checking the rows ..."))
        page.cards.setEnabled(False)
        page.table.setEnabled(False)
        page.message.clear()

        def work(db: Database, job: Job) -> ImportResult:
            return importer.preview(db, actor, source, mapping, options, job,
                                    keep=PREVIEW_ROWS)

        self._start("check", work).success(self._checked).failure(self._check_failed).run()

    def _check_failed(self, exc: BaseException) -> None:
        self.check_page.progress.hide()
        self.go_to(self.MAPPING)
        if isinstance(exc, Cancelled):
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
        self.model.set_columns(columns)
        self.model.default_action = result.duplicates
        self.model.set_outcomes(result.outcomes, self.row_actions)
        table = page.table
        table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            table.setColumnWidth(column, max(60, min(table.columnWidth(column) + 12, 260)))
        page.rows_count.setText(f"{result.rows:,}")
        page.valid_count.setText(f"{result.rows - result.invalid:,}")
        set_role(page.valid_count, "count-good" if result.rows - result.invalid else "count")
        page.invalid_count.setText(f"{result.invalid:,}")
        set_role(page.invalid_count, "count-bad" if result.invalid else "count")
        page.duplicate_count.setText(f"{result.duplicate_rows:,}")
        set_role(page.duplicate_count, "count-warn" if result.duplicate_rows else "count")
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

        def work(_db: Database, _job: Job) -> Path:
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
        actor = self.workspace.actor
        self.import_result = None
        page = self.import_page
        page.summary.hide()
        page.message.clear()
        page.progress.start(translate("ImportWizard", "Importing ..."))
        entity = mapping.entity

        def work(db: Database, job: Job) -> ImportResult:
            return importer.run_import(db, actor, source, mapping, options, job)

        self._start("import", work, changes=(entity,)).success(
            self._imported).failure(self._import_failed).run()

    def _imported(self, result: ImportResult) -> None:
        self.import_result = result
        page = self.import_page
        page.progress.hide()
        for key, label in page.counts.items():
            label.setText(f"{getattr(result, key):,}")
        set_role(page.counts["invalid"], "count-bad" if result.invalid else "count")
        page.report_button.setVisible(bool(result.problems))
        if result.refused:
            page.show_banner("banner-bad", "triangle-alert", theme.ERROR,
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
            page.show_banner("banner-ok", "check", theme.SUCCESS,
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
            cancelled = isinstance(exc, Cancelled)
            page.show_banner("banner" if cancelled else "banner-bad",
                             "x" if cancelled else "triangle-alert",
                             theme.WARNING if cancelled else theme.ERROR,
                             translate("ImportWizard", "Import cancelled") if cancelled
                             else translate("ImportWizard", "The import failed"),
                             exc.message if not cancelled else translate(
                                 "ImportWizard", "Nothing was changed. Go back to check the "
                                                 "rows again, or close the wizard."))
            page.summary.show()
        else:
            show_error(self, exc)
        self._update_buttons()
