"""The product–event count table every signal measure starts from (what the engines produce)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from speciosa.errors import InputError


@dataclass(frozen=True, slots=True)
class PairCounts:
    """Distinct-report counts for every product–event pair seen at least once.

    ``n``: reports naming both; ``n1``: reports naming the product; ``n2``: reports naming the
    event; ``reports``: distinct reports in the database (T); ``expected = n1 * n2 / T``
    (openEBGM processRaw, unstratified). Arrays are aligned and sorted by product, then event.
    """

    product: npt.NDArray[np.str_]
    event: npt.NDArray[np.str_]
    n: npt.NDArray[np.int64]
    n1: npt.NDArray[np.int64]
    n2: npt.NDArray[np.int64]
    expected: npt.NDArray[np.float64]
    reports: int

    def __post_init__(self) -> None:
        size = self.n.shape
        for name in ("product", "event", "n1", "n2", "expected"):
            if getattr(self, name).shape != size:
                raise InputError(f"counts.{name}", getattr(self, name).shape, f"an array of shape {size}")
        if self.reports < 0:
            raise InputError("counts.reports", self.reports, "an integer ≥ 0")

    def __len__(self) -> int:
        return int(self.n.size)


def expected_counts(n1: npt.ArrayLike, n2: npt.ArrayLike, reports: int) -> npt.NDArray[np.float64]:
    """E = n1 * n2 / T, with the same floating-point operation order in every engine.

    Examples
    --------
    >>> expected_counts([10], [20], 1000).tolist()
    [0.2]
    """
    if reports <= 0:
        raise InputError("reports", reports, "an integer > 0")
    out: npt.NDArray[np.float64] = (
        np.asarray(n1, dtype=np.float64) * np.asarray(n2, dtype=np.float64) / float(reports)
    )
    return out
