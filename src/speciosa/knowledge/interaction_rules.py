"""Pharmacodynamic interaction rules and patient-condition (contraindication) rules.

A pharmacodynamic rule matches a catalogue drug by its pharmacodynamic flags
(:class:`~speciosa.knowledge.drugs.PharmacodynamicProfile`) or classes; a condition rule matches a
patient's condition by name or synonym. Each carries severity, management, GRADE-style certainty with
its reason, and sources.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from speciosa.basis import Frozen
from speciosa.grading import Certainty, Severity
from speciosa.knowledge.common import EntryId, Enzyme, SourceIds
from speciosa.knowledge.drugs import DrugClass, PerpetratorStrength
from speciosa.knowledge.loader import load_section

#: PharmacodynamicProfile flag names a rule may match on.
PdFlag = Annotated[
    str,
    Field(
        pattern=r"^(cns_depressant|respiratory_depressant|serotonergic|lowers_seizure_threshold|hepatotoxic"
        r"|adrenergic|opioid_agonist|opioid_antagonist|qt_risk)$"
    ),
]


class RuleKind(StrEnum):
    PHARMACODYNAMIC = "pharmacodynamic"
    PHARMACOKINETIC = "pharmacokinetic"
    KRATOM_VICTIM = "kratom-victim"
    CONDITION = "condition"


class InteractionRule(Frozen):
    """One reviewed rule: what it matches, how severe, what to do, how certain, and why."""

    id: EntryId
    kind: RuleKind
    mechanism: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    flags: tuple[PdFlag, ...] = ()
    classes: tuple[DrugClass, ...] = ()
    condition_names: tuple[str, ...] = ()
    enzymes: tuple[Enzyme, ...] = ()
    perpetrator_strengths: tuple[PerpetratorStrength, ...] = ()
    severity: Severity
    message: str
    management: str
    certainty: Certainty
    certainty_reason: str
    sources: SourceIds

    @model_validator(mode="after")
    def _matches_something(self) -> InteractionRule:
        if self.kind is RuleKind.PHARMACODYNAMIC and not (self.flags or self.classes):
            raise ValueError(f"rule {self.id}: a pharmacodynamic rule needs flags or classes")
        if self.kind is RuleKind.CONDITION and not self.condition_names:
            raise ValueError(f"rule {self.id}: a condition rule needs condition_names")
        if self.kind is RuleKind.PHARMACOKINETIC and not self.enzymes:
            raise ValueError(f"rule {self.id}: a pharmacokinetic rule needs enzymes")
        if self.kind is RuleKind.KRATOM_VICTIM and not (self.enzymes and self.perpetrator_strengths):
            raise ValueError(f"rule {self.id}: a kratom-victim rule needs enzymes and perpetrator_strengths")
        return self


def load_interaction_rules() -> tuple[InteractionRule, ...]:
    """Every rule under data/interactions/."""
    return load_section(InteractionRule, "interactions")
