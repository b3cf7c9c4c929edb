"""An app on a fresh SQLite file, with two care teams, their clinicians, an admin and patients."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from speciosa.adapters.api.app import create_app
from speciosa.adapters.api.settings import Settings
from speciosa.adapters.store import db
from speciosa.adapters.store.repositories import patients, users
from speciosa.adapters.web.security import CSRF_COOKIE, hash_password

from ..store.conftest import BACKENDS, fresh_database

PASSWORD = "correct-horse-battery"  # noqa: S105 - test accounts


@dataclass
class World:
    app: FastAPI
    own_patient: str  # in team A
    other_patient: str  # in team B


@pytest.fixture(params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    with fresh_database(request.param, tmp_path) as url:
        app = create_app(Settings(database_url=url, cookie_secure=False))
        yield _populate(app)
        app.state.engine.dispose()


def _populate(app: FastAPI) -> World:
    now = datetime.now(UTC)
    pw = hash_password(PASSWORD)
    with db.transaction(app.state.sessions) as s:
        a, b = users.team(s, "team-a"), users.team(s, "team-b")
        p = patients.create(s, team_id=a.id, label="Alice Synthetic", age_years=40, sex="female", now=now)
        q = patients.create(s, team_id=b.id, label="Bob Synthetic", age_years=50, sex="male", now=now)
        users.create(s, email="admin@x.test", role="admin", password_hash=pw, display_name="Adm", now=now)
        users.create(
            s,
            email="clin@x.test",
            role="clinician",
            password_hash=pw,
            display_name="C",
            now=now,
            team_id=a.id,
        )
        users.create(
            s,
            email="clinb@x.test",
            role="clinician",
            password_hash=pw,
            display_name="CB",
            now=now,
            team_id=b.id,
        )
        users.create(
            s,
            email="pat@x.test",
            role="patient",
            password_hash=pw,
            display_name="P",
            now=now,
            patient_id=p.id,
        )
        users.create(
            s,
            email="patb@x.test",
            role="patient",
            password_hash=pw,
            display_name="Q",
            now=now,
            patient_id=q.id,
        )
        own, other = p.id, q.id
    return World(app, own, other)


EMAILS = {
    "admin": "admin@x.test",
    "clinician": "clin@x.test",
    "clinician_other_team": "clinb@x.test",
    "patient": "pat@x.test",
    "patient_other": "patb@x.test",
}


def csrf(client: TestClient) -> str:
    if CSRF_COOKIE not in client.cookies:
        client.get("/login")
    return str(client.cookies[CSRF_COOKIE])


def login(client: TestClient, email: str, password: str = PASSWORD) -> int:
    r = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    return r.status_code


@pytest.fixture
def client_for(world: World) -> Iterator[object]:
    clients: list[TestClient] = []

    def make(role: str | None) -> TestClient:
        c = TestClient(world.app)
        clients.append(c)
        if role is not None:
            assert login(c, EMAILS[role]) == 303
        return c

    yield make
    for c in clients:
        c.close()
