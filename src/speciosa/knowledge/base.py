"""The KnowledgeBase: every reviewed section, loaded once, frozen, with a version."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache

from pydantic import Field

from speciosa.basis import Frozen
from speciosa.errors import KnowledgeError
from speciosa.knowledge.loader import data_root, load_one, load_section, yaml_files
from speciosa.knowledge.sources import Source


class KnowledgeVersion(Frozen):
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    date: date

    def label(self, content_hash: str = "") -> str:
        suffix = f"+{content_hash[:8]}" if content_hash else ""
        return f"{self.version}{suffix} ({self.date.isoformat()})"


class KnowledgeBase(Frozen):
    """All reviewed knowledge. Sections are added by the modules that define their schema."""

    version: KnowledgeVersion
    content_hash: str
    sources: tuple[Source, ...]

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


@cache
def load_knowledge() -> KnowledgeBase:
    """Load, validate and cross-check every data file once; raises KnowledgeError on any defect."""
    sources = load_section(Source, "sources")
    ids = [s.id for s in sources]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnowledgeError(f"duplicate source ids: {duplicates}")
    _ = data_root()
    return KnowledgeBase(
        version=load_one(KnowledgeVersion, "VERSION.yaml"),
        content_hash=_content_hash(),
        sources=sources,
    )
