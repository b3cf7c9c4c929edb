"""Patient handout: reading grade <= 8 (Flesch-Kincaid, textstat), safety first on suicide risk."""

from __future__ import annotations

import pytest

from speciosa.knowledge import KnowledgeBase
from speciosa.plan.care_plan import build_care_plan
from speciosa.plan.handout import build_handout, reading_grade

from .conftest import ARCHETYPES, TODAY, load_example

MAX_GRADE = 8.0


def test_reading_grade_separates_plain_from_technical_text() -> None:
    # Flesch-Kincaid: 0.39 x words/sentence + 11.8 x syllables/word - 15.59 (Kincaid et al. 1975).
    assert reading_grade("We will see you again in two weeks. Call us if you feel worse.") < 4
    assert (
        reading_grade(
            "Hepatotoxicity associated with concomitant administration of mitragynine necessitates immediate "
            "discontinuation and comprehensive hepatological evaluation."
        )
        > 16
    )


@pytest.mark.parametrize("name", ARCHETYPES)
def test_handout_reads_at_grade_8_or_below(name: str, kb: KnowledgeBase) -> None:
    handout = build_handout(build_care_plan(load_example(name), kb, TODAY))
    assert handout.reading_grade <= MAX_GRADE
    assert handout.reading_grade == pytest.approx(reading_grade(handout.text()), abs=1.0)


def test_every_patient_text_in_the_guidelines_reads_at_grade_8_or_below(kb: KnowledgeBase) -> None:
    grades = {g.id: reading_grade(g.patient_text) for g in kb.guidelines if g.patient_text}
    assert grades
    assert max(grades.values()) <= MAX_GRADE, grades


def test_suicide_risk_handout_starts_with_safety(kb: KnowledgeBase) -> None:
    handout = build_handout(build_care_plan(load_example("suicide-risk"), kb, TODAY))
    assert handout.sections[0].title == "Your safety comes first"
    assert "safety plan" in handout.sections[0].paragraphs[0]


def test_no_suicide_risk_no_safety_section(kb: KnowledgeBase) -> None:
    handout = build_handout(build_care_plan(load_example("mild-mdd-daily-kratom"), kb, TODAY))
    assert all(s.title != "Your safety comes first" for s in handout.sections)
    assert any(s.title == "About kratom" for s in handout.sections)
