"""The two-column label/field grid of a form, grouped under section headings.

Rows are added once; :meth:`FormGrid.arrange` places the visible ones (two
label/field pairs per line, wide fields on a line of their own, a heading
above each section that has a visible field), so hiding fields - those a
company customer does not have, say - leaves no holes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget


@dataclass
class _Row:
    key: str
    label: QWidget
    field: QWidget
    section: str
    wide: bool


class FormGrid:
    """Lays out label/field pairs in *grid* by section; *headings* gives the sections
    in order and their headings ("" for a section shown without one)."""

    def __init__(self, grid: QGridLayout, headings: dict[str, str]) -> None:
        self.grid = grid
        self.order = list(headings)
        self.headings: dict[str, QLabel] = {}
        for key, text in headings.items():
            if text:
                heading = QLabel(text)
                heading.setProperty("role", "form-section")
                heading.hide()
                self.headings[key] = heading
        self.rows: list[_Row] = []

    def add(self, key: str, label: QWidget, field: QWidget, section: str = "",
            wide: bool = False) -> None:
        if section not in self.order:
            self.order.append(section)
        self.rows.append(_Row(key, label, field, section, wide))

    def visible_keys(self) -> list[str]:
        return [row.key for row in self.rows if not row.field.isHidden()]

    def arrange(self, shown: Callable[[str], bool] = lambda _key: True) -> None:
        """Place the rows for which *shown(key)* is true; hide the others."""
        for widget in [*self.headings.values(), *(w for r in self.rows
                                                  for w in (r.label, r.field))]:
            self.grid.removeWidget(widget)
        line = 0
        for section in self.order:
            rows = [r for r in self.rows if r.section == section]
            visible = [r for r in rows if shown(r.key)]
            for row in rows:
                row.label.setVisible(row in visible)
                row.field.setVisible(row in visible)
            heading = self.headings.get(section)
            if heading is not None:
                heading.setVisible(bool(visible))
                if visible:
                    self.grid.addWidget(heading, line, 0, 1, 4)
                    line += 1
            column = 0
            for row in [r for r in visible if not r.wide]:
                self.grid.addWidget(row.label, line, column)
                self.grid.addWidget(row.field, line, column + 1)
                column += 2
                if column > 2:
                    column, line = 0, line + 1
            line += 1 if column else 0
            for row in [r for r in visible if r.wide]:
                self.grid.addWidget(row.label, line, 0)
                self.grid.addWidget(row.field, line, 1, 1, 3)
                line += 1
        for index in range(self.grid.rowCount()):
            self.grid.setRowStretch(index, 0)
        self.grid.setRowStretch(line, 1)
