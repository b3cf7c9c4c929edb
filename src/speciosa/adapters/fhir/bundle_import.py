"""Import a FHIR R4 Bundle into a speciosa PatientRecord.

Resources speciosa uses (Patient, Condition, MedicationStatement, MedicationRequest, Observation,
QuestionnaireResponse) are validated with fhir.resources first, so a malformed one is reported with
its entry and field; every other resource type (AllergyIntolerance, Encounter, ...) is counted and
ignored, never an error. Nothing is silently dropped: unrecognised medications, kratom entries that
lack a product or amount, and unscorable responses are listed in ``warnings``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from fhir.resources.R4B.condition import Condition as FhirCondition
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from pydantic import BaseModel, ValidationError

from speciosa.adapters.fhir import extract
from speciosa.adapters.fhir.codes import LOINC, RXNORM
from speciosa.adapters.fhir.questionnaire import TOTAL_LINK_ID
from speciosa.basis import Frozen
from speciosa.errors import InputError
from speciosa.knowledge import KnowledgeBase
from speciosa.knowledge.common import is_known
from speciosa.patient import (
    Condition,
    KratomUse,
    Medication,
    PatientRecord,
    ScaleResult,
    Sex,
    parse_record,
)

_MODELS: dict[str, type[BaseModel]] = {
    "Patient": Patient,
    "Condition": FhirCondition,
    "MedicationStatement": MedicationStatement,
    "MedicationRequest": MedicationRequest,
    "Observation": Observation,
    "QuestionnaireResponse": QuestionnaireResponse,
}


class FhirImport(Frozen):
    """The imported record, and everything about the Bundle that a clinician should know."""

    record: PatientRecord
    imported: dict[str, int]
    ignored: dict[str, int]
    kratom_reported: bool
    warnings: tuple[str, ...] = ()


def _validate(resource: Mapping[str, Any], index: int) -> None:
    resource_type = str(resource.get("resourceType"))
    try:
        _MODELS[resource_type].model_validate(dict(resource))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error.get("loc", ()))
        raise InputError(
            f"entry[{index}].{resource_type}.{where}",
            error.get("input"),
            f"valid FHIR R4: {error.get('msg')}",
        ) from exc


def _age(birth: str | None, today: date) -> int | None:
    """Age in whole years; a year-only birth date (FHIR allows it) gives the age reached this year."""
    if birth and re.match(r"^\d{4}$", birth):
        return today.year - int(birth)
    if not birth or not re.match(r"^\d{4}-\d{2}-\d{2}$", birth):
        return None
    born = date.fromisoformat(birth)
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _concept_name(concept: Mapping[str, Any] | None) -> tuple[str | None, str | None, str | None]:
    if not isinstance(concept, Mapping):
        return None, None, None
    codings = [c for c in concept.get("coding") or () if isinstance(c, Mapping)]
    name = concept.get("text") or next((c.get("display") for c in codings if c.get("display")), None)
    first = codings[0] if codings else {}
    return name, first.get("system"), first.get("code")


def _scale_from_observation(resource: Mapping[str, Any], totals: dict[str, str]) -> ScaleResult | None:
    codes = [
        c.get("code")
        for c in (resource.get("code") or {}).get("coding") or ()
        if isinstance(c, Mapping) and c.get("system") == LOINC
    ]
    instrument = next((totals[c] for c in codes if c in totals), None)
    when = str(resource.get("effectiveDateTime") or "")[:10]
    value = resource.get("valueInteger", (resource.get("valueQuantity") or {}).get("value"))
    if instrument is None or not re.match(r"^\d{4}-\d{2}-\d{2}$", when) or not isinstance(value, int | float):
        return None
    return ScaleResult(instrument=instrument, on=date.fromisoformat(when), total=float(value))


def _scale_from_response(resource: Mapping[str, Any], kb: KnowledgeBase) -> ScaleResult | None:
    canonical = str(resource.get("questionnaire") or "")
    instrument = next(
        (i for i in kb.instruments if canonical.rstrip("/").endswith(f"/Questionnaire/{i.id}")), None
    )
    when = str(resource.get("authored") or "")[:10]
    if instrument is None or not re.match(r"^\d{4}-\d{2}-\d{2}$", when):
        return None
    answers: dict[str, int] = {}
    for item in resource.get("item") or ():
        link = str(item.get("linkId"))
        for answer in item.get("answer") or ():
            coding = answer.get("valueCoding") or {}
            raw = coding.get("code", answer.get("valueInteger"))
            if link != TOTAL_LINK_ID and raw is not None and str(raw).isdigit():
                answers[link] = int(raw)
    ordered = tuple(answers.get(str(i.number)) for i in instrument.items)
    return ScaleResult(instrument=instrument.id, on=date.fromisoformat(when), answers=ordered)


def import_bundle(bundle: Any, kb: KnowledgeBase, today: date) -> FhirImport:
    """Read a FHIR R4 Bundle (already parsed JSON) into a PatientRecord.

    Raises InputError naming the entry and field for a malformed resource, a Bundle without exactly
    one Patient, or a Patient without a usable birth date.
    """
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        raise InputError("resourceType", getattr(bundle, "get", lambda _: None)("resourceType"), "'Bundle'")
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        raise InputError("entry", type(entries).__name__, "a list of Bundle entries")
    imported: Counter[str] = Counter()
    ignored: Counter[str] = Counter()
    warnings: list[str] = []
    patients: list[Mapping[str, Any]] = []
    conditions: list[Condition] = []
    medications: list[Medication] = []
    scales: list[ScaleResult] = []
    kratom: KratomUse | None = None
    kratom_reported = False
    pregnant = breastfeeding = False
    totals = {i.loinc.total: i.id for i in kb.instruments if is_known(i.loinc.total)}

    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping) or not isinstance(resource.get("resourceType"), str):
            raise InputError(f"entry[{index}].resource", None, "a FHIR resource with resourceType")
        kind = str(resource["resourceType"])
        if kind not in _MODELS:
            ignored[kind] += 1
            continue
        _validate(resource, index)
        imported[kind] += 1
        if kind == "Patient":
            patients.append(resource)
        elif kind == "Condition":
            name, system, code = _concept_name(resource.get("code"))
            if name is None:
                warnings.append(f"entry[{index}] Condition has no text or display; not imported")
                continue
            if not extract.condition_is_current(resource):
                ignored["Condition (not active)"] += 1
                continue
            conditions.append(Condition(name=name[:200], system=system, code=code))
            pregnant |= "pregnan" in name.lower()
            breastfeeding |= any(w in name.lower() for w in ("breastfeeding", "breast feeding", "lactation"))
        elif kind in ("MedicationStatement", "MedicationRequest"):
            if not extract.is_active(resource):
                ignored[f"{kind} (not active)"] += 1
                continue
            if extract.is_kratom(resource):
                kratom_reported = True
                if kratom is None:
                    kratom = extract.kratom_use(resource)
                    if kratom is None:
                        warnings.append(
                            "Kratom use is recorded in the EHR but its product type or dosing frequency "
                            "is not coded; record it in speciosa to enable the quantitative interaction "
                            "screen."
                        )
                continue
            names = extract.medication_texts(resource)
            if not names:
                warnings.append(f"entry[{index}] {kind} has no medication text or display; not imported")
                continue
            rxnorm = next(iter(extract.rxnorm_codes(resource)), None)
            medications.append(Medication(name=names[0][:200], rxnorm=rxnorm))
        elif kind == "Observation":
            scale = _scale_from_observation(resource, totals)
            if scale is None:
                ignored["Observation (not a speciosa instrument total)"] += 1
            else:
                scales.append(scale)
        elif kind == "QuestionnaireResponse":
            scale = _scale_from_response(resource, kb)
            if scale is None:
                warnings.append(
                    f"entry[{index}] QuestionnaireResponse is not for a speciosa instrument; not imported"
                )
            else:
                scales.append(scale)

    if len(patients) != 1:
        raise InputError("entry.Patient", len(patients), "exactly one Patient resource in the Bundle")
    patient = patients[0]
    age = _age(patient.get("birthDate"), today)
    if age is None:
        raise InputError("Patient.birthDate", patient.get("birthDate"), "a date YYYY-MM-DD (or a year YYYY)")
    sex = {"female": Sex.FEMALE, "male": Sex.MALE}.get(str(patient.get("gender")), Sex.UNKNOWN)
    record_id = re.sub(r"[^A-Za-z0-9._-]", "-", str(patient.get("id") or "fhir-patient"))[:64]
    record = parse_record(
        {
            "id": record_id,
            "age_years": age,
            "sex": sex,
            "pregnant": pregnant,
            "breastfeeding": breastfeeding,
            "conditions": [c.model_dump() for c in conditions],
            "medications": [m.model_dump() for m in medications],
            "kratom": kratom.model_dump() if kratom else None,
            "scales": [s.model_dump() for s in scales],
        }
    )
    return FhirImport(
        record=record,
        imported=dict(imported),
        ignored=dict(ignored),
        kratom_reported=kratom_reported,
        warnings=tuple(warnings),
    )


__all__ = ["RXNORM", "FhirImport", "import_bundle"]
