"""Patients and their dated entries; assembles the frozen PatientRecord the core reads."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from speciosa.adapters.store.tables import KratomEntry, LabEntry, MedicationEntry, Patient, ScaleEntry
from speciosa.patient import (
    KratomUse,
    KratomUseEntry,
    LabResult,
    Medication,
    PatientRecord,
    ScaleResult,
)

_LAB_FIELD = {"alt": "alt_u_per_l", "ast": "ast_u_per_l", "bilirubin": "bilirubin_mg_per_dl", "qtc": "qtc_ms"}


def new_id() -> str:
    """An opaque id that carries no personal information."""
    return "p-" + secrets.token_hex(6)


def create(
    session: Session,
    *,
    team_id: int,
    label: str,
    age_years: int,
    sex: str,
    now: datetime,
    pregnant: bool = False,
    breastfeeding: bool = False,
    patient_id: str | None = None,
) -> Patient:
    p = Patient(
        id=patient_id or new_id(),
        team_id=team_id,
        label=label,
        age_years=age_years,
        sex=sex,
        pregnant=pregnant,
        breastfeeding=breastfeeding,
        created_at=now,
    )
    session.add(p)
    session.flush()
    return p


def get(session: Session, patient_id: str) -> Patient | None:
    return session.get(Patient, patient_id)


def for_team(session: Session, team_id: int) -> Sequence[Patient]:
    return session.scalars(select(Patient).where(Patient.team_id == team_id).order_by(Patient.label)).all()


def add_scale(
    session: Session,
    *,
    patient_id: str,
    instrument: str,
    on: date,
    answers: Sequence[int | None],
    source: str,
    user_id: int,
    now: datetime,
    functional_difficulty: int | None = None,
) -> ScaleEntry:
    row = ScaleEntry(
        patient_id=patient_id,
        instrument=instrument,
        on=on,
        answers=list(answers),
        functional_difficulty=functional_difficulty,
        source=source,
        recorded_by=user_id,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    return row


def add_medication(
    session: Session, *, patient_id: str, med: Medication, user_id: int, now: datetime
) -> None:
    session.add(
        MedicationEntry(
            patient_id=patient_id,
            name=med.name,
            dose_mg=med.dose_mg,
            doses_per_day=med.doses_per_day,
            started_on=med.started_on,
            stopped_on=med.stopped_on,
            recorded_by=user_id,
            recorded_at=now,
        )
    )
    session.flush()


def add_kratom(
    session: Session, *, patient_id: str, use: KratomUse, recorded_on: date, user_id: int, now: datetime
) -> None:
    session.add(
        KratomEntry(
            patient_id=patient_id,
            product=use.product.value,
            grams_per_dose=use.grams_per_dose,
            extract_mg_per_dose=use.extract_mg_per_dose,
            doses_per_day=use.doses_per_day,
            regimen=use.regimen.value,
            recorded_on=recorded_on,
            recorded_by=user_id,
            recorded_at=now,
        )
    )
    session.flush()


def add_lab(session: Session, *, patient_id: str, lab: LabResult, user_id: int, now: datetime) -> None:
    value = lab.value
    if value is None:  # LabResult's validator guarantees one value; keep the invariant explicit
        raise ValueError(f"lab result {lab.name.value} has no value")
    session.add(
        LabEntry(
            patient_id=patient_id,
            name=lab.name.value,
            on=lab.on,
            value=value,
            uln=lab.uln,
            recorded_by=user_id,
            recorded_at=now,
        )
    )
    session.flush()


def scales(session: Session, patient_id: str) -> Sequence[ScaleEntry]:
    stmt = select(ScaleEntry).where(ScaleEntry.patient_id == patient_id)
    return session.scalars(stmt.order_by(ScaleEntry.on, ScaleEntry.id)).all()


def medications(session: Session, patient_id: str) -> Sequence[MedicationEntry]:
    stmt = select(MedicationEntry).where(MedicationEntry.patient_id == patient_id)
    return session.scalars(stmt.order_by(MedicationEntry.id)).all()


def kratom(session: Session, patient_id: str) -> Sequence[KratomEntry]:
    stmt = select(KratomEntry).where(KratomEntry.patient_id == patient_id)
    return session.scalars(stmt.order_by(KratomEntry.recorded_on, KratomEntry.id)).all()


def labs(session: Session, patient_id: str) -> Sequence[LabEntry]:
    stmt = select(LabEntry).where(LabEntry.patient_id == patient_id)
    return session.scalars(stmt.order_by(LabEntry.on, LabEntry.id)).all()


def record(session: Session, patient: Patient) -> PatientRecord:
    """The frozen record the domain core reads, built from every stored entry."""
    k = kratom(session, patient.id)
    latest = k[-1] if k else None
    current = (
        KratomUse(
            product=latest.product,
            grams_per_dose=latest.grams_per_dose,
            extract_mg_per_dose=latest.extract_mg_per_dose,
            doses_per_day=latest.doses_per_day,
            regimen=latest.regimen,
            recorded_on=latest.recorded_on,
        )
        if latest
        else None
    )
    history = tuple(
        KratomUseEntry(
            recorded_on=e.recorded_on,
            grams_per_day=e.grams_per_dose * e.doses_per_day if e.grams_per_dose else None,
            extract_mg_per_day=e.extract_mg_per_dose * e.doses_per_day if e.extract_mg_per_dose else None,
            doses_per_day=e.doses_per_day,
        )
        for e in k
    )
    return PatientRecord(
        id=patient.id,
        age_years=patient.age_years,
        sex=patient.sex,
        pregnant=patient.pregnant,
        breastfeeding=patient.breastfeeding,
        medications=tuple(
            Medication(
                name=m.name,
                dose_mg=m.dose_mg,
                doses_per_day=m.doses_per_day,
                started_on=m.started_on,
                stopped_on=m.stopped_on,
            )
            for m in medications(session, patient.id)
        ),
        kratom=current,
        kratom_history=history,
        scales=tuple(
            ScaleResult(instrument=s.instrument, on=s.on, answers=tuple(s.answers))
            for s in scales(session, patient.id)
        ),
        labs=tuple(
            LabResult.model_validate(
                {"name": lab.name, "on": lab.on, _LAB_FIELD[lab.name]: lab.value, "uln": lab.uln}
            )
            for lab in labs(session, patient.id)
        ),
    )
