"""The review queue of the living evidence base: deduplicate imports, accept or reject, overlay.

Pure functions over frozen entries; the adapter (``adapters/evidence_import``) stores the queue
as JSON lines and supplies the clock. Only *accepted* entries reach the summaries: each becomes
an :class:`~speciosa.knowledge.evidence.EvidenceRecord` with its own
:class:`~speciosa.knowledge.sources.Source`, and records who accepted it and when.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import Field

from speciosa.basis import Frozen
from speciosa.errors import InputError
from speciosa.grading import Certainty
from speciosa.knowledge.evidence import Direction, EvidenceRecord, Question, StudyDesign
from speciosa.knowledge.sources import Source
from speciosa.learn.citation_import import Candidate, ImportFormat, normalise_title

#: Titles shorter than this (normalised) are not matched against knowledge-base citations.
_MIN_TITLE_MATCH = 20


class Status(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class QueueEntry(Frozen):
    """One imported candidate and the review decision on it."""

    id: str = Field(pattern=r"^imp-[0-9a-f]{10}$")
    candidate: Candidate
    imported_from: str
    imported_at: datetime
    status: Status = Status.PENDING
    reviewer: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    record: EvidenceRecord | None = None
    source: Source | None = None


class Duplicate(Frozen):
    title: str
    matched: str  # the key or knowledge-base entry it matched


class ImportReport(Frozen):
    added: tuple[QueueEntry, ...]
    duplicates: tuple[Duplicate, ...]


def entry_id(candidate: Candidate) -> str:
    digest = hashlib.sha256(candidate.dedup_keys()[0].encode()).hexdigest()
    return f"imp-{digest[:10]}"


def knowledge_keys(records: Iterable[EvidenceRecord], sources: Iterable[Source]) -> dict[str, str]:
    """Dedup keys already in the knowledge base: source PMIDs/DOIs and citation titles → entry id."""
    keys: dict[str, str] = {}
    for src in sources:
        if src.pmid:
            keys[f"pmid:{src.pmid}"] = src.id
        if src.doi:
            keys[f"doi:{src.doi.lower()}"] = src.id
    for record in records:
        keys[f"citation:{normalise_title(record.citation)}"] = record.id
    return keys


def enqueue(
    candidates: Sequence[Candidate],
    queue: Sequence[QueueEntry],
    known: dict[str, str],
    origin: str,
    now: datetime,
) -> ImportReport:
    """New queue entries for candidates not already queued, in the knowledge base, or repeated."""
    seen: dict[str, str] = dict(known)
    for entry in queue:
        for key in entry.candidate.dedup_keys():
            seen[key] = entry.id
    citations = [(k.removeprefix("citation:"), v) for k, v in seen.items() if k.startswith("citation:")]
    added: list[QueueEntry] = []
    duplicates: list[Duplicate] = []
    for candidate in candidates:
        match = next((seen[k] for k in candidate.dedup_keys() if k in seen), None)
        key = candidate.title_key
        if match is None and len(key) >= _MIN_TITLE_MATCH:
            match = next((eid for text, eid in citations if key in text), None)
        if match is not None:
            duplicates.append(Duplicate(title=candidate.title, matched=match))
            continue
        entry = QueueEntry(id=entry_id(candidate), candidate=candidate, imported_from=origin, imported_at=now)
        added.append(entry)
        for k in candidate.dedup_keys():
            seen[k] = entry.id
    return ImportReport(added=tuple(added), duplicates=tuple(duplicates))


def find(queue: Sequence[QueueEntry], entry: str) -> QueueEntry:
    for item in queue:
        if item.id == entry:
            return item
    raise InputError("id", entry, "an id listed by `speciosa evidence queue`")


def _pending(entry: QueueEntry) -> None:
    if entry.status is not Status.PENDING:
        raise InputError(
            "id", entry.id, f"a pending entry (this one was {entry.status.value} by {entry.reviewer})"
        )


def _reviewer(name: str) -> str:
    cleaned = name.strip()
    if len(cleaned) < 2:
        raise InputError("reviewer", name, "the reviewer's name (at least 2 characters)")
    return cleaned


def accept(
    entry: QueueEntry,
    reviewer: str,
    now: datetime,
    questions: Sequence[Question],
    certainty: Certainty = Certainty.VERY_LOW,
    design: StudyDesign | None = None,
    direction: Direction = Direction.DESCRIPTIVE,
    finding: str | None = None,
    n: int | None = None,
) -> QueueEntry:
    """Accept ``entry``: build its evidence record and source, and record reviewer and time."""
    _pending(entry)
    name = _reviewer(reviewer)
    if not questions:
        raise InputError("question", None, ", ".join(q.value for q in Question))
    c = entry.candidate
    chosen_design = design or (StudyDesign(c.design_hint) if c.design_hint else None)
    if chosen_design is None:
        raise InputError("design", None, ", ".join(d.value for d in StudyDesign))
    url = f"https://clinicaltrials.gov/study/{c.nct_id}" if c.nct_id else None
    if not (c.pmid or c.doi or url):
        raise InputError("id", entry.id, "a record with a PMID, DOI or NCT id (needed to cite it)")
    short = entry.id.removeprefix("imp-")
    authors = f"{c.authors[0]}{' et al' if len(c.authors) > 1 else ''}. " if c.authors else ""
    citation = f"{authors}{c.title} {c.journal or ''} {c.year or ''}".strip()
    source = Source(
        id=f"src-import-{short}",
        citation=citation if len(citation) >= 10 else f"{citation} (imported)",
        pmid=c.pmid,
        doi=c.doi,
        url=url,
        kind="registry" if c.format is ImportFormat.CTGOV else "journal-article",
        read=f"Imported record ({c.format.value}): title{' and abstract' if c.abstract else ''}; "
        f"accepted by {name}.",
        read_on=now.date(),
    )
    record = EvidenceRecord(
        id=f"ev-import-{short}",
        citation=source.citation,
        year=c.year or "unknown",
        design=chosen_design,
        n=n if n is not None else (c.enrollment if c.enrollment is not None else "unknown"),
        population="As described in the imported record; not yet abstracted by a reviewer.",
        questions=tuple(dict.fromkeys(questions)),
        key_finding=finding
        or "Accepted from a living-update import; the finding is not yet summarised by a reviewer.",
        direction=direction,
        certainty=certainty,
        certainty_reason=f"Set by {name} on acceptance ({now.date().isoformat()}).",
        locator="Imported title and abstract.",
        sources=(source.id,),
    )
    return entry.model_copy(
        update={
            "status": Status.ACCEPTED,
            "reviewer": name,
            "decided_at": now,
            "record": record,
            "source": source,
        }
    )


def reject(entry: QueueEntry, reviewer: str, now: datetime, reason: str) -> QueueEntry:
    """Reject ``entry`` with a reason; kept in the queue so a re-import is recognised."""
    _pending(entry)
    if len(reason.strip()) < 3:
        raise InputError("reason", reason, "a reason of at least 3 characters")
    return entry.model_copy(
        update={
            "status": Status.REJECTED,
            "reviewer": _reviewer(reviewer),
            "decided_at": now,
            "reason": reason.strip(),
        }
    )


def overlay(queue: Sequence[QueueEntry]) -> tuple[EvidenceRecord, ...]:
    """The accepted records, in acceptance order: what the summaries add to the knowledge base."""
    accepted = sorted(
        (e for e in queue if e.status is Status.ACCEPTED and e.record is not None),
        key=lambda e: e.decided_at or e.imported_at,
    )
    return tuple(e.record for e in accepted if e.record is not None)


def overlay_label(base_label: str, queue: Sequence[QueueEntry]) -> str:
    """The knowledge version with the overlay named, e.g. ``1.0.0+abcd1234 (2026-11-25)+evidence.2``."""
    count = len(overlay(queue))
    return f"{base_label}+evidence.{count}" if count else base_label
