"""Users, teams, login, lockout and the anti-scraping guard."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crmdesk.core.fields import CHOICES
from crmdesk.core.models import AccessEvent, Team, User, utcnow
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


def _set_password(user: User, password: str, data_key: bytes,
                  params: crypto.KdfParams | None = None) -> None:
    params = params or crypto.DEFAULT_KDF
    salt = crypto.new_salt()
    verifier, kek = crypto.derive_password_keys(password, salt, params)
    user.kdf_params = params.encode()
    user.kdf_salt = salt
    user.password_verifier = verifier
    user.wrapped_data_key = crypto.wrap_data_key(kek, data_key, user.username)
    user.password_changed_at = utcnow()


def _actor(user: User, keyring: crypto.Keyring | None) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role, user.team_id, keyring)


def actor_for(session: Session, user_id: int, keyring: crypto.Keyring | None) -> Actor:
    """Rebuild an actor from the database (after the user's role or team changed)."""
    user = session.get(User, user_id)
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
    data_key = crypto.new_data_key()
    user = User(username=username, display_name=display_name or username, role=ADMIN)
    _set_password(user, password, data_key)
    session.add(user)
    session.flush()
    actor = _actor(user, crypto.Keyring(data_key))
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
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    now = utcnow()
    if user is None:
        audit.record(session, None, "login_failed", entity="user", username=username[:64],
                     message=QT_TRANSLATE_NOOP("Audit", "Unknown user name: {name}"),
                     params={"name": username[:64]})
        session.commit()
        raise AuthError(QT_TRANSLATE_NOOP(
            "Errors", "Wrong user name or password. Check both and try again."))
    _refuse_blocked_account(user, username, now)
    params = crypto.KdfParams.decode(user.kdf_params)
    verifier, kek = crypto.derive_password_keys(password, user.kdf_salt, params)
    if not crypto.verifier_matches(user.password_verifier, verifier):
        _wrong_password(session, user, username, now)
    try:
        data_key = crypto.unwrap_data_key(kek, user.wrapped_data_key, user.username)
    except crypto.CryptoError as exc:
        raise AuthError(QT_TRANSLATE_NOOP(
            "Errors", "The key of account {user} is damaged. Ask an administrator to reset the "
                      "password."), user=username) from exc
    upgraded = params.weaker_than(crypto.DEFAULT_KDF)
    if upgraded:  # a slower hash for a password known right now
        changed_at = user.password_changed_at
        _set_password(user, password, data_key)
        user.password_changed_at = changed_at
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    actor = _actor(user, crypto.Keyring(data_key))
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
            "Errors", "The account {user} was frozen on {at} because too many customer records "
                      "were opened or exported in a short time. Only an administrator can "
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
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "User {id} does not exist."), id=user_id)
    return user


def user_by_name(session: Session, username: str) -> User:
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no user named {name}."),
                       name=username)
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
    _set_password(user, password, keyring.data_key)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user_create", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Created user {name}"),
                 params={"name": username}, after=_user_snapshot(user))
    return user


def update_user(session: Session, actor: Actor, user_id: int, *, display_name: str | None = None,
                role: str | None = None, team_id: int | None | str = "unchanged",
                email: str | None = None, phone: str | None = None) -> User:
    require(actor, "users.manage")
    user = _get_user(session, user_id)
    before = _user_snapshot(user)
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
    data_key = crypto.unwrap_data_key(kek, user.wrapped_data_key, user.username)
    _set_password(user, new_password, data_key)
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
    _set_password(user, new_password, keyring.data_key)
    user.must_change_password = must_change and user.id != actor.user_id
    user.failed_logins = 0
    user.locked_until = None
    session.flush()
    audit.record(session, actor, "password_reset", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Reset the password of {name}"),
                 params={"name": user.username})


def unlock(session: Session, actor: Actor, user_id: int) -> None:
    require(actor, "users.manage")
    user = _get_user(session, user_id)
    user.locked_until = None
    user.failed_logins = 0
    session.flush()
    audit.record(session, actor, "unlock", entity="user", entity_id=user.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Unlocked {name}"),
                 params={"name": user.username})


def set_disabled(session: Session, actor: Actor, user_id: int, disabled: bool) -> None:
    require(actor, "users.manage")
    user = _get_user(session, user_id)
    if disabled and user.id == actor.user_id:
        raise KnownError(QT_TRANSLATE_NOOP("Errors", "You cannot disable your own account."))
    if disabled and user.role == ADMIN:
        _ensure_another_admin(session, user)
    user.disabled = disabled
    session.flush()
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
    team = session.get(Team, team_id)
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
    team = session.execute(select(Team).where(Team.name == name)).scalar_one_or_none()
    if team is None:
        raise NotFound(QT_TRANSLATE_NOOP("Errors", "There is no team named {name}."), name=name)
    return team


# ---------------------------------------------------------------------------
# Anti-scraping guard
# ---------------------------------------------------------------------------

@dataclass
class GuardState:
    used: int
    limit: int
    window_minutes: int


def guard_applies(session: Session, actor: Actor) -> bool:
    if actor.role == ADMIN or actor.user_id == 0:
        return False
    if actor.role == MANAGER:
        return bool(settings.get(session, "security.scrape_guard_managers"))
    return True


def guard_state(session: Session, actor: Actor) -> GuardState:
    limit = int(settings.get(session, "security.scrape_limit"))
    minutes = int(settings.get(session, "security.scrape_window_minutes"))
    since = utcnow() - timedelta(minutes=minutes)
    used = session.execute(select(func.coalesce(func.sum(AccessEvent.count), 0)).where(
        AccessEvent.user_id == actor.user_id, AccessEvent.at >= since)).scalar_one()
    return GuardState(int(used), limit, minutes)


#: Why an account was frozen (the audit entry), per kind of access.
FREEZE_REASONS = {
    "open": QT_TRANSLATE_NOOP("Audit", "Froze the account: {n} customer records opened within "
                                       "{minutes} minutes (limit {limit})"),
    "reveal": QT_TRANSLATE_NOOP("Audit", "Froze the account: {n} sensitive fields shown within "
                                         "{minutes} minutes (limit {limit})"),
    "export": QT_TRANSLATE_NOOP("Audit", "Froze the account: {n} customer records exported "
                                         "within {minutes} minutes (limit {limit})"),
}


def record_access(session: Session, actor: Actor, kind: str, count: int = 1) -> None:
    """Count customer records opened or exported; freeze the account past the limit.

    On freezing, the freeze is committed and ``AccountFrozen`` raised: the
    caller's session must end.
    """
    if count <= 0 or not guard_applies(session, actor):
        return
    state = guard_state(session, actor)
    if state.used + count > state.limit:
        session.rollback()  # nothing of the refused operation is kept
        user = _get_user(session, actor.user_id)
        user.frozen_at = utcnow()
        user.frozen_reason = (f"{state.used + count} customer records {kind} within "
                              f"{state.window_minutes} minutes (limit {state.limit})")
        audit.record(session, actor, "freeze", entity="user", entity_id=user.id,
                     message=FREEZE_REASONS.get(kind, FREEZE_REASONS["open"]),
                     params={"n": state.used + count, "minutes": state.window_minutes,
                             "limit": state.limit})
        session.commit()
        raise AccountFrozen(QT_TRANSLATE_NOOP(
            "Errors", "Your account has been frozen: more than {limit} customer records were "
                      "opened or exported within {minutes} minutes. This protects the customer "
                      "base. Ask an administrator to unfreeze your account."),
            limit=state.limit, minutes=state.window_minutes)
    session.add(AccessEvent(user_id=actor.user_id, kind=kind, count=count))
    session.flush()


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
