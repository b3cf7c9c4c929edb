"""Frozen inputs that describe a patient: medications, kratom use, conditions.

The full longitudinal record (scores, labs, treatment history) builds on these in plan/ and monitor/.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from speciosa.basis import Frozen


class KratomProduct(StrEnum):
    LEAF_POWDER = "leaf-powder"
    LEAF_TEA = "leaf-tea"
    CAPSULE = "capsule"
    EXTRACT = "extract"
    SEVEN_OH_PRODUCT = "7-oh-product"


class Regimen(StrEnum):
    SINGLE = "single"
    CHRONIC = "chronic"


class KratomUse(Frozen):
    """What the patient takes, as reported. Amounts are leaf-equivalent grams or extract mg."""

    product: KratomProduct
    grams_per_dose: Annotated[float, Field(gt=0, le=100)] | None = Field(
        default=None, description="Leaf-equivalent grams per dose (leaf powder, tea, capsules)."
    )
    extract_mg_per_dose: Annotated[float, Field(gt=0, le=10000)] | None = Field(
        default=None, description="Milligrams of extract or 7-OH product per dose."
    )
    doses_per_day: Annotated[float, Field(gt=0, le=24)]
    regimen: Regimen = Regimen.CHRONIC
    mitragynine_mg_per_g: Annotated[float, Field(gt=0, le=1000)] | None = Field(
        default=None, description="Assayed content from a certificate of analysis, if the patient has one."
    )
    duration_months: Annotated[float, Field(ge=0, le=1200)] | None = None
    reasons: tuple[str, ...] = ()
    prior_quit_attempts: Annotated[int, Field(ge=0, le=1000)] | None = None
    recorded_on: date | None = None


class Medication(Frozen):
    """A medication as written by a clinician or patient; resolved against the catalogue later."""

    name: str = Field(min_length=1, max_length=200)
    dose_mg: Annotated[float, Field(gt=0, le=100000)] | None = None
    doses_per_day: Annotated[float, Field(gt=0, le=24)] | None = None
    rxnorm: str | None = Field(default=None, pattern=r"^\d+$")
    started_on: date | None = None
    stopped_on: date | None = None


class Condition(Frozen):
    """A diagnosis or state (pregnancy, long QT), coded where possible."""

    name: str = Field(min_length=1, max_length=200)
    system: str | None = Field(default=None, description="http://snomed.info/sct or ICD-10 URI.")
    code: str | None = None
