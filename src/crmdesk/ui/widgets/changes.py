"""A screen follows data changes for as long as it lives, and not a moment longer.

``Workspace.changed`` outlives every tab and dialog. A lambda connected to it is tied to
nothing: after the screen is closed and deleted, each change still calls the lambda, which
refreshes a dead screen ("Internal C++ object already deleted") or keeps a leaked one
running queries. :func:`on_changes` is the one way a screen listens: the connection goes
to a slot of a small child object of the screen, so Qt ends it when the screen is
destroyed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from crmdesk.ui.workspace import Workspace


class ChangeFollower(QObject):
    """Calls *callback* when one of *kinds* (every kind when None) changed; a child of the
    screen, so its connection dies with it."""

    def __init__(self, owner: QObject, kinds: frozenset[str] | None,
                 callback: Callable[[], object]) -> None:
        super().__init__(owner)
        self.setObjectName("change-follower")
        self.kinds = kinds
        self.callback = callback

    @Slot(str)
    def changed(self, entity: str) -> None:
        if self.kinds is None or entity in self.kinds:
            self.callback()


def on_changes(workspace: Workspace, owner: QObject, kinds: Iterable[str] | None,
               callback: Callable[[], object]) -> ChangeFollower:
    """Call *callback* (usually ``owner.refresh``) whenever one of the record types *kinds*
    ("task", "ticket" ...; None: any) is announced on ``workspace.changed``, until *owner*
    is destroyed::

        on_changes(workspace, self, ("task", "ticket"), self.refresh)
    """
    follower = ChangeFollower(owner, None if kinds is None else frozenset(kinds), callback)
    workspace.changed.connect(follower.changed)
    return follower
