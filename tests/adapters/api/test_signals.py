"""GET /api/v1/signals: precomputed CAERS results, product filter, limits, problem+json errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from speciosa.adapters.api.app import create_app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_ranked_precomputed_results(client: TestClient) -> None:
    body = client.get("/api/v1/signals", params={"limit": 5}).json()
    assert body["reports"] == 3356  # processRaw(caers): 3356 distinct reports (openEBGM 0.9.1)
    assert len(body["signals"]) == 5
    eb05 = [s["eb05"] for s in body["signals"]]
    assert eb05 == sorted(eb05, reverse=True)
    assert body["signals"][0]["product"] == "REUMOFAN PLUS"
    assert "src-sig-dumouchel-1999" in body["sources"]


def test_kratom_is_absent_from_caers_2012_and_says_so(client: TestClient) -> None:
    body = client.get("/api/v1/signals", params={"product": "Mitragyna speciosa"}).json()
    assert body["signals"] == []
    assert any("no reports name" in w for w in body["warnings"])


def test_product_filter_keeps_background(client: TestClient) -> None:
    full = client.get("/api/v1/signals", params={"limit": 1000}).json()
    only = client.get("/api/v1/signals", params={"product": "reumofan plus"}).json()
    assert only["hyperparameters"] == full["hyperparameters"]
    assert {s["product"] for s in only["signals"]} == {"REUMOFAN PLUS"}


def test_bad_limit_is_problem_json(client: TestClient) -> None:
    response = client.get("/api/v1/signals", params={"limit": 0})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
