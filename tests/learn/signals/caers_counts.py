"""Distinct-report counts for the bundled CAERS data, computed in plain Python (independent of DuckDB)."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from functools import cache

from speciosa.adapters.analytics.bundled import CAERS_2012

CAERS_GZ = CAERS_2012


@cache
def caers_counts() -> tuple[list[tuple[str, str]], list[int], list[int], list[int], int]:
    """(pairs, N, n1, n2, T) with openEBGM processRaw's distinct-report rules."""
    pair_ids: dict[tuple[str, str], set[str]] = defaultdict(set)
    prod_ids: dict[str, set[str]] = defaultdict(set)
    evt_ids: dict[str, set[str]] = defaultdict(set)
    ids: set[str] = set()
    with gzip.open(CAERS_GZ, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pair_ids[(row["var1"], row["var2"])].add(row["id"])
            prod_ids[row["var1"]].add(row["id"])
            evt_ids[row["var2"]].add(row["id"])
            ids.add(row["id"])
    pairs = sorted(pair_ids)
    return (
        pairs,
        [len(pair_ids[p]) for p in pairs],
        [len(prod_ids[p[0]]) for p in pairs],
        [len(evt_ids[p[1]]) for p in pairs],
        len(ids),
    )
