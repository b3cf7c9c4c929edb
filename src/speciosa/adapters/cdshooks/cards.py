"""CDS Hooks cards from speciosa's findings: summary, markdown detail with the basis, indicator, source."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from speciosa import DISCLAIMER
from speciosa.adapters.cdshooks.chart import Chart
from speciosa.adapters.cdshooks.models import Action, Card, Coding, Source, Suggestion
from speciosa.adapters.fhir import extract
from speciosa.adapters.fhir.codes import SPECIOSA
from speciosa.errors import InputError
from speciosa.grading import Severity
from speciosa.knowledge import KnowledgeBase
from speciosa.knowledge.resolve import resolve_by_rxnorm
from speciosa.screen import screen
from speciosa.screen.result import Finding

_INDICATOR = {
    Severity.CONTRAINDICATED: "critical",
    Severity.MAJOR: "critical",
    Severity.MODERATE: "warning",
    Severity.MINOR: "info",
}

OVERRIDE_REASONS = [
    Coding(
        system=f"{SPECIOSA}/CodeSystem/override-reason",
        code="benefit-outweighs-risk",
        display="Benefit outweighs the risk for this patient",
    ),
    Coding(
        system=f"{SPECIOSA}/CodeSystem/override-reason",
        code="will-monitor",
        display="Will monitor the patient for this interaction",
    ),
    Coding(
        system=f"{SPECIOSA}/CodeSystem/override-reason",
        code="kratom-stopped",
        display="Patient no longer uses kratom",
    ),
]


def _source(kb: KnowledgeBase, source_ids: Sequence[str]) -> Source:
    label = f"speciosa knowledge base {kb.version_label}"
    known = kb.source_ids()
    for source_id in source_ids:
        if source_id in known:
            return Source(label=label, url=kb.source(source_id).link() or None)
    return Source(label=label)


def _kratom_line(chart: Chart) -> str:
    use = chart.kratom
    where = {"ehr": "the EHR", "speciosa": "speciosa's record"}.get(chart.kratom_source, "the chart")
    if use is None:
        return f"Kratom use is recorded in {where}; product and amount are not coded, so exposure is unknown."
    amount = (
        f"{use.grams_per_dose:g} g"
        if use.grams_per_dose is not None
        else f"{use.extract_mg_per_dose:g} mg"
        if use.extract_mg_per_dose is not None
        else "amount unknown"
    )
    return f"Kratom use ({where}): {use.product.value}, {amount} per dose, {use.doses_per_day:g} doses/day."


def _detail(finding: Finding, chart: Chart, kb: KnowledgeBase, also_on: Sequence[str] = ()) -> str:
    lines = [f"**{finding.severity.value.capitalize()}** interaction: {', '.join(finding.mechanisms)}.", ""]
    ratio = finding.auc_ratio
    if ratio is not None:
        lines.append(
            f"Predicted {finding.drug} exposure (AUC ratio) with this kratom use: **{ratio.point:.2f}** "
            f"(interval {ratio.low:.2f}–{ratio.high:.2f})."
        )
    elif finding.auc_ratio_note:
        lines.append(f"Exposure change not computed: {finding.auc_ratio_note}")
    if also_on:
        lines += ["", "**Already taking, same mechanism:** " + "; ".join(also_on) + "."]
    lines += [
        "",
        f"**What to do:** {finding.management}",
        "",
        f"**Evidence:** {finding.evidence.certainty.value} certainty. {finding.evidence.reason}",
        "",
        f"**Basis:** {finding.basis.rule}",
        "",
        _kratom_line(chart),
        "",
    ]
    known = kb.source_ids()
    links = [f"[{s}]({kb.source(s).link()})" for s in finding.sources if s in known]
    if links:
        lines.append("Sources: " + ", ".join(links))
    lines += ["", f"_{DISCLAIMER}_"]
    return "\n".join(lines)


def finding_card(
    finding: Finding,
    chart: Chart,
    kb: KnowledgeBase,
    order: Mapping[str, Any] | None,
    also_on: Sequence[str] = (),
) -> Card:
    summary = f"Kratom + {finding.drug}: {', '.join(finding.mechanisms)} ({finding.severity.value})"
    card = Card(
        uuid=str(uuid.uuid4()),
        summary=summary if len(summary) < 140 else summary[:136] + "...",
        detail=_detail(finding, chart, kb, also_on),
        indicator=_INDICATOR.get(finding.severity, "info"),
        source=_source(kb, finding.sources),
        overrideReasons=list(OVERRIDE_REASONS),
    )
    if order is not None and finding.severity.rank >= Severity.MAJOR.rank:
        reference = f"{order.get('resourceType')}/{order.get('id')}"
        card.suggestions = [
            Suggestion(
                label=f"Remove the draft order for {finding.drug}",
                uuid=str(uuid.uuid4()),
                isRecommended=False,
                actions=[Action(type="delete", description=f"Remove {reference}", resourceId=reference)],
            )
        ]
        card.selectionBehavior = "at-most-one"
    return card


def _catalogue_name(resource: Mapping[str, Any], kb: KnowledgeBase) -> str | None:
    """The catalogue name for the first of the resource's RxNorm codes that the catalogue knows."""
    for code in extract.rxnorm_codes(resource):
        try:
            return resolve_by_rxnorm(code, kb).name
        except InputError:
            continue
    return None


def _named(resources: Sequence[Mapping[str, Any]], kb: KnowledgeBase) -> list[tuple[str, Mapping[str, Any]]]:
    """Each medication resource with the name to screen: its text or display, else the catalogue
    name of its RxNorm code. A resource with neither cannot be screened and is left out."""
    named: list[tuple[str, Mapping[str, Any]]] = []
    for resource in resources:
        texts = extract.medication_texts(resource)
        name = texts[0] if texts else _catalogue_name(resource, kb)
        if name:
            named.append((name, resource))
    return named


def _names(resources: Sequence[Mapping[str, Any]], kb: KnowledgeBase) -> list[str]:
    return [name for name, _ in _named(resources, kb)]


def _shared_mechanisms(finding: Finding, context: Sequence[Finding]) -> list[str]:
    """Current medications that add to the same mechanism (e.g. a benzodiazepine already taken)."""
    mechanisms = set(finding.mechanisms)
    return [
        f"{f.drug} ({', '.join(sorted(mechanisms & set(f.mechanisms)))})"
        for f in context
        if f.drug != finding.drug and mechanisms & set(f.mechanisms)
    ]


def order_cards(chart: Chart, drafts: Sequence[Mapping[str, Any]], kb: KnowledgeBase) -> list[Card]:
    """A card for each interaction between kratom and a draft medication.

    A kratom x drug finding does not depend on the other medications, so only the drafts get the
    full screen (with the Monte Carlo interval); current medications are screened for their
    pharmacodynamic mechanisms only, to name those that add to a draft's risk.
    """
    if not drafts:
        return []
    named = _named(drafts, kb)
    result = screen(chart.kratom, [name for name, _ in named], list(chart.conditions), kb)
    context = screen(None, _names(chart.medications, kb), (), kb).findings if chart.medications else ()
    by_name = {name.lower(): draft for name, draft in named}
    out: list[Card] = []
    for finding in result.findings:
        if finding.severity is Severity.NONE_KNOWN:
            continue
        order = by_name.get(finding.input_name.lower()) if finding.input_name else None
        if order is not None:
            out.append(finding_card(finding, chart, kb, order, _shared_mechanisms(finding, context)))
    return out


def patient_view_cards(chart: Chart, kb: KnowledgeBase) -> list[Card]:
    """One card per interaction between recorded kratom use and current medications or conditions."""
    result = screen(chart.kratom, _names(chart.medications, kb), list(chart.conditions), kb)
    return [
        finding_card(f, chart, kb, None) for f in result.findings if f.severity is not Severity.NONE_KNOWN
    ]


def suicide_risk_card(chart: Chart, kb: KnowledgeBase) -> Card:
    answers = "; ".join(chart.risk_answers)
    return Card(
        uuid=str(uuid.uuid4()),
        summary="URGENT: suicide-risk answer recorded. Assess risk today and complete a safety plan.",
        detail=(
            f"A recorded answer meets speciosa's urgent suicide-risk rule: {answers}.\n\n"
            "**Action:** assess suicide risk now and start or update a safety plan.\n\n"
            f"_{DISCLAIMER}_"
        ),
        indicator="critical",
        source=Source(label=f"speciosa knowledge base {kb.version_label}"),
    )
