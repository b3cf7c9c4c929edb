"""CDS Hooks 2.0 protocol: discovery, the specification's example requests, bad requests -> 400."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from speciosa.adapters.api.app import create_app

EXAMPLES = Path(__file__).parents[2] / "data" / "cdshooks"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def _example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text())
    return data


def test_discovery_lists_the_three_services_with_prefetch(client: TestClient) -> None:
    body = client.get("/cds-services").json()
    hooks = {s["id"]: s["hook"] for s in body["services"]}
    assert hooks == {
        "speciosa-patient-view": "patient-view",
        "speciosa-order-select": "order-select",
        "speciosa-order-sign": "order-sign",
    }
    for service in body["services"]:
        assert service["prefetch"]["patient"] == "Patient/{{context.patientId}}"
        assert "MedicationStatement?patient={{context.patientId}}" in service["prefetch"].values()
        assert service["title"] and service["description"]


@pytest.mark.parametrize(
    ("service", "example"),
    [
        ("speciosa-patient-view", "spec-patient-view-request.json"),
        ("speciosa-order-select", "spec-order-select-r4-request.json"),
        ("speciosa-order-select", "spec-order-select-stu3-request.json"),
        ("speciosa-order-sign", "spec-order-sign-r4-request.json"),
        ("speciosa-order-sign", "spec-order-sign-stu3-request.json"),
    ],
)
def test_specification_examples_get_200_and_no_kratom_cards(
    client: TestClient, service: str, example: str
) -> None:
    # The spec's patient-view example carries fhirAuthorization with an unreachable server; strip
    # the server so the service answers from prefetch alone (no network in tests).
    request = _example(example)
    request.pop("fhirAuthorization", None)
    request.pop("fhirServer", None)
    response = client.post(f"/cds-services/{service}", json=request)
    assert response.status_code == 200, response.text
    assert response.json() == {"cards": []}  # none of the examples records kratom use


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda r: r.pop("hookInstance"), "hookInstance"),
        (lambda r: r.pop("context"), "context"),
        (lambda r: r["context"].pop("patientId"), "context.patientId"),
        (lambda r: r["context"].pop("userId"), "context.userId"),
        (lambda r: r["context"].update(draftOrders=[]), "context.draftOrders"),
        (lambda r: r["context"].update(selections=[]), "context.selections"),
        (lambda r: r.update(hook="patient-view"), "hook"),
        (lambda r: r.update(fhirAuthorization={"access_token": "x"}), "fhirServer"),
    ],
)
def test_bad_requests_get_400_naming_the_field(client: TestClient, mutate: Any, field: str) -> None:
    request = _example("spec-order-select-r4-request.json")
    mutate(request)
    response = client.post("/cds-services/speciosa-order-select", json=request)
    assert response.status_code == 400, response.text
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert field in outcome["issue"][0]["details"]["text"]


@pytest.mark.parametrize("body", [b"", b"not json", b"[1,2]", b'{"hook": 3}'])
def test_garbage_bodies_get_400_never_500(client: TestClient, body: bytes) -> None:
    response = client.post(
        "/cds-services/speciosa-patient-view", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


def test_unknown_service_is_404(client: TestClient) -> None:
    assert client.post("/cds-services/nope", json={}).status_code == 404


def test_feedback_accepts_the_specification_examples_and_rejects_incomplete_ones(client: TestClient) -> None:
    accepted = {
        "feedback": [
            {
                "card": "4e0a3a1e-3283-4575-ab82-028d55fe2719",
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
                "outcomeTimestamp": "2021-12-11T10:05:31Z",
            }
        ]
    }
    overridden = {
        "feedback": [
            {
                "card": "9368d37b-283f-44a0-93ea-547cebab93ed",
                "outcome": "overridden",
                "overrideReason": {
                    "reason": {
                        "code": "d7ecf885",
                        "system": "https://example.com/cds-hooks/override-reason-system",
                    },
                    "userComment": "A comment entered by the clinician.",
                },
                "outcomeTimestamp": "2020-12-11T00:00:00Z",
            }
        ]
    }
    for body in (accepted, overridden):
        response = client.post("/cds-services/speciosa-order-select/feedback", json=body)
        assert response.status_code == 200 and response.json() == {"received": 1}
    missing = {"feedback": [{"card": "x", "outcome": "accepted", "outcomeTimestamp": "2021-12-11T10:05:31Z"}]}
    response = client.post("/cds-services/speciosa-order-select/feedback", json=missing)
    assert response.status_code == 400
    assert "acceptedSuggestions" in response.json()["issue"][0]["details"]["text"]
