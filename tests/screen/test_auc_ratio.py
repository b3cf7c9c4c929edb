"""Static-model terms against hand-computed values from the FDA 2020 guidance equations."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from speciosa.knowledge.pharmacology import load_pharmacology
from speciosa.screen.auc_ratio import gut_ratio, liver_ratio, predict_auc_ratio, reversible_term, tdi_term


def test_reversible_term_hand_computed() -> None:
    # Mitragynine CYP2D6 Ki 1.17 uM (Tanna 2021), Ih,u 0.19 uM (DMD 2023 Table 5):
    # A = 1/(1 + 0.19/1.17) = 0.86029
    assert_allclose(reversible_term(0.19, 1.17), 1 / (1 + 0.19 / 1.17), rtol=1e-12)
    assert_allclose(reversible_term(0.19, 1.17), 0.860294, rtol=1e-5)


def test_tdi_term_gut_hand_computed() -> None:
    # Ig = 391 uM, KI 4.2 uM, kinact 0.079/min = 4.74/h, kdeg = ln2/72 h = 0.0096270/h (Galetin 2006)
    # B = 0.009627 / (0.009627 + 4.74 * 391/(391+4.2)) = 0.009627 / (0.009627 + 4.68962) = 0.0020486
    kdeg = math.log(2) / 72
    assert_allclose(tdi_term(391.0, 4.2, 4.74, kdeg), 0.0020486, rtol=1e-3)


def test_gut_and_liver_ratios_hand_computed() -> None:
    # Gut: 1/(0.002 * (1-0.56) + 0.56) = 1/0.56088 = 1.78291; liver: 1/(0.5*0.9 + 0.1) = 1/0.55 = 1.81818
    assert_allclose(gut_ratio(0.002, 0.56), 1.782912, rtol=1e-6)
    assert_allclose(liver_ratio([0.5], [0.9]), 1.818182, rtol=1e-6)
    # Two enzymes: 1/(0.5*0.4 + 0.8*0.3 + 0.3) = 1/0.74
    assert_allclose(liver_ratio([0.5, 0.8], [0.4, 0.3]), 1 / 0.74, rtol=1e-12)


def test_vectorised_matches_scalar() -> None:
    i = np.array([0.1, 1.0, 10.0])
    assert_allclose(reversible_term(i, 1.0), [1 / 1.1, 0.5, 1 / 11], rtol=1e-12)


@given(st.floats(0, 1e4), st.floats(0.01, 1e3), st.floats(0.01, 100), st.floats(1e-4, 1))
def test_tdi_term_is_a_fraction(i: float, ki: float, kinact: float, kdeg: float) -> None:
    b = tdi_term(i, ki, kinact, kdeg)
    assert 0.0 < b <= 1.0


def test_prediction_is_reproducible_with_seed_and_brackets_point() -> None:
    pharm = load_pharmacology()
    args = {
        "fm": {"cyp2d6": 0.9},
        "fg": None,
        "ig_um": (391.0, 78.0, 1246.0),
        "ih_u_um": (0.19, 0.038, 0.605),
        "pharm": pharm,
    }
    a = predict_auc_ratio(**args, mc_samples=500, seed=1)  # type: ignore[arg-type]
    b = predict_auc_ratio(**args, mc_samples=500, seed=1)  # type: ignore[arg-type]
    assert a.low == b.low
    assert a.high == b.high
    assert a.point is not None
    assert a.low is not None
    assert a.high is not None
    assert a.low <= a.point <= a.high
    # CYP2D6 only: point = 1/(0.9 * 1/(1+0.19/1.17) + 0.1) = 1/(0.774265 + 0.1) = 1.14382
    assert_allclose(a.point, 1.143818, rtol=1e-5)


def test_cyp3a_without_fg_is_null_with_reason() -> None:
    pred = predict_auc_ratio(
        fm={"cyp3a": 0.9},
        fg=None,
        ig_um=(391.0, 78.0, 1246.0),
        ih_u_um=(0.19, 0.038, 0.605),
        pharm=load_pharmacology(),
    )
    assert pred.point is None
    assert pred.reason is not None
    assert "Fg" in pred.reason


def test_cyp3a_gut_term_midazolam_like() -> None:
    # Gut-only (fm = 0 in liver): Ag (reversible, Ki 5.7) x Bg (TDI HIM) with Ig 391 uM, Fg 0.56:
    # Ag = 1/(1+391/5.7) = 0.014369; Bg = 0.0020486; X = 2.9436e-5; ratio = 1/(X*0.44 + 0.56) = 1.78569
    pred = predict_auc_ratio(
        fm={"cyp3a": 1e-12},
        fg=0.56,
        ig_um=(391.0, 78.0, 1246.0),
        ih_u_um=(0.19, 0.038, 0.605),
        pharm=load_pharmacology(),
        mc_samples=200,
    )
    assert pred.point is not None
    assert_allclose(pred.numbers["gut_ratio"], 1.78569, rtol=1e-3)  # type: ignore[arg-type]


def test_batch_matches_single_point() -> None:
    # The vectorised population model must give the same point value as the single-patient model.
    from speciosa.screen.auc_ratio import batch_auc_ratio, mitragynine_params

    pharm = load_pharmacology()
    single = predict_auc_ratio(
        fm={"cyp3a": 0.6, "cyp2d6": 0.3},
        fg=0.5,
        ig_um=(391.0, 78.0, 1246.0),
        ih_u_um=(0.19, 0.038, 0.605),
        pharm=pharm,
        mc_samples=100,
    )
    batch = batch_auc_ratio(
        np.array([391.0]),
        np.array([0.19]),
        np.array([0.6]),
        np.array([0.3]),
        np.array([0.5]),
        mitragynine_params(pharm),
    )
    assert single.point is not None
    assert_allclose(batch[0], single.point, rtol=1e-12)


@given(
    st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.05, 1.0), st.floats(0.0, 1e3), st.floats(0.0, 10.0)
)
def test_inhibition_never_lowers_auc(fm3a: float, fm2d6_raw: float, fg: float, ig: float, ih: float) -> None:
    # All A, B terms are <= 1 and C = 1, so the predicted AUC ratio is >= 1 (FDA 2020 equation structure).
    from speciosa.screen.auc_ratio import batch_auc_ratio, mitragynine_params

    fm2d6 = fm2d6_raw * (1.0 - fm3a)
    params = mitragynine_params(load_pharmacology())
    r = batch_auc_ratio(
        np.array([ig]), np.array([ih]), np.array([fm3a]), np.array([fm2d6]), np.array([fg]), params
    )
    assert r[0] >= 1.0 - 1e-12
