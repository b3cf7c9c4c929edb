"""Bounded load test of the web service on loopback: many clinicians at once, zero errors allowed.

Starts ``speciosa serve`` on a fresh SQLite file (or ``--database-url``), creates CLINICIANS clinicians
in TEAMS care teams with synthetic patients, then every clinician concurrently loops over: patient list,
patient page (scores, screen, care plan), and recording a PHQ-9 through the JSON API.
Prints throughput and p50/p99 latency per request kind. Targets: zero errors; p99 < 2 s on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from speciosa.adapters.store import db
from speciosa.adapters.store.repositories import patients, users
from speciosa.adapters.web.security import hash_password

PASSWORD = "bench-password-123"  # noqa: S105 - synthetic accounts on a throw-away database
P99_TARGET_S = 2.0


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _setup(url: str, clinicians: int, teams: int, per_team: int) -> None:
    engine = db.make_engine(url)
    db.migrate(engine)
    now, pw = datetime.now(UTC), hash_password(PASSWORD)
    with db.transaction(db.session_factory(engine)) as s:
        team_ids = [users.team(s, f"bench-{t}").id for t in range(teams)]
        uid = 0
        for c in range(clinicians):
            uid = users.create(
                s,
                email=f"c{c}@bench.test",
                role="clinician",
                password_hash=pw,
                display_name=f"c{c}",
                now=now,
                team_id=team_ids[c % teams],
            ).id
        for t, team_id in enumerate(team_ids):
            for i in range(per_team):
                p = patients.create(
                    s,
                    team_id=team_id,
                    label=f"Bench {t}-{i} (synthetic)",
                    age_years=30 + i,
                    sex="female",
                    now=now,
                    patient_id=f"bench-{t}-{i}",
                )
                for w in range(3):
                    patients.add_scale(
                        s,
                        patient_id=p.id,
                        instrument="phq-9",
                        on=date(2026, 1, 1) + timedelta(weeks=w),
                        answers=[1] * 8 + [0],
                        source="clinician",
                        user_id=uid,
                        now=now,
                    )
    engine.dispose()


async def _clinician(
    base: str, c: int, teams: int, per_team: int, rounds: int, lat: dict[str, list[float]], errors: list[str]
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await client.get("/login")
        csrf = client.cookies["speciosa_csrf"]
        r = await client.post(
            "/login", data={"email": f"c{c}@bench.test", "password": PASSWORD, "csrf_token": csrf}
        )
        if r.status_code not in (200, 303):
            errors.append(f"login {r.status_code}")
            return
        team = c % teams
        for i in range(rounds):
            pid = f"bench-{team}-{i % per_team}"
            for kind, call in (
                ("list", lambda: client.get("/patients")),
                ("patient", lambda pid=pid: client.get(f"/patients/{pid}")),
                (
                    "record",
                    lambda pid=pid: client.post(
                        f"/api/v1/patients/{pid}/scales",
                        headers={"x-csrf-token": csrf},
                        json={"instrument": "phq-9", "on": "2026-02-01", "answers": [1] * 9},
                    ),
                ),
            ):
                t0 = time.perf_counter()
                resp = await call()
                lat[kind].append(time.perf_counter() - t0)
                if resp.status_code >= 400:
                    errors.append(f"{kind} {resp.status_code}")


async def _run(base: str, clinicians: int, teams: int, per_team: int, rounds: int) -> None:
    lat: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    t0 = time.perf_counter()
    await asyncio.gather(
        *(_clinician(base, c, teams, per_team, rounds, lat, errors) for c in range(clinicians))
    )
    wall = time.perf_counter() - t0
    total = sum(len(v) for v in lat.values())
    print(
        f"{clinicians} concurrent clinicians x {rounds} rounds: {total} requests in {wall:.1f} s "
        f"= {total / wall:.1f} req/s (logins excluded)"
    )
    worst = 0.0
    for kind, values in lat.items():
        q = statistics.quantiles(values, n=100)
        worst = max(worst, q[98])
        print(f"  {kind:8s} n={len(values):4d}  p50 {q[49] * 1000:7.1f} ms  p99 {q[98] * 1000:7.1f} ms")
    print(f"errors: {len(errors)} {sorted(set(errors))[:5]}")
    ok = not errors and worst < P99_TARGET_S
    print(f"target: zero errors and p99 < {P99_TARGET_S} s -> {'PASS' if ok else 'FAIL'}")
    if not ok:
        sys.exit(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clinicians", type=int, default=24)
    ap.add_argument("--teams", type=int, default=6)
    ap.add_argument("--patients-per-team", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--database-url", default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or db.sqlite_url(Path(tmp) / "bench.db")
        _setup(url, args.clinicians, args.teams, args.patients_per_team)
        port = _port()
        log = Path(tmp) / "server.log"
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "speciosa",
                "serve",
                "--port",
                str(port),
                "--database-url",
                url,
                "--insecure-cookies",
            ],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            env=dict(os.environ),
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            asyncio.run(_run(base, args.clinicians, args.teams, args.patients_per_team, args.rounds))
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
