"""CDS Hooks with speciosa's own store: kratom use recorded in speciosa, feedback into the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from speciosa.adapters.api.app import create_app
from speciosa.adapters.api.settings import Settings
from speciosa.adapters.store import db
from speciosa.adapters.store.repositories import audit, patients, users
from speciosa.patient import KratomProduct, KratomUse

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def test_store_supplies_kratom_use_and_records_the_read_and_the_feedback(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=db.sqlite_url(tmp_path / "s.db"), cookie_secure=False))
    now = datetime.now(UTC)
    with db.transaction(app.state.sessions) as s:
        team = users.team(s, "team-a")
        clinician = users.create(
            s,
            email="c@x.test",
            role="clinician",
            password_hash="not-a-hash",  # noqa: S106 - the account never logs in
            display_name="C",
            now=now,
            team_id=team.id,
        )
        patient = patients.create(
            s, team_id=team.id, label="Dana Synthetic", age_years=41, sex="female", now=now
        )
        use = KratomUse(product=KratomProduct.LEAF_POWDER, grams_per_dose=4, doses_per_day=2)
        patients.add_kratom(
            s, patient_id=patient.id, use=use, recorded_on=date(2026, 11, 1), user_id=clinician.id, now=now
        )
        patient_id = patient.id
    draft = {
        "resourceType": "MedicationRequest",
        "id": "d1",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": "7804", "display": "oxycodone"}]},
        "subject": {"reference": f"Patient/{patient_id}"},
    }
    request = {
        "hook": "order-select",
        "hookInstance": "h1",
        "context": {
            "userId": "Practitioner/1",
            "patientId": patient_id,
            "selections": ["MedicationRequest/d1"],
            "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": draft}]},
        },
        "prefetch": {"medicationStatements": {"resourceType": "Bundle", "entry": []}},
    }
    client = TestClient(app)
    cards = client.post("/cds-services/speciosa-order-select", json=request).json()["cards"]
    assert len(cards) == 1
    assert "speciosa's record" in cards[0]["detail"]
    assert "4 g per dose, 2 doses/day" in cards[0]["detail"]
    feedback = {
        "feedback": [
            {
                "card": cards[0]["uuid"],
                "outcome": "overridden",
                "overrideReason": {"reason": {"code": "will-monitor"}},
                "outcomeTimestamp": "2026-11-25T10:00:00Z",
            }
        ]
    }
    assert client.post("/cds-services/speciosa-order-select/feedback", json=feedback).status_code == 200
    with db.transaction(app.state.sessions) as s:
        events = audit.events(s)
    reads = [e for e in events if e.entity == "kratom-use" and e.patient_id == patient_id]
    assert reads
    assert reads[0].detail == "cds-hooks fallback lookup"
    (fb,) = [e for e in events if e.entity == "cds-feedback"]
    assert (
        fb.detail
        == f"service=speciosa-order-select card={cards[0]['uuid']} outcome=overridden reason=will-monitor"
    )
    app.state.engine.dispose()


def test_unknown_patient_in_the_store_gives_no_kratom_card(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=db.sqlite_url(tmp_path / "s.db"), cookie_secure=False))
    draft = {
        "resourceType": "MedicationRequest",
        "id": "d1",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {"text": "oxycodone 5 mg"},
    }
    request = {
        "hook": "order-select",
        "hookInstance": "h2",
        "context": {
            "userId": "Practitioner/1",
            "patientId": "not-in-speciosa",
            "selections": ["MedicationRequest/d1"],
            "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": draft}]},
        },
    }
    assert TestClient(app).post("/cds-services/speciosa-order-select", json=request).json() == {"cards": []}
    app.state.engine.dispose()
