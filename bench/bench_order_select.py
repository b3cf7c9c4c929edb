"""CDS Hooks order-select under load on loopback: p50/p99 latency at a fixed request rate.

Target (issue #7): p99 <= 50 ms at >= 300 requests/s on 2 cores, with a 15-medication context.
Starts `speciosa serve` (uvicorn, 2 workers) on a free loopback port, sends an open-loop stream of
requests at the target rate for a fixed time from one asyncio client, and prints the figures.
Run with `make bench` or `.venv/bin/python bench/bench_order_select.py [--rate 300] [--seconds 20]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np

TARGET_P99_MS = 50.0
TARGET_RATE = 300.0
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"

# 15 current medications (names as an EHR would send them) plus kratom, and one draft order.
CONTEXT_MEDS = [
    "sertraline 100 mg",
    "bupropion XL 300 mg",
    "quetiapine 50 mg",
    "lorazepam 1 mg",
    "gabapentin 300 mg",
    "lisinopril 10 mg",
    "atorvastatin 20 mg",
    "metformin 500 mg",
    "omeprazole 20 mg",
    "trazodone 50 mg",
    "ondansetron 4 mg",
    "ibuprofen 400 mg",
    "zolpidem 10 mg",
    "hydroxyzine 25 mg",
    "levothyroxine 50 mcg",
]


def _statement(index: int, text: str) -> dict[str, object]:
    return {
        "resourceType": "MedicationStatement",
        "id": f"m{index}",
        "status": "active",
        "medicationCodeableConcept": {"text": text},
        "subject": {"reference": "Patient/bench"},
    }


def request_body() -> dict[str, object]:
    kratom = {
        "resourceType": "MedicationStatement",
        "id": "kratom",
        "status": "active",
        "medicationCodeableConcept": {"text": "Kratom leaf powder"},
        "subject": {"reference": "Patient/bench"},
        "dosage": [
            {
                "timing": {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d"}},
                "doseAndRate": [{"doseQuantity": {"value": 4, "unit": "g", "code": "g"}}],
            }
        ],
    }
    statements = [_statement(i, t) for i, t in enumerate(CONTEXT_MEDS)] + [kratom]
    draft = {
        "resourceType": "MedicationRequest",
        "id": "draft-oxy",
        "status": "draft",
        "intent": "order",
        "medicationCodeableConcept": {
            "coding": [{"system": RXNORM, "code": "7804", "display": "oxycodone"}],
            "text": "oxycodone 5 mg tablet",
        },
        "subject": {"reference": "Patient/bench"},
    }
    return {
        "hook": "order-select",
        "hookInstance": "bench",
        "context": {
            "userId": "Practitioner/bench",
            "patientId": "bench",
            "selections": ["MedicationRequest/draft-oxy"],
            "draftOrders": {"resourceType": "Bundle", "entry": [{"resource": draft}]},
        },
        "prefetch": {
            "patient": {
                "resourceType": "Patient",
                "id": "bench",
                "gender": "female",
                "birthDate": "1980-01-01",
            },
            "medicationStatements": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [{"resource": s} for s in statements],
            },
            "medicationRequests": {"resourceType": "Bundle", "type": "searchset", "entry": []},
            "conditions": {"resourceType": "Bundle", "type": "searchset", "entry": []},
            "observations": {"resourceType": "Bundle", "type": "searchset", "entry": []},
        },
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def run_load(url: str, body: bytes, rate: float, seconds: float) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(limits=limits, timeout=5.0) as client:

        async def one() -> None:
            nonlocal errors
            start = time.perf_counter()
            try:
                response = await client.post(url, content=body, headers={"content-type": "application/json"})
                if response.status_code != 200 or not response.json()["cards"]:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append((time.perf_counter() - start) * 1000.0)

        tasks: list[asyncio.Task[None]] = []
        began = time.perf_counter()
        total = int(rate * seconds)
        for index in range(total):
            # Open loop: send on schedule whether or not earlier requests have finished.
            delay = began + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one()))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - began
    return latencies, errors, elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=TARGET_RATE)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "SPECIOSA_LOG_LEVEL": "warning"}
    exe = Path(sys.executable).with_name("uvicorn")
    server = subprocess.Popen(  # noqa: S603 - our own server on loopback
        [
            str(exe),
            "speciosa.adapters.api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}/cds-services/speciosa-order-select"
        body = json.dumps(request_body()).encode()
        deadline = time.monotonic() + 60
        while True:
            try:
                if (
                    httpx.post(url, content=body, headers={"content-type": "application/json"}).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                print("server did not start", file=sys.stderr)
                return 1
            time.sleep(0.2)
        asyncio.run(run_load(url, body, rate=50, seconds=2))  # warm-up: caches, knowledge load in each worker
        latencies, errors, elapsed = asyncio.run(run_load(url, body, args.rate, args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=10)
    values = np.array(latencies)
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    achieved = len(values) / elapsed
    print(
        "order-select, 15 context medications + kratom, 1 draft order; "
        f"{args.workers} workers on {os.cpu_count()} cores"
    )
    print(
        f"requests: {len(values)}  errors: {errors}  offered: {args.rate:.0f}/s  achieved: {achieved:.0f}/s"
    )
    print(f"latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  max {values.max():.1f}")
    ok = p99 <= TARGET_P99_MS and achieved >= TARGET_RATE * 0.98 and errors == 0
    print(f"target p99 <= {TARGET_P99_MS:.0f} ms at >= {TARGET_RATE:.0f}/s: {'MET' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
