"""Trajectory over dated PHQ-9 totals.

Response >=50% reduction and remission PHQ-9 <5: Psychiatr Serv 2020, doi 10.1176/appi.ps.201900295.
Minimal important difference 5 points: Lowe et al., Med Care 2004;42:1194-201.
Reliable change index: Jacobson & Truax 1991, RCI = (x2 - x1) / (sqrt(2) * SD * sqrt(1 - r)), |RCI| > 1.96.
"""

from __future__ import annotations

from datetime import date

import pytest
from numpy.testing import assert_allclose

from speciosa.errors import InputError
from speciosa.knowledge import load_knowledge
from speciosa.monitor.trajectory import (
    DatedScore,
    ReliableChangeParameters,
    reliable_change_index,
    trajectory,
)

D0, D1, D2 = date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)
# Illustrative parameters for the arithmetic only (the knowledge base holds "unknown" for PHQ-9).
PARAMS = ReliableChangeParameters(
    test_retest_reliability=0.84, sd=5.0, sources=("src-inst-jacobson-truax-1991",)
)


def _t(*totals: int, params: ReliableChangeParameters | None = None, instrument: str = "phq-9"):  # type: ignore[no-untyped-def]
    days = [D0, D1, D2][: len(totals)]
    return trajectory(
        instrument,
        [DatedScore(on=d, total=t) for d, t in zip(days, totals, strict=True)],
        load_knowledge(),
        reliable_change=params,
    )


@pytest.mark.parametrize(("baseline", "latest", "response"), [(18, 9, True), (18, 10, False), (10, 5, True)])
def test_response_is_at_least_50_percent_reduction(baseline: int, latest: int, response: bool) -> None:
    assert _t(baseline, latest).response is response


@pytest.mark.parametrize(("latest", "remission"), [(4, True), (5, False)])
def test_remission_below_5(latest: int, remission: bool) -> None:
    assert _t(16, latest).remission is remission


def test_change_and_percent_and_order_by_date() -> None:
    t = trajectory("phq-9", [DatedScore(on=D2, total=6), DatedScore(on=D0, total=12)], load_knowledge())
    assert (t.baseline_total, t.latest_total, t.change_from_baseline) == (12, 6, -6)
    assert t.percent_change is not None
    assert_allclose(t.percent_change, -50.0)


def test_reliable_change_not_computed_without_sourced_parameters() -> None:
    t = _t(20, 10)
    assert t.reliable_change_index is None
    assert t.reliable_change is None
    assert any("unknown in the knowledge base" in w for w in t.warnings)


@pytest.mark.parametrize(
    ("baseline", "latest", "rci", "category"),
    [
        (20, 10, -3.5355339, "reliable improvement"),  # -10 / (sqrt2 * 5 * 0.4)
        (10, 14, 1.4142136, "no reliable change"),  # 4 / 2.8284
        (10, 16, 2.1213203, "reliable deterioration"),  # 6 / 2.8284
    ],
)
def test_jacobson_truax_hand_computed(baseline: int, latest: int, rci: float, category: str) -> None:
    t = _t(baseline, latest, params=PARAMS)
    assert t.reliable_change_index is not None
    assert_allclose(t.reliable_change_index, rci, rtol=1e-6)
    assert t.reliable_change == category
    assert ("reliable-worsening" in [a.code for a in t.alerts]) is (category == "reliable deterioration")


def test_rci_function() -> None:
    assert_allclose(reliable_change_index(20, 10, 0.84, 5.0), -3.5355339, rtol=1e-6)


@pytest.mark.parametrize(("latest", "alerted"), [(13, True), (12, False)])
def test_worsening_by_minimal_important_difference(latest: int, alerted: bool) -> None:
    assert ("clinically-important-worsening" in [a.code for a in _t(8, latest).alerts]) is alerted


def test_band_worsening_against_previous_score() -> None:
    t = _t(12, 8, 10)  # mild (8) -> moderate (10)
    assert "worsening-band" in [a.code for a in t.alerts]
    assert [p.band for p in t.points] == ["moderate", "mild", "moderate"]


def test_instrument_without_sourced_outcomes_reports_unknown() -> None:
    t = _t(15, 5, instrument="gad-7")
    assert (t.response, t.remission) == (None, None)
    assert any("Response not assessed" in w for w in t.warnings)


def test_baseline_zero_response_not_assessed() -> None:
    assert _t(0, 0).response is None


@pytest.mark.parametrize(
    ("scores", "pattern"),
    [
        ([], "at least one dated score"),
        ([DatedScore(on=D0, total=28)], r"scores\[0\].total: got 28; allowed: an integer 0-27"),
        ([DatedScore(on=D0, total=3), DatedScore(on=D0, total=4)], "one score per date"),
    ],
)
def test_bad_input(scores: list[DatedScore], pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        trajectory("phq-9", scores, load_knowledge())
