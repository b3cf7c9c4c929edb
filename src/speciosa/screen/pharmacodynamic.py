"""Pharmacodynamic kratom x drug rules, matched on the catalogue's pharmacodynamic flags and classes."""

from __future__ import annotations

from speciosa.knowledge.drugs import Drug
from speciosa.knowledge.interaction_rules import InteractionRule, RuleKind


def _flag_set(drug: Drug) -> set[str]:
    flags = {name for name in type(drug.pd).model_fields if getattr(drug.pd, name) is True}
    if drug.pd.qt_risk.is_risk:
        flags.add("qt_risk")
    return flags


def matching_pd_rules(drug: Drug, rules: tuple[InteractionRule, ...]) -> tuple[InteractionRule, ...]:
    """Every pharmacodynamic rule whose flags or classes the drug has."""
    flags = _flag_set(drug)
    classes = set(drug.classes)
    return tuple(
        r
        for r in rules
        if r.kind is RuleKind.PHARMACODYNAMIC and (flags & set(r.flags) or classes & set(r.classes))
    )
