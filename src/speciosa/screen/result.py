"""What the interaction screen returns: one Finding per recognised drug, conditions, unrecognised names."""

from __future__ import annotations

from speciosa.assess.exposure import KratomExposure
from speciosa.basis import DISCLAIMER, Basis, Frozen, Result
from speciosa.grading import Certainty, Severity
from speciosa.knowledge.resolve import Unrecognised


class AucRatio(Frozen):
    """Predicted victim AUC with kratom / without: point and 5th-95th percentile interval."""

    point: float
    low: float
    high: float


class Evidence(Frozen):
    certainty: Certainty
    reason: str


class Finding(Result):
    """Kratom x one drug: the worst severity across mechanisms, with every number's basis."""

    drug: str
    input_name: str | None = None
    severity: Severity
    mechanisms: tuple[str, ...]
    auc_ratio: AucRatio | None
    auc_ratio_note: str | None = None
    evidence: Evidence
    message: str
    management: str
    sources: tuple[str, ...]
    basis: Basis

    def summary(self) -> str:
        ratio = (
            f"; AUC ratio {self.auc_ratio.point:.2f} ({self.auc_ratio.low:.2f}-{self.auc_ratio.high:.2f})"
            if self.auc_ratio
            else ""
        )
        mechanisms = ", ".join(self.mechanisms) or "none"
        return f"[{self.severity.value}] kratom + {self.drug}: {mechanisms}{ratio}. {self.management}"


class ConditionFinding(Frozen):
    condition: str
    recognised: bool
    rule: str | None
    severity: Severity
    message: str
    management: str | None
    evidence: Evidence | None
    sources: tuple[str, ...]


class ScreenResult(Result):
    kratom: KratomExposure | None
    findings: tuple[Finding, ...]
    conditions: tuple[ConditionFinding, ...]
    unrecognised: tuple[Unrecognised, ...]
    knowledge_version: str
    disclaimer: str = DISCLAIMER
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        lines = (
            [self.kratom.summary()]
            if self.kratom
            else ["Kratom amount unknown: pharmacokinetic ratios not computed."]
        )
        lines += [f.summary() for f in self.findings]
        lines += [f"[{c.severity.value}] condition {c.condition}: {c.message}" for c in self.conditions]
        lines += [
            f"NOT RECOGNISED: {u.text} (did you mean: {', '.join(u.suggestions) or '-'})"
            for u in self.unrecognised
        ]
        lines += [*self.warnings, f"Knowledge {self.knowledge_version}. {self.disclaimer}"]
        return "\n".join(lines)
