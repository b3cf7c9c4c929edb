"""POST /api/v1/plan and /api/v1/monitor/alerts on an app holding only this router."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from speciosa.adapters.api import problems
from speciosa.adapters.api.routes import plan

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EXAMPLES = next(p / "examples" for p in Path(__file__).resolve().parents if (p / "examples").is_dir())
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))


def body(name: str) -> dict[str, Any]:
    raw = json.loads((EXAMPLES / f"{name}.json").read_text())
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    problems.install(app)
    app.include_router(plan.router)
    return TestClient(app)


@pytest.mark.parametrize("name", NAMES)
def test_plan_for_every_example(name: str, client: TestClient) -> None:
    response = client.post("/api/v1/plan?today=2026-11-25", json=body(name))
    assert response.status_code == 200, response.text
    assert response.json()["patient_id"] == body(name)["id"]


def test_suicide_risk_alert_first(client: TestClient) -> None:
    data = client.post("/api/v1/plan?today=2026-11-25", json=body("suicide-risk")).json()
    assert data["alerts"][0]["code"] == "suicide-risk"
    assert data["items"][0]["section"] == "safety"


def test_invalid_record_is_422_problem_naming_every_field(client: TestClient) -> None:
    response = client.post(
        "/api/v1/plan", json={"id": "x", "age_years": -3, "sex": "?", "scales": [{"on": "x"}]}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"age_years", "sex", "scales.0.instrument", "scales.0.on"} <= fields


def test_unscorable_answers_are_422_naming_the_item(client: TestClient) -> None:
    record = body("mild-mdd-daily-kratom")
    record["scales"][0]["answers"] = [1, 1, 1]
    response = client.post("/api/v1/plan", json=record)
    assert response.status_code == 422
    assert "phq" in response.text.lower()


def test_monitor_alerts(client: TestClient) -> None:
    response = client.post(
        "/api/v1/monitor/alerts?today=2026-11-25", json=body("treatment-resistant-polypharmacy")
    )
    assert response.status_code == 200
    levels = [a["level"] for a in response.json()]
    assert levels[0] == "urgent"
    assert {"liver-injury-pattern", "qtc-high-risk"} <= {a["code"] for a in response.json()}
