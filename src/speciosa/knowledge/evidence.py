"""Evidence records: studies on kratom and mood, dependence/withdrawal, safety, PK/DDI.

One record is one study (or one registered trial, or one surveillance report) as read by a
reviewer: what kind of study it is, whom it studied, what it found *in the reviewer's own words*,
which way the finding points, and how certain the evidence is (GRADE-style) with the reason.

Certainty here is the certainty a single study can lend to its question, rated the GRADE way:
randomised trials start high, observational studies (surveys, cohorts, case series, poison-centre
and mortality data) start low and are rated down for self-report, selection, confounding,
imprecision and indirectness; animal and in-vitro studies are indirect evidence for patients and
are at most low. Summaries across records are built in ``speciosa.learn.evidence``.

References
----------
Guyatt GH, et al. GRADE: an emerging consensus on rating quality of evidence and strength of
recommendations. BMJ 2008;336(7650):924-926. doi:10.1136/bmj.39489.470347.AD
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from speciosa.basis import Frozen
from speciosa.errors import InputError
from speciosa.grading import Certainty
from speciosa.knowledge.common import EntryId, SourceIds, Unknown
from speciosa.knowledge.loader import load_section


class StudyDesign(StrEnum):
    """What kind of study a record describes (its design, not its quality)."""

    RCT = "rct"
    CROSSOVER_PK = "crossover-pk"  # randomised or fixed-sequence crossover PK/DDI study in people
    OPEN_LABEL_PK = "open-label-pk"  # single-arm clinical PK study in people
    SURVEY = "survey"  # self-selected, usually online, self-report
    CROSS_SECTIONAL = "cross-sectional"  # interview/field sample at one time point
    COHORT = "cohort"
    CASE_CONTROL = "case-control"
    CASE_SERIES = "case-series"
    CASE_REPORT = "case-report"
    POISON_CENTER = "poison-center"
    MORTALITY_SURVEILLANCE = "mortality-surveillance"
    PHARMACOVIGILANCE = "pharmacovigilance"  # spontaneous-report databases (FAERS, CAERS)
    ANIMAL = "animal"
    IN_VITRO = "in-vitro"
    SYSTEMATIC_REVIEW = "systematic-review"
    META_ANALYSIS = "meta-analysis"
    NARRATIVE_REVIEW = "narrative-review"
    REGISTERED_TRIAL = "registered-trial"  # a registry record; results may not exist yet
    REGULATORY = "regulatory"  # a regulator's statement or advisory

    @property
    def is_human(self) -> bool:
        """False for animal and in-vitro work, which is indirect evidence for patients."""
        return self not in (StudyDesign.ANIMAL, StudyDesign.IN_VITRO)


class Question(StrEnum):
    """The clinical questions speciosa's evidence summaries answer."""

    MOOD_DEPRESSION = "mood-depression"
    DEPENDENCE_WITHDRAWAL = "dependence-withdrawal"
    LIVER_INJURY = "liver-injury"
    INTERACTIONS = "interactions"
    MORTALITY = "mortality"
    PREGNANCY = "pregnancy"
    PHARMACOKINETICS = "pharmacokinetics"
    PAIN = "pain"
    OTHER = "other"


class Direction(StrEnum):
    """Which way the key finding points for the questions tagged."""

    BENEFIT = "benefit"
    HARM = "harm"
    NO_EFFECT = "no-effect"
    MIXED = "mixed"
    DESCRIPTIVE = "descriptive"  # counts, PK parameters, registrations: no benefit/harm claim


class EvidenceRecord(Frozen):
    """One study as read by a reviewer; numbers in ``key_finding`` are quoted from the source.

    Attributes
    ----------
    id
        Stable entry id, ``ev-<first author>-<year>[-<topic>]``.
    citation
        Short citation: first author, short title, journal, year.
    year
        Publication (or registration) year, a calendar year and not a quantity; ``"unknown"``
        when the text read does not show it.
    design
        :class:`StudyDesign`.
    n
        Number of participants, cases, reports or animals analysed (the unit is in
        ``population``); the literal ``"unknown"`` when the source read does not give it.
    population
        Who or what was studied, including the unit counted by ``n``.
    questions
        The :class:`Question` values the record informs (at least one).
    key_finding
        The finding in the reviewer's own words, with the source's numbers.
    direction
        :class:`Direction`.
    certainty, certainty_reason
        GRADE-style certainty this record lends to its questions, and why.
    locator
        Where in the source the finding is (abstract, table 2, results paragraph ...).
    limitations
        Main threats to validity, if not already in ``certainty_reason``.
    sources
        Source ids (``data/sources``) that were read for this record.
    """

    id: EntryId
    citation: str = Field(min_length=10)
    year: Annotated[int, Field(ge=1900, le=2100)] | Unknown
    design: StudyDesign
    n: Annotated[int, Field(ge=0)] | Unknown
    population: str = Field(min_length=3)
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]
    key_finding: str = Field(min_length=20)
    direction: Direction
    certainty: Certainty
    certainty_reason: str = Field(min_length=10)
    locator: str = Field(min_length=3)
    limitations: str | None = None
    sources: SourceIds

    @model_validator(mode="after")
    def _indirect_evidence_is_at_most_low(self) -> EvidenceRecord:
        # GRADE: animal and in-vitro data are indirect for patients; they cannot lend moderate/high certainty.
        if not self.design.is_human and self.certainty.rank > Certainty.LOW.rank:
            raise ValueError(
                f"evidence {self.id}: design {self.design.value} cannot have certainty "
                f"{self.certainty.value!r}; allowed: 'very low' or 'low'"
            )
        if len(set(self.questions)) != len(self.questions):
            raise ValueError(f"evidence {self.id}: questions repeat a value")
        return self


def records_for(records: Iterable[EvidenceRecord], question: Question | str) -> tuple[EvidenceRecord, ...]:
    """The records tagged with ``question``, highest certainty first, then newest first."""
    try:
        wanted = Question(question)
    except ValueError as exc:
        raise InputError("question", question, ", ".join(q.value for q in Question)) from exc
    chosen = [r for r in records if wanted in r.questions]
    return tuple(sorted(chosen, key=lambda r: (-r.certainty.rank, -_year(r), r.id)))


def _year(record: EvidenceRecord) -> int:
    return record.year if isinstance(record.year, int) else 0


def load_evidence() -> tuple[EvidenceRecord, ...]:
    """Every evidence record under data/evidence/."""
    return load_section(EvidenceRecord, "evidence")
