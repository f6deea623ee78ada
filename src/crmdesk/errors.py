"""Error types shared by every layer.

``KnownError`` is a failure the user can act on (bad input, locked file, wrong
password): the GUI shows its message in a dialog, the command line prints it as
one line.  Anything else is a bug and is reported with details and logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from crmdesk.i18n import QT_TRANSLATE_NOOP, render


class KnownError(Exception):
    """An expected failure with a message the user understands.

    *text* is an English source string marked for translation in *context*;
    *params* are substituted after translation.
    """

    context = "Errors"

    def __init__(self, text: str, context: str | None = None, **params: object) -> None:
        self.text = text
        if context is not None:
            self.context = context
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return render(self.context, self.text, **self.params)

    def __str__(self) -> str:
        return self.message


class NotFound(KnownError):
    pass


class PermissionDenied(KnownError):
    pass


class AuthError(KnownError):
    """Login failed: wrong password, unknown user, locked, disabled or frozen."""


class AccountLocked(AuthError):
    pass


class AccountFrozen(AuthError):
    """The anti-scraping guard froze the account; only an admin can unfreeze it."""


class AccountDisabled(AuthError):
    """An administrator disabled the account: it may not log in, and an open session ends."""


class DatabaseFileError(KnownError):
    """The file cannot be opened as a crmdesk database (left untouched)."""


class DatabaseInUseError(DatabaseFileError):
    """Another crmdesk process has the file open (see :mod:`crmdesk.storage.file_lock`).

    Opening for editing: the GUI offers "open read-only / cancel".  *holder*
    (a ``file_lock.Holder`` or None) says who has it, when known.
    """

    def __init__(self, text: str, context: str | None = None, *, holder: object = None,
                 **params: object) -> None:
        super().__init__(text, context, **params)
        self.holder = holder


class ConflictError(KnownError):
    """Someone else saved the record after it was loaded (optimistic locking)."""

    def __init__(self, text: str, context: str | None = None, *, current: object = None,
                 **params: object) -> None:
        super().__init__(text, context, **params)
        self.current = current


@dataclass
class FieldError:
    """One invalid field: its key, translated label and the message naming the fix."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return self.message


class ValidationError(KnownError):
    """One or more fields are invalid; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__(QT_TRANSLATE_NOOP("Errors", "{count} fields are not valid. {details}"))

    @property
    def message(self) -> str:
        if len(self.errors) == 1:
            return self.errors[0].message
        details = " ".join(e.message for e in self.errors)
        return render("Errors", self.text, count=len(self.errors), details=details)

    def for_field(self, key: str) -> FieldError | None:
        for e in self.errors:
            if e.field == key:
                return e
        return None
