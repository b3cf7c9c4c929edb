"""Frozen inputs that describe a patient: medications, kratom use, conditions.

The full longitudinal record (scores, labs, treatment history) builds on these in plan/ and monitor/.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

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


# ── The longitudinal record: what build_care_plan and the monitoring engine read ──────────────


class Sex(StrEnum):
    """Sex recorded for sex-specific norms (e.g. QTc upper limit); not gender identity."""

    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class KratomUseEntry(Frozen):
    """One dated report of kratom use, so a change in amount or frequency can be seen over time."""

    recorded_on: date
    grams_per_day: Annotated[float, Field(ge=0, le=1000)] | None = Field(
        default=None, description="Leaf-equivalent grams per day, as reported."
    )
    extract_mg_per_day: Annotated[float, Field(ge=0, le=100000)] | None = None
    doses_per_day: Annotated[float, Field(ge=0, le=24)] | None = None
    note: str | None = Field(default=None, max_length=500)


class ScaleResult(Frozen):
    """A dated rating-scale administration: item answers and/or a total, as recorded."""

    instrument: str = Field(
        min_length=2, max_length=40, pattern=r"^[a-z0-9][a-z0-9-]*$", description="Instrument id, e.g. phq9."
    )
    on: date
    answers: tuple[Annotated[int, Field(ge=0, le=10)] | None, ...] | None = None
    total: Annotated[float, Field(ge=0, le=1000)] | None = None


class LabName(StrEnum):
    ALT = "alt"
    AST = "ast"
    BILIRUBIN = "bilirubin"
    QTC = "qtc"


class LabResult(Frozen):
    """A dated laboratory or ECG value. Liver tests carry the lab's own upper limit of normal."""

    name: LabName
    on: date
    alt_u_per_l: Annotated[float, Field(ge=0, le=100000)] | None = None
    ast_u_per_l: Annotated[float, Field(ge=0, le=100000)] | None = None
    bilirubin_mg_per_dl: Annotated[float, Field(ge=0, le=200)] | None = None
    uln: Annotated[float, Field(gt=0, le=100000)] | None = Field(
        default=None, description="The reporting laboratory's upper limit of normal, same unit as the value."
    )
    qtc_ms: Annotated[float, Field(ge=200, le=800)] | None = None

    @model_validator(mode="after")
    def _value_matches_name(self) -> LabResult:
        fields = {
            LabName.ALT: "alt_u_per_l",
            LabName.AST: "ast_u_per_l",
            LabName.BILIRUBIN: "bilirubin_mg_per_dl",
            LabName.QTC: "qtc_ms",
        }
        wanted = fields[self.name]
        present = [f for f in fields.values() if getattr(self, f) is not None]
        if present != [wanted]:
            raise ValueError(f"a {self.name.value} result needs exactly one value, in {wanted}")
        if self.name is not LabName.QTC and self.uln is None:
            raise ValueError(f"a {self.name.value} result needs uln (the laboratory's upper limit of normal)")
        return self

    @property
    def value(self) -> float | None:
        """The one value this result carries, in the unit its field name states."""
        for candidate in (self.alt_u_per_l, self.ast_u_per_l, self.bilirubin_mg_per_dl, self.qtc_ms):
            if candidate is not None:
                return candidate
        return None


class TrialResponse(StrEnum):
    NONE = "none"
    PARTIAL = "partial"
    RESPONSE = "response"
    REMISSION = "remission"
    NOT_TOLERATED = "not-tolerated"
    UNKNOWN = "unknown"


class AntidepressantTrial(Frozen):
    """A past or current antidepressant trial in this or an earlier episode."""

    drug: str = Field(min_length=2, max_length=200)
    dose_mg_per_day: Annotated[float, Field(gt=0, le=10000)] | None = None
    duration_weeks: Annotated[float, Field(ge=0, le=1040)] | None = None
    response: TrialResponse = TrialResponse.UNKNOWN
    started_on: date | None = None
    ongoing: bool = Field(default=False, description="True for the antidepressant the patient takes now.")


class PatientRecord(Frozen):
    """Everything speciosa reads to plan and monitor care for one patient. ``id`` is opaque."""

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
    age_years: Annotated[int, Field(ge=0, le=120)]
    sex: Sex
    pregnant: bool = False
    breastfeeding: bool = False
    conditions: tuple[Condition, ...] = ()
    medications: tuple[Medication, ...] = ()
    kratom: KratomUse | None = None
    kratom_history: tuple[KratomUseEntry, ...] = ()
    kratom_taper_in_progress: bool = False
    antidepressant_taper_in_progress: bool = False
    scales: tuple[ScaleResult, ...] = ()
    labs: tuple[LabResult, ...] = ()
    treatment_history: tuple[AntidepressantTrial, ...] = ()

    def scales_of(self, instrument: str) -> tuple[ScaleResult, ...]:
        """This instrument's results, oldest first."""
        return tuple(sorted((s for s in self.scales if s.instrument == instrument), key=lambda s: s.on))

    def labs_of(self, name: LabName) -> tuple[LabResult, ...]:
        return tuple(sorted((lab for lab in self.labs if lab.name == name), key=lambda lab: lab.on))


def parse_record(raw: object) -> PatientRecord:
    """Validate a patient record; on failure raise one InputError that names every bad field.

    Examples
    --------
    >>> parse_record({"id": "x", "age_years": -1, "sex": "other"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    speciosa.errors.InputError: age_years, sex: got ...
    """
    from pydantic import ValidationError

    from speciosa.errors import InputError

    if isinstance(raw, dict):
        # Top-level keys starting with "_" are comments (the examples mark themselves synthetic).
        raw = {k: v for k, v in raw.items() if not (isinstance(k, str) and k.startswith("_"))}
    try:
        return PatientRecord.model_validate(raw)
    except ValidationError as exc:
        problems = [(".".join(str(p) for p in err["loc"]) or "record", err["msg"]) for err in exc.errors()]
        fields = ", ".join(dict.fromkeys(f for f, _ in problems))
        allowed = "; ".join(f"{f}: {m}" for f, m in problems)
        raise InputError(fields, "invalid patient record", allowed) from exc
