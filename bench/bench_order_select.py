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


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> bool:
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    body = await reader.readexactly(length)
    return head.startswith(b"HTTP/1.1 200") and b'"cards":[{' in body


async def run_load(
    port: int, path: str, body: bytes, rate: float, seconds: float, connections: int = 32
) -> tuple[list[float], int, float]:
    """Open-loop load: requests are due at fixed times whatever the server does, and each latency
    is measured from the request's due time, so queueing is counted (no coordinated omission).
    Raw keep-alive HTTP/1.1 on asyncio streams keeps the client's own CPU use small."""
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    queue: asyncio.Queue[float | None] = asyncio.Queue()
    latencies: list[float] = []
    errors = 0

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while (due := await queue.get()) is not None:
            try:
                ok = await _exchange(reader, writer, request)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                ok = False
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            errors += not ok
            latencies.append((time.perf_counter() - due) * 1000.0)
        writer.close()

    workers = [asyncio.create_task(connection()) for _ in range(connections)]
    began = time.perf_counter()
    for index in range(int(rate * seconds)):
        due = began + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait(due)
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return latencies, errors, time.perf_counter() - began


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
        path = "/cds-services/speciosa-order-select"
        asyncio.run(run_load(port, path, body, rate=100, seconds=3))  # warm-up: knowledge load in each worker
        latencies, errors, elapsed = asyncio.run(run_load(port, path, body, args.rate, args.seconds))
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
