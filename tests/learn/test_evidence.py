"""Evidence summaries and GRADE-style certainty (speciosa.learn.evidence, speciosa.learn.certainty)."""

from __future__ import annotations

import pytest

from speciosa.errors import InputError
from speciosa.grading import Certainty
from speciosa.knowledge.evidence import Direction, EvidenceRecord, Question, StudyDesign, load_evidence
from speciosa.knowledge.loader import load_section
from speciosa.knowledge.sources import Source
from speciosa.learn.certainty import Domain, load_grade_rules, rate_certainty
from speciosa.learn.evidence import SUMMARY_QUESTIONS, summarise_all, summarise_evidence

RULES = load_grade_rules()


def _record(
    rid: str,
    design: StudyDesign,
    certainty: Certainty,
    direction: Direction = Direction.HARM,
    n: int | str = 100,
) -> EvidenceRecord:
    return EvidenceRecord.model_validate(
        {
            "id": rid,
            "citation": f"Synthetic citation {rid}",
            "year": 2024,
            "design": design.value,
            "n": n,
            "population": "synthetic",
            "questions": ["liver-injury"],
            "key_finding": "Synthetic finding for tests.",
            "direction": direction.value,
            "certainty": certainty.value,
            "certainty_reason": "synthetic test record",
            "locator": "n/a",
            "sources": ["src-learn-balshem-2011"],
        }
    )


def test_every_rule_source_is_defined_in_data_sources() -> None:
    defined = {s.id for s in load_section(Source, "sources")}
    assert set(RULES.source_ids()) <= defined


def test_randomised_trials_start_high_and_observational_low() -> None:
    # Balshem 2011 (src-learn-balshem-2011): randomized trials begin as high-quality evidence,
    # observational studies as low.
    assert RULES.start_for(StudyDesign.RCT) is Certainty.HIGH
    assert RULES.start_for(StudyDesign.COHORT) is Certainty.LOW
    assert RULES.start_for(StudyDesign.CASE_REPORT) is Certainty.VERY_LOW


def test_two_consistent_high_quality_trials_stay_high() -> None:
    body = [_record("a", StudyDesign.RCT, Certainty.HIGH), _record("b", StudyDesign.RCT, Certainty.HIGH)]
    rating = rate_certainty(body, RULES)
    assert rating.overall is Certainty.HIGH
    assert rating.reasons() == ()
    assert Domain.PUBLICATION_BIAS in rating.not_assessed


def test_single_trial_is_rated_down_for_imprecision() -> None:
    rating = rate_certainty([_record("a", StudyDesign.RCT, Certainty.HIGH)], RULES)
    assert rating.overall is Certainty.MODERATE
    assert any(r.startswith("imprecision") for r in rating.reasons())


def test_opposite_directions_rate_down_for_inconsistency() -> None:
    body = [
        _record("a", StudyDesign.RCT, Certainty.HIGH, Direction.BENEFIT),
        _record("b", StudyDesign.RCT, Certainty.HIGH, Direction.HARM),
    ]
    rating = rate_certainty(body, RULES)
    assert rating.overall is Certainty.MODERATE
    assert any(r.startswith("inconsistency") for r in rating.reasons())


def test_reviewer_rated_down_trials_carry_risk_of_bias_and_floor_is_very_low() -> None:
    body = [
        _record("a", StudyDesign.RCT, Certainty.LOW),
        _record("b", StudyDesign.RCT, Certainty.VERY_LOW, Direction.BENEFIT),
    ]
    rating = rate_certainty(body, RULES)
    assert rating.downgrades[0].domain is Domain.RISK_OF_BIAS
    assert rating.downgrades[0].levels == 2
    assert rating.overall is Certainty.VERY_LOW


def test_animal_and_in_vitro_only_give_no_rating() -> None:
    body = [
        _record("a", StudyDesign.ANIMAL, Certainty.LOW),
        _record("b", StudyDesign.IN_VITRO, Certainty.LOW),
    ]
    summary = summarise_evidence(Question.LIVER_INJURY, body, RULES, "test")
    assert summary.certainty is None
    assert "No human studies" in summary.plain_language
    assert all(not s.counted for s in summary.studies)


def test_plain_language_uses_grade_statement_for_the_level() -> None:
    # Santesso 2020 (src-learn-santesso-2020): low certainty -> "may result in".
    body = [_record("a", StudyDesign.COHORT, Certainty.LOW), _record("b", StudyDesign.COHORT, Certainty.LOW)]
    summary = summarise_evidence(Question.LIVER_INJURY, body, RULES, "test")
    assert summary.certainty is Certainty.LOW
    assert "may result in harm" in summary.plain_language


def test_benefit_never_reads_as_a_recommendation() -> None:
    body = [_record("a", StudyDesign.SURVEY, Certainty.VERY_LOW, Direction.BENEFIT)]
    summary = summarise_evidence(Question.LIVER_INJURY, body, RULES, "test")
    assert "never recommends" in summary.plain_language


@pytest.mark.parametrize("question", list(SUMMARY_QUESTIONS))
def test_every_knowledge_base_summary_shows_certainty_reasons_and_sources(question: Question) -> None:
    summary = summarise_evidence(question, load_evidence(), RULES, "kb-test")
    assert summary.studies, f"no evidence records for {question.value}"
    assert summary.certainty is not None
    assert summary.sources
    assert "src-learn-balshem-2011" in summary.basis.sources
    text = summary.summary()
    assert f"certainty {summary.certainty.value}" in text
    assert "kb-test" in text


def test_mood_depression_is_very_low_certainty_from_the_knowledge_base() -> None:
    # The records (data/evidence/mood-depression.yaml) are surveys and correlational reviews with no RCT of
    # kratom for depression, so GRADE cannot exceed very low.
    summary = summarise_evidence("mood-depression", load_evidence(), RULES, "kb")
    assert summary.certainty is Certainty.VERY_LOW


def test_summarise_all_covers_the_six_questions_and_rejects_unknown() -> None:
    assert [s.question for s in summarise_all(load_evidence(), RULES, "kb")] == list(SUMMARY_QUESTIONS)
    with pytest.raises(InputError, match="question"):
        summarise_evidence("happiness", load_evidence(), RULES, "kb")
