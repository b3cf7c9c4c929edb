"""Deduplication, accept/reject and the overlay (speciosa.learn.review_queue)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from speciosa.errors import InputError
from speciosa.grading import Certainty
from speciosa.knowledge.evidence import Direction, Question, StudyDesign, load_evidence
from speciosa.knowledge.loader import load_section
from speciosa.knowledge.sources import Source
from speciosa.learn.citation_import import Candidate, ImportFormat, parse
from speciosa.learn.review_queue import (
    Status,
    accept,
    enqueue,
    knowledge_keys,
    overlay,
    overlay_label,
    reject,
)

DATA = Path(__file__).parents[1] / "data" / "evidence"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _pubmed() -> tuple[Candidate, ...]:
    return parse((DATA / "pubmed-sample.xml").read_text(encoding="utf-8"), "pubmed")


def test_import_adds_reviewable_entries_and_skips_repeats() -> None:
    report = enqueue(_pubmed(), (), {}, "pubmed-sample.xml", NOW)
    assert [e.status for e in report.added] == [Status.PENDING, Status.PENDING]
    again = enqueue(_pubmed(), report.added, {}, "pubmed-sample.xml", NOW)
    assert again.added == ()
    assert len(again.duplicates) == 2


def test_dedup_by_doi_across_formats_and_by_title() -> None:
    queued = enqueue(_pubmed(), (), {}, "x", NOW).added
    ris = parse((DATA / "sample.ris").read_text(encoding="utf-8"), "ris")
    report = enqueue(ris, queued, {}, "sample.ris", NOW)
    assert [d.title for d in report.duplicates] == [ris[0].title]  # same DOI as PMID 99000001
    retitled = Candidate(
        format=ImportFormat.RIS,
        title="A SYNTHETIC randomized trial record about kratom and depressive symptoms",
    )
    assert enqueue([retitled], queued, {}, "y", NOW).added == ()


def test_records_already_in_the_knowledge_base_are_duplicates() -> None:
    known = knowledge_keys(load_evidence(), load_section(Source, "sources"))
    record = load_evidence()[0]
    title_only = Candidate(format=ImportFormat.RIS, title=record.citation)
    assert enqueue([title_only], (), known, "z", NOW).added == ()


def test_accept_records_reviewer_time_and_builds_an_evidence_record() -> None:
    entry = enqueue(_pubmed(), (), {}, "x", NOW).added[1]
    decided = accept(
        entry,
        "Dr Test",
        NOW,
        [Question.LIVER_INJURY],
        Certainty.VERY_LOW,
        direction=Direction.HARM,
        finding="Synthetic case of raised liver tests, for tests only.",
    )
    assert decided.status is Status.ACCEPTED
    assert decided.reviewer == "Dr Test"
    assert decided.decided_at == NOW
    assert decided.record is not None
    assert decided.source is not None
    assert decided.record.design.value == "case-report"
    assert decided.record.sources == (decided.source.id,)
    assert decided.source.pmid == "99000002"
    assert overlay([entry, decided]) == (decided.record,)
    assert overlay_label("0.2.0", [decided]).endswith("+evidence.1")
    with pytest.raises(InputError, match="pending"):
        reject(decided, "Dr Other", NOW, "changed my mind")


def test_reject_needs_reviewer_and_reason_and_never_reaches_the_overlay() -> None:
    entry = enqueue(_pubmed(), (), {}, "x", NOW).added[0]
    with pytest.raises(InputError, match="reason"):
        reject(entry, "Dr Test", NOW, "")
    with pytest.raises(InputError, match="reviewer"):
        reject(entry, " ", NOW, "off topic")
    decided = reject(entry, "Dr Test", NOW, "off topic")
    assert overlay([decided]) == ()
    assert overlay_label("0.2.0", [decided]) == "0.2.0"


def test_accept_without_identifier_or_question_is_refused() -> None:
    ris = parse("TY  - JOUR\nTI  - Synthetic record without any identifier at all\nER  - \n", "ris")
    entry = enqueue(ris, (), {}, "x", NOW).added[0]
    with pytest.raises(InputError, match="question"):
        accept(entry, "Dr Test", NOW, [], design=None)
    with pytest.raises(InputError, match="PMID, DOI or NCT"):
        accept(entry, "Dr Test", NOW, [Question.MORTALITY], design=StudyDesign.COHORT)
