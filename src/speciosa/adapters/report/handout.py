"""Patient handout renderers: HTML, plain text or PDF, chosen by the output file's extension."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from speciosa.adapters.report.pdf import render_handout_pdf
from speciosa.plan.handout import Handout

_ENV = Environment(
    loader=PackageLoader("speciosa.adapters.report", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_handout_html(handout: Handout) -> str:
    return _ENV.get_template("handout.html").render(h=handout)


def handout_bytes(handout: Handout, out: Path) -> bytes:
    """The handout in the format ``out``'s extension names (.pdf, .html/.htm, anything else: text)."""
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return render_handout_pdf(handout)
    if suffix in (".html", ".htm"):
        return render_handout_html(handout).encode("utf-8")
    return (handout.text() + "\n").encode("utf-8")
