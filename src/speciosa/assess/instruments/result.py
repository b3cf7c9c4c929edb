"""The result of scoring one administration of an instrument."""

from __future__ import annotations

from pydantic import Field

from speciosa.basis import DISCLAIMER, Alert, Basis, Result
from speciosa.grading import AlertLevel


class InstrumentScore(Result):
    """Total, severity band, screen result and alerts for one completed instrument.

    ``total`` is ``None`` when the authors' missing-item rule does not allow a score (``valid`` is then
    ``False``); item-level alerts such as PHQ-9 item 9 are raised regardless.
    """

    instrument: str
    instrument_name: str
    total: int | None
    total_min: int
    total_max: int
    severity: str | None = Field(description="Band code (e.g. 'moderate'), or null when no band applies.")
    severity_label: str | None
    positive_screen: bool | None = Field(
        default=None,
        description="Screen result where the instrument has a cut-off; null if none or undecidable.",
    )
    valid: bool
    prorated: bool = False
    missing_items: tuple[int, ...] = ()
    answers: tuple[int | None, ...]
    functional_difficulty: int | None = None
    functional_difficulty_label: str | None = None
    alerts: tuple[Alert, ...] = ()
    warnings: tuple[str, ...] = ()
    basis: Basis
    disclaimer: str = DISCLAIMER

    @property
    def urgent(self) -> bool:
        return any(a.level is AlertLevel.URGENT for a in self.alerts)

    def summary(self) -> str:
        lines = [
            f"URGENT [{a.code}]: {a.message} Action: {a.action}"
            for a in self.alerts
            if a.level is AlertLevel.URGENT
        ]
        if self.valid and self.total is not None:
            head = f"{self.instrument_name}: {self.total} (range {self.total_min}-{self.total_max})"
            if self.severity_label:
                head += f", {self.severity_label}"
            if self.prorated:
                head += " [prorated]"
        else:
            missing = ", ".join(str(i) for i in self.missing_items)
            head = f"{self.instrument_name}: no valid total (missing items: {missing})"
        lines.append(head)
        if self.positive_screen is not None:
            lines.append("Screen: positive" if self.positive_screen else "Screen: negative")
        if self.functional_difficulty_label:
            lines.append(f"Functional difficulty: {self.functional_difficulty_label}")
        lines += [
            f"{a.level.value.upper()} [{a.code}]: {a.message}"
            for a in self.alerts
            if a.level is not AlertLevel.URGENT
        ]
        lines += [f"Note: {w}" for w in self.warnings]
        lines.append(f"Basis: {self.basis.rule} Sources: {', '.join(self.basis.sources)}")
        lines.append(self.disclaimer)
        return "\n".join(lines)
