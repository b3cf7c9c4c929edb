"""Benchmarks for the kratom interaction screen.

1. Single check latency: screen() with a 15-drug list (p50/p99 over repeated calls).
2. Vectorised batch: 1,000,000 synthetic patients x 10 medications, point AUC ratios and
   pharmacodynamic severities (target <= 60 s on 2 cores), peak memory via tracemalloc.
All patients and victim parameters are synthetic.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

import numpy as np

from speciosa.assess.exposure import kratom_use
from speciosa.knowledge import load_knowledge
from speciosa.screen import screen
from speciosa.screen.auc_ratio import batch_auc_ratio, mitragynine_params

MEDS = [
    "sertraline", "bupropion", "oxycodone", "alprazolam", "quetiapine", "trazodone", "gabapentin", "tramadol",
    "midazolam", "dextromethorphan", "fluoxetine", "ketoconazole", "naltrexone", "lithium", "zolpidem",
]  # fmt: skip
N_PATIENTS = 1_000_000
N_MEDS = 10
CHUNK = 100_000
TARGET_S = 60.0


def single_latency(repeats: int = 200) -> None:
    kb = load_knowledge()
    use = kratom_use(product="leaf-powder", grams_per_dose=4, doses_per_day=3)
    screen(use, MEDS, ["pregnancy"], kb)  # warm caches (resolver index, knowledge)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        screen(use, MEDS, ["pregnancy"], kb)
        times.append((time.perf_counter() - t0) * 1000.0)
    times.sort()
    p50 = statistics.median(times)
    p99 = times[int(0.99 * (len(times) - 1))]
    print(
        f"single check, 15 drugs: p50 {p50:.1f} ms, p99 {p99:.1f} ms (no target "
        "set; CDS Hooks budget 50 ms p99)"
    )


def batch() -> None:
    kb = load_knowledge()
    pharm = kb.pharmacology
    params = mitragynine_params(pharm)
    rng = np.random.default_rng(7)
    # Synthetic victim table (not real drugs): fm_cyp3a, fm_cyp2d6, fg, pd severity rank.
    n_victims = 200
    fm3a = rng.uniform(0, 0.9, n_victims) * (rng.random(n_victims) < 0.5)
    fm2d6 = np.minimum(rng.uniform(0, 0.9, n_victims) * (rng.random(n_victims) < 0.3), 1 - fm3a)
    fg = rng.uniform(0.1, 1.0, n_victims)
    pd_rank = rng.integers(0, 5, n_victims)
    mw = pharm.alkaloid("mitragynine").molar_mass_g_per_mol
    if not isinstance(mw, float):
        raise SystemExit("knowledge base lacks the mitragynine molar mass")
    volume_l = pharm.number("intestinal-volume-ml") / 1000.0
    anchor = pharm.alkaloid("mitragynine").hepatic_inlet_unbound_um_per_reference_dose
    ref = pharm.alkaloid("mitragynine").exposure_pk()
    if not isinstance(anchor, float) or ref is None or not isinstance(ref.dose_mg, float):
        raise SystemExit("knowledge base lacks the mitragynine exposure anchor")
    cutoff = pharm.number("aucr-cutoff")
    tracemalloc.start()
    t0 = time.perf_counter()
    flagged = 0
    for start in range(0, N_PATIENTS, CHUNK):
        n = min(CHUNK, N_PATIENTS - start)
        grams = rng.uniform(1, 10, n)
        content = rng.uniform(3.9, 62.1, n)
        dose_mg = grams * content
        ig = (dose_mg / mw * 1000.0 / volume_l)[:, None]
        ih = (anchor * dose_mg / ref.dose_mg)[:, None]
        meds = rng.integers(0, n_victims, (n, N_MEDS))
        aucr = batch_auc_ratio(ig, ih, fm3a[meds], fm2d6[meds], fg[meds], params)
        severity = np.maximum(pd_rank[meds], np.where(aucr >= cutoff, 2, 0))
        flagged += int((severity >= 3).any(axis=1).sum())
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"batch {N_PATIENTS:,} patients x {N_MEDS} meds: {elapsed:.1f} s (target <= {TARGET_S:.0f} s: "
        f"{'met' if elapsed <= TARGET_S else 'NOT met'}); peak traced memory {peak / 2**20:.0f} MiB; "
        f"{flagged:,} synthetic patients flagged major+ (synthetic severities)"
    )


if __name__ == "__main__":
    single_latency()
    batch()
