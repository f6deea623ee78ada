"""The duplicate finder: groups of likely duplicate customers, side by side, merged.

A tab (Customers > Find duplicates, for managers and administrators) that runs
``duplicates.find_duplicates`` in the worker over the customers the user may
see and lists the groups with their reason (same phone, e-mail, ID number,
similar name at the same company).  Selecting a group shows its customers side
by side (``duplicates.compare``): the user picks the customer to keep, which
others to merge into it, and per field the value that survives (tags and
notes can be combined).  "Merge" runs ``merging.merge_group``; the
merged-away customers go to the recycle bin, and restoring one there - or
Undo here - undoes its merge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import fields_of
from crmdesk.core.services import merging
from crmdesk.exchange import duplicates
from crmdesk.exchange.duplicates import ComparedField, DuplicateGroup, compare, find_duplicates
from crmdesk.jobs import Job
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.models.datasheet import display_value
from crmdesk.ui.views.document import Document
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate

REASON_ICONS = {"id_number": "shield", "phone": "phone", "email": "mail",
                "company": "building-2", "name": "user"}
COMBINED = ("tags", "notes")  # fields a merge combines unless a value is picked
COMBINE = 0  # the pick "combine both" (QButtonGroup ids: customer ids are >= 1)


def nav_text() -> str:
    """The navigation pane's entry."""
    return translate("DuplicateFinder", "Find duplicates")


@dataclass
class FoundGroup:
    group: DuplicateGroup
    people: list[tuple[int, str, str]]  # (id, code, name), oldest first

    def names(self) -> str:
        return " / ".join(dict.fromkeys(name for _i, _c, name in self.people))


def find_groups(session: Any, actor: Any, job: Job | None = None) -> list[FoundGroup]:
    """The duplicate groups with the codes and names of their customers."""
    groups = find_duplicates(session, actor, job=job)
    wanted = sorted({i for g in groups for i in g.ids})
    people = {c.id: (c.id, c.code, c.name) for c in merging.candidates(session, actor, wanted)}
    return [FoundGroup(g, [people[i] for i in g.ids if i in people]) for g in groups
            if sum(1 for i in g.ids if i in people) > 1]


def shown_value(field: ComparedField, value: Any) -> str:
    """A compared value as the forms show it."""
    if value in (None, ""):
        return ""
    if field.key.startswith("cf."):
        return str(value)
    spec = next((s for s in fields_of("customer") if s.key == field.key), None)
    if spec is None or spec.sensitive:
        return str(value)
    return display_value(spec, {field.key: value, field.key + ":name": value})


def combined_value(key: str, values: list[str]) -> str:
    """What a merge makes of tags (united) and notes (kept from both)."""
    present = [v for v in values if v]
    if key == "tags":
        tags = dict.fromkeys(t.strip() for v in present for t in v.split(",") if t.strip())
        return ", ".join(tags)
    return " / ".join(dict.fromkeys(present))


class CompareTable(QTableWidget):
    """Customers in columns, fields in rows: which customer stays, which merge into it,
    and a radio button per value to pick the one that survives."""

    KEEP, INCLUDE = 0, 1  # rows
    RESULT, FIRST = 1, 2  # columns: the merged value, the first customer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people: list[tuple[int, str, str]] = []
        self.fields: list[ComparedField] = []
        self.keep_group: QButtonGroup | None = None
        self.include: list[QCheckBox] = []
        self.value_groups: dict[str, QButtonGroup] = {}
        self.touched: set[str] = set()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(30)
        self.horizontalHeader().setMinimumSectionSize(130)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                    | Qt.AlignmentFlag.AlignVCenter)

    # -- building ---------------------------------------------------------------------------------
    def show_customers(self, people: list[tuple[int, str, str]],
                       fields: list[ComparedField], only_differences: bool) -> None:
        self.clear()
        self.people, self.touched = people, set()
        self.fields = [f for f in fields if not only_differences or f.key == "name"
                       or len({shown_value(f, v) for v in f.values}) > 1]
        count = len(people)
        self.setColumnCount(count + 2)
        self.setRowCount(len(self.fields) + 2)
        self.setHorizontalHeaderLabels(
            [translate("DuplicateFinder", "Field"),
             translate("DuplicateFinder", "After the merge")]
            + [f"{code}  {name}" for _i, code, name in people])
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, count + 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        result_header = self.horizontalHeaderItem(self.RESULT)
        if result_header is not None:
            result_header.setIcon(icon("git-merge", theme.ACCENT))
        bold = self.font()
        bold.setBold(True)

        self.keep_group = QButtonGroup(self)
        self.include = []
        self._label(self.KEEP, translate("DuplicateFinder", "Keep this customer"), bold)
        self._label(self.INCLUDE, translate("DuplicateFinder", "Merge into it"), bold)
        for n, (customer_id, code, _name) in enumerate(people):
            keep = QRadioButton(code)
            keep.setToolTip(translate("DuplicateFinder", "Keep {code}: the others are merged "
                                                         "into it").format(code=code))
            self.keep_group.addButton(keep, customer_id)
            self.setCellWidget(self.KEEP, n + self.FIRST, _cell(keep))
            include = QCheckBox(translate("DuplicateFinder", "Merge"))
            include.setChecked(True)
            include.toggled.connect(lambda _on: self._included_changed())
            self.include.append(include)
            self.setCellWidget(self.INCLUDE, n + self.FIRST, _cell(include))
        self.value_groups = {}
        for row, field in enumerate(self.fields, start=2):
            self._label(row, field.label)
            texts = [shown_value(field, v) for v in field.values]
            if not field.differs:
                for n, text in enumerate(texts):
                    item = QTableWidgetItem(text or "—")
                    item.setForeground(QColor(theme.TEXT_DISABLED))
                    item.setToolTip(text)
                    self.setItem(row, n + self.FIRST, item)
                continue
            group = QButtonGroup(self)
            for n, text in enumerate(texts):
                radio = QRadioButton(text or "—")
                radio.setToolTip(text)
                radio.setEnabled(bool(text))
                group.addButton(radio, people[n][0])
                self.setCellWidget(row, n + self.FIRST, _cell(radio))
            if field.key in COMBINED:
                both = QRadioButton()
                group.addButton(both, COMBINE)
                self.setCellWidget(row, self.RESULT, _cell(both))
            group.idClicked.connect(lambda _id, key=field.key: self._picked(key))
            self.value_groups[field.key] = group
        self.keep_group.idClicked.connect(lambda _id: self._survivor_changed())
        first = self.keep_group.button(people[0][0]) if people else None
        if first is not None:
            first.setChecked(True)
        self._survivor_changed()
        self.resizeColumnToContents(0)

    def _label(self, row: int, text: str, font: Any = None) -> None:
        item = QTableWidgetItem(text)
        if font is not None:
            item.setFont(font)
        item.setBackground(QColor(theme.SURFACE))
        self.setItem(row, 0, item)

    # -- choices ----------------------------------------------------------------------------------
    def survivor(self) -> int | None:
        if self.keep_group is None or self.keep_group.checkedId() == -1:
            return None
        return self.keep_group.checkedId()

    def set_survivor(self, customer_id: int) -> None:
        assert self.keep_group is not None
        button = self.keep_group.button(customer_id)
        if button is not None:
            button.setChecked(True)
            self._survivor_changed()

    def included(self) -> list[int]:
        """The customers merged into the survivor."""
        survivor = self.survivor()
        return [p[0] for p, box in zip(self.people, self.include, strict=True)
                if box.isChecked() and p[0] != survivor]

    def pick(self, key: str, customer_id: int) -> None:
        """Choose *customer_id*'s value of *key* (as clicking its radio button does)."""
        button = self.value_groups[key].button(customer_id)
        button.setChecked(True)
        self._picked(key)

    def choices(self) -> dict[str, int]:
        """Field -> the customer whose value survives (for ``merging.merge_group``): picks
        of customers that take part in the merge only."""
        survivor = self.survivor()
        taking_part = set(self.included()) | ({survivor} if survivor is not None else set())
        return {key: group.checkedId() for key, group in self.value_groups.items()
                if group.checkedId() in taking_part}

    def _picked(self, key: str) -> None:
        self.touched.add(key)
        self._show_results()

    def _survivor_changed(self) -> None:
        survivor = self.survivor()
        for n, (customer_id, _c, _n) in enumerate(self.people):
            box = self.include[n]
            box.blockSignals(True)
            if customer_id == survivor:
                box.setChecked(True)
            box.setEnabled(customer_id != survivor)
            box.blockSignals(False)
        self._apply_defaults()

    def _included_changed(self) -> None:
        self._apply_defaults()

    def _apply_defaults(self) -> None:
        """The merge's own defaults: the survivor's value, else the first merged one
        that has a value; tags and notes combined.  Picks the user made stay while
        their customer takes part."""
        survivor = self.survivor()
        taking_part = set(self.included()) | ({survivor} if survivor is not None else set())
        order = [survivor] + [p[0] for p in self.people if p[0] != survivor]
        for customer_id, _c, _name in self.people:
            for buttons in self.value_groups.values():
                button = buttons.button(customer_id)
                if button is not None and button.text() != "—":
                    button.setEnabled(customer_id in taking_part)
        for field in self.fields:
            group = self.value_groups.get(field.key)
            if group is None:
                continue
            current = group.checkedId()
            if field.key in self.touched and (current == COMBINE or current in taking_part):
                continue
            values = dict(zip((p[0] for p in self.people), field.values, strict=True))
            present = [c for c in order if c in taking_part and values.get(c) not in (None, "")]
            if field.key in COMBINED and len(present) > 1:
                chosen = COMBINE
            elif present:
                chosen = present[0]
            else:
                chosen = -1
            if chosen != -1:
                group.button(chosen).setChecked(True)
            self.touched.discard(field.key)
        self._show_results()

    def _show_results(self) -> None:
        survivor = self.survivor()
        taking_part = set(self.included()) | ({survivor} if survivor is not None else set())
        bold = self.font()
        bold.setBold(True)
        for row, field in enumerate(self.fields, start=2):
            texts = dict(zip((p[0] for p in self.people),
                             (shown_value(field, v) for v in field.values), strict=True))
            group = self.value_groups.get(field.key)
            if group is None:  # no conflict: the survivor's value, or the one there is
                order = [survivor] + [c for c in texts if c != survivor]
                result = next((texts[c] for c in order if c in taking_part and texts.get(c)),
                              "")
            elif group.checkedId() == COMBINE:
                result = combined_value(field.key, [texts[c] for c in texts if c in taking_part])
            else:
                result = texts.get(group.checkedId(), "")
            both = group.button(COMBINE) if group is not None else None
            if both is not None:
                combined = combined_value(field.key, [texts[c] for c in texts
                                                      if c in taking_part])
                both.setText(translate("DuplicateFinder", "Combine: {value}").format(
                    value=combined))
                both.setToolTip(combined)
                continue
            item = QTableWidgetItem(result or "—")
            item.setFont(bold)
            item.setToolTip(result)
            item.setBackground(QColor(theme.SURFACE))
            self.setItem(row, self.RESULT, item)


def _cell(widget: QWidget) -> QWidget:
    holder = QWidget()
    box = QHBoxLayout(holder)
    box.setContentsMargins(6, 0, 4, 0)
    box.addWidget(widget)
    box.addStretch()
    return holder


class DuplicateFinder(Document):
    key = "duplicates"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.found: list[FoundGroup] = []
        self.merges: list[int] = []  # the last merge's records (for Undo)
        self.dismissed: list[int] = []  # or the group last marked "not duplicates"
        self.searching = False

        title = QLabel(nav_text())
        title.setProperty("role", "title")
        hint = QLabel(translate(
            "DuplicateFinder", "Customers with the same phone number, e-mail address or ID "
                               "number, or a similar name at the same company. Choose the "
                               "customer to keep and the values that survive, then merge: the "
                               "others go to the recycle bin, where restoring them undoes the "
                               "merge."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.search_button = QPushButton(icon("refresh-cw"),
                                         translate("DuplicateFinder", "Search again"))
        self.search_button.clicked.connect(self.search)
        head = QHBoxLayout()
        texts = QVBoxLayout()
        texts.addWidget(title)
        texts.addWidget(hint)
        head.addLayout(texts, 1)
        head.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignTop)

        self.banner = QFrame()
        self.banner.setObjectName("mergeBanner")
        self.banner.setStyleSheet(theme.fill(
            "#mergeBanner { background: @SUCCESS_SURFACE; border: 1px solid @SUCCESS_BORDER; "
            "border-radius: 5px; }"))
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.undo_button = QPushButton(icon("undo-2"), translate("DuplicateFinder", "Undo"))
        self.undo_button.clicked.connect(self.undo)
        banner = QHBoxLayout(self.banner)
        banner.setContentsMargins(10, 6, 10, 6)
        check = QLabel()
        check.setPixmap(icon("check", theme.SUCCESS).pixmap(18, 18))
        banner.addWidget(check)
        banner.addWidget(self.banner_text, 1)
        banner.addWidget(self.undo_button)
        self.banner.hide()

        self.groups = QListWidget()
        self.groups.setIconSize(QSize(18, 18))
        self.groups.setSpacing(1)
        self.groups.setWordWrap(True)
        self.groups.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.groups.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.groups.currentRowChanged.connect(self.show_group)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "hint")
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.count_label)
        left_box.addWidget(self.groups, 1)

        self.compare = CompareTable()
        self.compare.horizontalHeader().sectionDoubleClicked.connect(self._open_customer)
        self.group_title = QLabel()
        self.group_title.setProperty("role", "section")
        self.only_differences = QCheckBox(translate("DuplicateFinder", "Only fields that "
                                                                       "differ"))
        self.only_differences.setChecked(True)
        self.only_differences.toggled.connect(lambda _on: self.show_group(
            self.groups.currentRow()))
        self.skip_button = QPushButton(translate("DuplicateFinder", "Not duplicates"))
        self.skip_button.setToolTip(translate("DuplicateFinder", "Take this group off the list "
                                                                 "(until the next search)"))
        self.skip_button.clicked.connect(self.skip_group)
        self.merge_button = QPushButton(icon("git-merge", theme.ON_ACCENT),
                                        translate("DuplicateFinder", "Merge ..."))
        self.merge_button.setProperty("primary", True)
        self.merge_button.clicked.connect(self.merge)
        top = QHBoxLayout()
        top.addWidget(self.group_title, 1)
        top.addWidget(self.only_differences)
        bottom = QHBoxLayout()
        open_hint = QLabel(translate("DuplicateFinder", "Double-click a customer's heading to "
                                                        "open it."))
        open_hint.setProperty("role", "hint")
        bottom.addWidget(open_hint, 1)
        bottom.addWidget(self.skip_button)
        bottom.addWidget(self.merge_button)
        self.right = QWidget()
        right_box = QVBoxLayout(self.right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addLayout(top)
        right_box.addWidget(self.compare, 1)
        right_box.addLayout(bottom)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "subtitle")

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.empty)
        self.right.hide()
        self.empty.hide()
        self.search()

    def title(self) -> str:
        return nav_text()

    def icon(self) -> QIcon:
        return icon("git-merge")

    def status_text(self) -> str:
        return translate("DuplicateFinder", "{n} groups of likely duplicates").format(
            n=f"{len(self.found):,}")

    # -- searching --------------------------------------------------------------------------------
    def search(self) -> None:
        if self.searching:
            return
        self.searching = True
        self.search_button.setEnabled(False)
        actor = self.workspace.actor

        def work(session: Any, job: Job) -> list[FoundGroup]:
            return find_groups(session, actor, job)

        operation = self.workspace.op(
            self, work, write=False, cancellable=True,
            label=translate("DuplicateFinder", "Looking for duplicate customers ..."))
        operation.success(self._found)
        operation.done.connect(self._search_done)
        operation.run()

    def _search_done(self) -> None:
        self.searching = False
        self.search_button.setEnabled(True)

    def _found(self, found: list[FoundGroup]) -> None:
        self.found = found
        self.groups.blockSignals(True)
        self.groups.clear()
        for entry in found:
            self.groups.addItem(self._item(entry))
        self.groups.blockSignals(False)
        self._update_count()
        if found:
            self.groups.setCurrentRow(0)
        else:
            self.show_group(-1)
        self.status_changed.emit(self.status_text())

    def _item(self, entry: FoundGroup) -> QListWidgetItem:
        reasons = entry.group.reasons
        item = QListWidgetItem(icon(REASON_ICONS.get(reasons[0], "users") if reasons
                                    else "users"),
                               f"{entry.names()}\n{entry.group.describe()} · " + translate(
                                   "DuplicateFinder", "{n} customers").format(
                                   n=len(entry.people)))
        item.setToolTip("\n".join(f"{code}  {name}" for _i, code, name in entry.people))
        return item

    def _update_count(self) -> None:
        self.count_label.setText(translate("DuplicateFinder", "{n} groups found").format(
            n=f"{len(self.found):,}"))

    # -- one group ----------------------------------------------------------------------------------
    def current(self) -> FoundGroup | None:
        row = self.groups.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def show_group(self, row: int) -> None:
        entry = self.found[row] if 0 <= row < len(self.found) else None
        if entry is None:
            self.right.hide()
            self.empty.setText(translate("DuplicateFinder", "No likely duplicates among the "
                                                            "customers you can see.")
                               if not self.found else "")
            self.empty.setVisible(not self.found and not self.searching)
            return
        actor = self.workspace.actor
        ids = [p[0] for p in entry.people]
        fields = self.workspace.read(lambda s: compare(s, actor, ids))
        self.compare.show_customers(entry.people, fields, self.only_differences.isChecked())
        self.group_title.setText(translate("DuplicateFinder", "{names} — {reasons}").format(
            names=entry.names(), reasons=entry.group.describe()))
        self.empty.hide()
        self.right.show()

    def skip_group(self) -> None:
        """Not duplicates: remembered in the database, so the group stays away."""
        row = self.groups.currentRow()
        if not 0 <= row < len(self.found):
            return
        entry = self.found[row]
        ids = [p[0] for p in entry.people]
        actor = self.workspace.actor

        def marked(_pairs: int) -> None:
            self.merges, self.dismissed = [], ids
            self.banner_text.setText(translate(
                "DuplicateFinder", "{names}: marked as not duplicates; they are no longer "
                                   "listed.").format(names=entry.names()))
            self.undo_button.setEnabled(True)
            self.banner.show()
            if 0 <= row < len(self.found) and self.found[row] is entry:
                self._drop(row)

        self.workspace.op(self, lambda s, _p: duplicates.dismiss(s, actor, ids),
                          changes=("customer",),
                          label=translate("DuplicateFinder", "Saving ...")).success(
            marked).run()

    def _drop(self, row: int) -> None:
        del self.found[row]
        self.groups.takeItem(row)
        self._update_count()
        self.status_changed.emit(self.status_text())
        if not self.found:
            self.show_group(-1)
        else:
            self.groups.setCurrentRow(min(row, len(self.found) - 1))
            self.show_group(self.groups.currentRow())

    def _open_customer(self, section: int) -> None:
        people = self.compare.people
        index = section - CompareTable.FIRST
        if 0 <= index < len(people):
            self.open_requested.emit("record", ("customer", people[index][0]))

    # -- merging ------------------------------------------------------------------------------------
    def merge(self) -> None:
        entry = self.current()
        survivor = self.compare.survivor()
        others = self.compare.included()
        if entry is None or survivor is None or not others:
            return
        people = {p[0]: p for p in entry.people}
        keep = people[survivor]
        answer = QMessageBox.question(
            self, translate("DuplicateFinder", "Merge customers"),
            translate("DuplicateFinder", "Merge {others} into {code} {name}? Their contacts, "
                                         "interactions, opportunities, orders, tickets and tasks "
                                         "move to {code}; the merged customers go to the "
                                         "recycle bin, where restoring one undoes its merge.")
            .format(others=", ".join(f"{people[o][1]} {people[o][2]}" for o in others),
                    code=keep[1], name=keep[2]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        choose = self.compare.choices()
        actor = self.workspace.actor
        row = self.groups.currentRow()

        def work(session: Any, _progress: Any) -> list[int]:
            done = merging.merge_group(session, actor, survivor, others, choose=choose)
            return list(done.merge_ids)

        def merged(records: list[int]) -> None:
            self.merges, self.dismissed = records, []
            self.banner_text.setText(translate(
                "DuplicateFinder", "Merged {others} into {code} {name}. The merged customers "
                                   "are in the recycle bin.").format(
                others=", ".join(people[o][1] for o in others), code=keep[1], name=keep[2]))
            self.undo_button.setEnabled(True)
            self.banner.show()
            if len(others) + 1 < len(entry.people):  # some stayed apart: still a group?
                self.search()
            elif 0 <= row < len(self.found) and self.found[row] is entry:
                self._drop(row)

        self.workspace.op(self, work, changes=("customer",),
                          label=translate("DuplicateFinder", "Merging ...")).success(
            merged).run()

    def undo(self) -> None:
        actor = self.workspace.actor
        if self.dismissed:
            ids = list(self.dismissed)

            def unmarked(_pairs: int) -> None:
                self.dismissed = []
                self.banner_text.setText(translate(
                    "DuplicateFinder", "They are listed as possible duplicates again."))
                self.undo_button.setEnabled(False)
                self.search()

            self.workspace.op(self, lambda s, _p: duplicates.undismiss(s, actor, ids),
                              changes=("customer",),
                              label=translate("DuplicateFinder", "Saving ...")).success(
                unmarked).run()
            return
        records = list(self.merges)
        if not records:
            return

        def work(session: Any, _progress: Any) -> int:
            return len(merging.undo_merges(session, actor, records))

        def undone(_count: int) -> None:
            self.merges = []
            self.banner_text.setText(translate("DuplicateFinder", "The merge was undone."))
            self.undo_button.setEnabled(False)
            self.search()

        self.workspace.op(self, work, changes=("customer",),
                          label=translate("DuplicateFinder", "Undoing the merge ...")).success(
            undone).run()

    def refresh(self) -> None:
        self.search()
