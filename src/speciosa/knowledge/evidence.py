"""Evidence records: studies on kratom and mood, dependence/withdrawal, safety, PK/DDI."""

from __future__ import annotations

from speciosa.basis import Frozen
from speciosa.knowledge.common import EntryId, SourceIds
from speciosa.knowledge.loader import load_section


class EvidenceRecord(Frozen):
    """Placeholder shape; the knowledge-base work defines the full schema."""

    id: EntryId
    sources: SourceIds


def load_evidence() -> tuple[EvidenceRecord, ...]:
    return load_section(EvidenceRecord, "evidence")
