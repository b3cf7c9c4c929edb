"""Product synonyms (kratom and its alkaloids) from reviewed data: which product names are one product.

The terms live in ``knowledge/data/signals/kratom-synonyms.yaml`` with sources; this module
loads them and turns them into a matcher and a portable regular expression that DuckDB (RE2),
Spark (Java) and Python all read the same way.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from typing import Literal

from pydantic import Field

from speciosa.basis import Frozen
from speciosa.errors import KnowledgeError
from speciosa.knowledge.common import SourceIds
from speciosa.knowledge.loader import load_section, parse_entries, read_yaml
from speciosa.knowledge.sources import Source

SYNONYMS_FILE = "signals/kratom-synonyms.yaml"


_META = set(".^$*+?()[]{}|\\")


def _escape(term: str) -> str:
    """Escape regex metacharacters only: RE2 rejects escapes such as ``\\ `` that Python emits."""
    return "".join(f"\\{ch}" if ch in _META else ch for ch in term)


class MatchKind(StrEnum):
    """How a term matches a product name (both case-insensitive, after trimming)."""

    WORD = "word"  # the term appears as a whole word anywhere in the name
    WHOLE = "whole"  # the whole name equals the term


class SynonymTerm(Frozen):
    term: str = Field(min_length=2)
    match: MatchKind
    sources: SourceIds


class ProductSynonyms(Frozen):
    """One product and the names it is reported under."""

    id: str
    canonical: str = Field(min_length=1, description="Name every matching product is counted under.")
    terms: tuple[SynonymTerm, ...] = Field(min_length=1)
    brand_names: tuple[str, ...] | Literal["unknown"]
    sources: SourceIds

    def pattern(self) -> str:
        """A regular expression over the lower-cased, trimmed product name.

        Word boundaries are spelled as ``(^|[^a-z0-9])`` rather than ``\\b`` so that RE2,
        Java and Python agree, including for terms that start with a digit.
        """
        parts = []
        for t in self.terms:
            escaped = _escape(t.term.lower())
            if t.match is MatchKind.WHOLE:
                parts.append(f"^{escaped}$")
            else:
                parts.append(f"(^|[^a-z0-9]){escaped}([^a-z0-9]|$)")
        return "|".join(parts)

    def matches(self, product: str) -> bool:
        """True when ``product`` is reported under one of this product's names.

        Examples
        --------
        >>> kratom = load_kratom_synonyms()
        >>> kratom.matches("Red Bali KRATOM powder"), kratom.matches("THOMPSON'S VITAMIN C")
        (True, False)
        """
        return re.search(self.pattern(), product.strip().lower()) is not None

    def canonical_name(self, product: str) -> str:
        """The canonical name when ``product`` matches, else ``product`` unchanged."""
        return self.canonical if self.matches(product) else product


@cache
def load_kratom_synonyms() -> ProductSynonyms:
    """The reviewed kratom synonym list; every cited source id must exist in data/sources."""
    entries = parse_entries(ProductSynonyms, read_yaml(SYNONYMS_FILE), SYNONYMS_FILE)
    if len(entries) != 1:
        raise KnowledgeError(f"data/{SYNONYMS_FILE}: expected exactly one product entry, got {len(entries)}")
    known = {s.id for s in load_section(Source, "sources")}
    cited = set(entries[0].sources) | {sid for t in entries[0].terms for sid in t.sources}
    missing = sorted(cited - known)
    if missing:
        raise KnowledgeError(f"data/{SYNONYMS_FILE}: source ids not in data/sources: {missing}")
    return entries[0]
