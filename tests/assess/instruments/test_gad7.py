"""GAD-7: Spitzer et al., Arch Intern Med 2006;166:1092-7 (PMID 16717171): items 0-3, total 0-21;
cut-points 5, 10, 15 (mild, moderate, severe); further evaluation at >=10."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from speciosa.assess.instruments import score
from speciosa.grading import AlertLevel
from speciosa.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("total", "band", "positive"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "severe", True),
        (21, "severe", True),
    ],
)
def test_band_and_screen_boundaries(
    kb: KnowledgeBase,
    answers_for: Callable[[str, int], list[int | None]],
    total: int,
    band: str,
    positive: bool,
) -> None:
    result = score("gad-7", answers_for("gad-7", total), kb)
    assert (result.total, result.severity, result.positive_screen) == (total, band, positive)


def test_hand_computed_example(kb: KnowledgeBase) -> None:
    # 2+3+3+2+1+2+3 = 16 -> severe (15-21): warning, and >=10 -> further evaluation (info).
    result = score("gad-7", [2, 3, 3, 2, 1, 2, 3], kb)
    assert result.total == 16
    assert {(a.code, a.level) for a in result.alerts} == {
        ("gad-7-severe", AlertLevel.WARNING),
        ("positive-screen", AlertLevel.INFO),
    }


def test_no_urgent_alert_exists_for_gad7(kb: KnowledgeBase) -> None:
    assert not score("gad-7", [3] * 7, kb).urgent
