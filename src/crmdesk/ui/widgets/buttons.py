"""The OK/Cancel row at the foot of a dialog, in the house style."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from crmdesk.ui import theme
from crmdesk.ui.icons import icon


def dialog_buttons(dialog: QDialog, accept: Callable[[], object] | None = None, *,
                   ok_text: str | None = None, ok_icon: str | None = None) -> QDialogButtonBox:
    """OK (the primary button; *ok_text* and the white icon *ok_icon* when given) and
    Cancel.  OK calls *accept* (default: ``dialog.accept``), Cancel rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    if ok_text is not None:
        ok.setText(ok_text)
    if ok_icon is not None:
        ok.setIcon(icon(ok_icon, theme.ON_ACCENT))
    ok.setProperty("primary", True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("Dialogs", "Cancel"))
    buttons.accepted.connect(accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
