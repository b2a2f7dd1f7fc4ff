"""Account operations: creating users, logging in (throttled, audited), sessions and API tokens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from liaison.accounts.models import ApiToken, LoginAttempt, User, UserSession
from liaison.agencies.models import Agency
from liaison.core import security
from liaison.core.audit import Actions, AuditContext, record
from liaison.core.config import get_settings
from liaison.core.errors import InvalidInput, LiaisonError, TooManyRequests
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
    problems = security.password_problems(password)
    if problems:
        fields["password"] = " ".join(problems)
    agency = session.execute(select(Agency).where(Agency.code == agency_code)).scalar_one_or_none()
    if agency is None:
        fields["agency"] = _("No agency with code ") + agency_code
    if session.execute(select(User.id).where(User.username == username)).first():
        fields["username"] = _("This user name is taken.")
    if role == "admin" and not totp_secret:
        totp_secret = security.new_totp_secret()  # administrators must use a second factor
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


def _recent_failures(session: Session, username: str) -> int:
    since = utcnow() - timedelta(seconds=get_settings().login_window_seconds)
    stmt = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.username == username, LoginAttempt.at >= since)
    )
    return int(session.execute(stmt).scalar_one())


def authenticate(session: Session, username: str, password: str, totp_code: str = "", ip: str = "") -> LoginResult:
    """Check credentials. Failures are recorded in the same transaction, which the caller must commit."""
    username = (username or "").strip().lower()
    if _recent_failures(session, username) >= get_settings().login_max_failures:
        record(
            session,
            AuditContext(None, username or "?", ip=ip),
            Actions.LOGIN_FAILED,
            "user",
            username,
            details={"reason": "throttled"},
        )
        raise TooManyRequests(_("Too many failed logins. Wait 15 minutes or ask an administrator."))
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    reason = ""
    if user is None or not user.active or not security.verify_password(user.password_hash, password or ""):
        reason = "bad_credentials"
    elif user.totp_secret and not security.verify_totp(user.totp_secret, totp_code):
        reason = "bad_second_factor"
    if reason:
        session.add(LoginAttempt(username=username, ip=ip, at=utcnow()))
        record(
            session,
            AuditContext(user.id if user else None, username or "?", user.agency_id if user else None, ip),
            Actions.LOGIN_FAILED,
            "user",
            user.id if user else username,
            details={"reason": reason},
        )
        if reason == "bad_second_factor":
            raise LoginFailed(_("The one-time code is missing or wrong."))
        raise LoginFailed(_("Wrong user name or password."))
    assert user is not None
    token = security.new_token()
    now = utcnow()
    session.add(
        UserSession(
            token_digest=security.token_digest(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + timedelta(hours=get_settings().session_hours),
        )
    )
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
    record(session, context_for(user, ip), Actions.LOGIN, "user", user.id)
    return LoginResult(user=user, session_token=token)


def user_for_session(session: Session, token: str) -> User | None:
    if not token:
        return None
    row = session.execute(
        select(UserSession).where(UserSession.token_digest == security.token_digest(token))
    ).scalar_one_or_none()
    if row is None or row.expires_at < utcnow():
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_digest == security.token_digest(token)))


def issue_api_token(session: Session, user: User, name: str, ctx: AuditContext | None = None) -> str:
    token = security.new_token("lsn_")
    session.add(ApiToken(token_digest=security.token_digest(token), user_id=user.id, name=name, created_at=utcnow()))
    record(
        session,
        ctx or context_for(user),
        Actions.ADMINISTRATION,
        "user",
        user.id,
        details={"event": "api_token_issued", "name": name},
    )
    return token


def user_for_api_token(session: Session, token: str) -> User | None:
    row = session.execute(
        select(ApiToken).where(ApiToken.token_digest == security.token_digest(token), ApiToken.revoked.is_(False))
    ).scalar_one_or_none()
    if row is None:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


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
