"""Parity of speciosa.learn.meta_analysis with R's metafor (reference_metafor.py) and properties."""

from __future__ import annotations

import csv
import importlib.util
import math
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from statsmodels.stats.meta_analysis import combine_effects

from speciosa.errors import InputError
from speciosa.learn.meta_analysis import (
    Measure,
    Method,
    effect_sizes_from_rows,
    meta_analyse,
    meta_analyse_rows,
)

DATA = Path(__file__).parents[1] / "data" / "meta"
TOL = 1e-4  # the parity tolerance (absolute)


def _reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "reference_metafor", Path(__file__).with_name("reference_metafor.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REF = _reference()
CASES: dict[str, dict[str, object]] = REF.CASES
DATASETS = {"bcg": "bcg.csv", "normand": "normand1999.csv", "pritz": "pritz1997.csv"}


def _rows(dataset: str) -> list[dict[str, str]]:
    with (DATA / DATASETS[dataset]).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


FIT_CASES = sorted(name for name in CASES if not name.endswith("escalc") and not name.startswith("zero"))
ESCALC_CASES = sorted(name for name in CASES if name.endswith("escalc") and not name.startswith("zero"))
SCALAR = {
    "estimate": "estimate",
    "se": "se",
    "ci_low": "ci_low",
    "ci_high": "ci_high",
    "stat": "stat",
    "pval": "p_value",
    "tau2": "tau2",
    "I2": "I2",
    "H2": "H2",
    "Q": "Q",
    "Q_p": "Q_p",
    "pred_low": "pred_low",
    "pred_high": "pred_high",
}


@pytest.mark.parametrize("name", ESCALC_CASES)
def test_effect_sizes_match_metafor_escalc(name: str) -> None:
    dataset, measure, _ = name.split("-")
    es = effect_sizes_from_rows(_rows(dataset), measure)
    assert_allclose(es.yi, CASES[name]["yi"], atol=TOL, rtol=0)
    assert_allclose(es.vi, CASES[name]["vi"], atol=TOL, rtol=0)


@pytest.mark.parametrize("name", FIT_CASES)
def test_model_matches_metafor_rma(name: str) -> None:
    dataset, measure, method, test = name.split("-")
    result = meta_analyse_rows(_rows(dataset), measure, method, hk=test == "knha")
    expected = CASES[name]
    for key, attribute in SCALAR.items():
        if key in expected:
            actual = getattr(result, attribute)
            # H² is unbounded: compare it relative to its size (I² carries the same information absolutely).
            atol = TOL * max(1.0, abs(float(expected[key]))) if key == "H2" else TOL  # type: ignore[arg-type]
            assert_allclose(actual, expected[key], atol=atol, rtol=0, err_msg=f"{name} {key}")
    if "tau2_ci" in expected:
        assert result.tau2_ci is not None
        assert result.I2_ci is not None
        assert_allclose(result.tau2_ci, expected["tau2_ci"], atol=TOL, rtol=0, err_msg=f"{name} tau2_ci")
        assert_allclose(result.I2_ci, expected["I2_ci"], atol=TOL, rtol=0, err_msg=f"{name} I2_ci")
    assert result.egger is not None
    assert_allclose(result.egger.stat, expected["egger_stat"], atol=TOL, rtol=0, err_msg=f"{name} egger")
    assert_allclose(result.egger.p_value, expected["egger_p"], atol=TOL, rtol=0, err_msg=f"{name} egger p")
    assert_allclose([r.estimate for r in result.leave_one_out], expected["loo_estimate"], atol=TOL, rtol=0)
    if expected["loo_tau2"]:
        assert_allclose([r.tau2 for r in result.leave_one_out], expected["loo_tau2"], atol=TOL, rtol=0)


@pytest.mark.parametrize("measure", ["RR", "OR", "RD"])
def test_zero_cells_get_half_added_to_the_whole_table_as_metafor(measure: str) -> None:
    rows = [
        dict(zip(("ai", "bi", "ci", "di"), cells, strict=True))
        for cells in [(0, 20, 2, 18), (3, 17, 0, 20), (10, 40, 15, 35), (5, 0, 4, 1)]
    ]
    es = effect_sizes_from_rows(rows, measure)
    assert_allclose(es.yi, CASES[f"zero-{measure}-escalc"]["yi"], atol=TOL, rtol=0)
    assert_allclose(es.vi, CASES[f"zero-{measure}-escalc"]["vi"], atol=TOL, rtol=0)


@pytest.mark.parametrize("measure", ["PLO", "PFT"])
def test_zero_proportions_as_metafor(measure: str) -> None:
    rows = [{"xi": x, "ni": n} for x, n in [(0, 15), (4, 20), (10, 10), (12, 40)]]
    es = effect_sizes_from_rows(rows, measure)
    assert_allclose(es.yi, CASES[f"zero-{measure}-escalc"]["yi"], atol=TOL, rtol=0)
    assert_allclose(es.vi, CASES[f"zero-{measure}-escalc"]["vi"], atol=TOL, rtol=0)


@pytest.mark.parametrize("name", sorted(REF.DOCUMENTED))
def test_agrees_with_values_in_metafor_test_suite(name: str) -> None:
    # Rounded to 4 decimals in metafor tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r.
    dataset, measure, method, _ = name.split("-")
    result = meta_analyse_rows(_rows(dataset), measure, method)
    for key, value in REF.DOCUMENTED[name].items():
        if key.startswith("exp_"):
            assert result.exponentiated is not None
            actual = getattr(result.exponentiated, key.removeprefix("exp_"))
        else:
            actual = getattr(result, key)
        assert abs(actual - value) <= 5.01e-5 * max(1.0, abs(value)), (name, key, actual, value)


def test_normand1999_pooled_sd_mean_difference_as_published() -> None:
    # Normand, Stat Med 1999;18:321-359, Table IX, as checked in metafor
    # tests/testthat/test_analysis_example_normand1999.r: DL -14.0972 (-24.4454, -3.7490), tau2 218.7216.
    rows = []
    for row in _rows("normand"):
        n1, n2, s1, s2 = (float(row[c]) for c in ("n1i", "n2i", "sd1i", "sd2i"))
        pooled = math.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / (n1 + n2 - 2))
        rows.append(row | {"sd1i": str(pooled), "sd2i": str(pooled)})
    result = meta_analyse_rows(rows, "MD", "DL")
    assert_allclose(
        [result.estimate, result.ci_low, result.ci_high], [-14.0972, -24.4454, -3.7490], atol=1e-4
    )
    assert_allclose(result.tau2, 218.7216, atol=1e-4)


def test_dl_agrees_with_statsmodels_combine_effects() -> None:
    es = effect_sizes_from_rows(_rows("bcg"), "RR")
    sm = combine_effects(es.yi, es.vi, method_re="dl")
    ours = meta_analyse(es, "DL")
    assert_allclose(ours.estimate, sm.mean_effect_re, rtol=1e-10)
    assert_allclose(ours.tau2, sm.tau2, rtol=1e-10)


def test_ratio_measures_are_exponentiated_and_others_not() -> None:
    rr = meta_analyse_rows(_rows("bcg"), "RR", "REML")
    assert rr.exponentiated is not None
    assert_allclose(rr.exponentiated.estimate, math.exp(rr.estimate))
    assert meta_analyse_rows(_rows("bcg"), "RD", "REML").exponentiated is None


def test_hartung_knapp_with_fixed_effect_is_rejected() -> None:
    with pytest.raises(InputError, match="hk"):
        meta_analyse_rows(_rows("bcg"), "RR", "FE", hk=True)


@pytest.mark.parametrize(
    ("rows", "measure", "message"),
    [
        ([{"ai": 1, "bi": 2, "ci": 3}], "OR", "row 1, column di"),
        (
            [{"ai": 1, "bi": 2, "ci": 3, "di": 4}, {"ai": -1, "bi": 2, "ci": 3, "di": 4}],
            "RR",
            "row 2, column ai",
        ),
        ([{"ai": "x", "bi": 2, "ci": 3, "di": 4}], "RR", "row 1, column ai"),
        ([{"yi": 0.2, "vi": 0}], "GEN", "row 1, column vi"),
        ([{"xi": 5, "ni": 4}], "PLO", "row 1, column xi"),
    ],
)
def test_bad_rows_name_row_and_column(rows: list[dict[str, object]], measure: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        effect_sizes_from_rows(rows, measure)


def test_unknown_measure_and_method_list_allowed_values() -> None:
    with pytest.raises(InputError, match="RR, OR, RD"):
        effect_sizes_from_rows([{"yi": 1, "vi": 1}], "HR")
    with pytest.raises(InputError, match="FE, DL, REML, PM"):
        meta_analyse_rows([{"yi": 1, "vi": 1}, {"yi": 2, "vi": 1}], "GEN", "SJ")


effects = st.lists(
    st.tuples(st.floats(-3, 3, allow_nan=False), st.floats(0.01, 2, allow_nan=False)), min_size=3, max_size=12
)


@settings(max_examples=40, deadline=None)
@given(effects, st.sampled_from(list(Method)))
def test_estimate_lies_within_study_range_and_ci_contains_it(
    data: list[tuple[float, float]], method: Method
) -> None:
    rows = [{"yi": y, "vi": v} for y, v in data]
    result = meta_analyse_rows(rows, Measure.GEN, method)
    ys = [y for y, _ in data]
    assert min(ys) - 1e-9 <= result.estimate <= max(ys) + 1e-9
    assert result.ci_low <= result.estimate <= result.ci_high
    assert result.tau2 >= 0
    assert 0 <= result.I2 < 100
    assert result.pred_low <= result.ci_low + 1e-12
    assert_allclose(sum(s.weight_pct for s in result.studies), 100)


@settings(max_examples=30, deadline=None)
@given(effects)
def test_identical_studies_have_no_heterogeneity(data: list[tuple[float, float]]) -> None:
    rows = [{"yi": 0.5, "vi": v} for _, v in data]
    result = meta_analyse_rows(rows, "GEN", "REML")
    assert result.tau2 == 0
    assert_allclose(result.estimate, 0.5)
    assert_allclose(result.Q, 0, atol=1e-12)


def test_fixed_effect_estimate_is_inverse_variance_mean() -> None:
    es = effect_sizes_from_rows(_rows("bcg"), "OR")
    w = 1 / es.vi
    assert_allclose(meta_analyse(es, "FE").estimate, float(np.sum(w * es.yi) / np.sum(w)), rtol=1e-12)


def test_reml_estimate_maximises_the_restricted_likelihood() -> None:
    # Independent of metafor: the REML τ² maximises the restricted log-likelihood (Viechtbauer 2005,
    # doi:10.3102/10769986030003261); a bounded optimiser over that function finds the same value
    # (Fisher scoring stops at |Δτ²| < 1e-5).
    from scipy.optimize import minimize_scalar

    es = effect_sizes_from_rows(_rows("bcg"), "RR")

    def neg_restricted_loglik(tau2: float) -> float:
        w = 1 / (es.vi + tau2)
        mu = float(np.sum(w * es.yi) / np.sum(w))
        return float(0.5 * (np.sum(np.log(es.vi + tau2)) + np.log(np.sum(w)) + np.sum(w * (es.yi - mu) ** 2)))

    best = minimize_scalar(neg_restricted_loglik, bounds=(0, 5), method="bounded", options={"xatol": 1e-10})
    assert_allclose(meta_analyse(es, "REML").tau2, best.x, atol=1e-5)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.001, 99.0), st.floats(0.5, 3.0))
def test_r_uniroot_port_finds_roots_within_r_tolerance(root: float, power: float) -> None:
    from speciosa.learn._zeroin import R_TOL, r_uniroot

    found = r_uniroot(lambda t: (root + 1) ** power - (t + 1) ** power, 0.0, 100.0)
    assert abs(found - root) <= R_TOL


def test_reml_where_fisher_scoring_oscillates_returns_the_restricted_likelihood_maximum() -> None:
    # Found by hypothesis: Fisher scoring jumps between ~0.001 and ~0.026 here and never settles.
    import numpy as np

    from speciosa.learn._tau2 import Method as Tau2Method
    from speciosa.learn._tau2 import estimate_tau2, restricted_loglik

    yi, vi, x = np.array([0, 0, 0, 0, 1.5]), np.array([2, 2, 2, 2, 0.5]), np.ones((5, 1))
    tau2 = estimate_tau2(yi, vi, x, Tau2Method.REML)
    assert 0.0 < tau2 < 0.03
    best = restricted_loglik(yi, vi, x, tau2)
    for other in (0.0, tau2 * 0.5, tau2 * 1.5, tau2 + 0.01):
        assert restricted_loglik(yi, vi, x, other) < best
