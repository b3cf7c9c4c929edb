"""Export a speciosa PatientRecord (and, when given, its screen and plan) as a FHIR R4 Bundle."""

from __future__ import annotations

from datetime import date
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from speciosa.adapters.fhir.codes import RXNORM, SPECIOSA
from speciosa.adapters.fhir.observation import questionnaire_response, score_observation
from speciosa.adapters.fhir.questionnaire import questionnaire
from speciosa.assess import score
from speciosa.knowledge import KnowledgeBase
from speciosa.patient import KratomProduct, KratomUse, PatientRecord, Sex

_PRODUCT_TEXT = {
    KratomProduct.LEAF_POWDER: "leaf powder",
    KratomProduct.LEAF_TEA: "leaf tea",
    KratomProduct.CAPSULE: "capsules",
    KratomProduct.EXTRACT: "extract",
    KratomProduct.SEVEN_OH_PRODUCT: "7-OH product",
}


def _kratom_statement(kratom: KratomUse, patient_ref: str) -> dict[str, Any]:
    dosage: dict[str, Any] = {
        # FHIR frequency is a positive integer; a fractional daily count goes into the period instead.
        "timing": {
            "repeat": {"frequency": 1, "period": round(1.0 / kratom.doses_per_day, 6), "periodUnit": "d"}
        },
    }
    if kratom.grams_per_dose is not None:
        dosage["doseAndRate"] = [
            {
                "doseQuantity": {
                    "value": kratom.grams_per_dose,
                    "unit": "g",
                    "code": "g",
                    "system": "http://unitsofmeasure.org",
                }
            }
        ]
    elif kratom.extract_mg_per_dose is not None:
        dosage["doseAndRate"] = [
            {
                "doseQuantity": {
                    "value": kratom.extract_mg_per_dose,
                    "unit": "mg",
                    "code": "mg",
                    "system": "http://unitsofmeasure.org",
                }
            }
        ]
    return {
        "resourceType": "MedicationStatement",
        "id": "kratom",
        "status": "active",
        "medicationCodeableConcept": {"text": f"Kratom (Mitragyna speciosa) {_PRODUCT_TEXT[kratom.product]}"},
        "subject": {"reference": patient_ref},
        "dosage": [dosage],
    }


def record_resources(record: PatientRecord, kb: KnowledgeBase, today: date) -> list[dict[str, Any]]:
    """Patient, Condition, MedicationStatement, QuestionnaireResponse and Observation resources as JSON."""
    patient_ref = f"Patient/{record.id}"
    gender = {Sex.FEMALE: "female", Sex.MALE: "male"}.get(record.sex, "unknown")
    # Only the age is recorded, so the birth date is exported as a year (FHIR allows partial dates).
    resources: list[dict[str, Any]] = [
        {
            "resourceType": "Patient",
            "id": record.id,
            "gender": gender,
            "birthDate": f"{today.year - record.age_years:04d}",
        }
    ]
    for index, condition in enumerate(record.conditions):
        code: dict[str, Any] = {"text": condition.name}
        if condition.system and condition.code:
            code["coding"] = [{"system": condition.system, "code": condition.code, "display": condition.name}]
        resources.append(
            {
                "resourceType": "Condition",
                "id": f"condition-{index}",
                "subject": {"reference": patient_ref},
                "code": code,
            }
        )
    for flag, text in ((record.pregnant, "Pregnancy"), (record.breastfeeding, "Breastfeeding")):
        if flag and not any(text.lower()[:7] in c.name.lower() for c in record.conditions):
            resources.append(
                {
                    "resourceType": "Condition",
                    "id": text.lower(),
                    "subject": {"reference": patient_ref},
                    "code": {"text": text},
                }
            )
    for index, medication in enumerate(record.medications):
        concept: dict[str, Any] = {"text": medication.name}
        if medication.rxnorm:
            concept["coding"] = [{"system": RXNORM, "code": medication.rxnorm, "display": medication.name}]
        resources.append(
            {
                "resourceType": "MedicationStatement",
                "id": f"medication-{index}",
                "status": "active",
                "medicationCodeableConcept": concept,
                "subject": {"reference": patient_ref},
            }
        )
    if record.kratom is not None:
        resources.append(_kratom_statement(record.kratom, patient_ref))
    instruments = {i.id: i for i in kb.instruments}
    for index, scale in enumerate(record.scales):
        instrument = instruments.get(scale.instrument)
        if instrument is None or scale.answers is None:
            continue
        result = score(instrument.id, scale.answers, kb)
        response = questionnaire_response(instrument, result, patient_ref, scale.on, f"response-{index}")
        observation = score_observation(
            instrument,
            result,
            patient_ref,
            scale.on,
            f"score-{index}",
            f"QuestionnaireResponse/response-{index}",
        )
        resources += [
            response.model_dump(mode="json", exclude_none=True),
            observation.model_dump(mode="json", exclude_none=True),
        ]
    return resources


def to_bundle(resources: list[dict[str, Any]]) -> Bundle:
    """A validated collection Bundle; every resource is validated as part of it."""
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {"fullUrl": f"{SPECIOSA}/{r['resourceType']}/{r['id']}", "resource": r} for r in resources
            ],
        }
    )


def export_bundle(record: PatientRecord, kb: KnowledgeBase, today: date) -> Bundle:
    return to_bundle(record_resources(record, kb, today))


def questionnaires_bundle(kb: KnowledgeBase) -> Bundle:
    """Every instrument as a Questionnaire, in one Bundle."""
    return to_bundle([questionnaire(i).model_dump(mode="json", exclude_none=True) for i in kb.instruments])
