"""The three speciosa CDS Services and their prefetch templates."""

from __future__ import annotations

from speciosa.adapters.cdshooks.models import Discovery, ServiceDefinition

PATIENT_VIEW = "speciosa-patient-view"
ORDER_SELECT = "speciosa-order-select"
ORDER_SIGN = "speciosa-order-sign"

# What every service needs: the patient, what they take (kratom is usually a MedicationStatement),
# their conditions, and recent observations (PHQ-9 item 9 and totals are screened for suicide risk).
_PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
    "medicationRequests": "MedicationRequest?patient={{context.patientId}}&status=active",
    "conditions": "Condition?patient={{context.patientId}}",
    "observations": "Observation?patient={{context.patientId}}&category=survey",
}

SERVICES: tuple[ServiceDefinition, ...] = (
    ServiceDefinition(
        hook="patient-view",
        id=PATIENT_VIEW,
        title="speciosa: kratom use, interactions and suicide-risk check",
        description=(
            "When a chart opens, flags recorded kratom use with its interaction findings against current "
            "medications and risk conditions, and any positive suicide-risk answer. Supports, and does "
            "not replace, clinical judgement."
        ),
        prefetch=dict(_PREFETCH),
    ),
    ServiceDefinition(
        hook="order-select",
        id=ORDER_SELECT,
        title="speciosa: kratom interaction check on selected orders",
        description=(
            "When a medication is selected for a patient who uses kratom, explains the predicted "
            "pharmacokinetic and pharmacodynamic interaction, with its basis and evidence certainty."
        ),
        prefetch=dict(_PREFETCH),
    ),
    ServiceDefinition(
        hook="order-sign",
        id=ORDER_SIGN,
        title="speciosa: kratom interaction check before signing",
        description=(
            "Before draft medication orders are signed, re-checks every draft against recorded kratom "
            "use and risk conditions."
        ),
        prefetch=dict(_PREFETCH),
    ),
)

BY_ID = {service.id: service for service in SERVICES}


def discovery() -> Discovery:
    return Discovery(services=list(SERVICES))
