"""Exposure: dose, unit conversions and concentrations, hand-computed from the cited sources."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from speciosa.assess.exposure import kratom_use, predict_exposure
from speciosa.errors import InputError
from speciosa.knowledge.pharmacology import load_pharmacology
from speciosa.units import mg_to_umol

PHARM = load_pharmacology()


def test_tanna_2022_dose_reproduces_published_concentrations() -> None:
    # 2 g of K51 tea x 19.48 mg/g = 38.96 mg (DMD 2023 Table 3: 39 mg); /398.4953 g/mol = 97.77 umol;
    # Ig = 97.77 umol / 0.25 L = 391.1 uM ("~400 uM", DMD 2023 Table 5); Cmax = 81.9 x 38.96/39 = 81.82 nM.
    exp = predict_exposure(
        kratom_use(product="leaf-tea", grams_per_dose=2, doses_per_day=1, regimen="single"), PHARM
    )
    m = exp.mitragynine
    assert m.dose_mg_per_dose is not None
    assert m.intestinal_conc_um is not None
    assert m.cmax_nm is not None
    assert_allclose(m.dose_mg_per_dose.point, 38.96, rtol=1e-9)
    assert_allclose(m.intestinal_conc_um.point, 38.96 / 398.4953 * 1000 / 0.25, rtol=1e-9)
    assert_allclose(m.cmax_nm.point, 81.9 * 38.96 / 39.0, rtol=1e-9)
    assert exp.content_source == "published-range"
    assert m.cmax_unbound_nm is None
    assert m.fraction_unbound_plasma == "unknown"


def test_coa_value_is_used_and_reported() -> None:
    exp = predict_exposure(
        kratom_use(product="leaf-powder", grams_per_dose=5, doses_per_day=2, mitragynine_mg_per_g=10), PHARM
    )
    assert exp.content_source == "certificate-of-analysis"
    assert exp.mitragynine.dose_mg_per_day is not None
    assert_allclose(exp.mitragynine.dose_mg_per_day.point, 100.0)  # 5 g x 10 mg/g x 2


def test_chronic_accumulation_and_css() -> None:
    # Once daily, t1/2 45.3 h: R = 1/(1-exp(-ln2*24/45.3)) = 3.3178;
    # Css,avg = 97.77 umol/24 h / 233 L/h = 17.48 nM
    exp = predict_exposure(
        kratom_use(product="leaf-tea", grams_per_dose=2, doses_per_day=1, regimen="chronic"), PHARM
    )
    m = exp.mitragynine
    r = 1 / (1 - math.exp(-math.log(2) * 24 / 45.3))
    assert m.cmax_nm is not None
    assert m.css_avg_nm is not None
    assert_allclose(m.cmax_nm.point, 81.9 * 38.96 / 39 * r, rtol=1e-9)
    assert_allclose(m.css_avg_nm.point, mg_to_umol(38.96, 398.4953) / 24 / 233 * 1000, rtol=1e-9)


def test_extract_without_typical_content_uses_upper_bound_and_warns() -> None:
    exp = predict_exposure(kratom_use(product="extract", extract_mg_per_dose=500, doses_per_day=1), PHARM)
    assert exp.mitragynine.dose_mg_per_dose is not None
    assert_allclose(exp.mitragynine.dose_mg_per_dose.point, 0.5 * 270.0)  # Manwill 2022 upper bound
    assert any("upper bound" in w for w in exp.warnings)


def test_seven_oh_product_plasma_unknown() -> None:
    exp = predict_exposure(
        kratom_use(product="7-oh-product", extract_mg_per_dose=100, doses_per_day=1), PHARM
    )
    assert exp.seven_oh.cmax_nm is None
    assert exp.seven_oh.dose_mg_per_dose is not None
    assert_allclose(exp.seven_oh.dose_mg_per_dose.high, 0.1 * 75.0)  # Brown 2025: 22-75 mg/g


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"product": "leaf-powder", "grams_per_dose": -2, "doses_per_day": 1}, "grams_per_dose"),
        ({"product": "leaf-powder", "grams_per_dose": 500, "doses_per_day": 1}, "grams_per_dose"),
        ({"product": "leaf-powder", "grams_per_dose": 2, "doses_per_day": 0}, "doses_per_day"),
        ({"product": "leaf-powder", "doses_per_day": 1}, "grams_per_dose"),
        ({"product": "resin", "grams_per_dose": 2, "doses_per_day": 1}, "product"),
        ({"product": "leaf-powder", "grams_per_dose": 2, "doses_per_day": 1, "regimen": "weekly"}, "regimen"),
    ],
)
def test_bad_input_names_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError, match=field):
        kratom_use(**kwargs)  # type: ignore[arg-type]


@given(st.floats(0.01, 1000))
def test_mg_umol_round_trip(mg: float) -> None:
    umol = mg_to_umol(mg, 398.4953)
    assert_allclose(umol * 398.4953 / 1000, mg, rtol=1e-12)


@given(st.floats(0.1, 100))
def test_dose_linear_in_grams(grams: float) -> None:
    a = predict_exposure(kratom_use(product="capsule", grams_per_dose=grams, doses_per_day=1), PHARM)
    assert a.mitragynine.dose_mg_per_dose is not None
    assert_allclose(a.mitragynine.dose_mg_per_dose.point, grams * 13.3, rtol=1e-9)  # Huestis 2024: 13.3 mg/g


def test_extrapolation_beyond_studied_dose_is_flagged() -> None:
    # Huestis 2024: dose-proportional Cmax over 6.65-53.2 mg; 10 g x 19.48 mg/g = 194.8 mg is beyond it.
    exp = predict_exposure(kratom_use(product="leaf-powder", grams_per_dose=10, doses_per_day=1), PHARM)
    assert any("extrapolation" in w for w in exp.warnings)
    small = predict_exposure(kratom_use(product="leaf-powder", grams_per_dose=2, doses_per_day=1), PHARM)
    assert not any("extrapolation" in w for w in small.warnings)
