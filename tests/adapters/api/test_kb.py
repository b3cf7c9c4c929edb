"""GET /api/v1/kb/...: the same views as the CLI; unknown names are problem+json."""

from __future__ import annotations

import warnings

import pytest
from fastapi import FastAPI

from speciosa.adapters.api import problems
from speciosa.adapters.api.routes import kb as kb_routes
from speciosa.knowledge import load_knowledge

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    problems.install(app)
    app.include_router(kb_routes.router)
    return TestClient(app)


def test_version(client: TestClient) -> None:
    kb = load_knowledge()
    body = client.get("/api/v1/kb/version").json()
    assert body["label"] == kb.version_label
    assert body["content_hash"] == kb.content_hash


def test_drugs_contract_and_search(client: TestClient) -> None:
    body = client.get("/api/v1/kb/drugs").json()
    assert len(body) == len(load_knowledge().drugs)
    assert all({"name", "rxnorm", "atc", "sources"} <= d.keys() for d in body)
    found = client.get("/api/v1/kb/drugs", params={"search": "Zoloft"}).json()
    assert [d["name"] for d in found] == ["sertraline"]


def test_drug_by_misspelling(client: TestClient) -> None:
    response = client.get("/api/v1/kb/drugs/setraline")
    assert response.status_code == 200
    assert response.json()["id"] == "sertraline"


def test_unknown_drug_is_404_problem_with_suggestions(client: TestClient) -> None:
    response = client.get("/api/v1/kb/drugs/setralin-xx")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "sertraline" in response.json()["detail"]


def test_sources(client: TestClient) -> None:
    body = client.get("/api/v1/kb/sources").json()
    assert len(body) == len(load_knowledge().sources)
    one = client.get("/api/v1/kb/sources/src-ev-ahmad-2021-dilin").json()
    assert one["pmid"] == "33257199"
    assert one["link"] == "https://doi.org/10.1016/j.drugalcdep.2020.108426"
    assert client.get("/api/v1/kb/sources/src-nope").status_code == 404


def test_evidence_list_filter_and_record(client: TestClient) -> None:
    everything = client.get("/api/v1/kb/evidence").json()
    assert len(everything) == len(load_knowledge().evidence)
    liver = client.get("/api/v1/kb/evidence", params={"question": "liver-injury"}).json()
    assert liver
    assert all("liver-injury" in r["questions"] for r in liver)
    record = client.get("/api/v1/kb/evidence/ev-tanna-2023-ddi").json()
    assert record["entry"]["certainty"] == "moderate"
    assert record["sources"]
    bad = client.get("/api/v1/kb/evidence", params={"question": "happiness"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "question"
    assert client.get("/api/v1/kb/evidence/ev-nope").status_code == 404


def test_entries_any_section(client: TestClient) -> None:
    assert client.get("/api/v1/kb/entries/phq-9").json()["kind"] == "instrument"
    assert client.get("/api/v1/kb/entries/Zoloft").json()["id"] == "sertraline"
    assert client.get("/api/v1/kb/entries/zzqq-nothing").status_code == 404
