"""Synthetic demo data for ``speciosa serve --demo``: one care team, a clinician, an admin, three patients.

Every patient here is invented. Passwords are random on every start and printed only in demo mode.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from speciosa.adapters.store.repositories import patients, users
from speciosa.patient import KratomProduct, KratomUse, LabName, LabResult, Medication, Regimen

DEMO_TEAM = "demo-team"
DEMO_CLINICIAN = "clinician@demo.invalid"
DEMO_ADMIN = "admin@demo.invalid"


@dataclass(frozen=True, slots=True)
class DemoCredentials:
    clinician_email: str
    clinician_password: str
    admin_email: str
    admin_password: str


def _set_user(
    session: Session, email: str, role: str, name: str, pw_hash: str, now: datetime, team_id: int | None
) -> int:
    user = users.by_email(session, email)
    if user is None:
        user = users.create(
            session,
            email=email,
            role=role,
            password_hash=pw_hash,
            display_name=name,
            now=now,
            team_id=team_id,
        )
    user.password_hash = pw_hash
    user.active = True
    return user.id


def seed(
    session: Session, now: datetime, today: date, hash_password: Callable[[str], str]
) -> DemoCredentials:
    """Create (once) the demo team, users and patients; reset the demo passwords every time."""
    team = users.team(session, DEMO_TEAM)
    clin_pw, admin_pw = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    clin = _set_user(
        session, DEMO_CLINICIAN, "clinician", "Demo Clinician", hash_password(clin_pw), now, team.id
    )
    _set_user(session, DEMO_ADMIN, "admin", "Demo Admin", hash_password(admin_pw), now, None)
    if not patients.for_team(session, team.id):
        _patients(session, team.id, clin, now, today)
    return DemoCredentials(DEMO_CLINICIAN, clin_pw, DEMO_ADMIN, admin_pw)


def _patients(session: Session, team_id: int, uid: int, now: datetime, today: date) -> None:
    def weeks_ago(n: int) -> date:
        return today - timedelta(weeks=n)

    # A: improving on sertraline, daily leaf powder.
    a = patients.create(
        session,
        team_id=team_id,
        label="Demo A (synthetic)",
        age_years=34,
        sex="female",
        now=now,
        patient_id="demo-a",
    )
    for wk, answers in (
        (12, [2, 2, 2, 2, 1, 2, 2, 1, 0]),
        (8, [2, 1, 2, 1, 1, 1, 1, 1, 0]),
        (4, [1, 1, 1, 1, 1, 1, 1, 0, 0]),
        (0, [1, 0, 1, 1, 0, 1, 0, 0, 0]),
    ):
        patients.add_scale(
            session,
            patient_id=a.id,
            instrument="phq-9",
            on=weeks_ago(wk),
            answers=answers,
            source="clinician",
            user_id=uid,
            now=now,
        )
    patients.add_scale(
        session,
        patient_id=a.id,
        instrument="gad-7",
        on=weeks_ago(0),
        answers=[1, 1, 0, 1, 0, 1, 0],
        source="patient",
        user_id=uid,
        now=now,
    )
    patients.add_medication(
        session,
        patient_id=a.id,
        med=Medication(name="sertraline", dose_mg=100, doses_per_day=1, started_on=weeks_ago(12)),
        user_id=uid,
        now=now,
    )
    patients.add_kratom(
        session,
        patient_id=a.id,
        use=KratomUse(
            product=KratomProduct.LEAF_POWDER, grams_per_dose=3, doses_per_day=3, regimen=Regimen.CHRONIC
        ),
        recorded_on=weeks_ago(0),
        user_id=uid,
        now=now,
    )
    patients.add_lab(
        session,
        patient_id=a.id,
        lab=LabResult(name=LabName.ALT, on=weeks_ago(4), alt_u_per_l=28, uln=40),
        user_id=uid,
        now=now,
    )
    # B: latest PHQ-9 has item 9 > 0, so the urgent banner shows; also takes an opioid.
    b = patients.create(
        session,
        team_id=team_id,
        label="Demo B (synthetic)",
        age_years=47,
        sex="male",
        now=now,
        patient_id="demo-b",
    )
    for wk, answers in ((6, [2, 2, 1, 2, 1, 1, 1, 1, 0]), (0, [3, 2, 2, 2, 2, 2, 2, 1, 1])):
        patients.add_scale(
            session,
            patient_id=b.id,
            instrument="phq-9",
            on=weeks_ago(wk),
            answers=answers,
            source="clinician",
            user_id=uid,
            now=now,
        )
    patients.add_medication(
        session,
        patient_id=b.id,
        med=Medication(name="tramadol", dose_mg=50, doses_per_day=2),
        user_id=uid,
        now=now,
    )
    patients.add_kratom(
        session,
        patient_id=b.id,
        use=KratomUse(product=KratomProduct.EXTRACT, extract_mg_per_dose=100, doses_per_day=2),
        recorded_on=weeks_ago(0),
        user_id=uid,
        now=now,
    )
    # C: no kratom use recorded yet.
    c = patients.create(
        session,
        team_id=team_id,
        label="Demo C (synthetic)",
        age_years=29,
        sex="unknown",
        now=now,
        patient_id="demo-c",
    )
    patients.add_scale(
        session,
        patient_id=c.id,
        instrument="phq-9",
        on=weeks_ago(1),
        answers=[1, 1, 1, 0, 1, 0, 1, 0, 0],
        source="clinician",
        user_id=uid,
        now=now,
    )
