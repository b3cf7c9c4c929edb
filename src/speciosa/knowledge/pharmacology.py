"""Kratom pharmacology schema: alkaloids, products, enzyme inhibition, physiological constants."""

from __future__ import annotations

from speciosa.basis import Frozen


class Pharmacology(Frozen):
    """Placeholder shape; the interactions work defines the full schema."""


def load_pharmacology() -> Pharmacology:
    return Pharmacology()
