"""schemathesis over the whole OpenAPI spec, anonymous and as a logged-in clinician: no 5xx, ever.

Bounded (a few examples per operation) so the web test area stays within its time budget.
"""

from __future__ import annotations

from datetime import UTC, datetime

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from speciosa.adapters.api.app import create_app
from speciosa.adapters.api.settings import Settings
from speciosa.adapters.store import db
from speciosa.adapters.store.repositories import patients, users
from speciosa.adapters.web.security import CSRF_COOKIE, SESSION_COOKIE, hash_password

APP = create_app(Settings(cookie_secure=False))  # private in-memory database
with db.transaction(APP.state.sessions) as _s:
    _team = users.team(_s, "fuzz")
    users.create(
        _s,
        email="fuzz@x.test",
        role="clinician",
        password_hash=hash_password("fuzz-password-1"),
        display_name="f",
        now=datetime.now(UTC),
        team_id=_team.id,
    )
    patients.create(
        _s,
        team_id=_team.id,
        label="Fuzz Synthetic",
        age_years=30,
        sex="female",
        now=datetime.now(UTC),
        patient_id="fuzz-1",
    )
_client = TestClient(APP)
_client.get("/login")
_client.post(
    "/login",
    data={"email": "fuzz@x.test", "password": "fuzz-password-1", "csrf_token": _client.cookies[CSRF_COOKIE]},
)
COOKIES = {SESSION_COOKIE: _client.cookies[SESSION_COOKIE], CSRF_COOKIE: _client.cookies[CSRF_COOKIE]}

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
FUZZ = settings(max_examples=3, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_no_server_errors_anonymous(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@schema.include(path_regex="^/api/v1/patients").parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors_logged_in(case: schemathesis.Case) -> None:
    # Only the patient routes depend on who is logged in; the others were covered anonymously.
    if "patient_id" in (case.path_parameters or {}) and case.path_parameters["patient_id"].startswith("f"):
        case.path_parameters["patient_id"] = "fuzz-1"  # reach the stored record, not only 404s
    response = case.call_and_validate(
        checks=[not_a_server_error], cookies=COOKIES, headers={"x-csrf-token": COOKIES[CSRF_COOKIE]}
    )
    assert response.status_code != 401, "the session cookie did not reach the app"
