"""Keys that follow visibility: who holds which key, and keeping that true.

A sensitive value (ID number, bank account, sensitive custom field) is encrypted
under the current key of its **scope** and bound to its place (table, field, row):

* ``owner:<user id>``: the customers a user owns, and what belongs to them
  (the sensitive custom values of their contacts, interactions, opportunities,
  orders, tickets and tasks; a task of no customer: its assignee's);
* ``unowned``: customers with no owner; ``shared``: records everyone sees (products);
* ``index``: the blind-index key (exact lookup of ID numbers, duplicate checks),
  held by every user: it can test a guessed value, never decrypt one.

A scope key is sealed (:func:`crypto.wrap_for`) to the user key of everyone
**entitled** to it, which is who may see those customers: the owner, the managers of
the owner's team and the administrators (``unowned``: administrators; ``shared`` and
``index``: every active user).  A user's private keys are sealed under their password,
so a copy of the file and one password open that user's scopes and nothing else.

What changes who is entitled keeps the grants true in the same transaction:
creating a user, a change of role or team, disabling (the grants they lose are
deleted and those scope keys are replaced by a new generation: :func:`rotate_pending`
re-encrypts the values), a change of owner (:func:`move_customers` re-encrypts the
customer's values under the new owner's key), an administrator's password reset
(a new key pair, granted what the user is entitled to).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, literal, select, update
from sqlalchemy.orm import Session

from crmdesk.core.models import (
    Contact,
    Customer,
    CustomFieldDef,
    CustomFieldValue,
    Interaction,
    KeyGrant,
    Opportunity,
    Order,
    ScopeKey,
    Setting,
    Task,
    Ticket,
    User,
    UserKey,
    utcnow,
)
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Job
from crmdesk.storage import crypto

INDEX, SHARED, UNOWNED = "index", "shared", "unowned"
ROTATION_KEY = "keys.rotation_pending"
REENCRYPTING = QT_TRANSLATE_NOOP("Keys", "Re-encrypting sensitive values under new keys")

#: the sensitive columns of customers, and the purpose (table.field) bound into each
CUSTOMER_FIELDS = {"id_number": "customers.id_number", "bank_account": "customers.bank_account"}

#: custom-field entities whose records belong to a customer (their values follow it)
CHILD_MODELS: dict[str, Any] = {"contact": Contact, "opportunity": Opportunity,
                                "order": Order, "ticket": Ticket, "interaction": Interaction,
                                "task": Task}


def owner_scope(owner_id: int | None) -> str:
    return f"owner:{owner_id}" if owner_id else UNOWNED


def place(purpose: str, row_id: int) -> str:
    """Where a value lives: ``customers.id_number#42``, ``custom.contact.passport#7``."""
    return f"{purpose}#{row_id}"


def is_split(session: Session) -> bool:
    """Has this file keys per scope (False: a file of schema 0004 not split yet)?"""
    return session.execute(select(ScopeKey.id).limit(1)).first() is not None


# ---------------------------------------------------------------------------
# Who is entitled to what
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Member:
    user_id: int
    role: str
    team_id: int | None
    key_id: int | None
    box_public: bytes | None


@dataclass(frozen=True)
class _People:
    """Active users with their current key (if they have one yet), and every user's team."""

    active: dict[int, _Member]
    teams: dict[int, int | None]

    def entitled(self, scope: str) -> set[int]:
        """Who may hold *scope*'s key: who may see what it encrypts."""
        if scope in (INDEX, SHARED):
            return set(self.active)
        admins = {m.user_id for m in self.active.values() if m.role == "admin"}
        if scope == UNOWNED or not scope.startswith("owner:"):
            return admins
        owner_id = int(scope.split(":", 1)[1])
        team_id = self.teams.get(owner_id)
        managers = {m.user_id for m in self.active.values()
                    if m.role == "manager" and team_id is not None and m.team_id == team_id}
        owner = {owner_id} if owner_id in self.active else set()  # not a disabled owner
        return admins | managers | owner

    def missing(self, scope: str, key_id: int, held: set[tuple[int, int]]) -> list[_Member]:
        """Entitled members with a key pair and no grant of *key_id*."""
        found = []
        for user_id in self.entitled(scope):
            member = self.active[user_id]
            if member.key_id is not None and (key_id, member.key_id) not in held:
                found.append(member)
        return found


def _people(session: Session) -> _People:
    keys = {k.user_id: k for k in session.execute(
        select(UserKey).where(UserKey.retired_at.is_(None)).order_by(UserKey.id)).scalars()}
    active, teams = {}, {}
    for user in session.execute(select(User)).scalars():
        teams[user.id] = user.team_id
        if user.disabled:
            continue
        key = keys.get(user.id)
        active[user.id] = _Member(user.id, user.role, user.team_id,
                                  key.id if key else None, key.box_public if key else None)
    return _People(active, teams)


def entitled_users(session: Session, scope: str) -> set[int]:
    return _people(session).entitled(scope)


# ---------------------------------------------------------------------------
# User keys
# ---------------------------------------------------------------------------

def current_user_key(session: Session, user_id: int) -> UserKey | None:
    return session.execute(
        select(UserKey).where(UserKey.user_id == user_id, UserKey.retired_at.is_(None))
        .order_by(UserKey.id.desc()).limit(1)).scalar_one_or_none()


def create_user_key(session: Session, user: User, kek: bytes) -> tuple[UserKey,
                                                                        crypto.UserKeyPair]:
    """A new key pair for *user*, its private half sealed under *kek* (from the password).
    Any older pair is retired (its public halves stay, to verify old audit entries)."""
    session.execute(update(UserKey).where(UserKey.user_id == user.id,
                                          UserKey.retired_at.is_(None))
                    .values(retired_at=utcnow()))
    pair = crypto.UserKeyPair.generate()
    row = UserKey(user_id=user.id, box_public=pair.box_public, sign_public=pair.sign_public,
                  wrapped_private=pair.seal(kek, user.id))
    session.add(row)
    session.flush()
    return row, pair


def reseal_user_key(session: Session, user: User, old_kek: bytes, new_kek: bytes) -> None:
    """A password change: the same key pair, sealed under the new password."""
    row = current_user_key(session, user.id)
    if row is not None:
        pair = crypto.UserKeyPair.open(old_kek, row.wrapped_private, user.id)
        row.wrapped_private = pair.seal(new_kek, user.id)


def drop_grants(session: Session, user_id: int) -> None:
    """Delete every grant to *user_id*'s keys (a retired pair, a disabled user)."""
    key_ids = select(UserKey.id).where(UserKey.user_id == user_id).scalar_subquery()
    session.execute(delete(KeyGrant).where(KeyGrant.user_key_id.in_(key_ids)))


def load(session: Session, user: User, kek: bytes) -> crypto.Keyring | None:
    """The keyring of *user* (whose password gave *kek*): None if they have no key pair."""
    row = current_user_key(session, user.id)
    if row is None:
        return None
    pair = crypto.UserKeyPair.open(kek, row.wrapped_private, user.id)
    keyring = crypto.Keyring(user_key_id=row.id, pair=pair)
    grants = session.execute(
        select(KeyGrant.wrapped, ScopeKey.id, ScopeKey.scope, ScopeKey.retiring)
        .join(ScopeKey, ScopeKey.id == KeyGrant.scope_key_id)
        .where(KeyGrant.user_key_id == row.id).order_by(ScopeKey.generation)).all()
    for wrapped, key_id, scope, retiring in grants:
        key = crypto.unwrap_grant(pair, wrapped, key_id, row.id)
        if scope == INDEX:
            keyring.index_key = key
            keyring.add(None, key_id, key)
        else:
            keyring.add(scope, key_id, key, current=not retiring)
    return keyring


# ---------------------------------------------------------------------------
# Scope keys and grants
# ---------------------------------------------------------------------------

def new_scope_key(session: Session, keyring: crypto.Keyring, scope: str,
                  key: bytes | None = None) -> int:
    """A new (generation of a) scope key, granted to everyone entitled who has a key pair."""
    generation = int(session.execute(select(func.coalesce(func.max(ScopeKey.generation), 0))
                                     .where(ScopeKey.scope == scope)).scalar_one()) + 1
    row = ScopeKey(scope=scope, generation=generation, retiring=False)
    session.add(row)
    session.flush()
    key = key if key is not None else crypto.new_data_key()
    keyring.add(None if scope == INDEX else scope, row.id, key)
    if scope == INDEX:
        keyring.index_key = key
    _grant(session, row.id, key, _people(session).missing(scope, row.id, set()))
    return row.id


def _grant(session: Session, key_id: int, key: bytes, members: Iterable[_Member]) -> int:
    made = 0
    for member in members:
        if member.key_id is None or member.box_public is None:
            continue
        session.add(KeyGrant(scope_key_id=key_id, user_key_id=member.key_id,
                             wrapped=crypto.wrap_for(member.box_public, key, key_id,
                                                     member.key_id)))
        made += 1
    session.flush()
    return made


def grant_missing(session: Session, keyring: crypto.Keyring) -> int:
    """Grant the keys *keyring* holds to entitled users who lack them (users whose key
    pair is new: after a split, a password reset, a change of role or team).  Run at
    every login: whoever holds a key hands it on.  Returns the number of grants made."""
    if not keyring.split or not keyring.scope_keys:
        return 0
    people = _people(session)
    held = {(int(k), int(u)) for k, u in session.execute(
        select(KeyGrant.scope_key_id, KeyGrant.user_key_id))}
    scopes = dict(session.execute(select(ScopeKey.id, ScopeKey.scope).where(
        ScopeKey.id.in_(list(keyring.scope_keys)), ScopeKey.retiring.is_(False))).all())
    made = 0
    for key_id, scope in scopes.items():
        made += _grant(session, key_id, keyring.scope_keys[key_id],
                       people.missing(scope, key_id, held))
    return made


def enforce(session: Session, keyring: crypto.Keyring) -> list[str]:
    """Make the grants match who is entitled now, after a user was disabled or enabled
    or changed role or team (which changes what others are entitled to as well: a
    manager loses the key of a member who left the team).  Grants nobody is entitled to
    any more are deleted, and their scope keys replaced by a new generation (granted
    to the rest, the old ones queued for :func:`rotate_pending`); missing grants are
    made from *keyring*.  Returns the scopes whose keys were replaced."""
    people = _people(session)
    grants = session.execute(
        select(KeyGrant.id, ScopeKey.id, ScopeKey.scope, UserKey.user_id)
        .join(ScopeKey, ScopeKey.id == KeyGrant.scope_key_id)
        .join(UserKey, UserKey.id == KeyGrant.user_key_id)
        .where(ScopeKey.retiring.is_(False))).all()
    retired: dict[int, str] = {}
    for grant_id, key_id, scope, user_id in grants:
        if user_id in people.entitled(scope):
            continue
        session.execute(delete(KeyGrant).where(KeyGrant.id == grant_id))
        if scope not in (INDEX, SHARED):  # keys everyone holds hide nothing from anyone
            retired[key_id] = scope
    for key_id, scope in retired.items():
        _retire(session, keyring, key_id, scope)
    grant_missing(session, keyring)
    return sorted(set(retired.values()))


def _retire(session: Session, keyring: crypto.Keyring, key_id: int, scope: str) -> None:
    session.execute(update(ScopeKey).where(ScopeKey.id == key_id).values(retiring=True))
    new_scope_key(session, keyring, scope)
    pending = _pending(session)
    pending.append(key_id)
    _set_pending(session, pending)


def _pending(session: Session) -> list[int]:
    row = session.get(Setting, ROTATION_KEY)
    return [int(k) for k in json.loads(row.value)] if row is not None and row.value else []


def _set_pending(session: Session, key_ids: Sequence[int]) -> None:
    row = session.get(Setting, ROTATION_KEY)
    value = json.dumps(sorted(set(key_ids)))
    if row is None:
        session.add(Setting(key=ROTATION_KEY, value=value))
    else:
        row.value = value
    session.flush()


def rotation_pending(session: Session) -> list[int]:
    """Retired scope keys whose values are not re-encrypted yet."""
    return _pending(session)


# ---------------------------------------------------------------------------
# Re-encryption
# ---------------------------------------------------------------------------

def _owner_of_custom(session: Session, entity: str, entity_id: int) -> str:
    if entity == "customer":
        return owner_scope(session.execute(
            select(Customer.owner_id).where(Customer.id == entity_id)).scalar_one_or_none())
    model = CHILD_MODELS.get(entity)
    if model is None:
        return SHARED
    customer_id = session.execute(select(model.customer_id).where(
        model.id == entity_id)).scalar()
    if customer_id is None:  # a task of no customer: its assignee's, who sees it
        holder = getattr(model, "assignee_id", None)
        if holder is None:
            return UNOWNED
        return owner_scope(session.execute(select(holder).where(
            model.id == entity_id)).scalar())
    return owner_scope(session.execute(select(Customer.owner_id).where(
        Customer.id == customer_id)).scalar())


def custom_scope(session: Session, entity: str, entity_id: int) -> str:
    """The scope a custom value of record *entity_id* is encrypted under."""
    return _owner_of_custom(session, entity, entity_id)


def _reencrypt(old: crypto.Keyring, new: crypto.Keyring, blob: bytes | None, scope: str,
               where: str) -> bytes:
    assert blob is not None
    return new.encrypt(old.decrypt(blob, where), scope, where)


def rotate_pending(session: Session, keyring: crypto.Keyring, job: Job | None = None) -> int:
    """Re-encrypt every value still under a retired scope key with its scope's current
    key.  Resumable: what is done stays done; run again after an interruption.
    Returns the number of values re-encrypted."""
    pending = _pending(session)
    if not pending:
        return 0
    scopes = dict(session.execute(select(ScopeKey.id, ScopeKey.scope)
                                  .where(ScopeKey.id.in_(pending))).all())
    done = 0
    for key_id in pending:
        scope = scopes.get(key_id)
        if scope is not None:
            done += _rotate_one(session, keyring, key_id, scope, job)
        _set_pending(session, [k for k in _pending(session) if k != key_id])
        # the retired key stays for administrators only (it still opens the merge
        # snapshots kept for undo); everyone else's grant goes
        admins = select(UserKey.id).join(User, User.id == UserKey.user_id).where(
            User.role == "admin").scalar_subquery()
        session.execute(delete(KeyGrant).where(KeyGrant.scope_key_id == key_id,
                                               KeyGrant.user_key_id.not_in(admins)))
    session.flush()
    return done


#: values re-encrypted per statement (executemany) by :func:`_reencrypt_all`
BATCH = 2000


def _reencrypt_all(session: Session, old: crypto.Keyring, new: crypto.Keyring,
                   prefix: bytes | None, scope_of: Callable[[str, int], str],
                   job: Job | None = None) -> int:
    """Re-encrypt every stored value whose blob starts with *prefix* (None: every value)
    from *old* to *new*, under the scope ``scope_of(entity, record id)`` gives: the
    customers' columns and the sensitive custom values.  Written in batches with
    ``executemany`` on the connection: no version bump (the value is the same), so a form
    open meanwhile still saves.  Returns the number of values."""
    sources: list[tuple[Any, Any, Any, Any]] = []  # (table, id column, value column, select)
    for field, purpose in CUSTOMER_FIELDS.items():
        column = getattr(Customer, field + "_enc")
        where = column.is_not(None) if prefix is None else \
            func.substr(column, 1, len(prefix)) == prefix
        sources.append((Customer.__table__, column.key, purpose, select(
            Customer.id, Customer.id, column, literal("customer")).where(where)))
    value = CustomFieldValue.value_enc
    where = value.is_not(None) if prefix is None else func.substr(value, 1, len(prefix)) == prefix
    sources.append((CustomFieldValue.__table__, "value_enc", None, select(
        CustomFieldValue.id, CustomFieldValue.entity_id, value, CustomFieldDef.entity,
        CustomFieldDef.key).join(CustomFieldDef, CustomFieldDef.id == CustomFieldValue.def_id)
        .where(where)))
    from crmdesk.core.record_types.secrets import encrypted_sources

    sources.extend(encrypted_sources(prefix))  # designed record types' sensitive fields
    rows_of = [(table, column, purpose, session.execute(stmt).all())
               for table, column, purpose, stmt in sources]
    total = sum(len(rows) for *_rest, rows in rows_of)
    done = 0
    connection = session.connection()
    for table, column, purpose, rows in rows_of:
        statement = table.update().where(table.c.id == bindparam("row_id")).values(
            {column: bindparam("blob")})
        for start in range(0, len(rows), BATCH):
            batch = []
            for row in rows[start:start + BATCH]:
                row_id, record_id, blob, entity = row[0], row[1], row[2], row[3]
                where_ = place(purpose or f"custom.{entity}.{row[4]}", record_id)
                batch.append({"row_id": row_id, "blob": _reencrypt(
                    old, new, blob, scope_of(entity, record_id), where_)})
            connection.execute(statement, batch)
            done += len(batch)
            if job is not None:
                job.report(render("Keys", REENCRYPTING), done, total)
    for obj in list(session.identity_map.values()):  # no stale ciphertext in loaded objects
        if isinstance(obj, Customer | CustomFieldValue):
            session.expire(obj)
    return done


def _rotate_one(session: Session, keyring: crypto.Keyring, key_id: int, scope: str,
                job: Job | None) -> int:
    return _reencrypt_all(session, keyring, keyring, crypto.key_id_prefix(key_id),
                          lambda _entity, _record: scope, job)


def move_custom_values(session: Session, keyring: crypto.Keyring,
                       customer_ids: Sequence[int], new_owner: int | None) -> int:
    """Re-encrypt the sensitive custom values of *customer_ids* and of their contacts,
    opportunities, orders and tickets under *new_owner*'s key: a change of owner, in the
    caller's transaction (the customers' own columns are the caller's, on its objects).
    Returns the number of values."""
    if not customer_ids or not keyring.split:
        return 0
    scope = owner_scope(new_owner)
    current = keyring.current.get(scope)
    ids = list(customer_ids)
    entities: list[tuple[str, Any]] = [("customer", select(Customer.id).where(
        Customer.id.in_(ids)))]
    entities += [(name, select(model.id).where(model.customer_id.in_(ids)))
                 for name, model in CHILD_MODELS.items()]
    done = 0
    from crmdesk.core.record_types.secrets import move_values

    done += move_values(session, keyring, ids, scope)  # designed record types' values
    for entity, record_ids in entities:
        rows = session.execute(
            select(CustomFieldValue.id, CustomFieldValue.entity_id, CustomFieldValue.value_enc,
                   CustomFieldDef.key)
            .join(CustomFieldDef, CustomFieldDef.id == CustomFieldValue.def_id)
            .where(CustomFieldDef.entity == entity, CustomFieldValue.value_enc.is_not(None),
                   CustomFieldValue.entity_id.in_(record_ids.scalar_subquery()))).all()
        for value_id, entity_id, blob, key in rows:
            if blob is None or crypto.blob_key_id(blob) == current:
                continue
            where = place(f"custom.{entity}.{key}", entity_id)
            session.execute(update(CustomFieldValue).where(
                CustomFieldValue.id == value_id).values(
                value_enc=_reencrypt(keyring, keyring, blob, scope, where))
                .execution_options(synchronize_session="fetch"))
            done += 1
    return done


def follow_record(session: Session, keyring: crypto.Keyring | None, entity: str,
                  record_id: int) -> int:
    """Re-encrypt the sensitive custom values of one record under the scope it now
    belongs to: a child record moved to another customer (whose owner differs), or a
    task of no customer given to another assignee.  Values already under the scope's
    current key are left alone.  Returns the number of values re-encrypted."""
    if keyring is None or not keyring.split or entity not in CHILD_MODELS:
        return 0
    scope = custom_scope(session, entity, record_id)
    current = keyring.current.get(scope)
    rows = session.execute(
        select(CustomFieldValue.id, CustomFieldValue.value_enc, CustomFieldDef.key)
        .join(CustomFieldDef, CustomFieldDef.id == CustomFieldValue.def_id)
        .where(CustomFieldDef.entity == entity, CustomFieldValue.entity_id == record_id,
               CustomFieldValue.value_enc.is_not(None))).all()
    done = 0
    for value_id, blob, key in rows:
        if blob is None or (current is not None and crypto.blob_key_id(blob) == current):
            continue
        where = place(f"custom.{entity}.{key}", record_id)
        session.execute(update(CustomFieldValue).where(CustomFieldValue.id == value_id)
                        .values(value_enc=_reencrypt(keyring, keyring, blob, scope, where))
                        .execution_options(synchronize_session="fetch"))
        done += 1
    return done


# ---------------------------------------------------------------------------
# A new file, and splitting the one key of a file from the previous release
# ---------------------------------------------------------------------------

def create_initial(session: Session, admin: User, kek: bytes) -> crypto.Keyring:
    """The keys of a new database, made for its first administrator."""
    row, pair = create_user_key(session, admin, kek)
    keyring = crypto.Keyring(user_key_id=row.id, pair=pair)
    for scope in (INDEX, SHARED, UNOWNED, owner_scope(admin.id)):
        new_scope_key(session, keyring, scope)
    return keyring


def split_legacy_key(session: Session, admin: User, kek: bytes,
                     legacy: crypto.Keyring, job: Job | None = None) -> crypto.Keyring:
    """Split the one data key of a schema-0004 file into scope keys, at the first login
    of an administrator (whose password opened *legacy*).

    The administrator gets a key pair; a key per scope is made (every user's owner
    scope, ``unowned``, ``shared``; the blind-index key is kept, so stored indexes stay
    valid); every value is re-encrypted under its scope and bound to its row; every
    user's copy of the old data key is deleted.  The other users get a key pair at
    their next login and their grants at the next login of someone holding them.
    """
    row, pair = create_user_key(session, admin, kek)
    keyring = crypto.Keyring(user_key_id=row.id, pair=pair)
    assert legacy.index_key is not None
    new_scope_key(session, keyring, INDEX, key=legacy.index_key)
    for scope in (SHARED, UNOWNED):
        new_scope_key(session, keyring, scope)
    for user_id in session.execute(select(User.id).order_by(User.id)).scalars().all():
        new_scope_key(session, keyring, owner_scope(user_id))
    owners = dict(session.execute(select(Customer.id, Customer.owner_id)).all())

    def scope_of(entity: str, record_id: int) -> str:
        if entity == "customer":
            return owner_scope(owners.get(record_id))
        return _owner_of_custom(session, entity, record_id)

    _reencrypt_all(session, legacy, keyring, None, scope_of, job)
    session.execute(update(User).values(wrapped_data_key=b"")
                    .execution_options(synchronize_session="fetch"))
    session.flush()
    return keyring
