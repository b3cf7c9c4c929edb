"""Bibliography: every fact in the knowledge base points at one or more of these entries."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from speciosa.basis import Frozen
from speciosa.knowledge.common import SourceId


class Source(Frozen):
    """A publication, guideline or web page that was read; at least one identifier is required."""

    id: SourceId
    citation: str = Field(min_length=10, description="Authors, title, journal, year, volume:pages.")
    pmid: str | None = Field(default=None, pattern=r"^\d{1,9}$")
    pmcid: str | None = Field(default=None, pattern=r"^PMC\d+$")
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    kind: Literal[
        "journal-article", "guideline", "label", "registry", "database", "web-page", "book", "dataset"
    ] = "journal-article"
    read: str = Field(
        min_length=3,
        description="What was read: abstract, full text, table N, page; so a reviewer can find the number.",
    )
    read_on: date
    notes: str | None = None

    @model_validator(mode="after")
    def _has_identifier(self) -> Source:
        if not (self.pmid or self.pmcid or self.doi or self.url):
            raise ValueError(f"source {self.id}: needs at least one of pmid, pmcid, doi, url")
        return self

    def link(self) -> str:
        """The best link a clinician can open to check this source."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        if self.pmcid:
            return f"https://pmc.ncbi.nlm.nih.gov/articles/{self.pmcid}/"
        return self.url or ""
