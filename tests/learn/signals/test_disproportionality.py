"""PRR, ROR and IC against hand-computed 2×2 tables, openEBGM's PRR, and scipy's chi-square."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.stats import chi2_contingency

from speciosa.errors import InputError
from speciosa.learn.signals.disproportionality import disproportionality, information_component, two_by_two


def test_hand_computed_two_by_two() -> None:
    # a=12, b=48, c=88, d=852 (N=12, n1=60, n2=100, T=1000), worked by hand:
    # PRR = (12/60)/(88/940) = 2.136364 (Evans 2001); ROR = 12*852/(48*88) = 2.420455,
    # SE(ln ROR) = sqrt(1/12+1/48+1/88+1/852) = 0.341996 (van Puijenbroek 2002);
    # Yates chi2 = 1000*(|10224-4224|-500)^2/(60*940*100*900) = 5.959417; E = 60*100/1000 = 6;
    # IC = log2(12.5/6.5) = 0.943416 (Norén 2013).
    d = disproportionality([12], [60], [100], [1000])
    assert_allclose(d.expected, [6.0])
    assert_allclose(d.prr, [2.1363636], rtol=1e-6)
    assert_allclose(d.ror, [2.4204545], rtol=1e-6)
    se = math.sqrt(1 / 12 + 1 / 48 + 1 / 88 + 1 / 852)
    assert_allclose(d.ror_low, [2.4204545 * math.exp(-1.959964 * se)], rtol=1e-6)
    assert_allclose(d.ror_high, [2.4204545 * math.exp(1.959964 * se)], rtol=1e-6)
    assert_allclose(d.prr_chi2, [5.9594169], rtol=1e-6)
    assert_allclose(d.ic, [math.log2(12.5 / 6.5)], rtol=1e-12)


def test_ic025_matches_vigicaen_documented_example() -> None:
    # vigicaen::ic_tail(n_obs = 12, n_exp = 5) = 0.2542334 (package documentation example).
    _, low = information_component([12.0], [5.0])
    assert_allclose(low, [0.2542334], atol=5e-8)


def test_prr_is_infinite_when_every_event_report_names_the_product() -> None:
    # openEBGM processRaw returns Inf when (n2 - N) = 0 (README of the CAERS data, step 6).
    d = disproportionality([3], [5], [3], [3356])
    assert math.isinf(float(d.prr[0]))
    assert math.isnan(float(d.ror_low[0]))


@given(st.integers(1, 500), st.integers(0, 500), st.integers(1, 500), st.integers(1, 5000))
def test_yates_chi2_equals_scipy(a: int, b: int, c: int, d: int) -> None:
    n1, n2, total = a + b, a + c, a + b + c + d
    ours = disproportionality([a], [n1], [n2], [total]).prr_chi2[0]
    table = np.array([[a, b], [c, d]])
    if (table.sum(axis=0) == 0).any() or (table.sum(axis=1) == 0).any():
        return
    expected = chi2_contingency(table, correction=True)[0]
    assert_allclose(ours, expected, rtol=1e-9, atol=1e-9)


@given(st.integers(1, 200), st.integers(1, 200), st.integers(1, 200), st.integers(1, 2000))
def test_ror_interval_brackets_point(a: int, b: int, c: int, d: int) -> None:
    r = disproportionality([a], [a + b], [a + c], [a + b + c + d])
    assert r.ror_low[0] < r.ror[0] < r.ror_high[0]
    assert r.ic025[0] < r.ic[0]


def test_two_by_two_rejects_inconsistent_counts() -> None:
    with pytest.raises(InputError, match="n1"):
        two_by_two([5], [3], [10], [100])
    with pytest.raises(InputError, match="total"):
        two_by_two([1], [3], [10], [-1])
