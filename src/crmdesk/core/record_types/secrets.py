"""The sensitive values of designed record types, for the key changes of
:mod:`crmdesk.core.keys`: re-encryption when a scope key is replaced
(``rotate_pending``) and when a customer gets another owner (``move_custom_values``).
Only the types registered for the file at hand (:func:`runtime.activate`) are known,
which every login ensures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, literal, select, update
from sqlalchemy.orm import Session

from crmdesk.core.record_types import runtime
from crmdesk.core.record_types.service import purpose
from crmdesk.storage import crypto


def _sensitive() -> list[tuple[Any, str, str]]:
    """(model, attribute of the ciphertext, purpose) of every designed sensitive field
    (retired ones too: their values stay under keys)."""
    found = []
    for typedef in runtime.active_types():
        model = runtime.service(typedef.key).model
        for field in typedef.fields:
            if field.sensitive:
                found.append((model, field.key + "_enc", purpose(typedef.key, field.key)))
    return found


def encrypted_sources(prefix: bytes | None) -> list[tuple[Any, Any, Any, Any]]:
    """``(table, value column, purpose, select(id, record id, blob, entity))`` of the
    values under the key *prefix* names (None: every value), as ``keys._reencrypt_all``
    reads its sources."""
    sources = []
    for model, attribute, place in _sensitive():
        column = getattr(model, attribute)
        where = column.is_not(None) if prefix is None else \
            func.substr(column, 1, len(prefix)) == prefix
        sources.append((model.__table__, attribute, place, select(
            model.id, model.id, column, literal(model.__tablename__)).where(where)))
    return sources


def move_values(session: Session, keyring: crypto.Keyring, customer_ids: Sequence[int],
                scope: str) -> int:
    """Re-encrypt the designed records' sensitive values of *customer_ids* under *scope*
    (their customers' new owner's).  Returns the number of values."""
    current = keyring.current.get(scope)
    done = 0
    for model, attribute, place in _sensitive():
        if not hasattr(model, "customer_id"):
            continue
        column = getattr(model, attribute)
        rows = session.execute(select(model.id, column).where(
            model.customer_id.in_(list(customer_ids)), column.is_not(None))).all()
        for record_id, blob in rows:
            if blob is None or crypto.blob_key_id(blob) == current:
                continue
            where = f"{place}#{record_id}"
            session.execute(update(model).where(model.id == record_id).values(
                {attribute: keyring.encrypt(keyring.decrypt(blob, where), scope, where)})
                .execution_options(synchronize_session="fetch"))
            done += 1
    return done
