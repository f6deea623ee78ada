"""The settings window's "Accounting" tab: the account codes the accountant export writes
(``accounting.account_*``, ``core/services/accounting.py``), to map the journal onto the
accounting package's chart of accounts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from crmdesk.core.services.accounting import ACCOUNTS
from crmdesk.core.settings import BY_KEY


class AccountingSettingsEditor(QWidget):
    """An editor per account code; :meth:`changes` gives setting key -> value."""

    def __init__(self, values: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes: dict[str, QLineEdit] = {}
        intro = QLabel(self.tr(
            "The account codes of the journal exported for the accountant (Reports > "
            "Receivables > Export for the accountant): use the codes of your accounting "
            "package."))
        intro.setWordWrap(True)
        form = QFormLayout()
        for name in ACCOUNTS:
            key = f"accounting.account_{name}"
            edit = QLineEdit(str(values.get(key) or BY_KEY[key].default))
            edit.setObjectName(key.replace(".", "_"))
            edit.setMaxLength(30)
            self.codes[key] = edit
            form.addRow(BY_KEY[key].translated + ":", edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)

    def changes(self) -> dict[str, Any]:
        return {key: edit.text().strip() or str(BY_KEY[key].default)
                for key, edit in self.codes.items()}
