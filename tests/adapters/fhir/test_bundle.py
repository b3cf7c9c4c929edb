"""FHIR R4 import and export: validation, safe ignoring, kratom detection, round trip."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from speciosa.adapters.fhir.bundle_export import export_bundle, questionnaires_bundle
from speciosa.adapters.fhir.bundle_import import import_bundle
from speciosa.adapters.fhir.observation import score_observation
from speciosa.adapters.fhir.questionnaire import questionnaire
from speciosa.assess import score
from speciosa.errors import InputError
from speciosa.knowledge import load_knowledge
from speciosa.patient import KratomProduct, KratomUse, Medication, PatientRecord, ScaleResult, Sex

TODAY = date(2026, 11, 25)
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def _bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


PATIENT = {"resourceType": "Patient", "id": "pt-1", "gender": "female", "birthDate": "1990-06-30"}
KRATOM = {
    "resourceType": "MedicationStatement",
    "id": "k",
    "status": "active",
    "medicationCodeableConcept": {"text": "Kratom leaf powder (Mitragyna speciosa)"},
    "subject": {"reference": "Patient/pt-1"},
    "dosage": [
        {
            "timing": {"repeat": {"frequency": 3, "period": 1, "periodUnit": "d"}},
            "doseAndRate": [{"doseQuantity": {"value": 4, "unit": "g", "code": "g"}}],
        }
    ],
}
OXYCODONE = {
    "resourceType": "MedicationRequest",
    "id": "rx",
    "status": "active",
    "intent": "order",
    "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": "7804", "display": "oxycodone"}]},
    "subject": {"reference": "Patient/pt-1"},
}


def test_questionnaire_for_every_instrument_validates_and_carries_panel_loinc() -> None:
    kb = load_knowledge()
    bundle = questionnaires_bundle(kb)
    assert len(bundle.entry or []) == len(kb.instruments) >= 6
    phq9 = questionnaire(next(i for i in kb.instruments if i.id == "phq-9"))
    # LOINC 44249-1 is the PHQ-9 quick depression assessment panel; 44261-6 its total (loinc.org).
    assert [c.code for c in phq9.code or []] == ["44249-1"]
    total = next(item for item in phq9.item or [] if item.linkId == "total")
    assert [c.code for c in total.code or []] == ["44261-6"]


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_observation_of_a_positive_item9_carries_the_urgent_flag(item9: int) -> None:
    kb = load_knowledge()
    instrument = next(i for i in kb.instruments if i.id == "phq-9")
    result = score("phq-9", [0, 0, 0, 0, 0, 0, 0, 0, item9], kb)
    observation = score_observation(instrument, result, "Patient/x", TODAY, "o")
    texts = [i.text for i in observation.interpretation or []]
    assert any(t and t.startswith("URGENT") and "suicide-risk" in t for t in texts)
    assert any("suicide-risk" in (n.text or "") for n in observation.note or [])
    assert observation.valueInteger == item9


def test_import_reads_patient_meds_kratom_scores_and_ignores_other_resources() -> None:
    kb = load_knowledge()
    phq9_total = {
        "resourceType": "Observation",
        "id": "o",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
        "subject": {"reference": "Patient/pt-1"},
        "effectiveDateTime": "2026-11-01T10:00:00Z",
        "valueInteger": 17,
    }
    # An AllergyIntolerance, even an odd one, is counted and ignored, never an error.
    allergy = {"resourceType": "AllergyIntolerance", "id": "a", "patient": "not-even-a-reference"}
    pregnancy = {
        "resourceType": "Condition",
        "id": "c",
        "subject": {"reference": "Patient/pt-1"},
        "code": {"text": "Pregnancy, second trimester"},
    }
    result = import_bundle(_bundle(PATIENT, KRATOM, OXYCODONE, phq9_total, allergy, pregnancy), kb, TODAY)
    record = result.record
    assert record.age_years == 36 and record.sex is Sex.FEMALE and record.pregnant
    assert record.kratom == KratomUse(
        product=KratomProduct.LEAF_POWDER, grams_per_dose=4.0, doses_per_day=3.0
    )
    assert [(m.name, m.rxnorm) for m in record.medications] == [("oxycodone", "7804")]
    assert record.scales == (ScaleResult(instrument="phq-9", on=date(2026, 11, 1), total=17.0),)
    assert result.ignored == {"AllergyIntolerance": 1}
    assert result.kratom_reported


def test_kratom_without_product_or_frequency_is_reported_not_dropped() -> None:
    kb = load_knowledge()
    vague = {**KRATOM, "medicationCodeableConcept": {"text": "kratom"}, "dosage": []}
    result = import_bundle(_bundle(PATIENT, vague), kb, TODAY)
    assert result.kratom_reported and result.record.kratom is None
    assert any("Kratom use is recorded" in w for w in result.warnings)


def test_malformed_resource_names_entry_and_field() -> None:
    kb = load_knowledge()
    bad = {**OXYCODONE, "status": 42}
    with pytest.raises(InputError, match=r"entry\[1\]\.MedicationRequest\.status"):
        import_bundle(_bundle(PATIENT, bad), kb, TODAY)


@pytest.mark.parametrize(
    ("bundle", "field"),
    [
        ({"resourceType": "Patient"}, "resourceType"),
        (_bundle(KRATOM), "entry.Patient"),
        (_bundle(PATIENT, PATIENT), "entry.Patient"),
        (_bundle({**PATIENT, "birthDate": None}), "Patient.birthDate"),
    ],
)
def test_bundle_level_errors_name_the_field(bundle: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as info:
        import_bundle(bundle, load_knowledge(), TODAY)
    assert info.value.field == field


def test_export_then_import_round_trips_the_record() -> None:
    kb = load_knowledge()
    record = PatientRecord(
        id="demo-7",
        age_years=44,
        sex=Sex.MALE,
        medications=(Medication(name="sertraline", rxnorm="36437"),),
        kratom=KratomUse(product=KratomProduct.EXTRACT, extract_mg_per_dose=250.0, doses_per_day=1.5),
        scales=(ScaleResult(instrument="phq-9", on=date(2026, 10, 1), answers=(1, 2, 1, 0, 0, 1, 1, 0, 1)),),
    )
    bundle = export_bundle(record, kb, TODAY)
    exported = bundle.model_dump(mode="json", exclude_none=True)
    Bundle.model_validate(exported)  # every produced resource validates
    back = import_bundle(exported, kb, TODAY).record
    assert back.id == record.id and back.age_years == 44 and back.sex is Sex.MALE
    assert back.medications == record.medications
    assert back.kratom is not None and back.kratom.product is KratomProduct.EXTRACT
    assert back.kratom.extract_mg_per_dose == pytest.approx(250.0)
    assert back.kratom.doses_per_day == pytest.approx(1.5)
    answers = [s for s in back.scales if s.answers is not None]
    assert answers == [
        ScaleResult(instrument="phq-9", on=date(2026, 10, 1), answers=(1, 2, 1, 0, 0, 1, 1, 0, 1))
    ]


@pytest.mark.parametrize(
    ("status_field", "code"),
    [
        ("clinicalStatus", "resolved"),
        ("verificationStatus", "refuted"),
        ("verificationStatus", "entered-in-error"),
    ],
)
def test_resolved_or_refuted_conditions_are_not_imported(status_field: str, code: str) -> None:
    condition = {
        "resourceType": "Condition",
        "id": "c",
        "subject": {"reference": "Patient/pt-1"},
        "code": {"text": "Pregnancy"},
        status_field: {"coding": [{"code": code}]},
    }
    record = import_bundle(_bundle(PATIENT, condition), load_knowledge(), TODAY).record
    assert record.conditions == ()
    assert not record.pregnant
