"""The trade a new database is set up for: a combo of the shipped industry templates.

Used by File > New database (and the welcome dialog's "Create a new database ..."):
:class:`crmdesk.ui.dialogs.account.NewDatabaseDialog` shows it, and
:meth:`crmdesk.ui.main_window.MainWindow.create_database` applies the chosen template in
the transaction that makes the first administrator, as ``crmdesk init --template`` does.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from crmdesk.core import presentation
from crmdesk.core import templates as template_files
from crmdesk.errors import KnownError

log = logging.getLogger(__name__)
DEFAULT = "general"
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


class TemplatePicker(QWidget):
    """General / Car dealership (4S) / Insurance agency, with a line about the chosen one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setProperty("role", "hint")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.combo)
        box.addWidget(self.description)
        chinese = presentation.reads_chinese()
        try:
            shipped = template_files.shipped()
        except KnownError:  # a broken installation: the database is made without one
            log.exception("the shipped templates cannot be read")
            shipped = []
        for template in shipped:
            self.combo.addItem(template.name(chinese), template.key)
            self.combo.setItemData(self.combo.count() - 1, template.description(chinese),
                                   role=_TOOLTIP)
        self.combo.currentIndexChanged.connect(self._describe)
        self.select(DEFAULT)
        self._describe()

    def key(self) -> str | None:
        """The chosen template's key, or None when there is nothing to choose."""
        data = self.combo.currentData()
        return str(data) if data else None

    def select(self, key: str) -> None:
        index = self.combo.findData(key)
        if index >= 0:
            self.combo.setCurrentIndex(index)

    def _describe(self, _index: int = 0) -> None:
        self.description.setText(str(self.combo.currentData(_TOOLTIP) or ""))


__all__ = ["DEFAULT", "TemplatePicker"]
