"""API routes: POST /api/v1/interactions/check (the kratom interaction screen)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

router = APIRouter(prefix="/api/v1", tags=["screen"])


class CheckRequest(BaseModel):
    """Same inputs as ``speciosa check``; amounts are validated in the core (InputError -> 422)."""

    model_config = ConfigDict(extra="forbid")

    product: str
    grams_per_dose: float | None = None
    extract_mg_per_dose: float | None = None
    doses_per_day: float
    regimen: str = "chronic"
    mitragynine_mg_per_g: float | None = None
    meds: list[str] = Field(default_factory=list, max_length=200)
    conditions: list[str] = Field(default_factory=list, max_length=100)


@router.post("/interactions/check")
def check(request: CheckRequest) -> dict[str, Any]:
    from speciosa.assess.exposure import kratom_use
    from speciosa.knowledge import load_knowledge
    from speciosa.screen import screen

    use = kratom_use(
        product=request.product,
        grams_per_dose=request.grams_per_dose,
        extract_mg_per_dose=request.extract_mg_per_dose,
        doses_per_day=request.doses_per_day,
        regimen=request.regimen,
        mitragynine_mg_per_g=request.mitragynine_mg_per_g,
    )
    return screen(use, request.meds, request.conditions, load_knowledge()).to_dict()
