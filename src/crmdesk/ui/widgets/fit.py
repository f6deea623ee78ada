"""Dialogs that grow with their messages.

A dialog shown at its size and then given a message of several lines (an error
under the fields, a busy row) does not grow by itself: its layout squeezes the
fields instead, until their text is cut (an underscore in ``crmdesk_ci`` is the
first thing to go).  :func:`grow_to_fit` makes the dialog as tall as its layout
needs at its current width, and never smaller than the user made it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def grow_to_fit(widget: QWidget) -> None:
    """Make *widget* (a window) tall enough for its layout at its current width."""
    layout = widget.layout()
    if layout is None:
        return
    layout.activate()
    width = widget.width()
    needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
              else layout.totalSizeHint().height())
    if needed > widget.height():
        widget.resize(width, needed)
