"""API routes: assess (validated instruments: list, definition, score)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, HTTPException
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from speciosa.assess.instruments import InstrumentScore, find_instrument, score
from speciosa.errors import InputError
from speciosa.knowledge import load_knowledge
from speciosa.knowledge.instruments import Instrument

router = APIRouter(prefix="/api/v1", tags=["assess"])


class InstrumentSummary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str
    short_name: str
    items: int
    total_min: int
    total_max: int
    item_text_included: bool
    loinc_panel: str
    loinc_total: str


class ScoreRequest(BaseModel):
    """Answers in form order; ``null`` marks an unanswered item."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    answers: Annotated[list[StrictInt | None], Field(max_length=200)]
    sex: Literal["female", "male"] | None = None
    functional_difficulty: StrictInt | None = None


def _instrument(instrument_id: str) -> Instrument:
    try:
        return find_instrument(load_knowledge(), instrument_id)
    except InputError as exc:
        raise HTTPException(
            status_code=404, detail=f"Unknown instrument {instrument_id!r}; {exc.allowed}"
        ) from exc


@router.get("/instruments", response_model=list[InstrumentSummary])
def list_instruments() -> list[InstrumentSummary]:
    """Every instrument speciosa can score."""
    return [
        InstrumentSummary(
            id=i.id,
            name=i.name,
            short_name=i.short_name,
            items=len(i.items),
            total_min=i.total_min,
            total_max=i.total_max,
            item_text_included=i.licence.text_included,
            loinc_panel=i.loinc.panel,
            loinc_total=i.loinc.total,
        )
        for i in load_knowledge().instruments
    ]


@router.get("/instruments/{instrument_id}", response_model=Instrument)
def get_instrument(instrument_id: str) -> Instrument:
    """The full reviewed definition: items (text null where not licensed), options, rules, bands, sources."""
    return _instrument(instrument_id)


@router.post("/instruments/{instrument_id}/score", response_model=InstrumentScore)
def score_instrument(instrument_id: str, request: Annotated[ScoreRequest, Body()]) -> InstrumentScore:
    """Score one administration; the same JSON as ``speciosa score --json``."""
    inst = _instrument(instrument_id)
    return score(
        inst.id,
        request.answers,
        load_knowledge(),
        sex=request.sex,
        functional_difficulty=request.functional_difficulty,
    )
