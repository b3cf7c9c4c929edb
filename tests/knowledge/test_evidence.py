"""Evidence records: schema rules, coverage of the clinical questions, and known answers read in
the cited sources (each assertion names the source it checks against)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from speciosa.errors import InputError
from speciosa.grading import Certainty
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.evidence import (
    Direction,
    EvidenceRecord,
    Question,
    StudyDesign,
    records_for,
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _raw(**changes: object) -> dict[str, object]:
    raw: dict[str, object] = {
        "id": "ev-test",
        "citation": "A test record, not data.",
        "year": 2020,
        "design": "animal",
        "n": "unknown",
        "population": "mice",
        "questions": ["mood-depression"],
        "key_finding": "Only used to test the schema rules.",
        "direction": "benefit",
        "certainty": "low",
        "certainty_reason": "animal data, indirect",
        "locator": "abstract",
        "sources": ["src-ev-idayu-2011"],
    }
    raw.update(changes)
    return raw


def test_at_least_thirty_records(kb: KnowledgeBase) -> None:
    assert len(kb.evidence) >= 30


@pytest.mark.parametrize(
    "question",
    [
        "mood-depression",
        "dependence-withdrawal",
        "liver-injury",
        "interactions",
        "mortality",
        "pregnancy",
        "pharmacokinetics",
        "pain",
    ],
)
def test_every_clinical_question_has_evidence(kb: KnowledgeBase, question: str) -> None:
    assert kb.evidence_for(question)


def test_no_trial_supports_kratom_for_depression(kb: KnowledgeBase) -> None:
    # Yang 2023 systematic review (doi 10.47836/mjmhs.19.5.31): no human clinical trial of kratom for
    # mental-health conditions; so no mood record may be an RCT, and none above 'very low' claims benefit.
    mood = kb.evidence_for(Question.MOOD_DEPRESSION)
    assert not [r.id for r in mood if r.design is StudyDesign.RCT]
    assert not [
        r.id for r in mood if r.direction is Direction.BENEFIT and r.design.is_human and r.certainty.rank > 0
    ]


def test_known_answers_read_in_the_sources(kb: KnowledgeBase) -> None:
    # Tanna 2023 CPT abstract (PMID 36924284): 12 participants; midazolam AUC GMR 1.39 (1.23-1.57).
    ddi = kb.evidence_record("ev-tanna-2023-ddi")
    assert (ddi.n, ddi.design, ddi.certainty) == (12, StudyDesign.CROSSOVER_PK, Certainty.MODERATE)
    assert "1.39" in ddi.key_finding
    assert "1.23-1.57" in ddi.key_finding
    # Post 2019 Clin Toxicol abstract: 1,807 exposures, 11 deaths.
    assert kb.evidence_record("ev-post-2019-poison-centres").n == 1807
    # Olsen 2019 MMWR: 152 of 27,338 overdose deaths kratom-positive.
    olsen = kb.evidence_record("ev-olsen-2019-sudors")
    assert olsen.n == 27338
    assert "152" in olsen.key_finding
    # Ahmad 2021 (PMID 33257199): 11 DILIN cases, median latency 14 days.
    ahmad = kb.evidence_record("ev-ahmad-2021-dilin")
    assert ahmad.n == 11
    assert "14 days" in ahmad.key_finding
    # Vicknasingam 2020 (PMID 32607084): 26 men, cold-pressor 11.2 s -> 24.9 s.
    pain = kb.evidence_record("ev-vicknasingam-2020-pain-rct")
    assert pain.n == 26
    assert "24.9" in pain.key_finding


def test_every_record_cites_readable_sources(kb: KnowledgeBase) -> None:
    for record in kb.evidence:
        for sid in record.sources:
            assert kb.source(sid).read, (record.id, sid)


def test_records_for_orders_by_certainty_then_year(kb: KnowledgeBase) -> None:
    records = kb.evidence_for("interactions")
    ranks = [r.certainty.rank for r in records]
    assert ranks == sorted(ranks, reverse=True)
    assert records[0].id == "ev-tanna-2023-ddi"  # the only moderate-certainty interaction record


def test_unknown_question_names_the_allowed_values() -> None:
    with pytest.raises(InputError, match="mood-depression") as info:
        records_for((), "happiness")
    assert info.value.field == "question"


def test_animal_evidence_cannot_be_moderate() -> None:
    # GRADE: animal and in-vitro studies are indirect evidence for patients.
    with pytest.raises(ValidationError, match="cannot have certainty"):
        EvidenceRecord.model_validate(_raw(certainty="moderate"))


def test_unknown_design_and_direction_are_rejected() -> None:
    with pytest.raises(ValidationError):
        EvidenceRecord.model_validate(_raw(design="anecdote"))
    with pytest.raises(ValidationError):
        EvidenceRecord.model_validate(_raw(direction="positive"))


def test_repeated_questions_are_rejected() -> None:
    with pytest.raises(ValidationError, match="repeat"):
        EvidenceRecord.model_validate(_raw(questions=["pain", "pain"]))


@given(
    n=st.one_of(st.integers(min_value=0, max_value=10**6), st.just("unknown")),
    year=st.one_of(st.integers(min_value=1900, max_value=2100), st.just("unknown")),
    certainty=st.sampled_from(list(Certainty)),
    design=st.sampled_from(list(StudyDesign)),
)
def test_schema_accepts_exactly_the_grade_rule(
    n: int | str, year: int | str, certainty: Certainty, design: StudyDesign
) -> None:
    raw = _raw(n=n, year=year, certainty=certainty.value, design=design.value)
    if not design.is_human and certainty.rank > Certainty.LOW.rank:
        with pytest.raises(ValidationError):
            EvidenceRecord.model_validate(raw)
    else:
        record = EvidenceRecord.model_validate(raw)
        assert record.n == n
        assert record.year == year


def test_negative_n_is_rejected() -> None:
    with pytest.raises(ValidationError):
        EvidenceRecord.model_validate(_raw(n=-1))
