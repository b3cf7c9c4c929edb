"""Runtime settings of the web service: database, secret key, demo mode, cookie policy."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Settings:
    """``database_url`` None means a throw-away in-memory SQLite database (tests, API-only use)."""

    database_url: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    demo: bool = False
    cookie_secure: bool = True
    session_hours: float = 8.0
    login_max_failures: int = 5
    login_window_seconds: float = 900.0

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Read SPECIOSA_DATABASE_URL, SPECIOSA_SECRET_KEY, SPECIOSA_COOKIE_SECURE (default on)."""
        values: dict[str, object] = {
            "database_url": os.environ.get("SPECIOSA_DATABASE_URL") or None,
            "cookie_secure": os.environ.get("SPECIOSA_COOKIE_SECURE", "1") not in ("0", "false", "no"),
        }
        if os.environ.get("SPECIOSA_SECRET_KEY"):
            values["secret_key"] = os.environ["SPECIOSA_SECRET_KEY"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
