"""API routes: learn — evidence summaries (with the accepted living-update overlay) and meta-analysis."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import Field

from speciosa.adapters.evidence_import.store import evidence_with_overlay, queue_dir
from speciosa.basis import Frozen
from speciosa.learn.certainty import load_grade_rules
from speciosa.learn.evidence import EvidenceSummary, parse_question, summarise_all, summarise_evidence
from speciosa.learn.meta_analysis import MetaAnalysisResult, meta_analyse_rows, parse_measure, parse_method

router = APIRouter(prefix="/api/v1", tags=["learn"])

# A study row: escalc column names (ai, bi, ci, di | m1i, sd1i, n1i, m2i, sd2i, n2i | xi, ni | yi, vi)
# with numbers, plus an optional "study" label.
StudyRowIn = dict[str, float | int | str]


class MetaRequest(Frozen):
    """Studies in metafor escalc column names, the measure and the pooling method."""

    measure: str = Field(
        description="RR, OR, RD, SMD, MD, PLO, PFT or GEN (precomputed yi, vi).", max_length=8
    )
    method: str = Field(default="REML", description="FE, DL, REML or PM.", max_length=8)
    hk: bool = Field(default=False, description="Hartung-Knapp adjustment (t with k-1 df).")
    studies: Annotated[list[StudyRowIn], Field(min_length=1, max_length=500)]


def _overlay() -> tuple[Any, frozenset[str], str]:
    # The overlay directory is a deployment setting (environment), never a request parameter.
    return evidence_with_overlay(queue_dir(None, required=False))


@router.get("/evidence", response_model=list[EvidenceSummary])
def evidence_summaries() -> tuple[EvidenceSummary, ...]:
    """One summary per question: studies, direction, certainty with reasons, plain language, sources."""
    records, overlay_ids, version = _overlay()
    return summarise_all(records, load_grade_rules(), version, overlay_ids)


@router.get("/evidence/{question}", response_model=EvidenceSummary)
def evidence_summary(question: str) -> EvidenceSummary:
    """The summary for one question (mood-depression, dependence-withdrawal, liver-injury, ...)."""
    chosen = parse_question(question)
    records, overlay_ids, version = _overlay()
    return summarise_evidence(chosen, records, load_grade_rules(), version, overlay_ids)


@router.post("/meta", response_model=MetaAnalysisResult)
def meta(request: MetaRequest) -> MetaAnalysisResult:
    """Pool the studies as R's metafor does (escalc, rma, predict, confint, regtest, leave1out)."""
    return meta_analyse_rows(
        request.studies, parse_measure(request.measure), parse_method(request.method), request.hk
    )
