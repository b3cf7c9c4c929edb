"""Injected signals in the synthetic FAERS-like table are recovered by the full pipeline."""

from __future__ import annotations

import numpy as np
import pytest

from speciosa.adapters.analytics import duckdb_counts, readers, synthetic
from speciosa.learn.signals.report import score_signals

SPEC = synthetic.SyntheticSpec(
    reports=100_000,
    products=300,
    events=200,
    signals=((3, 7, 5.0), (10, 50, 3.0), (40, 11, 8.0), (25, 120, 4.0)),
)


@pytest.fixture(scope="module")
def ranked(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("synthetic")
    synthetic.write_parquet(SPEC, folder)
    con = duckdb_counts.connect()
    readers.read_csv_source(con, folder)
    return score_signals(duckdb_counts.count_pairs(con, progress=False))


def test_generator_is_deterministic_and_faers_shaped() -> None:
    a = next(synthetic.generate(SPEC, chunk_reports=1000))
    b = next(synthetic.generate(SPEC, chunk_reports=1000))
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    ids = a[0]
    assert np.unique(ids).size == 1000  # every report names at least one product and one event


def test_injected_signals_with_enough_expected_reports_are_recovered(ranked) -> None:  # type: ignore[no-untyped-def]
    rank = {(s.product, s.event): k for k, s in enumerate(ranked.signals)}
    top = int(0.02 * len(ranked.signals))
    for sig in SPEC.injected():
        row = ranked.signals[rank[(sig.product, sig.event)]]
        if row.expected < 5:
            continue  # too few expected reports for any method to separate a ratio of ~4 from noise
        assert row.eb05 > 2.0, sig
        assert sig.ratio / 1.5 < row.ebgm < sig.ratio * 1.5, (sig, row.ebgm)
        assert rank[(sig.product, sig.event)] < top, sig
    recovered = [s for s in SPEC.injected() if ranked.signals[rank[(s.product, s.event)]].expected >= 5]
    assert len(recovered) == 3


def test_weak_injected_signal_is_not_overstated(ranked) -> None:  # type: ignore[no-untyped-def]
    # PRODUCT 25 x EVENT 120 has E ~ 1.5: shrinkage keeps EB05 below 1 rather than flagging it.
    row = next(s for s in ranked.signals if (s.product, s.event) == ("PRODUCT 000025", "EVENT 00120"))
    assert row.expected < 5
    assert row.eb05 < 1.0 < row.ebgm
