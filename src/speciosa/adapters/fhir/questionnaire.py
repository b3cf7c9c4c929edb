"""FHIR R4 Questionnaire definitions for every instrument, LOINC-coded, built from the reviewed data.

fhir.resources' R4B models are used for validation: for the resources speciosa exchanges
(Questionnaire, QuestionnaireResponse, Observation, Patient, Condition, MedicationStatement,
MedicationRequest, DetectedIssue, CarePlan, Bundle) R4B is the R4 structure (see docs/interoperability.md).
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire

from speciosa.adapters.fhir.codes import LOINC, SPECIOSA
from speciosa.knowledge.common import is_known
from speciosa.knowledge.instruments import Instrument, Item

ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
TOTAL_LINK_ID = "total"


def canonical_url(instrument_id: str) -> str:
    return f"{SPECIOSA}/Questionnaire/{instrument_id}"


def answer_system(instrument_id: str) -> str:
    """Our answer code system: codes are the scored values (LOINC answer lists were not verified)."""
    return f"{SPECIOSA}/CodeSystem/{instrument_id}-answers"


def _loinc(code: str) -> list[dict[str, str]]:
    return [{"system": LOINC, "code": code}] if is_known(code) else []


def _item(instrument: Instrument, item: Item) -> dict[str, Any]:
    body: dict[str, Any] = {
        "linkId": str(item.number),
        # Verbatim text only where the licence allows; otherwise the short label we wrote ourselves.
        "text": item.text if item.text else item.label,
        "type": "choice",
        "required": False,
        "answerOption": [
            {
                "valueCoding": {
                    "system": answer_system(instrument.id),
                    "code": str(option.value),
                    "display": option.label or str(option.value),
                    "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.value}],
                }
            }
            for option in item.options
        ],
    }
    if codes := _loinc(item.loinc):
        body["code"] = codes
    return body


def questionnaire(instrument: Instrument) -> Questionnaire:
    """The instrument as a validated FHIR Questionnaire resource."""
    items = [_item(instrument, item) for item in instrument.items]
    for extra in instrument.supplementary:
        entry: dict[str, Any] = {
            "linkId": extra.id,
            "text": extra.text or extra.id,
            "type": "choice",
            "required": False,
            "answerOption": [
                {
                    "valueCoding": {
                        "system": answer_system(instrument.id),
                        "code": str(o.value),
                        "display": o.label or str(o.value),
                    }
                }
                for o in extra.options
            ],
        }
        if codes := _loinc(extra.loinc):
            entry["code"] = codes
        items.append(entry)
    total: dict[str, Any] = {
        "linkId": TOTAL_LINK_ID,
        "text": "Total score",
        "type": "integer",
        "readOnly": True,
    }
    if codes := _loinc(instrument.loinc.total):
        total["code"] = codes
    items.append(total)
    body: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": instrument.id,
        "url": canonical_url(instrument.id),
        "name": instrument.short_name.replace("-", "").replace(" ", ""),
        "title": instrument.name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": instrument.scoring_rule,
        "copyright": instrument.licence.note,
        "item": items,
    }
    if codes := _loinc(instrument.loinc.panel):
        body["code"] = codes
    return Questionnaire.model_validate(body)
