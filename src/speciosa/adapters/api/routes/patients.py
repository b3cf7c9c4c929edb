"""Patients and their records over JSON; same session, roles, care-team scoping and audit as the pages."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from speciosa.adapters.store.repositories import audit, patients
from speciosa.adapters.web.auth import check_csrf_header, client_ip, require, tx, utcnow, visible_patient
from speciosa.assess import InstrumentScore, find_instrument, score
from speciosa.knowledge import load_knowledge
from speciosa.patient import PatientRecord

router = APIRouter(prefix="/api/v1", tags=["patients"])

_AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in"},
    403: {"description": "Wrong role or CSRF header"},
    404: {"description": "No such patient in your care team"},
}


class PatientSummary(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: str
    label: str
    age_years: int
    sex: str


class NewPatient(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    label: str = Field(min_length=1, max_length=200)
    age_years: int = Field(ge=0, le=120)
    sex: Literal["female", "male", "unknown"]
    pregnant: bool = False
    breastfeeding: bool = False


class NewScale(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    instrument: str = Field(min_length=2, max_length=40)
    on: date
    answers: list[Annotated[int, Field(ge=0, le=10)] | None] = Field(max_length=60)
    functional_difficulty: int | None = Field(default=None, ge=0, le=3)


class DatedScore(BaseModel):
    model_config = ConfigDict(frozen=True)
    on: date
    source: str
    score: InstrumentScore


@router.get("/patients", response_model=list[PatientSummary], responses=_AUTH)
def list_patients(request: Request) -> list[PatientSummary]:
    """The logged-in clinician's care-team patients."""
    user = require(request, "clinician")
    with tx(request) as s:
        rows = patients.for_team(s, user.team_id or -1)
        audit.record(s, now=utcnow(), user=user, action="read", entity="patient-list", ip=client_ip(request))
        return [PatientSummary(id=p.id, label=p.label, age_years=p.age_years, sex=p.sex) for p in rows]


@router.post("/patients", response_model=PatientSummary, status_code=201, responses=_AUTH)
def create_patient(request: Request, body: NewPatient) -> PatientSummary:
    """Add a patient to the clinician's care team (needs the X-CSRF-Token header)."""
    user = require(request, "clinician")
    check_csrf_header(request)
    with tx(request) as s:
        p = patients.create(s, team_id=user.team_id or -1, now=utcnow(), **body.model_dump())
        audit.record(
            s,
            now=utcnow(),
            user=user,
            action="write",
            entity="patient",
            patient_id=p.id,
            ip=client_ip(request),
        )
        return PatientSummary(id=p.id, label=p.label, age_years=p.age_years, sex=p.sex)


@router.get("/patients/{patient_id}", response_model=PatientRecord, responses=_AUTH)
def get_record(request: Request, patient_id: str) -> PatientRecord:
    """The full record (clinician of the care team, or the patient themself)."""
    user = require(request, "clinician", "patient")
    with tx(request) as s:
        p = visible_patient(s, user, patient_id)
        audit.record(
            s,
            now=utcnow(),
            user=user,
            action="read",
            entity="patient",
            patient_id=p.id,
            ip=client_ip(request),
        )
        return patients.record(s, p)


@router.get("/patients/{patient_id}/scores", response_model=list[DatedScore], responses=_AUTH)
def get_scores(request: Request, patient_id: str) -> list[DatedScore]:
    """Every administration scored by speciosa.assess, oldest first."""
    user = require(request, "clinician", "patient")
    kb = load_knowledge()
    with tx(request) as s:
        p = visible_patient(s, user, patient_id)
        audit.record(
            s, now=utcnow(), user=user, action="read", entity="scores", patient_id=p.id, ip=client_ip(request)
        )
        return [
            DatedScore(
                on=e.on,
                source=e.source,
                score=score(e.instrument, e.answers, kb, functional_difficulty=e.functional_difficulty),
            )
            for e in patients.scales(s, p.id)
        ]


@router.post(
    "/patients/{patient_id}/scales", response_model=InstrumentScore, status_code=201, responses=_AUTH
)
def add_scale(request: Request, patient_id: str, body: NewScale) -> InstrumentScore:
    """Record one administration; answers are validated by the scorer before anything is stored."""
    user = require(request, "clinician", "patient")
    check_csrf_header(request)
    with tx(request) as s:
        visible_patient(s, user, patient_id)  # refuse before validating, so nothing leaks
    kb = load_knowledge()
    inst = find_instrument(kb, body.instrument)
    result = score(inst.id, body.answers, kb, functional_difficulty=body.functional_difficulty)
    with tx(request) as s:
        p = visible_patient(s, user, patient_id)
        patients.add_scale(
            s,
            patient_id=p.id,
            instrument=inst.id,
            on=body.on,
            answers=body.answers,
            source=user.role,
            user_id=user.id,
            now=utcnow(),
            functional_difficulty=body.functional_difficulty,
        )
        audit.record(
            s,
            now=utcnow(),
            user=user,
            action="write",
            entity=f"scale:{inst.id}",
            patient_id=p.id,
            ip=client_ip(request),
        )
    return result
