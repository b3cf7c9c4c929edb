"""The KnowledgeBase: every reviewed section, loaded once, frozen, with a version.

Each section's schema and loader live in their own module (drugs.py, instruments.py,
pharmacology.py, interaction_rules.py, evidence.py, guidelines.py); this module only assembles
them and checks what crosses sections: unique source ids, and every cited source id resolving.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

from pydantic import BaseModel, Field

from speciosa.basis import Frozen
from speciosa.errors import KnowledgeError
from speciosa.knowledge.drugs import Drug, load_drugs
from speciosa.knowledge.evidence import EvidenceRecord, load_evidence
from speciosa.knowledge.guidelines import GuidelineStep, load_guidelines
from speciosa.knowledge.instruments import Instrument, load_instruments
from speciosa.knowledge.interaction_rules import InteractionRule, load_interaction_rules
from speciosa.knowledge.loader import load_one, load_section, yaml_files
from speciosa.knowledge.pharmacology import Pharmacology, load_pharmacology
from speciosa.knowledge.sources import Source


class KnowledgeVersion(Frozen):
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    date: date

    def label(self, content_hash: str = "") -> str:
        suffix = f"+{content_hash[:8]}" if content_hash else ""
        return f"{self.version}{suffix} ({self.date.isoformat()})"


class KnowledgeBase(Frozen):
    """All reviewed knowledge, immutable at run time."""

    version: KnowledgeVersion
    content_hash: str
    sources: tuple[Source, ...]
    drugs: tuple[Drug, ...]
    instruments: tuple[Instrument, ...]
    pharmacology: Pharmacology
    interaction_rules: tuple[InteractionRule, ...]
    evidence: tuple[EvidenceRecord, ...]
    guidelines: tuple[GuidelineStep, ...]

    @property
    def version_label(self) -> str:
        return self.version.label(self.content_hash)

    def source(self, source_id: str) -> Source:
        for src in self.sources:
            if src.id == source_id:
                return src
        raise KnowledgeError(f"unknown source id {source_id!r}")

    def source_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.sources)


def _content_hash() -> str:
    digest = hashlib.sha256()
    for name, node in yaml_files(""):
        digest.update(name.encode())
        digest.update(node.read_bytes())
    return digest.hexdigest()


def cited_source_ids(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every (path, source id) cited anywhere in a model tree: fields named ``sources`` or ``*_sources``."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            where = f"{path}.{name}" if path else name
            if (name == "sources" or name.endswith("_sources")) and isinstance(child, tuple):
                for item in child:
                    if isinstance(item, str):
                        yield where, item
            else:
                yield from cited_source_ids(child, where)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            label = getattr(item, "id", index)
            yield from cited_source_ids(item, f"{path}[{label}]")


@cache
def load_knowledge() -> KnowledgeBase:
    """Load, validate and cross-check every data file once; raises KnowledgeError on any defect."""
    sources = load_section(Source, "sources")
    ids = [s.id for s in sources]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnowledgeError(f"duplicate source ids: {duplicates}")
    kb = KnowledgeBase(
        version=load_one(KnowledgeVersion, "VERSION.yaml"),
        content_hash=_content_hash(),
        sources=sources,
        drugs=load_drugs(),
        instruments=load_instruments(),
        pharmacology=load_pharmacology(),
        interaction_rules=load_interaction_rules(),
        evidence=load_evidence(),
        guidelines=load_guidelines(),
    )
    known = kb.source_ids()
    dangling = sorted({f"{where} -> {sid}" for where, sid in cited_source_ids(kb) if sid not in known})
    if dangling:
        raise KnowledgeError("cited source ids that are not in data/sources: " + "; ".join(dangling[:20]))
    return kb
