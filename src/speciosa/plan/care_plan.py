"""build_care_plan: a pure function from a patient record and the knowledge base to a CarePlan.

Order of the plan: urgent safety first (suicide risk always at the top), then conventional care by
severity and history, the kratom section, and the monitoring schedule. Every item carries a Basis.
Before returning, every string is run through the kratom dose guard.
"""

from __future__ import annotations

from datetime import date

from speciosa.basis import Alert
from speciosa.grading import AlertLevel
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.guidelines import step
from speciosa.monitor.alerts import evaluate_alerts
from speciosa.patient import PatientRecord
from speciosa.plan import _bridge
from speciosa.plan.context import SUICIDE_CODE, build_context
from speciosa.plan.guideline_steps import conventional_items, item_from_step
from speciosa.plan.kratom_section import kratom_section
from speciosa.plan.model import CarePlan, PlanItem, ScreenOutcome, Section
from speciosa.plan.safety import assert_no_kratom_dose, suicide_safety_item
from speciosa.plan.schedule import build_schedule

_LIVER_CODES = ("liver-injury-pattern", "raised-aminotransferase", "raised-bilirubin")


def _urgent_items(alerts: tuple[Alert, ...], kb: KnowledgeBase) -> list[PlanItem]:
    """Suicide-risk safety plan first, then one safety item per other urgent alert."""
    items: list[PlanItem] = []
    suicide = tuple(a for a in alerts if a.code == SUICIDE_CODE and a.level is AlertLevel.URGENT)
    if suicide:
        items.append(suicide_safety_item(suicide, kb))
    for alert in alerts:
        if alert.level is AlertLevel.URGENT and alert.code != SUICIDE_CODE and alert.basis is not None:
            items.append(
                PlanItem(
                    section=Section.SAFETY,
                    priority=AlertLevel.URGENT,
                    code=alert.code,
                    title="Urgent: " + alert.code.replace("-", " "),
                    text=f"{alert.message} {alert.action or ''}".strip(),
                    basis=alert.basis,
                )
            )
    return items


def _cited(plan_sources: list[str], kb: KnowledgeBase) -> tuple[dict[str, str], ...]:
    known = kb.source_ids()
    out = []
    for sid in dict.fromkeys(plan_sources):
        if sid in known:
            src = kb.source(sid)
            out.append({"id": sid, "citation": src.citation, "link": src.link()})
    return tuple(out)


def build_care_plan(record: PatientRecord, kb: KnowledgeBase, today: date) -> CarePlan:
    """A personalised MDD care plan for ``record`` as of ``today``.

    Parameters
    ----------
    record
        The validated patient record (see ``speciosa.patient.parse_record``).
    kb
        The knowledge base; its version goes into every basis.
    today
        The date the plan is made for (the core never reads a clock).

    Returns
    -------
    CarePlan
        Alerts (most urgent first), plan items (safety, conventional care, referral), the kratom
        section, the monitoring schedule, cited sources and warnings.

    Raises
    ------
    InputError
        A scale result cannot be scored (wrong item count, out-of-range value).
    KnowledgeError
        A guideline entry the plan needs is missing, or a string would advise a kratom dose.

    References
    ----------
    NICE NG222 (2022), https://www.nice.org.uk/guidance/ng222 ; VA/DoD MDD CPG (2022).
    """
    ctx = build_context(record, kb, today)
    alerts = evaluate_alerts(record, kb, today, context=ctx)
    screened = (
        _bridge.screen_medications(record.kratom, record.medications, record.conditions, kb)
        if ctx.has("kratom-use") and (record.medications or record.conditions)
        else ScreenOutcome()
    )
    interactions = screened.findings
    items = _urgent_items(alerts, kb)
    items += conventional_items(record, ctx, kb)
    measurement = step(kb.guidelines, "gl-vadod-measurement")
    items.append(
        item_from_step(measurement, Section.MONITORING, "measurement-based care for every patient", kb)
    )
    if ctx.has("antidepressant-stop"):
        items.append(
            item_from_step(
                step(kb.guidelines, "gl-nice-antidepressant-taper"),
                Section.CONVENTIONAL,
                ctx.tags["antidepressant-stop"],
                kb,
            )
        )
    liver_abnormal = any(a.code in _LIVER_CODES for a in alerts)
    kratom = kratom_section(record, ctx, kb, screened, liver_abnormal=liver_abnormal)

    warnings: list[str] = list(screened.warnings)
    if screened.unrecognised:
        warnings.append(
            "Not in the drug catalogue, so not screened against kratom: "
            + "; ".join(screened.unrecognised)
            + "."
        )
    if ctx.latest_phq9 is None:
        warnings.append(
            "No PHQ-9 recorded: severity is unknown, so first-line options are not ranked by severity."
        )
    if ctx.has("under-18"):
        warnings.append(f"{ctx.tags['under-18']}; the guideline steps shown are for adults.")
    warnings.append(
        "CANMAT 2023 and APA recommendations are not encoded: their text was not read for this version."
    )

    if ctx.has("more-severe"):
        severity = f"More severe depression (NICE NG222 grouping): {ctx.tags['more-severe']}."
    elif ctx.has("less-severe"):
        severity = f"Less severe depression (NICE NG222 grouping): {ctx.tags['less-severe']}."
    else:
        severity = "Severity unknown: no valid PHQ-9 total."
    if ctx.current_trial is not None:
        severity += f" Current antidepressant: {ctx.current_trial.drug}."

    cited: list[str] = []
    for item in items + list(kratom.items if kratom else ()):
        cited += item.basis.sources
    for alert in alerts:
        cited += alert.basis.sources if alert.basis else ()
    for line in ctx.scores:
        cited += line.basis.sources
    for finding in interactions + screened.conditions:
        cited += finding.basis.sources
    schedule = build_schedule(record, ctx, kb, today)
    for entry in schedule:
        cited += entry.basis.sources

    plan = CarePlan(
        patient_id=record.id,
        generated_on=today,
        knowledge_version=kb.version_label,
        alerts=alerts,
        severity_context=severity,
        scores=ctx.scores,
        items=tuple(items),
        kratom=kratom,
        schedule=schedule,
        sources=_cited(cited, kb),
        warnings=tuple(warnings),
    )
    assert_no_kratom_dose(plan.texts())
    return plan
