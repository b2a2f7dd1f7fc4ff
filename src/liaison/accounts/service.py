"""Account operations: creating users, logging in (throttled, audited), sessions and API tokens."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.orm import Session

from liaison.accounts import throttle
from liaison.accounts.models import ApiToken, User, UserSession
from liaison.accounts.throttle import security_log
from liaison.agencies.models import Agency
from liaison.core import security
from liaison.core.audit import Actions, AuditContext, record
from liaison.core.config import get_settings
from liaison.core.errors import Conflict, Forbidden, InvalidInput, LiaisonError, NotFound
from liaison.core.i18n import _
from liaison.core.timeutil import utcnow
from liaison.core.vocab import EXPLICIT_ROLES, ROLES


class LoginFailed(LiaisonError):
    status_code = 401


@dataclass
class LoginResult:
    user: User
    session_token: str


def roles_allow(held: Iterable[str], wanted: Iterable[str]) -> bool:
    """Whether a user holding ``held`` passes a check that asks for any of ``wanted``.

    An administrator passes every check except those for an explicit role (frontline): checks at the
    border are an operational duty, not an administrative power, so an administrator needs the role itself.
    """
    held, wanted = set(held), set(wanted)
    if held & wanted:
        return True
    return "admin" in held and bool(wanted - EXPLICIT_ROLES)


def extra_role_problems(role: str, extra_roles: Iterable[str]) -> str:
    """What is wrong with a list of additional roles ("" when nothing)."""
    unknown = sorted({r for r in extra_roles if r not in ROLES})
    if unknown:
        return _("Unknown role(s): ") + ", ".join(unknown) + ". " + _("Choose from: ") + ", ".join(ROLES)
    if "admin" in extra_roles and role != "admin":
        # Administrators must use a second factor; that rule reads the primary role, so it stays there.
        return _("Administrator can only be the primary role.")
    return ""


def context_for(user: User, ip: str = "") -> AuditContext:
    return AuditContext(actor_id=user.id, actor_name=user.username, agency_id=user.agency_id, ip=ip)


def create_user(
    session: Session,
    *,
    username: str,
    full_name: str,
    agency_code: str,
    role: str,
    password: str,
    email: str = "",
    totp_secret: str | None = None,
    ctx: AuditContext | None = None,
    password_hash: str | None = None,
    extra_roles: Iterable[str] = (),
) -> User:
    """Create an account. ``password_hash`` lets a seed reuse one argon2 hash for users sharing a password.

    ``extra_roles`` are held besides the primary ``role`` (e.g. ``frontline`` for a supervisor at a PCC).
    """
    fields: dict[str, str] = {}
    extra = [r for r in dict.fromkeys(r.strip() for r in extra_roles) if r and r != role]
    if problem := extra_role_problems(role, extra):
        fields["extra_roles"] = problem
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        fields["username"] = _("Use letters, digits, dots, dashes or underscores.")
    if role not in ROLES:
        fields["role"] = _("Unknown role; choose one of: ") + ", ".join(ROLES)
    problems = security.password_problems(password, username)
    if problems:
        fields["password"] = " ".join(problems)
    agency = session.execute(select(Agency).where(Agency.code == agency_code)).scalar_one_or_none()
    if agency is None:
        fields["agency"] = _("No agency with code ") + agency_code
    if session.execute(select(User.id).where(User.username == username)).first():
        fields["username"] = _("This user name is taken.")
    if (role == "admin" or role in get_settings().totp_roles) and not totp_secret:
        totp_secret = security.new_totp_secret()  # roles that must use a second factor get one at once
    if fields:
        raise InvalidInput(_("The user could not be created."), fields=fields)
    assert agency is not None
    user = User(
        username=username,
        full_name=full_name.strip() or username,
        email=email,
        agency_id=agency.id,
        role=role,
        extra_roles=extra,
        password_hash=password_hash or security.hash_password(password),
        totp_secret=totp_secret,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    record(
        session,
        ctx or AuditContext.system("cli"),
        Actions.ADMINISTRATION,
        "user",
        user.id,
        details={"event": "user_created", "role": role, "extra_roles": extra, "agency": agency.code},
    )
    return user


def _claim_totp(session: Session, user: User, code: str, secret: str | None = None) -> bool:
    """Accept a TOTP code once: its time step must be later than the last one this user used.

    A conditional UPDATE makes the claim atomic, so two workers given the same code cannot both accept it.
    """
    step = security.totp_step(secret or user.totp_secret or "", code)
    if step is None:
        return False
    result = session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    user.totp_last_step = step
    return True


def needs_totp_enrolment(user: User) -> bool:
    """Users of a role listed in LIAISON_TOTP_REQUIRED_ROLES must enrol before anything else."""
    return not user.totp_secret and user.role in get_settings().totp_roles


def _login_failed(
    session: Session, user: User | None, username: str, ip: str, reason: str, keys: throttle.Keys
) -> LoginFailed:
    throttle.failed(session, keys)
    record(
        session,
        AuditContext(user.id if user else None, username or "?", user.agency_id if user else None, ip),
        Actions.LOGIN_FAILED,
        "user",
        user.id if user else username,
        details={"reason": reason},
    )
    # Never the typed name (it may be a password typed in the wrong field) nor the password.
    security_log.warning("sign-in failed: reason=%s user_id=%s source=%s", reason, user.id if user else None, ip)
    if reason == "bad_second_factor":
        return LoginFailed(_("The one-time code is missing, wrong or already used."))
    return LoginFailed(_("Wrong user name or password."))


def authenticate(
    session: Session, username: str, password: str, totp_code: str = "", ip: str = "", user_agent: str = ""
) -> LoginResult:
    """Check credentials, throttled per account and per source address (see ``accounts/throttle.py``).

    Failures and the throttle counters are written in the same transaction, which the caller must commit
    even when this raises: that commit also releases the throttle rows' locks.
    """
    username = (username or "").strip().lower()[:80]
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    keys = throttle.Keys.of(username, ip)
    try:
        throttle.gate(session, keys, account_applies=user is None or not throttle.known_source(session, user.id, ip))
    except throttle.Throttled:
        record(
            session,
            AuditContext(user.id if user else None, username or "?", user.agency_id if user else None, ip),
            Actions.LOGIN_FAILED,
            "user",
            user.id if user else username,
            details={"reason": "throttled"},
        )
        raise
    if user is None:
        security.verify_dummy(password or "")  # same work, same answer as a wrong password
        raise _login_failed(session, None, username, ip, "bad_credentials", keys)
    password_ok = security.verify_password(user.password_hash, password or "")
    if not password_ok or not user.active:
        raise _login_failed(session, user, username, ip, "bad_credentials", keys)
    if user.totp_secret and not _claim_totp(session, user, totp_code):
        raise _login_failed(session, user, username, ip, "bad_second_factor", keys)
    token = security.new_token()
    now = utcnow()
    session.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at < now))
    session.add(
        UserSession(
            token_digest=security.token_digest(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=get_settings().session_hours),
            ip=(ip or "")[:64],
            user_agent=(user_agent or "")[:200],
        )
    )
    throttle.succeeded(session, keys, user.id, ip, now)
    record(session, context_for(user, ip), Actions.LOGIN, "user", user.id)
    return LoginResult(user=user, session_token=token)


#: last_seen_at is written at most this often: the idle timeout needs minutes, not a write per request.
SEEN_RESOLUTION = timedelta(minutes=1)


def user_for_session(session: Session, token: str) -> User | None:
    """The session's user, unless the session passed its absolute or idle limit or the user is inactive."""
    if not token:
        return None
    row = session.execute(
        select(UserSession).where(UserSession.token_digest == security.token_digest(token))
    ).scalar_one_or_none()
    now = utcnow()
    if row is None or row.expires_at < now:
        return None
    last_seen = row.last_seen_at or row.created_at
    if now - last_seen > timedelta(minutes=get_settings().session_idle_minutes):
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - last_seen >= SEEN_RESOLUTION:
        row.last_seen_at = now
    return user


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_digest == security.token_digest(token)))


@dataclass(frozen=True)
class SessionView:
    """One of the user's live sessions as the account page lists it."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    ip: str
    browser: str
    current: bool


def browser_of(user_agent: str) -> str:
    """A short, recognisable name for a User-Agent ("Firefox 128 on Windows"), or the raw text cut short.

    Enough to tell one's own workstation from a stranger's, which is all the list is for; no library needed.
    """
    ua = user_agent or ""
    product = ""
    for name, pattern in (
        ("Edge", r"Edg/(\d+)"),
        ("Opera", r"OPR/(\d+)"),
        ("Firefox", r"Firefox/(\d+)"),
        ("Chromium", r"Chromium/(\d+)"),
        ("Chrome", r"Chrome/(\d+)"),
        ("Safari", r"Version/(\d+).*Safari/"),
    ):
        found = re.search(pattern, ua)
        if found:
            product = f"{name} {found.group(1)}"
            break
    system = next(
        (
            label
            for label, marker in (
                ("Android", "Android"),
                ("iOS", "iPhone"),
                ("Windows", "Windows"),
                ("macOS", "Mac OS X"),
                ("Linux", "Linux"),
            )
            if marker in ua
        ),
        "",
    )
    if product:
        return f"{product} · {system}" if system else product
    return ua[:60]


def sessions_of(session: Session, user_id: int, current_token: str = "") -> list[SessionView]:
    """The user's sessions that still let someone in (not expired, not idle), the latest active first."""
    now = utcnow()
    idle_since = now - timedelta(minutes=get_settings().session_idle_minutes)
    current = security.token_digest(current_token) if current_token else ""
    rows = session.execute(
        select(UserSession).where(UserSession.user_id == user_id, UserSession.expires_at >= now)
    ).scalars()
    live = [
        SessionView(
            r.id,
            r.created_at,
            r.last_seen_at or r.created_at,
            r.ip,
            browser_of(r.user_agent),
            r.token_digest == current,
        )
        for r in rows
        if (r.last_seen_at or r.created_at) >= idle_since
    ]
    return sorted(live, key=lambda v: (not v.current, -v.last_seen_at.timestamp()))


def end_own_session(session: Session, user: User, session_id: int, ctx: AuditContext) -> None:
    """End one of the user's own sessions (another device, a forgotten workstation); audited.

    Another user's session id answers "not found", like one that no longer exists.
    """
    row = session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        raise NotFound(_("That session has already ended."))
    session.delete(row)
    record(
        session,
        ctx,
        Actions.ADMINISTRATION,
        "user",
        user.id,
        details={"event": "session_ended", "session": session_id, "from": row.ip},
    )


def end_all_sessions(session: Session, user_id: int, keep_token: str = "") -> int:
    """Sign a user out everywhere (optionally keeping the session that asked); returns how many ended."""
    stmt = delete(UserSession).where(UserSession.user_id == user_id)
    if keep_token:
        stmt = stmt.where(UserSession.token_digest != security.token_digest(keep_token))
    return int(session.execute(stmt).rowcount)  # type: ignore[attr-defined]


MAX_TOKEN_DAYS = 3650


def create_api_token(
    session: Session, user: User, name: str, ctx: AuditContext | None = None, expires_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token (shown once; only its digest is kept), expiring after ``expires_days`` (default from
    LIAISON_API_TOKEN_DAYS)."""
    days = get_settings().api_token_days if expires_days is None else expires_days
    fields: dict[str, str] = {}
    if not 1 <= days <= MAX_TOKEN_DAYS:
        fields["expires_days"] = _("Between 1 and %d days.") % MAX_TOKEN_DAYS
    name = (name or "").strip()
    if not name or len(name) > 100:
        fields["name"] = _("Give the token a name of at most 100 characters.")
    if fields:
        raise InvalidInput(_("The token could not be created."), fields=fields)
    token = security.new_token("lsn_")
    now = utcnow()
    row = ApiToken(
        token_digest=security.token_digest(token),
        user_id=user.id,
        name=name,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    record(
        session,
        ctx or context_for(user),
        Actions.ADMINISTRATION,
        "user",
        user.id,
        details={"event": "api_token_issued", "name": name, "token_id": row.id, "days": days},
    )
    return row, token


def issue_api_token(
    session: Session, user: User, name: str, ctx: AuditContext | None = None, expires_days: int | None = None
) -> str:
    return create_api_token(session, user, name, ctx, expires_days)[1]


def api_tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    stmt = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    return list(session.execute(stmt).scalars())


def revoke_api_token(session: Session, token_id: int, ctx: AuditContext, owner_id: int | None = None) -> ApiToken:
    """Revoke a token. With ``owner_id`` only that user's own tokens (others answer 'not found')."""
    row = session.get(ApiToken, token_id)
    if row is None or (owner_id is not None and row.user_id != owner_id):
        raise NotFound(_("No such token."))
    if not row.revoked:
        row.revoked = True
        record(
            session, ctx, Actions.ADMINISTRATION, "user", row.user_id,
            details={"event": "api_token_revoked", "token_id": row.id},
        )
    return row


def token_state(row: ApiToken) -> str:
    if row.revoked:
        return "revoked"
    if row.expires_at is not None and row.expires_at < utcnow():
        return "expired"
    return "active"


#: Built once with a bound parameter: constructing it (and its cache key) on every call cost a measurable
#: part of every API call (issue 15).
_TOKEN_AND_USER = (
    select(ApiToken, User).join(User, User.id == ApiToken.user_id).where(ApiToken.token_digest == bindparam("digest"))
)


def user_for_api_token(session: Session, token: str, ip: str = "") -> User | None:
    """The token's user, or None; a refused token is logged as a security event (never the token)."""
    # One round trip for the token, its user and the user's agency (joined by the relationship): this
    # runs on every API call, and the frontline check path (issue 15) counts every statement.
    found = session.execute(_TOKEN_AND_USER, {"digest": security.token_digest(token)}).first()
    row, user = (found[0], found[1]) if found is not None else (None, None)
    if row is None:
        reason = "unknown"
    elif token_state(row) != "active":
        reason = token_state(row)
    elif user is None or not user.active:
        reason = "inactive_user"
    else:
        now = utcnow()
        if row.last_used_at is None or now - row.last_used_at >= SEEN_RESOLUTION:
            row.last_used_at = now
        return user
    security_log.warning(
        "api token refused: reason=%s token_id=%s source=%s", reason, row.id if row else None, ip
    )
    return None


#: The bearer token's identity in one statement, for request paths that bypass the ORM (the frontline
#: check's fast path, ``frontline/fastpath.py``): the columns :func:`token_identity` reads, in order.
#: ``%(digest)s`` is :func:`liaison.core.security.token_digest` of the presented token.
TOKEN_IDENTITY_SQL = (
    "SELECT t.id, t.revoked, t.expires_at, t.last_used_at, u.id, u.username, u.agency_id, u.role, "
    "u.extra_roles, u.active, u.must_change_password, COALESCE(u.totp_secret, '') <> '', a.code "
    "FROM api_token t JOIN user_account u ON u.id = t.user_id JOIN agency a ON a.id = u.agency_id "
    "WHERE t.token_digest = %(digest)s"
)
TOKEN_IDENTITY_COLUMNS = 13


@dataclass(frozen=True)
class TokenIdentity:
    """Who a valid bearer token speaks for, read by :data:`TOKEN_IDENTITY_SQL` (no ORM objects)."""

    token_id: int
    user_id: int
    username: str
    agency_id: int
    agency_code: str
    roles: tuple[str, ...]
    #: The token's last use must be recorded (:data:`SEEN_RESOLUTION`), as :func:`user_for_api_token` does.
    stale_last_use: bool

    def has_role(self, *roles: str) -> bool:
        return roles_allow(self.roles, roles)

    def ctx(self, ip: str = "") -> AuditContext:
        return AuditContext(actor_id=self.user_id, actor_name=self.username, agency_id=self.agency_id, ip=ip)


def token_identity(row: tuple[Any, ...] | None) -> TokenIdentity | None:
    """The identity of a token row of :data:`TOKEN_IDENTITY_SQL` when the API would accept it without a
    word: the token is active, its user active, and no account set-up is due (forced password change,
    mandatory second factor). None otherwise: the caller then lets :func:`user_for_api_token` and the API's
    dependency answer (and log) the refusal, so refusals are decided in one place."""
    if row is None:
        return None
    (token_id, revoked, expires_at, last_used_at, user_id, username, agency_id, role, extra_roles, active,
     must_change_password, has_totp, agency_code) = row[:TOKEN_IDENTITY_COLUMNS]
    now = utcnow()
    if revoked or (expires_at is not None and expires_at < now) or not active or must_change_password:
        return None
    if not has_totp and role in get_settings().totp_roles:
        return None
    return TokenIdentity(
        token_id=token_id,
        user_id=user_id,
        username=username,
        agency_id=agency_id,
        agency_code=agency_code,
        roles=tuple(dict.fromkeys([role, *(extra_roles or [])])),
        stale_last_use=last_used_at is None or now - last_used_at >= SEEN_RESOLUTION,
    )


def change_password(
    session: Session, user: User, old_password: str, new_password: str, totp_code: str = "",
    ip: str = "", keep_token: str = "",
) -> None:
    """The user changes their own password: the old one and (if enrolled) a fresh one-time code prove it
    is them; guesses count against the same throttle as sign-in. Other sessions end."""
    keys = throttle.Keys.of(user.username, ip)
    throttle.gate(session, keys)
    fields: dict[str, str] = {}
    if not security.verify_password(user.password_hash, old_password or ""):
        fields["old_password"] = _("This is not your current password.")
    elif user.totp_secret and not _claim_totp(session, user, totp_code):
        fields["totp"] = _("The one-time code is missing, wrong or already used.")
    if fields:
        security_log.warning("password change refused: user_id=%s source=%s", user.id, ip)
        raise InvalidInput(_("The password was not changed."), fields=fields).then(
            lambda s: throttle.failed(s, keys)
        )
    problems = security.password_problems(new_password or "", user.username)
    if new_password == old_password:
        problems.append(_("The new password must differ from the old one."))
    if problems:
        raise InvalidInput(_("The password was not changed."), fields={"new_password": " ".join(problems)})
    user.password_hash = security.hash_password(new_password)
    user.must_change_password = False
    end_all_sessions(session, user.id, keep_token=keep_token)
    record(session, context_for(user, ip), Actions.ALTERATION, "user", user.id, details={"event": "password_changed"})


def start_totp_enrolment(session: Session, user: User) -> str:
    """The pending secret to show (created once); it signs nobody in until confirmed with a code."""
    if user.totp_secret:
        raise Conflict(_("A second factor is already set up for this account."))
    if not user.totp_pending_secret:
        user.totp_pending_secret = security.new_totp_secret()
    return user.totp_pending_secret


def confirm_totp_enrolment(session: Session, user: User, code: str, ip: str = "") -> None:
    pending = user.totp_pending_secret
    if user.totp_secret or not pending:
        raise Conflict(_("Start the set-up of the second factor first."))
    if not _claim_totp(session, user, code, secret=pending):
        raise InvalidInput(_("The code does not match."), fields={"code": _("Type the current code from the app.")})
    user.totp_secret, user.totp_pending_secret = pending, None
    record(session, context_for(user, ip), Actions.ALTERATION, "user", user.id, details={"event": "totp_enrolled"})


# -- administration: each change is audited as an alteration, naming who did what --------------------


def _target(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user."))
    return user


def set_active(session: Session, user_id: int, active: bool, ctx: AuditContext) -> User:
    """Deactivating ends the user's sessions at once; their API tokens stop working (inactive user)."""
    user = _target(session, user_id)
    if user.id == ctx.actor_id and not active:
        raise Forbidden(_("You cannot deactivate your own account."))
    user.active = active
    if not active:
        end_all_sessions(session, user.id)
    record(
        session, ctx, Actions.ALTERATION, "user", user.id,
        details={"event": "user_activated" if active else "user_deactivated", "by": ctx.actor_name},
    )
    return user


def reset_password(session: Session, user_id: int, ctx: AuditContext) -> str:
    """A random temporary password (returned once) that must be changed at the next sign-in."""
    user = _target(session, user_id)
    temporary = secrets.token_urlsafe(15)
    user.password_hash = security.hash_password(temporary)
    user.must_change_password = True
    end_all_sessions(session, user.id)
    record(
        session, ctx, Actions.ALTERATION, "user", user.id,
        details={"event": "password_reset", "by": ctx.actor_name},
    )
    return temporary


def set_role(session: Session, user_id: int, role: str, ctx: AuditContext) -> User:
    if role not in ROLES:
        raise InvalidInput(_("Unknown role."), fields={"role": _("Unknown role; choose one of: ") + ", ".join(ROLES)})
    user = _target(session, user_id)
    if user.id == ctx.actor_id:
        raise Forbidden(_("You cannot change your own role."))
    before = user.role
    user.role = role
    record(
        session, ctx, Actions.ALTERATION, "user", user.id,
        details={"event": "role_changed", "from": before, "to": role, "by": ctx.actor_name},
    )
    return user


def user_by_name(session: Session, username: str) -> User | None:
    return session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()


@dataclass(frozen=True)
class Actor:
    """The signed-in user acting through the web, the API or the CLI."""

    user: User
    ip: str = ""

    @property
    def ctx(self) -> AuditContext:
        return context_for(self.user, self.ip)

    @property
    def agency_id(self) -> int:
        return self.user.agency_id

    def has_role(self, *roles: str) -> bool:
        return roles_allow(self.user.roles, roles)


@dataclass(frozen=True)
class Viewer:
    """A plain snapshot of the signed-in user for page chrome; safe to render after a rollback."""

    full_name: str
    agency_code: str
    agency_label: str
    role: str
    extra_roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, user: User) -> Viewer:
        return cls(user.full_name, user.agency.code, user.agency.label, user.role, user.roles[1:])

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def has_role(self, *roles: str) -> bool:
        return roles_allow((self.role, *self.extra_roles), roles)


def set_language(session: Session, user: User, language: str, ctx: AuditContext) -> None:
    """The user's language (and, for Serbian, script): one of the product's locales, or "" to follow the
    browser's ``Accept-Language``. Recorded as an alteration of the account, like a password change."""
    from liaison.core.i18n import LOCALES

    language = (language or "").strip()
    if language and language not in LOCALES:
        raise InvalidInput(_("Unknown language."), fields={"language": _("Choose one of the languages listed.")})
    if user.language == language:
        return
    user.language = language
    details = {"event": "language_changed", "language": language}
    record(session, ctx, Actions.ALTERATION, "user", user.id, details=details)
