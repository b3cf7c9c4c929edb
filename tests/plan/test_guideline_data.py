"""The guideline section of the knowledge base: schema, sources, numbers the plan needs."""

from __future__ import annotations

import pytest

from speciosa.errors import KnowledgeError
from speciosa.knowledge import KnowledgeBase
from speciosa.knowledge.guidelines import GuidelineKind, step

REQUIRED = {
    # NICE NG222 definitions of severity: PHQ-9 16 splits less/more severe.
    "gl-nice-severity-phq9": {"phq9_more_severe_min": 16},
    # NICE NG222 1.4.11: first review within 2 weeks; 1 week at 18-25 or suicide concern.
    "gl-nice-first-review": {
        "first_review_within_weeks": 2,
        "early_review_within_weeks": 1,
        "early_review_age_min_years": 18,
        "early_review_age_max_years": 25,
    },
    # NICE NG222 1.5.1: further assessment within 2 to 4 weeks.
    "gl-nice-reassessment": {"reassess_within_weeks_min": 2, "reassess_within_weeks_max": 4},
    # NICE NG222 1.9.1: no response after 4 weeks of an antidepressant.
    "gl-nice-no-response": {"no_response_antidepressant_weeks": 4},
    # Hy's law as quoted from the FDA DILI guidance: >= 3 x ULN aminotransferase, > 2 x ULN bilirubin.
    "gl-lab-liver-hys-law": {"aminotransferase_x_uln": 3, "bilirubin_x_uln": 2},
    # PMC8237186 abstract: normal QTc < 450 ms (men), < 460 ms (women).
    "gl-lab-qtc-upper-normal": {"qtc_upper_normal_male_ms": 450, "qtc_upper_normal_female_ms": 460},
}


@pytest.mark.parametrize(("entry_id", "numbers"), sorted(REQUIRED.items()))
def test_numbers_match_what_was_read_in_the_source(
    entry_id: str, numbers: dict[str, float], kb: KnowledgeBase
) -> None:
    entry = step(kb.guidelines, entry_id)
    for key, value in numbers.items():
        assert entry.number(key) == value


def test_every_guideline_source_is_ours_and_resolves(kb: KnowledgeBase) -> None:
    known = kb.source_ids()
    for entry in kb.guidelines:
        assert entry.sources, entry.id
        assert set(entry.sources) <= known, entry.id
    assert any(s.startswith("src-gl-") for s in known)


def test_ids_are_unique_and_every_kind_is_used(kb: KnowledgeBase) -> None:
    ids = [g.id for g in kb.guidelines]
    assert len(ids) == len(set(ids))
    used = {g.kind for g in kb.guidelines}
    assert used == set(GuidelineKind)


def test_unknown_interval_is_a_knowledge_error_not_a_number(kb: KnowledgeBase) -> None:
    entry = step(kb.guidelines, "gl-lab-kratom-liver")
    assert entry.numbers["routine_lft_interval_weeks"] == "unknown"
    with pytest.raises(KnowledgeError, match="routine_lft_interval_weeks"):
        entry.number("routine_lft_interval_weeks")


def test_missing_entry_is_a_knowledge_error(kb: KnowledgeBase) -> None:
    with pytest.raises(KnowledgeError, match="gl-does-not-exist"):
        step(kb.guidelines, "gl-does-not-exist")
