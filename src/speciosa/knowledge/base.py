"""The KnowledgeBase: every reviewed section, loaded once, frozen, with a version.

Each section's schema and loader live in their own module (drugs.py, instruments.py,
pharmacology.py, interaction_rules.py, evidence.py, guidelines.py); this module only assembles
them and checks what crosses sections: unique source ids, and every cited source id resolving.
The wider integrity checks (units in names, drug references, unique ids per section) are in
``integrity.py`` and run by :func:`integrity_problems` and the knowledge tests.

Lookups for adapters and reports: ``kb.drug(name)``, ``kb.evidence_record(id)``,
``kb.evidence_for(question)``, ``kb.entry(name)`` (any entry by id or drug name) and
``kb.version_label`` (print it on every report).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from typing import Any, Literal

from pydantic import BaseModel, Field

from speciosa.basis import Frozen
from speciosa.errors import InputError, KnowledgeError, UnknownDrugError
from speciosa.knowledge import integrity
from speciosa.knowledge.drugs import Drug, load_drugs
from speciosa.knowledge.evidence import EvidenceRecord, Question, load_evidence, records_for
from speciosa.knowledge.guidelines import GuidelineStep, load_guidelines
from speciosa.knowledge.instruments import Instrument, load_instruments
from speciosa.knowledge.interaction_rules import InteractionRule, load_interaction_rules
from speciosa.knowledge.loader import load_one, load_section, yaml_files
from speciosa.knowledge.pharmacology import Pharmacology, load_pharmacology
from speciosa.knowledge.sources import Source

EntryKind = Literal[
    "drug",
    "evidence",
    "source",
    "instrument",
    "guideline",
    "interaction-rule",
    "alkaloid",
    "inhibition",
    "product",
    "constant",
    "pharmacology",
]
_PHARMACOLOGY_KINDS: dict[str, EntryKind] = {
    "Alkaloid": "alkaloid",
    "Inhibition": "inhibition",
    "Product": "product",
    "Constant": "constant",
}


@dataclass(frozen=True, slots=True)
class KbEntry:
    """One knowledge entry found by :meth:`KnowledgeBase.entry`: its section, id and model."""

    kind: EntryKind
    id: str
    model: BaseModel

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "entry": self.model.model_dump(mode="json")}


class KnowledgeVersion(Frozen):
    """data/VERSION.yaml: a semantic version (major = schema, minor = entries, patch = fixes) and date."""

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
        """``"0.2.0+1a2b3c4d (2026-11-25)"``: semantic version, content hash prefix and date."""
        return self.version.label(self.content_hash)

    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        # Built once per (immutable) knowledge base: reports and CDS cards look sources up per finding.
        return {s.id: s for s in self.sources}

    def source(self, source_id: str) -> Source:
        try:
            return self._sources_by_id[source_id]
        except KeyError:
            raise KnowledgeError(f"unknown source id {source_id!r}") from None

    def source_ids(self) -> frozenset[str]:
        return frozenset(self._sources_by_id)

    def drug(self, name: str) -> Drug:
        """The catalogue entry for a drug id, generic name, brand or synonym (resolver rules).

        Raises
        ------
        UnknownDrugError
            With suggestions, when nothing matches confidently.
        """
        key = name.strip().lower()
        for drug in self.drugs:
            if drug.id == key:
                return drug
        from speciosa.knowledge.resolve import resolve_drug  # the resolver imports this module

        return resolve_drug(name, self)

    def evidence_record(self, record_id: str) -> EvidenceRecord:
        for record in self.evidence:
            if record.id == record_id:
                return record
        raise InputError(
            "evidence id", record_id, "an id listed by `speciosa kb show` / GET /api/v1/kb/evidence"
        )

    def evidence_for(self, question: Question | str) -> tuple[EvidenceRecord, ...]:
        """Evidence records on one question, highest certainty first (see evidence.records_for)."""
        return records_for(self.evidence, question)

    def entries(self) -> Iterator[KbEntry]:
        """Every identified entry: drugs, evidence, sources, instruments, guidelines, rules, pharmacology."""
        for drug in self.drugs:
            yield KbEntry("drug", drug.id, drug)
        for record in self.evidence:
            yield KbEntry("evidence", record.id, record)
        for src in self.sources:
            yield KbEntry("source", src.id, src)
        for instrument in self.instruments:
            yield KbEntry("instrument", str(getattr(instrument, "id", "")), instrument)
        for guideline in self.guidelines:
            yield KbEntry("guideline", guideline.id, guideline)
        for rule in self.interaction_rules:
            yield KbEntry("interaction-rule", rule.id, rule)
        for _, model in integrity.iter_models(self.pharmacology):
            model_id = getattr(model, "id", None)
            if isinstance(model_id, str):
                kind = _PHARMACOLOGY_KINDS.get(type(model).__name__, "pharmacology")
                yield KbEntry(kind, model_id, model)

    def entry(self, name: str) -> KbEntry:
        """Any entry by exact id (any section), else a drug by name, brand or misspelling.

        Raises
        ------
        InputError
            Naming the closest ids and drug names when nothing matches.
        """
        wanted = name.strip()
        for found in self.entries():
            if found.id == wanted or found.id == wanted.lower():
                return found
        try:
            drug = self.drug(wanted)
        except UnknownDrugError:
            drug = None
        if drug is not None:
            return KbEntry("drug", drug.id, drug)
        hints = self.suggest(wanted)
        allowed = "an entry id or a drug name"
        if hints:
            allowed += f" (did you mean: {', '.join(hints)}?)"
        raise InputError("name", name, allowed)

    def suggest(self, text: str, limit: int = 5) -> tuple[str, ...]:
        """The entry ids and drug names closest to ``text`` (for "not found" messages)."""
        from rapidfuzz import fuzz, process

        keys = sorted({e.id for e in self.entries()} | {n.lower() for d in self.drugs for n in d.names()})
        found = process.extract(text.strip().lower(), keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
        return tuple(key for key, _, _ in found)


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


def drug_keys(kb: KnowledgeBase) -> frozenset[str]:
    """Every id and exact name (generic, brand, synonym) a drug reference may use, lower case."""
    return frozenset({d.id for d in kb.drugs} | {n.lower() for d in kb.drugs for n in d.names()})


def integrity_problems(kb: KnowledgeBase) -> tuple[str, ...]:
    """Every integrity problem in ``kb`` (empty when clean); see ``integrity.py`` for each check."""
    return (
        *integrity.unsourced_entries(kb),
        *integrity.dangling_source_ids(kb, kb.source_ids()),
        *integrity.duplicate_ids(kb),
        *integrity.unitless_numbers(kb),
        *integrity.unitless_number_fields(type(kb)),
        *integrity.dangling_drug_refs(kb, drug_keys(kb)),
        *integrity.dangling_refs(
            kb.pharmacology, "alkaloid", [str(getattr(a, "id", "")) for a in _alkaloids(kb)]
        ),
    )


def _alkaloids(kb: KnowledgeBase) -> tuple[Any, ...]:
    # getattr: the pharmacology section's schema belongs to its own module and may change shape.
    return tuple(getattr(kb.pharmacology, "alkaloids", ()))


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
    # Hard defects stop the load; unit names and drug references are enforced by the tests (CI).
    hard = (*integrity.unsourced_entries(kb), *integrity.duplicate_ids(kb))
    if hard:
        raise KnowledgeError("knowledge integrity: " + "; ".join(hard[:20]))
    return kb
