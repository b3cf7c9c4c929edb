"""The care plan's shapes: items with a basis, schedule entries, the kratom section, the plan."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import Field

from speciosa.basis import DISCLAIMER, Alert, Basis, Frozen, Result
from speciosa.grading import AlertLevel


class Section(StrEnum):
    """Where an item sits in the plan; declaration order is the order a clinician reads."""

    SAFETY = "safety"
    CONVENTIONAL = "conventional care"
    KRATOM = "kratom"
    MONITORING = "monitoring"
    REFERRAL = "referral"


class PlanItem(Frozen):
    """One element of the plan: what to consider or do, why, and the basis to check it against."""

    section: Section
    priority: AlertLevel = AlertLevel.INFO
    code: str = Field(description="Stable id, usually the guideline entry id it comes from.")
    title: str
    text: str
    patient_text: str | None = None
    basis: Basis


class ScoreLine(Frozen):
    """One dated scale result as scored by speciosa.assess (or total-only when no answers were recorded)."""

    instrument: str
    on: date
    total: int | float | None
    severity: str | None
    valid: bool
    item9_recorded: bool | None = None
    basis: Basis


class InteractionLine(Frozen):
    """One finding of the interaction screen (a drug, or a condition), flattened for display."""

    drug: str
    severity: str
    message: str
    management: str | None = None
    certainty: str | None = None
    basis: Basis


class ScreenOutcome(Frozen):
    """What speciosa.screen returned for a set of medications: findings and what it could not screen."""

    findings: tuple[InteractionLine, ...] = ()
    conditions: tuple[InteractionLine, ...] = ()
    unrecognised: tuple[str, ...] = Field(default=(), description="Medication texts not in the catalogue.")
    warnings: tuple[str, ...] = ()


class ScheduleEntry(Frozen):
    """A monitoring step: which scale, lab, ECG or review, when, and the rule applied then."""

    kind: Literal["scale", "lab", "ecg", "review"]
    what: str
    due_on: date | None = Field(description="None when no source gives an interval: see interval_weeks.")
    interval_weeks: float | Literal["unknown"] | None = None
    rule: str
    basis: Basis


class KratomSection(Frozen):
    """Current use, dependence/withdrawal scores, interactions, risks, counselling, taper and referral."""

    current_use: str
    scores: tuple[ScoreLine, ...] = ()
    interactions: tuple[InteractionLine, ...] = ()
    items: tuple[PlanItem, ...] = ()
    evidence_certainty: str
    unrecognised: tuple[str, ...] = Field(default=(), description="Medicines the screen could not recognise.")
    condition_findings: tuple[InteractionLine, ...] = ()


class CarePlan(Result):
    """A personalised MDD care plan. Options, not prescriptions; supports clinical judgement."""

    patient_id: str
    generated_on: date
    knowledge_version: str
    alerts: tuple[Alert, ...] = Field(
        description="Most urgent first; suicide risk always first when present."
    )
    severity_context: str
    scores: tuple[ScoreLine, ...] = ()
    items: tuple[PlanItem, ...] = Field(
        description="Safety first, then conventional care, kratom, monitoring."
    )
    kratom: KratomSection | None = None
    schedule: tuple[ScheduleEntry, ...] = ()
    sources: tuple[dict[str, str], ...] = Field(
        default=(), description="id, citation, link of every cited source."
    )
    warnings: tuple[str, ...] = ()
    disclaimer: str = DISCLAIMER

    def all_items(self) -> tuple[PlanItem, ...]:
        """Every plan item, including the kratom section's, in reading order."""
        kratom = self.kratom.items if self.kratom else ()
        return self.items + kratom

    def texts(self) -> tuple[str, ...]:
        """Every human-readable string in the plan, for the dose guard and readability checks."""
        out: list[str] = [self.severity_context, *self.warnings]
        out += [t for a in self.alerts for t in (a.message, a.action or "")]
        for item in self.all_items():
            out += [item.title, item.text, item.patient_text or ""]
        out += [e.what + " " + e.rule for e in self.schedule]
        if self.kratom:
            out += [self.kratom.current_use, self.kratom.evidence_certainty]
            lines = self.kratom.interactions + self.kratom.condition_findings
            out += [t for i in lines for t in (i.message, i.management or "")]
            out += list(self.kratom.unrecognised)
        return tuple(t for t in out if t)

    def summary(self) -> str:
        # Alerts come first, most urgent at the very top, before anything else can scroll them away.
        lines = [
            f"[{a.level.value.upper()}] {a.message}" + (f" -> {a.action}" if a.action else "")
            for a in self.alerts
        ]
        lines.append(
            f"Care plan for {self.patient_id} ({self.generated_on.isoformat()}), "
            f"knowledge {self.knowledge_version}"
        )
        lines.append(self.severity_context)
        for item in self.all_items():
            lines.append(f"- ({item.section.value}) {item.title}: {item.text}")
        for entry in self.schedule:
            when = entry.due_on.isoformat() if entry.due_on else "interval unknown"
            lines.append(f"* {when}: {entry.what} - {entry.rule}")
        lines += [f"! {w}" for w in self.warnings]
        lines.append(self.disclaimer)
        return "\n".join(lines)
