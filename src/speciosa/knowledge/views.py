"""Plain-data views of knowledge entries, shared by the CLI (`speciosa kb ...`) and the API (/api/v1/kb).

Pure functions: a KnowledgeBase in, JSON-ready dicts and lists out. Adapters only print or serve them.
"""

from __future__ import annotations

from typing import Any

from speciosa.errors import InputError
from speciosa.knowledge.base import KbEntry, KnowledgeBase
from speciosa.knowledge.drugs import Drug
from speciosa.knowledge.evidence import EvidenceRecord
from speciosa.knowledge.sources import Source


def version_view(kb: KnowledgeBase) -> dict[str, Any]:
    """The knowledge version every report prints: semantic version, date, content hash, label."""
    return {
        "version": kb.version.version,
        "date": kb.version.date.isoformat(),
        "content_hash": kb.content_hash,
        "label": kb.version_label,
    }


def drug_view(drug: Drug) -> dict[str, Any]:
    """The catalogue contract: ``name``, ``rxnorm``, ``atc``, ``sources`` (ids); plus ``id``, ``brands``."""
    atc: list[str] | str = list(drug.atc) if isinstance(drug.atc, tuple) else drug.atc
    return {
        "name": drug.name,
        "rxnorm": drug.rxnorm,
        "atc": atc,
        "sources": list(drug.sources),
        "id": drug.id,
        "brands": list(drug.brands),
    }


def source_view(source: Source) -> dict[str, Any]:
    """One bibliography entry with the best link to check it."""
    return {**source.model_dump(mode="json", exclude_none=True), "link": source.link()}


def bibliography(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every source, sorted by id."""
    return [source_view(s) for s in sorted(kb.sources, key=lambda s: s.id)]


def evidence_view(record: EvidenceRecord) -> dict[str, Any]:
    return record.model_dump(mode="json")


def search_drugs(kb: KnowledgeBase, text: str | None) -> tuple[list[Drug], tuple[str, ...]]:
    """Drugs whose id or any name contains ``text`` (case-insensitive), plus the resolver's match.

    Returns the matches (catalogue order) and, when there are none, suggestions for the text,
    so that nothing is silently dropped.
    """
    if text is None or not text.strip():
        return list(kb.drugs), ()
    needle = text.strip().lower()
    hits = {d.id for d in kb.drugs if needle in d.id or any(needle in n.lower() for n in d.names())}
    suggestions: tuple[str, ...] = ()
    try:
        hits.add(kb.drug(text).id)  # generic, brand or misspelling, by the resolver's rules
    except InputError as exc:  # UnknownDrugError carries suggestions; a bare dose has none
        suggestions = tuple(getattr(exc, "suggestions", ()))
    matches = [d for d in kb.drugs if d.id in hits]
    return matches, (() if matches else suggestions)


def entry_view(kb: KnowledgeBase, found: KbEntry) -> dict[str, Any]:
    """An entry with its sources resolved to bibliography entries and the knowledge version."""
    body = found.to_dict()
    cited = _cited(found.model)
    body["sources"] = [source_view(kb.source(sid)) for sid in cited if sid in kb.source_ids()]
    body["knowledge_version"] = kb.version_label
    return body


def _cited(model: Any) -> list[str]:
    if isinstance(model, Source):
        return [model.id]
    from speciosa.knowledge.base import cited_source_ids

    seen: list[str] = []
    for _, sid in cited_source_ids(model):
        if sid not in seen:
            seen.append(sid)
    return seen


def entry_text(view: dict[str, Any]) -> str:
    """A plain-text rendering of :func:`entry_view` for the terminal."""
    lines = [f"{view['kind']}: {view['id']}"]
    entry = view["entry"]
    for key, value in entry.items():
        if key in ("id", "sources") or value in (None, (), [], {}):
            continue
        if isinstance(value, dict | list):
            value = ", ".join(map(str, value)) if isinstance(value, list) else value
        lines.append(f"  {key}: {value}")
    if view["sources"]:
        lines.append("  sources:")
        lines.extend(f"    [{s['id']}] {s['citation']} {s['link']}" for s in view["sources"])
    lines.append(f"knowledge version {view['knowledge_version']}")
    return "\n".join(lines)
