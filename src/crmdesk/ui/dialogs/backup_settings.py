"""File > Backup > Backup settings: where and when backups are made, how many are kept.

Administrators change them (``settings.manage``, enforced by the settings
service); everyone else sees them read-only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.core.services import backups
from crmdesk.core.services import settings as db_settings
from crmdesk.core.settings import BY_KEY
from crmdesk.errors import KnownError
from crmdesk.ui.dialogs.backup import FolderNote, fit_wrapped_text, hint_label, who_may
from crmdesk.ui.icons import icon
from crmdesk.ui.widgets import file_dialogs

if TYPE_CHECKING:
    from crmdesk.core.session import Session
    from crmdesk.jobs import Job
    from crmdesk.ui.workspace import Workspace


class BackupSettingsDialog(QDialog):
    """Where and when backups are made, how many are kept, when to warn (admins change them)."""

    KEEP_KEYS = ("backup.keep_last", "backup.keep_daily", "backup.keep_weekly",
                 "backup.keep_monthly")
    saved = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(self.tr("Backup settings"))
        self.setMinimumWidth(760)
        self.values = workspace.read(db_settings.all_values)
        db = workspace.db
        self.editable = workspace.actor.can("settings.manage") and not db.read_only
        self.editors: dict[str, Any] = {}

        where = QGroupBox(self.tr("Where"))
        self.folder = QLineEdit(str(self.values["backup.dir"]))
        default = backups.default_backup_folder(db)
        self.folder.setPlaceholderText(str(default) if default else "")
        self.folder.setToolTip(BY_KEY["backup.dir"].translated)
        self.folder.editingFinished.connect(self._folder_changed)
        self.editors["backup.dir"] = self.folder
        self.choose = QPushButton(icon("folder-open"), self.tr("Choose ..."))
        self.choose.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Backup folder:")))
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose)
        self.folder_note = FolderNote()
        where_box = QVBoxLayout(where)
        where_box.addLayout(row)
        where_box.addWidget(self.folder_note)
        where_box.addWidget(hint_label(self.tr(
            "Empty: the folder \"backups\" beside the database. A USB stick or a network "
            "share also protects you when the computer fails.")))

        when = QGroupBox(self.tr("When"))
        when_form = QFormLayout(when)
        self.on_close = self._check("backup.on_close")
        self.daily = self._check("backup.daily")
        self.every = self._spin("backup.every_hours", self.tr(" hours"),
                                self.tr("never while open"))
        when_form.addRow(self.on_close)
        when_form.addRow(self.tr("While open, every:"), self.every)
        when_form.addRow(self.daily)
        when_form.addRow(hint_label(self.tr("Automatic backups are made only after changes, for "
                                       "whoever is logged in.")))

        keep = QGroupBox(self.tr("Keep"))
        keep_form = QFormLayout(keep)
        for key, label, suffix in (
                ("backup.keep_last", self.tr("The newest:"), self.tr(" backups")),
                ("backup.keep_daily", self.tr("One a day for:"), self.tr(" days")),
                ("backup.keep_weekly", self.tr("One a week for:"), self.tr(" weeks")),
                ("backup.keep_monthly", self.tr("One a month for:"), self.tr(" months"))):
            keep_form.addRow(label, self._spin(key, suffix))
        keep_form.addRow(hint_label(self.tr("Older backups in the folder are deleted after each "
                                       "automatic backup; the newest verified one is always "
                                       "kept.")))

        warn = QGroupBox(self.tr("Warning"))
        warn_form = QFormLayout(warn)
        warn_form.addRow(self.tr("Warn in the status bar after:"),
                         self._spin("backup.warn_after_hours", self.tr(" hours")))

        who = QLabel(self.tr(
            "<b>Who may do what:</b> administrators change these settings and restore "
            "backups; administrators and managers back up by hand; automatic backups run for "
            "everyone."))
        who.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.message.hide()
        if not self.editable:
            self.message.setProperty("role", "hint")
            self.message.setText(
                self.tr("This file is open read-only: settings cannot be changed now.")
                if db.read_only else who_may("settings.manage"))
            self.message.show()
            for editor in (*self.editors.values(), self.choose):
                editor.setEnabled(False)

        buttons = QDialogButtonBox()
        if self.editable:
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Save
                                       | QDialogButtonBox.StandardButton.Cancel)
            save = buttons.button(QDialogButtonBox.StandardButton.Save)
            save.setText(self.tr("Save"))
            save.setProperty("primary", True)
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        else:
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
            buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(when)
        left.addWidget(warn)
        left.addStretch()
        right = QVBoxLayout()
        right.addWidget(keep)
        right.addStretch()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(where)
        layout.addLayout(columns)
        layout.addWidget(who)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._folder_changed()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        fit_wrapped_text(self)

    def _check(self, key: str) -> QCheckBox:
        box = QCheckBox(BY_KEY[key].translated)
        box.setChecked(bool(self.values[key]))
        self.editors[key] = box
        return box

    def _spin(self, key: str, suffix: str, zero: str = "") -> QSpinBox:
        spec = BY_KEY[key]
        spin = QSpinBox()
        spin.setRange(spec.minimum or 0, spec.maximum or 10**6)
        spin.setValue(int(self.values[key]))
        spin.setSuffix(suffix)
        spin.setToolTip(spec.translated)
        if zero:
            spin.setSpecialValueText(zero)
        spin.setMinimumWidth(130)
        self.editors[key] = spin
        return spin

    def _folder_changed(self) -> None:
        self.folder_note.show_for(self.chosen_folder(), self.workspace.db.path)

    def chosen_folder(self) -> Path:
        text = self.folder.text().strip()
        if text:
            return Path(os.path.expandvars(text)).expanduser()
        return backups.default_backup_folder(self.workspace.db) or Path.cwd()

    def choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(self, self.tr("Backup folder"), "backup",
                                            self.chosen_folder())
        if chosen:
            self.folder.setText(chosen)
            self._folder_changed()

    def new_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                values[key] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                values[key] = editor.value()
            else:
                values[key] = editor.text().strip()
        return values

    def save(self) -> None:
        actor = self.workspace.actor
        changed = {k: v for k, v in self.new_values().items() if v != self.values[k]}
        if not changed:
            self.accept()
            return

        def work(session: Session, _job: Job) -> None:
            for key, value in changed.items():
                db_settings.set_value(session, actor, key, value)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, KnownError):
                raise exc
            self.message.setProperty("role", "error")
            self.message.setText(exc.message)
            self.message.show()

        def done(_result: object) -> None:
            self.saved.emit()
            self.accept()

        self.workspace.op(self, work, changes=("setting",)).success(done).failure(failed).run()
