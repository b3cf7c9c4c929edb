"""API: GET /api/v1/evidence[/{question}], POST /api/v1/meta (problem+json on bad input)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from numpy.testing import assert_allclose

from speciosa.adapters.api.app import create_app

DATA = Path(__file__).parents[2] / "data" / "meta"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_evidence_lists_six_summaries(client: TestClient) -> None:
    response = client.get("/api/v1/evidence")
    assert response.status_code == 200
    assert len(response.json()) == 6


def test_evidence_question_has_certainty_and_sources(client: TestClient) -> None:
    body = client.get("/api/v1/evidence/dependence-withdrawal").json()
    assert body["certainty"] in ("very low", "low", "moderate", "high")
    assert body["sources"]
    assert body["basis"]["sources"]


def test_unknown_question_is_problem_json(client: TestClient) -> None:
    response = client.get("/api/v1/evidence/happiness")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "question"


def test_meta_bcg_matches_metafor(client: TestClient) -> None:
    with (DATA / "bcg.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    body = client.post("/api/v1/meta", json={"measure": "RR", "method": "REML", "studies": rows}).json()
    # metafor 3.8-1 (tests/learn/reference_metafor.py "bcg-RR-REML-z"): estimate -0.714532348365101,
    # tau2 0.313243325980895
    assert_allclose([body["estimate"], body["tau2"]], [-0.714532348365101, 0.313243325980895], atol=1e-4)


def test_meta_bad_row_is_422_naming_row_and_column(client: TestClient) -> None:
    response = client.post(
        "/api/v1/meta",
        json={
            "measure": "OR",
            "studies": [{"ai": 1, "bi": 2, "ci": 3, "di": 4}, {"ai": 1, "bi": -2, "ci": 3, "di": 4}],
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "row 2, column bi"
