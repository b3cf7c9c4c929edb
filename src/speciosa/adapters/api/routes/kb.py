"""API routes: the reviewed knowledge base under /api/v1/kb (read-only, no patient data).

GET /kb/version, /kb/drugs?search=, /kb/drugs/{name}, /kb/sources, /kb/sources/{id},
/kb/evidence?question=, /kb/evidence/{id}, /kb/entries/{name}. The bodies are the same views the
CLI prints (speciosa.knowledge.views). An unknown name or id is 404 problem+json naming the closest
entries; a bad ``question`` is 422.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, ConfigDict

from speciosa.errors import InputError, KnowledgeError
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.base import KbEntry, KnowledgeBase
from speciosa.knowledge.evidence import EvidenceRecord
from speciosa.knowledge.views import (
    bibliography,
    drug_view,
    entry_view,
    search_drugs,
    source_view,
    version_view,
)

router = APIRouter(prefix="/api/v1/kb", tags=["kb"])


class KnowledgeVersionPublic(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    date: str
    content_hash: str
    label: str


class DrugPublic(BaseModel):
    """One catalogue entry as listed: the contract fields name, rxnorm, atc, sources."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    rxnorm: str
    atc: list[str] | str
    sources: list[str]
    id: str
    brands: list[str]


def _not_found(what: str, name: str, kb: KnowledgeBase) -> HTTPException:
    hints = kb.suggest(name)
    hint = f"; did you mean: {', '.join(hints)}?" if hints else ""
    return HTTPException(status_code=404, detail=f"no {what} {name!r} in the knowledge base{hint}")


def _entry(kb: KnowledgeBase, name: str, what: str) -> KbEntry:
    try:
        return kb.entry(name)
    except InputError:
        raise _not_found(what, name, kb) from None


@router.get("/version", response_model=KnowledgeVersionPublic)
def version() -> dict[str, Any]:
    """The knowledge version printed on every report."""
    return version_view(load_knowledge())


@router.get("/drugs", response_model=list[DrugPublic])
def drugs(search: Annotated[str | None, Query(max_length=200)] = None) -> list[dict[str, Any]]:
    """The drug catalogue, optionally filtered by a generic, brand or synonym (misspellings resolved)."""
    matches, _ = search_drugs(load_knowledge(), search)
    return [drug_view(d) for d in matches]


@router.get("/drugs/{name}")
def drug(name: str) -> dict[str, Any]:
    """One drug by id, generic, brand or misspelling, with its sources resolved."""
    kb = load_knowledge()
    try:
        found = kb.drug(name)
    except InputError:
        raise _not_found("drug", name, kb) from None
    return entry_view(kb, KbEntry("drug", found.id, found))


@router.get("/sources")
def sources() -> list[dict[str, Any]]:
    """The bibliography, each with a link to check it."""
    return bibliography(load_knowledge())


@router.get("/sources/{source_id}")
def source(source_id: str) -> dict[str, Any]:
    kb = load_knowledge()
    try:
        return source_view(kb.source(source_id))
    except KnowledgeError:
        raise _not_found("source", source_id, kb) from None


@router.get("/evidence", response_model=list[EvidenceRecord])
def evidence(question: Annotated[str | None, Query(max_length=60)] = None) -> tuple[EvidenceRecord, ...]:
    """Evidence records, optionally for one question (highest certainty first); bad question is 422."""
    kb = load_knowledge()
    return kb.evidence_for(question) if question else kb.evidence


@router.get("/evidence/{record_id}")
def evidence_record(record_id: str) -> dict[str, Any]:
    kb = load_knowledge()
    try:
        record = kb.evidence_record(record_id)
    except InputError:
        raise _not_found("evidence record", record_id, kb) from None
    return entry_view(kb, KbEntry("evidence", record.id, record))


@router.get("/entries/{name}")
def entry(name: str) -> dict[str, Any]:
    """Any entry by id (drug, evidence, source, instrument, guideline, rule) or a drug name."""
    kb = load_knowledge()
    return entry_view(kb, _entry(kb, name, "entry"))
