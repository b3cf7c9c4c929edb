"""What a hook request tells us about the patient: kratom use, medications, conditions, risk answers.

Read from prefetch (or what fill_prefetch fetched), falling back to speciosa's own store through a
lookup the application provides. Everything is read leniently (see adapters/fhir/extract.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from speciosa.adapters.fhir import extract
from speciosa.adapters.fhir.codes import LOINC
from speciosa.adapters.fhir.questionnaire import answer_system
from speciosa.knowledge import KnowledgeBase
from speciosa.knowledge.common import is_known
from speciosa.patient import KratomUse

#: Given a FHIR patient id, speciosa's own record of that patient's kratom use, if any.
KratomLookup = Callable[[str], KratomUse | None]


@dataclass(frozen=True)
class Chart:
    kratom: KratomUse | None = None
    kratom_reported: bool = False
    kratom_source: str = "none"
    medications: tuple[Mapping[str, Any], ...] = ()
    conditions: tuple[str, ...] = ()
    risk_answers: tuple[str, ...] = field(default=())


def _condition_names(values: Iterable[Any]) -> tuple[str, ...]:
    names: list[str] = []
    for resource in extract.resources_in(list(values)):
        if resource.get("resourceType") != "Condition":
            continue
        if not extract.condition_is_current(resource):
            continue
        code = resource.get("code") or {}
        text = code.get("text") or next(
            (c.get("display") for c in code.get("coding") or () if c.get("display")), None
        )
        if isinstance(text, str) and text.strip():
            names.append(text.strip())
    return tuple(dict.fromkeys(names))


def _risk_items(kb: KnowledgeBase) -> dict[str, tuple[str, int, int, str]]:
    """LOINC item code -> (instrument id, item number, minimum value, alert code) for urgent item rules."""
    out: dict[str, tuple[str, int, int, str]] = {}
    for instrument in kb.instruments:
        for rule in instrument.alert_rules:
            if rule.level.value != "urgent":
                continue
            item = next((i for i in instrument.items if i.number == rule.item), None)
            if item is not None and is_known(item.loinc):
                out[str(item.loinc)] = (instrument.id, rule.item, rule.min_value, rule.code)
    return out


def _observation_risk(resource: Mapping[str, Any], rules: dict[str, tuple[str, int, int, str]]) -> list[str]:
    codes = [
        c.get("code") for c in (resource.get("code") or {}).get("coding") or () if c.get("system") == LOINC
    ]
    value = resource.get("valueInteger")
    if value is None:
        concept = resource.get("valueCodeableConcept") or {}
        value = next(
            (c.get("code") for c in concept.get("coding") or () if str(c.get("code", "")).isdigit()), None
        )
    found: list[str] = []
    for code in codes:
        if code in rules and value is not None and str(value).isdigit():
            instrument_id, number, minimum, alert = rules[code]
            if int(value) >= minimum:
                when = str(resource.get("effectiveDateTime") or "date not recorded")[:10]
                found.append(f"{instrument_id} item {number} = {value} ({when}) [{alert}]")
    return found


def _response_risk(resource: Mapping[str, Any], kb: KnowledgeBase) -> list[str]:
    found: list[str] = []
    canonical = str(resource.get("questionnaire") or "")
    for instrument in kb.instruments:
        if not canonical.endswith(f"/Questionnaire/{instrument.id}"):
            continue
        answers: dict[str, str] = {}
        for item in resource.get("item") or ():
            for answer in item.get("answer") or ():
                coding = answer.get("valueCoding") or {}
                if (
                    coding.get("system") == answer_system(instrument.id)
                    and str(coding.get("code", "")).isdigit()
                ):
                    answers[str(item.get("linkId"))] = str(coding["code"])
        for rule in instrument.alert_rules:
            raw = answers.get(str(rule.item))
            if rule.level.value == "urgent" and raw is not None and int(raw) >= rule.min_value:
                when = str(resource.get("authored") or "date not recorded")[:10]
                found.append(f"{instrument.id} item {rule.item} = {raw} ({when}) [{rule.code}]")
    return found


def _risk_answers(values: Iterable[Any], kb: KnowledgeBase) -> tuple[str, ...]:
    """Descriptions of recorded answers that meet an urgent item rule (PHQ-9 item 9 > 0)."""
    rules = _risk_items(kb)
    found: list[str] = []
    for resource in extract.resources_in(list(values)):
        if resource.get("resourceType") == "Observation":
            found += _observation_risk(resource, rules)
        elif resource.get("resourceType") == "QuestionnaireResponse":
            found += _response_risk(resource, kb)
    return tuple(dict.fromkeys(found))


def read_chart(
    prefetch: Mapping[str, Any], patient_id: str, kb: KnowledgeBase, lookup: KratomLookup | None = None
) -> Chart:
    values = [v for v in prefetch.values() if v is not None]
    meds = extract.medications(values)
    flags = [extract.is_kratom(m) for m in meds]  # one text scan per medication, on the hook's hot path
    kratom_entries = [m for m, is_kratom in zip(meds, flags, strict=True) if is_kratom]
    others = tuple(m for m, is_kratom in zip(meds, flags, strict=True) if not is_kratom)
    kratom: KratomUse | None = None
    source = "none"
    if kratom_entries:
        source = "ehr"
        kratom = extract.kratom_use(kratom_entries[0])
    if kratom is None and lookup is not None:
        stored = lookup(patient_id)
        if stored is not None:
            kratom, source = stored, "speciosa"
    return Chart(
        kratom=kratom,
        kratom_reported=bool(kratom_entries) or kratom is not None,
        kratom_source=source,
        medications=others,
        conditions=_condition_names(values),
        risk_answers=_risk_answers(values, kb),
    )
