"""The knowledge base (Service > Knowledge base): the articles a user may read, a search
box (Chinese, pinyin, one or two characters, as for customers), a reader, and for
administrators and managers an editor with basic formatting (bold, italic, headings,
lists), publish / back to draft and retire.

The body is kept as Markdown (``QTextDocument.toMarkdown``); the reader shows it
through ``core.markup.to_html``, which passes no HTML the text carries.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import (
    QFont,
    QIcon,
    QKeySequence,
    QTextCharFormat,
    QTextDocument,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core import markup
from crmdesk.core.presentation import datetime_text
from crmdesk.core.services import knowledge
from crmdesk.core.services.knowledge import ArticleSummary
from crmdesk.ui.icons import icon
from crmdesk.ui.views.document import Document
from crmdesk.ui.workspace import Workspace

translate = QCoreApplication.translate


def status_text(status: str) -> str:
    return (translate("Knowledge", "Published") if status == "published"
            else translate("Knowledge", "Draft"))


class ArticleEditor(QWidget):
    """Title, category, tags and the body with a small formatting bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. The printer jams: what to do"))
        self.category = QComboBox()
        self.category.setEditable(True)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("Separate tags with commas"))
        self.body = QTextEdit()
        self.body.setAcceptRichText(False)
        bar = QHBoxLayout()
        bar.setSpacing(2)
        for text, tip, slot, keys in (
                ("B", self.tr("Bold (Ctrl+B)"), self.bold, "Ctrl+B"),
                ("I", self.tr("Italic (Ctrl+I)"), self.italic, "Ctrl+I"),
                ("H", self.tr("Heading"), self.heading, ""),
                ("•", self.tr("Bulleted list"), lambda: self.listed(False), ""),
                ("1.", self.tr("Numbered list"), lambda: self.listed(True), "")):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            if keys:
                button.setShortcut(QKeySequence(keys))
            font = button.font()
            font.setBold(text == "B")
            font.setItalic(text == "I")
            button.setFont(font)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Tags"), self.tags)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(bar)
        layout.addWidget(self.body, 1)

    def load(self, title: str, body: str, category: str | None, tags: str,
             categories: list[str]) -> None:
        self.title.setText(title)
        self.category.clear()
        self.category.addItems(["", *categories])
        self.category.setCurrentText(category or "")
        self.tags.setText(tags)
        # no HTML from the stored text: it is shown as typed
        self.body.document().setMarkdown(body, QTextDocument.MarkdownFeature.MarkdownNoHTML)

    def markdown(self) -> str:
        return self.body.document().toMarkdown(QTextDocument.MarkdownFeature.MarkdownNoHTML)

    def bold(self) -> None:
        fmt = QTextCharFormat()
        weight = self.body.fontWeight()
        fmt.setFontWeight(QFont.Weight.Normal if weight > QFont.Weight.Normal
                          else QFont.Weight.Bold)
        self.body.mergeCurrentCharFormat(fmt)

    def italic(self) -> None:
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.body.fontItalic())
        self.body.mergeCurrentCharFormat(fmt)

    def heading(self) -> None:
        cursor = self.body.textCursor()
        block = cursor.blockFormat()
        block.setHeadingLevel(0 if block.headingLevel() else 2)
        cursor.setBlockFormat(block)
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if block.headingLevel() else QFont.Weight.Normal)
        cursor.select(cursor.SelectionType.BlockUnderCursor)
        cursor.mergeCharFormat(fmt)

    def listed(self, numbered: bool) -> None:
        style = (QTextListFormat.Style.ListDecimal if numbered
                 else QTextListFormat.Style.ListDisc)
        self.body.textCursor().createList(style)


class KnowledgeView(Document):
    """List + search on the left; the reader (or, for writers, the editor) on the right."""

    key = "knowledge"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.writer = knowledge.is_writer(workspace.actor)
        self.articles: list[ArticleSummary] = []
        self.current_id: int | None = None
        self.current_version: int | None = None
        self.current_status = ""
        self.editing: int | None | bool = False  # False: reading; None: a new article

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search: words, pinyin or 1-2 characters"))
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.category = QComboBox()
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        self.show_retired = QCheckBox(self.tr("Retired articles"))
        self.show_retired.setToolTip(self.tr("List the retired articles, to read or "
                                             "restore one"))
        self.show_retired.setVisible(self.writer)
        self.show_retired.toggled.connect(lambda _on: self._retired_toggled())
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(self._chosen)
        self.count = QLabel()
        self.count.setProperty("role", "subtitle")
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.category)
        column.addWidget(self.show_retired)
        column.addWidget(self.list, 1)
        column.addWidget(self.count)

        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setProperty("role", "subtitle")
        self.reader = QTextBrowser()
        self.reader.setOpenExternalLinks(True)
        self.editor = ArticleEditor()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.reader)
        self.pages.addWidget(self.editor)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c")

        self.new_button = QPushButton(icon("plus"), self.tr("New article"))
        self.edit_button = QPushButton(icon("pencil"), self.tr("Edit"))
        self.publish_button = QPushButton(icon("eye"), self.tr("Publish"))
        self.retire_button = QPushButton(icon("archive"), self.tr("Retire"))
        self.save_button = QPushButton(icon("save"), self.tr("Save"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.new_button.clicked.connect(self.new_article)
        self.edit_button.clicked.connect(self.edit_article)
        self.publish_button.clicked.connect(self.toggle_published)
        self.retire_button.clicked.connect(self.retire_article)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel_edit)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.publish_button,
                       self.retire_button):
            button.setVisible(self.writer)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(8, 0, 0, 0)
        side.addWidget(self.heading)
        side.addWidget(self.facts)
        side.addWidget(self.pages, 1)
        side.addWidget(self.message)
        side.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([320, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(splitter, 1)
        self._load_categories()
        self._show_mode()
        self.refresh()

    # -- document -------------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Knowledge base")

    def icon(self) -> QIcon:
        return icon("file-text")

    def find_in_document(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def can_close(self) -> bool:
        """While an article is being edited: ask before its changes are lost."""
        if self.editing is False:
            return True
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self, self.tr("Knowledge base"),
            self.tr("The article you are editing is not saved. Discard the changes?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    # -- lists ----------------------------------------------------------------------------
    def _load_categories(self) -> None:
        actor = self.workspace.actor
        found = self.workspace.read(lambda s: knowledge.categories(s, actor))
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("All categories"), None)
        for name in found:
            self.category.addItem(name, name)
        index = self.category.findData(current)
        self.category.setCurrentIndex(max(index, 0))
        self.category.blockSignals(False)
        self.categories = found

    def refresh(self) -> None:
        actor = self.workspace.actor
        text = self.search.text().strip() or None
        category = self.category.currentData()
        retired = self.show_retired.isChecked()
        self.articles = self.workspace.read(
            lambda s: knowledge.list_articles(s, actor, text, category=category,
                                              retired=retired))
        keep = self.current_id
        self.list.blockSignals(True)
        self.list.clear()
        for a in self.articles:
            line = f"{a.title}\n{a.code} · {a.category or '–'}"
            if a.status != "published":
                line += f" · {status_text(a.status)}"
            item = QListWidgetItem(icon("file-text"), line)
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.count.setText(self.tr("Articles: {n}").format(n=len(self.articles)))
        ids = [a.id for a in self.articles]
        if self.editing is False:
            if keep in ids:
                self.list.setCurrentRow(ids.index(keep))
            elif ids:
                self.list.setCurrentRow(0)
            else:
                self.show_article(None)

    def _chosen(self, row: int) -> None:
        if self.editing is not False:
            return
        self.show_article(self.articles[row].id if 0 <= row < len(self.articles) else None)

    # -- reading --------------------------------------------------------------------------
    def show_article(self, article_id: int | None) -> None:
        self.current_id = article_id
        self.message.clear()
        if article_id is None:
            self.heading.setText(self.tr("No article") if not self.articles else "")
            self.facts.clear()
            self.reader.clear()
            self._show_mode()
            return
        actor, retired = self.workspace.actor, self.show_retired.isChecked()

        def load(s: Any) -> tuple[Any, ...]:
            a = knowledge.get(s, actor, article_id, retired=retired)
            return (a.title, a.body, a.category, a.tags, a.code, a.status, a.version,
                    knowledge.author_name(s, a), a.updated_at)

        title, body, category, tags, code, status, version, author, updated = \
            self.workspace.read(load)
        self.current_version, self.current_status = version, status
        self.heading.setText(title)
        parts = [code, status_text(status), category or "", tags or "", author,
                 datetime_text(updated)]
        self.facts.setText(" · ".join(p for p in parts if p))
        self.reader.setHtml(markup.to_html(body))
        self._show_mode()

    def _show_mode(self) -> None:
        editing = self.editing is not False
        self.pages.setCurrentWidget(self.editor if editing else self.reader)
        chosen = self.current_id is not None
        retired = self.show_retired.isChecked()
        self.edit_button.setEnabled(self.writer and chosen and not editing and not retired)
        self.publish_button.setEnabled(self.writer and chosen and not editing and not retired)
        self.retire_button.setEnabled(self.writer and chosen and not editing)
        self.retire_button.setText(self.tr("Restore") if retired else self.tr("Retire"))
        self.new_button.setEnabled(self.writer and not editing and not retired)
        self.show_retired.setEnabled(not editing)
        self.publish_button.setText(self.tr("Back to draft") if self.current_status ==
                                    "published" else self.tr("Publish"))
        self.save_button.setVisible(editing)
        self.cancel_button.setVisible(editing)
        self.list.setEnabled(not editing)
        self.search.setEnabled(not editing)

    # -- writing --------------------------------------------------------------------------
    def new_article(self) -> None:
        self.editing = None
        self.heading.setText(self.tr("New article"))
        self.facts.clear()
        self.editor.load("", "", self.category.currentData(), "", self.categories)
        self._show_mode()
        self.editor.title.setFocus()

    def edit_article(self) -> None:
        if self.current_id is None:
            return
        actor, article_id = self.workspace.actor, self.current_id
        title, body, category, tags = self.workspace.read(lambda s: (
            lambda a: (a.title, a.body, a.category, a.tags or ""))(
                knowledge.get(s, actor, article_id)))
        self.editing = article_id
        self.editor.load(title, body, category, tags, self.categories)
        self._show_mode()

    def cancel_edit(self) -> None:
        self.editing = False
        self.show_article(self.current_id)

    def save(self) -> None:
        if self.editing is False:
            return
        actor = self.workspace.actor
        values: dict[str, Any] = {"title": self.editor.title.text(),
                                  "body": self.editor.markdown(),
                                  "category": self.editor.category.currentText(),
                                  "tags": self.editor.tags.text()}
        editing, version = self.editing, self.current_version

        def work(s: Any, _job: Any) -> int:
            if editing is None:
                return int(knowledge.create(s, actor, **values).id)
            assert isinstance(editing, int)
            return int(knowledge.update(s, actor, editing, expected_version=version,
                                        **values).id)

        def done(article_id: int) -> None:
            self.editing = False
            self.current_id = article_id
            self._load_categories()
            self.refresh()
            self.show_article(article_id)

        self.workspace.op(self, work).success(done).failure(self._failed).run()

    def toggle_published(self) -> None:
        if self.current_id is None:
            return
        actor, article_id = self.workspace.actor, self.current_id
        publish = self.current_status != "published"
        self.workspace.op(self, lambda s, _j: knowledge.set_published(
            s, actor, article_id, publish)).success(
            lambda _r: self._after_change(article_id)).failure(self._failed).run()

    def retire_article(self) -> None:
        """Retire the article shown; with the retired articles listed: restore it."""
        if self.current_id is None:
            return
        actor, article_id = self.workspace.actor, self.current_id
        change = knowledge.restore if self.show_retired.isChecked() else knowledge.retire
        self.workspace.op(self, lambda s, _j: change(s, actor, article_id)).success(
            lambda _r: self._after_change(None)).failure(self._failed).run()

    def _retired_toggled(self) -> None:
        self.current_id = None
        self.refresh()
        self._show_mode()

    def _after_change(self, article_id: int | None) -> None:
        self.current_id = article_id
        self.refresh()
        if article_id is not None:
            self.show_article(article_id)

    def _failed(self, exc: BaseException) -> None:
        from crmdesk.errors import KnownError, ValidationError

        if isinstance(exc, ValidationError):
            self.message.setText("\n".join(e.message for e in exc.errors))
        elif isinstance(exc, KnownError):
            self.message.setText(exc.message)
        else:
            from crmdesk.ui.errors import show_error

            show_error(self, exc)
