"""One fitted (meta-)regression model: τ², coefficients, standard errors, tests and intervals.

Hartung-Knapp(-Sidik-Jonkman), metafor ``test="knha"``: Var(β̂) is multiplied by
s² = Σwᵢ(yᵢ − xᵢβ̂)²/(k − p) (not truncated at 1, as metafor) and tests and intervals use the
t distribution on k − p degrees of freedom.

References
----------
Hartung J, Knapp G. A refined method for the meta-analysis of controlled clinical trials with
binary outcome. Stat Med 2001;20(24):3875-3889. doi:10.1002/sim.1009
Viechtbauer W. J Stat Softw 2010;36(3):1-48. doi:10.18637/jss.v036.i03
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm, t

from speciosa.learn._tau2 import Method, estimate_tau2
from speciosa.learn._wls import Matrix, Vector, wls


@dataclass(frozen=True, slots=True)
class RmaFit:
    method: Method
    knha: bool
    k: int
    tau2: float
    beta: Vector
    se: Vector
    stat: Vector  # z or t
    pval: Vector
    ci_low: Vector
    ci_high: Vector
    df: int  # k − p; the t degrees of freedom when knha
    crit: float  # the 97.5% quantile used (normal or t)


def fit_rma(yi: Vector, vi: Vector, x: Matrix, method: Method, knha: bool, level: float = 0.95) -> RmaFit:
    k, p = x.shape
    tau2 = estimate_tau2(yi, vi, x, method)
    fit = wls(yi, vi, x, tau2)
    vcov = fit.vcov
    df = k - p
    if knha:
        vcov = vcov * (fit.rss / df)
    se = np.sqrt(np.diag(vcov))
    stat = fit.beta / se
    alpha = 1 - level
    if knha:
        crit = float(t.ppf(1 - alpha / 2, df))
        pval = 2 * t.sf(np.abs(stat), df)
    else:
        crit = float(norm.ppf(1 - alpha / 2))
        pval = 2 * norm.sf(np.abs(stat))
    return RmaFit(
        method,
        knha,
        k,
        tau2,
        fit.beta,
        se,
        stat,
        np.asarray(pval, dtype=np.float64),
        fit.beta - crit * se,
        fit.beta + crit * se,
        df,
        crit,
    )
