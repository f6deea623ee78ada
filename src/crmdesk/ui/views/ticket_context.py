"""The ticket form's context panel (issue 14, items 6-7): the knowledge base articles
suggested by the ticket's subject (Link records the one used), the articles already
used, and what the ticket is about: an order, an opportunity and a product of its
customer.  Plus printing the ticket (Ctrl+P).

Each change is saved at once through ``knowledge.link`` or ``ticket_links.set_links``
(validated, versioned and audited there).  The links are not fields of the form, so
a change saved here while the form holds unsaved edits only moves the form's version
on; the edits stay and save as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import FieldSpec
from crmdesk.core.presentation import datetime_text
from crmdesk.core.services import knowledge, ticket_links
from crmdesk.ui.icons import icon
from crmdesk.ui.widgets.field_editors import ComboEditor

if TYPE_CHECKING:
    from crmdesk.ui.views.ticket_form import TicketForm

translate = QCoreApplication.translate


class TicketContextPanel(QWidget):
    """Suggested articles with a Link button, the articles used, and the links."""

    def __init__(self, form: TicketForm) -> None:
        super().__init__(form)
        self.form = form
        self.workspace = form.workspace
        self.loading = False

        self.suggestions = QListWidget()
        self.suggestions.setMaximumHeight(66)  # about three lines: the form's fields first
        self.suggestions.itemDoubleClicked.connect(lambda _i: self.link_selected())
        self.link_button = QPushButton(icon("plus"), self.tr("Link"))
        self.link_button.setToolTip(self.tr("Record that this article answered the ticket"))
        self.link_button.clicked.connect(self.link_selected)
        self.used = QLabel()
        self.used.setWordWrap(True)
        self.used.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        articles = QGroupBox(self.tr("Suggested articles"))
        row = QHBoxLayout()
        row.addWidget(self.suggestions, 1)
        row.addWidget(self.link_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(articles)
        column.addLayout(row)
        column.addWidget(self.used)

        self.editors: dict[str, ComboEditor] = {}
        links = QGroupBox(self.tr("Linked to"))
        grid = QFormLayout(links)
        for key in ticket_links.LINKS:
            spec = FieldSpec(key, ticket_links.field_label(key), "int")
            editor = ComboEditor(spec, [], allow_empty=True)
            editor.changed.connect(lambda k=key: self._link_changed(k))
            self.editors[key] = editor
            grid.addRow(spec.label, editor.widget)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c")
        self.hint = QLabel(self.tr("Save the ticket first: then articles are suggested "
                                   "and it can be linked to an order, an opportunity "
                                   "and a product."))
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "subtitle")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        boxes = QHBoxLayout()
        boxes.addWidget(articles, 3)
        boxes.addWidget(links, 2)
        outer.addWidget(self.hint)
        outer.addLayout(boxes)
        outer.addWidget(self.message)
        self.boxes = (articles, links)
        self.workspace.changed.connect(self._changed_elsewhere)
        self.refresh()

    # -- loading --------------------------------------------------------------------------
    def _changed_elsewhere(self, entity: str) -> None:
        if entity == "ticket" and not self.workspace.closed:
            self.refresh()

    def refresh(self) -> None:
        record_id = self.form.record_id
        for box in self.boxes:
            box.setEnabled(record_id is not None)
        self.hint.setVisible(record_id is None)
        if record_id is None:
            return
        actor = self.workspace.actor
        from crmdesk.errors import NotFound

        def load(s: Any) -> tuple[Any, ...]:
            return (knowledge.suggest(s, actor, record_id),
                    knowledge.linked(s, actor, record_id),
                    ticket_links.context(s, actor, record_id))

        try:
            suggested, used, context = self.workspace.read(load)
        except NotFound:
            return  # deleted meanwhile: the form says so
        used_ids = {u.article.id for u in used}
        self.suggestions.clear()
        for article in suggested:
            text = f"{article.title} · {article.code}"
            if article.id in used_ids:
                text += "  ✓"
            item = QListWidgetItem(icon("file-text"), text)
            item.setData(Qt.ItemDataRole.UserRole, article.id)
            self.suggestions.addItem(item)
        if not suggested:
            item = QListWidgetItem(self.tr("No article matches the subject."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.suggestions.addItem(item)
        else:
            self.suggestions.setCurrentRow(0)
        self.link_button.setEnabled(bool(suggested))
        self.used.setText(self.tr("Used: {articles}").format(articles="; ".join(
            f"{u.article.code} {u.article.title} ({u.user}, {datetime_text(u.at)})"
            for u in used)) if used else "")
        self.loading = True
        for key, current, choices in (
                ("order_id", context.order, context.order_choices),
                ("opportunity_id", context.opportunity, context.opportunity_choices),
                ("product_id", context.product, context.product_choices)):
            editor = self.editors[key]
            items = list(choices)
            if current is not None and current[0] not in {i for i, _n in items}:
                items.append(current)
            editor.set_items(items)
            editor.set_value(current[0] if current else None)
        self.loading = False

    # -- saving ---------------------------------------------------------------------------
    def link_selected(self) -> None:
        item = self.suggestions.currentItem()
        record_id = self.form.record_id
        if item is None or record_id is None or item.data(Qt.ItemDataRole.UserRole) is None:
            return
        article_id = int(item.data(Qt.ItemDataRole.UserRole))
        actor = self.workspace.actor
        self.workspace.op(self, lambda s, _j: knowledge.link(s, actor, record_id, article_id)
                          ).success(lambda _r: self._saved()).failure(self._failed).run()

    def _link_changed(self, key: str) -> None:
        record_id = self.form.record_id
        if self.loading or record_id is None:
            return
        value = self.editors[key].value()
        actor = self.workspace.actor
        self.form_dirty = self.form.dirty

        def work(s: Any, _j: Any) -> int:
            return int(ticket_links.set_links(s, actor, record_id, **{key: value}).version)

        self.workspace.op(self, work).success(self._links_saved).failure(self._failed).run()

    def _links_saved(self, version: int) -> None:
        if getattr(self, "form_dirty", False) and self.form.dirty:
            # the links are no fields of the form: its unsaved edits stay, on the new version
            self.form.version = version
            self.form.stale.hide()
        self._saved()

    def _saved(self) -> None:
        self.message.clear()
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        from crmdesk.errors import KnownError, ValidationError

        if isinstance(exc, ValidationError):
            self.message.setText("\n".join(e.message for e in exc.errors))
        elif isinstance(exc, KnownError):
            self.message.setText(exc.message)
        else:
            from crmdesk.ui.errors import show_error

            show_error(self, exc)
        self.refresh()


def print_ticket(form: TicketForm) -> None:
    """Ctrl+P on a ticket: its details and history as a PDF (the print preview)."""
    from crmdesk.reports import ReportRequest
    from crmdesk.ui.dialogs.print_preview import preview_report

    if form.record_id is None:
        form.message.setText(translate("TicketContext", "Save the ticket before printing it."))
        form.message.show()
        return
    preview_report(form.workspace, form, ReportRequest("ticket-card", record=form.record_id))

