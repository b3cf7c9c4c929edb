"""Is kratom use rising? Compares the two most recent dated reports, amount and frequency separately.

Frequency matters on its own: withdrawal and use-disorder symptoms tracked dose frequency more
closely than amount in a survey of 395 US consumers (Rogers et al., Drug Alcohol Depend 2024,
doi:10.1016/j.drugalcdep.2024.111329; source id src-gl-rogers-2024).
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from speciosa.basis import Frozen
from speciosa.patient import KratomUseEntry, PatientRecord


class KratomTrend(Frozen):
    """The two most recent reports and which measures rose between them."""

    previous_on: date | None = None
    latest_on: date | None = None
    rising_fields: tuple[str, ...] = ()
    previous: dict[str, float] = Field(default_factory=dict)
    latest: dict[str, float] = Field(default_factory=dict)

    @property
    def rising(self) -> bool:
        return bool(self.rising_fields)


_FIELDS = ("grams_per_day", "extract_mg_per_day", "doses_per_day")


def _values(entry: KratomUseEntry) -> dict[str, float]:
    return {f: float(v) for f in _FIELDS if (v := getattr(entry, f)) is not None}


def kratom_trend(record: PatientRecord) -> KratomTrend:
    """Compare the latest dated kratom report with the one before it.

    Any increase in a measure reported on both dates counts: the reports are the patient's own
    estimates, so speciosa shows the numbers and leaves the size of a meaningful change to the clinician.

    Examples
    --------
    >>> from speciosa.patient import PatientRecord, KratomUseEntry
    >>> r = PatientRecord(id="t", age_years=40, sex="male", kratom_history=(
    ...     KratomUseEntry(recorded_on=date(2026, 1, 1), grams_per_day=6, doses_per_day=2),
    ...     KratomUseEntry(recorded_on=date(2026, 2, 1), grams_per_day=9, doses_per_day=2)))
    >>> kratom_trend(r).rising_fields
    ('grams_per_day',)
    """
    history = sorted(record.kratom_history, key=lambda e: e.recorded_on)
    if len(history) < 2:
        return KratomTrend(latest_on=history[-1].recorded_on if history else None)
    before, last = history[-2], history[-1]
    prev, now = _values(before), _values(last)
    rising = tuple(f for f in _FIELDS if f in prev and f in now and now[f] > prev[f])
    return KratomTrend(
        previous_on=before.recorded_on,
        latest_on=last.recorded_on,
        rising_fields=rising,
        previous=prev,
        latest=now,
    )
