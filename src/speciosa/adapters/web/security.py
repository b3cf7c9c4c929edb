"""Passwords (argon2id), session and invitation tokens, CSRF tokens, login throttling."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verifying against this when the e-mail is unknown keeps the response time the same.
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))

SESSION_COOKIE = "speciosa_session"
CSRF_COOKIE = "speciosa_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password must have at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Only the hash of a session or invitation token is stored, so a database leak yields no tokens."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_matches(cookie: str | None, submitted: str | None) -> bool:
    return bool(cookie) and bool(submitted) and hmac.compare_digest(str(cookie), str(submitted))


class LoginThrottle:
    """At most ``max_failures`` failed logins per (e-mail, address), and ``ip_factor`` times as many per
    address over all e-mails (password spraying), within ``window`` seconds. In-process memory: with
    several worker processes each keeps its own count."""

    def __init__(self, max_failures: int, window: float, ip_factor: int = 4) -> None:
        self.max_failures = max_failures
        self.window = window
        self.ip_factor = ip_factor
        self._fails: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._fails[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, email: str, ip: str) -> bool:
        with self._lock:
            now = time.monotonic()
            return (
                len(self._recent((email.lower(), ip), now)) >= self.max_failures
                or len(self._recent(("*", ip), now)) >= self.max_failures * self.ip_factor
            )

    def failed(self, email: str, ip: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._recent((email.lower(), ip), now).append(now)
            self._recent(("*", ip), now).append(now)

    def succeeded(self, email: str, ip: str) -> None:
        with self._lock:
            self._fails.pop((email.lower(), ip), None)
