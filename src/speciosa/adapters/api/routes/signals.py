"""API routes: signals — precomputed disproportionality results (no computation on user data)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from speciosa.adapters.analytics.bundled import CAERS_2012_LABEL, caers_2012_report
from speciosa.basis import DISCLAIMER, Frozen
from speciosa.learn.signals.report import Hyperparameters, SignalRow
from speciosa.learn.signals.synonyms import load_kratom_synonyms

router = APIRouter(prefix="/api/v1", tags=["signals"])


class SignalsPublic(Frozen):
    """Ranked signals for one product (or all), with the data set and method they come from."""

    dataset: str
    reports: int
    pairs_total: int
    hyperparameters: Hyperparameters
    signals: tuple[SignalRow, ...]
    rule: str
    sources: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    disclaimer: str = Field(default=DISCLAIMER)


@router.get("/signals", response_model=SignalsPublic)
def signals(
    product: Annotated[
        str | None, Query(max_length=200, description="Product name; kratom synonyms map to KRATOM.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Rows to return, ranked by EB05.")] = 50,
) -> SignalsPublic:
    """Pairs of the bundled CAERS 2012 data ranked by EB05, scored once per process and cached.

    ``product`` restricts the rows returned; the prior and the margins always use every report.
    """
    report = caers_2012_report()
    rows = report.signals
    notes: list[str] = list(report.warnings)
    if product is not None:
        name = load_kratom_synonyms().canonical_name(product).strip().lower()
        rows = tuple(s for s in rows if s.product.lower() == name)
        if not rows:
            notes.append(f"no reports name {product!r} in {CAERS_2012_LABEL}")
    return SignalsPublic(
        dataset=CAERS_2012_LABEL,
        reports=report.reports,
        pairs_total=report.pairs_total,
        hyperparameters=report.hyperparameters,
        signals=rows[:limit],
        rule=report.basis.rule,
        sources=report.basis.sources,
        warnings=tuple(notes),
    )
