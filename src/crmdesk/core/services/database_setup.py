"""Setting up a new database: the schema and its first administrator, all or nothing.

File > New (a ``.crmdb`` file), File > Connect to server on an empty server
database and ``crmdesk init`` all make a database the same way: the schema
(alembic) and the first administrator with the data key, the company name and an
industry template are committed in **one** transaction
(``storage.database.create_database(target, setup=...)``).  PostgreSQL's DDL is
transactional, so when any step fails (a password the rules refuse, a template
that cannot be applied, the server going away) nothing is kept: a server
database is left as empty as it was (no tables of ours, no ``alembic_version``),
or holding the unfinished setup it held (``servers.UNFINISHED``, set up anew in
place), and can be set up again; a file is removed.  The error says what failed
and that nothing was kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crmdesk.core.permissions import Actor
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.storage.database import TAKEN_OVER, Database, create_database, sqlite_path_of

if TYPE_CHECKING:
    from crmdesk.core.templates import Template


class SetupFailed(KnownError):
    """Setting up a new database failed after its schema was made: nothing was kept."""


def _failed(target: str | Path, reason: str, was_unfinished: bool | None = None) -> SetupFailed:
    """The error of a failed set-up; *was_unfinished*: the server database held an
    unfinished setup (True), nothing (False), or it is not known (None: the failure
    came before the set-up learnt it)."""
    if sqlite_path_of(target) is not None:
        return SetupFailed(QT_TRANSLATE_NOOP(
            "Errors", "Setting up the new database failed: {reason} Nothing was kept: no "
                      "file was made."), reason=reason)
    url = make_url(str(target))
    where = {"reason": reason, "database": url.database or "", "host": url.host or "localhost"}
    if was_unfinished is None:
        return SetupFailed(QT_TRANSLATE_NOOP(
            "Errors", "Setting up the new database failed: {reason} Nothing was kept: the "
                      "database {database} on {host} was left as it was, and can be set up "
                      "again."), **where)
    if was_unfinished:
        return SetupFailed(QT_TRANSLATE_NOOP(
            "Errors", "Setting up the new database failed: {reason} Nothing was kept: the "
                      "database {database} on {host} was left as it was (holding the "
                      "unfinished setup it held before), and can be set up again."), **where)
    return SetupFailed(QT_TRANSLATE_NOOP(
        "Errors", "Setting up the new database failed: {reason} Nothing was kept: the "
                  "database {database} on {host} was left empty, and can be set up "
                  "again."), **where)


def set_up_database(target: str | Path, username: str, password: str,
                    display_name: str | None = None, company: str = "",
                    template: Template | None = None) -> tuple[Database, Actor]:
    """Make the database *target* (a file or an empty server database) with its first
    administrator, the *company* name and the industry *template*, in one transaction.

    The checks made before anything is written (the file exists, the server
    database already holds crmdesk) raise as they are; a failure after the schema
    is made raises :class:`SetupFailed` naming the cause, with nothing kept.
    """
    from crmdesk.core.services import accounts, settings, templates

    made: list[Actor] = []

    def first_rows(session: Session) -> None:
        was_unfinished = bool(session.info.get(TAKEN_OVER))
        try:
            actor = accounts.create_first_admin(session, username, password, display_name)
            if company:
                settings.set_value(session, actor, "company_name", company)
            if template is not None:
                templates.apply(session, actor, template)
            session.flush()
        except KnownError as exc:
            raise _failed(target, exc.message, was_unfinished) from exc
        except OperationalError as exc:  # the server went away: say so, in words
            from crmdesk.storage.servers import connection_error

            raise _failed(target, connection_error(exc, session.get_bind().engine.url)
                          .message, was_unfinished) from exc
        made.append(actor)

    try:
        db = create_database(target, setup=first_rows)
    except OperationalError as exc:
        if sqlite_path_of(target) is not None:
            raise
        # the server went away while the schema was made: rolled back with the connection
        from crmdesk.storage.servers import connection_error

        raise _failed(target, connection_error(exc, make_url(str(target))).message) from exc
    return db, made[0]


__all__ = ["SetupFailed", "set_up_database"]
