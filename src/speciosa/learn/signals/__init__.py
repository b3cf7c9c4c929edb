"""Pharmacovigilance signals on product–event count tables: PRR, ROR, IC and DuMouchel's GPS/EBGM.

Pure NumPy/SciPy; the count tables come from ``speciosa.adapters.analytics`` (DuckDB or Spark).
"""

from speciosa.learn.signals.counts import PairCounts, expected_counts
from speciosa.learn.signals.disproportionality import (
    Disproportionality,
    disproportionality,
    information_component,
)
from speciosa.learn.signals.ebgm import (
    GammaMixturePrior,
    Posterior,
    PriorFit,
    auto_squash,
    fit_prior,
    posterior,
    squash,
)
from speciosa.learn.signals.report import SignalReport, SignalRow, score_signals

__all__ = [
    "Disproportionality",
    "GammaMixturePrior",
    "PairCounts",
    "Posterior",
    "PriorFit",
    "SignalReport",
    "SignalRow",
    "auto_squash",
    "disproportionality",
    "expected_counts",
    "fit_prior",
    "information_component",
    "posterior",
    "score_signals",
    "squash",
]
