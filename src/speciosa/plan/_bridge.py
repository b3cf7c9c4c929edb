"""Thin calls into the other stages (assess, screen, trajectory, drug resolver), so plan/ and
monitor/ code against one place and never re-implement scoring or interaction logic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from speciosa.assess import find_instrument, score
from speciosa.basis import Alert, Basis
from speciosa.errors import InputError, SpeciosaError
from speciosa.knowledge.base import KnowledgeBase
from speciosa.monitor.trajectory import DatedScore, Trajectory, trajectory
from speciosa.patient import Condition, KratomUse, Medication, PatientRecord, ScaleResult
from speciosa.plan.model import InteractionLine, ScoreLine, ScreenOutcome


def score_scale(
    scale: ScaleResult, record: PatientRecord, kb: KnowledgeBase, field: str = "scales"
) -> tuple[ScoreLine, tuple[Alert, ...]]:
    """Score one administration with speciosa.assess; a total-only entry keeps its total and band only."""
    inst = find_instrument(kb, scale.instrument)
    if scale.answers is None:
        if scale.total is None:
            raise InputError(field, "neither answers nor total", "item answers and/or a total")
        if not inst.total_min <= scale.total <= inst.total_max or scale.total != int(scale.total):
            raise InputError(f"{field}.total", scale.total, f"an integer {inst.total_min}-{inst.total_max}")
        band = inst.band_for(int(scale.total))
        basis = Basis(
            rule="Total as recorded, banded with the instrument's bands; no item answers, so item-level "
            "alerts (PHQ-9 item 9) could not be checked.",
            inputs={"instrument": inst.id, "total": scale.total},
            sources=tuple(dict.fromkeys(s for b in inst.bands for s in b.sources)) or inst.sources,
            knowledge_version=kb.version_label,
        )
        line = ScoreLine(
            instrument=inst.id,
            on=scale.on,
            total=scale.total,
            severity=band.code if band else None,
            valid=True,
            item9_recorded=False,
            basis=basis,
        )
        return line, ()
    sex = record.sex.value if record.sex.value in ("female", "male") else None
    result = score(inst.id, list(scale.answers), kb, sex=sex)
    line = ScoreLine(
        instrument=inst.id,
        on=scale.on,
        total=result.total,
        severity=result.severity,
        valid=result.valid,
        item9_recorded=True,
        basis=result.basis,
    )
    return line, tuple(result.alerts)


def course(
    lines: Sequence[ScoreLine], instrument: str, kb: KnowledgeBase, since: date | None = None
) -> Trajectory | None:
    """The trajectory of one instrument's valid totals (from ``since``), or None with fewer than 2."""
    dated = {
        line.on: DatedScore(on=line.on, total=int(line.total))
        for line in lines
        if line.instrument == instrument
        and line.valid
        and line.total is not None
        and (since is None or line.on >= since)
    }
    if len(dated) < 2:
        return None
    return trajectory(instrument, list(dated.values()), kb)


def trajectory_status(lines: Sequence[ScoreLine], kb: KnowledgeBase, since: date | None = None) -> str:
    """PHQ-9 course: remission, response, worse, no-response or insufficient-data."""
    t = course(lines, "phq-9", kb, since)
    if t is None:
        return "insufficient-data"
    if t.remission:
        return "remission"
    if t.response:
        return "response"
    if t.reliable_change == "reliable deterioration" or t.change_from_baseline > 0:
        return "worse"
    return "no-response" if t.response is False else "insufficient-data"


def screen_medications(
    kratom: KratomUse | None,
    medications: Sequence[Medication],
    conditions: Sequence[Condition],
    kb: KnowledgeBase,
) -> ScreenOutcome:
    """Kratom x medication and kratom x condition findings from speciosa.screen, most severe first."""
    try:
        from speciosa.screen import screen
    except ImportError as exc:
        # Fail closed: a plan that silently skipped the interaction screen would look complete.
        raise SpeciosaError(
            "the interaction screen (speciosa.screen.screen) is unavailable; no plan without it"
        ) from exc

    result = screen(kratom, list(medications), list(conditions), kb)
    findings = tuple(
        InteractionLine(
            drug=f.drug,
            severity=f.severity.value,
            message=f.message,
            management=f.management,
            certainty=f.evidence.certainty.value,
            basis=f.basis,
        )
        for f in result.findings
    )
    known_conditions = tuple(
        InteractionLine(
            drug=c.condition,
            severity=c.severity.value,
            message=c.message,
            management=c.management,
            certainty=c.evidence.certainty.value if c.evidence else None,
            basis=Basis(
                rule=c.rule or "kratom x condition rule",
                sources=c.sources,
                knowledge_version=result.knowledge_version,
            ),
        )
        for c in result.conditions
        if c.recognised
    )
    unrecognised = tuple(
        u.text + (f" (did you mean: {', '.join(u.suggestions)}?)" if u.suggestions else "")
        for u in result.unrecognised
    )
    return ScreenOutcome(
        findings=findings, conditions=known_conditions, unrecognised=unrecognised, warnings=result.warnings
    )
