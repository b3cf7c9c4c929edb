"""score_signals: ranking by EB05, the exact JSON shape, and --product restricting rows only."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from speciosa.errors import InputError
from speciosa.learn.signals.counts import PairCounts, expected_counts
from speciosa.learn.signals.report import score_signals

_spec = importlib.util.spec_from_file_location("caers_counts", Path(__file__).with_name("caers_counts.py"))
if _spec is None or _spec.loader is None:
    raise ImportError("caers_counts")
caers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(caers)

SIGNAL_KEYS = {
    "product",
    "event",
    "n",
    "expected",
    "prr",
    "prr_chi2",
    "ror",
    "ror_low",
    "ror_high",
    "ic",
    "ic025",
    "ebgm",
    "eb05",
    "eb95",
}


@pytest.fixture(scope="module")
def counts() -> PairCounts:
    pairs, n, n1, n2, total = caers.caers_counts()
    return PairCounts(
        np.array([p[0] for p in pairs]),
        np.array([p[1] for p in pairs]),
        np.asarray(n, dtype=np.int64),
        np.asarray(n1, dtype=np.int64),
        np.asarray(n2, dtype=np.int64),
        expected_counts(n1, n2, total),
        total,
    )


def test_json_shape_and_ranking(counts: PairCounts) -> None:
    report = score_signals(counts, limit=30)
    payload = report.to_dict()
    assert set(payload) == {"reports", "hyperparameters", "signals"}
    assert set(payload["hyperparameters"]) == {"alpha1", "beta1", "alpha2", "beta2", "p"}
    assert all(set(s) == SIGNAL_KEYS for s in payload["signals"])
    eb05 = [s["eb05"] for s in payload["signals"]]
    assert eb05 == sorted(eb05, reverse=True)
    # openEBGM's top pair by EB05 on caers (reference_openebgm.ROWS[0]).
    top = payload["signals"][0]
    assert (top["product"], top["event"], top["n"]) == ("REUMOFAN PLUS", "WEIGHT INCREASED", 16)
    assert_allclose(top["eb05"], 15.685878, rtol=2e-5)


def test_product_filter_changes_rows_not_background(counts: PairCounts) -> None:
    full = score_signals(counts)
    only = score_signals(counts, product="reumofan plus")
    assert only.hyperparameters == full.hyperparameters
    assert {s.product for s in only.signals} == {"REUMOFAN PLUS"}
    by_pair = {(s.product, s.event): s for s in full.signals}
    for s in only.signals:
        assert s == by_pair[(s.product, s.event)]


def test_unknown_product_gives_empty_rows_and_a_warning(counts: PairCounts) -> None:
    report = score_signals(counts, product="KRATOM")
    assert report.signals == ()
    assert any("KRATOM" in w for w in report.warnings)
    assert "not evidence of causation" in report.summary()


def test_empty_counts_rejected() -> None:
    empty = PairCounts(
        np.array([], dtype=str),
        np.array([], dtype=str),
        np.zeros(0, np.int64),
        np.zeros(0, np.int64),
        np.zeros(0, np.int64),
        np.zeros(0),
        0,
    )
    with pytest.raises(InputError, match="counts"):
        score_signals(empty)
