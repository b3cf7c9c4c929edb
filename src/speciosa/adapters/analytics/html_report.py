"""HTML page for a signal report: a ranked table and a plot of EB05 against report count (inline SVG)."""

from __future__ import annotations

import io
from html import escape

import matplotlib

matplotlib.use("Agg")  # no display: render to SVG in memory
import matplotlib.pyplot as plt

from speciosa.basis import DISCLAIMER
from speciosa.learn.signals.report import SignalReport


def eb05_plot_svg(report: SignalReport, label_top: int = 10) -> str:
    """Scatter of EB05 (y) against N (x, log scale), top pairs labelled; returns an ``<svg>`` string."""
    fig, ax = plt.subplots(figsize=(8, 5))
    xs = [s.n for s in report.signals]
    ys = [s.eb05 for s in report.signals]
    ax.scatter(xs, ys, s=10, alpha=0.5, rasterized=True)  # keeps the SVG small
    for s in report.signals[:label_top]:
        ax.annotate(f"{s.product[:20]} / {s.event[:20]}", (s.n, s.eb05), fontsize=6)
    ax.axhline(1.0, color="grey", linewidth=0.8, linestyle="--")
    ax.set_xscale("log")
    ax.set_xlabel("reports with the pair (N)")
    ax.set_ylabel("EB05 (5th percentile of the posterior relative reporting ratio)")
    ax.set_title("EB05 vs report count")
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.find("<svg") :]


def _cell(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3g}"


def render_html(
    report: SignalReport, title: str = "speciosa — adverse-event signals", max_rows: int = 500
) -> str:
    """A self-contained HTML page (no external assets)."""
    h = report.hyperparameters
    head = (
        "<tr><th>#</th><th>product</th><th>event</th><th>N</th><th>E</th><th>EBGM</th><th>EB05</th>"
        "<th>EB95</th><th>PRR</th><th>χ²</th><th>ROR (95% CI)</th><th>IC</th><th>IC025</th></tr>"
    )
    rows = []
    for rank, s in enumerate(report.signals[:max_rows], start=1):
        rows.append(
            f"<tr><td>{rank}</td><td>{escape(s.product)}</td><td>{escape(s.event)}</td><td>{s.n}</td>"
            f"<td>{s.expected:.3g}</td><td>{s.ebgm:.3g}</td><td><b>{s.eb05:.3g}</b></td><td>{s.eb95:.3g}</td>"
            f"<td>{_cell(s.prr)}</td><td>{_cell(s.prr_chi2)}</td>"
            f"<td>{_cell(s.ror)} ({_cell(s.ror_low)}–{_cell(s.ror_high)})</td>"
            f"<td>{s.ic:.3g}</td><td>{s.ic025:.3g}</td></tr>"
        )
    warnings = "".join(f"<li>{escape(w)}</li>" for w in report.warnings)
    more = (
        f"<p>Showing {max_rows} of {len(report.signals)} rows.</p>" if len(report.signals) > max_rows else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>body{{font-family:sans-serif;margin:1.5rem}}table{{border-collapse:collapse;font-size:.85rem}}
td,th{{border:1px solid #ccc;padding:.2rem .4rem}}th{{background:#eee}}</style></head><body>
<h1>{escape(title)}</h1>
<p>{report.reports} distinct reports; {report.pairs_total} product–event pairs. Prior (two-gamma mixture):
α1={h.alpha1:.5g}, β1={h.beta1:.5g}, α2={h.alpha2:.5g}, β2={h.beta2:.5g}, P={h.p:.5g}.</p>
<p><b>Reading this page.</b> A disproportionality score says a product and an event are reported together
more often than expected; it is a signal to review, not evidence that the product caused the event.
Spontaneous reports are incomplete and duplicated, and their counts follow publicity.</p>
{"<ul>" + warnings + "</ul>" if warnings else ""}
<h2>EB05 against report count</h2>
{eb05_plot_svg(report)}
<h2>Pairs ranked by EB05</h2>
{more}<table>{head}{"".join(rows)}</table>
<h2>Basis</h2><p>{escape(report.basis.rule)}</p>
<p>Sources: {escape(", ".join(report.basis.sources))}</p>
<p><small>{escape(DISCLAIMER)}</small></p>
</body></html>
"""
