"""Weighted least squares for (meta-)regression with known sampling variances plus τ².

The one linear-algebra kernel the estimators, tests and diagnostics share: given ``yi``,
``vi``, a design matrix ``X`` and a value of τ², return β̂, its covariance and the weighted
residual sum of squares, as metafor's ``rma.uni`` computes them.

References
----------
Viechtbauer W. Conducting meta-analyses in R with the metafor package. J Stat Softw
2010;36(3):1-48. doi:10.18637/jss.v036.i03
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float64]
Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class WlsFit:
    """β̂, Var(β̂) = (XᵀWX)⁻¹, the residual sum of squares Σwᵢ(yᵢ − xᵢβ̂)², and what REML needs of
    P = W − WX(XᵀWX)⁻¹XᵀW: Py, tr(P) and tr(PP), computed in O(k·p²) without forming the k×k P."""

    beta: Vector
    vcov: Matrix
    rss: float
    py: Vector
    trace_p: float
    trace_pp: float


def wls(yi: Vector, vi: Vector, x: Matrix, tau2: float) -> WlsFit:
    """Fit with weights 1/(vᵢ + τ²)."""
    w = 1.0 / (vi + tau2)
    xtw = x.T * w
    vcov: Matrix = np.linalg.inv(xtw @ x).astype(np.float64)
    beta = vcov @ (xtw @ yi)
    resid = yi - x @ beta
    # With A = XᵀWX and B = XᵀW²X: tr(P) = Σw − tr(A⁻¹B);
    # tr(PP) = Σw² − 2·tr(A⁻¹XᵀW³X) + tr(A⁻¹B·A⁻¹B).
    a_inv_b = vcov @ ((x.T * w**2) @ x)
    trace_p = float(np.sum(w) - np.trace(a_inv_b))
    trace_pp = float(np.sum(w**2) - 2 * np.trace(vcov @ ((x.T * w**3) @ x)) + np.trace(a_inv_b @ a_inv_b))
    py: Vector = w * resid
    return WlsFit(beta, vcov, float(np.sum(w * resid**2)), py, trace_p, trace_pp)


def generalised_q(yi: Vector, vi: Vector, x: Matrix, tau2: float) -> float:
    """The generalised Q statistic Σ(yᵢ − xᵢβ̂)²/(vᵢ + τ²), β̂ re-estimated at τ²."""
    return wls(yi, vi, x, tau2).rss


def intercept_only(k: int) -> Matrix:
    return np.ones((k, 1), dtype=np.float64)
