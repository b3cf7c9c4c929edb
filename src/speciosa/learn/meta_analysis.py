"""Meta-analysis: pool study effect sizes by fixed or random effects, as R's metafor does.

Effect sizes (``escalc``), τ² estimators (FE, DL, REML, PM), the Hartung-Knapp adjustment,
heterogeneity (Q, I², H², Q-profile CI for τ²), prediction interval, Egger's regression test and
leave-one-out. Agreement with metafor 3.8-1 to 1e-4 is tested on the BCG vaccine trials
(Colditz et al. JAMA 1994), Normand 1999 and Pritz 1997 (Zhou et al. 1999) data sets
(tests/learn/reference_metafor.py).

References
----------
Viechtbauer W. Conducting meta-analyses in R with the metafor package. J Stat Softw
2010;36(3):1-48. doi:10.18637/jss.v036.i03
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from pydantic import Field

from speciosa.basis import Basis, Frozen, Result
from speciosa.errors import InputError
from speciosa.learn._effect_sizes import (
    EffectSizes,
    Measure,
    effect_sizes_from_rows,
    parse_measure,
)
from speciosa.learn._heterogeneity import heterogeneity, i2_from_tau2, tau2_q_profile_ci
from speciosa.learn._rma import RmaFit, fit_rma
from speciosa.learn._tau2 import Method, parse_method
from speciosa.learn._wls import Vector, intercept_only

__all__ = [
    "EffectSizes",
    "EggerTest",
    "Exponentiated",
    "LeaveOneOut",
    "Measure",
    "MetaAnalysisResult",
    "Method",
    "StudyRow",
    "effect_sizes_from_rows",
    "egger_test",
    "leave_one_out",
    "meta_analyse",
    "meta_analyse_rows",
    "parse_measure",
    "parse_method",
]

_METHOD_NAMES = {
    Method.FE: "fixed effect (inverse variance)",
    Method.DL: "random effects, DerSimonian-Laird τ²",
    Method.REML: "random effects, REML τ²",
    Method.PM: "random effects, Paule-Mandel τ²",
}


class Exponentiated(Frozen):
    """Ratio-measure results back-transformed with exp() (e.g. the risk ratio itself)."""

    estimate: float
    ci_low: float
    ci_high: float
    pred_low: float
    pred_high: float


class EggerTest(Frozen):
    """Egger's regression test: the model refitted with the standard error as moderator.

    As metafor ``regtest(model="rma", predictor="sei")``: same τ² method and test as the model.
    """

    stat: float
    p_value: float
    test: str  # "z" or "t"
    df: int | None
    limit_estimate: float  # intercept: the estimate as the standard error goes to 0


class LeaveOneOut(Frozen):
    """The model refitted without one study."""

    omitted: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    tau2: float
    I2: float
    Q: float
    Q_p: float


class StudyRow(Frozen):
    """One study: effect size, sampling variance, its own 95% CI, and its weight in the model."""

    study: str
    yi: float
    vi: float
    ci_low: float
    ci_high: float
    weight_pct: float


class MetaAnalysisResult(Result):
    """A pooled estimate on the analysis scale (e.g. log RR) with heterogeneity and diagnostics."""

    measure: Measure
    method: Method
    test: str = Field(description="'z' (normal) or 'knha' (Hartung-Knapp, t with k-1 df)")
    k: int
    estimate: float
    se: float
    stat: float
    p_value: float
    ci_low: float
    ci_high: float
    tau2: float
    tau2_ci: tuple[float, float] | None
    I2: float
    I2_ci: tuple[float, float] | None
    H2: float
    Q: float
    Q_df: int
    Q_p: float
    pred_low: float
    pred_high: float
    exponentiated: Exponentiated | None
    egger: EggerTest | None
    leave_one_out: tuple[LeaveOneOut, ...]
    studies: tuple[StudyRow, ...]
    warnings: tuple[str, ...] = ()
    basis: Basis

    def summary(self) -> str:
        scale = f" ({self.measure.value}, analysis scale)" if self.measure is not Measure.GEN else ""
        lines = [
            f"{_METHOD_NAMES[self.method]}{', Hartung-Knapp' if self.test == 'knha' else ''}; k = {self.k}",
            f"estimate {self.estimate:.4f}{scale}, 95% CI {self.ci_low:.4f} to {self.ci_high:.4f}, "
            f"p = {self.p_value:.4g}",
        ]
        if self.exponentiated is not None:
            e = self.exponentiated
            lines.append(
                f"exponentiated {self.measure.value} {e.estimate:.4f}, 95% CI {e.ci_low:.4f} to "
                f"{e.ci_high:.4f}; prediction interval {e.pred_low:.4f} to {e.pred_high:.4f}"
            )
        lines.append(
            f"Q = {self.Q:.4f} (df {self.Q_df}, p = {self.Q_p:.4g}); I² = {self.I2:.2f}%; "
            f"τ² = {self.tau2:.4f}"
            + (f" (95% CI {self.tau2_ci[0]:.4f} to {self.tau2_ci[1]:.4f})" if self.tau2_ci else "")
        )
        lines.append(f"prediction interval {self.pred_low:.4f} to {self.pred_high:.4f}")
        if self.egger is not None:
            lines.append(
                f"Egger's test: {self.egger.test} = {self.egger.stat:.4f}, p = {self.egger.p_value:.4g}"
            )
        lines.extend(f"note: {w}" for w in self.warnings)
        return "\n".join(lines)


def meta_analyse_rows(
    rows: Sequence[Mapping[str, object]], measure: Measure | str, method: Method | str, hk: bool = False
) -> MetaAnalysisResult:
    """Compute effect sizes from escalc-named rows, then :func:`meta_analyse`."""
    return meta_analyse(effect_sizes_from_rows(rows, measure), method, hk)


def meta_analyse(es: EffectSizes, method: Method | str, hk: bool = False) -> MetaAnalysisResult:
    """Pool ``es`` by ``method`` (FE, DL, REML, PM), optionally with the Hartung-Knapp adjustment.

    The prediction interval is estimate ± c·√(SE² + τ²), c the normal (or, with ``hk``, the t on
    k − 1 df) 97.5% quantile, as metafor's ``predict``; for FE it equals the CI.

    References
    ----------
    Viechtbauer W. J Stat Softw 2010;36(3):1-48. doi:10.18637/jss.v036.i03
    DerSimonian R, Laird N. Control Clin Trials 1986;7(3):177-188. doi:10.1016/0197-2456(86)90046-2
    Hartung J, Knapp G. Stat Med 2001;20(24):3875-3889. doi:10.1002/sim.1009

    Examples
    --------
    >>> es = effect_sizes_from_rows([{"yi": 0.1, "vi": 0.01}, {"yi": 0.3, "vi": 0.02}], "GEN")
    >>> round(meta_analyse(es, "FE").estimate, 4)
    0.1667
    """
    chosen = method if isinstance(method, Method) else parse_method(method)
    if es.k < 2:
        raise InputError("rows", es.k, "at least 2 studies to pool")
    if hk and chosen is Method.FE:
        raise InputError("hk", True, "the Hartung-Knapp adjustment only with a random-effects method")
    x = intercept_only(es.k)
    fit = fit_rma(es.yi, es.vi, x, chosen, hk)
    het = heterogeneity(es.yi, es.vi, x, fit.tau2, fixed=chosen is Method.FE)
    estimate, se = float(fit.beta[0]), float(fit.se[0])
    half = fit.crit * float(np.sqrt(se**2 + fit.tau2))
    pred = (
        (estimate - half, estimate + half)
        if chosen is not Method.FE
        else (float(fit.ci_low[0]), float(fit.ci_high[0]))
    )
    warnings: list[str] = []
    tau2_ci = i2_ci = None
    if chosen is not Method.FE and es.k >= 2:
        low, high, censored = tau2_q_profile_ci(es.yi, es.vi, x, fit.tau2)
        tau2_ci = (low, high)
        if censored:
            warnings.append(
                f"the τ² CI bound {high:.4g} is the end of metafor's search range; the true bound is larger"
            )
        i2_ci = (i2_from_tau2(tau2_ci[0], het.typical_vi), i2_from_tau2(tau2_ci[1], het.typical_vi))
    can_egger = es.k >= 3 and float(np.ptp(es.vi)) > 0
    if es.k < 3:
        warnings.append("fewer than 3 studies: Egger's test not computed")
    elif not can_egger:
        warnings.append("all studies have the same variance: Egger's test is undefined")
    elif es.k < 10:
        warnings.append("fewer than 10 studies: Egger's test has low power")
    if chosen is Method.FE and het.i2 > 50:
        warnings.append("I² above 50% under a fixed-effect model: consider a random-effects method")
    exponentiated = None
    if es.measure.is_ratio:
        exponentiated = Exponentiated(
            estimate=float(np.exp(estimate)),
            ci_low=float(np.exp(fit.ci_low[0])),
            ci_high=float(np.exp(fit.ci_high[0])),
            pred_low=float(np.exp(pred[0])),
            pred_high=float(np.exp(pred[1])),
        )
    weights = 1 / (es.vi + fit.tau2)
    z = 1.959963984540054  # the normal 97.5% quantile, for each study's own CI
    studies = tuple(
        StudyRow(
            study=label,
            yi=float(y),
            vi=float(v),
            ci_low=float(y - z * np.sqrt(v)),
            ci_high=float(y + z * np.sqrt(v)),
            weight_pct=float(100 * w / weights.sum()),
        )
        for label, y, v, w in zip(es.labels, es.yi, es.vi, weights, strict=True)
    )
    return MetaAnalysisResult(
        measure=es.measure,
        method=chosen,
        test="knha" if hk else "z",
        k=es.k,
        estimate=estimate,
        se=se,
        stat=float(fit.stat[0]),
        p_value=float(fit.pval[0]),
        ci_low=float(fit.ci_low[0]),
        ci_high=float(fit.ci_high[0]),
        tau2=fit.tau2,
        tau2_ci=tau2_ci,
        I2=het.i2,
        I2_ci=i2_ci,
        H2=het.h2,
        Q=het.q,
        Q_df=het.df,
        Q_p=het.q_p,
        pred_low=pred[0],
        pred_high=pred[1],
        exponentiated=exponentiated,
        egger=egger_test(es, chosen, hk) if can_egger else None,
        leave_one_out=leave_one_out(es, chosen, hk) if es.k >= 3 else (),
        studies=studies,
        warnings=tuple(warnings),
        basis=Basis(
            rule=f"{_METHOD_NAMES[chosen]} pooling of {es.measure.value} effect sizes as R metafor "
            "escalc()/rma()/predict()/confint()/regtest() (Viechtbauer 2010, doi:10.18637/jss.v036.i03)",
            inputs={"measure": es.measure.value, "method": chosen.value, "hk": hk, "k": es.k},
            numbers={"estimate": estimate, "se": se, "tau2": fit.tau2, "Q": het.q},
        ),
    )


def egger_test(es: EffectSizes, method: Method, hk: bool = False) -> EggerTest:
    """Egger's regression test for funnel-plot asymmetry, as metafor ``regtest`` defaults.

    The model is refitted with ``sqrt(vi)`` as a moderator (same τ² method and test); the test is
    on that moderator's coefficient (z, or t on k − 2 df with Hartung-Knapp).

    References
    ----------
    Egger M, Davey Smith G, Schneider M, Minder C. Bias in meta-analysis detected by a simple,
    graphical test. BMJ 1997;315(7109):629-634. doi:10.1136/bmj.315.7109.629
    """
    if es.k < 3:
        raise InputError("k", es.k, "at least 3 studies for Egger's test")
    if float(np.ptp(es.vi)) == 0:
        raise InputError("vi", "all equal", "studies with different variances for Egger's test")
    x = np.column_stack([np.ones(es.k), np.sqrt(es.vi)])
    fit: RmaFit = fit_rma(es.yi, es.vi, x, method, hk)
    return EggerTest(
        stat=float(fit.stat[1]),
        p_value=float(fit.pval[1]),
        test="t" if hk else "z",
        df=fit.df if hk else None,
        limit_estimate=float(fit.beta[0]),
    )


def leave_one_out(es: EffectSizes, method: Method, hk: bool = False) -> tuple[LeaveOneOut, ...]:
    """Refit without each study in turn (metafor ``leave1out``)."""
    out: list[LeaveOneOut] = []
    for drop in range(es.k):
        keep = np.arange(es.k) != drop
        yi: Vector = es.yi[keep]
        vi: Vector = es.vi[keep]
        x = intercept_only(es.k - 1)
        fit = fit_rma(yi, vi, x, method, hk)
        het = heterogeneity(yi, vi, x, fit.tau2, fixed=method is Method.FE)
        out.append(
            LeaveOneOut(
                omitted=es.labels[drop],
                estimate=float(fit.beta[0]),
                se=float(fit.se[0]),
                ci_low=float(fit.ci_low[0]),
                ci_high=float(fit.ci_high[0]),
                tau2=fit.tau2,
                I2=het.i2,
                Q=het.q,
                Q_p=het.q_p,
            )
        )
    return tuple(out)
