"""One editor widget per field kind (see :mod:`crmdesk.core.fields`).

Every editor has ``value()`` (what the user typed, raw: the services clean it),
``set_value(v)``, a ``changed`` signal and ``set_invalid(bool)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import CHOICES, SUGGESTIONS, FieldSpec, choice_label
from crmdesk.core.presentation import datetime_text, money
from crmdesk.core.validation import display_phone
from crmdesk.ui.icons import icon
from crmdesk.ui.theme import set_hint

translate = QCoreApplication.translate  # lupdate knows translate("Context", "text")


def _restyle(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldEditor(QObject):
    changed = Signal()

    def __init__(self, spec: FieldSpec, widget: QWidget) -> None:
        super().__init__(widget)
        self.spec = spec
        self.widget = widget
        self.focus_widget: QWidget = widget

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_invalid(self, invalid: bool) -> None:
        _restyle(self.focus_widget, invalid)

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)


class LineEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, placeholder: str = "") -> None:
        edit = QLineEdit()
        if spec.max_len:
            edit.setMaxLength(spec.max_len)
        if placeholder:
            set_hint(edit, placeholder)
        super().__init__(spec, edit)
        self.edit = edit
        edit.textEdited.connect(lambda _t: self.changed.emit())

    def value(self) -> Any:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class PhoneEditor(LineEditor):
    def set_value(self, value: Any) -> None:
        self.edit.setText(display_phone(value) if value else "")


class MoneyEditor(LineEditor):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def set_value(self, value: Any) -> None:
        self.edit.setText(money(value, symbol=False))

    def value(self) -> Any:
        return self.edit.text().replace(QLocale().groupSeparator(), "")


class TextAreaEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(72)
        super().__init__(spec, edit)
        self.edit = edit
        edit.textChanged.connect(self.changed.emit)

    def value(self) -> Any:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec) -> None:
        box = QCheckBox()
        super().__init__(spec, box)
        self.box = box
        box.toggled.connect(lambda _v: self.changed.emit())

    def value(self) -> Any:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class ComboEditor(FieldEditor):
    """A closed list: (value, label) items; an empty first item unless required."""

    def __init__(self, spec: FieldSpec, items: list[tuple[Any, str]], *,
                 allow_empty: bool | None = None,
                 label_for: Callable[[Any], str] | None = None) -> None:
        combo = QComboBox()
        super().__init__(spec, combo)
        self.combo = combo
        self.label_for = label_for
        self.allow_empty = (not spec.required) if allow_empty is None else allow_empty
        self.set_items(items)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def set_items(self, items: list[tuple[Any, str]]) -> None:
        current = self.value() if self.combo.count() else None
        self.combo.blockSignals(True)
        self.combo.clear()
        if self.allow_empty:
            self.combo.addItem("", None)
        for value, text in items:
            self.combo.addItem(text, value)
        self.combo.blockSignals(False)
        if current is not None:
            self.set_value(current)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0 and value is not None:
            self.combo.addItem(self.label_for(value) if self.label_for else str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


class SuggestEditor(FieldEditor):
    """Free text with suggestions (industry, lead source)."""

    def __init__(self, spec: FieldSpec, suggestions: list[str]) -> None:
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItem("")
        combo.addItems(suggestions)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        super().__init__(spec, combo)
        self.combo = combo
        combo.editTextChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> Any:
        return self.combo.currentText()

    def set_value(self, value: Any) -> None:
        self.combo.setEditText("" if value is None else str(value))


class _CalendarPopup(QCalendarWidget):
    def __init__(self, on_pick: Callable[[QDate], None]) -> None:
        super().__init__()
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setGridVisible(True)
        self.on_pick = on_pick
        self.clicked.connect(self._pick)
        self.activated.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.on_pick(day)
        self.close()


class DateEditor(FieldEditor):
    """A date that may be empty: typed (2024-05-01, 2024/5/1, 2024年5月1日) or picked."""

    def __init__(self, spec: FieldSpec, with_time: bool = False) -> None:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit()
        set_hint(self.edit, translate("Widgets", "YYYY-MM-DD HH:MM") if with_time
                 else translate("Widgets", "YYYY-MM-DD"))
        button = QToolButton()
        button.setIcon(icon("calendar"))
        button.setToolTip(translate("Widgets", "Pick a date"))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.edit, 1)
        layout.addWidget(button)
        super().__init__(spec, box)
        self.focus_widget = self.edit
        self.with_time = with_time
        self.button = button
        button.clicked.connect(self.pick)
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        self._popup: _CalendarPopup | None = None

    def pick(self) -> None:
        popup = _CalendarPopup(self._picked)
        text = self.edit.text().strip()[:10]
        parsed = QDate.fromString(text, "yyyy-MM-dd")
        if parsed.isValid():
            popup.setSelectedDate(parsed)
        popup.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        popup.show()
        self._popup = popup

    def _picked(self, day: QDate) -> None:
        text = day.toString("yyyy-MM-dd")
        if self.with_time:
            old = self.edit.text().strip()
            clock = old[11:16] if len(old) >= 16 else "09:00"
            text = f"{text} {clock}"
        self.edit.setText(text)
        self.changed.emit()

    def value(self) -> Any:
        return self.edit.text().strip()

    def set_value(self, value: Any) -> None:
        if isinstance(value, datetime):
            self.edit.setText(datetime_text(value))
        elif isinstance(value, date):
            self.edit.setText(value.isoformat())
        else:
            self.edit.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.button.setEnabled(not read_only)


class CustomerPicker(FieldEditor):
    """Choose a customer by typing part of a name, phone or pinyin."""

    def __init__(self, spec: FieldSpec, search: Callable[[str], list[tuple[int, str]]],
                 name_of: Callable[[int], str]) -> None:
        edit = QLineEdit()
        set_hint(edit, translate("Widgets", "Type a name, phone or pinyin"))
        super().__init__(spec, edit)
        self.edit = edit
        self.search = search
        self.name_of = name_of
        self.customer_id: int | None = None
        self.completer = QCompleter([], edit)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        edit.setCompleter(self.completer)
        self._hits: dict[str, int] = {}
        self._timer = QTimer(edit)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._refresh)
        edit.textEdited.connect(self._typed)
        self.completer.activated.connect(self._chosen)

    def _typed(self, _text: str) -> None:
        self.customer_id = None
        self._timer.start()
        self.changed.emit()

    def _refresh(self) -> None:
        hits = self.search(self.edit.text())
        self._hits = {label: cid for cid, label in hits}
        from PySide6.QtCore import QStringListModel

        self.completer.setModel(QStringListModel(list(self._hits)))
        self.completer.complete()

    def _chosen(self, label: str) -> None:
        self.customer_id = self._hits.get(label)
        self.changed.emit()

    def value(self) -> Any:
        if self.customer_id is None and self.edit.text().strip():
            return -1  # typed text that matches no customer: the service says so
        return self.customer_id

    def set_value(self, value: Any) -> None:
        self.customer_id = value
        self.edit.setText(self.name_of(value) if value else "")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class SensitiveEditor(FieldEditor):
    """Shows the masked value; the eye button reveals it (audited); typing replaces it."""

    def __init__(self, spec: FieldSpec, reveal: Callable[[], str | None] | None) -> None:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = QLineEdit()
        self.button = QToolButton()
        self.button.setIcon(icon("eye"))
        self.button.setToolTip(translate("Widgets", "Show the full value (recorded in the "
                                                 "audit log)"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        super().__init__(spec, box)
        self.focus_widget = self.edit
        self.reveal_fn = reveal
        self.masked = ""
        self.touched = False
        self.button.setVisible(reveal is not None)
        self.button.clicked.connect(self.reveal)
        self.edit.textEdited.connect(self._typed)

    def _typed(self, _text: str) -> None:
        self.touched = True
        self.changed.emit()

    def reveal(self) -> None:
        if self.reveal_fn is None:
            return
        value = self.reveal_fn()
        if value is not None:
            self.edit.setText(value)
            self.button.setEnabled(False)

    def value(self) -> Any:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.masked = value or ""
        self.touched = False
        self.edit.setText(self.masked)
        self.button.setEnabled(bool(self.masked))

    @property
    def modified(self) -> bool:
        return self.touched


class FieldContext:
    """What editors need to know beyond the field: lists of users, stages, statuses ..."""

    def __init__(self) -> None:
        self.users: list[tuple[int, str]] = []  # whom the user may choose
        self.user_names: dict[int, str] = {}  # everyone, for showing existing values
        self.stages: list[tuple[str, str]] = []
        self.stage_names: dict[str, str] = {}  # every stage, retired ones too
        self.statuses: list[tuple[int, str]] = []
        self.products: list[tuple[int, str]] = []
        self.contacts: list[tuple[int, str]] = []
        #: suppliers, warehouses ... by kind (fields.CATALOGUE_KINDS)
        self.catalogues: dict[str, list[tuple[int, str]]] = {}
        #: the VAT rates offered, in basis points (settings ``vat.rates``)
        self.vat_rates: list[int] = [1300, 900, 600, 0]
        self.suggestions: dict[str, list[str]] = {}
        self.search_customers: Callable[[str], list[tuple[int, str]]] = lambda q: []
        self.customer_name: Callable[[int], str] = lambda cid: str(cid)
        self.reveal: Callable[[str], str | None] | None = None


def make_editor(spec: FieldSpec, ctx: FieldContext) -> FieldEditor:
    kind = spec.kind
    if kind in ("mobile", "phone"):
        return PhoneEditor(spec, translate("Widgets", "e.g. 138 1234 5678") if kind == "mobile"
                           else translate("Widgets", "e.g. 010-6234 5678"))
    if kind == "email":
        return LineEditor(spec, translate("Widgets", "e.g. name@example.com"))
    if kind == "tags":
        return LineEditor(spec, translate("Widgets", "Separate tags with commas"))
    if kind == "longtext":
        return TextAreaEditor(spec)
    if kind == "money":
        return MoneyEditor(spec)
    if kind == "bool":
        return BoolEditor(spec)
    if kind in ("date", "datetime"):
        return DateEditor(spec, with_time=kind == "datetime")
    if kind == "choice":
        assert spec.choices is not None
        items = [(key, choice_label(spec.choices, key)) for key in CHOICES[spec.choices]]
        return ComboEditor(spec, items)
    if kind == "suggest":
        assert spec.choices is not None
        return SuggestEditor(spec, ctx.suggestions.get(spec.choices,
                                                       list(SUGGESTIONS[spec.choices])))
    if kind == "user":
        return ComboEditor(spec, ctx.users, label_for=lambda uid: ctx.user_names.get(uid, ""))
    if kind == "stage":
        return ComboEditor(spec, ctx.stages,
                           label_for=lambda key: ctx.stage_names.get(key, str(key)))
    if kind == "status":
        return ComboEditor(spec, ctx.statuses)
    if kind == "product":
        return ComboEditor(spec, ctx.products)
    if kind == "contact":
        return ComboEditor(spec, ctx.contacts, allow_empty=True)
    if kind == "vat_rate":  # basis points (issue 16): the rates offered in the settings
        return ComboEditor(spec, [(bp, f"{bp / 100:g}%") for bp in ctx.vat_rates],
                           allow_empty=True)
    if kind in ("supplier", "warehouse"):  # fields.CATALOGUE_KINDS
        return ComboEditor(spec, ctx.catalogues.get(kind, []), allow_empty=not spec.required)
    if kind == "customer":
        return CustomerPicker(spec, ctx.search_customers, ctx.customer_name)
    if kind in ("id_number", "bank_account"):
        reveal = ctx.reveal
        return SensitiveEditor(spec, (lambda: reveal(spec.key)) if reveal else None)
    return LineEditor(spec)


def labelled(widget: QWidget, error: QWidget) -> QWidget:
    """An editor with its error line below."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    layout.addWidget(error)
    return box
