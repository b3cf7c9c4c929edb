"""A synthetic FAERS-like product–event table with injected, known signals (for tests and bench).

Reports name 1 + Poisson(``drugs_mean - 1``) products and 1 + Poisson(``events_mean - 1``)
events, drawn independently from Zipf-like popularity laws, so every pair's true reporting
ratio is about 1 — except the injected pairs, where extra mentions of the event are added to a
random subset of the product's reports so that the expected ratio is ``ratio``. Entirely
synthetic: no real product, event or patient.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class InjectedSignal:
    product: str
    event: str
    ratio: float


@dataclass(frozen=True, slots=True)
class SyntheticSpec:
    reports: int
    products: int = 5_000
    events: int = 2_000
    drugs_mean: float = 1.6
    events_mean: float = 1.8
    zipf_exponent: float = 1.1
    affinity: float = 0.2  # share of event mentions drawn from the first product's own favoured events
    favoured: int = 10
    signals: tuple[tuple[int, int, float], ...] = ((3, 7, 5.0), (10, 50, 3.0), (40, 11, 8.0), (120, 300, 4.0))
    seed: int = 2026

    def injected(self) -> tuple[InjectedSignal, ...]:
        return tuple(InjectedSignal(product_name(p), event_name(e), r) for p, e, r in self.signals)


def product_name(i: int) -> str:
    return f"PRODUCT {i:06d}"


def event_name(i: int) -> str:
    return f"EVENT {i:05d}"


def _zipf_probs(size: int, exponent: float) -> npt.NDArray[np.float64]:
    w = 1.0 / np.arange(1, size + 1, dtype=np.float64) ** exponent
    out: npt.NDArray[np.float64] = w / w.sum()
    return out


def _chunk(
    rng: np.random.Generator,
    spec: SyntheticSpec,
    first_id: int,
    size: int,
    p_prod: npt.NDArray[np.float64],
    p_evt: npt.NDArray[np.float64],
    favourites: IntArray,
) -> tuple[IntArray, IntArray, IntArray]:
    ids = np.arange(first_id, first_id + size, dtype=np.int64)
    k_d = 1 + rng.poisson(spec.drugs_mean - 1.0, size)
    k_e = 1 + rng.poisson(spec.events_mean - 1.0, size)
    d_rep = np.repeat(ids, k_d)
    d_val = rng.choice(spec.products, size=d_rep.size, p=p_prod)
    e_rep = np.repeat(ids, k_e)
    e_val = rng.choice(spec.events, size=e_rep.size, p=p_evt)
    # Real reporting is heterogeneous: products pull their own typical events (a background of
    # true ratios above and below 1, which the gamma mixture prior needs to be identifiable).
    first_product = d_val[np.concatenate([[0], np.cumsum(k_d)[:-1]])]
    own = rng.random(e_rep.size) < spec.affinity
    fav_rows = np.repeat(first_product, k_e)[own]
    e_val[own] = favourites[fav_rows, rng.integers(0, spec.favoured, own.sum())]
    # Cross product within each report: every product mention meets every event mention.
    per_report = k_d * k_e
    rid = np.repeat(ids, per_report)
    d_start = np.concatenate([[0], np.cumsum(k_d)[:-1]])
    e_start = np.concatenate([[0], np.cumsum(k_e)[:-1]])
    offset = np.arange(rid.size) - np.repeat(np.concatenate([[0], np.cumsum(per_report)[:-1]]), per_report)
    kd_rep = np.repeat(k_e, per_report)
    d_idx = np.repeat(d_start, per_report) + offset // kd_rep
    e_idx = np.repeat(e_start, per_report) + offset % kd_rep
    prod, evt = d_val[d_idx], e_val[e_idx]
    extra_ids, extra_p, extra_e = [], [], []
    for p, e, ratio in spec.signals:
        # Reports naming p get event e added with the probability that lifts its rate by `ratio`.
        has_p = np.unique(d_rep[d_val == p])
        add = has_p[rng.random(has_p.size) < min(1.0, (ratio - 1.0) * spec.events_mean * p_evt[e])]
        extra_ids.append(add)
        extra_p.append(np.full(add.size, p))
        extra_e.append(np.full(add.size, e))
    return (
        np.concatenate([rid, *extra_ids]),
        np.concatenate([prod, *extra_p]).astype(np.int64),
        np.concatenate([evt, *extra_e]).astype(np.int64),
    )


def generate(
    spec: SyntheticSpec, chunk_reports: int = 1_000_000
) -> Iterator[tuple[IntArray, IntArray, IntArray]]:
    """Yield (report id, product index, event index) arrays, ``chunk_reports`` reports at a time."""
    rng = np.random.default_rng(spec.seed)
    p_prod = _zipf_probs(spec.products, spec.zipf_exponent)
    p_evt = _zipf_probs(spec.events, spec.zipf_exponent)
    favourites = rng.choice(spec.events, size=(spec.products, spec.favoured), p=p_evt).astype(np.int64)
    for first in range(0, spec.reports, chunk_reports):
        yield _chunk(rng, spec, first, min(chunk_reports, spec.reports - first), p_prod, p_evt, favourites)


def write_parquet(spec: SyntheticSpec, folder: Path, chunk_reports: int = 1_000_000) -> list[Path]:
    """Write ``part-NNNN.parquet`` files with columns id, product, event (dictionary-encoded strings)."""
    folder.mkdir(parents=True, exist_ok=True)
    prod_dict = pa.array([product_name(i) for i in range(spec.products)])
    evt_dict = pa.array([event_name(i) for i in range(spec.events)])
    paths = []
    for k, (ids, prod, evt) in enumerate(generate(spec, chunk_reports)):
        table = pa.table(
            {
                "id": pa.array(ids),
                "product": pa.DictionaryArray.from_arrays(pa.array(prod.astype(np.int32)), prod_dict),
                "event": pa.DictionaryArray.from_arrays(pa.array(evt.astype(np.int32)), evt_dict),
            }
        )
        path = folder / f"part-{k:04d}.parquet"
        pq.write_table(table, path, compression="zstd")
        paths.append(path)
    return paths


def write_csv(spec: SyntheticSpec, path: Path, rows: Sequence[tuple[str, str, str]] = ()) -> Path:
    """A small synthetic file in the simple ``id,product,event`` CSV form (plus any extra raw rows)."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,product,event\n")
        for ids, prod, evt in generate(spec):
            for i, p, e in zip(ids.tolist(), prod.tolist(), evt.tolist(), strict=True):
                fh.write(f"{i},{product_name(p)},{event_name(e)}\n")
        for row in rows:
            fh.write(",".join(row) + "\n")
    return path
