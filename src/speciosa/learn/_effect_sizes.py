"""Effect sizes and sampling variances, computed exactly as metafor's ``escalc`` does.

Measures: log risk ratio (RR), log odds ratio (OR), risk difference (RD), standardised mean
difference with Hedges' exact small-sample correction (SMD), raw mean difference (MD), logit
proportion (PLO), Freeman-Tukey double-arcsine proportion (PFT), and precomputed ``yi, vi`` (GEN).

statsmodels' ``effectsize_smd`` applies Hedges' *approximate* correction and
``effectsize_2proportions`` uses its own zero-cell rule, so neither reproduces metafor; the
published formulas are implemented here instead (checked against metafor 3.8-1 in the tests).

References
----------
Viechtbauer W. Conducting meta-analyses in R with the metafor package. J Stat Softw
2010;36(3):1-48. doi:10.18637/jss.v036.i03
Hedges LV. Distribution theory for Glass's estimator of effect size and related estimators.
J Educ Stat 1981;6(2):107-128. doi:10.3102/10769986006002107
Freeman MF, Tukey JW. Transformations related to the angular and the square root. Ann Math Stat
1950;21(4):607-611. doi:10.1214/aoms/1177729756
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln

from speciosa.errors import InputError

Vector = npt.NDArray[np.float64]

#: metafor's default continuity correction: add 1/2 to every cell of a table holding a zero.
ZERO_CELL_ADD = 0.5


class Measure(StrEnum):
    """Effect-size measures, named as metafor's ``escalc(measure=...)``."""

    RR = "RR"
    OR = "OR"
    RD = "RD"
    SMD = "SMD"
    MD = "MD"
    PLO = "PLO"
    PFT = "PFT"
    GEN = "GEN"  # precomputed yi, vi

    @property
    def is_ratio(self) -> bool:
        """True for log-scale ratio measures, whose results are also shown exponentiated."""
        return self in (Measure.RR, Measure.OR)


#: Input columns per measure, as metafor's escalc names them.
COLUMNS: dict[Measure, tuple[str, ...]] = {
    Measure.RR: ("ai", "bi", "ci", "di"),
    Measure.OR: ("ai", "bi", "ci", "di"),
    Measure.RD: ("ai", "bi", "ci", "di"),
    Measure.SMD: ("m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"),
    Measure.MD: ("m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"),
    Measure.PLO: ("xi", "ni"),
    Measure.PFT: ("xi", "ni"),
    Measure.GEN: ("yi", "vi"),
}

_COUNTS = frozenset({"ai", "bi", "ci", "di", "xi", "ni", "n1i", "n2i"})


@dataclass(frozen=True, slots=True)
class EffectSizes:
    """Per-study effect sizes ``yi`` and sampling variances ``vi`` for one measure."""

    measure: Measure
    labels: tuple[str, ...]
    yi: Vector
    vi: Vector

    @property
    def k(self) -> int:
        return int(self.yi.size)


def parse_measure(value: str) -> Measure:
    """The :class:`Measure` named ``value``; InputError naming the allowed values otherwise."""
    try:
        return Measure(value.upper())
    except ValueError as exc:
        raise InputError("measure", value, ", ".join(m.value for m in Measure)) from exc


def effect_sizes_from_rows(rows: Sequence[Mapping[str, object]], measure: Measure | str) -> EffectSizes:
    """Validate table rows (CSV or JSON) and compute effect sizes.

    Rows are numbered from 1 (the first data row); errors name the row and column.
    A ``study`` column is optional and labels the studies.

    Examples
    --------
    >>> es = effect_sizes_from_rows([{"study": "a", "ai": 4, "bi": 119, "ci": 11, "di": 128}], "RR")
    >>> round(float(es.yi[0]), 4)
    -0.8893
    """
    chosen = measure if isinstance(measure, Measure) else parse_measure(measure)
    if not rows:
        raise InputError("rows", 0, "at least one data row")
    columns = COLUMNS[chosen]
    # Precomputed yi, vi may carry any measure's label (e.g. log RR from a paper).
    precomputed = all(c in rows[0] for c in COLUMNS[Measure.GEN]) and not all(c in rows[0] for c in columns)
    if precomputed:
        columns = COLUMNS[Measure.GEN]
    values: dict[str, list[float]] = {c: [] for c in columns}
    labels: list[str] = []
    for number, row in enumerate(rows, start=1):
        for column in columns:
            values[column].append(_number(row, number, column))
        label = row.get("study")
        labels.append(str(label).strip() if label not in (None, "") else f"Study {number}")
    arrays = {c: np.asarray(v, dtype=np.float64) for c, v in values.items()}
    _check_ranges(Measure.GEN if precomputed else chosen, arrays)
    yi, vi = escalc(Measure.GEN if precomputed else chosen, arrays)
    for index, effect in enumerate(yi, start=1):
        if not np.isfinite(effect):
            raise InputError(f"row {index}, column yi", float(effect), "values giving a finite effect size")
    for index, variance in enumerate(vi, start=1):
        if not np.isfinite(variance) or variance <= 0:
            raise InputError(f"row {index}, column vi", float(variance), "a sampling variance > 0")
    return EffectSizes(chosen, tuple(labels), yi, vi)


def check_header(header: Sequence[str], measure: Measure) -> None:
    """InputError naming the first escalc column ``header`` lacks (``yi, vi`` are always accepted)."""
    if all(c in header for c in COLUMNS[Measure.GEN]):
        return
    for column in COLUMNS[measure]:
        if column not in header:
            raise InputError(
                f"header, column {column}",
                ",".join(header),
                f"columns {', '.join(COLUMNS[measure])} for {measure.value} (or yi, vi)",
            )


def _number(row: Mapping[str, object], number: int, column: str) -> float:
    if column not in row:
        raise InputError(f"row {number}, column {column}", None, f"a column named {column!r}")
    raw = row[column]
    try:
        value = float(str(raw).strip()) if not isinstance(raw, int | float) else float(raw)
    except ValueError as exc:
        raise InputError(f"row {number}, column {column}", raw, "a number") from exc
    if not np.isfinite(value):
        raise InputError(f"row {number}, column {column}", raw, "a finite number")
    if column in _COUNTS and (value < 0 or value != int(value)):
        raise InputError(f"row {number}, column {column}", raw, "a whole number ≥ 0")
    if column.startswith("sd") and value <= 0:
        raise InputError(f"row {number}, column {column}", raw, "a standard deviation > 0")
    if column == "vi" and value <= 0:
        raise InputError(f"row {number}, column {column}", raw, "a sampling variance > 0")
    return value


def _check_ranges(measure: Measure, a: Mapping[str, Vector]) -> None:
    def bad(column: str, mask: npt.NDArray[np.bool_], allowed: str) -> None:
        if mask.any():
            row = int(np.argmax(mask)) + 1
            raise InputError(f"row {row}, column {column}", float(a[column][row - 1]), allowed)

    if measure in (Measure.RR, Measure.OR, Measure.RD):
        bad("bi", (a["ai"] + a["bi"]) == 0, "ai + bi ≥ 1 (an empty treatment arm)")
        bad("di", (a["ci"] + a["di"]) == 0, "ci + di ≥ 1 (an empty control arm)")
    elif measure in (Measure.SMD, Measure.MD):
        bad("n1i", a["n1i"] < (2 if measure is Measure.SMD else 1), "a group size ≥ 2")
        bad("n2i", a["n2i"] < (2 if measure is Measure.SMD else 1), "a group size ≥ 2")
    elif measure in (Measure.PLO, Measure.PFT):
        bad("ni", a["ni"] < 1, "a sample size ≥ 1")
        bad("xi", a["xi"] > a["ni"], "events xi ≤ ni")


def escalc(measure: Measure, a: Mapping[str, Vector]) -> tuple[Vector, Vector]:
    """``(yi, vi)`` for ``measure`` from escalc-named arrays, with metafor's defaults.

    Zero cells: for RR, OR and RD, 1/2 is added to all four cells of each table that has a zero
    cell (metafor ``add=1/2, to="only0"``); for PLO, to ``xi`` and ``ni - xi``; PFT adds nothing.

    References
    ----------
    Viechtbauer W. J Stat Softw 2010;36(3):1-48 (section 3.1). doi:10.18637/jss.v036.i03
    """
    if measure in (Measure.RR, Measure.OR, Measure.RD):
        return _two_by_two(measure, a["ai"], a["bi"], a["ci"], a["di"])
    if measure in (Measure.SMD, Measure.MD):
        return _means(measure, a)
    if measure in (Measure.PLO, Measure.PFT):
        return _proportion(measure, a["xi"], a["ni"])
    return a["yi"].copy(), a["vi"].copy()


def _two_by_two(measure: Measure, ai: Vector, bi: Vector, ci: Vector, di: Vector) -> tuple[Vector, Vector]:
    has_zero = (ai == 0) | (bi == 0) | (ci == 0) | (di == 0)
    add = np.where(has_zero, ZERO_CELL_ADD, 0.0)
    ai, bi, ci, di = ai + add, bi + add, ci + add, di + add
    n1, n2 = ai + bi, ci + di
    if measure is Measure.RR:
        return np.log((ai / n1) / (ci / n2)), 1 / ai - 1 / n1 + 1 / ci - 1 / n2
    if measure is Measure.OR:
        return np.log((ai * di) / (bi * ci)), 1 / ai + 1 / bi + 1 / ci + 1 / di
    p1, p2 = ai / n1, ci / n2
    return p1 - p2, p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2


def hedges_correction(df: Vector) -> Vector:
    """Hedges' exact bias correction c(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2)), m = n1 + n2 − 2.

    metafor (``.cmicalc``) uses this exact gamma form, computed on the log scale to avoid
    overflow, not the approximation 1 − 3/(4m − 1).

    References
    ----------
    Hedges LV. J Educ Stat 1981;6(2):107-128, eq. 6b. doi:10.3102/10769986006002107
    """
    out: Vector = np.exp(gammaln(df / 2) - np.log(np.sqrt(df / 2)) - gammaln((df - 1) / 2))
    return out


def _means(measure: Measure, a: Mapping[str, Vector]) -> tuple[Vector, Vector]:
    m1, sd1, n1, m2, sd2, n2 = (a[c] for c in COLUMNS[Measure.MD])
    if measure is Measure.MD:
        return m1 - m2, sd1**2 / n1 + sd2**2 / n2
    df = n1 + n2 - 2
    pooled_sd = np.sqrt(((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / df)
    yi = hedges_correction(df) * (m1 - m2) / pooled_sd
    # metafor vtype="LS": Hedges 1982 large-sample variance with the corrected g.
    return yi, 1 / n1 + 1 / n2 + yi**2 / (2 * (n1 + n2))


def _proportion(measure: Measure, xi: Vector, ni: Vector) -> tuple[Vector, Vector]:
    if measure is Measure.PFT:
        yi = 0.5 * (np.arcsin(np.sqrt(xi / (ni + 1))) + np.arcsin(np.sqrt((xi + 1) / (ni + 1))))
        return yi, 1 / (4 * ni + 2)
    mi = ni - xi
    add = np.where((xi == 0) | (mi == 0), ZERO_CELL_ADD, 0.0)
    xi, mi = xi + add, mi + add
    return np.log(xi / mi), 1 / xi + 1 / mi
