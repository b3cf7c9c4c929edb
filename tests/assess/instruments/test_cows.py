"""COWS: Wesson & Ling, J Psychoactive Drugs 2003;35:253-9: 11 clinician-rated items with item-specific
scores (TIP 43 reproduction), total 0-48; 5-12 mild, 13-24 moderate, 25-36 moderately severe, >36 severe."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from speciosa.assess.instruments import score
from speciosa.errors import InputError
from speciosa.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "below-mild"),
        (5, "mild"),
        (12, "mild"),
        (13, "moderate"),
        (24, "moderate"),
        (25, "moderately-severe"),
        (36, "moderately-severe"),
        (37, "severe"),
        (48, "severe"),
    ],
)
def test_band_boundaries_both_sides(
    kb: KnowledgeBase, answers_for: Callable[[str, int], list[int | None]], total: int, band: str
) -> None:
    result = score("cows", answers_for("cows", total), kb)
    assert (result.total, result.severity) == (total, band)


def test_hand_computed_example(kb: KnowledgeBase) -> None:
    # pulse 101-120 (2) + sweat beads (3) + shifting (3) + moderately dilated (2) + mild aches (1)
    # + runny nose (1) + vomiting/diarrhoea (3) + slight tremor (2) + yawning 3+ (2) + irritable (2)
    # + piloerection (3) = 24 -> moderate (13-24).
    result = score("cows", [2, 3, 3, 2, 1, 1, 3, 2, 2, 2, 3], kb)
    assert (result.total, result.severity) == (24, "moderate")


def test_item_specific_values(kb: KnowledgeBase) -> None:
    # Pulse has no score 3: TIP 43 lists 0, 1, 2, 4.
    with pytest.raises(InputError, match=r"item 1: got 3; allowed: 0, 1, 2, 4"):
        score("cows", [3] + [0] * 10, kb)
