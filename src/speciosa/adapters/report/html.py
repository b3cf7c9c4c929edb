"""Clinician HTML report: alerts, trajectory chart (inline SVG), findings, plan, schedule, sources."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from speciosa import __version__
from speciosa.adapters.report.chart import has_chart, trajectory_chart
from speciosa.knowledge.base import KnowledgeBase
from speciosa.plan.model import CarePlan

_ENV = Environment(
    loader=PackageLoader("speciosa.adapters.report", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(plan: CarePlan, kb: KnowledgeBase) -> str:
    svg = trajectory_chart(plan, kb, "svg").decode("utf-8") if has_chart(plan) else None
    if svg is not None:
        svg = svg[svg.index("<svg") :]  # drop the XML prolog and doctype inside HTML
    return _ENV.get_template("clinician.html").render(plan=plan, chart_svg=svg, version=__version__)
