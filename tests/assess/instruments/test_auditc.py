"""AUDIT-C: questions 1-3 of the WHO AUDIT, each 0-4, total 0-12. LOINC 75626-2 (citing Bradley et al.,
Arch Intern Med 2003, PMID 12695273): positive at >=4 for men and >=3 for women."""

from __future__ import annotations

import pytest

from speciosa.assess.instruments import score
from speciosa.errors import InputError
from speciosa.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("answers", "sex", "positive"),
    [
        ([1, 1, 0], "female", False),  # 2
        ([1, 1, 1], "female", True),  # 3
        ([1, 1, 1], "male", False),  # 3
        ([2, 1, 1], "male", True),  # 4
    ],
)
def test_sex_specific_cutoffs_both_sides(
    kb: KnowledgeBase, answers: list[int], sex: str, positive: bool
) -> None:
    result = score("audit-c", answers, kb, sex=sex)
    assert result.positive_screen is positive
    assert result.basis.numbers["screen_cutoff"] == (3 if sex == "female" else 4)


@pytest.mark.parametrize(("answers", "positive"), [([1, 1, 0], False), ([1, 1, 1], None), ([2, 1, 1], True)])
def test_without_sex_only_undecidable_totals_stay_open(
    kb: KnowledgeBase, answers: list[int], positive: bool | None
) -> None:
    result = score("audit-c", answers, kb)
    assert result.positive_screen is positive
    assert ("screen-needs-sex" in [a.code for a in result.alerts]) is (positive is None)


def test_maximum_is_12(kb: KnowledgeBase) -> None:
    assert score("audit-c", [4, 4, 4], kb, sex="male").total == 12


def test_bad_sex_names_allowed_values(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="sex: got 'other'; allowed: female or male"):
        score("audit-c", [0, 0, 0], kb, sex="other")


def test_item_out_of_range(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match=r"item 2: got 5; allowed: 0, 1, 2, 3, 4"):
        score("audit-c", [0, 5, 0], kb)
