"""A scored administration as FHIR: the QuestionnaireResponse (answers) and an Observation (total).

A suicide-risk alert is written into the Observation's interpretation and note, so an EHR that shows
only the Observation still shows the urgent flag.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from speciosa.adapters.fhir.codes import LOINC, OBSERVATION_CATEGORY, SPECIOSA
from speciosa.adapters.fhir.questionnaire import TOTAL_LINK_ID, answer_system, canonical_url
from speciosa.assess import InstrumentScore
from speciosa.grading import AlertLevel
from speciosa.knowledge.common import is_known
from speciosa.knowledge.instruments import Instrument

INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


def questionnaire_response(
    instrument: Instrument, result: InstrumentScore, patient_ref: str, authored: date, resource_id: str
) -> QuestionnaireResponse:
    items: list[dict[str, Any]] = []
    for item, answer in zip(instrument.items, result.answers, strict=True):
        entry: dict[str, Any] = {"linkId": str(item.number), "text": item.text or item.label}
        if answer is not None:
            option = item.option(answer)
            entry["answer"] = [
                {
                    "valueCoding": {
                        "system": answer_system(instrument.id),
                        "code": str(answer),
                        "display": (option.label if option else None) or str(answer),
                    }
                }
            ]
        items.append(entry)
    if result.functional_difficulty is not None and instrument.supplementary:
        extra = instrument.supplementary[0]
        items.append(
            {
                "linkId": extra.id,
                "answer": [
                    {
                        "valueCoding": {
                            "system": answer_system(instrument.id),
                            "code": str(result.functional_difficulty),
                            "display": result.functional_difficulty_label
                            or str(result.functional_difficulty),
                        }
                    }
                ],
            }
        )
    if result.total is not None:
        items.append({"linkId": TOTAL_LINK_ID, "answer": [{"valueInteger": result.total}]})
    return QuestionnaireResponse.model_validate(
        {
            "resourceType": "QuestionnaireResponse",
            "id": resource_id,
            "questionnaire": canonical_url(instrument.id),
            "status": "completed",
            "subject": {"reference": patient_ref},
            "authored": authored.isoformat(),
            "item": items,
        }
    )


def score_observation(
    instrument: Instrument,
    result: InstrumentScore,
    patient_ref: str,
    effective: date,
    resource_id: str,
    response_ref: str | None = None,
) -> Observation:
    coding = (
        [{"system": LOINC, "code": instrument.loinc.total, "display": f"{instrument.short_name} total score"}]
        if is_known(instrument.loinc.total)
        else []
    )
    coding.append(
        {
            "system": f"{SPECIOSA}/CodeSystem/instrument-total",
            "code": instrument.id,
            "display": f"{instrument.name} total score",
        }
    )
    body: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final" if result.valid else "preliminary",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": coding, "text": f"{instrument.name} total score"},
        "subject": {"reference": patient_ref},
        "effectiveDateTime": effective.isoformat(),
    }
    if result.total is not None:
        body["valueInteger"] = result.total
    else:
        body["dataAbsentReason"] = {"text": "Too many items missing to score under the authors' rule"}
    interpretations: list[dict[str, Any]] = []
    if result.severity_label:
        interpretations.append({"text": result.severity_label})
    urgent = [a for a in result.alerts if a.level is AlertLevel.URGENT]
    if urgent:
        interpretations.append(
            {
                "coding": [{"system": INTERPRETATION, "code": "AA", "display": "Critical abnormal"}],
                "text": "URGENT: " + "; ".join(a.code for a in urgent),
            }
        )
    if interpretations:
        body["interpretation"] = interpretations
    notes = [f"URGENT [{a.code}]: {a.message} Action: {a.action}" for a in urgent]
    notes += [
        f"{a.level.value} [{a.code}]: {a.message}" for a in result.alerts if a.level is not AlertLevel.URGENT
    ]
    if notes:
        body["note"] = [{"text": n} for n in notes]
    if response_ref:
        body["derivedFrom"] = [{"reference": response_ref}]
    return Observation.model_validate(body)
