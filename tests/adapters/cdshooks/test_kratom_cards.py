"""Interaction cards: an EHR-sandbox-style oxycodone order for a kratom user, the no-prefetch path,
speciosa's own store, and the suicide-risk card on patient-view."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from speciosa.adapters.api.app import create_app
from speciosa.patient import KratomProduct, KratomUse

from .conftest import TOKEN

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
OXYCODONE_DRAFT = {
    "resourceType": "MedicationRequest",
    "id": "draft-oxy",
    "status": "draft",
    "intent": "order",
    "medicationCodeableConcept": {
        "coding": [{"system": RXNORM, "code": "7804", "display": "oxycodone"}],
        "text": "oxycodone 5 mg tablet",
    },
    "subject": {"reference": "Patient/kratom-pt"},
}
KRATOM_STATEMENT = {
    "resourceType": "MedicationStatement",
    "id": "kratom-1",
    "status": "active",
    "medicationCodeableConcept": {"text": "Kratom (Mitragyna speciosa) leaf powder"},
    "subject": {"reference": "Patient/kratom-pt"},
    "dosage": [
        {
            "timing": {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d"}},
            "doseAndRate": [{"doseQuantity": {"value": 3, "unit": "g", "code": "g"}}],
        }
    ],
}


def _searchset(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


def _order_select(prefetch: dict[str, Any] | None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "hook": "order-select",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {
            "userId": "Practitioner/example",
            "patientId": "kratom-pt",
            "selections": ["MedicationRequest/draft-oxy"],
            "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": OXYCODONE_DRAFT}]},
        },
    }
    if prefetch is not None:
        request["prefetch"] = prefetch
    return request


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app()


def _cards(app: FastAPI, service: str, request: dict[str, Any]) -> list[dict[str, Any]]:
    response = TestClient(app).post(f"/cds-services/{service}", json=request)
    assert response.status_code == 200, response.text
    cards: list[dict[str, Any]] = response.json()["cards"]
    return cards


def _assert_oxycodone_card(cards: list[dict[str, Any]]) -> dict[str, Any]:
    oxy = [c for c in cards if "oxycodone" in c["summary"].lower()]
    assert len(oxy) == 1, cards
    card = oxy[0]
    assert card["indicator"] in ("warning", "critical")
    assert len(card["summary"]) < 140
    detail = card["detail"]
    assert "depression" in detail  # the mechanism is explained, not just named
    assert "What to do" in detail and "Evidence" in detail and "Basis" in detail
    assert "3 g per dose, 3 doses/day" in detail  # the kratom use the card rests on
    assert "does not replace" in detail and "clinical judgement" in detail
    assert card["source"]["label"].startswith("speciosa knowledge base")
    return card


def test_oxycodone_order_for_a_kratom_user_gets_an_interaction_card(app: FastAPI) -> None:
    prefetch = {"medicationStatements": _searchset(KRATOM_STATEMENT)}
    card = _assert_oxycodone_card(_cards(app, "speciosa-order-select", _order_select(prefetch)))
    if card["indicator"] == "critical":
        # A major finding offers (does not recommend) removing the draft.
        assert card["selectionBehavior"] == "at-most-one"
        action = card["suggestions"][0]["actions"][0]
        assert action == {
            "type": "delete",
            "description": "Remove MedicationRequest/draft-oxy",
            "resourceId": "MedicationRequest/draft-oxy",
        }
        assert card["suggestions"][0]["isRecommended"] is False


def test_order_sign_checks_every_draft(app: FastAPI) -> None:
    request = _order_select({"medicationStatements": _searchset(KRATOM_STATEMENT)})
    request["hook"] = "order-sign"
    del request["context"]["selections"]
    _assert_oxycodone_card(_cards(app, "speciosa-order-sign", request))


def test_unselected_drafts_get_no_card_on_order_select(app: FastAPI) -> None:
    request = _order_select({"medicationStatements": _searchset(KRATOM_STATEMENT)})
    request["context"]["selections"] = ["MedicationRequest/some-other-order"]
    assert _cards(app, "speciosa-order-select", request) == []


def test_no_kratom_no_interaction_card(app: FastAPI) -> None:
    assert _cards(app, "speciosa-order-select", _order_select({"medicationStatements": _searchset()})) == []


def test_missing_prefetch_is_fetched_from_the_fhir_server_with_the_token(
    app: FastAPI, fhir_server: tuple[str, FastAPI]
) -> None:
    base_url, server = fhir_server
    request = _order_select(None)
    request["fhirServer"] = base_url
    request["fhirAuthorization"] = {
        "access_token": TOKEN,
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "user/MedicationStatement.read",
        "subject": "speciosa",
    }
    _assert_oxycodone_card(_cards(app, "speciosa-order-select", request))
    assert any("/MedicationStatement?patient=kratom-pt" in url for url in server.state.requests)


def test_wrong_token_or_unreachable_fhir_server_gives_412(
    app: FastAPI, fhir_server: tuple[str, FastAPI]
) -> None:
    base_url, _ = fhir_server
    request = _order_select(None)
    request["fhirServer"] = base_url
    request["fhirAuthorization"] = {"access_token": "wrong", "token_type": "Bearer"}
    response = TestClient(app).post("/cds-services/speciosa-order-select", json=request)
    assert response.status_code == 412
    assert response.json()["resourceType"] == "OperationOutcome"
    request["fhirServer"] = "http://127.0.0.1:9"  # discard port: nothing listens
    assert TestClient(app).post("/cds-services/speciosa-order-select", json=request).status_code == 412


def test_kratom_use_from_speciosas_store_when_the_ehr_has_none(app: FastAPI) -> None:
    stored = KratomUse(product=KratomProduct.LEAF_POWDER, grams_per_dose=3, doses_per_day=3)
    original = app.state.kratom_lookup
    app.state.kratom_lookup = lambda patient_id: stored if patient_id == "kratom-pt" else None
    try:
        cards = _cards(app, "speciosa-order-select", _order_select({"medicationStatements": _searchset()}))
    finally:
        app.state.kratom_lookup = original
    card = _assert_oxycodone_card(cards)
    assert "speciosa's record" in card["detail"]


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_patient_view_raises_a_critical_card_for_a_positive_item9(app: FastAPI, item9: int) -> None:
    observation = {
        "resourceType": "Observation",
        "id": "phq9-item9",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "44260-8"}]},
        "subject": {"reference": "Patient/kratom-pt"},
        "effectiveDateTime": "2026-11-20",
        "valueInteger": item9,
    }
    request = {
        "hook": "patient-view",
        "hookInstance": "x",
        "context": {"userId": "Practitioner/example", "patientId": "kratom-pt"},
        "prefetch": {"observations": _searchset(observation)},
    }
    cards = _cards(app, "speciosa-patient-view", request)
    assert cards[0]["indicator"] == "critical"
    assert cards[0]["summary"].startswith("URGENT: suicide-risk")
    assert "safety plan" in cards[0]["detail"]
    zero = copy.deepcopy(request)
    zero["prefetch"]["observations"]["entry"][0]["resource"]["valueInteger"] = 0
    assert _cards(app, "speciosa-patient-view", zero) == []


def test_patient_view_lists_kratom_interactions_with_current_medications(app: FastAPI) -> None:
    lorazepam = {
        "resourceType": "MedicationStatement",
        "id": "lzp",
        "status": "active",
        "medicationCodeableConcept": {"text": "lorazepam 1 mg"},
        "subject": {"reference": "Patient/kratom-pt"},
    }
    request = {
        "hook": "patient-view",
        "hookInstance": "y",
        "context": {"userId": "Practitioner/example", "patientId": "kratom-pt"},
        "prefetch": {"medicationStatements": _searchset(KRATOM_STATEMENT, lorazepam)},
    }
    cards = _cards(app, "speciosa-patient-view", request)
    assert any("lorazepam" in c["summary"] for c in cards)


def test_order_card_names_current_medications_that_add_to_the_same_mechanism(app: FastAPI) -> None:
    lorazepam = {
        "resourceType": "MedicationStatement",
        "id": "lzp",
        "status": "active",
        "medicationCodeableConcept": {"text": "lorazepam 1 mg"},
        "subject": {"reference": "Patient/kratom-pt"},
    }
    prefetch = {"medicationStatements": _searchset(KRATOM_STATEMENT, lorazepam)}
    card = _assert_oxycodone_card(_cards(app, "speciosa-order-select", _order_select(prefetch)))
    assert "Already taking, same mechanism:" in card["detail"]
    line = next(x for x in card["detail"].splitlines() if x.startswith("**Already taking"))
    assert "lorazepam (" in line
    assert "cns-depression" in line


def test_draft_coded_only_by_rxnorm_is_screened_by_its_catalogue_name(app: FastAPI) -> None:
    # Valid FHIR: a coding with a code but no display and no text. This used to raise a 500.
    coded_only = {
        **OXYCODONE_DRAFT,
        "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": "7804"}]},
    }
    request = _order_select({"medicationStatements": _searchset(KRATOM_STATEMENT)})
    request["context"]["draftOrders"]["entry"] = [{"resource": coded_only}]
    response = TestClient(app).post("/cds-services/speciosa-order-select", json=request)
    assert response.status_code == 200
    assert [c["summary"].split(":")[0] for c in response.json()["cards"]] == ["Kratom + oxycodone"]


def test_kratom_recorded_without_an_amount_still_gives_the_pharmacodynamic_card(app: FastAPI) -> None:
    # Product and frequency but no dose quantity: a data gap in the EHR, not a bad request.
    no_amount = {
        **KRATOM_STATEMENT,
        "dosage": [{"timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}}}],
    }
    cards = _cards(
        app, "speciosa-order-select", _order_select({"medicationStatements": _searchset(no_amount)})
    )
    (card,) = [c for c in cards if "oxycodone" in c["summary"]]
    assert card["indicator"] == "critical"
    assert "amount unknown" in card["detail"]
