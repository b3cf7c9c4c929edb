"""Pharmacodynamic interaction rules and patient-condition (contraindication) rules."""

from __future__ import annotations

from speciosa.basis import Frozen
from speciosa.knowledge.common import EntryId, SourceIds
from speciosa.knowledge.loader import load_section


class InteractionRule(Frozen):
    """Placeholder shape; the interactions work defines the full schema."""

    id: EntryId
    sources: SourceIds


def load_interaction_rules() -> tuple[InteractionRule, ...]:
    return load_section(InteractionRule, "interactions")
