"""The form view of any record type: create and edit through the services.

Two columns of label/field pairs, labels right-aligned, required fields
marked, the validation message under the field in red as soon as it is wrong,
custom fields below, Save/Cancel at the bottom right.  Ctrl+S saves, Esc
cancels, and closing with unsaved changes asks first.  A save based on an
old version of the record shows both versions.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import SECTIONS, FieldSpec, entity_label, fields_of, section_label
from crmdesk.core.services import accounts, custom_fields
from crmdesk.core.services.customers import customers
from crmdesk.core.services.registry import service_for
from crmdesk.core.session import Session
from crmdesk.core.validation import FieldProblem, clean_value, required_problem
from crmdesk.errors import ConflictError, ValidationError
from crmdesk.ui import theme
from crmdesk.ui.errors import show_error
from crmdesk.ui.icons import icon
from crmdesk.ui.lookups import field_context
from crmdesk.ui.views.attachments import AttachmentsBox
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.field_editors import (
    ComboEditor,
    DateEditor,
    FieldEditor,
    LineEditor,
    SensitiveEditor,
    labelled,
)
from crmdesk.ui.widgets.form_grid import FormGrid
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate

#: what a new record starts with (the services apply the same defaults)
#: records that belong to no customer: opening one counts nothing for the guard
UNCOUNTED = frozenset({"product", "campaign", "supplier", "purchase_order"})

NEW_DEFAULTS: dict[str, dict[str, Any]] = {
    "customer": {"kind": "individual", "status": "potential"},
    "opportunity": {"stage": "potential"},
    "order": {"status": "confirmed"},
    "ticket": {"priority": "normal"},
    "task": {"priority": "normal"},
    "interaction": {"kind": "call"},
    "campaign": {"kind": "other", "status": "planned"},
    "product": {"active": True},
}

ENTITY_ICONS = {
    "customer": "building-2", "contact": "contact-round", "interaction": "message-square-text",
    "opportunity": "target", "product": "package", "order": "shopping-cart",
    "ticket": "life-buoy", "task": "square-check-big", "campaign": "megaphone",
    "supplier": "briefcase-business", "purchase_order": "file-text",
    "quote": "file-plus", "invoice": "receipt", "payment": "wallet",
    "delivery": "truck",
}


class RecordForm(Document):
    saved = Signal(int)

    def __init__(self, workspace: Workspace, entity: str, record_id: int | None = None, *,
                 defaults: dict[str, Any] | None = None, parent: QWidget | None = None,
                 embedded: bool = False) -> None:
        super().__init__(workspace, parent)
        self.entity = entity
        self.service = service_for(entity)
        self.record_id = record_id
        self.version: int | None = None
        self.defaults = {**NEW_DEFAULTS.get(entity, {}), **self.service.new_defaults(),
                         **(defaults or {})}
        self.embedded = embedded
        self.key = f"form:{entity}:{record_id}" if record_id else ""
        self.dirty = False
        self.loading = False
        self.saving = False
        #: fields the user changed since the record was loaded (kept over a newer version)
        self.edited: set[str] = set()
        self.record_title = ""
        self.specs = [s for s in fields_of(entity) if s.editable]
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        self.custom_defs: list[Any] = []

        self.ctx = field_context(workspace, entity, record_id, self.defaults.get("customer_id"))
        self.ctx.reveal = self._request_reveal if record_id else None

        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.subheading = QLabel()
        self.subheading.setProperty("role", "subtitle")
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        # the record was saved elsewhere while this form has unsaved edits
        self.stale = QFrame()
        self.stale.setProperty("role", "card")
        self.stale_text = QLabel()
        self.stale_text.setWordWrap(True)
        self.reload_button = QPushButton(icon("refresh-cw"), self.tr("Reload"))
        self.reload_button.setToolTip(self.tr("Show the saved version (your changes are "
                                              "discarded)"))
        self.reload_button.clicked.connect(self.reload)
        stale_row = QHBoxLayout(self.stale)
        stale_row.setContentsMargins(10, 6, 10, 6)
        stale_row.addWidget(QLabel(pixmap=icon("triangle-alert", theme.WARNING).pixmap(18, 18)))
        stale_row.addWidget(self.stale_text, 1)
        stale_row.addWidget(self.reload_button)
        self.stale.hide()

        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.grid.setColumnMinimumWidth(2, 90)
        self._build_fields()

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.save_button = QPushButton(icon("save", theme.ON_ACCENT), self.tr("Save"))
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Discard changes (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        if not embedded:
            layout.addWidget(self.heading)
            layout.addWidget(self.subheading)
        layout.addWidget(self.stale)
        layout.addWidget(scroll, 1)
        # the record's files under its fields (an embedded form's page shows them itself)
        self.attachments: AttachmentsBox | None = None
        if not embedded:
            self.attachments = AttachmentsBox(workspace, entity, record_id)
            layout.addWidget(self.attachments)
        layout.addLayout(buttons)

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        workspace.changed.connect(self._changed_elsewhere)
        self.load()

    # -- building ---------------------------------------------------------------
    def _build_fields(self) -> None:
        """One row per field, grouped by the fields' sections (a customer: basic
        information, contact details, address, sales, other); custom fields under
        their own heading; long texts across the form."""
        from crmdesk.ui.widgets.field_editors import make_editor

        headings = {"": "", **{key: section_label(key) for key in SECTIONS
                               if any(s.section == key for s in self.specs)},
                    "custom": self.tr("More fields"), "wide": ""}
        self.form_grid = FormGrid(self.grid, headings)
        for spec in self.specs:
            wide = spec.kind == "longtext"
            self._place(spec.key, spec.translated, spec.required, make_editor(spec, self.ctx),
                        spec.section or ("wide" if wide else ""), wide)
        self.custom_defs = self.workspace.read(
            lambda s: custom_fields.definitions(s, self.entity))
        for definition in self.custom_defs:
            self._place("cf." + definition.key, definition.label, definition.required,
                        self._custom_editor(definition), "custom")
        kind = self.editors.get("kind")
        if self.entity == "customer" and kind is not None:
            kind.changed.connect(self._arrange)
        self._arrange()

    def record_kind(self) -> str | None:
        """The customer's kind (individual/company) as the form shows it."""
        kind = self.editors.get("kind") if self.entity == "customer" else None
        value = kind.value() if kind is not None else None
        return str(value) if value else None

    def shown(self, key: str) -> bool:
        """Whether the field *key* belongs to the record as it is (a company customer
        has no gender, birthday or job title)."""
        editor = self.editors.get(key)
        return editor is None or key.startswith("cf.") or \
            editor.spec.applies_to(self.record_kind())

    def _arrange(self) -> None:
        self.form_grid.arrange(self.shown)
        previous: QWidget | None = None
        for key in self.form_grid.visible_keys():
            widget = self.editors[key].focus_widget
            if previous is not None:
                QWidget.setTabOrder(previous, widget)
            previous = widget

    def _custom_editor(self, definition: Any) -> FieldEditor:
        spec = FieldSpec("cf." + definition.key, definition.label, required=definition.required)
        if definition.sensitive:
            reveal = (lambda: self._request_reveal("cf." + definition.key)) \
                if self.record_id else None
            editor: FieldEditor = SensitiveEditor(spec, reveal)
        elif definition.kind == "choice":
            editor = ComboEditor(spec, [(c, c) for c in custom_fields.choices_of(definition)])
        elif definition.kind == "date":
            editor = DateEditor(spec)
        else:
            editor = LineEditor(spec)
        editor.definition = definition  # type: ignore[attr-defined]
        return editor

    def _place(self, key: str, text: str, required: bool, editor: FieldEditor, section: str,
               wide: bool = False) -> None:
        label = QLabel(f"{text}<span style='color:{theme.REQUIRED}'> *</span>" if required
                       else text)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        label.setContentsMargins(0, 5, 0, 0)
        label.setBuddy(editor.focus_widget)
        error = QLabel()
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.hide()
        self.form_grid.add(key, label, labelled(editor.widget, error), section, wide)
        self.editors[key] = editor
        self.errors[key] = error
        editor.changed.connect(lambda k=key: self._edited(k))

    # -- loading -------------------------------------------------------------------
    def load(self) -> None:
        if self.record_id is None:
            self.loading = True
            from datetime import date, datetime

            for key, editor in self.editors.items():
                if key in self.defaults:
                    editor.set_value(self.defaults[key])
                elif editor.spec.key in ("order_date",):
                    editor.set_value(date.today())
                elif editor.spec.key == "occurred_at":
                    editor.set_value(datetime.now().astimezone())
            owner = self.editors.get("owner_id") or self.editors.get("assignee_id") or \
                self.editors.get("user_id")
            if owner is not None and owner.value() is None:
                owner.set_value(self.workspace.actor.user_id)
            self.loading = False
            self.record_title = translate("RecordForm", "New {entity}").format(
                entity=entity_label(self.entity))
            self._update_heading()
            return
        if self.entity not in UNCOUNTED:
            # Opening a customer, or a record of one, counts for the anti-scraping guard
            # (a write): the customer is counted before anything is shown
            self.workspace.op(self, lambda s, p: self._fetch(s, opening=True),
                              write=True).success(self._populate).run()
        else:
            self._populate(self.workspace.read(lambda s: self._fetch(s, opening=False)))

    def _fetch(self, session: Session, opening: bool) -> dict[str, Any]:
        actor = self.workspace.actor
        assert self.record_id is not None
        if opening and self.entity == "customer":
            obj = customers.open(session, actor, self.record_id)
        elif opening:
            obj = self.service.get(session, actor, self.record_id)
            accounts.record_read(session, actor, self.entity, [self.record_id], kind="open")
        else:
            obj = self.service.get(session, actor, self.record_id)
        values: dict[str, Any] = {}
        for spec in self.specs:
            if spec.sensitive:  # a designed type masks its own sensitive fields
                holder: Any = self.service if hasattr(self.service, "masked") else customers
                values[spec.key] = holder.masked(actor, obj, spec.key)
            else:
                values[spec.key] = getattr(obj, spec.key, None)
        for key, value in custom_fields.values(session, actor, self.entity,
                                               self.record_id).items():
            values["cf." + key] = value
        values["__version"] = obj.version
        values["__title"] = self.service.describe(obj).split(" ", 1)[-1]
        return values

    def _populate(self, values: dict[str, Any]) -> None:
        self.loading = True
        for key, editor in self.editors.items():
            editor.set_value(values.get(key))
            self._show_error(key, None)
        self.loading = False
        self.version = values.get("__version")
        self.record_title = str(values.get("__title", ""))
        self.dirty = False
        self.edited.clear()
        self.stale.hide()
        self._update_heading()

    # -- changes made elsewhere ------------------------------------------------------
    def current_version(self) -> int | None:
        """The version saved now (None: deleted, or no longer visible)."""
        from crmdesk.errors import NotFound

        actor, record_id = self.workspace.actor, self.record_id
        assert record_id is not None
        try:
            return int(self.workspace.read(
                lambda s: self.service.get(s, actor, record_id).version))
        except NotFound:
            return None

    def _changed_elsewhere(self, entity: str) -> None:
        """Records of this form's type were written (a quick log, another form, an
        import ...): show the new version, or - with unsaved edits - say so."""
        if entity != self.entity or self.record_id is None or self.saving \
                or self.version is None or self.workspace.closed:
            return
        current = self.current_version()
        if current == self.version:
            return
        if current is None:
            self.stale_text.setText(self.tr("This record was deleted or is no longer yours "
                                            "to see: it can no longer be saved."))
            self.reload_button.hide()
            self.stale.show()
            return
        if not self.dirty:
            self.reload()
            return
        self.stale_text.setText(self.tr(
            "{title} was changed elsewhere after you opened it. Your unsaved changes are "
            "kept: Save shows both versions to compare, Reload shows the saved one.").format(
                title=self.record_title))
        self.reload_button.show()
        self.stale.show()

    def reload(self) -> None:
        """Show the saved version of the record (unsaved changes are discarded)."""
        if self.record_id is None:
            return
        self._populate(self.workspace.read(lambda s: self._fetch(s, opening=False)))
        self.load_related()

    def load_related(self) -> None:
        """Reload what the form shows beside its fields (an order's lines, a ticket's
        history), so a save never writes back an old copy of them."""
        for name in ("_load_lines", "_load_history"):
            loader = getattr(self, name, None)
            if callable(loader):
                loader()

    def _update_heading(self) -> None:
        self.heading.setText(self.record_title)
        if self.record_id is None:
            self.subheading.setText(self.tr("Fields marked * are required."))
        else:
            self.subheading.setText(entity_label(self.entity))
        self.title_changed.emit(self.title())

    def new_kind(self) -> str | None:
        """Ctrl+N on a form: another record of the same kind."""
        return self.entity

    def title(self) -> str:
        mark = "*" if self.dirty else ""
        return f"{self.record_title}{mark}"

    def icon(self) -> QIcon:
        return icon(ENTITY_ICONS.get(self.entity, "file-text"))

    # -- editing and validation --------------------------------------------------------
    def _edited(self, key: str) -> None:
        if self.loading:
            return
        self.edited.add(key)
        if not self.dirty:
            self.dirty = True
            self.title_changed.emit(self.title())
        self._validate_field(key)

    def _validate_field(self, key: str) -> bool:
        editor = self.editors[key]
        spec = editor.spec
        raw = editor.value()
        if (isinstance(editor, SensitiveEditor) and not editor.modified) or \
                not self.shown(key):
            self._show_error(key, None)
            return True
        try:
            if key.startswith("cf."):
                value = custom_fields.clean_one(editor.definition, raw)  # type: ignore[attr-defined]
            elif spec.kind == "customer" and raw == -1:
                raise FieldProblem(translate(
                    "RecordForm", "{label}: choose a customer from the list that appears as "
                                  "you type."))
            else:
                value = clean_value(spec, raw)
            if spec.required and value in (None, ""):
                raise required_problem()
        except FieldProblem as problem:
            self._show_error(key, problem.render(spec.translated if not key.startswith("cf.")
                                                 else spec.label))
            return False
        self._show_error(key, None)
        return True

    def _show_error(self, key: str, text: str | None) -> None:
        label = self.errors.get(key)
        if label is None:
            return
        label.setText(text or "")
        label.setVisible(bool(text))
        self.editors[key].set_invalid(bool(text))

    def values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        data: dict[str, Any] = {}
        custom: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if (isinstance(editor, SensitiveEditor) and not editor.modified) or \
                    not self.shown(key):
                continue  # unchanged, or not a field of this kind of record
            raw = editor.value()
            if key.startswith("cf."):
                custom[key[3:]] = raw
            elif editor.spec.kind == "customer" and raw == -1:
                data[key] = None if not editor.spec.required else -1
            else:
                data[key] = raw
        return data, custom

    # -- saving --------------------------------------------------------------------------
    def save(self) -> None:
        valid = all([self._validate_field(k) for k in self.editors])
        if not valid:
            self.message.setText(self.tr("Some fields need attention: see the messages in red."))
            self.message.show()
            return
        self.message.hide()
        data, custom = self.values()
        actor = self.workspace.actor
        record_id, version = self.record_id, self.version
        options = self.update_options() if record_id is not None else {}
        if options is None:
            return  # the user cancelled (a subclass asked)

        def work(session: Session, _progress: Any) -> int:
            if record_id is None:
                obj = self.service.create(session, actor, data, custom=custom)
            else:
                obj = self.service.update(session, actor, record_id, data,
                                          expected_version=version, custom=custom, **options)
            return int(obj.id)

        self.save_button.setEnabled(False)
        self.saving = True
        (self.workspace.op(self, work, changes=(self.entity,))
         .success(self._saved).failure(self._save_failed).run()
         .done.connect(self._save_done))

    def update_options(self) -> dict[str, Any] | None:
        """More arguments of the service's ``update`` for this save (a recurring task's
        edit scope); None: the user cancelled the save."""
        return {}

    def _save_done(self) -> None:
        self.saving = False
        self.save_button.setEnabled(True)

    def _saved(self, record_id: int) -> None:
        self.saving = False
        created = self.record_id is None
        self.record_id = record_id
        self.key = f"form:{self.entity}:{record_id}"
        self.ctx.reveal = self._request_reveal
        self.dirty = False
        self.message.hide()
        self.saved.emit(record_id)
        self._populate(self.workspace.read(lambda s: self._fetch(s, opening=False)))
        if created and self.attachments is not None:
            self.attachments.panel.set_record(record_id)
        if created:
            self.title_changed.emit(self.title())

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        if isinstance(exc, ValidationError):
            shown = False
            for error in exc.errors:
                if error.field in self.editors:
                    self._show_error(error.field, error.message)
                    shown = True
            self.message.setText(exc.message if not shown else
                                 self.tr("Some fields need attention: see the messages in red."))
            self.message.show()
            return
        if isinstance(exc, ConflictError):
            self._resolve_conflict(exc)
            return
        show_error(self, exc)

    def _resolve_conflict(self, exc: ConflictError) -> None:
        mine, _custom = self.values()
        current = exc.current if isinstance(exc.current, dict) else {}
        dialog = ConflictDialog(self.entity, mine, current, self)
        result = dialog.exec()
        if result == ConflictDialog.KEEP_MINE:
            self.keep_my_edits()
        elif result == ConflictDialog.TAKE_THEIRS:
            self.reload()

    def keep_my_edits(self) -> None:
        """Put the fields this user edited over the saved version and save that: what
        someone else changed in other fields (a follow-up date logged meanwhile) stays."""
        mine = {key: self.editors[key].value() for key in self.edited if key in self.editors}
        edited = set(self.edited)
        # the saved fields (not the related rows: an order's lines stay as edited)
        self._populate(self.workspace.read(lambda s: self._fetch(s, opening=False)))
        self.loading = True
        for key, value in mine.items():
            editor = self.editors[key]
            editor.set_value(value)
            if isinstance(editor, SensitiveEditor):
                editor.touched = True  # typed over: saved as typed
        self.loading = False
        self.edited = edited
        self.dirty = True  # (an order's edited lines count too)
        self.title_changed.emit(self.title())
        self.save()

    def _request_reveal(self, key: str) -> str | None:
        """Reveal a sensitive value (audited) and put it in its editor."""
        actor = self.workspace.actor
        record_id = self.record_id
        assert record_id is not None

        def work(session: Session, _p: Any) -> str | None:
            if key.startswith("cf."):
                return custom_fields.reveal(session, actor, self.entity, record_id, key[3:])
            holder: Any = self.service if hasattr(self.service, "reveal") else customers
            return holder.reveal(session, actor, record_id, key)  # type: ignore[no-any-return]

        def show(value: str | None) -> None:
            editor = self.editors[key]
            if isinstance(editor, SensitiveEditor) and value is not None:
                self.loading = True
                editor.edit.setText(value)
                editor.button.setEnabled(False)
                self.loading = False

        self.workspace.op(self, work).success(show).run()
        return None

    # -- closing ------------------------------------------------------------------------------
    def cancel(self) -> None:
        if self.can_close():
            self.dirty = False
            if self.record_id is not None and self.embedded:
                self.load()
            else:
                self.close_requested.emit()

    def can_close(self) -> bool:
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("{title} has unsaved changes. Save them?").format(title=self.record_title),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            self.save()
            return False  # closes after a successful save via the saved signal
        if answer == QMessageBox.StandardButton.Discard:
            self.dirty = False
            return True
        return False


class ConflictDialog(QDialog):
    """Someone else saved first: show both versions, let the user choose."""

    KEEP_MINE = 10
    TAKE_THEIRS = 11

    def __init__(self, entity: str, mine: dict[str, Any], theirs: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Saved by someone else"))
        self.resize(640, 420)
        text = QLabel(self.tr("Someone else saved this record after you opened it. The rows "
                              "in bold differ. Keep your version (overwrite theirs), or take "
                              "theirs (your changes are discarded)?"))
        text.setWordWrap(True)
        table = QTableWidget()
        table.setColumnCount(3)
        table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Your version"),
                                         self.tr("Saved version")])
        rows = [s for s in fields_of(entity) if s.key in mine or s.key in theirs]
        table.setRowCount(len(rows))
        for row, spec in enumerate(rows):
            a, b = mine.get(spec.key), theirs.get(spec.key)
            items = [QTableWidgetItem(spec.translated), QTableWidgetItem("" if a is None
                                                                         else str(a)),
                     QTableWidgetItem("" if b is None else str(b))]
            differs = str(a or "") != str(b or "")
            for col, item in enumerate(items):
                font = item.font()
                font.setBold(differs)
                item.setFont(font)
                table.setItem(row, col, item)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        buttons = QDialogButtonBox()
        mine_button = buttons.addButton(self.tr("Keep mine"),
                                        QDialogButtonBox.ButtonRole.AcceptRole)
        theirs_button = buttons.addButton(self.tr("Take theirs"),
                                          QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        mine_button.clicked.connect(lambda: self.done(self.KEEP_MINE))
        theirs_button.clicked.connect(lambda: self.done(self.TAKE_THEIRS))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)

