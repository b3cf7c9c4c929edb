"""The clinical context a plan is built for: severity, suicide risk, treatment stage, kratom risks.

Computed once from the record, the scores from speciosa.assess and the guideline numbers; every
tag carries the reason it was set so the plan can show its basis.
"""

from __future__ import annotations

from datetime import date

from speciosa.basis import Alert, Frozen
from speciosa.grading import AlertLevel
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.guidelines import step
from speciosa.patient import AntidepressantTrial, PatientRecord, TrialResponse
from speciosa.plan import _bridge
from speciosa.plan.model import ScoreLine

SUICIDE_CODE = "suicide-risk"
PHQ9 = "phq-9"
INADEQUATE = (TrialResponse.NONE, TrialResponse.PARTIAL, TrialResponse.NOT_TOLERATED)


class Context(Frozen):
    """Tags the guideline entries match on (``applies_to``), with the reason for each."""

    tags: dict[str, str]
    scores: tuple[ScoreLine, ...]
    score_alerts: tuple[Alert, ...]
    latest_phq9: ScoreLine | None
    current_trial: AntidepressantTrial | None
    weeks_on_current: float | None

    def has(self, tag: str) -> bool:
        return tag in self.tags


def _latest_per_instrument(scores: tuple[ScoreLine, ...]) -> dict[str, ScoreLine]:
    latest: dict[str, ScoreLine] = {}
    for line in sorted(scores, key=lambda s: s.on):
        latest[line.instrument] = line
    return latest


def _qt_risk_drugs(record: PatientRecord, kb: KnowledgeBase) -> list[str]:
    """Medications the catalogue marks as QT-prolonging; unrecognised names are left to the screen."""
    from speciosa.errors import UnknownDrugError
    from speciosa.knowledge.drugs import QtRisk
    from speciosa.knowledge.resolve import resolve_drug

    found: list[str] = []
    for med in record.medications:
        try:
            drug = resolve_drug(med.name, kb)
        except UnknownDrugError:
            continue
        if drug.pd.qt_risk is not QtRisk.NONE_KNOWN:
            found.append(f"{med.name} ({drug.pd.qt_risk.value})")
    return found


def build_context(record: PatientRecord, kb: KnowledgeBase, today: date) -> Context:
    """Score every recorded scale and derive the context tags for this record on ``today``."""
    tags: dict[str, str] = {}
    lines: list[ScoreLine] = []
    alerts: list[Alert] = []
    latest_dates: dict[str, date] = {}
    for s in record.scales:
        latest_dates[s.instrument] = max(s.on, latest_dates.get(s.instrument, s.on))
    order = sorted(range(len(record.scales)), key=lambda i: record.scales[i].on)
    scored = [
        (record.scales[i], *_bridge.score_scale(record.scales[i], record, kb, field=f"scales.{i}"))
        for i in order
    ]
    # Did the latest administration of each instrument record item answers (so item 9 was checked)?
    latest_checked = {scale.instrument: line.item9_recorded for scale, line, _ in scored}
    for scale, line, found in scored:
        lines.append(line)
        for alert in found:
            if scale.on < latest_dates[scale.instrument]:
                if alert.code != SUICIDE_CODE:
                    continue  # an older band alert is superseded by the latest administration
                if not latest_checked[scale.instrument]:
                    alerts.append(alert)  # not re-asked since: the earlier positive answer stays urgent
                    continue
                # Re-asked and negative now: the earlier positive answer stays visible, one level down.
                alert = alert.model_copy(
                    update={
                        "level": AlertLevel.WARNING,
                        "message": f"Earlier ({scale.on.isoformat()}): {alert.message}",
                    }
                )
            alerts.append(alert)
    scores = tuple(lines)
    if any(a.code == SUICIDE_CODE and a.level is AlertLevel.URGENT for a in alerts):
        tags["suicide-risk"] = "a suicide-risk answer on the most recent administration"

    latest = _latest_per_instrument(scores).get(PHQ9)
    threshold = step(kb.guidelines, "gl-nice-severity-phq9").number("phq9_more_severe_min")
    if latest is not None and latest.total is not None and latest.valid:
        if latest.total >= threshold:
            tags["more-severe"] = f"PHQ-9 {latest.total:g} on {latest.on.isoformat()} (>= {threshold:g})"
        else:
            tags["less-severe"] = f"PHQ-9 {latest.total:g} on {latest.on.isoformat()} (< {threshold:g})"

    current = next((t for t in record.treatment_history if t.ongoing), None)
    weeks: float | None = None
    if current is not None:
        if current.started_on is not None:
            weeks = (today - current.started_on).days / 7
        elif current.duration_weeks is not None:
            weeks = current.duration_weeks
        first = step(kb.guidelines, "gl-nice-first-review").number("effect_expected_within_weeks")
        if weeks is not None and weeks < first:
            tags["antidepressant-start"] = f"{current.drug} started {weeks:.1f} weeks ago"
        status = _bridge.trajectory_status(
            [s for s in scores if s.instrument == PHQ9], kb, since=current.started_on
        )
        no_resp_weeks = step(kb.guidelines, "gl-nice-no-response").number("no_response_antidepressant_weeks")
        if weeks is not None and weeks >= no_resp_weeks and status in ("no-response", "worse"):
            tags["no-response"] = (
                f"{current.drug} for {weeks:.1f} weeks; PHQ-9 has not met the response criterion ({status})"
            )
        if status in ("response", "remission"):
            tags[status] = f"PHQ-9 trajectory on {current.drug}: {status}"

    min_trials = step(kb.guidelines, "gl-nice-after-two-trials").number("min_prior_inadequate_trials")
    inadequate = [t for t in record.treatment_history if t.response in INADEQUATE]
    if len(inadequate) >= min_trials:
        names = ", ".join(t.drug for t in inadequate)
        tags["treatment-resistant"] = (
            f"{len(inadequate)} antidepressant trials with no or limited response ({names})"
        )

    if record.kratom is not None or any(
        (e.grams_per_day or e.extract_mg_per_day) for e in record.kratom_history
    ):
        tags["kratom-use"] = "kratom use recorded"
    if record.antidepressant_taper_in_progress:
        tags["antidepressant-stop"] = "antidepressant taper in progress"
    if record.kratom_taper_in_progress:
        tags["kratom-taper"] = "kratom taper in progress"
    for cond in record.conditions:
        name = cond.name.lower()
        if "kratom" in name and ("use disorder" in name or "dependence" in name):
            tags["kratom-use-disorder"] = f"condition recorded: {cond.name}"
    if record.pregnant:
        tags["pregnancy"] = "pregnant"
    elif record.breastfeeding:
        tags["pregnancy"] = "breastfeeding"
    qt_drugs = _qt_risk_drugs(record, kb)
    if qt_drugs:
        tags["qt-risk-drug"] = "QT-prolonging medicine: " + ", ".join(qt_drugs)
    if record.age_years < 18:
        tags["under-18"] = f"age {record.age_years}: NG222 covers adults only"
    return Context(
        tags=tags,
        scores=scores,
        score_alerts=tuple(alerts),
        latest_phq9=latest,
        current_trial=current,
        weeks_on_current=weeks,
    )
