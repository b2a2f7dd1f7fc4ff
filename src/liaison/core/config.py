"""Runtime settings, read from the environment (prefix ``LIAISON_``).

Nothing is required: with no configuration Liaison runs on an embedded SQLite database in ``./var``,
which is what a newcomer running ``make demo`` needs. Production sets ``LIAISON_DATABASE_URL`` to a
PostgreSQL URL and ``LIAISON_SECRET_KEY`` to a long random value.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIAISON_", extra="ignore")

    database_url: str = ""
    data_dir: Path = Path("var")
    secret_key: str = "dev-insecure-change-me"
    #: Largest attachment accepted, in bytes (20 MiB by default).
    max_attachment_bytes: int = 20 * 1024 * 1024
    #: Failed logins for one user name within ``login_window_seconds`` before further tries are refused.
    login_max_failures: int = 5
    login_window_seconds: int = 900
    session_hours: int = 12
    #: Shown to users; data is always stored in UTC.
    display_timezone: str = "Europe/Belgrade"
    #: Treat the connection as TLS (set when a reverse proxy terminates HTTPS).
    force_secure_cookies: bool = False
    #: Behind a trusted reverse proxy (``liaison serve --proxy`` sets it): the browser addressed the
    #: ``X-Forwarded-Host`` it passes on, which is then the origin state-changing requests must come from.
    trust_proxy: bool = False

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


def reset_settings() -> None:
    """Forget cached settings (tests change the environment between apps)."""
    get_settings.cache_clear()
