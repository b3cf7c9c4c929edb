"""Lenient reading of the FHIR JSON that EHRs send: only the fields speciosa needs.

CDS Hooks clients send resources that are not always strictly valid (the specification's own
order-select example has ``doseAndRate`` as an object, not a list), so hook inputs are read field by
field here rather than through full model validation; Bundle import validates strictly first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from speciosa.adapters.fhir.codes import KRATOM_MARKERS, RXNORM
from speciosa.patient import KratomProduct, KratomUse

JsonObject = Mapping[str, Any]

MEDICATION_TYPES = frozenset({"MedicationRequest", "MedicationStatement", "MedicationOrder"})


def resources_in(value: Any) -> Iterator[JsonObject]:
    """Every resource in a resource, a Bundle (recursively) or a list of either."""
    if isinstance(value, list):
        for item in value:
            yield from resources_in(item)
        return
    if not isinstance(value, Mapping):
        return
    if value.get("resourceType") == "Bundle":
        for entry in value.get("entry") or ():
            if isinstance(entry, Mapping):
                yield from resources_in(entry.get("resource"))
        return
    if isinstance(value.get("resourceType"), str):
        yield value


def _concept(resource: JsonObject) -> JsonObject:
    for key in ("medicationCodeableConcept", "code"):
        concept = resource.get(key)
        if isinstance(concept, Mapping):
            return concept
    # R5-style CodeableReference, tolerated.
    medication = resource.get("medication")
    if isinstance(medication, Mapping):
        reference_concept = medication.get("concept")
        if isinstance(reference_concept, Mapping):
            return reference_concept
    return {}


def medication_texts(resource: JsonObject) -> tuple[str, ...]:
    """Human-readable names for a medication resource: code text, codings' display, reference display."""
    names: list[str] = []
    concept = _concept(resource)
    if isinstance(concept.get("text"), str):
        names.append(concept["text"])
    for coding in concept.get("coding") or ():
        if isinstance(coding, Mapping) and isinstance(coding.get("display"), str):
            names.append(coding["display"])
    reference = resource.get("medicationReference")
    if isinstance(reference, Mapping) and isinstance(reference.get("display"), str):
        names.append(reference["display"])
    return tuple(dict.fromkeys(n.strip() for n in names if n.strip()))


def rxnorm_codes(resource: JsonObject) -> tuple[str, ...]:
    concept = _concept(resource)
    codes = [
        str(c["code"])
        for c in concept.get("coding") or ()
        if isinstance(c, Mapping) and c.get("system") == RXNORM and c.get("code")
    ]
    return tuple(codes)


def is_kratom(resource: JsonObject) -> bool:
    """A medication resource whose code text or display mentions kratom or Mitragyna speciosa."""
    text = " ".join(medication_texts(resource)).lower()
    return any(marker in text for marker in KRATOM_MARKERS)


def is_active(resource: JsonObject) -> bool:
    """Entered-in-error, stopped, completed, cancelled or revoked entries do not count as current."""
    return resource.get("status") not in {"entered-in-error", "stopped", "completed", "cancelled", "revoked"}


def _status_code(resource: JsonObject, field: str) -> str | None:
    concept = resource.get(field)
    if not isinstance(concept, Mapping):
        return None
    for coding in concept.get("coding") or ():
        if isinstance(coding, Mapping) and coding.get("code"):
            return str(coding["code"])
    return None


def condition_is_current(resource: JsonObject) -> bool:
    """A Condition that is neither resolved/inactive nor refuted or entered in error."""
    clinical = _status_code(resource, "clinicalStatus")
    verification = _status_code(resource, "verificationStatus")
    return clinical not in {"resolved", "inactive", "remission"} and verification not in {
        "refuted",
        "entered-in-error",
    }


def medications(values: Iterable[Any]) -> list[JsonObject]:
    """Current medication resources among any number of resources or Bundles."""
    found: list[JsonObject] = []
    for value in values:
        for resource in resources_in(value):
            if resource.get("resourceType") in MEDICATION_TYPES and is_active(resource):
                found.append(resource)
    return found


def _dosages(resource: JsonObject) -> list[Any]:
    """MedicationRequest.dosageInstruction or MedicationStatement.dosage, as a list even when an EHR
    sends a single object."""
    dosages = resource.get("dosageInstruction") or resource.get("dosage") or []
    return [dosages] if isinstance(dosages, Mapping) else list(dosages)


def dose_grams(resource: JsonObject) -> float | None:
    """A dose quantity in grams (g or mg), if the first dosage gives one; otherwise None."""
    dosages = _dosages(resource)
    for dosage in dosages:
        if not isinstance(dosage, Mapping):
            continue
        rates = dosage.get("doseAndRate") or ()
        if isinstance(rates, Mapping):
            rates = [rates]
        for rate in rates:
            quantity = rate.get("doseQuantity") if isinstance(rate, Mapping) else None
            if isinstance(quantity, Mapping) and isinstance(quantity.get("value"), int | float):
                unit = str(quantity.get("code") or quantity.get("unit") or "").strip().lower()
                if unit == "g":
                    return float(quantity["value"])
                if unit == "mg":
                    return float(quantity["value"]) / 1000.0
    return None


def doses_per_day(resource: JsonObject) -> float | None:
    """Frequency per day from the first dosage's timing (frequency / period in days), if given."""
    dosages = _dosages(resource)
    per_day = {"d": 1.0, "h": 24.0, "wk": 1 / 7}
    for dosage in dosages:
        timing = dosage.get("timing") if isinstance(dosage, Mapping) else None
        repeat = timing.get("repeat") if isinstance(timing, Mapping) else None
        if not isinstance(repeat, Mapping):
            continue
        frequency, period, unit = repeat.get("frequency"), repeat.get("period", 1), repeat.get("periodUnit")
        if not (isinstance(frequency, int | float) and isinstance(period, int | float)):
            continue
        if period > 0 and unit in per_day:
            return float(frequency) / float(period) * per_day[str(unit)]
    return None


# Words in a kratom entry's text that name the product type; checked in this order.
_PRODUCT_WORDS: tuple[tuple[str, KratomProduct], ...] = (
    ("7-oh", KratomProduct.SEVEN_OH_PRODUCT),
    ("7-hydroxy", KratomProduct.SEVEN_OH_PRODUCT),
    ("extract", KratomProduct.EXTRACT),
    ("tea", KratomProduct.LEAF_TEA),
    ("capsule", KratomProduct.CAPSULE),
    ("powder", KratomProduct.LEAF_POWDER),
)


def kratom_use(resource: JsonObject) -> KratomUse | None:
    """A KratomUse from a kratom medication resource, or None when product or frequency is not coded.

    Never guesses: without a product word and a dosing frequency there is no KratomUse, and the
    caller says so; the amount may stay unknown (None).
    """
    text = " ".join(medication_texts(resource)).lower()
    product = next((p for word, p in _PRODUCT_WORDS if word in text), None)
    per_day = doses_per_day(resource)
    if product is None or per_day is None:
        return None
    grams = dose_grams(resource)
    leaf = product not in (KratomProduct.EXTRACT, KratomProduct.SEVEN_OH_PRODUCT)
    return KratomUse(
        product=product,
        grams_per_dose=grams if leaf else None,
        extract_mg_per_dose=grams * 1000.0 if grams is not None and not leaf else None,
        doses_per_day=per_day,
    )
