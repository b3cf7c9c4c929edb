"""CDS Hooks backed by speciosa's own store: kratom use the EHR does not record, and card feedback.

The hook's ``patientId`` is looked up as a speciosa patient id (the id speciosa exports as the FHIR
Patient.id). Every lookup and every feedback item is written to the append-only audit log, with
ids and outcome codes only, never clinical values.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI

from speciosa.adapters.store import db
from speciosa.adapters.store.repositories import audit, patients
from speciosa.patient import KratomProduct, KratomUse, Regimen


def install(app: FastAPI) -> None:
    """Give the CDS Hooks services the store as their third data source and feedback sink."""
    sessions = app.state.sessions

    def kratom_lookup(patient_id: str) -> KratomUse | None:
        with db.transaction(sessions) as session:
            if patients.get(session, patient_id) is None:
                return None
            entries = patients.kratom(session, patient_id)
            audit.record(
                session,
                now=datetime.now(UTC),
                user=None,
                action="read",
                entity="kratom-use",
                patient_id=patient_id,
                detail="cds-hooks fallback lookup",
            )
            if not entries:
                return None
            latest = entries[-1]
            return KratomUse(
                product=KratomProduct(latest.product),
                grams_per_dose=latest.grams_per_dose,
                extract_mg_per_dose=latest.extract_mg_per_dose,
                doses_per_day=latest.doses_per_day,
                regimen=Regimen(latest.regimen),
                recorded_on=latest.recorded_on,
            )

    def feedback_sink(service_id: str, feedback: dict[str, Any]) -> None:
        detail = f"service={service_id} card={feedback.get('card')} outcome={feedback.get('outcome')}"
        reason = (feedback.get("overrideReason") or {}).get("reason") or {}
        if reason.get("code"):
            detail += f" reason={reason.get('code')}"
        with db.transaction(sessions) as session:
            audit.record(
                session,
                now=datetime.now(UTC),
                user=None,
                action="write",
                entity="cds-feedback",
                detail=detail,
            )

    app.state.kratom_lookup = kratom_lookup
    app.state.cds_feedback_sink = feedback_sink
