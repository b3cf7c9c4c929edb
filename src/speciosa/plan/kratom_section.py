"""The kratom section: reported use, dependence/withdrawal scores, interactions, risks, counselling,
taper and referral, and a plain statement of how certain the evidence on mood is.

Never a recommendation to start kratom, never an amount to take: the builder's dose guard checks
every string this module produces.
"""

from __future__ import annotations

from collections import Counter

from speciosa.grading import AlertLevel, Severity
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.evidence import Question, StudyDesign, records_for
from speciosa.knowledge.guidelines import GuidelineKind, step, steps_of
from speciosa.monitor.kratom_trend import kratom_trend
from speciosa.patient import KratomUse, PatientRecord
from speciosa.plan.context import Context
from speciosa.plan.guideline_steps import item_from_step
from speciosa.plan.model import InteractionLine, KratomSection, PlanItem, ScreenOutcome, Section

#: Instruments that rate dependence or withdrawal, shown in the kratom section when recorded.
WITHDRAWAL_INSTRUMENTS = ("cows", "sows", "kds")


def describe_use(use: KratomUse | None, record: PatientRecord) -> str:
    """The patient's reported use, in their own terms; a description, not advice."""
    if use is None:
        return "Reported kratom use: not recorded in the current profile (see dated history)."
    parts = [f"product {use.product.value}"]
    if use.grams_per_dose is not None:
        parts.append(f"{use.grams_per_dose:g} g leaf-equivalent per occasion (as reported)")
    if use.extract_mg_per_dose is not None:
        parts.append(f"{use.extract_mg_per_dose:g} mg extract per occasion (as reported)")
    parts.append(f"{use.doses_per_day:g} times a day")
    if use.duration_months is not None:
        parts.append(f"for {use.duration_months:g} months")
    if use.reasons:
        parts.append("reasons: " + ", ".join(use.reasons))
    if use.prior_quit_attempts is not None:
        parts.append(f"prior quit attempts: {use.prior_quit_attempts}")
    text = "Reported kratom use: " + "; ".join(parts) + "."
    trend = kratom_trend(record)
    if trend.rising and trend.previous_on and trend.latest_on:
        fields = ", ".join(f.replace("_", " ") for f in trend.rising_fields)
        text += (
            f" Rising between {trend.previous_on.isoformat()} and {trend.latest_on.isoformat()}: {fields}."
        )
    return text


def taper_triggers(
    record: PatientRecord, ctx: Context, interactions: tuple[InteractionLine, ...], liver_abnormal: bool
) -> list[str]:
    """Which of the reasons to consider a supported taper are present."""
    found: list[str] = []
    if ctx.has("kratom-use-disorder"):
        found.append("kratom use disorder recorded")
    if kratom_trend(record).rising:
        found.append("rising frequency or amount")
    serious = [i.drug for i in interactions if Severity(i.severity).rank >= Severity.MODERATE.rank]
    if serious:
        found.append("interacting or sedating medicine: " + ", ".join(dict.fromkeys(serious)))
    if liver_abnormal:
        found.append("abnormal liver tests")
    if ctx.has("pregnancy"):
        found.append(ctx.tags["pregnancy"])
    return found


def kratom_section(
    record: PatientRecord,
    ctx: Context,
    kb: KnowledgeBase,
    screened: ScreenOutcome,
    *,
    liver_abnormal: bool = False,
) -> KratomSection | None:
    """The kratom section, or None when the record shows no kratom use and no taper."""
    if not (ctx.has("kratom-use") or ctx.has("kratom-taper")):
        return None
    reason = ctx.tags.get("kratom-use") or ctx.tags["kratom-taper"]
    items: list[PlanItem] = []

    interactions = screened.findings
    triggers = taper_triggers(record, ctx, interactions, liver_abnormal)
    consider = step(kb.guidelines, "gl-kratom-taper-consider")
    if triggers:
        items.append(
            item_from_step(
                consider,
                Section.KRATOM,
                "; ".join(triggers),
                kb,
                priority=AlertLevel.WARNING,
                extra=["Present now: " + "; ".join(triggers) + "."],
            )
        )
    else:
        items.append(item_from_step(consider, Section.KRATOM, reason, kb))
    if ctx.has("kratom-taper"):
        items.append(
            item_from_step(
                step(kb.guidelines, "gl-kratom-taper-monitoring"),
                Section.KRATOM,
                ctx.tags["kratom-taper"],
                kb,
                priority=AlertLevel.WARNING,
            )
        )
    if ctx.has("kratom-use-disorder"):
        items.append(
            item_from_step(
                step(kb.guidelines, "gl-kratom-referral-kud"),
                Section.REFERRAL,
                ctx.tags["kratom-use-disorder"],
                kb,
                priority=AlertLevel.WARNING,
            )
        )
    if ctx.has("pregnancy"):
        items.append(
            item_from_step(
                step(kb.guidelines, "gl-kratom-pregnancy"),
                Section.REFERRAL,
                ctx.tags["pregnancy"],
                kb,
                priority=AlertLevel.WARNING,
            )
        )
    for entry in steps_of(kb.guidelines, GuidelineKind.HARM_REDUCTION, "kratom-use"):
        items.append(item_from_step(entry, Section.KRATOM, reason, kb))
    items.append(item_from_step(step(kb.guidelines, "gl-lab-kratom-liver"), Section.MONITORING, reason, kb))
    items.append(item_from_step(step(kb.guidelines, "gl-kratom-cyp3a"), Section.KRATOM, reason, kb))
    mood = step(kb.guidelines, "gl-kratom-mood-evidence")
    items.append(item_from_step(mood, Section.KRATOM, reason, kb))
    certainty = mood.certainty.value if mood.certainty else "unknown"
    records = records_for(kb.evidence, Question.MOOD_DEPRESSION)
    if records:
        designs = Counter(r.design.value for r in records)
        best = max(records, key=lambda r: r.certainty.rank)
        rcts = designs.get(StudyDesign.RCT.value, 0)
        evidence_note = (
            f" Evidence records on kratom and mood in the knowledge base: {len(records)} "
            f"({', '.join(f'{n} {d}' for d, n in sorted(designs.items()))}); randomised trials: {rcts}; "
            f"highest single-record certainty: {best.certainty.value} ({best.id})."
        )
    else:
        evidence_note = " No evidence records on kratom and mood are in the knowledge base."
    return KratomSection(
        current_use=describe_use(record.kratom, record),
        scores=tuple(s for s in ctx.scores if s.instrument in WITHDRAWAL_INSTRUMENTS),
        interactions=interactions,
        unrecognised=screened.unrecognised,
        condition_findings=screened.conditions,
        items=tuple(items),
        evidence_certainty=(
            f"Certainty that kratom improves depression: {certainty}. {mood.text}{evidence_note} "
            "Kratom Dependence Scale cut-offs were not found in any source read: unknown."
        ),
    )
