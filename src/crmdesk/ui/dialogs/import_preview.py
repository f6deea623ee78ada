"""The import wizard's check step: the rows of an import preview as a table.

One line per checked row the preview kept (the first rows, and every row with
a problem or a duplicate), one column per mapped column of the file.  A cell
whose value has a problem is marked with a warning icon and a red background,
its tooltip holds the services' message (which names the field and the fix).
The "Import as" column says what happens to the row; for a row that matches an
existing record (or an earlier row) the user can choose skip / update / merge /
create for that row alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from crmdesk.exchange.importer import ACTIONS, RowOutcome, RowProblem
from crmdesk.ui import theme
from crmdesk.ui.icons import icon

translate = QCoreApplication.translate

_Index = QModelIndex | QPersistentModelIndex

PROBLEM_BACKGROUND = QColor(theme.PROBLEM_SURFACE)
PROBLEM_TEXT = QColor(theme.PROBLEM_TEXT)
DUPLICATE_BACKGROUND = QColor(theme.DUPLICATE_SURFACE)


def action_label(action: str) -> str:
    """What happens to a row, in the user's language."""
    labels = {
        "create": translate("ImportWizard", "New"),
        "update": translate("ImportWizard", "Update"),
        "merge": translate("ImportWizard", "Merge"),
        "skip": translate("ImportWizard", "Skip"),
        "invalid": translate("ImportWizard", "Problem"),
    }
    return labels.get(action, action)


def action_help(action: str) -> str:
    helps = {
        "skip": translate("ImportWizard", "Skip the row: the existing record stays as it is."),
        "update": translate("ImportWizard", "Update the existing record: the file's non-empty "
                                            "values replace its values."),
        "merge": translate("ImportWizard", "Merge into the existing record: only its empty "
                                           "fields are filled from the file."),
        "create": translate("ImportWizard", "Create a new record anyway."),
    }
    return helps.get(action, "")


def cell_text(value: Any) -> str:
    """A value as the file gave it, readable (spreadsheet numbers without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) \
            else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\n", " ")


class PreviewModel(QAbstractTableModel):
    """Rows of an import preview (``ImportResult.outcomes``)."""

    #: a row's duplicate action was changed by the user: (row number, action or "")
    action_changed = Signal(int, str)

    ROW, ACTION = 0, 1

    def __init__(self, columns: Sequence[tuple[str, str, str]], default_action: str) -> None:
        """*columns*: ``(header in the file, target, label)`` of the mapped columns."""
        super().__init__()
        self.columns = list(columns)
        self.default_action = default_action
        self.outcomes: list[RowOutcome] = []
        self.overrides: dict[int, str] = {}
        # per outcome: header -> problems, and problems no column shows
        self._by_column: list[dict[str, list[RowProblem]]] = []
        self._loose: list[list[RowProblem]] = []
        self._headers = {header for header, _t, _l in self.columns}

    # -- contents ---------------------------------------------------------------------------
    def set_columns(self, columns: Sequence[tuple[str, str, str]]) -> None:
        """The mapped columns shown (``(header, target, label)``); takes effect with the
        next :meth:`set_outcomes`."""
        self.columns = list(columns)
        self._headers = {header for header, _t, _l in self.columns}

    def set_outcomes(self, outcomes: Sequence[RowOutcome], overrides: dict[int, str]) -> None:
        self.beginResetModel()
        self.outcomes = list(outcomes)
        self.overrides = overrides
        self._by_column, self._loose = [], []
        for outcome in self.outcomes:
            by_column: dict[str, list[RowProblem]] = {}
            loose: list[RowProblem] = []
            for problem in outcome.problems:
                if problem.column in self._headers:
                    by_column.setdefault(problem.column, []).append(problem)
                else:
                    loose.append(problem)
            self._by_column.append(by_column)
            self._loose.append(loose)
        self.endResetModel()

    def set_default_action(self, action: str) -> None:
        self.default_action = action
        if self.outcomes:
            self.dataChanged.emit(self.index(0, self.ACTION),
                                  self.index(len(self.outcomes) - 1, self.ACTION))

    def action_of(self, outcome: RowOutcome) -> str:
        """What the import will do with the row, with the user's choice for it."""
        if outcome.problems:
            return "invalid"
        if outcome.duplicate is None:
            return outcome.action
        return self.overrides.get(outcome.row, outcome.action)

    def outcome(self, row: int) -> RowOutcome:
        return self.outcomes[row]

    def problems_text(self, row: int) -> str:
        return "\n".join(f"• {p.reason}" for p in self.outcomes[row].problems)

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.outcomes)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns) + 3

    def _duplicate_column(self) -> int:
        return len(self.columns) + 2

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.ROW:
                return translate("ImportWizard", "Row")
            if section == self.ACTION:
                return translate("ImportWizard", "Import as")
            if section == self._duplicate_column():
                return translate("ImportWizard", "Matches")
            return self.columns[section - 2][2]
        if role == Qt.ItemDataRole.ToolTipRole and 2 <= section < self._duplicate_column():
            header, _target, label = self.columns[section - 2]
            return translate("ImportWizard", "Column “{column}” of the file, imported into "
                                             "{field}").format(column=header, field=label)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        outcome = self.outcomes[index.row()]
        if index.column() == self.ACTION and outcome.duplicate is not None \
                and not outcome.problems:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        outcome = self.outcomes[row]
        if column == self.ROW:
            return self._row_data(row, outcome, role)
        if column == self.ACTION:
            return self._action_data(outcome, role)
        if column == self._duplicate_column():
            duplicate = outcome.duplicate
            if duplicate is None:
                return None
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return duplicate.describe()
            if role == Qt.ItemDataRole.DecorationRole:
                return icon("copy", theme.WARNING)
            return None
        header, target, _label = self.columns[column - 2]
        problems = self._by_column[row].get(header)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(outcome.values.get(target))
        if role == Qt.ItemDataRole.EditRole:
            return outcome.values.get(target)
        if problems:
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(p.reason for p in problems)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(PROBLEM_BACKGROUND)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(PROBLEM_TEXT)
            if role == Qt.ItemDataRole.DecorationRole:
                return icon("triangle-alert", theme.ERROR)
        elif role == Qt.ItemDataRole.ToolTipRole:
            text = cell_text(outcome.values.get(target))
            return text if len(text) > 24 else None
        return None

    def _row_data(self, row: int, outcome: RowOutcome, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(outcome.row)
        if role == Qt.ItemDataRole.UserRole:
            return outcome.row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if outcome.problems:
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.problems_text(row)
            if role == Qt.ItemDataRole.DecorationRole and self._loose[row]:
                return icon("triangle-alert", theme.ERROR)
        return None

    def _action_data(self, outcome: RowOutcome, role: int) -> Any:
        action = self.action_of(outcome)
        if role == Qt.ItemDataRole.DisplayRole:
            return action_label(action)
        if role == Qt.ItemDataRole.EditRole:
            return action
        if role == Qt.ItemDataRole.DecorationRole:
            names = {"invalid": ("triangle-alert", theme.ERROR),
                     "create": ("plus", theme.SUCCESS),
                     "skip": ("x", theme.TEXT_HINT), "update": ("pencil", theme.ACCENT),
                     "merge": ("git-merge", theme.MERGE)}
            name, colour = names.get(action, ("file-text", theme.ICON))
            return icon(name, colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            if outcome.problems:
                return "\n".join(p.reason for p in outcome.problems)
            if outcome.duplicate is not None:
                return action_help(action) + "\n" + translate(
                    "ImportWizard", "Double-click to choose what happens to this row.")
            return None
        if role == Qt.ItemDataRole.FontRole and outcome.row in self.overrides:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and outcome.duplicate is not None \
                and not outcome.problems:
            return QBrush(DUPLICATE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and outcome.problems:
            return QBrush(PROBLEM_TEXT)
        return None

    def setData(self, index: _Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.ACTION \
                or value not in ACTIONS:
            return False
        self.set_row_action(index.row(), str(value))
        return True

    def set_row_action(self, row: int, action: str) -> None:
        """The user's choice for one duplicate row (the default one removes the choice)."""
        outcome = self.outcomes[row]
        if outcome.duplicate is None or outcome.problems:
            return
        if action == self.default_action:
            self.overrides.pop(outcome.row, None)
            self.action_changed.emit(outcome.row, "")
        else:
            self.overrides[outcome.row] = action
            self.action_changed.emit(outcome.row, action)
        changed = self.index(row, self.ACTION)
        self.dataChanged.emit(changed, changed)


class PreviewFilter(QSortFilterProxyModel):
    """All rows, the rows with problems, or the duplicates."""

    def __init__(self) -> None:
        super().__init__()
        self.show = "all"

    def set_show(self, show: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+ (invalidateFilter is deprecated)
            self.beginFilterChange()
            self.show = show
            self.endFilterChange()
        else:
            self.show = show
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, _parent: _Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, PreviewModel)
        outcome = model.outcome(source_row)
        if self.show == "problems":
            return bool(outcome.problems)
        if self.show == "duplicates":
            return outcome.duplicate is not None
        return True


class ActionDelegate(QStyledItemDelegate):
    """A combo box to choose skip / update / merge / create for a duplicate row."""

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem,  # noqa: N802
                     _index: _Index) -> QWidget:
        combo = QComboBox(parent)
        for action in ACTIONS:
            combo.addItem(action_label(action), action)
            combo.setItemData(combo.count() - 1, action_help(action),
                              Qt.ItemDataRole.ToolTipRole)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
        editor.showPopup()

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
