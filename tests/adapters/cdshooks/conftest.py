"""A FHIR server on loopback for the no-prefetch path: serves a fixed patient, checks the bearer token."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI, Header, HTTPException, Request

TOKEN = "test-token-not-a-secret"  # noqa: S105 - a loopback test fixture
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def _bundle(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [{"resource": r} for r in resources],
    }


def kratom_patient(patient_id: str) -> dict[str, list[dict[str, Any]]]:
    """Synthetic chart: a patient who takes kratom leaf powder, 3 g three times a day."""
    return {
        "Patient": [
            {"resourceType": "Patient", "id": patient_id, "gender": "female", "birthDate": "1985-04-02"}
        ],
        "MedicationStatement": [
            {
                "resourceType": "MedicationStatement",
                "id": "kratom-1",
                "status": "active",
                "medicationCodeableConcept": {"text": "Kratom (Mitragyna speciosa) leaf powder"},
                "subject": {"reference": f"Patient/{patient_id}"},
                "dosage": [
                    {
                        "timing": {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d"}},
                        "doseAndRate": [
                            {
                                "doseQuantity": {
                                    "value": 3,
                                    "unit": "g",
                                    "code": "g",
                                    "system": "http://unitsofmeasure.org",
                                }
                            }
                        ],
                    }
                ],
            }
        ],
        "MedicationRequest": [],
        "Condition": [],
        "Observation": [],
    }


def make_app(charts: dict[str, dict[str, list[dict[str, Any]]]]) -> FastAPI:
    app = FastAPI()
    app.state.requests = []

    def _check(authorization: str | None) -> None:
        if authorization != f"Bearer {TOKEN}":
            raise HTTPException(status_code=401, detail="bad token")

    @app.get("/{resource_type}/{resource_id}")
    def read(
        resource_type: str,
        resource_id: str,
        request: Request,
        authorization: str | None = Header(default=None),
    ) -> dict[str, Any]:
        _check(authorization)
        app.state.requests.append(str(request.url))
        for resource in charts.get(resource_id, {}).get(resource_type, []):
            return resource
        raise HTTPException(status_code=404, detail="not found")

    @app.get("/{resource_type}")
    def search(
        resource_type: str, patient: str, request: Request, authorization: str | None = Header(default=None)
    ) -> dict[str, Any]:
        _check(authorization)
        app.state.requests.append(str(request.url))
        return _bundle(charts.get(patient, {}).get(resource_type, []))

    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("FHIR test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


import pytest  # noqa: E402


@pytest.fixture
def fhir_server() -> Iterator[tuple[str, FastAPI]]:
    """A loopback FHIR server holding one synthetic kratom-using patient, id 'kratom-pt'."""
    app = make_app({"kratom-pt": kratom_patient("kratom-pt")})
    with running(app) as base_url:
        yield base_url, app
