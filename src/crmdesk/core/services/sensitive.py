"""Sensitive values (ID numbers, bank accounts, sensitive custom fields).

Stored as AES-GCM ciphertext plus a blind index for exact lookup; shown masked;
revealed on request, and every reveal is audited.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.permissions import Actor
from crmdesk.core.services import audit
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.storage.crypto import CryptoError, Keyring


def keyring_of(actor: Actor) -> Keyring:
    if actor.keyring is None:
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "Sensitive fields need the database key: log in with your password."))
    return actor.keyring


def encrypt(actor: Actor, purpose: str, plaintext: str | None) -> tuple[bytes | None,
                                                                          bytes | None]:
    """``(ciphertext, blind index)`` of a normalised value (``(None, None)`` for empty)."""
    if plaintext is None or plaintext == "":
        return None, None
    keyring = keyring_of(actor)
    return keyring.encrypt(plaintext, purpose), keyring.blind_index(plaintext, purpose)


def blind_index(actor: Actor, purpose: str, normalized: str) -> bytes:
    return keyring_of(actor).blind_index(normalized, purpose)


def decrypt(actor: Actor, purpose: str, blob: bytes | None) -> str | None:
    if blob is None:
        return None
    try:
        return keyring_of(actor).decrypt(blob, purpose)
    except CryptoError as exc:
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "A sensitive value could not be decrypted: the file may have been tampered "
                      "with. Restore it from a backup.")) from exc


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


def masked(actor: Actor, purpose: str, blob: bytes | None) -> str:
    """The masked form for display (decrypting needs the key, revealing nothing more)."""
    if blob is None:
        return ""
    if actor.keyring is None:
        return "********"
    return mask(decrypt(actor, purpose, blob))


def reveal(session: Session, actor: Actor, entity: str, entity_id: int, field: str,
           purpose: str, blob: bytes | None) -> str | None:
    """The plaintext, for a user who clicked "show"; audited and counted by the guard."""
    from crmdesk.core.services import accounts

    accounts.ensure_active(session, actor)
    value = decrypt(actor, purpose, blob)
    audit.record(session, actor, "reveal", entity=entity, entity_id=entity_id,
                 message=QT_TRANSLATE_NOOP("Audit", "Showed {field} of {entity} #{id}"),
                 params={"field": audit_messages.field(entity, field),
                         "entity": audit_messages.entity(entity), "id": entity_id})
    return value
