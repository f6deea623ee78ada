"""The reports view: pick any printable report, set its options, then preview, print
or save it as PDF.

The reports themselves live in :mod:`crmdesk.reports`; this view only gathers a
:class:`~crmdesk.reports.ReportRequest` and hands it to the print preview module,
which builds it in the worker thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.analytics import Criteria
from crmdesk.core.fields import FieldSpec, field_spec, fields_of
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.registry import SERVICES
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.reports import REPORTS, ReportRequest, report_title
from crmdesk.reports.engine import filter_text
from crmdesk.ui import theme
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.views.reports_criteria import OwnerPicker, PeriodPicker, criteria_of
from crmdesk.ui.widgets.field_editors import CustomerPicker
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate

LISTS = ("customer-list", "list")
ANALYSES = ("pipeline", "sales", "service", "follow-up", "dealership", "insurance",
            "receivables")
#: offered only when that template was applied to the file (core/services/templates.py)
TEMPLATE_REPORTS = ("dealership", "insurance")

DESCRIPTIONS = {
    "customer-list": QT_TRANSLATE_NOOP(
        "ReportsView", "The customers you may see, as a table: filter, search and sort them "
                       "here."),
    "list": QT_TRANSLATE_NOOP(
        "ReportsView", "Any kind of record as a table: contacts, interactions, opportunities, "
                       "orders, tickets, tasks ..."),
    "customer-card": QT_TRANSLATE_NOOP(
        "ReportsView", "Everything about one customer on paper: details, contacts, recent "
                       "interactions, opportunities, orders, tickets and open tasks."),
    "pipeline": QT_TRANSLATE_NOOP(
        "ReportsView", "The opportunity funnel, the weighted forecast by close month, lead "
                       "conversion and the largest open opportunities."),
    "sales": QT_TRANSLATE_NOOP(
        "ReportsView", "Sales by month, industry, region and salesperson; RFM segments, ABC "
                       "tiers and the top customers."),
    "service": QT_TRANSLATE_NOOP(
        "ReportsView", "Tickets by status and priority, the time to resolve them and the "
                       "oldest open tickets."),
    "follow-up": QT_TRANSLATE_NOOP(
        "ReportsView", "Follow-up compliance per owner, then each owner's overdue tasks and "
                       "follow-ups."),
    "dealership": QT_TRANSLATE_NOOP(
        "ReportsView", "Showroom visits per day and per sales consultant, conversion by "
                       "source, test-drive rate by model and visits by intent level."),
    "insurance": QT_TRANSLATE_NOOP(
        "ReportsView", "Premium by product, agent and month, the claims ratio and the "
                       "renewals due within 30 days."),
    "receivables": QT_TRANSLATE_NOOP(
        "ReportsView", "Open invoices by age per owner and per customer, then best sellers, "
                       "gross margin, sales by channel and lead source, slow movers and stock "
                       "turnover."),
    "statement": QT_TRANSLATE_NOOP(
        "ReportsView", "One customer's invoices and payments with the running balance, for "
                       "the period chosen below."),
    # a template a business wrote itself
    "template": QT_TRANSLATE_NOOP(
        "ReportsView", "Every analysis the template declares, over the period and the "
                       "people chosen below."),
}
ICONS = {"customer-list": "building-2", "list": "columns-3", "customer-card": "file-text",
         "pipeline": "target", "sales": "chart-column", "service": "life-buoy",
         "follow-up": "clock", "dealership": "users", "insurance": "shield-check",
         "receivables": "wallet", "statement": "file-text"}


class OptionsError(KnownError):
    context = "ReportsView"


class ReportsView(Document):
    """A list of reports on the left, the chosen report's options on the right."""

    key = "reports"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.filters: list[Filter] = []

        self.choices = QListWidget()
        self.choices.setObjectName("reportChoices")
        self.choices.setIconSize(QSize(18, 18))
        self.choices.setFixedWidth(230)
        from crmdesk.core.services import templates

        applied = workspace.read(templates.applied)
        for name in REPORTS:
            if name == "ticket-card" or name.endswith("-document"):  # from forms (Ctrl+P)
                continue
            if name in TEMPLATE_REPORTS and name not in applied:
                continue
            item = QListWidgetItem(icon(ICONS.get(name, "file-text")), report_title(name))
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setSizeHint(QSize(200, 34))
            self.choices.addItem(item)
        # the statistics of templates a business wrote itself (applied to this file)
        self.own_templates: dict[str, str] = workspace.read(lambda s: {
            name: report_title(name, s) for name in templates.report_names(s)
            if name not in REPORTS})
        for name, title in self.own_templates.items():
            item = QListWidgetItem(icon("file-text"), title)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setSizeHint(QSize(200, 34))
            self.choices.addItem(item)

        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.description = QLabel()
        self.description.setProperty("role", "subtitle")
        self.description.setWordWrap(True)

        # list options
        self.entity = QComboBox()
        from crmdesk.ui.views.datasheet import entity_plural

        for entity in SERVICES:
            if entity != "customer":
                self.entity.addItem(entity_plural(entity), entity)
        self.entity.currentIndexChanged.connect(lambda _i: self._entity_changed())
        self.search = QLineEdit()
        self.search.setMinimumWidth(360)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Name, phone, pinyin ... (optional)"))
        self.conditions = QListWidget()
        self.conditions.setMinimumWidth(360)
        self.conditions.setIconSize(QSize(14, 14))
        self.conditions.setMaximumHeight(110)
        self.add_condition = QPushButton(icon("funnel"), self.tr("Add condition ..."))
        self.add_condition.clicked.connect(self._choose_field)
        self.remove_condition = QPushButton(icon("funnel-x"), self.tr("Remove"))
        self.remove_condition.clicked.connect(self._remove_condition)
        condition_buttons = QHBoxLayout()
        condition_buttons.addWidget(self.add_condition)
        condition_buttons.addWidget(self.remove_condition)
        condition_buttons.addStretch()
        conditions = QVBoxLayout()
        conditions.setSpacing(4)
        conditions.addWidget(self.conditions)
        conditions.addLayout(condition_buttons)
        self.conditions_box = QWidget()
        self.conditions_box.setLayout(conditions)
        conditions.setContentsMargins(0, 0, 0, 0)
        self.sort = QComboBox()
        self.descending = QCheckBox(self.tr("Descending"))
        sort_row = QHBoxLayout()
        sort_row.setContentsMargins(0, 0, 0, 0)
        sort_row.addWidget(self.sort, 1)
        sort_row.addWidget(self.descending)
        self.sort_box = QWidget()
        self.sort_box.setLayout(sort_row)

        # customer card
        from crmdesk.ui.lookups import field_context

        context = field_context(workspace, "task", None)
        self.customer = CustomerPicker(field_spec("task", "customer_id"),
                                       context.search_customers, context.customer_name)
        self.customer.widget.setMinimumWidth(360)

        # analyses
        self.period = PeriodPicker("year")
        self.owner = OwnerPicker(workspace)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setHorizontalSpacing(12)
        self.form.setVerticalSpacing(10)
        self.rows: dict[str, QWidget] = {
            "entity": self.entity, "search": self.search, "conditions": self.conditions_box,
            "sort": self.sort_box, "customer": self.customer.widget, "period": self.period,
            "owner": self.owner,
        }
        labels = {"entity": self.tr("Records:"), "search": self.tr("Search:"),
                  "conditions": self.tr("Conditions:"), "sort": self.tr("Sort by:"),
                  "customer": self.tr("Customer:"), "period": self.tr("Period:"),
                  "owner": self.tr("Owner:")}
        for key, widget in self.rows.items():
            self.form.addRow(labels[key], widget)

        self.preview_button = QPushButton(icon("eye", theme.ON_ACCENT), self.tr("Preview"))
        self.preview_button.setProperty("primary", True)
        self.preview_button.clicked.connect(self.preview)
        self.print_button = QPushButton(icon("printer"), self.tr("Print ..."))
        self.print_button.clicked.connect(self.print_now)
        self.save_button = QPushButton(icon("file-down"), self.tr("Save as PDF ..."))
        self.save_button.clicked.connect(self.save_pdf)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.preview_button)
        tip = QLabel(self.tr("Tip: to print a datasheet exactly as you see it, open it and "
                             "press Ctrl+P."))
        tip.setProperty("role", "hint")
        tip.setWordWrap(True)

        card = QFrame()
        card.setProperty("role", "card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.setSpacing(10)
        inner.addWidget(self.heading)
        inner.addWidget(self.description)
        inner.addSpacing(6)
        inner.addLayout(self.form)
        inner.addSpacing(6)
        inner.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(card)
        right.addWidget(tip)
        right.addStretch()
        side = QWidget()
        side.setMaximumWidth(760)
        side.setLayout(right)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(16)
        layout.addWidget(self.choices)
        layout.addWidget(side, 1)
        layout.addStretch(0)

        self.setStyleSheet(REPORTS_STYLE)
        for combo in (self.period.combo, self.owner, self.entity, self.sort):
            combo.setMinimumWidth(180)
        self.choices.currentRowChanged.connect(lambda _r: self._report_changed())
        self.choices.setCurrentRow(list(REPORTS).index("sales"))
        self._entity_changed()

    # -- document ------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Reports")

    def icon(self) -> QIcon:
        return icon("file-chart-column")

    def print_document(self) -> None:
        self.preview()

    # -- choosing ---------------------------------------------------------------------------
    def report_name(self) -> str:
        item = self.choices.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else "sales"

    def select_report(self, name: str) -> None:
        rows = [self.choices.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.choices.count())]
        self.choices.setCurrentRow(rows.index(name))

    def list_entity(self) -> str:
        return "customer" if self.report_name() == "customer-list" else str(
            self.entity.currentData())

    def _report_changed(self) -> None:
        name = self.report_name()
        own = name in self.own_templates
        self.heading.setText(self.own_templates[name] if own else report_title(name))
        self.description.setText(translate("ReportsView", DESCRIPTIONS.get(
            "template" if own else name, "")))
        shown = {
            "entity": name == "list",
            "search": name in LISTS, "conditions": name in LISTS, "sort": name in LISTS,
            "customer": name in ("customer-card", "statement"),
            "period": name in ANALYSES or own or name == "statement",
            "owner": name in ANALYSES or own,
        }
        for key, widget in self.rows.items():
            self.form.setRowVisible(widget, shown[key])
        if name in LISTS:
            self._entity_changed()

    def _specs(self) -> list[FieldSpec]:
        return [s for s in fields_of(self.list_entity()) if not s.sensitive]

    def _entity_changed(self) -> None:
        self.filters = []
        self._show_conditions()
        self.sort.clear()
        self.sort.addItem(self.tr("Newest first"), None)
        for spec in self._specs():
            self.sort.addItem(spec.translated, spec.key)
        self.descending.setChecked(False)

    # -- conditions -----------------------------------------------------------------------------
    def _choose_field(self) -> None:
        menu = QMenu(self)
        for spec in self._specs():
            action = menu.addAction(spec.translated)
            action.setData(spec.key)
        chosen = menu.exec(self.add_condition.mapToGlobal(
            self.add_condition.rect().bottomLeft()))
        if chosen is not None and chosen.data():
            self.ask_condition(field_spec(self.list_entity(), str(chosen.data())))

    def ask_condition(self, spec: FieldSpec) -> None:
        from crmdesk.ui.views.datasheet import ColumnFilterDialog

        current = next((f for f in self.filters if f.field == spec.key), None)
        dialog = ColumnFilterDialog(spec, self, current)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_filter(dialog.result_filter())

    def add_filter(self, flt: Filter) -> None:
        self.filters = [f for f in self.filters if f.field != flt.field] + [flt]
        self._show_conditions()

    def _remove_condition(self) -> None:
        row = self.conditions.currentRow()
        if 0 <= row < len(self.filters):
            del self.filters[row]
            self._show_conditions()

    def _show_conditions(self) -> None:
        entity = self.list_entity()
        self.conditions.clear()
        actor = self.workspace.actor
        texts = self.workspace.read(lambda s: [filter_text(s, entity, f, actor)
                                               for f in self.filters])
        for text in texts:
            self.conditions.addItem(QListWidgetItem(icon("funnel"), text))
        if not self.filters:
            item = QListWidgetItem(self.tr("No conditions: every record you may see"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.conditions.addItem(item)
        self.remove_condition.setEnabled(bool(self.filters))

    # -- the request ------------------------------------------------------------------------------
    def request(self) -> ReportRequest:
        """The chosen report with its options (raises OptionsError when one is missing)."""
        name = self.report_name()
        if name in LISTS:
            key = self.sort.currentData()
            sort = [(str(key), self.descending.isChecked())] if key else [("id", True)]
            query = ListQuery(filters=list(self.filters), text=self.search.text().strip() or None,
                              sort=sort)
            return ReportRequest(name, entity=self.list_entity(), query=query)
        if name == "customer-card":
            customer = self.customer.value()
            if customer is None or customer == -1:
                raise OptionsError(QT_TRANSLATE_NOOP(
                    "ReportsView", "Choose the customer whose card to print: type part of the "
                                   "name, phone or pinyin and pick one from the list."))
            return ReportRequest(name, customer=int(customer))
        if name == "statement":  # a customer's statement of account (reports/receivables.py)
            customer = self.customer.value()
            if customer is None or customer == -1:
                raise OptionsError(QT_TRANSLATE_NOOP(
                    "ReportsView", "Choose the customer whose statement to print: type part "
                                   "of the name, phone or pinyin and pick one from the list."))
            criteria = criteria_of(self.period, self.owner)
            return ReportRequest(name, customer=int(customer),
                                 criteria=Criteria(criteria.start, criteria.end))
        return ReportRequest(name, criteria=criteria_of(self.period, self.owner))

    def _run(self, action: Any) -> Any:
        try:
            request = self.request()
        except KnownError as exc:
            show_error(self, exc)
            return None
        return action(self.workspace, self, request)

    def preview(self) -> Any:
        from crmdesk.ui.dialogs.print_preview import preview_report

        return self._run(preview_report)

    def print_now(self) -> Any:
        from crmdesk.ui.dialogs.print_preview import print_report

        return self._run(print_report)

    def save_pdf(self) -> Any:
        from crmdesk.ui.dialogs.print_preview import save_report

        return self._run(save_report)


REPORTS_STYLE = f"""
QListWidget#reportChoices {{ background: {theme.SURFACE}; border: 1px solid {theme.BORDER_CARD};
                            border-radius: 6px; padding: 4px; font-size: 10.5pt; }}
QListWidget#reportChoices::item {{ padding: 4px; border-radius: 4px; color: {theme.TEXT_STRONG}; }}
QListWidget#reportChoices::item:selected {{ background: {theme.ACCENT_SOFT};
                                            color: {theme.ACCENT_TEXT}; }}
QListWidget#reportChoices::item:hover:!selected {{ background: {theme.SURFACE_HOVER_LIST}; }}
"""
