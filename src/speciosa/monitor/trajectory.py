"""Longitudinal measures over dated instrument totals.

Change from baseline, response (relative reduction), remission (cut-off), the Jacobson-Truax
reliable change index and worsening alerts. Pure: takes dated totals, reads cut-offs from the
instrument's knowledge entry, never reads a clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Literal

from pydantic import Field

from speciosa.assess.instruments.engine import find_instrument
from speciosa.basis import DISCLAIMER, Alert, Basis, Frozen, Result
from speciosa.errors import InputError
from speciosa.grading import AlertLevel
from speciosa.knowledge.base import KnowledgeBase
from speciosa.knowledge.common import is_known
from speciosa.knowledge.instruments import Instrument


class DatedScore(Frozen):
    """One valid instrument total and the day it was obtained."""

    on: date
    total: int


class ReliableChangeParameters(Frozen):
    """Caller-supplied Jacobson-Truax parameters, with the source ids they were read in."""

    test_retest_reliability: float = Field(gt=0.0, lt=1.0)
    sd: float = Field(gt=0.0)
    criterion_z: float = Field(default=1.96, gt=0.0)
    sources: tuple[str, ...] = Field(min_length=1)


class TrajectoryPoint(Frozen):
    on: date
    total: int
    change_from_baseline: int
    band: str | None


ReliableChangeCategory = Literal["reliable improvement", "reliable deterioration", "no reliable change"]


class Trajectory(Result):
    """Change over time for one instrument; every criterion that has no source is reported as None."""

    instrument: str
    points: tuple[TrajectoryPoint, ...]
    baseline_total: int
    latest_total: int
    change_from_baseline: int
    percent_change: float | None = Field(
        description="(latest - baseline) / baseline * 100; None at baseline 0."
    )
    response: bool | None
    remission: bool | None
    reliable_change_index: float | None
    reliable_change: ReliableChangeCategory | None
    alerts: tuple[Alert, ...] = ()
    warnings: tuple[str, ...] = ()
    basis: Basis
    disclaimer: str = DISCLAIMER

    def summary(self) -> str:
        first, last = self.points[0], self.points[-1]
        lines = [
            f"{self.instrument}: {self.baseline_total} on {first.on} -> {self.latest_total} on {last.on} "
            f"(change {self.change_from_baseline:+d})"
        ]
        lines.append(
            f"Response: {_yes_no(self.response)}; remission: {_yes_no(self.remission)}; "
            f"reliable change: {self.reliable_change or 'not computed'}"
        )
        lines += [f"{a.level.value.upper()} [{a.code}]: {a.message}" for a in self.alerts]
        lines += [f"Note: {w}" for w in self.warnings]
        lines.append(self.disclaimer)
        return "\n".join(lines)


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def reliable_change_index(baseline: float, latest: float, reliability: float, sd: float) -> float:
    """Jacobson-Truax reliable change index.

    RCI = (latest - baseline) / S_diff, with S_diff = sqrt(2) * SD * sqrt(1 - r).

    References
    ----------
    Jacobson NS, Truax P. J Consult Clin Psychol 1991;59(1):12-19.

    Examples
    --------
    >>> round(reliable_change_index(20, 10, 0.84, 5.0), 4)
    -3.5355
    """
    s_diff = math.sqrt(2.0) * sd * math.sqrt(1.0 - reliability)
    return (latest - baseline) / s_diff


def _validated(inst: Instrument, scores: Sequence[DatedScore]) -> list[DatedScore]:
    if not scores:
        raise InputError("scores", "[]", "at least one dated score")
    for index, s in enumerate(scores):
        if not inst.total_min <= s.total <= inst.total_max:
            raise InputError(
                f"scores[{index}].total",
                s.total,
                f"an integer {inst.total_min}-{inst.total_max} ({inst.short_name} range)",
            )
    ordered = sorted(scores, key=lambda s: s.on)
    days = [s.on for s in ordered]
    if len(set(days)) != len(days):
        raise InputError("scores", "duplicate dates", "one score per date")
    return ordered


def trajectory(
    instrument_id: str,
    scores: Sequence[DatedScore],
    kb: KnowledgeBase,
    *,
    reliable_change: ReliableChangeParameters | None = None,
) -> Trajectory:
    """Longitudinal measures for one instrument over dated totals (earliest = baseline).

    Parameters
    ----------
    instrument_id
        Instrument id or short name.
    scores
        Valid totals with dates, in any order; one per date.
    kb
        Knowledge base (cut-offs, reliability parameters).
    reliable_change
        Jacobson-Truax parameters with their sources, used only when the knowledge base has
        ``unknown`` for them; otherwise the sourced knowledge values are used.

    Returns
    -------
    Trajectory
        Change, response (reduction >= the sourced fraction of baseline), remission (latest below the
        sourced cut-off), RCI and worsening alerts. Criteria with no source are ``None`` and a
        warning says so.

    References
    ----------
    Jacobson NS, Truax P. J Consult Clin Psychol 1991;59:12-19 (reliable change).
    Psychiatr Serv 2020, doi:10.1176/appi.ps.201900295 (PHQ-9 response >=50%, remission <5).
    Lowe B, et al. Med Care 2004;42:1194-1201 (PHQ-9 minimal important difference 5 points).

    Examples
    --------
    >>> from speciosa.knowledge import load_knowledge
    >>> t = trajectory("phq-9", [DatedScore(on=date(2026, 1, 1), total=18),
    ...                          DatedScore(on=date(2026, 3, 1), total=4)], load_knowledge())
    >>> (t.change_from_baseline, t.response, t.remission)
    (-14, True, True)
    """
    inst = find_instrument(kb, instrument_id)
    ordered = _validated(inst, scores)
    base, last = ordered[0], ordered[-1]
    change = last.total - base.total
    # Lower is better on every instrument speciosa holds; a future higher-is-better scale flips sign.
    improvement = -change if inst.higher_is_worse else change
    outcomes = inst.outcomes
    warnings: list[str] = []
    alerts: list[Alert] = []
    sources: list[str] = list(outcomes.sources)
    numbers: dict[str, object] = {"baseline_total": base.total, "latest_total": last.total, "change": change}

    percent = None if base.total == 0 else change / base.total * 100.0
    response: bool | None = None
    fraction = outcomes.response_min_reduction_fraction
    if not is_known(fraction) or isinstance(fraction, str):
        warnings.append(f"Response not assessed: no sourced response criterion for {inst.short_name}.")
    elif base.total == 0:
        warnings.append("Response not assessed: baseline total is 0.")
    else:
        response = improvement >= fraction * base.total
        numbers["response_min_reduction_fraction"] = fraction

    remission: bool | None = None
    below = outcomes.remission_below
    if isinstance(below, int):
        remission = last.total < below
        numbers["remission_below"] = below
    else:
        warnings.append(f"Remission not assessed: no sourced remission cut-off for {inst.short_name}.")

    rci: float | None = None
    category: ReliableChangeCategory | None = None
    rc = inst.reliable_change
    r, sd, z = rc.test_retest_reliability, rc.sd, rc.criterion_z
    rc_sources: tuple[str, ...] = rc.sources
    if (isinstance(r, str) or isinstance(sd, str)) and reliable_change is not None:
        r, sd, z = reliable_change.test_retest_reliability, reliable_change.sd, reliable_change.criterion_z
        rc_sources = reliable_change.sources
        warnings.append(
            "Reliable change uses caller-supplied reliability and SD (sources: "
            + ", ".join(rc_sources)
            + "), not reviewed knowledge."
        )
    if isinstance(r, float) and isinstance(sd, float):
        rci = reliable_change_index(base.total, last.total, r, sd)
        signed = -rci if inst.higher_is_worse else rci
        category = (
            "reliable improvement"
            if signed > z
            else "reliable deterioration"
            if signed < -z
            else "no reliable change"
        )
        numbers |= {"reliability": r, "sd": sd, "criterion_z": z, "rci": rci}
        sources += [s for s in rc_sources if s not in sources]
    else:
        warnings.append(
            f"Reliable change index not computed: test-retest reliability and SD for "
            f"{inst.short_name} are unknown in the knowledge base (no source read)."
        )

    basis = Basis(
        rule=(
            "Baseline = earliest score. Response: reduction >= fraction x baseline. Remission: latest total "
            "< cut-off. RCI = (latest - baseline) / (sqrt(2) x SD x sqrt(1 - r)), reliable if |RCI| > z."
        ),
        inputs={"scores": [{"on": s.on.isoformat(), "total": s.total} for s in ordered]},
        numbers=numbers,
        sources=tuple(sources),
        knowledge_version=kb.version_label,
    )

    if category == "reliable deterioration":
        alerts.append(
            Alert(
                level=AlertLevel.WARNING,
                code="reliable-worsening",
                message=f"{inst.short_name} worsened reliably since baseline "
                f"({base.total} -> {last.total}, RCI {rci:.2f}).",
                action="Review the treatment plan, adherence, substance use (including kratom) and "
                "life events; assess suicide risk.",
                basis=basis,
            )
        )
    mid = outcomes.minimal_important_difference
    if isinstance(mid, int) and -improvement >= mid:
        alerts.append(
            Alert(
                level=AlertLevel.WARNING,
                code="clinically-important-worsening",
                message=f"{inst.short_name} rose {-improvement} points since baseline, at least the "
                f"minimal important difference of {mid}.",
                action="Review the treatment plan and assess suicide risk.",
                basis=basis.model_copy(update={"numbers": numbers | {"mid": mid}}),
            )
        )
    points = tuple(
        TrajectoryPoint(
            on=s.on,
            total=s.total,
            change_from_baseline=s.total - base.total,
            band=(b.code if (b := inst.band_for(s.total)) else None),
        )
        for s in ordered
    )
    if len(ordered) >= 2 and inst.bands:
        prev_band, last_band = inst.band_for(ordered[-2].total), inst.band_for(last.total)
        if prev_band and last_band and last_band.min_score > prev_band.min_score:
            alerts.append(
                Alert(
                    level=AlertLevel.WARNING,
                    code="worsening-band",
                    message=f"{inst.short_name} moved from {prev_band.label.lower()} to "
                    f"{last_band.label.lower()} since the previous score.",
                    action="Review the treatment plan and follow-up interval.",
                    basis=basis,
                )
            )

    return Trajectory(
        instrument=inst.id,
        points=points,
        baseline_total=base.total,
        latest_total=last.total,
        change_from_baseline=change,
        percent_change=percent,
        response=response,
        remission=remission,
        reliable_change_index=rci,
        reliable_change=category,
        alerts=tuple(alerts),
        warnings=tuple(warnings),
        basis=basis,
    )
