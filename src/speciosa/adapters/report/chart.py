"""Trajectory chart: PHQ-9 and GAD-7 totals over time on their published severity bands."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Literal

import matplotlib

matplotlib.use("Agg")  # no display: render to bytes only

import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from speciosa.assess import find_instrument
from speciosa.knowledge.base import KnowledgeBase
from speciosa.plan.model import CarePlan

CHARTED = ("phq-9", "gad-7")
_RAMP = matplotlib.colormaps["RdYlGn_r"]


def has_chart(plan: CarePlan) -> bool:
    return any(s.instrument in CHARTED and s.valid and s.total is not None for s in plan.scores)


def trajectory_chart(plan: CarePlan, kb: KnowledgeBase, fmt: Literal["svg", "png"] = "svg") -> bytes:
    """One panel per charted instrument with a valid total; bands and labels from the knowledge base."""
    panels = [
        i for i in CHARTED if any(s.instrument == i and s.valid and s.total is not None for s in plan.scores)
    ]
    fig, axes = plt.subplots(len(panels), 1, figsize=(7.0, 2.3 * len(panels)), squeeze=False, sharex=True)
    days = [s.on for s in plan.scores if s.instrument in panels]
    pad = timedelta(days=max(3, (max(days) - min(days)).days // 10))
    for ax, instrument in zip(axes[:, 0], panels, strict=True):
        inst = find_instrument(kb, instrument)
        # Green (least severe band) to red (most severe), whatever the number of bands.
        bands = sorted(inst.bands, key=lambda b: b.min_score)
        for index, band in enumerate(bands):
            colour = _RAMP(index / max(1, len(bands) - 1))
            ax.axhspan(band.min_score - 0.5, band.max_score + 0.5, color=colour, alpha=0.28, lw=0, zorder=0)
            ax.text(
                1.01,
                (band.min_score + band.max_score) / 2,
                band.label,
                transform=ax.get_yaxis_transform(),
                fontsize=7,
                va="center",
            )
        points = sorted(
            (s.on, s.total) for s in plan.scores if s.instrument == instrument and s.total is not None
        )
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color="#1a237e", zorder=3)
        for day, total in points:
            ax.annotate(
                f"{total:g}", (day, total), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=7
            )
        ax.set_ylim(inst.total_min - 0.5, inst.total_max + 0.5)
        ax.set_ylabel(f"{inst.short_name} total")
        ax.set_xlim(min(days) - pad, max(days) + pad)
        locator = mdates.AutoDateLocator(maxticks=6)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(formatter)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_title(f"{inst.short_name} total over time, on its severity bands", fontsize=9)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=150, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
    return buf.getvalue()
