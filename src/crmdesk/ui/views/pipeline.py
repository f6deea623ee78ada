"""The pipeline board: opportunities as cards in stage columns, moved by drag and drop."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QSize, Qt
from PySide6.QtGui import QDropEvent, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.presentation import money
from crmdesk.core.services import accounts
from crmdesk.core.services.sales import StageColumn, opportunities
from crmdesk.core.session import Session
from crmdesk.ui import theme
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.widgets.changes import ReadWhileShown, on_changes, reading_text
from crmdesk.ui.workspace import Workspace

MIME = "application/x-crmdesk-opportunity"


def yuan(cents: int) -> str:
    return money(cents)


class StageList(QListWidget):
    """One column's cards; accepts cards dropped from the other columns."""

    def __init__(self, board: PipelineBoard, stage: str) -> None:
        super().__init__()
        self.board = board
        self.stage = stage
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSpacing(4)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QListWidget { background: transparent; border: none; }"
                           f"QListWidget::item {{ background: {theme.SURFACE};"
                           f" border: 1px solid {theme.BORDER_CARD};"
                           f" border-radius: 6px; padding: 6px; color: {theme.TEXT_STRONG}; }}"
                           f"QListWidget::item:selected {{ border: 1px solid {theme.ACCENT};"
                           f" background: {theme.SELECTED_CARD}; }}"
                           "QScrollBar:vertical { background: transparent; width: 8px; }"
                           f"QScrollBar::handle:vertical {{ background: {theme.SCROLL_HANDLE};"
                           " border-radius: 4px; min-height: 24px; }"
                           "QScrollBar::add-line, QScrollBar::sub-line { height: 0; }")
        self.itemDoubleClicked.connect(
            lambda item: board.open_requested.emit(
                "record", ("opportunity", int(item.data(Qt.ItemDataRole.UserRole)))))

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, items: Any) -> QMimeData:  # noqa: N802
        data = QMimeData()
        if items:
            item = items[0]
            payload = f"{item.data(Qt.ItemDataRole.UserRole)}:{item.data(Qt.ItemDataRole.UserRole + 1)}"
            data.setData(MIME, QByteArray(payload.encode()))
        return data

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        data = event.mimeData()
        if not data.hasFormat(MIME):
            event.ignore()
            return
        opportunity, _, version = bytes(data.data(MIME).data()).decode().partition(":")
        event.setDropAction(Qt.DropAction.CopyAction)  # the board redraws itself
        event.accept()
        self.board.move_card(int(opportunity), self.stage,
                             int(version) if version.isdigit() else None)


class StageFrame(QFrame):
    def __init__(self, board: PipelineBoard, column: StageColumn) -> None:
        super().__init__()
        self.setProperty("role", "stage")
        self.setMinimumWidth(200)
        self.stage = column.key
        title = QLabel(f"{column.shown}  ·  {column.probability}%")
        title.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.count = QLabel()
        self.total = QLabel()
        self.weighted = QLabel()
        for label in (self.count, self.total, self.weighted):
            label.setProperty("role", "hint")
        self.list = StageList(board, column.key)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(title)
        layout.addWidget(self.count)
        layout.addWidget(self.total)
        layout.addWidget(self.weighted)
        layout.addWidget(self.list, 1)
        self.fill(column)

    def fill(self, column: StageColumn) -> None:
        self.count.setText(self.tr("{n} deals").format(n=column.count))
        self.total.setText(self.tr("Total {amount}").format(amount=yuan(column.total_cents)))
        self.weighted.setText(self.tr("Weighted {amount}").format(
            amount=yuan(column.weighted_cents)))
        self.list.clear()
        for card in column.cards:
            close = card.expected_close.isoformat() if card.expected_close else "-"
            item = QListWidgetItem(f"{card.title}\n{card.customer_name}\n"
                                   f"{yuan(card.amount_cents)}   ·   {close}")
            item.setData(Qt.ItemDataRole.UserRole, card.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, card.version)
            item.setToolTip(f"{card.code} {card.title}")
            self.list.addItem(item)
        if column.count > len(column.cards):
            more = QListWidgetItem(self.tr("... and {n} more").format(
                n=column.count - len(column.cards)))
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(more)


PERIODS = ("all", "this_month", "this_quarter", "next_quarter", "this_year")


def period_range(period: str, today: date | None = None) -> tuple[date | None, date | None]:
    today = today or date.today()
    if period == "this_month":
        start = today.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return start, end
    if period in ("this_quarter", "next_quarter"):
        first_month = 3 * ((today.month - 1) // 3) + 1
        start = today.replace(month=first_month, day=1)
        if period == "next_quarter":
            start = (start + timedelta(days=95)).replace(day=1)
        end = (start + timedelta(days=95)).replace(day=1) - timedelta(days=1)
        return start, end
    if period == "this_year":
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    return None, None


class PipelineBoard(Document):
    key = "pipeline"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.owner = QComboBox()
        self.owner.addItem(self.tr("Everyone I can see"), None)
        for user in workspace.read(lambda s: accounts.account_summaries(
                s, workspace.actor, include_disabled=False)):
            self.owner.addItem(user.display_name, user.id)
        self.period = QComboBox()
        names = {"all": self.tr("Any close date"), "this_month": self.tr("Closing this month"),
                 "this_quarter": self.tr("Closing this quarter"),
                 "next_quarter": self.tr("Closing next quarter"),
                 "this_year": self.tr("Closing this year")}
        for key in PERIODS:
            self.period.addItem(names[key], key)
        self.owner.currentIndexChanged.connect(lambda _i: self.refresh())
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: 600;")
        self.message = QLabel()
        self.message.setProperty("role", "error")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Owner:")))
        bar.addWidget(self.owner)
        bar.addWidget(QLabel(self.tr("Period:")))
        bar.addWidget(self.period)
        bar.addSpacing(16)
        bar.addWidget(self.summary)
        bar.addStretch()
        bar.addWidget(self.message)
        self.columns_box = QHBoxLayout()
        self.columns_box.setSpacing(10)
        inner = QWidget()
        inner.setLayout(self.columns_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.frames: dict[str, StageFrame] = {}
        self.columns: list[StageColumn] = []
        # read on a reader thread, only while shown: at a million customers the board
        # takes 0.6 s for staff and 1.1-1.5 s for a manager or an administrator
        self.reader = ReadWhileShown(self, workspace, self.refresh, self.show_columns)
        on_changes(workspace, self, ("opportunity", "customer"), self.reader.changed)
        self.summary.setText(reading_text())
        self.refresh()

    def new_kind(self) -> str | None:
        return "opportunity"

    def title(self) -> str:
        return self.tr("Pipeline board")

    def icon(self) -> QIcon:
        return icon("kanban")

    def filters(self) -> dict[str, Any]:
        start, end = period_range(self.period.currentData())
        return {"owner_id": self.owner.currentData(), "close_from": start, "close_to": end}

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.reader.shown()

    def refresh(self) -> None:
        """Read the board on a reader thread (a filter chosen, a change while shown); it
        is shown when it arrives."""
        def prepare() -> Callable[[Session], tuple[Any, list[StageColumn]]]:
            actor, filters = self.workspace.actor, self.filters()
            key = tuple(filters.items())
            return lambda session: (key, opportunities.board(session, actor, **filters))

        self.reader.read(prepare)

    def show_columns(self, read: tuple[Any, list[StageColumn]]) -> None:
        """Fill the columns (GUI thread; nothing read here); a board read for an owner or
        period no longer chosen is not shown (a read for the one chosen follows)."""
        key, columns = read
        if key != tuple(self.filters().items()):
            return
        self.columns = columns
        if set(self.frames) != {c.key for c in self.columns}:
            for frame in self.frames.values():
                frame.deleteLater()
            self.frames = {}
            for column in self.columns:
                frame = StageFrame(self, column)
                self.frames[column.key] = frame
                self.columns_box.addWidget(frame)
        else:
            for column in self.columns:
                self.frames[column.key].fill(column)
        open_cols = [c for c in self.columns if not (c.is_won or c.is_lost)]
        total = sum(c.total_cents for c in open_cols)
        weighted = sum(c.weighted_cents for c in open_cols)
        self.summary.setText(self.tr("Open pipeline {total}  ·  weighted forecast {weighted}")
                             .format(total=yuan(total), weighted=yuan(weighted)))
        self.status_changed.emit(self.status_text())

    def column(self, key: str) -> StageColumn:
        return next(c for c in self.columns if c.key == key)

    def move_card(self, opportunity_id: int, stage: str, version: int | None = None) -> None:
        """A card was dropped on *stage*: move it through the service (audited)."""
        actor = self.workspace.actor

        def work(session: Session, _p: Any) -> None:
            opportunities.move(session, actor, opportunity_id, stage, expected_version=version)

        def failed(exc: BaseException) -> None:
            self.message.setText(str(exc))
            self.refresh()

        self.message.clear()
        self.workspace.op(self, work, changes=("opportunity",)).failure(failed).run()

    def status_text(self) -> str:
        if not self.reader.first_shown:
            return reading_text()
        count = sum(c.count for c in self.columns)
        return self.tr("{n} opportunities").format(n=f"{count:,}")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1200, 700)
