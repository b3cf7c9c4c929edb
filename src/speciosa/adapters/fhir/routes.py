"""FHIR R4 endpoints: Questionnaire definitions, Bundle import and export."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from speciosa.adapters.fhir.bundle_export import export_bundle, questionnaires_bundle
from speciosa.adapters.fhir.bundle_import import FhirImport, import_bundle
from speciosa.adapters.fhir.questionnaire import questionnaire
from speciosa.assess import find_instrument
from speciosa.knowledge import load_knowledge
from speciosa.patient import parse_record

router = APIRouter(prefix="/fhir", tags=["fhir"])

FHIR_JSON = "application/fhir+json"


def _fhir(resource: Any) -> JSONResponse:
    return JSONResponse(resource.model_dump(mode="json", exclude_none=True), media_type=FHIR_JSON)


@router.get("/Questionnaire")
def list_questionnaires() -> JSONResponse:
    """Every instrument as a LOINC-coded FHIR R4 Questionnaire (a Bundle)."""
    return _fhir(questionnaires_bundle(load_knowledge()))


@router.get("/Questionnaire/{instrument_id}")
def read_questionnaire(instrument_id: str) -> JSONResponse:
    kb = load_knowledge()
    return _fhir(questionnaire(find_instrument(kb, instrument_id)))


@router.post("/import", response_model=FhirImport)
def import_fhir_bundle(bundle: dict[str, Any] = Body(...)) -> FhirImport:  # noqa: B008 - FastAPI idiom
    """Read a FHIR R4 Bundle (Patient, Condition, MedicationStatement/Request, Observation,
    QuestionnaireResponse) into a speciosa patient record; other resources are counted and ignored."""
    return import_bundle(bundle, load_knowledge(), date.today())


@router.post("/export")
def export_fhir_bundle(record: dict[str, Any] = Body(...)) -> JSONResponse:  # noqa: B008
    """A speciosa patient record as a FHIR R4 collection Bundle."""
    return _fhir(export_bundle(parse_record(record), load_knowledge(), date.today()))
