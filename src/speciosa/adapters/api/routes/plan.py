"""API routes: plan (care plan for a patient record) and monitor (alerts for a patient record)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from speciosa.basis import Alert
from speciosa.knowledge import load_knowledge
from speciosa.monitor.alerts import evaluate_alerts
from speciosa.patient import PatientRecord
from speciosa.plan.care_plan import build_care_plan
from speciosa.plan.model import CarePlan

router = APIRouter(prefix="/api/v1", tags=["plan"])

TodayQuery = Annotated[
    date | None, Query(description="Date the plan is made for, YYYY-MM-DD (default: today).")
]


def _today(today: date | None) -> date:
    return today or date.today()  # the adapter reads the clock; the core takes ``today``


@router.post("/plan", response_model=CarePlan)
def plan(record: PatientRecord, today: TodayQuery = None) -> CarePlan:
    """A personalised MDD care plan for one patient record. Invalid records: 422 naming every bad field."""
    return build_care_plan(record, load_knowledge(), _today(today))


@router.post("/monitor/alerts", response_model=list[Alert])
def monitor_alerts(record: PatientRecord, today: TodayQuery = None) -> list[Alert]:
    """Monitoring alerts for one patient record, most urgent first."""
    return list(evaluate_alerts(record, load_knowledge(), _today(today)))
