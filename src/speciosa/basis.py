"""What every result and finding carries so a clinician can check it independently."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from speciosa.grading import AlertLevel

DISCLAIMER = (
    "speciosa supports, and does not replace, clinical judgement. Check every finding against "
    "its basis and sources before acting."
)


class Frozen(BaseModel):
    """Immutable, strict pydantic model: the base of all domain values."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Result(Frozen):
    """A boundary result: serialisable and able to explain itself in plain text."""

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def summary(self) -> str:
        raise NotImplementedError


class Basis(Frozen):
    """The rule applied, its inputs and numbers, and the sources it rests on."""

    rule: str = Field(description="The rule or equation applied, in words a clinician can check.")
    inputs: dict[str, Any] = Field(default_factory=dict, description="Inputs used, with units in names.")
    numbers: dict[str, Any] = Field(
        default_factory=dict, description="Intermediate and final numbers, with units in names."
    )
    sources: tuple[str, ...] = Field(default=(), description="Source ids from the knowledge base.")
    knowledge_version: str | None = None


class Alert(Frozen):
    """Something a clinician must see: level, stable code, message and suggested action."""

    level: AlertLevel
    code: str
    message: str
    action: str | None = None
    basis: Basis | None = None
