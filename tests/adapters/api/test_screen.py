from __future__ import annotations

from fastapi.testclient import TestClient

from speciosa.adapters.api.app import create_app


def _client() -> TestClient:
    return TestClient(create_app())


def test_check_ok() -> None:
    r = _client().post(
        "/api/v1/interactions/check",
        json={
            "product": "capsule",
            "grams_per_dose": 3,
            "doses_per_day": 2,
            "meds": ["alcohol"],
            "conditions": ["epilepsy"],
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["findings"][0]["mechanisms"] == ["cns-depression"]


def test_check_bad_input_422() -> None:
    r = _client().post(
        "/api/v1/interactions/check", json={"product": "capsule", "grams_per_dose": 3, "doses_per_day": 99}
    )
    assert r.status_code == 422
    assert "doses_per_day" in r.text
