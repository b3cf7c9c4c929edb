"""Instrument schema: validated rating scales as reviewed data.

Each instrument lives in its own file, ``data/instruments/<id>.yaml``, holding one mapping that
validates against :class:`Instrument`: items (text, or null where the licence forbids it), response
options with values, the scoring and missing-item rules, severity bands, positive-screen cut-offs
(by sex where published), alert rules (PHQ-9 item 9 -> urgent suicide-risk), LOINC codes, licence
note, reliable-change parameters and remission/response cut-offs. Every number comes from a source
listed in ``data/sources/instruments.yaml``; a number no source gave is the literal ``"unknown"``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from speciosa.basis import Frozen
from speciosa.errors import KnowledgeError
from speciosa.grading import AlertLevel
from speciosa.knowledge.common import EntryId, SourceId, SourceIds, Unknown
from speciosa.knowledge.loader import load_one, yaml_files

LoincCode = Annotated[str, StringConstraints(pattern=r"^\d{1,7}-\d$")]
Sex = Literal["female", "male"]


class ResponseOption(Frozen):
    """One answer an item allows: the value that is summed, and its wording (null if not licensed)."""

    value: int = Field(ge=0)
    label: str | None = None


class Item(Frozen):
    """One scored question or observation."""

    number: int = Field(ge=1, description="1-based position on the form.")
    text: str | None = Field(description="Verbatim item text, or null when the licence forbids it.")
    label: str = Field(min_length=2, description="Short name of what the item rates (not the item text).")
    options: Annotated[tuple[ResponseOption, ...], Field(min_length=2)]
    loinc: LoincCode | Unknown = "unknown"

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)

    def option(self, value: int) -> ResponseOption | None:
        for opt in self.options:
            if opt.value == value:
                return opt
        return None

    @model_validator(mode="after")
    def _unique_values(self) -> Item:
        if len(set(self.values)) != len(self.values):
            raise ValueError(f"item {self.number}: response values must be unique")
        return self


class SupplementaryQuestion(Frozen):
    """A question on the form that is not part of the total (PHQ-9 functional difficulty)."""

    id: EntryId
    text: str | None
    options: Annotated[tuple[ResponseOption, ...], Field(min_length=2)]
    loinc: LoincCode | Unknown = "unknown"
    sources: SourceIds


class MissingItemRule(Frozen):
    """What the authors allow when items are unanswered.

    ``none-allowed``: any missing item makes the total invalid (also used when the authors give no rule).
    ``prorate``: up to ``max_missing`` items may be missing; the total is the mean of answered items
    times the number of items, rounded half up.
    """

    kind: Literal["none-allowed", "prorate"]
    max_missing: int = Field(default=0, ge=0)
    description: str = Field(min_length=10)
    sources: SourceIds

    @model_validator(mode="after")
    def _consistent(self) -> MissingItemRule:
        if self.kind == "none-allowed" and self.max_missing != 0:
            raise ValueError("missing_items: kind none-allowed requires max_missing 0")
        if self.kind == "prorate" and self.max_missing < 1:
            raise ValueError("missing_items: kind prorate requires max_missing >= 1")
        return self


class Band(Frozen):
    """A severity band: inclusive score range, label, and the alert (if any) it raises."""

    code: EntryId
    label: str
    min_score: int = Field(ge=0)
    max_score: int = Field(ge=0)
    alert_level: AlertLevel | None = None
    alert_message: str | None = None
    alert_action: str | None = None
    sources: SourceIds

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.max_score < self.min_score:
            raise ValueError(f"band {self.code}: max_score < min_score")
        if (self.alert_level is None) != (self.alert_message is None):
            raise ValueError(f"band {self.code}: alert_level and alert_message go together")
        return self


class PositiveScreen(Frozen):
    """A positive-screen cut-off: total >= ``min_score`` (for ``sex``, or for anyone when null)."""

    sex: Sex | None = None
    min_score: int = Field(ge=0)
    label: str
    alert_level: AlertLevel = AlertLevel.WARNING
    action: str | None = None
    sources: SourceIds


class AlertRule(Frozen):
    """An item-level alert: fires when item ``item`` is answered ``>= min_value``, whatever the total."""

    code: EntryId
    item: int = Field(ge=1)
    min_value: int = Field(ge=0)
    level: AlertLevel
    message: str = Field(min_length=10)
    action: str = Field(min_length=10)
    sources: SourceIds


class Loinc(Frozen):
    panel: LoincCode | Unknown
    total: LoincCode | Unknown
    sources: SourceIds


class Licence(Frozen):
    """Whether item text may be redistributed, and on what terms."""

    text_included: bool
    note: str = Field(min_length=10)
    sources: SourceIds


class ReliableChange(Frozen):
    """Jacobson-Truax reliable change parameters; ``unknown`` where no source gave them."""

    test_retest_reliability: Annotated[float, Field(gt=0.0, lt=1.0)] | Unknown
    sd: Annotated[float, Field(gt=0.0)] | Unknown
    criterion_z: Annotated[float, Field(gt=0.0)]
    note: str | None = None
    sources: SourceIds


class Outcomes(Frozen):
    """Longitudinal cut-offs: response, remission, minimal important difference (``unknown`` if unsourced)."""

    response_min_reduction_fraction: Annotated[float, Field(gt=0.0, le=1.0)] | Unknown
    remission_below: Annotated[int, Field(ge=1)] | Unknown
    minimal_important_difference: Annotated[int, Field(ge=1)] | Unknown
    note: str | None = None
    sources: tuple[SourceId, ...] = ()


class Instrument(Frozen):
    """A validated rating scale, as reviewed data."""

    id: EntryId
    name: str
    short_name: str
    administration: Literal["self-report", "clinician-rated"]
    instructions: str | None = Field(default=None, description="Stem shown above the items, if licensed.")
    higher_is_worse: bool = True
    items: Annotated[tuple[Item, ...], Field(min_length=1)]
    supplementary: tuple[SupplementaryQuestion, ...] = ()
    scoring_rule: str = Field(min_length=10)
    missing_items: MissingItemRule
    bands: tuple[Band, ...] = ()
    bands_note: str | None = None
    positive_screen: tuple[PositiveScreen, ...] = ()
    alert_rules: tuple[AlertRule, ...] = ()
    loinc: Loinc
    licence: Licence
    reliable_change: ReliableChange
    outcomes: Outcomes
    notes: str | None = None
    sources: SourceIds

    @property
    def total_min(self) -> int:
        return sum(min(i.values) for i in self.items)

    @property
    def total_max(self) -> int:
        return sum(max(i.values) for i in self.items)

    def band_for(self, total: int) -> Band | None:
        for band in self.bands:
            if band.min_score <= total <= band.max_score:
                return band
        return None

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        numbers = [i.number for i in self.items]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"{self.id}: items must be numbered 1..{len(numbers)} in order")
        if self.bands:
            # Bands must tile the whole score range with no gap or overlap.
            expected = self.total_min
            for band in sorted(self.bands, key=lambda b: b.min_score):
                if band.min_score != expected:
                    raise ValueError(
                        f"{self.id}: band {band.code} starts at {band.min_score}, expected {expected}"
                    )
                expected = band.max_score + 1
            if expected - 1 != self.total_max:
                raise ValueError(f"{self.id}: bands end at {expected - 1}, total max is {self.total_max}")
        for cut in self.positive_screen:
            if not self.total_min <= cut.min_score <= self.total_max:
                raise ValueError(f"{self.id}: positive-screen cut-off {cut.min_score} outside score range")
        sexes = [c.sex for c in self.positive_screen]
        if len(set(sexes)) != len(sexes) or (None in sexes and len(sexes) > 1):
            raise ValueError(f"{self.id}: positive-screen cut-offs: one for anyone, or one per sex")
        for rule in self.alert_rules:
            if rule.item > len(self.items):
                raise ValueError(
                    f"{self.id}: alert rule {rule.code} names item {rule.item}, which does not exist"
                )
            if rule.min_value not in self.items[rule.item - 1].values:
                raise ValueError(
                    f"{self.id}: alert rule {rule.code}: {rule.min_value} is not a response value"
                )
        if self.missing_items.max_missing >= len(self.items):
            raise ValueError(f"{self.id}: missing_items.max_missing must be below the number of items")
        return self


def load_instruments() -> tuple[Instrument, ...]:
    """Every ``data/instruments/*.yaml`` file (one instrument per file), validated; ids unique."""
    instruments = tuple(load_one(Instrument, name) for name, _ in yaml_files("instruments"))
    ids = [i.id for i in instruments]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise KnowledgeError(f"duplicate instrument ids: {duplicates}")
    return instruments
