"""Users, teams, login, lockout and the anti-scraping guard."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NoReturn, cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from crmdesk.core import keys
from crmdesk.core.fields import CHOICES
from crmdesk.core.lookup import fits_text, get_row, shown_text
from crmdesk.core.models import AccessEvent, Team, User, UserKey, utcnow
from crmdesk.core.permissions import ADMIN, MANAGER, STAFF, Actor, require
from crmdesk.core.services import audit, settings
from crmdesk.errors import (
    AccountDisabled,
    AccountFrozen,
    AccountLocked,
    AuthError,
    FieldError,
    KnownError,
    NotFound,
    ValidationError,
)
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Job
from crmdesk.storage import crypto

MIN_PASSWORD = 8
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")


def _local_time(dt: datetime) -> str:
    return dt.astimezone().strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------------------
# Passwords and keys
# ---------------------------------------------------------------------------

def check_password_rules(password: str, username: str) -> None:
    problem = None
    if len(password) < MIN_PASSWORD:
        problem = render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "Password is too short: use at least {n} characters."), n=MIN_PASSWORD)
    elif password.strip().lower() == username.lower():
        problem = render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "Password must not be the user name: choose something else."))
    if problem:
        label = render("Field", QT_TRANSLATE_NOOP("Field", "Password"))
        raise ValidationError([FieldError("password", label, problem)])


def _set_password(user: User, password: str, params: crypto.KdfParams | None = None) -> bytes:
    """A new salt and verifier for *password*; returns its key-encryption key, under
    which the caller seals the user's keys (:func:`_reseal`, ``keys.create_user_key``)."""
    params = params or crypto.DEFAULT_KDF
    salt = crypto.new_salt()
    verifier, kek = crypto.derive_password_keys(password, salt, params)
    user.kdf_params = params.encode()
    user.kdf_salt = salt
    user.password_verifier = verifier
    user.password_changed_at = utcnow()
    return kek


def _reseal(session: Session, user: User, old_kek: bytes, new_kek: bytes) -> None:
    """The user's own keys, sealed under a new password's key (the same keys)."""
    keys.reseal_user_key(session, user, old_kek, new_kek)
    if user.wrapped_data_key:  # a file not split yet: its one data key
        legacy = crypto.unwrap_data_key(old_kek, user.wrapped_data_key, user.username)
        user.wrapped_data_key = crypto.wrap_data_key(new_kek, legacy, user.username)


def _register_key(session: Session, actor: Actor, user: User, row: UserKey) -> None:
    """Every key pair is announced in the audit log, signed: verify trusts a signer key
    only after its registration entry."""
    audit.record(session, actor, "key_register", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "New key pair for {name} ({fingerprint})"),
                 params={"name": user.username, "key": row.id,
                         "fingerprint": crypto.fingerprint(row.sign_public)})


def _open_keys(session: Session, user: User, kek: bytes) -> tuple[crypto.Keyring,
                                                                   UserKey | None, bool]:
    """The keyring a correct password opens: ``(keyring, new key pair or None, split)``.

    A file from the previous release (one data key) is split into scope keys at its
    first administrator login; until then other users work with the one key.  A user
    of a split file without a key pair yet (after the split) gets one now, and the
    scope keys they are entitled to at the next login of someone who holds them.
    """
    if user.wrapped_data_key and not keys.is_split(session):
        legacy = crypto.Keyring(legacy_key=crypto.unwrap_data_key(
            kek, user.wrapped_data_key, user.username))
        if user.role != ADMIN:
            return legacy, None, False
        keyring = keys.split_legacy_key(session, user, kek, legacy)
        return keyring, keys.current_user_key(session, user.id), True
    loaded = keys.load(session, user, kek)
    new_key = None
    if loaded is None:
        new_key, pair = keys.create_user_key(session, user, kek)
        loaded = crypto.Keyring(user_key_id=new_key.id, pair=pair)
    keys.grant_missing(session, loaded)
    return loaded, new_key, False


def _actor(user: User, keyring: crypto.Keyring | None) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role, user.team_id, keyring)


def actor_for(session: Session, user_id: int, keyring: crypto.Keyring | None) -> Actor:
    """Rebuild an actor from the database (after the user's role or team changed)."""
    user = get_row(session, User, user_id)
    if user is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "User {id} does not exist."), id=user_id)
    return _actor(user, keyring)


def system_actor() -> Actor:
    """For maintenance the program does on its own (no keys, no scope)."""
    return Actor(0, "system", "system", ADMIN, None, None)


# ---------------------------------------------------------------------------
# First administrator and login
# ---------------------------------------------------------------------------

def has_users(session: Session) -> bool:
    return bool(session.execute(select(func.count(User.id))).scalar_one())


def create_first_admin(session: Session, username: str, password: str,
                       display_name: str | None = None) -> Actor:
    """Create the first administrator and the database's data key."""
    if has_users(session):
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "This database already has users: log in as an administrator to add more."))
    _check_username(session, username)
    check_password_rules(password, username)
    user = User(username=username, display_name=display_name or username, role=ADMIN)
    kek = _set_password(user, password)
    session.add(user)
    session.flush()
    actor = _actor(user, keys.create_initial(session, user, kek))
    row = keys.current_user_key(session, user.id)
    assert row is not None
    _register_key(session, actor, user, row)  # the first entry: the key signing the rest
    audit.record(session, actor, "user_create", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "First administrator {name}"),
                 params={"name": username}, after={"role": ADMIN})
    return actor


def login(session: Session, username: str, password: str) -> Actor:
    """Check the password and unwrap the data key.

    Every login path comes here (the window, read-write or read-only, every
    command, a restore): failures are counted and lock the account after
    repeated wrong passwords, and every attempt is audited.  This function
    commits the session before raising, so *session* must be able to write
    (``Database.login_transaction`` also on a file opened read-only).

    A hash made with a cheaper cost than ``crypto.DEFAULT_KDF`` is upgraded
    (and the data key re-wrapped) in the same transaction.  The caller must
    then apply :func:`require_password_current` before anything else.
    """
    # no stored name holds a NUL (PostgreSQL refuses one even in a query): unknown
    user = session.execute(select(User).where(User.username == username)
                           ).scalar_one_or_none() if fits_text(username) else None
    now = utcnow()
    if user is None:
        shown = shown_text(username)
        audit.record(session, None, "login_failed", entity="user", username=shown,
                     message=QT_TRANSLATE_NOOP("Audit", "Unknown user name: {name}"),
                     params={"name": shown})
        session.commit()
        raise AuthError(QT_TRANSLATE_NOOP(
            "Errors", "Wrong user name or password. Check both and try again."))
    _refuse_blocked_account(user, username, now)
    params = crypto.KdfParams.decode(user.kdf_params)
    verifier, kek = crypto.derive_password_keys(password, user.kdf_salt, params)
    if not crypto.verifier_matches(user.password_verifier, verifier):
        _wrong_password(session, user, username, now)
    try:
        keyring, new_key, split = _open_keys(session, user, kek)
    except crypto.CryptoError as exc:
        raise AuthError(QT_TRANSLATE_NOOP(
            "Errors", "The key of account {user} is damaged. Ask an administrator to reset the "
                      "password."), user=username) from exc
    upgraded = params.weaker_than(crypto.DEFAULT_KDF)
    if upgraded:  # a slower hash for a password known right now
        changed_at = user.password_changed_at
        _reseal(session, user, kek, _set_password(user, password))
        user.password_changed_at = changed_at
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    actor = _actor(user, keyring)
    if split:
        audit.begin_signed_era(session, actor)
    if new_key is not None:
        _register_key(session, actor, user, new_key)
    if split or (user.role == ADMIN and keys.rotation_pending(session)):
        keys.rotate_pending(session, keyring)
    audit.record(session, actor, "login", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Logged in"),
                 before={"kdf": params.encode()} if upgraded else None,
                 after={"kdf": user.kdf_params} if upgraded else None)
    return actor


def _wrong_password(session: Session, user: User, username: str, now: datetime) -> NoReturn:
    """Count a wrong password (locking the account at the threshold), audit it, commit."""
    threshold = int(settings.get(session, "security.lockout_threshold"))
    minutes = int(settings.get(session, "security.lockout_minutes"))
    user.failed_logins = (user.failed_logins or 0) + 1
    locked = user.failed_logins >= threshold
    if locked:
        user.locked_until = now + timedelta(minutes=minutes)
        user.failed_logins = 0
    audit.record(session, None, "lockout" if locked else "login_failed", entity="user",
                 entity_id=user.id, username=username,
                 message=QT_TRANSLATE_NOOP(
                     "Audit", "Locked for {minutes} minutes after wrong passwords")
                 if locked else QT_TRANSLATE_NOOP("Audit", "Wrong password"),
                 params={"minutes": minutes} if locked else {})
    session.commit()
    if locked:
        assert user.locked_until is not None
        raise AccountLocked(QT_TRANSLATE_NOOP(
            "Errors", "Wrong password {n} times in a row: the account {user} is locked until "
                      "{until}. Try again then, or ask an administrator to unlock it."),
            n=threshold, user=username, until=_local_time(user.locked_until))
    left = threshold - user.failed_logins
    raise AuthError(QT_TRANSLATE_NOOP(
        "Errors", "Wrong user name or password. {left} more wrong attempts will lock the "
                  "account for {minutes} minutes."), left=left, minutes=minutes)


class PasswordChangeRequired(AuthError):
    """An administrator reset the password: the user must choose their own first."""


def require_password_current(session: Session, actor: Actor, *, how: str = "") -> None:
    """Refuse to go on while the user must choose a new password (after an admin reset).

    *how* is a translated line saying how to change it where the user is (the
    command to run, for the command line).
    """
    if must_change_password(session, actor.user_id):
        raise PasswordChangeRequired(QT_TRANSLATE_NOOP(
            "Errors", "An administrator reset the password of {user}: choose your own password "
                      "before anything else. {how}"), user=actor.username, how=how)


def _refuse_blocked_account(user: User, username: str, now: datetime) -> None:
    """Disabled, frozen and locked accounts may not log in (with the reason and what to do)."""
    if user.disabled:
        raise AccountDisabled(QT_TRANSLATE_NOOP(
            "Errors", "The account {user} is disabled. Ask an administrator to enable it."),
            user=username)
    if user.frozen_at is not None:
        raise AccountFrozen(QT_TRANSLATE_NOOP(
            "Errors", "The account {user} was frozen on {at} because too many customers were "
                      "opened, listed or exported in a short time. Only an administrator can "
                      "unfreeze it."), user=username, at=_local_time(user.frozen_at))
    if user.locked_until is not None and user.locked_until > now:
        raise AccountLocked(QT_TRANSLATE_NOOP(
            "Errors", "The account {user} is locked after too many wrong passwords, until {until}."
                      " Try again then, or ask an administrator to unlock it."),
            user=username, until=_local_time(user.locked_until))


# ---------------------------------------------------------------------------
# Administration
# ---------------------------------------------------------------------------

def _check_username(session: Session, username: str) -> None:
    label = render("Field", QT_TRANSLATE_NOOP("Field", "User name"))
    if not USERNAME_RE.match(username or ""):
        raise ValidationError([FieldError("username", label, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "User name is not valid: use 2 to 64 letters, digits, dots, dashes or "
                          "underscores, e.g. wang.li")))])
    exists = session.execute(select(User.id).where(User.username == username)).first()
    if exists:
        raise ValidationError([FieldError("username", label, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "User name {name} is taken: choose another."), name=username))])


def _check_role(role: str) -> None:
    if role not in CHOICES["role"]:
        label = render("Field", QT_TRANSLATE_NOOP("Field", "Role"))
        raise ValidationError([FieldError("role", label, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "Role must be admin, manager or staff.")))])


def _require_keys(actor: Actor) -> crypto.Keyring:
    if actor.keyring is None:
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "This needs the database key: log in with a password first."))
    return actor.keyring


def _get_user(session: Session, user_id: int) -> User:
    user = get_row(session, User, user_id)
    if user is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "User {id} does not exist."), id=user_id)
    return user


def user_by_name(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)
                           ).scalar_one_or_none() if fits_text(username) else None
    if user is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no user named {name}."),
                       name=shown_text(username))
    return user


def must_change_password(session: Session, user_id: int) -> bool:
    """Whether the user has to choose a new password now (an administrator set it)."""
    return bool(_get_user(session, user_id).must_change_password)


def _user_snapshot(user: User) -> dict[str, object]:
    return {"username": user.username, "display_name": user.display_name, "role": user.role,
            "team_id": user.team_id, "disabled": user.disabled, "email": user.email,
            "phone": user.phone}


def create_user(session: Session, actor: Actor, username: str, password: str, role: str,
                *, display_name: str | None = None, team_id: int | None = None,
                email: str | None = None, phone: str | None = None,
                must_change_password: bool = False) -> User:
    require(actor, "users.manage")
    keyring = _require_keys(actor)
    _check_username(session, username)
    _check_role(role)
    check_password_rules(password, username)
    if team_id is not None:
        _get_team(session, team_id)
    user = User(username=username, display_name=(display_name or username).strip(), role=role,
                team_id=team_id, email=email, phone=phone,
                must_change_password=must_change_password)
    kek = _set_password(user, password)
    session.add(user)
    session.flush()
    row, _pair = keys.create_user_key(session, user, kek)
    keys.new_scope_key(session, keyring, keys.owner_scope(user.id))
    keys.grant_missing(session, keyring)
    audit.record(session, actor, "user_create", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Created user {name}"),
                 params={"name": username}, after=_user_snapshot(user))
    _register_key(session, actor, user, row)
    return user


def update_user(session: Session, actor: Actor, user_id: int, *, display_name: str | None = None,
                role: str | None = None, team_id: int | None | str = "unchanged",
                email: str | None = None, phone: str | None = None,
                job: Job | None = None) -> User:
    require(actor, "users.manage")
    user = _get_user(session, user_id)
    before = _user_snapshot(user)
    moved = (role is not None and role != user.role) or (
        team_id != "unchanged" and team_id != user.team_id)
    if role is not None:
        _check_role(role)
        if user.role == ADMIN and role != ADMIN:
            _ensure_another_admin(session, user)
        user.role = role
    if display_name is not None:
        user.display_name = display_name.strip() or user.username
    if team_id != "unchanged":
        if team_id is not None:
            _get_team(session, int(team_id))
        user.team_id = None if team_id is None else int(team_id)
    if email is not None:
        user.email = email or None
    if phone is not None:
        user.phone = phone or None
    session.flush()
    if moved:  # the keys they (and others) may hold follow the new role or team
        _apply_entitlements(session, actor, job)
    old, new = audit.diff(before, _user_snapshot(user))
    if new:
        audit.record(session, actor, "user_update", entity="user", entity_id=user.id,
                     message=QT_TRANSLATE_NOOP("Audit", "Changed user {name}"),
                     params={"name": user.username}, before=old, after=new)
    return user


def _ensure_another_admin(session: Session, user: User) -> None:
    others = session.execute(select(func.count(User.id)).where(
        User.role == ADMIN, User.id != user.id, User.disabled.is_(False))).scalar_one()
    if not others:
        raise KnownError(QT_TRANSLATE_NOOP(
            "Errors", "{user} is the last active administrator: make another user an "
                      "administrator first."), user=user.username)


def change_password(session: Session, actor: Actor, old_password: str,
                    new_password: str) -> None:
    """A user changes their own password (the data key is re-wrapped)."""
    user = _get_user(session, actor.user_id)
    params = crypto.KdfParams.decode(user.kdf_params)
    verifier, kek = crypto.derive_password_keys(old_password, user.kdf_salt, params)
    if not crypto.verifier_matches(user.password_verifier, verifier):
        label = render("Field", QT_TRANSLATE_NOOP("Field", "Current password"))
        raise ValidationError([FieldError("old_password", label, render("Validation",
            QT_TRANSLATE_NOOP("Validation", "Current password is wrong: type it again.")))])
    check_password_rules(new_password, user.username)
    _reseal(session, user, kek, _set_password(user, new_password))
    user.must_change_password = False
    session.flush()
    audit.record(session, actor, "password_change", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Changed own password"))


def reset_password(session: Session, actor: Actor, user_id: int, new_password: str,
                   *, must_change: bool = True) -> None:
    """An admin sets a new password; the old one is not needed (admin's key re-wraps)."""
    require(actor, "users.manage")
    keyring = _require_keys(actor)
    user = _get_user(session, user_id)
    check_password_rules(new_password, user.username)
    kek = _set_password(user, new_password)
    # the administrator cannot open the user's old keys: a new pair, granted what the
    # user is entitled to (from the administrator's keys); the old pair's grants go
    keys.drop_grants(session, user.id)
    user.wrapped_data_key = b""
    row, _pair = keys.create_user_key(session, user, kek)
    keys.grant_missing(session, keyring)
    if user.id == actor.user_id:
        own = keys.load(session, user, kek)
        if own is not None:  # the actor's keyring now signs with the new pair
            keyring.signer_key_id, keyring.pair = own.signer_key_id, own.pair
    user.must_change_password = must_change and user.id != actor.user_id
    user.failed_logins = 0
    user.locked_until = None
    session.flush()
    audit.record(session, actor, "password_reset", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Reset the password of {name}"),
                 params={"name": user.username})
    _register_key(session, actor, user, row)


def unlock(session: Session, actor: Actor, user_id: int) -> None:
    require(actor, "users.manage")
    user = _get_user(session, user_id)
    user.locked_until = None
    user.failed_logins = 0
    session.flush()
    audit.record(session, actor, "unlock", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Unlocked {name}"),
                 params={"name": user.username})


def _apply_entitlements(session: Session, actor: Actor, job: Job | None) -> None:
    """After a change of who may see what: grants follow (``keys.enforce``) and the values
    under replaced keys are re-encrypted, in this transaction (with progress on *job*),
    so the change and the new keys commit together."""
    keyring = _require_keys(actor)
    replaced = keys.enforce(session, keyring)
    moved = keys.rotate_pending(session, keyring, job)
    if replaced:
        audit.record(session, actor, "key_rotate", entity="user",
                     message=QT_TRANSLATE_NOOP(
                         "Audit", "Replaced {n} keys and re-encrypted {values} sensitive values"),
                     params={"n": len(replaced), "values": moved})


def set_disabled(session: Session, actor: Actor, user_id: int, disabled: bool,
                 job: Job | None = None) -> None:
    require(actor, "users.manage")
    user = _get_user(session, user_id)
    if disabled and user.id == actor.user_id:
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "You cannot disable your own account."))
    if disabled and user.role == ADMIN:
        _ensure_another_admin(session, user)
    user.disabled = disabled
    session.flush()
    # disabled: their grants go now and the keys they held are replaced (the values
    # re-encrypted); enabled again: their grants come back
    _apply_entitlements(session, actor, job)
    audit.record(session, actor, "user_disable" if disabled else "user_enable", entity="user",
                 entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Disabled {name}") if disabled
                 else QT_TRANSLATE_NOOP("Audit", "Enabled {name}"), params={"name": user.username})


def unfreeze(session: Session, actor: Actor, user_id: int) -> None:
    require(actor, "users.manage")
    user = _get_user(session, user_id)
    user.frozen_at = None
    user.frozen_reason = None
    # Forget the counted accesses so the user is not frozen again at once.
    session.execute(delete(AccessEvent).where(AccessEvent.user_id == user.id))
    session.flush()
    audit.record(session, actor, "unfreeze", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Unfroze {name}"),
                 params={"name": user.username})


def list_users(session: Session, actor: Actor, *, include_disabled: bool = True) -> list[User]:
    """Admins see every user; others see the active users (for owner pickers)."""
    stmt = select(User).order_by(User.username)
    if not actor.is_admin or not include_disabled:
        stmt = stmt.where(User.disabled.is_(False))
    return list(session.execute(stmt).scalars())


#: an account's state, worked out once (the first that applies wins)
ACTIVE, DISABLED, FROZEN, LOCKED = "active", "disabled", "frozen", "locked"


@dataclass(frozen=True)
class AccountSummary:
    """A user as screens and the command line show it: no password material, no ORM object."""

    id: int
    username: str
    display_name: str
    role: str
    team_id: int | None
    team_name: str
    email: str | None
    phone: str | None
    disabled: bool
    #: ACTIVE, DISABLED, FROZEN or LOCKED
    state: str
    #: since when frozen, or until when locked (None otherwise)
    state_at: datetime | None
    last_login_at: datetime | None

    @property
    def blocked(self) -> bool:
        """Disabled or frozen: the user cannot work until an administrator acts."""
        return self.state in (DISABLED, FROZEN)


@dataclass(frozen=True)
class TeamSummary:
    id: int
    name: str


def account_state(user: User, now: datetime | None = None) -> tuple[str, datetime | None]:
    """Disabled, frozen (since), locked (until) or active."""
    now = now or utcnow()
    if user.disabled:
        return DISABLED, None
    if user.frozen_at is not None:
        return FROZEN, user.frozen_at
    if user.locked_until is not None and user.locked_until > now:
        return LOCKED, user.locked_until
    return ACTIVE, None


def _summaries(session: Session, users: list[User]) -> list[AccountSummary]:
    teams = {t.id: t.name for t in session.execute(select(Team)).scalars()}
    now = utcnow()
    found = []
    for user in users:
        state, at = account_state(user, now)
        found.append(AccountSummary(
            id=user.id, username=user.username, display_name=user.display_name,
            role=user.role, team_id=user.team_id, team_name=teams.get(user.team_id or 0, ""),
            email=user.email, phone=user.phone, disabled=user.disabled, state=state,
            state_at=at, last_login_at=user.last_login_at))
    return found


def account_summaries(session: Session, actor: Actor, *,
                      include_disabled: bool = True) -> list[AccountSummary]:
    """The users :func:`list_users` returns, as summaries with their state."""
    return _summaries(session, list_users(session, actor, include_disabled=include_disabled))


def assignable_summaries(session: Session, actor: Actor) -> list[AccountSummary]:
    """The users :func:`assignable_users` returns, as summaries."""
    return _summaries(session, assignable_users(session, actor))


def account_summary(session: Session, actor: Actor, user_id: int) -> AccountSummary:
    """One user (administrators: anyone; others: an active user)."""
    user = _get_user(session, user_id)
    if user.disabled and not actor.is_admin:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "User {id} does not exist."), id=user_id)
    return _summaries(session, [user])[0]


def team_summaries(session: Session) -> list[TeamSummary]:
    return [TeamSummary(t.id, t.name) for t in list_teams(session)]


def assignable_users(session: Session, actor: Actor) -> list[User]:
    """Whom the actor may make owner or assignee of a record."""
    stmt = select(User).where(User.disabled.is_(False)).order_by(User.display_name)
    if actor.role == STAFF:
        stmt = stmt.where(User.id == actor.user_id)
    elif actor.role == MANAGER:
        if actor.team_id is None:
            stmt = stmt.where(User.id == actor.user_id)
        else:
            stmt = stmt.where((User.team_id == actor.team_id) | (User.id == actor.user_id))
    return list(session.execute(stmt).scalars())


def user_names(session: Session) -> dict[int, str]:
    return {uid: name for uid, name in session.execute(select(User.id, User.display_name))}


# ---------------------------------------------------------------------------
# Teams
# ---------------------------------------------------------------------------

def _get_team(session: Session, team_id: int) -> Team:
    team = get_row(session, Team, team_id)
    if team is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "Team {id} does not exist."), id=team_id)
    return team


def create_team(session: Session, actor: Actor, name: str) -> Team:
    require(actor, "users.manage")
    name = (name or "").strip()
    label = render("Field", QT_TRANSLATE_NOOP("Field", "Team"))
    if not name:
        raise ValidationError([FieldError("name", label, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label} is required: please fill it in."), label=label))])
    if not fits_text(name):
        raise ValidationError([FieldError("name", label, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label}: remove the NUL character; a name cannot hold one."),
            label=label))])
    if session.execute(select(Team.id).where(Team.name == name)).first():
        raise ValidationError([FieldError("name", label, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "Team {name} exists already: choose another name."), name=name))])
    team = Team(name=name)
    session.add(team)
    session.flush()
    audit.record(session, actor, "team_create", entity="team", entity_id=team.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Created team {name}"), params={"name": name})
    return team


def list_teams(session: Session) -> list[Team]:
    return list(session.execute(select(Team).order_by(Team.name)).scalars())


def team_by_name(session: Session, name: str) -> Team:
    team = session.execute(select(Team).where(Team.name == name)
                           ).scalar_one_or_none() if fits_text(name) else None
    if team is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no team named {name}."),
                       name=shown_text(name))
    return team


# ---------------------------------------------------------------------------
# Anti-scraping guard
# ---------------------------------------------------------------------------

@dataclass
class GuardState:
    #: distinct customers counted within the window (plus counts of older, unnamed rows)
    used: int
    limit: int
    window_minutes: int


class ReadLimitError(KnownError):
    """The last active administrator reached the guard's limit: the read is refused
    (not frozen, so that someone can still administer the database)."""


#: per role: the setting with its limit, and the admin's switch that turns counting off
GUARD_LIMITS = {STAFF: "security.scrape_limit", MANAGER: "security.scrape_limit_manager",
                ADMIN: "security.scrape_limit_admin"}
GUARD_SWITCHES = {STAFF: "security.scrape_count_staff", MANAGER: "security.scrape_count_manager",
                  ADMIN: "security.scrape_count_admin"}
#: access rows older than the longest window (1440 minutes) can never count again
_FORGET_AFTER = timedelta(minutes=1440)


def guard_applies(session: Session, actor: Actor) -> bool:
    """Every role is counted unless an administrator turned counting off for it."""
    if actor.user_id == 0:
        return False
    switch = GUARD_SWITCHES.get(actor.role)
    return switch is None or bool(settings.get(session, switch))


def _window_start(session: Session) -> tuple[int, datetime]:
    minutes = int(settings.get(session, "security.scrape_window_minutes"))
    return minutes, utcnow() - timedelta(minutes=minutes)


def _counted(session: Session, user_id: int, since: datetime) -> tuple[set[int], int]:
    """(customers already counted in the window, the sum of older rows without a customer)."""
    named = {cid for cid in session.execute(select(AccessEvent.customer_id).where(
        AccessEvent.user_id == user_id, AccessEvent.at >= since,
        AccessEvent.customer_id.is_not(None)).distinct()).scalars() if cid is not None}
    unnamed = session.execute(select(func.coalesce(func.sum(AccessEvent.count), 0)).where(
        AccessEvent.user_id == user_id, AccessEvent.at >= since,
        AccessEvent.customer_id.is_(None))).scalar_one()
    return named, int(unnamed)


def guard_state(session: Session, actor: Actor) -> GuardState:
    limit = int(settings.get(session, GUARD_LIMITS.get(actor.role, GUARD_LIMITS[STAFF])))
    minutes, since = _window_start(session)
    named, unnamed = _counted(session, actor.user_id, since)
    return GuardState(len(named) + unnamed, limit, minutes)


#: Why an account was frozen (the audit entry), per kind of read.
FREEZE_REASONS = {
    "open": QT_TRANSLATE_NOOP("Audit", "Froze the account: {n} customers opened, listed or "
                                       "exported within {minutes} minutes (limit {limit}), the "
                                       "last by opening a record"),
    "reveal": QT_TRANSLATE_NOOP("Audit", "Froze the account: {n} customers opened, listed or "
                                         "exported within {minutes} minutes (limit {limit}), "
                                         "the last by showing a sensitive field"),
    "export": QT_TRANSLATE_NOOP("Audit", "Froze the account: {n} customers opened, listed or "
                                         "exported within {minutes} minutes (limit {limit}), "
                                         "the last by an export, report or analysis"),
    "list": QT_TRANSLATE_NOOP("Audit", "Froze the account: {n} customers opened, listed or "
                                       "exported within {minutes} minutes (limit {limit}), the "
                                       "last by a list"),
    "search": QT_TRANSLATE_NOOP("Audit", "Froze the account: {n} customers opened, listed or "
                                         "exported within {minutes} minutes (limit {limit}), "
                                         "the last by a search"),
    "duplicates": QT_TRANSLATE_NOOP("Audit", "Froze the account: {n} customers opened, listed "
                                             "or exported within {minutes} minutes (limit "
                                             "{limit}), the last by a duplicate search"),
}


def record_access(session: Session, actor: Actor, kind: str,
                  customer_ids: Iterable[int | None] = (), *, count: int = 0) -> None:
    """Count the customers a read hands to the user; freeze the account past the limit.

    *customer_ids* are the customers the read shows (repeats and None are fine):
    each one not yet counted for this user within the window is recorded once, so
    the same customer opened, listed and exported counts one.  *count* is for a
    caller that cannot name the customers (counted as that many more).

    Call it after fetching and before showing, printing or writing anything.  On
    freezing, the freeze is committed (the rest of the session is rolled back) and
    ``AccountFrozen`` raised: the caller's session must end and nothing of the read
    may be shown.  The last active administrator is not frozen: the read is refused
    with ``ReadLimitError`` and nothing is recorded.
    """
    wanted = [cid for cid in dict.fromkeys(customer_ids) if cid is not None]
    extra = max(count, 0)
    if (not wanted and not extra) or not guard_applies(session, actor):
        return
    limit = int(settings.get(session, GUARD_LIMITS.get(actor.role, GUARD_LIMITS[STAFF])))
    minutes, since = _window_start(session)
    named, unnamed = _counted(session, actor.user_id, since)
    new = [cid for cid in wanted if cid not in named]
    if not new and not extra:
        return
    total = len(named) + unnamed + len(new) + extra
    if total > limit:
        _stop_reading(session, actor, kind, total, limit, minutes)
    now = utcnow()
    table = cast(Table, AccessEvent.__table__).insert()  # Core: no ORM work per row
    if new:  # one executemany: a read of 100,000 customers stays well under a second
        session.execute(table, [
            {"user_id": actor.user_id, "at": now, "kind": kind, "count": 1, "customer_id": cid}
            for cid in new])
    if extra:
        session.execute(table, [
            {"user_id": actor.user_id, "at": now, "kind": kind, "count": extra,
             "customer_id": None}])
    session.execute(delete(AccessEvent).where(AccessEvent.user_id == actor.user_id,
                                              AccessEvent.at < now - _FORGET_AFTER))


def _stop_reading(session: Session, actor: Actor, kind: str, total: int, limit: int,
                  minutes: int) -> NoReturn:
    """Past the limit: freeze the account, or refuse the read for the last active admin."""
    session.rollback()  # nothing of the refused read is kept
    user = _get_user(session, actor.user_id)
    params = {"n": total, "minutes": minutes, "limit": limit}
    if user.role == ADMIN and not _other_active_admins(session, user):
        audit.record(session, actor, "read_refused", entity="user", entity_id=user.id,
                     message=QT_TRANSLATE_NOOP(
                         "Audit", "Refused a read: {n} customers within {minutes} minutes "
                                  "(limit {limit}); the last active administrator is not "
                                  "frozen"), params=params)
        session.commit()
        raise ReadLimitError(QT_TRANSLATE_NOOP(
            "Errors", "Refused: this would make {n} customers opened, listed or exported "
                      "within {minutes} minutes (limit {limit}). You are the last active "
                      "administrator, so your account is not frozen; nothing was shown. Wait "
                      "{minutes} minutes, read fewer customers, or raise the limit in the "
                      "settings (security.scrape_limit_admin)."),
            n=total, minutes=minutes, limit=limit)
    user.frozen_at = utcnow()
    user.frozen_reason = (f"{total} customers {kind} within {minutes} minutes "
                          f"(limit {limit})")[:300]
    audit.record(session, actor, "freeze", entity="user", entity_id=user.id,
                 message=FREEZE_REASONS.get(kind, FREEZE_REASONS["open"]), params=params)
    session.commit()
    raise AccountFrozen(QT_TRANSLATE_NOOP(
        "Errors", "Your account has been frozen: more than {limit} customers were opened, "
                  "listed or exported within {minutes} minutes, and nothing of this last "
                  "request was shown. This protects the customer base. Ask an administrator "
                  "to unfreeze your account."), limit=limit, minutes=minutes)


def _other_active_admins(session: Session, user: User) -> int:
    """Administrators besides *user* who can log in and unfreeze them."""
    return int(session.execute(select(func.count(User.id)).where(
        User.role == ADMIN, User.id != user.id, User.disabled.is_(False),
        User.frozen_at.is_(None))).scalar_one())


def customers_of(session: Session, entity: str, record_ids: Sequence[int]) -> list[int]:
    """The customers that records of *entity* belong to (their visibility follows them);
    empty for records that belong to no customer (products, campaigns)."""
    if entity == "customer":
        return list(record_ids)
    from crmdesk.core.services.registry import service_for

    if entity == "attachment":  # a file counts against its record's customer
        from crmdesk.core.models import Attachment

        model: Any = Attachment
    else:
        model = service_for(entity).model
    column = getattr(model, "customer_id", None)
    if column is None or not record_ids:
        return []
    found: list[int] = []
    ids = list(record_ids)
    for start in range(0, len(ids), 5000):  # within SQLite's limit of bound values
        found.extend(session.execute(select(column).where(
            model.id.in_(ids[start:start + 5000]), column.is_not(None)).distinct()).scalars())
    return found


def record_read(session: Session, actor: Actor, entity: str, record_ids: Sequence[int],
                kind: str = "list") -> None:
    """Count the customers of records about to be shown (a list, a search, a form):
    :func:`record_access` with the customers the records belong to."""
    if guard_applies(session, actor):
        record_access(session, actor, kind, customers_of(session, entity, record_ids))


def ensure_active(session: Session, actor: Actor) -> None:
    """Refuse further work once the account is frozen or disabled (checked on writes)."""
    if actor.user_id == 0:
        return
    user = _get_user(session, actor.user_id)
    if user.frozen_at is not None:
        raise AccountFrozen(QT_TRANSLATE_NOOP(
            "Errors", "Your account is frozen. Ask an administrator to unfreeze it."))
    if user.disabled:
        raise AccountDisabled(QT_TRANSLATE_NOOP(
            "Errors", "Your account is disabled. Ask an administrator to enable it."))
