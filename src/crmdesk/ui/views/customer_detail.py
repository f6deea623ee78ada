"""One customer's whole story: details, contacts, timeline, deals, orders, tickets,
tasks and the record's history; a call or visit logged in two clicks."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import CHOICES, choice_label, entity_label
from crmdesk.core.presentation import date_text, datetime_text, money
from crmdesk.core.services.customers import CustomerHeading, CustomerSummary, customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.session import Session
from crmdesk.core.validation import display_phone
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.attachments import AttachmentsPanel
from crmdesk.ui.views.audit_labels import action_label, summary_text
from crmdesk.ui.views.datasheet import DatasheetView
from crmdesk.ui.views.document import Document
from crmdesk.ui.views.record_form import RecordForm
from crmdesk.ui.widgets.field_editors import DateEditor
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate

KIND_ICONS = {"visit": "map-pin", "call": "phone", "email": "mail", "wechat": "message-square-text",
              "meeting": "users", "other": "info"}


class QuickLog(QFrame):
    """Log a call or visit now, with the next follow-up: the two-click path."""

    def __init__(self, detail: CustomerDetail) -> None:
        super().__init__()
        self.detail = detail
        self.setProperty("role", "card")
        self.kind = QComboBox()
        for key in CHOICES["interaction_kind"]:
            self.kind.addItem(icon(KIND_ICONS[key]), choice_label("interaction_kind", key), key)
        self.summary = QLineEdit()
        self.summary.setPlaceholderText(self.tr("What was said or agreed?"))
        self.summary.returnPressed.connect(self.save)
        from crmdesk.core.fields import field_spec

        self.follow_up = DateEditor(field_spec("interaction", "next_follow_up"))
        self.follow_up.edit.setPlaceholderText(self.tr("Next follow-up (optional)"))
        self.save_button = QPushButton(icon("check", theme.ON_ACCENT), self.tr("Log it"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        week = QPushButton(self.tr("+1 week"))
        week.setToolTip(self.tr("Follow up in one week"))
        week.clicked.connect(lambda: self.follow_up.set_value(date.today() + timedelta(days=7)))
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.summary, 1)
        row.addWidget(self.follow_up.widget)
        row.addWidget(week)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def start(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.summary.setFocus()

    def save(self) -> None:
        summary = self.summary.text().strip()
        if not summary:
            self.error.setText(self.tr("Write a short summary first."))
            self.error.show()
            self.summary.setFocus()
            return
        self.error.hide()
        actor, customer_id = self.detail.workspace.actor, self.detail.customer_id
        kind, follow = self.kind.currentData(), self.follow_up.value() or None

        def work(session: Session, _p: Any) -> int:
            return int(interactions.quick_log(session, actor, customer_id, kind, summary,
                                              next_follow_up=follow).id)

        def done(_id: int) -> None:
            self.summary.clear()
            self.follow_up.set_value(None)

        def failed(exc: BaseException) -> None:
            from crmdesk.errors import KnownError

            if isinstance(exc, KnownError):
                self.error.setText(exc.message)
                self.error.show()
            else:
                raise exc

        self.detail.workspace.op(self, work, changes=("interaction", "task", "customer")) \
            .success(done).failure(failed).run()


class CustomerDetail(Document):
    """The customer's story view."""

    def __init__(self, workspace: Workspace, customer_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.customer_id = customer_id
        self.key = f"customer:{customer_id}"
        self.name = ""
        base = [Filter("customer_id", "eq", customer_id)]

        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.subheading = QLabel()
        self.subheading.setProperty("role", "subtitle")
        self.figures = QGridLayout()
        self.figures.setHorizontalSpacing(24)

        self.quick = QuickLog(self)
        actions = QHBoxLayout()
        for kind, text in (("call", self.tr("Log a call")), ("visit", self.tr("Log a visit"))):
            button = QPushButton(icon(KIND_ICONS[kind]), text)
            button.clicked.connect(lambda _c=False, k=kind: self.quick.start(k))
            actions.addWidget(button)
        actions.addSpacing(12)
        for entity, icon_name in (("opportunity", "target"), ("order", "shopping-cart"),
                                  ("ticket", "life-buoy"), ("task", "square-check-big")):
            button = QPushButton(icon(icon_name), translate("CustomerDetail", "New {what}")
                                 .format(what=entity_label(entity)))
            button.clicked.connect(lambda _c=False, e=entity: self.open_requested.emit(
                "new", (e, {"customer_id": self.customer_id})))
            actions.addWidget(button)
        actions.addStretch()

        self.tabs = QTabWidget()
        self.details = RecordForm(workspace, "customer", customer_id, embedded=True)
        self.details.saved.connect(lambda _id: self.refresh_header())
        self.details.title_changed.connect(lambda _t: self.title_changed.emit(self.title()))
        self.timeline = QListWidget()
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setWordWrap(True)
        self.timeline.setIconSize(QSize(20, 20))
        self.timeline.itemDoubleClicked.connect(self._open_interaction)
        self.contacts = DatasheetView(workspace, "contact", base_filters=base, compact=True)
        self.opportunities = DatasheetView(workspace, "opportunity", base_filters=base,
                                           compact=True)
        self.orders = DatasheetView(workspace, "order", base_filters=base, compact=True)
        self.tickets = DatasheetView(workspace, "ticket", base_filters=base, compact=True)
        self.tasks = DatasheetView(workspace, "task", base_filters=base, compact=True)
        self.history = QTableWidget()
        self.history.setColumnCount(4)
        self.history.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"),
                                                self.tr("What"), self.tr("Changes")])
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.setWordWrap(True)
        for view in (self.contacts, self.opportunities, self.orders, self.tickets, self.tasks):
            view.open_requested.connect(self.open_requested.emit)
            for col, spec in enumerate(view.all_specs):
                if spec.key == "customer_id":
                    view.table.setColumnHidden(col, True)
        self.tabs.addTab(self.details, icon("file-text"), self.tr("Details"))
        self.tab_contacts = self.tabs.addTab(self.contacts, icon("contact-round"),
                                             self.tr("Contacts"))
        self.tabs.addTab(self.timeline, icon("message-square-text"), self.tr("Timeline"))
        self.tabs.addTab(self.opportunities, icon("target"), self.tr("Opportunities"))
        self.tabs.addTab(self.orders, icon("shopping-cart"), self.tr("Orders"))
        self.tabs.addTab(self.tickets, icon("life-buoy"), self.tr("Tickets"))
        self.tabs.addTab(self.tasks, icon("square-check-big"), self.tr("Tasks"))
        from crmdesk.ui.views.record_type_tabs import add_designed_tabs

        self.designed = add_designed_tabs(self, workspace, customer_id)  # designed types
        self.attachments = AttachmentsPanel(workspace, "customer", customer_id)
        self.tab_attachments = self.tabs.addTab(self.attachments, icon("file-plus"),
                                                self.tr("Attachments"))
        self.attachments.count_changed.connect(lambda n: self.tabs.setTabText(
            self.tab_attachments, self.tr("Attachments ({n})").format(n=n) if n
            else self.tr("Attachments")))
        self.attachments.count_changed.emit(len(self.attachments.items))
        self.tabs.addTab(self.history, icon("history"), self.tr("History"))

        header = QVBoxLayout()
        header.addWidget(self.heading)
        header.addWidget(self.subheading)
        top = QHBoxLayout()
        top.addLayout(header, 1)
        top.addLayout(self.figures)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.quick)
        layout.addWidget(self.tabs, 1)
        workspace.changed.connect(self._changed)
        self.refresh()

    def title(self) -> str:
        return self.name + ("*" if self.details.dirty else "")

    def icon(self) -> QIcon:
        return icon("building-2")

    def can_close(self) -> bool:
        return self.details.can_close()

    def save(self) -> None:
        self.details.save()

    def new_kind(self) -> str | None:
        """Ctrl+N on a customer's page: a new customer (the buttons above the tabs
        make the customer's deals, orders, tickets and tasks)."""
        return "customer"

    def print_document(self) -> None:
        """Ctrl+P: the customer card."""
        from crmdesk.reports import ReportRequest
        from crmdesk.ui.dialogs.print_preview import preview_report

        preview_report(self.workspace, self,
                       ReportRequest("customer-card", customer=self.customer_id))

    def _changed(self, entity: str) -> None:
        if entity in ("interaction", "customer", "order", "opportunity", "ticket", "task",
                      "contact", "diary"):
            self.refresh()

    def refresh(self) -> None:
        self.refresh_header()
        self.refresh_timeline()
        self.refresh_history()

    def refresh_header(self) -> None:
        actor = self.workspace.actor
        from crmdesk.errors import NotFound

        def load(s: Session) -> tuple[CustomerHeading, CustomerSummary]:
            return (customers.heading(s, actor, self.customer_id),
                    customers.summary(s, actor, self.customer_id))

        try:
            customer, summary = self.workspace.read(load)
        except NotFound:
            self.heading.setText(self.tr("This customer was deleted."))
            return
        self.name = customer.name
        self.heading.setText(f"{customer.name}")
        parts = [customer.code, choice_label("customer_kind", customer.kind),
                 choice_label("customer_status", customer.status)]
        if customer.intent_level:
            parts.append(self.tr("Intent {level}").format(level=customer.intent_level))
        if customer.mobile:
            parts.append(display_phone(customer.mobile))
        if customer.owner_name:
            parts.append(self.tr("Owner: {name}").format(name=customer.owner_name))
        self.subheading.setText("  ·  ".join(p for p in parts if p))
        self.tabs.setTabVisible(self.tab_contacts, customer.kind == "company")
        figures = [
            (self.tr("Orders total"), money(summary.order_total_cents)),
            (self.tr("Open deals"), money(summary.open_opportunity_cents)),
            (self.tr("Open tickets"), str(summary.open_tickets)),
            (self.tr("Open tasks"), str(summary.open_tasks)),
            (self.tr("Last contact"), date_text(summary.last_contact_at) or "-"),
        ]
        while self.figures.count():
            item = self.figures.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.deleteLater()
        for col, (label, value) in enumerate(figures):
            caption = QLabel(label)
            caption.setProperty("role", "hint")
            number = QLabel(value)
            number.setStyleSheet("font-size: 13pt; font-weight: 600;")
            self.figures.addWidget(number, 0, col, Qt.AlignmentFlag.AlignRight)
            self.figures.addWidget(caption, 1, col, Qt.AlignmentFlag.AlignRight)
        self.title_changed.emit(self.title())

    def refresh_timeline(self) -> None:
        actor = self.workspace.actor

        def load(s: Session) -> list[dict[str, Any]]:
            query = ListQuery(filters=[Filter("customer_id", "eq", self.customer_id)],
                              sort=[("occurred_at", True)])
            ids = interactions.ids(s, actor, query)
            rows = interactions.rows(s, actor, ids[:500])
            return rows

        rows = self.workspace.read(load)
        self.timeline.clear()
        for row in rows:
            when = datetime_text(row["occurred_at"])
            kind = choice_label("interaction_kind", row["kind"])
            who = row.get("user_id:name") or ""
            parts = [f"<b>{escape(row['summary'])}</b>",
                     f"<span style='color:{theme.TEXT_MUTED}'>{when} · {escape(kind)} · {escape(who)}</span>"]
            if row.get("details"):
                parts.append(escape(row["details"]).replace("\n", "<br>"))
            if row.get("next_follow_up"):
                parts.append(f"<span style='color:{theme.ACCENT_TEXT}'>" + escape(self.tr(
                    "Next follow-up: {day}").format(day=row["next_follow_up"].isoformat()))
                    + "</span>")
            label = QLabel("<br>".join(parts))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(4, 4, 4, 4)
            item = QListWidgetItem(icon(KIND_ICONS.get(row["kind"], "info"), theme.ACCENT), "")
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            item.setSizeHint(label.sizeHint().expandedTo(label.minimumSizeHint()) + QSize(0, 8))
            self.timeline.addItem(item)
            self.timeline.setItemWidget(item, label)
        from crmdesk.ui.views.diary import add_timeline_notes

        notes = add_timeline_notes(self.workspace, self.timeline, self.customer_id)
        if not rows and not notes:
            item = QListWidgetItem(self.tr("No interactions yet: log the first call above."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.timeline.addItem(item)

    def _open_interaction(self, item: QListWidgetItem) -> None:
        record_id = item.data(Qt.ItemDataRole.UserRole)
        if record_id:
            self.open_requested.emit("record", ("interaction", int(record_id)))

    def refresh_history(self) -> None:
        actor = self.workspace.actor
        entries = self.workspace.read(lambda s: customers.history(s, actor, self.customer_id))
        self.history.setRowCount(len(entries))
        for row, entry in enumerate(reversed(entries)):
            changes = describe_changes(entry.before, entry.after)
            values = [datetime_text(entry.at), entry.username, action_label(entry.action),
                      changes or summary_text(entry)]
            for col, value in enumerate(values):
                self.history.setItem(row, col, QTableWidgetItem(value))
        self.history.resizeColumnsToContents()
        self.history.resizeRowsToContents()


def describe_changes(before: str | None, after: str | None) -> str:
    """``city: 上海市 → 杭州市`` lines from the audit JSON."""
    import json

    from crmdesk.core.fields import FIELDS

    old = json.loads(before) if before else {}
    new = json.loads(after) if after else {}
    labels = {spec.key: spec.translated for specs in FIELDS.values() for spec in specs}
    lines = []
    for key in sorted(set(old) | set(new)):
        if before and after:
            lines.append(f"{labels.get(key, key)}: {old.get(key) or '-'} → {new.get(key) or '-'}")
        elif after and new.get(key) not in (None, ""):
            lines.append(f"{labels.get(key, key)}: {new.get(key)}")
    return "\n".join(lines[:30])

