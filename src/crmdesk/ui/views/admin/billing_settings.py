"""The settings window's "Invoicing" tab: the company's details printed on quotes,
orders, delivery notes and invoices (``company.*``), the VAT rates offered and the
default rate (``vat.*``, ``core/services/vat.py``), and the days to an invoice's due date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from crmdesk.core.services import vat
from crmdesk.core.settings import BY_KEY

COMPANY_KEYS = ("company.address", "company.phone", "company.tax_number", "company.bank")


class BillingSettingsEditor(QWidget):
    """Editors of the invoicing settings; :meth:`changes` gives setting key -> value."""

    def __init__(self, values: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.company: dict[str, QLineEdit] = {}
        intro = QLabel(self.tr(
            "Printed under the company name on quotes, orders, delivery notes and invoices."))
        intro.setWordWrap(True)
        form = QFormLayout()
        for key in COMPANY_KEYS:
            edit = QLineEdit(str(values.get(key) or ""))
            edit.setObjectName(key.replace(".", "_"))
            self.company[key] = edit
            form.addRow(BY_KEY[key].translated + ":", edit)
        self.rates = QLineEdit(", ".join(str(r) for r in values.get("vat.rates") or []))
        self.rates.setObjectName("vat_rates")
        self.rates.setPlaceholderText("13, 9, 6, 0")
        form.addRow(BY_KEY["vat.rates"].translated + ":", self.rates)
        self.default_rate = QSpinBox()
        self.default_rate.setObjectName("vat_default_rate")
        self.default_rate.setRange(0, 100)
        self.default_rate.setSuffix(" %")
        self.default_rate.setValue(int(values.get("vat.default_rate") or 0))
        form.addRow(BY_KEY["vat.default_rate"].translated + ":", self.default_rate)
        self.payment_days = QSpinBox()
        self.payment_days.setRange(0, 365)
        self.payment_days.setSuffix(self.tr(" days"))
        self.payment_days.setValue(int(values.get("invoice.payment_days") or 0))
        form.addRow(BY_KEY["invoice.payment_days"].translated + ":", self.payment_days)
        rounding = QLabel(self.tr(
            "VAT is worked out per line: net = unit price x quantity, VAT = net x rate "
            "rounded half-up to the cent; a document's totals are the sums of its lines. "
            "A product's own rate (on its form) wins over the default."))
        rounding.setWordWrap(True)
        rounding.setProperty("role", "subtitle")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(rounding)
        layout.addStretch(1)

    def changes(self) -> dict[str, Any]:
        rates = []
        for part in self.rates.text().replace("，", ",").split(","):
            rate = vat.percent_to_bp(part)
            if rate is not None:
                text = vat.bp_text(rate).rstrip("%")
                if text not in rates:
                    rates.append(text)
        result: dict[str, Any] = {key: edit.text().strip() for key, edit in self.company.items()}
        result["vat.rates"] = rates
        result["vat.default_rate"] = self.default_rate.value()
        result["invoice.payment_days"] = self.payment_days.value()
        return result
