"""Frequentist and Bayesian disproportionality measures on product–event count tables.

Every measure is computed from four distinct-report counts per pair, as openEBGM does
(Canida & Ihrie 2017): ``n`` reports mention both the product and the event, ``n1`` mention
the product, ``n2`` mention the event, and ``total`` is the number of distinct reports. The
2×2 table is then ``a = n``, ``b = n1 - n``, ``c = n2 - n``, ``d = total - n1 - n2 + n``.

Pure NumPy/SciPy: arrays in, a frozen dataclass of arrays out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special, stats

from speciosa.errors import InputError

FloatArray = npt.NDArray[np.float64]

#: Two-sided 95% normal quantile, for the ROR interval (van Puijenbroek 2002).
_Z975 = float(stats.norm.ppf(0.975))


@dataclass(frozen=True, slots=True)
class Disproportionality:
    """PRR, ROR and IC for each pair; arrays aligned with the input counts.

    ``prr`` and ``ror`` are ``inf`` where their denominator is zero and ``nan`` where they
    are 0/0; ``ror_low``/``ror_high`` are ``nan`` where a cell of the 2×2 table is zero.
    """

    expected: FloatArray
    prr: FloatArray
    prr_chi2: FloatArray
    ror: FloatArray
    ror_low: FloatArray
    ror_high: FloatArray
    ic: FloatArray
    ic025: FloatArray


def _as_counts(name: str, values: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise InputError(name, arr.shape, "a one-dimensional array of counts")
    if arr.size and (not np.all(np.isfinite(arr)) or arr.min() < 0):
        raise InputError(name, "negative or non-finite value", "finite counts ≥ 0")
    return arr


def two_by_two(
    n: npt.ArrayLike, n1: npt.ArrayLike, n2: npt.ArrayLike, total: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Cells ``a, b, c, d`` of each pair's 2×2 table from distinct-report counts.

    Raises
    ------
    InputError
        If the counts are inconsistent (``n > n1``, ``n > n2`` or ``n1 + n2 - n > total``).

    Examples
    --------
    >>> [float(x[0]) for x in two_by_two([3], [10], [20], [1000])]
    [3.0, 7.0, 17.0, 973.0]
    """
    a = _as_counts("n", n)
    r1 = _as_counts("n1", n1)
    c1 = _as_counts("n2", n2)
    t = np.broadcast_to(_as_counts("total", np.atleast_1d(total)), a.shape).astype(np.float64)
    if not (a.shape == r1.shape == c1.shape):
        raise InputError("n1/n2", (a.shape, r1.shape, c1.shape), "arrays the same length as n")
    b, c = r1 - a, c1 - a
    d = t - r1 - c1 + a
    if a.size and (b.min() < 0 or c.min() < 0 or d.min() < 0):
        raise InputError("n", "n > n1, n > n2 or n1 + n2 - n > total", "0 ≤ n ≤ min(n1, n2) ≤ total")
    return a, b, c, d


def disproportionality(
    n: npt.ArrayLike, n1: npt.ArrayLike, n2: npt.ArrayLike, total: npt.ArrayLike
) -> Disproportionality:
    """PRR with chi-square, ROR with 95% CI, and the shrunk IC with IC025, per pair.

    Parameters
    ----------
    n, n1, n2 : array_like
        Distinct reports with the pair, with the product, and with the event.
    total : array_like or int
        Distinct reports in the database (broadcast to every pair).

    Returns
    -------
    Disproportionality
        ``expected = n1 * n2 / total``;
        ``prr = (a / (a + b)) / (c / (c + d))`` (Evans 2001; the same margins as openEBGM);
        ``prr_chi2``: Pearson chi-square of the 2×2 table with Yates' continuity correction,
        1 degree of freedom (the statistic paired with the PRR by Evans 2001);
        ``ror = a d / (b c)`` with ``exp(ln ror ± 1.96 sqrt(1/a + 1/b + 1/c + 1/d))``
        (van Puijenbroek 2002);
        ``ic = log2((n + 0.5) / (expected + 0.5))`` and ``ic025``, the 2.5% quantile of
        ``log2(λ / (expected + 0.5))`` with ``λ ~ Gamma(n + 0.5, rate = expected + 0.5)``
        (Norén et al. 2013, the shrinkage form of Bate 1998's information component).

    References
    ----------
    Evans SJW, Waller PC, Davis S. Use of proportional reporting ratios (PRRs) for signal
    generation from spontaneous adverse drug reaction reports. Pharmacoepidemiol Drug Saf
    2001;10:483-486. doi:10.1002/pds.677.
    van Puijenbroek EP, et al. A comparison of measures of disproportionality for signal
    detection in spontaneous reporting systems for adverse drug reactions.
    Pharmacoepidemiol Drug Saf 2002;11:3-10. doi:10.1002/pds.668.
    Bate A, et al. A Bayesian neural network method for adverse drug reaction signal
    generation. Eur J Clin Pharmacol 1998;54:315-321. doi:10.1007/s002280050466.
    Norén GN, Hopstadius J, Bate A. Shrinkage observed-to-expected ratios for robust and
    transparent large-scale pattern discovery. Stat Methods Med Res 2013;22:57-69.
    doi:10.1177/0962280211403604.

    Examples
    --------
    >>> d = disproportionality([12], [60], [100], [1000])
    >>> round(float(d.prr[0]), 4), round(float(d.ror[0]), 4)
    (2.1364, 2.4205)
    """
    a, b, c, d = two_by_two(n, n1, n2, total)
    t = a + b + c + d
    row1, row2, col1, col2 = a + b, c + d, a + c, b + d
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(t > 0, row1 * col1 / t, np.nan)
        prr = (a / row1) / (c / row2)
        # Yates-corrected Pearson chi-square; the correction never exceeds |ad - bc|.
        diff = np.maximum(np.abs(a * d - b * c) - t / 2.0, 0.0)
        prr_chi2 = t * diff**2 / (row1 * row2 * col1 * col2)
        ror = (a * d) / (b * c)
        se = np.sqrt(1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d)
        finite = (a > 0) & (b > 0) & (c > 0) & (d > 0)
        ror_low = np.where(finite, np.exp(np.log(ror) - _Z975 * se), np.nan)
        ror_high = np.where(finite, np.exp(np.log(ror) + _Z975 * se), np.nan)
    ic, ic025 = information_component(a, expected)
    return Disproportionality(
        expected=expected,
        prr=prr,
        prr_chi2=prr_chi2,
        ror=ror,
        ror_low=ror_low,
        ror_high=ror_high,
        ic=ic,
        ic025=ic025,
    )


def information_component(
    observed: npt.ArrayLike, expected: npt.ArrayLike, lower: float = 0.025
) -> tuple[FloatArray, FloatArray]:
    """Shrunk information component and the lower end of its credibility interval.

    ``IC = log2((O + 0.5) / (E + 0.5))``; the lower limit is
    ``log2(gamma_quantile(lower; shape=O + 0.5, rate=E + 0.5))``.

    References
    ----------
    Norén GN, Hopstadius J, Bate A. Stat Methods Med Res 2013;22:57-69.
    doi:10.1177/0962280211403604. The same computation as ``vigicaen::ic_tail``, whose
    documented example ``ic_tail(n_obs = 12, n_exp = 5)`` gives 0.2542334.

    Examples
    --------
    >>> ic, lo = information_component([12.0], [5.0])
    >>> round(float(lo[0]), 7)
    0.2542334
    """
    o = np.asarray(observed, dtype=np.float64) + 0.5
    e = np.asarray(expected, dtype=np.float64) + 0.5
    ic = np.log2(o / e)
    ic_low = np.log2(special.gammaincinv(o, lower) / e)
    return ic, ic_low
