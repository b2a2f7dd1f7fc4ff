"""Runtime settings, read from the environment (prefix ``LIAISON_``).

Nothing is required: with no configuration Liaison runs on an embedded SQLite database in ``./var``,
which is what a newcomer running ``make demo`` needs. Production sets ``LIAISON_DATABASE_URL`` to a
PostgreSQL URL and ``LIAISON_SECRET_KEY`` to a long random value.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

#: The key a fresh checkout runs with: fine for ``liaison demo`` and nothing else.
DEV_SECRET_KEY = "dev-insecure-change-me"
#: Shortest secret accepted for a real server (characters; ``token_urlsafe(48)`` gives 64).
MIN_SECRET_KEY_LENGTH = 32
SECRET_KEY_HOWTO = (
    "Set LIAISON_SECRET_KEY to a long random value, for example:\n"
    "  export LIAISON_SECRET_KEY=$(python3 -c 'import secrets;print(secrets.token_urlsafe(48))')\n"
    "and keep it the same across restarts and workers (it keys the audit chain, CSRF tokens and stored "
    "token digests). Only 'liaison demo' runs with the development key."
)


class WeakSecretKey(RuntimeError):
    """The server was asked to start with the development secret or a short one."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIAISON_", extra="ignore")

    database_url: str = ""
    data_dir: Path = Path("var")
    secret_key: str = DEV_SECRET_KEY
    #: Largest attachment accepted, in bytes (20 MiB by default).
    max_attachment_bytes: int = 20 * 1024 * 1024
    #: Failed logins (per account, and per source address) that are checked at once; after that each
    #: further attempt must wait 2^k seconds (k = failures beyond this), see ``accounts/throttle``.
    login_max_failures: int = 5
    #: A throttle key with no failure for this long starts again from zero.
    login_window_seconds: int = 900
    #: Longest wait imposed on an account (kept short so a stranger cannot lock an officer out).
    login_account_max_delay_seconds: int = 60
    #: Longest wait imposed on a source address.
    login_ip_max_delay_seconds: int = 900
    #: Absolute lifetime of a browser session.
    session_hours: int = 12
    #: A browser session unused for this long ends.
    session_idle_minutes: int = 30
    #: Default lifetime of a new API token, in days.
    api_token_days: int = 90
    #: Comma-separated roles that must use a second factor (TOTP); they are sent to enrolment after login.
    totp_required_roles: str = "admin"
    #: Shown to users; data is always stored in UTC.
    display_timezone: str = "Europe/Belgrade"
    #: PostgreSQL connections each worker process keeps open. At least ``worker_threads``: a request
    #: finding none free would open and close a connection of its own (a new server process each time).
    db_pool_size: int = 20
    #: Requests one worker process runs at once (its thread pool). Python runs one at a time per process
    #: anyway: more threads only add waiting and connections; add workers (cores) instead.
    worker_threads: int = 16
    #: ``audit verify`` fails when a committed audit record has waited longer than this to be chained
    #: by the sequencer (normally milliseconds; see ``core/audit/sequencer.py``).
    audit_chain_max_lag_seconds: float = 60.0
    #: Treat the connection as TLS (set when a reverse proxy terminates HTTPS).
    force_secure_cookies: bool = False
    #: Behind a trusted reverse proxy (``liaison serve --proxy`` sets it): the browser addressed the
    #: ``X-Forwarded-Host`` it passes on, which is then the origin state-changing requests must come from.
    trust_proxy: bool = False

    @property
    def secret_key_is_weak(self) -> bool:
        return self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < MIN_SECRET_KEY_LENGTH

    @property
    def totp_roles(self) -> frozenset[str]:
        return frozenset(r.strip() for r in self.totp_required_roles.split(",") if r.strip())

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://") :]
            return url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / 'liaison.sqlite3').resolve()}"

    @property
    def blob_dir(self) -> Path:
        path = self.data_dir / "blobs"
        path.mkdir(parents=True, exist_ok=True)
        return path


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def require_strong_secret(settings: Settings | None = None) -> None:
    """Refuse to serve with a key anyone can read in the source, or one short enough to guess.

    The secret keys the audit chain's HMAC: with the published development key anyone with database
    access could recompute the chain after an edit. Called by ``liaison serve`` and by the app factory;
    only the demo's own factory skips it.
    """
    settings = settings or get_settings()
    if settings.secret_key == DEV_SECRET_KEY:
        raise WeakSecretKey("LIAISON_SECRET_KEY is the development key, which is published.\n" + SECRET_KEY_HOWTO)
    if len(settings.secret_key) < MIN_SECRET_KEY_LENGTH:
        raise WeakSecretKey(
            f"LIAISON_SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters.\n" + SECRET_KEY_HOWTO
        )


def reset_settings() -> None:
    """Forget cached settings (tests change the environment between apps)."""
    get_settings.cache_clear()
