"""GPS/EBGM against openEBGM 0.9.1 on the CAERS data, plus properties of the posterior."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import special

from speciosa.errors import InputError
from speciosa.learn.signals import ebgm
from speciosa.learn.signals.disproportionality import disproportionality


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    if spec is None or spec.loader is None:
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = _load("reference_openebgm")
caers = _load("caers_counts")


@pytest.fixture(scope="module")
def counts() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int, list[tuple[str, str]]]:
    pairs, n, n1, n2, total = caers.caers_counts()
    nn = np.asarray(n, dtype=np.float64)
    e = np.asarray(n1, dtype=np.float64) * np.asarray(n2, dtype=np.float64) / total
    return nn, e, np.asarray(n1), np.asarray(n2), total, pairs


@pytest.fixture(scope="module")
def fit(counts: tuple) -> ebgm.PriorFit:  # type: ignore[type-arg]
    return ebgm.fit_prior(counts[0], counts[1])


def test_counts_match_processraw(counts: tuple) -> None:  # type: ignore[type-arg]
    n, e, n1, n2, total, pairs = counts
    assert (len(pairs), total) == (ref.PAIRS, ref.REPORTS)
    index = {p: i for i, p in enumerate(pairs)}
    d = disproportionality(n, n1, n2, total)
    for row in ref.ROWS:
        i = index[(row.var1, row.var2)]
        assert n[i] == row.N
        assert_allclose(e[i], row.E, rtol=1e-12)
        # openEBGM rounds RR and PRR to 2 decimals.
        assert abs(round(n[i] / e[i], 2) - row.RR) < 1e-9
        if math.isinf(row.PRR):
            assert math.isinf(d.prr[i])
        else:
            assert abs(round(float(d.prr[i]), 2) - row.PRR) < 1e-9


def test_hyperparameters_match_openebgm_autohyper(fit: ebgm.PriorFit) -> None:
    # openEBGM's own three starts differ from each other by up to 2.5e-5 relative (exploreHypers),
    # so rtol 1e-4; our minimum is at least as low as nlminb's.
    assert_allclose(fit.prior.as_array(), ref.HYPER_FULL, rtol=1e-4)
    assert fit.neg_log_likelihood <= ref.NEG_LOG_LIK_FULL + 1e-6
    assert fit.starts_agreeing == 2


def test_posterior_matches_openebgm_ebscores(counts: tuple) -> None:  # type: ignore[type-arg]
    n, e, *_, pairs = counts
    index = {p: i for i, p in enumerate(pairs)}
    prior = ebgm.GammaMixturePrior(*ref.HYPER_FULL)
    rows = [index[(r.var1, r.var2)] for r in ref.ROWS]
    post = ebgm.posterior(prior, n[rows], e[rows])
    # Same hyperparameters: only openEBGM's 6-decimal rounding separates the numbers.
    assert_allclose(post.ebgm, [r.EBGM6 for r in ref.ROWS], rtol=1e-6, atol=6e-7)
    assert_allclose(post.quantiles[0.05], [r.EB05_6 for r in ref.ROWS], rtol=1e-6, atol=6e-7)
    assert_allclose(post.quantiles[0.95], [r.EB95_6 for r in ref.ROWS], rtol=1e-6, atol=6e-7)
    # And ebScores' default 2-dp output is reproduced exactly after rounding.
    assert np.array_equal(np.round(post.ebgm, 2), [r.EBGM for r in ref.ROWS])


def test_end_to_end_scores_match_within_fit_tolerance(counts: tuple, fit: ebgm.PriorFit) -> None:  # type: ignore[type-arg]
    n, e, *_, pairs = counts
    index = {p: i for i, p in enumerate(pairs)}
    rows = [index[(r.var1, r.var2)] for r in ref.ROWS]
    post = ebgm.posterior(fit.prior, n[rows], e[rows])
    assert_allclose(post.ebgm, [r.EBGM6 for r in ref.ROWS], rtol=2e-5)
    assert_allclose(post.quantiles[0.05], [r.EB05_6 for r in ref.ROWS], rtol=2e-5)
    assert_allclose(post.quantiles[0.95], [r.EB95_6 for r in ref.ROWS], rtol=2e-5)


def test_squashing_matches_vignette_and_refit(counts: tuple) -> None:  # type: ignore[type-arg]
    n, e, *_ = counts
    s1 = ebgm.squash(n, e)
    s2 = ebgm.squash(s1.n, s1.e, s1.weight, count=2, bin_size=10, keep_pts=50)
    assert s2.n.size == ref.SQUASHED_POINTS
    assert s2.weight.sum() == n.size
    fit = ebgm.fit_prior(s2.n, s2.e, s2.weight)
    assert_allclose(fit.prior.as_array(), ref.HYPER_SQUASHED, rtol=1e-4)


def test_auto_squash_matches_openebgm(counts: tuple) -> None:  # type: ignore[type-arg]
    n, e, *_ = counts
    s = ebgm.auto_squash(n, e)
    assert s.n.size == ref.AUTOSQUASH_ROWS
    assert_allclose(np.sum(s.e * s.weight), ref.AUTOSQUASH_SUM_EW, rtol=1e-12)
    assert_allclose(np.sum(s.e), ref.AUTOSQUASH_SUM_E, rtol=1e-12)
    pairs = list(zip(s.n.astype(int).tolist(), s.weight.astype(int).tolist(), strict=True))
    for (count, weight), rows in ref.AUTOSQUASH_SUPER_POINTS.items():
        assert pairs.count((count, weight)) == rows
    for count, rows in ref.AUTOSQUASH_UNIT_WEIGHT.items():
        assert pairs.count((count, 1)) == rows


def test_likelihood_matches_openebgm_negll() -> None:
    # openEBGM 0.9.1: negLL(c(0.2, 0.1, 2, 4, 1/3), c(1, 2, 5), c(0.5, 1, 0.8)) = 5.86953628731634
    value = ebgm.neg_log_likelihood((0.2, 0.1, 2.0, 4.0, 1 / 3), [1, 2, 5], [0.5, 1.0, 0.8])
    assert_allclose(value, 5.86953628731634, rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 200), st.floats(0.01, 50.0), st.sampled_from([0.05, 0.5, 0.95]))
def test_quantile_solves_mixture_cdf(n: int, e: float, q: float) -> None:
    prior = ebgm.GammaMixturePrior(*ref.HYPER_FULL)
    post = ebgm.posterior(prior, [n], [e], probabilities=(q,))
    x, w = post.quantiles[q][0], post.qn[0]
    a1, b1, a2, b2, _ = ref.HYPER_FULL
    cdf = w * special.gammainc(a1 + n, (b1 + e) * x) + (1 - w) * special.gammainc(a2 + n, (b2 + e) * x)
    assert abs(cdf - q) < 1e-9


def test_ebgm_between_quantiles_and_shrinks_toward_prior() -> None:
    prior = ebgm.GammaMixturePrior(*ref.HYPER_FULL)
    post = ebgm.posterior(prior, [1, 1, 50], [0.001, 0.001, 5.0])
    assert np.all(post.quantiles[0.05] < post.ebgm)
    assert np.all(post.ebgm < post.quantiles[0.95])
    # One report against E = 0.001 is a raw ratio of 1000, shrunk far below it.
    assert post.ebgm[0] < 20


def test_invalid_input_names_the_field() -> None:
    with pytest.raises(InputError, match="e"):
        ebgm.fit_prior([1, 2], [0.5, -1.0])
    with pytest.raises(InputError, match="n_star"):
        ebgm.fit_prior([0, 2], [0.5, 1.0])
