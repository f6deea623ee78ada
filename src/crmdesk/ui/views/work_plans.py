"""Work plans (``core/services/work_plans.py``): the user's plan for this week or month
(goals, the planned visits and calls, each an ordinary task; submit for review) and,
for managers and administrators, the team's plans with plan vs done and a Review
button that asks for a comment."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.fields import field_spec
from crmdesk.core.services import work_plans
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.work_plans import PlanEntry, PlanSummary, Progress
from crmdesk.core.session import Session
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.changes import on_changes
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate
ROLE = Qt.ItemDataRole.UserRole
KIND_ICONS = {"visit": "map-pin", "call": "phone", "other": "list-todo"}
STATUS_COLOURS = {"draft": theme.TEXT_MUTED, "submitted": theme.WARNING,
                  "reviewed": "#1a7f37"}


def percent_text(progress: Progress) -> str:
    return "–" if progress.percent is None else f"{progress.percent * 100:.0f}%"


def progress_text(progress: Progress) -> str:
    return translate("WorkPlansView", "{planned} planned · {done} done · {on_time} on time · "
                                      "{percent}").format(
        planned=progress.planned, done=progress.done, on_time=progress.on_time,
        percent=percent_text(progress))


def when_text(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def items_tree() -> QTreeWidget:
    tree = QTreeWidget()
    tree.setColumnCount(5)
    tree.setHeaderLabels([translate("WorkPlansView", "Due"), translate("WorkPlansView", "Kind"),
                          translate("WorkPlansView", "What"),
                          translate("WorkPlansView", "Customer"),
                          translate("WorkPlansView", "Status")])
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setColumnWidth(0, 130)
    tree.setColumnWidth(1, 80)
    tree.setColumnWidth(2, 300)
    tree.setColumnWidth(3, 200)
    return tree


def fill_items(tree: QTreeWidget, entries: list[PlanEntry]) -> None:
    tree.clear()
    now = datetime.now().astimezone()
    for entry in entries:
        if entry.done:
            state = translate("WorkPlansView", "Done on time") if entry.on_time \
                else translate("WorkPlansView", "Done late")
        else:
            state = translate("WorkPlansView", "Overdue") if entry.due_at and \
                entry.due_at < now else translate("WorkPlansView", "Open")
        row = QTreeWidgetItem(tree, [when_text(entry.due_at), entry.kind_text, entry.title,
                                     entry.customer_name, state])
        row.setIcon(1, icon(KIND_ICONS.get(entry.kind, "list-todo")))
        row.setData(0, ROLE, entry.task_id)
        if entry.done:
            row.setForeground(4, QBrush(QColor("#1a7f37" if entry.on_time else theme.WARNING)))
        elif state == translate("WorkPlansView", "Overdue"):
            row.setForeground(4, QBrush(QColor(theme.ERROR)))


class ItemDialog(QDialog):
    """A planned visit, call or other work: kind, what, customer, when."""

    def __init__(self, view: WorkPlansView, plan: PlanSummary) -> None:
        super().__init__(view)
        from crmdesk.ui.lookups import field_context
        from crmdesk.ui.widgets.field_editors import CustomerPicker

        self.view = view
        self.plan = plan
        self.setWindowTitle(self.tr("Plan a visit or call"))
        self.kind = QComboBox()
        for key in work_plans.ITEM_KINDS:
            self.kind.addItem(icon(KIND_ICONS[key]), work_plans.kind_text(key), key)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("e.g. Visit Mr Wang to present the offer"))
        ctx = field_context(view.workspace, "task", None)
        self.customer = CustomerPicker(field_spec("task", "customer_id"), ctx.search_customers,
                                       ctx.customer_name)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        first, last = plan.period_start, plan.period_end
        self.when.setDateTimeRange(QDateTime(QDate(first.year, first.month, first.day),
                                             QTime(0, 0)),
                                   QDateTime(QDate(last.year, last.month, last.day),
                                             QTime(23, 59)))
        start = max(first, min(date.today() + timedelta(days=1), last))
        self.when.setDateTime(QDateTime(QDate(start.year, start.month, start.day),
                                        QTime(9, 0)))
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("What") + " *", self.title_edit)
        form.addRow(self.tr("Customer"), self.customer.widget)
        form.addRow(self.tr("When") + " *", self.when)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Add to plan"))
        self.ok.setProperty("primary", True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("It becomes a task of yours: it reminds you, and shows in Today "
                              "and the calendar when due."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def due(self) -> datetime:
        chosen = self.when.dateTime()
        day, clock = chosen.date(), chosen.time()
        return datetime.combine(date(day.year(), day.month(), day.day()),
                                time(clock.hour(), clock.minute())).astimezone()

    def save(self) -> None:
        actor, plan_id = self.view.workspace.actor, self.plan.id
        kind, title = str(self.kind.currentData()), self.title_edit.text()
        customer, due = self.customer.value(), self.due()

        def work(session: Session, _job: Any) -> int:
            task = work_plans.add_item(session, actor, plan_id, kind, title, due,
                                       customer_id=customer)
            return int(task.id)

        def failed(exc: BaseException) -> None:
            self.ok.setEnabled(True)
            self.message.setText(str(exc))

        def done(_task_id: int) -> None:
            self.accept()

        self.ok.setEnabled(False)
        self.message.clear()
        self.view.workspace.op(self, work, changes=("task", "work_plan")).success(done) \
            .failure(failed).run()


class ReviewDialog(QDialog):
    """The manager's comment on a plan (marks it reviewed)."""

    def __init__(self, parent: QWidget, plan: PlanSummary) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review work plan"))
        heading = QLabel(self.tr("{person}: {period}").format(person=plan.owner_name,
                                                             period=plan.period_text))
        heading.setProperty("role", "section")
        figures = QLabel(progress_text(plan.progress))
        figures.setProperty("role", "hint")
        self.comment = QPlainTextEdit(plan.review_comment)
        self.comment.setPlaceholderText(self.tr("What went well, what to change next time"))
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Mark reviewed"))
        self.ok.setProperty("primary", True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(figures)
        layout.addWidget(QLabel(self.tr("Comment") + " *"))
        layout.addWidget(self.comment, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def text(self) -> str:
        return self.comment.toPlainText()


class MyPlanPane(QWidget):
    """The user's own plan for the period shown."""

    def __init__(self, view: WorkPlansView) -> None:
        super().__init__()
        self.view = view
        self.plan: PlanSummary | None = None
        self.entries: list[PlanEntry] = []
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.figures = QLabel()
        self.figures.setProperty("role", "subtitle")
        card = QFrame()
        card.setProperty("role", "card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(12, 8, 12, 8)
        card_layout.addWidget(self.status)
        card_layout.addWidget(self.figures)
        goals_label = QLabel(self.tr("Goals"))
        goals_label.setProperty("role", "section")
        self.goals = QPlainTextEdit()
        self.goals.setPlaceholderText(self.tr("What you mean to achieve in this period: "
                                              "customers to win, orders to close ..."))
        self.goals.setMaximumHeight(120)
        self.save_button = QPushButton(icon("save"), self.tr("Save goals"))
        self.save_button.clicked.connect(self.save_goals)
        items_label = QLabel(self.tr("Planned visits and calls"))
        items_label.setProperty("role", "section")
        self.tree = items_tree()
        self.tree.itemDoubleClicked.connect(
            lambda row, _c: view.open_requested.emit("record", ("task", row.data(0, ROLE))))
        self.add_button = QPushButton(icon("plus"), self.tr("Add visit or call…"))
        self.add_button.clicked.connect(self.add_item)
        self.done_button = QPushButton(icon("check"), self.tr("Mark done"))
        self.done_button.clicked.connect(self.mark_done)
        self.submit_button = QPushButton(icon("circle-check"), self.tr("Submit for review"))
        self.submit_button.setProperty("primary", True)
        self.submit_button.clicked.connect(self.submit)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        goals_row = QHBoxLayout()
        goals_row.addWidget(goals_label)
        goals_row.addStretch(1)
        goals_row.addWidget(self.save_button)
        items_row = QHBoxLayout()
        items_row.addWidget(items_label)
        items_row.addStretch(1)
        items_row.addWidget(self.add_button)
        items_row.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(card)
        layout.addLayout(goals_row)
        layout.addWidget(self.goals)
        layout.addLayout(items_row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.submit_button)
        layout.addLayout(bottom)

    def refresh(self) -> None:
        view = self.view
        actor, period, day = view.workspace.actor, view.period, view.anchor

        def load(session: Session) -> tuple[PlanSummary | None, list[PlanEntry]]:
            plan = work_plans.find(session, actor, period, day)
            if plan is None:
                return None, []
            return (work_plans.summary(session, actor, plan.id),
                    work_plans.items(session, actor, plan.id))

        self.plan, self.entries = view.workspace.read(load)
        plan = self.plan
        if plan is None:
            self.status.setText(self.tr("No plan for this period yet: write your goals and "
                                        "save, or add a planned visit or call."))
            self.status.setStyleSheet(f"color: {theme.TEXT_MUTED};")
            self.figures.setText("")
            self.goals.setPlainText("")
        else:
            self.status.setText(self.status_line(plan))
            self.status.setStyleSheet(f"color: {STATUS_COLOURS.get(plan.status, theme.TEXT)};"
                                      "font-weight: 600;")
            self.figures.setText(progress_text(plan.progress))
            self.goals.setPlainText(plan.goals)
        closed = plan is not None and plan.status == "reviewed"
        self.goals.setReadOnly(closed)
        for button in (self.save_button, self.add_button):
            button.setEnabled(not closed)
        self.submit_button.setEnabled(plan is not None and plan.status == "draft")
        fill_items(self.tree, self.entries)

    def status_line(self, plan: PlanSummary) -> str:
        if plan.status == "reviewed":
            return self.tr("Reviewed by {reviewer} on {when}: {comment}").format(
                reviewer=plan.reviewer_name, when=when_text(plan.reviewed_at),
                comment=plan.review_comment)
        if plan.status == "submitted":
            return self.tr("Submitted on {when}; waiting for review.").format(
                when=when_text(plan.submitted_at))
        return self.tr("Draft: submit it when it is ready for your manager.")

    def _run(self, work: Any, changes: tuple[str, ...] = ("work_plan",)) -> None:
        def failed(exc: BaseException) -> None:
            self.message.setText(str(exc))

        self.message.clear()
        self.view.workspace.op(self, work, changes=changes).failure(failed).run()

    def _ensure_plan(self, session: Session) -> int:
        actor, view = self.view.workspace.actor, self.view
        found = work_plans.find(session, actor, view.period, view.anchor)
        if found is not None:
            return int(found.id)
        return int(work_plans.create(session, actor, view.period, view.anchor).id)

    def save_goals(self) -> None:
        actor, view, goals = self.view.workspace.actor, self.view, self.goals.toPlainText()
        self._run(lambda s, _j: work_plans.save(s, actor, view.period, view.anchor, goals))

    def add_item(self) -> None:
        goals = self.goals.toPlainText()
        actor, view = self.view.workspace.actor, self.view
        if self.plan is not None:
            self._item_dialog()
            return

        def made(_plan: Any) -> None:
            self.refresh()
            self._item_dialog()

        def failed(exc: BaseException) -> None:
            self.message.setText(str(exc))

        # the plan is made first, with the goals typed so far
        self.message.clear()
        view.workspace.op(self, lambda s, _j: work_plans.save(
            s, actor, view.period, view.anchor, goals).id, changes=("work_plan",)).success(
            made).failure(failed).run()

    def _item_dialog(self) -> None:
        view = self.view
        if self.plan is None:
            return
        dialog = ItemDialog(view, self.plan)
        view.item_dialog = dialog
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    def mark_done(self) -> None:
        ids = [row.data(0, ROLE) for row in self.tree.selectedItems()]
        actor = self.view.workspace.actor

        def work(session: Session, _job: Any) -> None:
            for task_id in ids:
                tasks.complete(session, actor, int(task_id))

        if ids:
            self._run(work, ("task", "work_plan"))

    def submit(self) -> None:
        plan, actor, goals = self.plan, self.view.workspace.actor, self.goals.toPlainText()
        if plan is None:
            return

        def work(session: Session, _job: Any) -> None:
            work_plans.set_goals(session, actor, plan.id, goals)
            work_plans.submit(session, actor, plan.id)

        self._run(work)


class TeamPane(QWidget):
    """The plans of the people the manager leads (an administrator: everyone's)."""

    HEADERS = (QT_TRANSLATE_NOOP("WorkPlansView", "Person"),
               QT_TRANSLATE_NOOP("WorkPlansView", "Period"),
               QT_TRANSLATE_NOOP("WorkPlansView", "Status"),
               QT_TRANSLATE_NOOP("WorkPlansView", "Planned"),
               QT_TRANSLATE_NOOP("WorkPlansView", "Done"),
               QT_TRANSLATE_NOOP("WorkPlansView", "On time"),
               QT_TRANSLATE_NOOP("WorkPlansView", "Done %"),
               QT_TRANSLATE_NOOP("WorkPlansView", "Reviewed by"))

    def __init__(self, view: WorkPlansView) -> None:
        super().__init__()
        self.view = view
        self.plans: list[PlanSummary] = []
        self.total = QLabel()
        self.total.setProperty("role", "subtitle")
        self.list = QTreeWidget()
        self.list.setColumnCount(len(self.HEADERS))
        self.list.setHeaderLabels([translate("WorkPlansView", h) for h in self.HEADERS])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        for column, width in enumerate((120, 170, 100, 70, 70, 70, 70)):
            self.list.setColumnWidth(column, width)
        self.list.currentItemChanged.connect(lambda _c, _p: self.show_selected())
        self.list.itemDoubleClicked.connect(lambda _r, _c: self.review())
        self.review_button = QPushButton(icon("circle-check"), self.tr("Review…"))
        self.review_button.setProperty("primary", True)
        self.review_button.clicked.connect(self.review)
        self.detail_heading = QLabel()
        self.detail_heading.setProperty("role", "section")
        self.goals = QLabel()
        self.goals.setWordWrap(True)
        self.goals.setTextFormat(Qt.TextFormat.PlainText)
        self.goals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.comment = QLabel()
        self.comment.setWordWrap(True)
        self.comment.setTextFormat(Qt.TextFormat.PlainText)
        self.items = items_tree()
        self.items.itemDoubleClicked.connect(
            lambda row, _c: view.open_requested.emit("record", ("task", row.data(0, ROLE))))
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 8, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.total, 1)
        head.addWidget(self.review_button)
        top_layout.addLayout(head)
        top_layout.addWidget(self.list, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(self.detail_heading)
        bottom_layout.addWidget(self.goals)
        bottom_layout.addWidget(self.comment)
        bottom_layout.addWidget(self.items, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([260, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def refresh(self) -> None:
        view = self.view
        actor, period, day = view.workspace.actor, view.period, view.anchor
        chosen = self.selected()
        self.plans = [p for p in view.workspace.read(
            lambda s: work_plans.list_plans(s, actor, period=period, day=day))
            if p.owner_id != actor.user_id]
        total = work_plans.team_progress(self.plans)
        self.total.setText(self.tr("{n} plans, {waiting} waiting for review. Team: {figures}")
                           .format(n=len(self.plans),
                                   waiting=sum(p.status == "submitted" for p in self.plans),
                                   figures=progress_text(total)))
        self.list.clear()
        for plan in self.plans:
            p = plan.progress
            row = QTreeWidgetItem(self.list, [
                plan.owner_name, plan.period_text, plan.status_text, str(p.planned),
                str(p.done), str(p.on_time), percent_text(p), plan.reviewer_name])
            for column in range(3, 7):
                row.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                     | Qt.AlignmentFlag.AlignVCenter)
            row.setForeground(2, QBrush(QColor(STATUS_COLOURS.get(plan.status, theme.TEXT))))
            row.setData(0, ROLE, plan.id)
            if chosen is not None and plan.id == chosen.id:
                self.list.setCurrentItem(row)
        if self.list.currentItem() is None and self.plans:
            # the first plan waiting for review, else the first
            waiting = [n for n, p in enumerate(self.plans) if p.status == "submitted"]
            first = self.list.topLevelItem(waiting[0] if waiting else 0)
            if first is not None:
                self.list.setCurrentItem(first)
        self.show_selected()

    def selected(self) -> PlanSummary | None:
        row = self.list.currentItem()
        if row is None:
            return None
        return next((p for p in self.plans if p.id == row.data(0, ROLE)), None)

    def show_selected(self) -> None:
        plan = self.selected()
        self.review_button.setEnabled(plan is not None and plan.may_review)
        if plan is None:
            self.detail_heading.setText(self.tr("No plans for this period.") if not self.plans
                                        else "")
            self.goals.setText("")
            self.comment.setText("")
            self.items.clear()
            return
        self.detail_heading.setText(f"{plan.owner_name} · {plan.period_text} · "
                                    f"{progress_text(plan.progress)}")
        self.goals.setText(self.tr("Goals: {goals}").format(goals=plan.goals or "–"))
        self.comment.setText(self.tr("Review by {reviewer}: {comment}").format(
            reviewer=plan.reviewer_name, comment=plan.review_comment)
            if plan.status == "reviewed" else "")
        actor = self.view.workspace.actor
        fill_items(self.items, self.view.workspace.read(
            lambda s: work_plans.items(s, actor, plan.id)))

    def review(self) -> None:
        plan = self.selected()
        if plan is None or not plan.may_review:
            return
        dialog = ReviewDialog(self, plan)
        self.view.review_dialog = dialog
        actor = self.view.workspace.actor

        def accepted() -> None:
            comment = dialog.text()

            def work(session: Session, _job: Any) -> None:
                work_plans.review(session, actor, plan.id, comment,
                                  expected_version=plan.version)

            def failed(exc: BaseException) -> None:
                dialog.message.setText(str(exc))
                dialog.open()

            self.view.workspace.op(self, work, changes=("work_plan",)).failure(failed).run()

        dialog.accepted.connect(accepted)
        dialog.open()


class WorkPlansView(Document):
    key = "work_plans"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.period = "week"
        self.anchor = date.today()
        self.item_dialog: ItemDialog | None = None
        self.review_dialog: ReviewDialog | None = None
        heading = QLabel(self.tr("Work plans"))
        heading.setProperty("role", "title")
        self.range_label = QLabel()
        self.range_label.setProperty("role", "subtitle")
        bar = QHBoxLayout()
        group = QButtonGroup(self)
        self.period_buttons: dict[str, QPushButton] = {}
        for key, text in (("week", self.tr("Week")), ("month", self.tr("Month"))):
            button = QPushButton(text)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, k=key: self.set_period(k))
            group.addButton(button)
            bar.addWidget(button)
            self.period_buttons[key] = button
        self.period_buttons["week"].setChecked(True)
        bar.addSpacing(12)
        previous = QPushButton(icon("chevron-left"), "")
        previous.setToolTip(self.tr("Previous"))
        previous.clicked.connect(lambda: self.step(-1))
        self.current_button = QPushButton(self.tr("This week"))
        self.current_button.clicked.connect(self.go_current)
        following = QPushButton(icon("chevron-right"), "")
        following.setToolTip(self.tr("Next"))
        following.clicked.connect(lambda: self.step(1))
        for widget in (previous, self.current_button, following):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.range_label, 1)
        refresh = QPushButton(icon("refresh-cw"), "")
        refresh.setToolTip(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        bar.addWidget(refresh)
        self.mine = MyPlanPane(self)
        self.team: TeamPane | None = None
        actor = workspace.actor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addLayout(bar)
        if actor.can("plans.review"):
            self.team = TeamPane(self)
            self.tabs = QTabWidget()
            self.tabs.setDocumentMode(True)
            self.tabs.addTab(self.team, icon("users"), self.tr("Team plans") if actor.is_manager
                             else self.tr("Everyone's plans"))
            self.tabs.addTab(self.mine, icon("list-todo"), self.tr("My plan"))
            layout.addWidget(self.tabs, 1)
        else:
            layout.addWidget(self.mine, 1)
        on_changes(workspace, self, ("task", "work_plan"), self.refresh)
        self.refresh()

    def title(self) -> str:
        return self.tr("Work plans")

    def icon(self) -> QIcon:
        return icon("list-todo")

    def status_text(self) -> str:
        plan = self.mine.plan
        return progress_text(plan.progress) if plan is not None else ""

    def set_period(self, period: str) -> None:
        self.period = period
        self.period_buttons[period].setChecked(True)
        self.current_button.setText(self.tr("This week") if period == "week"
                                    else self.tr("This month"))
        self.refresh()

    def step(self, direction: int) -> None:
        if self.period == "week":
            self.anchor += timedelta(weeks=direction)
        else:
            month = self.anchor.month - 1 + direction
            self.anchor = date(self.anchor.year + month // 12, month % 12 + 1, 1)
        self.refresh()

    def go_current(self) -> None:
        self.anchor = date.today()
        self.refresh()

    def refresh(self) -> None:
        if self.workspace.closed:
            return
        first = work_plans.period_start(self.period, self.anchor)
        last = work_plans.period_end(self.period, first)
        self.range_label.setText(f"{work_plans.period_text(self.period, first)}  "
                                 f"({first.isoformat()} – {last.isoformat()})")
        self.mine.refresh()
        if self.team is not None:
            self.team.refresh()
        self.status_changed.emit(self.status_text())
