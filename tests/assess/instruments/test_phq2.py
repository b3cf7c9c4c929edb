"""PHQ-2: Kroenke, Spitzer & Williams, Med Care 2003;41:1284-92 (PMID 14583691): items 0-3, total 0-6,
score >=3 is the optimal screening cut-point."""

from __future__ import annotations

import pytest

from speciosa.assess.instruments import score
from speciosa.errors import InputError
from speciosa.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("answers", "total", "positive"),
    [([0, 0], 0, False), ([1, 1], 2, False), ([2, 1], 3, True), ([3, 3], 6, True)],
)
def test_cutpoint_3_both_sides(kb: KnowledgeBase, answers: list[int], total: int, positive: bool) -> None:
    result = score("phq-2", answers, kb)
    assert (result.total, result.positive_screen, result.severity) == (total, positive, None)
    assert ("positive-screen" in [a.code for a in result.alerts]) is positive


def test_positive_screen_asks_for_full_phq9(kb: KnowledgeBase) -> None:
    alert = next(a for a in score("phq-2", [3, 0], kb).alerts if a.code == "positive-screen")
    assert alert.action is not None
    assert "PHQ-9" in alert.action


def test_missing_item_is_invalid(kb: KnowledgeBase) -> None:
    result = score("phq-2", [3, None], kb)
    assert (result.valid, result.total, result.positive_screen) == (False, None, None)


def test_wrong_count(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="exactly 2 answers"):
        score("phq-2", [1, 1, 1], kb)
