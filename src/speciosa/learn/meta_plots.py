"""Forest and funnel plots of a meta-analysis, rendered to SVG text in memory (no files).

Layout follows metafor's ``forest.rma`` and ``funnel.rma``: studies with 95% CIs and square
markers sized by weight, the pooled estimate as a diamond and the prediction interval as a line;
the funnel plots effect size against standard error with the pseudo 95% confidence region
estimate ± 1.96·SE around the pooled estimate.

References
----------
Viechtbauer W. J Stat Softw 2010;36(3):1-48, section 3.4. doi:10.18637/jss.v036.i03
Sterne JAC, Egger M. Funnel plots for detecting bias in meta-analysis. J Clin Epidemiol
2001;54(10):1046-1055. doi:10.1016/S0895-4356(01)00377-8
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from speciosa.learn.meta_analysis import MetaAnalysisResult

_Z = 1.959963984540054


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    return buffer.getvalue()


def _scale(result: MetaAnalysisResult, value: float) -> float:
    return float(np.exp(value)) if result.measure.is_ratio else value


def forest_svg(result: MetaAnalysisResult) -> str:
    """A forest plot as an SVG document (exponentiated axis for RR and OR)."""
    k = result.k
    figure = Figure(figsize=(7.5, 1.6 + 0.32 * k))
    axes = figure.add_subplot()
    rows = np.arange(k, 0, -1) + 1.0
    for row, study in zip(rows, result.studies, strict=True):
        low, high = _scale(result, study.ci_low), _scale(result, study.ci_high)
        axes.plot([low, high], [row, row], color="black", linewidth=1)
        axes.plot(
            [_scale(result, study.yi)],
            [row],
            marker="s",
            color="black",
            markersize=3 + 9 * np.sqrt(study.weight_pct / 100),
        )
    estimate = _scale(result, result.estimate)
    low, high = _scale(result, result.ci_low), _scale(result, result.ci_high)
    axes.add_patch(Polygon([(low, 0.5), (estimate, 0.8), (high, 0.5), (estimate, 0.2)], color="black"))
    if result.method.value != "FE":
        axes.plot(
            [_scale(result, result.pred_low), _scale(result, result.pred_high)],
            [0.5, 0.5],
            color="grey",
            linestyle="--",
            linewidth=1,
            label="prediction interval",
        )
        axes.legend(loc="lower right", fontsize=7, frameon=False)
    axes.axvline(1.0 if result.measure.is_ratio else 0.0, color="grey", linewidth=0.8)
    if result.measure.is_ratio:
        axes.set_xscale("log")
    axes.set_yticks([*rows, 0.5], [*(s.study for s in result.studies), f"Pooled ({result.method.value})"])
    axes.set_ylim(0, k + 2)
    label = result.measure.value if result.measure.is_ratio else f"{result.measure.value} (analysis scale)"
    axes.set_xlabel(label)
    axes.set_title(f"Forest plot, k = {k}; I² = {result.I2:.1f}%", fontsize=9)
    return _svg(figure)


def funnel_svg(result: MetaAnalysisResult) -> str:
    """A funnel plot (effect size against standard error, inverted axis) as an SVG document."""
    figure = Figure(figsize=(5.5, 4.5))
    axes = figure.add_subplot()
    se = np.sqrt([s.vi for s in result.studies])
    yi = np.array([s.yi for s in result.studies])
    top = float(se.max()) * 1.05
    grid = np.linspace(0, top, 50)
    axes.fill_betweenx(grid, result.estimate - _Z * grid, result.estimate + _Z * grid, color="0.92")
    axes.axvline(result.estimate, color="black", linewidth=0.8)
    axes.scatter(yi, se, color="black", s=14, zorder=3)
    axes.set_ylim(top, 0)
    axes.set_xlabel(f"{result.measure.value} (analysis scale)")
    axes.set_ylabel("standard error")
    egger = (
        f"; Egger {result.egger.test} = {result.egger.stat:.2f}, p = {result.egger.p_value:.3g}"
        if result.egger is not None
        else ""
    )
    axes.set_title(f"Funnel plot{egger}", fontsize=9)
    return _svg(figure)
