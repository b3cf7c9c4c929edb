"""API and page for instruments, on an app holding only these routers (as create_app mounts them)."""

from __future__ import annotations

import warnings

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speciosa.adapters.api import problems
from speciosa.adapters.api.routes import assess
from speciosa.adapters.web import instrument_pages

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    problems.install(app)
    app.include_router(assess.router)
    app.include_router(instrument_pages.router)
    return TestClient(app)


def test_list_and_get(client: TestClient) -> None:
    rows = client.get("/api/v1/instruments").json()
    assert {r["id"] for r in rows} == {"phq-9", "phq-2", "gad-7", "audit-c", "sows", "cows"}
    phq9 = client.get("/api/v1/instruments/phq-9").json()
    assert phq9["items"][8]["loinc"] == "44260-8"
    assert client.get("/api/v1/instruments/sows").json()["items"][0]["text"] is None


def test_unknown_instrument_is_404_problem(client: TestClient) -> None:
    for response in (
        client.get("/api/v1/instruments/hamd"),
        client.post("/api/v1/instruments/hamd/score", json={"answers": [0]}),
    ):
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert "phq-9" in response.json()["detail"]


def test_score_same_json_as_cli(client: TestClient) -> None:
    body = client.post(
        "/api/v1/instruments/phq-9/score", json={"answers": [3, 3, 1, 2, 0, 0, 1, 2, 1]}
    ).json()
    assert (body["total"], body["severity"], body["valid"]) == (13, "moderate", True)
    assert body["alerts"][0]["level"] == "urgent"


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_every_nonzero_item9_is_urgent_via_api(client: TestClient, item9: int) -> None:
    body = client.post("/api/v1/instruments/phq-9/score", json={"answers": [None] * 8 + [item9]}).json()
    assert body["valid"] is False
    assert ("urgent", "suicide-risk") in [(a["level"], a["code"]) for a in body["alerts"]]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"answers": [0] * 8 + [4]}, "item 9"),
        ({"answers": [0] * 3}, "answers"),
        ({"answers": [0, "a", 0, 0, 0, 0, 0, 0, 0]}, "answers.1"),
        ({"answers": [True] + [0] * 8}, "answers.0"),
        ({"answers": [0] * 9, "sex": "x"}, "sex"),
        ({}, "answers"),
    ],
)
def test_bad_input_is_422_problem_with_field(
    client: TestClient, payload: dict[str, object], field: str
) -> None:
    response = client.post("/api/v1/instruments/phq-9/score", json=payload)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == field


def test_audit_c_sex_via_api(client: TestClient) -> None:
    body = client.post("/api/v1/instruments/audit-c/score", json={"answers": [1, 1, 1], "sex": "male"}).json()
    assert body["positive_screen"] is False


@pytest.mark.parametrize("item9", ["1", "2", "3"])
def test_every_nonzero_item9_shows_urgent_banner_on_page(client: TestClient, item9: str) -> None:
    page = client.post(
        "/assess/instruments/phq-9", data={f"item{i}": "0" for i in range(1, 9)} | {"item9": item9}
    )
    assert page.status_code == 200
    assert 'class="alert alert-urgent" role="alert" data-code="suicide-risk"' in page.text
    assert "Total: " + item9 in page.text


def test_page_without_item9_positive_has_no_banner(client: TestClient) -> None:
    page = client.post(
        "/assess/instruments/phq-9", data={f"item{i}": "1" for i in range(1, 10)} | {"item9": "0"}
    )
    assert 'data-code="suicide-risk"' not in page.text
    assert "Total: 8" in page.text


def test_page_form_index_and_bad_value(client: TestClient) -> None:
    assert "PHQ-9" in client.get("/assess/instruments").text
    form = client.get("/assess/instruments/phq-9")
    assert form.status_code == 200
    assert "Thoughts that you would be better off dead" in form.text
    bad = client.post("/assess/instruments/phq-9", data={"item9": "9"})
    assert bad.status_code == 422
    assert "item 9: got 9" in bad.text
    assert client.get("/assess/instruments/nope").status_code == 404


json_value = st.one_of(
    st.none(),
    st.integers(-5, 10),
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=3),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    instrument=st.sampled_from(["phq-9", "phq-2", "gad-7", "audit-c", "sows", "cows"]),
    answers=st.lists(json_value, max_size=20),
)
def test_property_api_never_500(client: TestClient, instrument: str, answers: list[object]) -> None:
    response = client.post(f"/api/v1/instruments/{instrument}/score", json={"answers": answers})
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        body = response.json()
        assert body["total"] is None or body["total_min"] <= body["total"] <= body["total_max"]


def test_page_urgent_banner_even_when_other_items_are_missing(client: TestClient) -> None:
    page = client.post("/assess/instruments/phq-9", data={"item9": "2"})
    assert page.status_code == 200
    assert 'data-code="suicide-risk"' in page.text
    assert "No valid total" in page.text
