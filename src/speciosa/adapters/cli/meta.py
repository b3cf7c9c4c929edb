"""CLI command: ``speciosa meta FILE.csv`` pools studies with speciosa.learn.meta_analysis."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer
from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from speciosa.adapters.cli.output import emit, fail
from speciosa.basis import DISCLAIMER
from speciosa.errors import InputError, SpeciosaError
from speciosa.learn._effect_sizes import check_header
from speciosa.learn.meta_analysis import MetaAnalysisResult, meta_analyse_rows, parse_measure, parse_method
from speciosa.learn.meta_plots import forest_svg, funnel_svg

_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Meta-analysis: {{ r.measure }} {{ r.method }}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}
td,th{padding:.2rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}</style></head><body>
<h1>Meta-analysis ({{ r.measure }}, {{ r.method }}{% if r.test == "knha" %}, Hartung-Knapp{% endif %})</h1>
<p>{{ disclaimer }}</p>
<pre>{{ r.summary() }}</pre>
<h2>Studies</h2>
<table><tr><th>Study</th><th>yi</th><th>vi</th><th>95% CI</th><th>weight %</th></tr>
{% for s in r.studies %}<tr><td>{{ s.study }}</td>
<td>{{ "%.4f"|format(s.yi) }}</td><td>{{ "%.4f"|format(s.vi) }}</td>
<td>{{ "%.4f"|format(s.ci_low) }} to {{ "%.4f"|format(s.ci_high) }}</td>
<td>{{ "%.1f"|format(s.weight_pct) }}</td></tr>
{% endfor %}</table>
<h2>Forest plot</h2>{{ forest }}
<h2>Funnel plot</h2>{{ funnel }}
<p>Basis: {{ r.basis.rule }}</p>
</body></html>
"""


def read_rows(path: Path, measure: str) -> list[dict[str, str]]:
    """The CSV's data rows as dicts; InputError naming the file's missing column."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            check_header(header, parse_measure(measure))
            return [{k.strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in reader]
    except OSError as exc:
        raise InputError("file", str(path), "a readable CSV file") from exc
    except UnicodeDecodeError as exc:
        raise InputError("file", str(path), "a UTF-8 CSV file") from exc


def render_html(result: MetaAnalysisResult) -> str:
    template = Environment(autoescape=select_autoescape(default=True)).from_string(_HTML)
    # The SVGs come from matplotlib, not from the user's file: safe to embed as markup.
    return template.render(
        r=result,
        disclaimer=DISCLAIMER,
        forest=Markup(_strip_xml_header(forest_svg(result))),  # noqa: S704
        funnel=Markup(_strip_xml_header(funnel_svg(result))),  # noqa: S704
    )


def _strip_xml_header(svg: str) -> str:
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("meta")
    def meta(
        file: Annotated[Path, typer.Argument(help="CSV with metafor escalc column names and a header row.")],
        measure: Annotated[str, typer.Option("--measure", help="RR, OR, RD, SMD, MD, PLO, PFT (or GEN).")],
        method: Annotated[str, typer.Option("--method", help="FE, DL, REML or PM.")] = "REML",
        hk: Annotated[bool, typer.Option("--hk", help="Hartung-Knapp adjustment (t, k-1 df).")] = False,
        json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
        html: Annotated[Path | None, typer.Option("--html", help="Write an HTML report with plots.")] = None,
    ) -> None:
        """Pool studies by fixed or random effects, as R's metafor (validated to 1e-4)."""
        if json_out and html is not None:
            fail(InputError("--html", str(html), "either --json or --html, not both"), json_out)
        try:
            result = meta_analyse_rows(read_rows(file, measure), measure, parse_method(method), hk)
        except SpeciosaError as exc:
            fail(exc, json_out)
        if html is not None:
            try:
                html.write_text(render_html(result), encoding="utf-8")
            except OSError as exc:
                fail(InputError("--html", str(html), "a writable file path"), json_out)
                raise typer.Exit(code=2) from exc
        emit(result, json_out)
