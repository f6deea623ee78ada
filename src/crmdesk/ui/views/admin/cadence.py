"""The settings window's "Follow-up cadence" tab: days from a contact to the next
follow-up per intent level, and a status's own number that overrides the level's
(``cadence.*`` settings; the rule is in ``core/services/cadence.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from crmdesk.core.fields import choice_label
from crmdesk.core.services.cadence import LEVELS, MAX_DAYS, STATUSES, level_key, status_key


class CadenceEditor(QWidget):
    """Spin boxes for the cadence settings; :meth:`changes` gives setting key -> days."""

    def __init__(self, values: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.levels: dict[str, QSpinBox] = {}
        self.statuses: dict[str, QSpinBox] = {}
        intro = QLabel(self.tr(
            "Days from a contact to the next follow-up. Logging an interaction or changing "
            "a customer's intent level plans the next follow-up and its task from these "
            "numbers; Today and the follow-up report list customers past their cadence."))
        intro.setWordWrap(True)
        levels = QFormLayout()
        for level in LEVELS:
            spin = self._spin(1, int(values[level_key(level)]))
            spin.setObjectName(f"cadence_{level}")
            self.levels[level] = spin
            levels.addRow(self.tr("Intent level {level}:").format(
                level=choice_label("intent_level", level)), spin)
        by_status = QLabel(self.tr(
            "A customer status may have its own cadence, which wins over the intent "
            "level's; \"By intent level\" keeps the level's."))
        by_status.setWordWrap(True)
        statuses = QFormLayout()
        for status in STATUSES:
            spin = self._spin(0, int(values[status_key(status)]))
            spin.setSpecialValueText(self.tr("By intent level"))
            spin.setObjectName(f"cadence_status_{status}")
            self.statuses[status] = spin
            statuses.addRow(self.tr("Status {status}:").format(
                status=choice_label("customer_status", status)), spin)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(levels)
        layout.addSpacing(8)
        layout.addWidget(by_status)
        layout.addLayout(statuses)
        layout.addStretch(1)

    def _spin(self, minimum: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(minimum, MAX_DAYS)
        spin.setSuffix(self.tr(" days"))
        spin.setValue(value)
        return spin

    def changes(self) -> dict[str, int]:
        """Every cadence setting as shown (saved with the other settings)."""
        found = {level_key(level): spin.value() for level, spin in self.levels.items()}
        found.update({status_key(status): spin.value()
                      for status, spin in self.statuses.items()})
        return found
