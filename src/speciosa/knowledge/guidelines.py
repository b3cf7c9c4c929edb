"""MDD care guidance as reviewed data: treatment options, review intervals, adjustment rules,
lab/ECG triggers, taper monitoring, referral criteria and kratom harm-reduction points.

Each entry paraphrases one recommendation (or one evidence statement) that was read in a named
source, with a locator (recommendation number, page, table) so a reviewer can find it. Numbers a
rule needs (weeks, thresholds, multiples of the upper limit of normal) live in ``numbers``; the
code reads them by key and never carries its own.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from speciosa.basis import Frozen
from speciosa.errors import KnowledgeError
from speciosa.grading import Certainty
from speciosa.knowledge.common import EntryId, SourceIds, Unknown
from speciosa.knowledge.loader import load_section


class GuidelineKind(StrEnum):
    """What an entry is used for in the care plan."""

    SEVERITY_THRESHOLD = "severity-threshold"
    TREATMENT_OPTION = "treatment-option"
    REVIEW_INTERVAL = "review-interval"
    ADJUSTMENT_RULE = "adjustment-rule"
    CONTINUATION = "continuation"
    TAPER_MONITORING = "taper-monitoring"
    LAB_TRIGGER = "lab-trigger"
    REFERRAL = "referral"
    SAFETY_ACTION = "safety-action"
    HARM_REDUCTION = "harm-reduction"
    EVIDENCE_STATEMENT = "evidence-statement"


class GuidelineStep(Frozen):
    """One reviewed recommendation or evidence statement, with where it was read."""

    id: EntryId
    kind: GuidelineKind
    title: str = Field(min_length=3, max_length=160)
    text: str = Field(min_length=10, description="Clinician wording: a paraphrase, never a verbatim copy.")
    patient_text: str | None = Field(
        default=None, description="Plain-language version for the patient handout (reading grade ≤ 8)."
    )
    guideline: str = Field(min_length=2, description="Named guideline or study, e.g. 'NICE NG222 (2022)'.")
    locator: str = Field(min_length=2, description="Recommendation number, page or table where it was read.")
    applies_to: tuple[str, ...] = Field(
        default=(), description="Context tags the plan matches on, e.g. 'more-severe', 'kratom-use'."
    )
    numbers: dict[str, float | Unknown] = Field(
        default_factory=dict, description="Numbers the rule needs, units in the key names."
    )
    candidate_drugs: tuple[str, ...] = Field(
        default=(),
        description="Drugs the option names; the plan screens each against the patient's kratom use.",
    )
    certainty: Certainty | None = None
    sources: SourceIds

    def number(self, key: str) -> float:
        """A number this entry carries; a missing or ``"unknown"`` value is a knowledge defect here."""
        value = self.numbers.get(key)
        if not isinstance(value, int | float):
            raise KnowledgeError(
                f"guideline entry {self.id!r}: number {key!r} is {value!r}, expected a number"
            )
        return float(value)


def load_guidelines() -> tuple[GuidelineStep, ...]:
    """Every entry under data/guidelines/."""
    return load_section(GuidelineStep, "guidelines")


def step(steps: tuple[GuidelineStep, ...], step_id: str) -> GuidelineStep:
    """The entry with this id; a missing entry is a knowledge defect, not a silent default."""
    for candidate in steps:
        if candidate.id == step_id:
            return candidate
    raise KnowledgeError(f"guideline entry {step_id!r} is missing from data/guidelines")


def steps_of(
    steps: tuple[GuidelineStep, ...], kind: GuidelineKind, tag: str | None = None
) -> tuple[GuidelineStep, ...]:
    """Entries of one kind, optionally only those tagged ``tag``, in file order."""
    return tuple(s for s in steps if s.kind is kind and (tag is None or tag in s.applies_to))
