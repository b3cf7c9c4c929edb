"""Monitoring schedule: which scale, lab, ECG or review, when, and the adjustment rule applied then.

Intervals come from data/guidelines; where no source gives one the entry says "unknown" and has
no due date, so the clinician sets it.
"""

from __future__ import annotations

from datetime import date, timedelta

from speciosa.basis import Basis
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.guidelines import GuidelineStep, step
from speciosa.monitor.alerts import review_interval_weeks
from speciosa.monitor.kratom_trend import kratom_trend
from speciosa.patient import LabName, PatientRecord
from speciosa.plan.context import Context
from speciosa.plan.model import ScheduleEntry


def _basis(entry: GuidelineStep, kb: KnowledgeBase, reason: str, **numbers: object) -> Basis:
    return Basis(
        rule=f"{entry.guideline}, {entry.locator}. {reason}",
        numbers={**entry.numbers, **numbers},
        sources=entry.sources,
        knowledge_version=kb.version_label,
    )


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: day 28 exists in every month


def build_schedule(
    record: PatientRecord, ctx: Context, kb: KnowledgeBase, today: date
) -> tuple[ScheduleEntry, ...]:
    """The monitoring schedule from ``today``, soonest first; unknown intervals last."""
    entries: list[ScheduleEntry] = []
    weeks, why, sources = review_interval_weeks(ctx, record, kb)
    measurement = step(kb.guidelines, "gl-vadod-measurement")
    scales = ["PHQ-9"] + (["GAD-7"] if any(s.instrument == "gad-7" for s in ctx.scores) else [])
    if ctx.has("kratom-taper"):
        scales.append("COWS or SOWS (withdrawal)")
    next_review = today + timedelta(weeks=weeks)
    entries.append(
        ScheduleEntry(
            kind="scale",
            what=" + ".join(scales),
            due_on=next_review,
            interval_weeks=weeks,
            rule=f"Next review ({why}). At every review: check PHQ-9 item 9 first; "
            "any suicide-risk answer means "
            "a same-day safety assessment.",
            basis=Basis(
                rule=f"Interval: {why}. {measurement.text}",
                numbers={"interval_weeks": weeks},
                sources=tuple(dict.fromkeys([*sources, *measurement.sources])),
                knowledge_version=kb.version_label,
            ),
        )
    )
    trial = ctx.current_trial
    if trial is not None and trial.started_on is not None:
        no_resp = step(kb.guidelines, "gl-nice-no-response")
        at = trial.started_on + timedelta(weeks=no_resp.number("no_response_antidepressant_weeks"))
        if at >= today:
            entries.append(
                ScheduleEntry(
                    kind="review",
                    what=f"Response check on {trial.drug}",
                    due_on=at,
                    interval_weeks=no_resp.number("no_response_antidepressant_weeks"),
                    rule="If no response at all: " + no_resp.text,
                    basis=_basis(no_resp, kb, f"{trial.drug} started {trial.started_on.isoformat()}."),
                )
            )
    for tag in ("remission",):
        if ctx.has(tag) and ctx.latest_phq9 is not None:
            cont = step(kb.guidelines, "gl-nice-continuation")
            months = int(cont.number("continue_after_remission_months"))
            entries.append(
                ScheduleEntry(
                    kind="review",
                    what="Continuation review: discuss whether and how to continue",
                    due_on=_add_months(ctx.latest_phq9.on, months),
                    interval_weeks=None,
                    rule=cont.text,
                    basis=_basis(cont, kb, f"{tag} on {ctx.latest_phq9.on.isoformat()}."),
                )
            )
            break
    if ctx.has("kratom-use"):
        liver = step(kb.guidelines, "gl-lab-kratom-liver")
        rising = kratom_trend(record).rising
        none_yet = " No liver tests are recorded." if not record.labs_of(LabName.ALT) else ""
        entries.append(
            ScheduleEntry(
                kind="lab",
                what="Liver tests (ALT, AST, bilirubin)",
                due_on=today if rising else None,
                interval_weeks="unknown",
                rule=("Now: kratom use is rising. " if rising else "")
                + "Check if there are symptoms of liver injury or after a rise in use; "
                "no routine interval was found in the sources (unknown)." + none_yet,
                basis=_basis(liver, kb, "Kratom use recorded."),
            )
        )
    if ctx.has("kratom-taper"):
        taper = step(kb.guidelines, "gl-kratom-taper-monitoring")
        entries.append(
            ScheduleEntry(
                kind="review",
                what="Kratom taper: withdrawal, mood and suicide risk",
                due_on=next_review,
                interval_weeks="unknown",
                rule="At every contact during the taper: withdrawal scale, PHQ-9 (item 9). "
                "The pace is agreed with "
                "the patient and addiction medicine; speciosa gives no amounts.",
                basis=_basis(taper, kb, "Taper in progress."),
            )
        )
    qt_entry = step(kb.guidelines, "gl-lab-ecg-qt-drugs")
    if record.labs_of(LabName.QTC) or ctx.has("qt-risk-drug"):
        entries.append(
            ScheduleEntry(
                kind="ecg",
                what="ECG (QTc)",
                due_on=next_review,
                interval_weeks="unknown",
                rule="Repeat at the next review and after any change in a QT-prolonging medicine; "
                "routine interval unknown.",
                basis=_basis(qt_entry, kb, ctx.tags.get("qt-risk-drug", "QTc recorded.")),
            )
        )
    return tuple(sorted(entries, key=lambda e: (e.due_on is None, e.due_on or today)))
