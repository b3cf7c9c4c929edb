"""Password hashing and the login throttle, without HTTP."""

from __future__ import annotations

import pytest

from speciosa.adapters.web import security


def test_argon2id_hash_verifies_and_rejects() -> None:
    h = security.hash_password("a-long-enough-password")
    assert h.startswith("$argon2id$")
    assert security.verify_password(h, "a-long-enough-password")
    assert not security.verify_password(h, "a-long-enough-passworD")
    assert not security.verify_password(None, "anything")  # unknown user: same code path, always False
    assert not security.verify_password("not-a-hash", "x")
    with pytest.raises(ValueError, match="at least 10"):
        security.hash_password("short")


def test_throttle_per_account_and_per_address() -> None:
    t = security.LoginThrottle(max_failures=3, window=60, ip_factor=2)
    for _ in range(3):
        t.failed("a@x", "1.1.1.1")
    assert t.blocked("A@X", "1.1.1.1") and not t.blocked("a@x", "2.2.2.2")
    # Spraying many e-mails from one address: blocked after 3 x 2 failures in total.
    for i in range(3):
        t.failed(f"u{i}@x", "3.3.3.3")
    assert not t.blocked("new@x", "3.3.3.3")
    for i in range(3, 6):
        t.failed(f"u{i}@x", "3.3.3.3")
    assert t.blocked("new@x", "3.3.3.3")


def test_throttle_window_expires() -> None:
    t = security.LoginThrottle(max_failures=1, window=0.0)
    t.failed("a@x", "ip")
    assert not t.blocked("a@x", "ip")


def test_tokens_are_random_and_stored_hashed() -> None:
    a, b = security.new_token(), security.new_token()
    assert a != b and len(a) >= 40
    assert security.token_hash(a) != a and len(security.token_hash(a)) == 64
    assert security.csrf_matches("x", "x") and not security.csrf_matches("x", "y")
    assert not security.csrf_matches(None, None) and not security.csrf_matches("", "")
