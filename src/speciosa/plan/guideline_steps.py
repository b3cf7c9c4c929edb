"""Conventional MDD care from named guidelines, matched to the patient's context.

Options, not prescriptions. Where an option names a drug and the patient uses kratom, the drug is
run through the interaction screen and the plan says why that option may be riskier.
"""

from __future__ import annotations

from collections.abc import Sequence

from speciosa.basis import Basis
from speciosa.grading import AlertLevel, Severity
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.guidelines import GuidelineStep, step
from speciosa.patient import Medication, PatientRecord
from speciosa.plan import _bridge
from speciosa.plan.context import Context
from speciosa.plan.model import PlanItem, Section

#: Screen findings at or above this severity are attached to an option as "riskier with kratom".
_ATTACH_FROM = Severity.MODERATE


def item_from_step(
    entry: GuidelineStep,
    section: Section,
    reason: str,
    kb: KnowledgeBase,
    *,
    priority: AlertLevel = AlertLevel.INFO,
    extra: Sequence[str] = (),
    extra_sources: Sequence[str] = (),
) -> PlanItem:
    """A plan item that quotes a guideline entry and says why it applies to this patient."""
    text = " ".join([entry.text, *extra])
    return PlanItem(
        section=section,
        priority=priority,
        code=entry.id,
        title=entry.title,
        text=text,
        patient_text=entry.patient_text,
        basis=Basis(
            rule=f"{entry.guideline}, {entry.locator}. Applies because: {reason}.",
            inputs={"context": reason},
            numbers=dict(entry.numbers),
            sources=tuple(dict.fromkeys([*entry.sources, *extra_sources])),
            knowledge_version=kb.version_label,
        ),
    )


def _kratom_notes(
    entry: GuidelineStep, record: PatientRecord, kb: KnowledgeBase
) -> tuple[list[str], list[str]]:
    """Screen each drug an option names against the patient's kratom use; notes and their sources."""
    notes: list[str] = []
    sources: list[str] = []
    if record.kratom is None or not entry.candidate_drugs:
        return notes, sources
    for drug in entry.candidate_drugs:
        outcome = _bridge.screen_medications(record.kratom, [Medication(name=drug)], (), kb)
        if outcome.unrecognised:
            notes.append(
                f"{drug}: not in the drug catalogue, so its interaction with kratom was not screened."
            )
        for finding in outcome.findings:
            if Severity(finding.severity).rank >= _ATTACH_FROM.rank:
                notes.append(f"Riskier with kratom - {drug} ({finding.severity}): {finding.message}")
                sources += list(finding.basis.sources)
    return notes, sources


def conventional_items(record: PatientRecord, ctx: Context, kb: KnowledgeBase) -> tuple[PlanItem, ...]:
    """Guideline options and rules that apply to this record, most specific first."""
    items: list[PlanItem] = []

    def add(
        entry_id: str,
        tag: str,
        section: Section = Section.CONVENTIONAL,
        priority: AlertLevel = AlertLevel.INFO,
    ) -> None:
        entry = step(kb.guidelines, entry_id)
        notes, sources = _kratom_notes(entry, record, kb)
        items.append(
            item_from_step(
                entry, section, ctx.tags[tag], kb, priority=priority, extra=notes, extra_sources=sources
            )
        )

    if ctx.has("treatment-resistant"):
        add("gl-nice-after-two-trials", "treatment-resistant", priority=AlertLevel.WARNING)
        add("gl-nice-combination", "treatment-resistant")
        add("gl-nice-specialist-referral", "treatment-resistant", Section.REFERRAL)
    if ctx.has("no-response"):
        add("gl-nice-no-response", "no-response", priority=AlertLevel.WARNING)
        add("gl-nice-further-line", "no-response")
    elif ctx.has("treatment-resistant"):
        add("gl-nice-further-line", "treatment-resistant")
    if ctx.has("remission"):  # NG222 1.4.11 speaks of continuing after remission, not after response
        add("gl-nice-continuation", "remission")
    if not (ctx.has("treatment-resistant") or ctx.has("no-response") or ctx.current_trial):
        if ctx.has("more-severe"):
            add("gl-nice-more-severe-options", "more-severe")
        elif ctx.has("less-severe"):
            add("gl-nice-less-severe-options", "less-severe")
        if ctx.has("less-severe"):  # VA/DoD treats severe MDD apart from uncomplicated MDD
            add("gl-vadod-monotherapy", "less-severe")
    if ctx.has("antidepressant-start"):
        add("gl-nice-first-review", "antidepressant-start")
    return tuple(items)
