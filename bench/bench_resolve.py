"""Drug-name resolution latency: a 15-medication list, as a CDS Hooks order-select request carries.

Target: p99 <= 50 ms for the whole order-select hook (issue #3 / CDS Hooks); resolution should use a
small fraction of that. Run: ``.venv/bin/python bench/bench_resolve.py``.
"""

from __future__ import annotations

import statistics
import time

from speciosa.knowledge import load_knowledge
from speciosa.knowledge.resolve import resolve_many

MEDS = [
    "sertraline 100 mg", "Zoloft", "lorazapam 1 mg", "oxycodone 5 mg", "methadone 80 mg daily", "Klonopin",
    "gabapentin 300 mg tid", "trazodone 50 mg", "quetiapine fumarate 25 mg tablet", "buprenorphine",
    "naloxone", "diphenhydramine", "Wellbutrin XL 300 mg", "alcohol", "unknownium",
]  # fmt: skip
TARGET_P99_MS = 50.0


def main() -> None:
    kb = load_knowledge()
    start = time.perf_counter()
    resolve_many(MEDS, kb)  # first call builds the index
    first_ms = (time.perf_counter() - start) * 1000
    samples = []
    for _ in range(2000):
        start = time.perf_counter()
        resolve_many(MEDS, kb)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p50, p99 = statistics.median(samples), samples[int(len(samples) * 0.99) - 1]
    verdict = "OK" if p99 <= TARGET_P99_MS else "FAIL"
    print(
        f"resolve_many, {len(MEDS)} meds: first call {first_ms:.2f} ms (index build); p50 {p50:.3f} ms; "
        f"p99 {p99:.3f} ms; target p99 <= {TARGET_P99_MS:.0f} ms -> {verdict}"
    )


if __name__ == "__main__":
    main()
