"""Heterogeneity: Cochran's Q, I², H², and the Q-profile confidence interval for τ².

As metafor 3.8 (``rma.uni`` with ``i2def="1"``, ``confint.rma.uni`` with ``type="QP"``):

* Q = Σ(yᵢ − xᵢβ̂_FE)²/vᵢ on k − p degrees of freedom.
* Random-effects models: with the "typical" within-study variance ṽ = (k − p)/tr(P_FE),
  I² = 100·τ²/(τ² + ṽ) and H² = (τ² + ṽ)/ṽ. For the fixed-effect model I² = 100·max(0, (Q − df)/Q)
  and H² = Q/df (Higgins & Thompson 2002); for DL the two definitions coincide.
* Q-profile: the τ² at which the generalised Q equals the χ²(k − p) 0.975 and 0.025 quantiles
  (each bound 0 when Q(0) is already below its quantile); I² bounds follow from the τ² bounds.

References
----------
Higgins JPT, Thompson SG. Quantifying heterogeneity in a meta-analysis. Stat Med
2002;21(11):1539-1558. doi:10.1002/sim.1186
Viechtbauer W. Confidence intervals for the amount of heterogeneity in meta-analysis. Stat Med
2007;26(1):37-52. doi:10.1002/sim.2514
"""

from __future__ import annotations

from dataclasses import dataclass

from scipy.stats import chi2

from speciosa.learn._tau2 import TAU2_MAX
from speciosa.learn._wls import Matrix, Vector, generalised_q, wls
from speciosa.learn._zeroin import r_uniroot


@dataclass(frozen=True, slots=True)
class Heterogeneity:
    q: float
    df: int
    q_p: float
    i2: float
    h2: float
    typical_vi: float


def heterogeneity(yi: Vector, vi: Vector, x: Matrix, tau2: float, fixed: bool) -> Heterogeneity:
    """Q, its p value, I² and H² for a model with τ² (``fixed`` for the FE model)."""
    k, p = x.shape
    df = k - p
    fe = wls(yi, vi, x, 0.0)
    q = fe.rss
    q_p = float(chi2.sf(q, df)) if df > 0 else float("nan")
    typical = df / fe.trace_p if df > 0 else float("nan")
    if df <= 0:
        return Heterogeneity(q, df, q_p, 0.0, 1.0, typical)
    if fixed:
        i2 = 100 * max(0.0, (q - df) / q) if q > 0 else 0.0
        return Heterogeneity(q, df, q_p, i2, q / df, typical)
    return Heterogeneity(q, df, q_p, 100 * tau2 / (tau2 + typical), (tau2 + typical) / typical, typical)


def tau2_q_profile_ci(
    yi: Vector, vi: Vector, x: Matrix, tau2: float, level: float = 0.95
) -> tuple[float, float, bool]:
    """Q-profile confidence interval for τ² (Viechtbauer 2007); ``tau2`` is the model's estimate.

    As metafor's ``confint``: the search runs over [0, max(100, 10·τ̂²)] with R's ``uniroot``
    defaults; a bound beyond that range is reported as the range's end, flagged by the third
    value (True: the true bound is larger than the one given).
    """
    k, p = x.shape
    df = k - p
    alpha = 1 - level
    upper = max(TAU2_MAX, 10 * tau2)
    q_at_upper = generalised_q(yi, vi, x, upper)
    low, low_censored = _root(yi, vi, x, float(chi2.ppf(1 - alpha / 2, df)), upper, q_at_upper)
    high, high_censored = _root(yi, vi, x, float(chi2.ppf(alpha / 2, df)), upper, q_at_upper)
    return low, high, low_censored or high_censored


def _root(
    yi: Vector, vi: Vector, x: Matrix, target: float, upper: float, q_at_upper: float
) -> tuple[float, bool]:
    if generalised_q(yi, vi, x, 0.0) < target:
        return 0.0, False
    if q_at_upper > target:
        return upper, True
    return r_uniroot(lambda t: generalised_q(yi, vi, x, t) - target, 0.0, upper), False


def i2_from_tau2(tau2: float, typical_vi: float) -> float:
    return 100 * tau2 / (tau2 + typical_vi)
