"""MDD treatment guideline steps (APA, NICE NG222, CANMAT 2023, VA/DoD 2022) as reviewed data."""

from __future__ import annotations

from speciosa.basis import Frozen
from speciosa.knowledge.common import EntryId, SourceIds
from speciosa.knowledge.loader import load_section


class GuidelineStep(Frozen):
    """Placeholder shape; the care-plan work defines the full schema."""

    id: EntryId
    sources: SourceIds


def load_guidelines() -> tuple[GuidelineStep, ...]:
    return load_section(GuidelineStep, "guidelines")
