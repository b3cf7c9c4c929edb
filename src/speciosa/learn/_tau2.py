"""Estimators of the between-study variance τ²: DerSimonian-Laird, REML, Paule-Mandel.

Each follows metafor 3.8 ``rma.uni`` (intercept-only or with moderators):

* DL: τ² = max(0, (Q − (k − p)) / tr(P)), P from the fixed-effect weights 1/vᵢ.
* REML: Fisher scoring from the Hedges (HE) estimate, step τ² += (yᵀPPy − tr P)/tr(PP),
  halving any step that would go below 0, until |Δτ²| < 1e-5 (metafor's ``threshold``),
  at most 100 iterations.
* PM: the τ² at which the generalised Q equals its expectation k − p (0 when Q(0) < k − p);
  solved with R's ``uniroot`` iteration and tolerance (see ``_zeroin``), as metafor.

References
----------
DerSimonian R, Laird N. Meta-analysis in clinical trials. Control Clin Trials 1986;7(3):177-188.
doi:10.1016/0197-2456(86)90046-2
Paule RC, Mandel J. Consensus values and weighting factors. J Res Natl Bur Stand 1982;87(5):377-385.
doi:10.6028/jres.087.022
Viechtbauer W. Bias and efficiency of meta-analytic variance estimators in the random-effects
model. J Educ Behav Stat 2005;30(3):261-293. doi:10.3102/10769986030003261
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
from scipy.optimize import minimize_scalar

from speciosa.errors import InputError, SpeciosaError
from speciosa.learn._wls import Matrix, Vector, generalised_q, wls
from speciosa.learn._zeroin import r_uniroot

#: metafor rma.uni control defaults (help(rma.uni), "control" section).
REML_THRESHOLD = 1e-5
REML_MAX_ITER = 100
TAU2_MAX = 100.0


class Method(StrEnum):
    """Pooling methods, named as metafor's ``rma(method=...)``."""

    FE = "FE"
    DL = "DL"
    REML = "REML"
    PM = "PM"


def parse_method(value: str) -> Method:
    try:
        return Method(value.upper())
    except ValueError as exc:
        raise InputError("method", value, ", ".join(m.value for m in Method)) from exc


class ConvergenceError(SpeciosaError):
    """An iterative τ² estimator did not converge."""


def estimate_tau2(yi: Vector, vi: Vector, x: Matrix, method: Method) -> float:
    """τ² by ``method`` (0 for FE)."""
    k, p = (int(n) for n in x.shape)
    if method is Method.FE or k <= p:
        return 0.0
    if method is Method.DL:
        fit = wls(yi, vi, x, 0.0)
        return max(0.0, (fit.rss - (k - p)) / fit.trace_p)
    if method is Method.PM:
        return _paule_mandel(yi, vi, x, k - p)
    return _reml(yi, vi, x)


def _hedges(yi: Vector, vi: Vector, x: Matrix) -> float:
    k, p = (int(n) for n in x.shape)
    # P = I − X(XᵀX)⁻¹Xᵀ: RSS = yᵀPy and tr(PV) = Σv − tr((XᵀX)⁻¹XᵀVX), without the k×k P.
    xtx_inv = np.linalg.inv(x.T @ x)
    resid = yi - x @ (xtx_inv @ (x.T @ yi))
    trace_pv = float(np.sum(vi) - np.trace(xtx_inv @ ((x.T * vi) @ x)))
    return (float(resid @ resid) - trace_pv) / (k - p)


def _reml(yi: Vector, vi: Vector, x: Matrix) -> float:
    tau2 = max(0.0, _hedges(yi, vi, x))
    for _ in range(REML_MAX_ITER + 1):
        fit = wls(yi, vi, x, tau2)
        # metafor: adj = (y'PPy - tr P) / tr(PP); y'PPy = |Py|² since P is symmetric.
        step = (float(fit.py @ fit.py) - fit.trace_p) / fit.trace_pp
        while tau2 + step < 0:
            step /= 2
        new = tau2 + step
        if abs(new - tau2) <= REML_THRESHOLD:
            return max(0.0, new)
        tau2 = new
    # Fisher scoring can oscillate when the maximum lies near τ² = 0 (metafor then stops with
    # "did not converge"). The estimand is the same, so maximise the restricted likelihood directly.
    return _reml_by_likelihood(yi, vi, x)


def restricted_loglik(yi: Vector, vi: Vector, x: Matrix, tau2: float) -> float:
    """REML log-likelihood up to a constant (Viechtbauer 2005, eq. 8; Harville 1977)."""
    weights = 1.0 / (vi + tau2)
    xtwx = (x.T * weights) @ x
    beta = np.linalg.solve(xtwx, (x.T * weights) @ yi)
    resid = yi - x @ beta
    _, logdet = np.linalg.slogdet(xtwx)
    return -0.5 * float(np.sum(np.log(vi + tau2)) + logdet + resid @ (weights * resid))


def _reml_by_likelihood(yi: Vector, vi: Vector, x: Matrix) -> float:
    best = minimize_scalar(
        lambda t: -restricted_loglik(yi, vi, x, t),
        bounds=(0.0, TAU2_MAX),
        method="bounded",
        options={"xatol": REML_THRESHOLD / 10},
    )
    if not best.success:
        raise ConvergenceError(
            "REML did not converge (Fisher scoring and bounded search); try method DL or PM"
        )
    # The bounded search never evaluates the boundary itself; τ² = 0 wins when it is at least as likely.
    at_zero = restricted_loglik(yi, vi, x, 0.0)
    return 0.0 if at_zero >= -float(best.fun) else float(best.x)


def _paule_mandel(yi: Vector, vi: Vector, x: Matrix, target: int) -> float:
    if generalised_q(yi, vi, x, 0.0) < target:
        return 0.0
    # metafor searches [0, 100] (it stops with an error beyond); we widen the bracket instead.
    upper = TAU2_MAX
    while generalised_q(yi, vi, x, upper) > target:
        upper *= 10
        if upper > 1e12:
            raise ConvergenceError("Paule-Mandel: no τ² up to 1e12 brings Q down to k - p")
    return r_uniroot(lambda t: generalised_q(yi, vi, x, t) - target, 0.0, upper, maxiter=REML_MAX_ITER)
