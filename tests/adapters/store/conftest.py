"""A fresh database per test: a SQLite file, and (when SPECIOSA_TEST_POSTGRES_URL is set) a new
PostgreSQL database on the throw-away server that scripts/postgres-test-server.sh starts."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from speciosa.adapters.store import db

PG_ENV = "SPECIOSA_TEST_POSTGRES_URL"


@contextmanager
def fresh_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of ``kind`` ("sqlite" or "postgres"), dropped afterwards."""
    if kind == "sqlite":
        yield db.sqlite_url(tmp_path / "store.db")
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set (scripts/test.sh starts a PostgreSQL server)")
    admin = sa.create_engine(db.normalise_url(base), isolation_level="AUTOCOMMIT")
    name = "t_" + uuid.uuid4().hex[:12]
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(db.normalise_url(base)).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url
