"""Ordered clinical categories. Declaration order is clinical order; compare by ``rank``."""

from __future__ import annotations

from enum import StrEnum


class _Ranked(StrEnum):
    @property
    def rank(self) -> int:
        return list(type(self)).index(self)


class Severity(_Ranked):
    """Interaction/finding severity, least to most severe."""

    NONE_KNOWN = "none-known"
    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"
    CONTRAINDICATED = "contraindicated"


class Certainty(_Ranked):
    """GRADE certainty of evidence, lowest to highest."""

    VERY_LOW = "very low"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class AlertLevel(_Ranked):
    """How urgently a clinician must act on an alert, least to most urgent."""

    INFO = "info"
    WARNING = "warning"
    URGENT = "urgent"
