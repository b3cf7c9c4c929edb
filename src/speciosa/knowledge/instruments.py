"""Instrument schema: validated rating scales as reviewed data (items, options, scoring, bands, LOINC)."""

from __future__ import annotations

from speciosa.basis import Frozen
from speciosa.knowledge.common import EntryId, SourceIds
from speciosa.knowledge.loader import load_section


class Instrument(Frozen):
    """Placeholder shape; the instruments module defines the full schema."""

    id: EntryId
    sources: SourceIds


def load_instruments() -> tuple[Instrument, ...]:
    return load_section(Instrument, "instruments")
