"""Access control for every route and every role.

The table below lists each route that touches stored data with the roles allowed to use it. The first
test walks ``app.routes``: a new route under /patients, /portal, /admin, /invite or /api/v1/patients, or
any new route in pages.py or routes/patients.py, fails until it is added here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from speciosa.adapters.api.app import create_app

from .conftest import EMAILS, World, csrf

ANY = frozenset({"anonymous", *EMAILS})
CLIN = frozenset({"clinician"})
PAT = frozenset({"patient"})
ADMIN = frozenset({"admin"})
CLIN_OR_PAT = frozenset({"clinician", "patient"})

# (method, path) -> roles allowed. "clinician" is the care-team clinician of the patient in the path,
# "patient" that patient; the *_other roles are another team's clinician and another patient.
TABLE: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/"): ANY,
    ("GET", "/login"): ANY,
    ("POST", "/login"): ANY,
    ("POST", "/logout"): ANY,
    ("GET", "/patients"): CLIN | {"clinician_other_team"},
    ("GET", "/patients/new"): CLIN | {"clinician_other_team"},
    ("POST", "/patients/new"): CLIN | {"clinician_other_team"},
    ("GET", "/patients/{patient_id}"): CLIN,
    ("POST", "/patients/{patient_id}/medications"): CLIN,
    ("POST", "/patients/{patient_id}/kratom"): CLIN,
    ("POST", "/patients/{patient_id}/labs"): CLIN,
    ("GET", "/patients/{patient_id}/scales/{instrument_id}"): CLIN,
    ("POST", "/patients/{patient_id}/scales/{instrument_id}"): CLIN,
    ("POST", "/patients/{patient_id}/invitations"): CLIN,
    ("GET", "/patients/{patient_id}/plan.pdf"): CLIN,
    ("GET", "/patients/{patient_id}/plan.html"): CLIN,
    ("GET", "/invite/{token}"): frozenset(),  # token-gated: a bogus token is refused for everyone
    ("POST", "/invite/{token}"): frozenset(),
    ("GET", "/portal"): PAT | {"patient_other"},
    ("GET", "/portal/scales/{instrument_id}"): PAT | {"patient_other"},
    ("POST", "/portal/scales/{instrument_id}"): PAT | {"patient_other"},
    ("GET", "/admin/users"): ADMIN,
    ("POST", "/admin/users"): ADMIN,
    ("POST", "/admin/users/{user_id}/deactivate"): ADMIN,
    ("GET", "/admin/audit"): ADMIN,
    ("GET", "/admin/audit.csv"): ADMIN,
    ("GET", "/evidence"): CLIN | ADMIN | {"clinician_other_team"},  # no patient data
    ("GET", "/api/v1/patients"): CLIN | {"clinician_other_team"},
    ("POST", "/api/v1/patients"): CLIN | {"clinician_other_team"},
    ("GET", "/api/v1/patients/{patient_id}"): CLIN_OR_PAT,
    ("GET", "/api/v1/patients/{patient_id}/scores"): CLIN_OR_PAT,
    ("POST", "/api/v1/patients/{patient_id}/scales"): CLIN_OR_PAT,
}
PROTECTED_PREFIXES = ("/patients", "/portal", "/admin", "/invite", "/api/v1/patients")
OWN_MODULES = ("speciosa.adapters.web.pages", "speciosa.adapters.api.routes.patients")


def _routes(routes: list[Any]) -> Iterator[Any]:
    """Flatten app.routes, including FastAPI's lazily included routers."""
    for r in routes:
        if hasattr(r, "effective_route_contexts"):
            yield from _routes(list(r.effective_route_contexts()))
        elif hasattr(r, "methods") and hasattr(r, "endpoint"):
            yield r


def test_every_data_route_is_in_the_table() -> None:
    app = create_app()
    seen = set()
    for r in _routes(app.routes):
        for method in r.methods - {"HEAD"}:
            key = (method, r.path)
            if r.path.startswith(PROTECTED_PREFIXES) or r.endpoint.__module__ in OWN_MODULES:
                assert key in TABLE, f"route {key} has no access-control expectation"
                seen.add(key)
    assert seen == set(TABLE), f"table lists routes that no longer exist: {set(TABLE) - seen}"


BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/patients": {"label": "API Synthetic", "age_years": 30, "sex": "female"},
    "/api/v1/patients/{patient_id}/scales": {"instrument": "phq-9", "on": "2026-01-01", "answers": [0] * 9},
}


def _call(c: TestClient, method: str, template: str, world: World) -> Any:
    path = (
        template.replace("{patient_id}", world.own_patient)
        .replace("{instrument_id}", "phq-9")
        .replace("{token}", "not-a-real-token")
        .replace("{user_id}", "999999")
    )
    token = csrf(c)
    if method == "GET":
        return c.get(path, follow_redirects=False)
    if template.startswith("/api/"):
        return c.post(path, json=BODIES[template], headers={"x-csrf-token": token}, follow_redirects=False)
    return c.post(path, data={"csrf_token": token}, follow_redirects=False)


def _refused(r: Any) -> bool:
    if r.status_code == 303:
        return bool(r.headers["location"] == "/login")
    return r.status_code in (401, 403, 404)


@pytest.mark.parametrize("role", ["anonymous", *EMAILS])
def test_each_role_reaches_exactly_its_routes(
    role: str, client_for: Callable[[str | None], TestClient], world: World
) -> None:
    c = client_for(None if role == "anonymous" else role)
    wrong = []
    for (method, template), allowed in TABLE.items():
        if allowed == ANY:
            continue  # login, logout, home: public by design, their behaviour is tested in test_pages
        r = _call(c, method, template, world)
        if role in allowed:
            if _refused(r) and "{user_id}" not in template:  # user 999999 does not exist: 404 is right
                wrong.append((method, template, r.status_code, "refused an allowed role"))
        elif role not in allowed and not _refused(r):
            wrong.append((method, template, r.status_code, "served a refused role"))
    assert wrong == []


def test_other_team_and_other_patient_get_404_not_the_record(
    client_for: Callable[[str | None], TestClient], world: World
) -> None:
    cb = client_for("clinician_other_team")
    assert cb.get(f"/patients/{world.own_patient}").status_code == 404
    assert cb.get(f"/api/v1/patients/{world.own_patient}").status_code == 404
    pb = client_for("patient_other")
    r = pb.get(f"/api/v1/patients/{world.own_patient}")
    assert r.status_code == 404 and "Alice" not in r.text
    # ...while their own record is served.
    assert pb.get(f"/api/v1/patients/{world.other_patient}").json()["id"] == world.other_patient


def test_deactivated_user_loses_access(client_for: Callable[[str | None], TestClient], world: World) -> None:
    c = client_for("clinician")
    assert c.get("/patients").status_code == 200
    a = client_for("admin")
    users = a.get("/admin/users").text
    uid = users.split("clin@x.test")[0].rsplit("<td>", 2)[-2].split("<")[0]
    assert (
        a.post(
            f"/admin/users/{uid}/deactivate", data={"csrf_token": csrf(a)}, follow_redirects=False
        ).status_code
        == 303
    )
    assert c.get("/patients", follow_redirects=False).headers["location"] == "/login"


def test_api_writes_need_the_csrf_header(
    client_for: Callable[[str | None], TestClient], world: World
) -> None:
    c = client_for("clinician")
    r = c.post("/api/v1/patients", json=BODIES["/api/v1/patients"])
    assert r.status_code == 403
    r = c.post(
        f"/api/v1/patients/{world.own_patient}/scales",
        headers={"x-csrf-token": csrf(c)},
        json={"instrument": "phq-9", "on": "2026-01-01", "answers": [1] * 9},
    )
    assert r.status_code == 201
    body = r.json()
    # All nine PHQ-9 items = 1: total 9, and item 9 > 0 raises the urgent suicide-risk alert.
    assert body["total"] == 9 and any(
        a["code"] == "suicide-risk" and a["level"] == "urgent" for a in body["alerts"]
    )
