"""PHQ-9 scoring against its primary sources.

Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16:606-613 (PMID 11556941): items 0-3,
total 0-27, scores of 5, 10, 15 and 20 start the mild, moderate, moderately severe and severe bands.
LOINC 44261-6 labels 0-4 minimal. No missing-item rule was found -> any missing item is invalid.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speciosa.assess.instruments import score
from speciosa.errors import InputError
from speciosa.grading import AlertLevel
from speciosa.knowledge import KnowledgeBase

Builder = Callable[[str, int], list[int | None]]


def test_hand_computed_example(kb: KnowledgeBase) -> None:
    # 3+3+1+2+0+0+1+2+1 = 13 -> moderate (10-14), Kroenke 2001; item 9 = 1 -> urgent.
    result = score("phq-9", [3, 3, 1, 2, 0, 0, 1, 2, 1], kb)
    assert (result.total, result.severity, result.valid) == (13, "moderate", True)
    assert result.alerts[0].level is AlertLevel.URGENT
    assert result.alerts[0].code == "suicide-risk"


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately-severe"),
        (19, "moderately-severe"),
        (20, "severe"),
        (24, "severe"),
    ],
)
def test_every_band_boundary_both_sides(
    kb: KnowledgeBase, answers_for: Builder, total: int, band: str
) -> None:
    answers = answers_for("phq-9", total)
    assert answers[8] == 0
    result = score("phq-9", answers, kb)
    assert result.total == total
    assert result.severity == band
    assert not result.urgent


def test_maximum_total_is_severe_and_urgent(kb: KnowledgeBase) -> None:
    result = score("phq-9", [3] * 9, kb)
    assert (result.total, result.severity) == (27, "severe")
    assert result.urgent


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_every_nonzero_item9_answer_is_urgent_suicide_risk(kb: KnowledgeBase, item9: int) -> None:
    result = score("phq-9", [0, 0, 0, 0, 0, 0, 0, 0, item9], kb)
    urgent = [a for a in result.alerts if a.level is AlertLevel.URGENT]
    assert [a.code for a in urgent] == ["suicide-risk"]
    assert urgent[0].action is not None
    assert "safety plan" in urgent[0].action
    assert f"answer: {item9}" in urgent[0].message
    assert "src-inst-kroenke-2001-phq9" in urgent[0].basis.sources  # type: ignore[union-attr]


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_item9_alert_fires_even_when_total_is_invalid(kb: KnowledgeBase, item9: int) -> None:
    result = score("phq-9", [None, None, None, None, None, None, None, None, item9], kb)
    assert not result.valid
    assert result.total is None
    assert result.alerts[0].code == "suicide-risk"
    assert result.alerts[0].level is AlertLevel.URGENT


def test_item9_zero_raises_no_suicide_alert(kb: KnowledgeBase) -> None:
    result = score("phq-9", [3, 3, 3, 3, 3, 3, 3, 3, 0], kb)
    assert all(a.code != "suicide-risk" for a in result.alerts)
    assert result.severity == "severe"  # 24


def test_missing_item9_warns_that_risk_cannot_be_ruled_out(kb: KnowledgeBase) -> None:
    result = score("phq-9", [0, 0, 0, 0, 0, 0, 0, 0, None], kb)
    codes = [a.code for a in result.alerts]
    assert "suicide-risk-item-missing" in codes
    assert not result.urgent


@pytest.mark.parametrize("missing", [[0], [4], [0, 1], [0, 1, 2]])
def test_any_missing_item_makes_the_total_invalid(kb: KnowledgeBase, missing: list[int]) -> None:
    answers: list[int | None] = [2, 2, 2, 2, 2, 2, 2, 2, 0]
    for index in missing:
        answers[index] = None
    result = score("phq-9", answers, kb)
    assert result.valid is False
    assert result.total is None
    assert result.severity is None
    assert result.prorated is False
    assert result.missing_items == tuple(i + 1 for i in missing)
    assert "incomplete-instrument" in [a.code for a in result.alerts]


def test_functional_difficulty_is_recorded_not_scored(kb: KnowledgeBase) -> None:
    # LOINC LL359-1: Not difficult at all / Somewhat / Very / Extremely difficult.
    plain = score("phq-9", [1, 1, 1, 1, 1, 1, 1, 1, 0], kb)
    with_fd = score("phq-9", [1, 1, 1, 1, 1, 1, 1, 1, 0], kb, functional_difficulty=3)
    assert plain.total == with_fd.total == 8
    assert with_fd.functional_difficulty_label == "Extremely difficult"


def test_functional_difficulty_out_of_range_names_allowed_values(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match=r"functional_difficulty.*0 \(Not difficult at all\)"):
        score("phq-9", [0] * 9, kb, functional_difficulty=4)


@pytest.mark.parametrize(
    ("answers", "pattern"),
    [
        ([0] * 8, r"answers: got '8 answers'; allowed: exactly 9 answers"),
        ([0] * 10, r"exactly 9 answers"),
        ([0, 0, 4, 0, 0, 0, 0, 0, 0], r"item 3: got 4; allowed: 0, 1, 2, 3"),
        ([0, 0, 0, 0, 0, 0, 0, 0, -1], r"item 9: got -1; allowed: 0, 1, 2, 3"),
        ([True, 0, 0, 0, 0, 0, 0, 0, 0], r"item 1: got True"),
        ([0, 1.0, 0, 0, 0, 0, 0, 0, 0], r"item 2: got 1.0"),
    ],
)
def test_bad_input_names_item_and_allowed_values(
    kb: KnowledgeBase, answers: list[object], pattern: str
) -> None:
    with pytest.raises(InputError, match=pattern):
        score("phq-9", answers, kb)  # type: ignore[arg-type]


def test_unknown_instrument_lists_the_known_ones(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match=r"instrument: got 'phq-10'; allowed: one of: audit-c, cows"):
        score("phq-10", [0], kb)


def test_id_and_short_name_are_accepted(kb: KnowledgeBase) -> None:
    assert score("PHQ9", [0] * 9, kb).instrument == "phq-9"


def test_basis_carries_rule_sources_and_knowledge_version(kb: KnowledgeBase) -> None:
    result = score("phq-9", [1] * 8 + [0], kb)
    assert result.basis.knowledge_version == kb.version_label
    assert result.basis.numbers["band_min"] == 5
    assert result.basis.numbers["band_max"] == 9
    assert "src-inst-kroenke-2001-phq9" in result.basis.sources


answer = st.one_of(st.none(), st.integers(0, 3))


@settings(max_examples=300, deadline=None)
@given(st.lists(answer, min_size=9, max_size=9))
def test_property_total_in_range_and_urgent_iff_item9_positive(answers: list[int | None]) -> None:
    from speciosa.knowledge import load_knowledge

    result = score("phq-9", answers, load_knowledge())
    if None in answers:
        assert result.total is None
        assert not result.valid
    else:
        assert result.total == sum(a for a in answers if a is not None)
        assert 0 <= result.total <= 27
    assert result.urgent == (answers[8] is not None and answers[8] > 0)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.integers(), st.booleans(), st.floats(allow_nan=True), st.text(max_size=3)),
        max_size=12,
    )
)
def test_property_no_input_crashes_only_input_error(answers: list[object]) -> None:
    from speciosa.knowledge import load_knowledge

    field: str | None = None
    try:
        result = score("phq-9", answers, load_knowledge())  # type: ignore[arg-type]
    except InputError as exc:
        field = exc.field
    if field is not None:
        assert field == "answers" or field.startswith("item ")
    else:
        assert result.total is None or 0 <= result.total <= 27
