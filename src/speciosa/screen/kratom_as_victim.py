"""Kratom as the victim: CYP3A inhibitors/inducers changing mitragynine and 7-OH exposure.

No human study quantifies this, so findings give the direction only (rules in data/interactions).
"""

from __future__ import annotations

from speciosa.knowledge.drugs import Drug
from speciosa.knowledge.interaction_rules import InteractionRule, RuleKind


def matching_victim_rules(drug: Drug, rules: tuple[InteractionRule, ...]) -> tuple[InteractionRule, ...]:
    """Rules for a drug that inhibits or induces an enzyme that metabolises mitragynine."""
    roles = {(p.enzyme, p.strength) for p in drug.perpetrator}
    return tuple(
        r
        for r in rules
        if r.kind is RuleKind.KRATOM_VICTIM
        and any((e, s) in roles for e in r.enzymes for s in r.perpetrator_strengths)
    )
