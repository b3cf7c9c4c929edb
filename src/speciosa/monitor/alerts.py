"""Monitoring engine: the dated record -> alerts (level, code, message, action, basis), most urgent first.

Covers suicide-risk and band alerts from speciosa.assess, response, remission and reliable
worsening from the trajectory module, missed assessments, rising kratom use, a new interacting
medication and abnormal liver tests or QTc. Thresholds and intervals come from data/guidelines.
"""

from __future__ import annotations

from datetime import date, timedelta

from speciosa.basis import Alert, Basis
from speciosa.grading import AlertLevel, Severity
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.guidelines import step
from speciosa.monitor.kratom_trend import kratom_trend
from speciosa.patient import LabName, LabResult, PatientRecord, Sex
from speciosa.plan import _bridge
from speciosa.plan.context import PHQ9, SUICIDE_CODE, Context, build_context

#: Instruments whose course is tracked for response, remission and worsening.
TRACKED = ("phq-9", "gad-7")


def _basis(rule: str, kb: KnowledgeBase, sources: tuple[str, ...], **numbers: object) -> Basis:
    return Basis(rule=rule, numbers=dict(numbers), sources=sources, knowledge_version=kb.version_label)


def review_interval_weeks(
    ctx: Context, record: PatientRecord, kb: KnowledgeBase
) -> tuple[float, str, tuple[str, ...]]:
    """Weeks until the next scale is due, the rule that set it, and its sources."""
    if ctx.has("suicide-risk"):
        entry = step(kb.guidelines, "gl-nice-suicide-early-review")
        return entry.number("review_within_weeks"), "suicide-risk signal: early review", entry.sources
    first = step(kb.guidelines, "gl-nice-first-review")
    if ctx.has("antidepressant-start"):
        lo, hi = first.number("early_review_age_min_years"), first.number("early_review_age_max_years")
        if lo <= record.age_years <= hi:
            return (
                first.number("early_review_within_weeks"),
                f"new antidepressant, age {lo:g}-{hi:g}",
                first.sources,
            )
        return first.number("first_review_within_weeks"), "new antidepressant: first review", first.sources
    entry = step(kb.guidelines, "gl-nice-reassessment")
    return entry.number("reassess_within_weeks_max"), "reassessment within 2-4 weeks", entry.sources


def _missed(record: PatientRecord, ctx: Context, kb: KnowledgeBase, today: date) -> list[Alert]:
    weeks, why, sources = review_interval_weeks(ctx, record, kb)
    phq = [s for s in ctx.scores if s.instrument == PHQ9]
    if not phq:
        return [
            Alert(
                level=AlertLevel.WARNING,
                code="no-assessment",
                message="No PHQ-9 is recorded.",
                action="Administer a PHQ-9 now to set severity and a baseline.",
                basis=_basis(
                    "Measurement-based care needs a baseline score.",
                    kb,
                    step(kb.guidelines, "gl-vadod-measurement").sources,
                ),
            )
        ]
    last = max(s.on for s in phq)
    overdue_days = (today - last).days - weeks * 7
    if overdue_days <= 0:
        return []
    return [
        Alert(
            level=AlertLevel.WARNING,
            code="missed-assessment",
            message=f"PHQ-9 overdue: last on {last.isoformat()}, due within {weeks:g} weeks ({why}); "
            f"{overdue_days:.0f} days late.",
            action="Contact the patient (repeat attempts if needed) and repeat the PHQ-9.",
            basis=_basis(
                f"Due date = last PHQ-9 + {weeks:g} weeks ({why}).",
                kb,
                sources,
                last_phq9=last.isoformat(),
                interval_weeks=weeks,
                days_overdue=overdue_days,
            ),
        )
    ]


def _course(ctx: Context, kb: KnowledgeBase) -> list[Alert]:
    alerts: list[Alert] = []
    since = ctx.current_trial.started_on if ctx.current_trial else None
    for instrument in TRACKED:
        t = _bridge.course(ctx.scores, instrument, kb, since)
        if t is None:
            continue
        alerts += t.alerts
        name = instrument.upper()
        if t.remission:
            alerts.append(
                Alert(
                    level=AlertLevel.INFO,
                    code="remission",
                    message=f"{name} in remission ({t.baseline_total} -> {t.latest_total}).",
                    action="Continue treatment and plan relapse prevention.",
                    basis=t.basis,
                )
            )
        elif t.response:
            alerts.append(
                Alert(
                    level=AlertLevel.INFO,
                    code="response",
                    message=f"{name} response ({t.baseline_total} -> {t.latest_total}) without remission.",
                    action="Continue; review residual symptoms toward remission.",
                    basis=t.basis,
                )
            )
    return alerts


def _rising_kratom(record: PatientRecord, kb: KnowledgeBase) -> list[Alert]:
    trend = kratom_trend(record)
    if not trend.rising or trend.previous_on is None or trend.latest_on is None:
        return []
    changes = ", ".join(
        f"{f.replace('_', ' ')} {trend.previous[f]:g} -> {trend.latest[f]:g}" for f in trend.rising_fields
    )
    entry = step(kb.guidelines, "gl-kratom-taper-consider")
    return [
        Alert(
            level=AlertLevel.WARNING,
            code="rising-kratom-use",
            message=f"Kratom use rising between {trend.previous_on.isoformat()} and "
            f"{trend.latest_on.isoformat()}: {changes}.",
            action="Ask about craving, withdrawal and reasons; screen for kratom use disorder; "
            "consider a supported taper.",
            basis=_basis(
                "Latest dated report higher than the one before, on any measure reported on both dates.",
                kb,
                entry.sources,
                previous=trend.previous,
                latest=trend.latest,
            ),
        )
    ]


def _new_interacting(record: PatientRecord, kb: KnowledgeBase, today: date) -> list[Alert]:
    if record.kratom is None:
        return []
    # "New" = started within the longest reassessment interval, i.e. since the last scheduled review.
    reassess = step(kb.guidelines, "gl-nice-reassessment").number("reassess_within_weeks_max")
    since = today - timedelta(weeks=reassess)
    alerts: list[Alert] = []
    for index, med in enumerate(record.medications):
        if med.started_on is None or med.started_on < since:
            continue
        outcome = _bridge.screen_medications(record.kratom, [med], (), kb)
        for text in outcome.unrecognised:
            alerts.append(
                Alert(
                    level=AlertLevel.WARNING,
                    code="unscreened-medication",
                    message=f"New medication {text} (medications.{index}) is not in the drug "
                    f"catalogue; its interaction with kratom was not screened.",
                    action="Check the name and spelling; review the interaction by hand.",
                )
            )
        for f in outcome.findings:
            sev = Severity(f.severity)
            if sev.rank < Severity.MODERATE.rank:
                continue
            level = AlertLevel.URGENT if sev.rank >= Severity.MAJOR.rank else AlertLevel.WARNING
            alerts.append(
                Alert(
                    level=level,
                    code="new-interacting-medication",
                    message=f"{med.name} started {med.started_on.isoformat()} interacts with kratom "
                    f"({f.severity}): {f.message}",
                    action="Review the combination with the patient; see the interaction finding's basis.",
                    basis=f.basis,
                )
            )
    return alerts


def _latest(record: PatientRecord, name: LabName) -> LabResult | None:
    labs = record.labs_of(name)
    return labs[-1] if labs else None


def _labs(record: PatientRecord, kb: KnowledgeBase) -> list[Alert]:
    alerts: list[Alert] = []
    hys = step(kb.guidelines, "gl-lab-liver-hys-law")
    at_x, bili_x = hys.number("aminotransferase_x_uln"), hys.number("bilirubin_x_uln")
    bili = _latest(record, LabName.BILIRUBIN)
    bili_ratio = (bili.value or 0) / bili.uln if bili and bili.uln else None
    for name in (LabName.ALT, LabName.AST):
        lab = _latest(record, name)
        if lab is None or lab.uln is None or lab.value is None:
            continue
        ratio = lab.value / lab.uln
        if ratio < at_x:
            continue
        hy = bili_ratio is not None and bili_ratio > bili_x
        alerts.append(
            Alert(
                level=AlertLevel.URGENT if hy else AlertLevel.WARNING,
                code="liver-injury-pattern" if hy else "raised-aminotransferase",
                message=f"{name.value.upper()} {lab.value:g} U/L = {ratio:.1f} x ULN on {lab.on.isoformat()}"
                + (f" with bilirubin {bili_ratio:.1f} x ULN (Hy's law pattern)." if hy else "."),
                action=(
                    "Stop kratom and any suspected hepatotoxic agent; assess the same day (INR, symptoms)."
                    if hy
                    else "Repeat liver tests, ask about kratom and alcohol, review hepatotoxic medicines."
                ),
                basis=_basis(
                    f"{hys.guideline}: aminotransferase >= {at_x:g} x ULN; with bilirubin > {bili_x:g} x ULN "
                    "the pattern is urgent.",
                    kb,
                    hys.sources,
                    ratio_x_uln=round(ratio, 2),
                    bilirubin_x_uln=None if bili_ratio is None else round(bili_ratio, 2),
                ),
            )
        )
    if bili_ratio is not None and bili_ratio > bili_x and not alerts and bili is not None:
        alerts.append(
            Alert(
                level=AlertLevel.WARNING,
                code="raised-bilirubin",
                message=f"Bilirubin {bili_ratio:.1f} x ULN on {bili.on.isoformat()}.",
                action="Repeat liver tests; kratom liver injury is often cholestatic.",
                basis=_basis(f"Bilirubin > {bili_x:g} x ULN.", kb, hys.sources),
            )
        )
    qtcs = record.labs_of(LabName.QTC)
    if qtcs and qtcs[-1].qtc_ms is not None:
        last = qtcs[-1].qtc_ms
        normal = step(kb.guidelines, "gl-lab-qtc-upper-normal")
        high = step(kb.guidelines, "gl-lab-qtc-high-risk")
        # Unknown sex: the lower (male) limit, so a borderline value is not missed.
        key = "qtc_upper_normal_female_ms" if record.sex is Sex.FEMALE else "qtc_upper_normal_male_ms"
        limit, high_ms, rise_ms = (
            normal.number(key),
            high.number("qtc_high_risk_ms"),
            high.number("qtc_rise_high_risk_ms"),
        )
        rise = last - qtcs[0].qtc_ms if len(qtcs) > 1 and qtcs[0].qtc_ms is not None else None
        if last >= high_ms or (rise is not None and rise >= rise_ms):
            alerts.append(
                Alert(
                    level=AlertLevel.URGENT,
                    code="qtc-high-risk",
                    message=f"QTc {last:g} ms on {qtcs[-1].on.isoformat()}"
                    + (f" (rise {rise:g} ms)" if rise is not None else "")
                    + ": high TdP risk.",
                    action="Review every QT-prolonging medicine today; check potassium and magnesium.",
                    basis=_basis(
                        high.text,
                        kb,
                        high.sources,
                        qtc_ms=last,
                        rise_ms=rise,
                        qtc_high_risk_ms=high_ms,
                        qtc_rise_high_risk_ms=rise_ms,
                    ),
                )
            )
        elif last >= limit:
            alerts.append(
                Alert(
                    level=AlertLevel.WARNING,
                    code="qtc-prolonged",
                    message=f"QTc {last:g} ms on {qtcs[-1].on.isoformat()} is above {limit:g} ms.",
                    action="Review QT-prolonging medicines and electrolytes; repeat ECG.",
                    basis=_basis(normal.text, kb, normal.sources, qtc_ms=last, limit_ms=limit),
                )
            )
    return alerts


def _item9_unrecorded(ctx: Context) -> list[Alert]:
    phq = ctx.latest_phq9
    if phq is None or phq.item9_recorded:
        return []
    return [
        Alert(
            level=AlertLevel.WARNING,
            code="item9-not-recorded",
            message=f"Latest PHQ-9 ({phq.on.isoformat()}) has a total only: item 9 (thoughts of death or "
            "self-harm) cannot be checked.",
            action="Ask directly about suicidal thoughts and record item answers.",
            basis=phq.basis,
        )
    ]


def sort_alerts(alerts: list[Alert]) -> tuple[Alert, ...]:
    """Most urgent first; suicide risk first among equals; otherwise stable."""
    return tuple(sorted(alerts, key=lambda a: (-a.level.rank, a.code != SUICIDE_CODE)))


def evaluate_alerts(
    record: PatientRecord, kb: KnowledgeBase, today: date, *, context: Context | None = None
) -> tuple[Alert, ...]:
    """Every monitoring alert for this record on ``today``, most urgent first.

    Examples
    --------
    >>> from speciosa.knowledge import load_knowledge
    >>> from speciosa.patient import PatientRecord, ScaleResult
    >>> phq9 = ScaleResult(instrument="phq-9", on=date(2026, 1, 5), answers=(1,) * 9)
    >>> r = PatientRecord(id="t", age_years=40, sex="female", scales=(phq9,))
    >>> [a.code for a in evaluate_alerts(r, load_knowledge(), date(2026, 1, 6))][0]
    'suicide-risk'
    """
    ctx = context or build_context(record, kb, today)
    alerts: list[Alert] = list(ctx.score_alerts)
    alerts += _item9_unrecorded(ctx)
    alerts += _course(ctx, kb)
    alerts += _missed(record, ctx, kb, today)
    alerts += _rising_kratom(record, kb)
    alerts += _new_interacting(record, kb, today)
    alerts += _labs(record, kb)
    if ctx.has("kratom-taper") and not any(s.instrument in ("cows", "sows") for s in ctx.scores):
        alerts.append(
            Alert(
                level=AlertLevel.INFO,
                code="taper-without-withdrawal-scale",
                message="Kratom taper in progress but no COWS or SOWS is recorded.",
                action="Record a withdrawal scale at each contact during the taper.",
                basis=_basis(
                    "Studies monitored kratom withdrawal with COWS or SOWS.",
                    kb,
                    step(kb.guidelines, "gl-kratom-taper-monitoring").sources,
                ),
            )
        )
    return sort_alerts(alerts)
