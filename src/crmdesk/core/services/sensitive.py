"""Sensitive values (ID numbers, bank accounts, sensitive custom fields).

Stored as AES-GCM ciphertext plus a blind index for exact lookup; shown masked;
revealed on request, and every reveal is audited.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from crmdesk.core import audit_messages, keys
from crmdesk.core.permissions import Actor
from crmdesk.core.services import audit
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage.crypto import CryptoError, KeyMissing, Keyring


def keyring_of(actor: Actor) -> Keyring:
    if actor.keyring is None:
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "Sensitive fields need the database key: log in with your password."))
    return actor.keyring


#: what a form shows in place of a value that does not decrypt where it is
DAMAGED = QT_TRANSLATE_NOOP("Errors", "(damaged: changed outside crmdesk)")


class KeyNotHeld(KnownError):
    """The value is under a scope key this user does not hold."""


def encrypt(actor: Actor, purpose: str, plaintext: str | None, *, scope: str,
            row_id: int) -> tuple[bytes | None, bytes | None]:
    """``(ciphertext, blind index)`` of a normalised value (``(None, None)`` for empty):
    encrypted under *scope*'s key (see :mod:`crmdesk.core.keys`), bound to the row."""
    if plaintext is None or plaintext == "":
        return None, None
    keyring = keyring_of(actor)
    try:
        return (keyring.encrypt(plaintext, scope, keys.place(purpose, row_id)),
                keyring.blind_index(plaintext, purpose))
    except KeyMissing as exc:
        raise _not_held() from exc


def _not_held() -> KeyNotHeld:
    return KeyNotHeld(QT_TRANSLATE_NOOP(
        "Errors", "You do not hold the key of this sensitive value: it belongs to customers "
                  "you may not see. If it should be yours, ask an administrator to log in once "
                  "(that hands new keys on) or to check your team."))


def blind_index(actor: Actor, purpose: str, normalized: str) -> bytes:
    try:
        return keyring_of(actor).blind_index(normalized, purpose)
    except KeyMissing as exc:
        raise _not_held() from exc


def decrypt(actor: Actor, purpose: str, blob: bytes | None, *, row_id: int) -> str | None:
    if blob is None:
        return None
    try:
        return keyring_of(actor).decrypt(blob, keys.place(purpose, row_id))
    except KeyMissing as exc:
        raise _not_held() from exc
    except CryptoError as exc:
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "A sensitive value could not be decrypted: it was changed, or moved from "
                      "another record, outside crmdesk. Restore the file from a backup.")) from exc


def mask(value: str | None) -> str:
    """``11010519491231002X`` -> ``**************002X``: enough to recognise, not to use.

    The last 4 characters only: an ID number's first digits name the region of birth,
    and with the birthday stored in clear they narrowed it to a handful of candidates.
    """
    if not value:
        return ""
    if len(value) > 4:
        return "*" * (len(value) - 4) + value[-4:]
    return "*" * len(value)


def masked(actor: Actor, purpose: str, blob: bytes | None, *, row_id: int) -> str:
    """The masked form for display (decrypting needs the key, revealing nothing more;
    without the key: asterisks only)."""
    if blob is None:
        return ""
    if actor.keyring is None or not actor.keyring.can_decrypt(blob):
        return "********"
    try:
        return mask(decrypt(actor, purpose, blob, row_id=row_id))
    except KnownError:  # moved or changed outside crmdesk: shown, never passed on
        return render("Errors", DAMAGED)


def reveal(session: Session, actor: Actor, entity: str, entity_id: int, field: str,
           purpose: str, blob: bytes | None) -> str | None:
    """The plaintext, for a user who clicked "show"; audited and counted by the guard."""
    from crmdesk.core.services import accounts

    accounts.ensure_active(session, actor)
    value = decrypt(actor, purpose, blob, row_id=entity_id)
    audit.record(session, actor, "reveal", entity=entity, entity_id=entity_id,
                 message=QT_TRANSLATE_NOOP("Audit", "Showed {field} of {entity} #{id}"),
                 params={"field": audit_messages.field(entity, field),
                         "entity": audit_messages.entity(entity), "id": entity_id})
    return value
