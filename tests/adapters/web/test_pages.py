"""Clinician and portal flows through the pages, CSRF, throttling, cookies, audit and logging."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from speciosa.adapters.store.repositories import audit
from speciosa.adapters.web.security import SESSION_COOKIE

from .conftest import EMAILS, World, csrf, login

Make = Callable[[str | None], TestClient]

# PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered 1 = "several days":
# any answer > 0 must raise the urgent suicide-risk alert (Kroenke et al. 2001, PMID 11556941).
PHQ9_ITEM9 = {f"item{i}": "1" for i in range(1, 10)}


def test_add_patient_record_phq9_item9_shows_urgent_banner(client_for: Make) -> None:
    c = client_for("clinician")
    r = c.post(
        "/patients/new",
        data={"label": "Carol Synthetic", "age_years": "33", "sex": "female", "csrf_token": csrf(c)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    url = r.headers["location"]
    r = c.post(
        f"{url}/scales/phq-9",
        data={**PHQ9_ITEM9, "on": "2026-01-05", "csrf_token": csrf(c)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = c.get(url).text
    assert 'class="urgent-banner"' in page and 'data-code="suicide-risk"' in page
    assert "Action:" in page
    assert ">9</strong> / 27" in page  # nine items answered 1 -> total 9 of 27
    listing = c.get("/patients").text
    assert "URGENT: suicide-risk" in listing


def test_no_banner_when_item9_is_zero(client_for: Make, world: World) -> None:
    c = client_for("clinician")
    data = {**PHQ9_ITEM9, "item9": "0", "csrf_token": csrf(c)}
    c.post(f"/patients/{world.own_patient}/scales/phq-9", data=data, follow_redirects=False)
    assert 'class="urgent-banner"' not in c.get(f"/patients/{world.own_patient}").text


def test_invalid_answer_is_refused_and_not_stored(client_for: Make, world: World) -> None:
    c = client_for("clinician")
    r = c.post(
        f"/patients/{world.own_patient}/scales/phq-9",
        data={**PHQ9_ITEM9, "item3": "7", "csrf_token": csrf(c)},
    )
    assert r.status_code == 422 and "item 3" in r.text
    assert "No scores recorded." in c.get(f"/patients/{world.own_patient}").text


def test_medication_kratom_lab_forms_store_entries(client_for: Make, world: World) -> None:
    c = client_for("clinician")
    url = f"/patients/{world.own_patient}"
    t = csrf(c)
    assert (
        c.post(
            f"{url}/medications",
            data={"name": "sertraline", "dose_mg": "50", "csrf_token": t},
            follow_redirects=False,
        ).status_code
        == 303
    )
    assert (
        c.post(
            f"{url}/kratom",
            data={
                "product": "leaf-powder",
                "grams_per_dose": "2",
                "doses_per_day": "3",
                "regimen": "chronic",
                "csrf_token": t,
            },
            follow_redirects=False,
        ).status_code
        == 303
    )
    assert (
        c.post(
            f"{url}/labs",
            data={"name": "alt", "value": "80", "uln": "40", "on": "2026-01-02", "csrf_token": t},
            follow_redirects=False,
        ).status_code
        == 303
    )
    page = c.get(url).text
    assert (
        "sertraline 50.0 mg" in page and "leaf-powder, 2.0 g/dose" in page and "alt 80.0 (ULN 40.0)" in page
    )
    # A bad kratom entry (no amount is allowed to be negative) is refused with the field named.
    r = c.post(
        f"{url}/kratom",
        data={"product": "leaf-powder", "grams_per_dose": "-1", "doses_per_day": "3", "csrf_token": t},
    )
    assert r.status_code == 422 and "grams_per_dose" in r.text


def test_forms_without_csrf_token_are_refused(client_for: Make, world: World) -> None:
    c = client_for("clinician")
    r = c.post(f"/patients/{world.own_patient}/medications", data={"name": "x"})
    assert r.status_code == 403
    r = c.post(f"/patients/{world.own_patient}/medications", data={"name": "x", "csrf_token": "forged"})
    assert r.status_code == 403
    anon = TestClient(c.app)
    assert anon.post("/login", data={"email": EMAILS["clinician"], "password": "x"}).status_code == 403


def test_login_throttled_after_five_failures(client_for: Make) -> None:
    c = client_for(None)
    for _ in range(5):
        assert login(c, EMAILS["clinician"], "wrong-password") == 401
    assert login(c, EMAILS["clinician"]) == 429  # even the right password, until the window passes


def test_session_cookie_flags(world: World) -> None:
    from speciosa.adapters.api.app import create_app
    from speciosa.adapters.api.settings import Settings

    secure = TestClient(create_app(Settings(cookie_secure=True)), base_url="https://testserver")
    r = secure.get("/login")
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie
    c = TestClient(world.app)
    r = c.post(
        "/login",
        data={"email": EMAILS["clinician"], "password": "correct-horse-battery", "csrf_token": csrf(c)},
        follow_redirects=False,
    )
    session_cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)).lower()
    assert "httponly" in session_cookie and "samesite=strict" in session_cookie


def test_logout_ends_session(client_for: Make) -> None:
    c = client_for("clinician")
    token = c.cookies[SESSION_COOKIE]
    c.post("/logout", data={"csrf_token": csrf(c)})
    c.cookies.set(SESSION_COOKIE, token)  # replaying the old cookie must not work
    assert c.get("/patients", follow_redirects=False).headers["location"] == "/login"


def test_invitation_portal_phq9_item9_urgent(client_for: Make, world: World) -> None:
    c = client_for("clinician")
    page = c.post(f"/patients/{world.own_patient}/invitations", data={"csrf_token": csrf(c)}).text
    link = page.split('id="invite-link">')[1].split("<")[0]
    path = link.split("testserver")[1]
    p = TestClient(c.app)
    p.get(path)
    r = p.post(
        path,
        data={"email": "carol@x.test", "password": "long-enough-pw", "csrf_token": csrf(p)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/portal"
    done = p.post("/portal/scales/phq-9", data={**PHQ9_ITEM9, "csrf_token": csrf(p)}).text
    assert 'class="urgent-banner"' in done
    assert p.get(path).status_code == 404  # an invitation works once
    # The clinician sees the patient's answer with the urgent banner.
    assert 'data-code="suicide-risk"' in c.get(f"/patients/{world.own_patient}").text


def test_admin_creates_user_and_exports_audit(client_for: Make, world: World) -> None:
    a = client_for("admin")
    r = a.post(
        "/admin/users",
        data={
            "email": "new@x.test",
            "role": "clinician",
            "team": "team-a",
            "password": "another-long-pw",
            "csrf_token": csrf(a),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    n = TestClient(a.app)
    assert login(n, "new@x.test", "another-long-pw") == 303
    assert "Alice Synthetic" in n.get("/patients").text  # same team as the owner of the patient
    csv_text = a.get("/admin/audit.csv").text
    assert csv_text.splitlines()[0] == ",".join(audit.COLUMNS)
    assert "read,patient-list" in csv_text


def test_every_patient_read_and_write_is_audited(client_for: Make, world: World) -> None:
    c = client_for("clinician")
    c.get(f"/patients/{world.own_patient}")
    c.post(f"/patients/{world.own_patient}/medications", data={"name": "bupropion", "csrf_token": csrf(c)})
    with world.app.state.sessions() as s:
        events = audit.events(s, patient_id=world.own_patient)
        kinds = [(e.action, e.entity, e.user_email, e.ip) for e in events]
    assert ("write", "medication", EMAILS["clinician"], "testclient") in kinds
    assert ("read", "patient", EMAILS["clinician"], "testclient") in kinds
    assert all("bupropion" not in (e.detail or "") for e in events)


def test_audit_log_is_append_only(world: World) -> None:
    with world.app.state.engine.connect() as conn:
        conn.execute(sa.text("INSERT INTO audit_log (at, action, entity) VALUES ('2026-01-01', 'read', 'x')"))
        conn.commit()
        with pytest.raises(sa.exc.DatabaseError):
            conn.execute(sa.text("UPDATE audit_log SET action = 'write'"))
        conn.rollback()
        with pytest.raises(sa.exc.DatabaseError):
            conn.execute(sa.text("DELETE FROM audit_log"))


def test_no_patient_data_in_application_logs(
    client_for: Make, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    c = client_for("clinician")
    c.post(
        "/patients/new",
        data={"label": "Zelda Uniquename", "age_years": "61", "sex": "female", "csrf_token": csrf(c)},
    )
    c.get("/patients")
    c.post(
        f"/patients/{world.own_patient}/medications", data={"name": "quetiapinexyz", "csrf_token": csrf(c)}
    )
    c.get(f"/patients/{world.own_patient}")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for secret in ("Zelda Uniquename", "Alice Synthetic", "quetiapinexyz", "correct-horse-battery"):
        assert secret not in logged


def test_kratom_and_opioid_show_the_screen_finding_with_basis(client_for: Make, world: World) -> None:
    c = client_for("clinician")
    url = f"/patients/{world.own_patient}"
    t = csrf(c)
    c.post(
        f"{url}/kratom",
        data={"product": "leaf-powder", "grams_per_dose": "3", "doses_per_day": "3", "csrf_token": t},
    )
    c.post(f"{url}/medications", data={"name": "oxycodone", "csrf_token": t})
    c.post(f"{url}/medications", data={"name": "notadrugxyz", "csrf_token": t})
    page = c.get(url).text
    # The page shows what speciosa.screen.screen returns for the same inputs, basis included.
    from speciosa.knowledge import load_knowledge
    from speciosa.patient import KratomUse, Medication
    from speciosa.screen import screen

    expected = screen(
        KratomUse(product="leaf-powder", grams_per_dose=3, doses_per_day=3),
        [Medication(name="oxycodone")],
        [],
        load_knowledge(),
    )
    (finding,) = expected.findings
    assert f"kratom + {finding.drug}" in page and f'data-severity="{finding.severity.value}"' in page
    assert finding.basis.rule.split("\n")[0][:40].replace("'", "&#39;") in page
    assert "NOT screened: notadrugxyz" in page


def test_evidence_page_shows_each_question_with_certainty_and_studies(client_for: Make) -> None:
    page = client_for("clinician").get("/evidence")
    assert page.status_code == 200
    text = page.text
    for question in ("mood-depression", "dependence-withdrawal", "liver-injury", "pregnancy"):
        assert f'id="{question}"' in text
    # No randomised trial of kratom in depression exists in the records: the summary must say
    # the certainty is very low rather than imply benefit.
    mood = text[text.index('id="mood-depression"') : text.index('id="dependence-withdrawal"')]
    assert "Certainty: very low." in mood
    assert "Rated down" in text
    assert "Nothing here is a recommendation to use kratom." in text


@pytest.mark.parametrize("role", [None, "patient"])
def test_evidence_page_is_for_clinicians_and_admins(client_for: Make, role: str | None) -> None:
    response = client_for(role).get("/evidence", follow_redirects=False)
    assert response.status_code in (303, 403, 404)
