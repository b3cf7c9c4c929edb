"""kill -9 the server during a burst of writes: after restart every acknowledged write is present,
the database passes its integrity check, and data and audit log agree (they share one transaction)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from speciosa.adapters.store import db

from ..adapters.store.conftest import BACKENDS, fresh_database
from .conftest import PASSWORD, start_server

pytestmark = pytest.mark.slow
EMAIL = "crash@clinic.test"
DAY0 = date(2000, 1, 1)


def _clinician(url: str) -> None:
    """In-process (the CLI path is covered by the browser test's fixture), to keep this test short."""
    from datetime import UTC, datetime

    from speciosa.adapters.store.repositories import users
    from speciosa.adapters.web.security import hash_password

    engine = db.make_engine(url)
    db.migrate(engine)
    with db.transaction(db.session_factory(engine)) as s:
        team = users.team(s, "crash")
        users.create(
            s,
            email=EMAIL,
            role="clinician",
            password_hash=hash_password(PASSWORD),
            display_name="c",
            now=datetime.now(UTC),
            team_id=team.id,
        )
    engine.dispose()


def _client(url: str) -> httpx.Client:
    c = httpx.Client(base_url=url, timeout=10)
    c.get("/login")
    r = c.post(
        "/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": c.cookies["speciosa_csrf"]}
    )
    assert r.status_code in (200, 303)
    return c


@pytest.mark.parametrize("backend", BACKENDS)
def test_acknowledged_writes_survive_kill_9(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        _clinician(url)
        srv = start_server(url, tmp_path / "server1.log")
        c = _client(srv.url)
        headers = {"x-csrf-token": c.cookies["speciosa_csrf"]}
        pid = c.post(
            "/api/v1/patients",
            json={"label": "Crash Synthetic", "age_years": 40, "sex": "male"},
            headers=headers,
        ).json()["id"]
        acked: set[date] = set()
        lock = threading.Lock()
        counter = iter(range(100000))
        stop = threading.Event()

        def writer() -> None:
            w = httpx.Client(base_url=srv.url, cookies=c.cookies, headers=headers, timeout=5)
            while not stop.is_set():
                with lock:
                    on = DAY0 + timedelta(days=next(counter))
                try:
                    r = w.post(
                        f"/api/v1/patients/{pid}/scales",
                        json={"instrument": "phq-9", "on": on.isoformat(), "answers": [1] * 9},
                    )
                except httpx.HTTPError:
                    return  # the server is gone: this write was never acknowledged
                if r.status_code == 201:
                    with lock:
                        acked.add(on)

        with ThreadPoolExecutor(6) as pool:
            for _ in range(6):
                pool.submit(writer)
            while len(acked) < 40:
                time.sleep(0.02)
            srv.proc.kill()  # SIGKILL: no shutdown handlers, no flush
            srv.proc.wait(10)
            stop.set()
        assert len(acked) >= 40

        srv2 = start_server(url, tmp_path / "server2.log")
        try:
            c2 = _client(srv2.url)
            stored = {date.fromisoformat(s["on"]) for s in c2.get(f"/api/v1/patients/{pid}/scores").json()}
        finally:
            srv2.proc.terminate()
            srv2.proc.wait(10)
        assert acked <= stored, f"lost acknowledged writes: {sorted(acked - stored)[:5]}"

        engine = db.make_engine(url)
        with engine.connect() as conn:
            if backend == "sqlite":
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            n_scales = conn.execute(sa.text("SELECT count(*) FROM scale_entries")).scalar()
            n_audit = conn.execute(
                sa.text("SELECT count(*) FROM audit_log WHERE action = 'write' AND entity = 'scale:phq-9'")
            ).scalar()
        engine.dispose()
        assert n_scales == n_audit == len(stored)
